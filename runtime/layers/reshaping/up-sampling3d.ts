import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Nearest-neighbour up-sampling of the three spatial axes: [dim1, dim2, dim3,
 * channels] (channels last, the default): each step repeated, each size
 * multiplied by its repeat count.
 */
export class UpSampling3D extends UpSampling {
  static override readonly spec: LayerSpec = {
    className: 'UpSampling3D',
    doc: "Repeats each step of the three spatial axes; input [dim1, dim2, dim3, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'repeats', type: 'intOrIntList', length: 3, positional: true, default: [2, 2, 2], min: 1, doc: 'How many times each step of each spatial axis is repeated, or one number for all.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  };

  constructor(repeats?: number | [number, number, number], options: SpatialReshapingOptions = {}) {
    super(repeats, options, 3);
  }
}

registerLayer(UpSampling3D);
