import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding, type SpatialReshapingOptions } from './spatial-reshaping.ts';

/**
 * Zeros added before and after the steps: [steps, channels] (channels last,
 * the default); each padded size is the size plus its two paddings.
 */
export class ZeroPadding1D extends ZeroPadding {
  static override readonly spec: LayerSpec = {
    className: 'ZeroPadding1D',
    doc: "Adds zeros before and after the steps; input [steps, channels] by default (dataFormat 'channels_last').",
    args: [
      { name: 'pad', type: 'intOrIntList', length: 2, positional: true, default: 1, min: 0, doc: 'Zeros added at both ends, or [left, right].' },
      dataFormatArg,
    ],
    params: [],
    inputs: 'single',
  };

  constructor(pad?: number | [number, number], options: SpatialReshapingOptions = {}) {
    super(pad, options, 1);
  }
}

registerLayer(ZeroPadding1D);
