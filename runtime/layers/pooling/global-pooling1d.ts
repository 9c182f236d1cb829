import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { GlobalPooling, globalPoolingArgs, globalPoolingKeras, type GlobalPoolingOptions, type PoolingMode } from './pooling-base.ts';

/**
 * The max or mean of each channel over all steps: [steps, channels] (channels
 * last, the default) to [channels].
 */
export class GlobalPooling1D extends GlobalPooling {
  static override readonly spec: LayerSpec = {
    className: 'GlobalPooling1D',
    doc: "The max or mean of each channel over all steps; input [steps, channels] by default (dataFormat 'channels_last').",
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: globalPoolingKeras(1),
  };

  constructor(mode: PoolingMode, options: GlobalPoolingOptions = {}) {
    super(mode, options, 1);
  }
}

registerLayer(GlobalPooling1D);
