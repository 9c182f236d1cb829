import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { UpSampling, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Nearest-neighbour up-sampling of the steps: [steps, channels] (channels
 * last, the default): each step repeated, each size multiplied by its repeat
 * count.
 */
export class UpSampling1D extends UpSampling {
  static override readonly spec: LayerSpec = {
    className: 'UpSampling1D',
    doc: "Repeats each step of the steps; input [steps, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'repeats', type: 'int', positional: true, default: 2, min: 1, doc: 'How many times each step is repeated.' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  };

  constructor(repeats?: number, options: SpatialReshapingOptions = {}) {
    super(repeats, options, 1);
  }
}

registerLayer(UpSampling1D);
