import type { LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { GlobalPooling, globalPoolingArgs, globalPoolingKeras, type GlobalPoolingOptions, type PoolingMode } from './pooling-base.ts';

/**
 * The max or mean of each channel over all rows and cols: [rows, cols,
 * channels] (channels last, the default) to [channels].
 */
export class GlobalPooling2D extends GlobalPooling {
  static override readonly spec: LayerSpec = {
    className: 'GlobalPooling2D',
    doc: "The max or mean of each channel over all rows and cols; input [rows, cols, channels] by default (dataFormat 'channels_last').",
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: globalPoolingKeras(2),
  };

  constructor(mode: PoolingMode, options: GlobalPoolingOptions = {}) {
    super(mode, options, 2);
  }
}

registerLayer(GlobalPooling2D);
