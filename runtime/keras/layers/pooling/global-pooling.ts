/**
 * What Keras 3's GlobalMax / GlobalAveragePooling 1D, 2D and 3D share: their
 * arguments (data_format, keepdims) and the Keraflow global pooling each runs.
 */
import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import { GlobalPooling1D } from '../../../layers/pooling/global-pooling1d.ts';
import { GlobalPooling2D } from '../../../layers/pooling/global-pooling2d.ts';
import { GlobalPooling3D } from '../../../layers/pooling/global-pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf } from '../arguments.ts';

export const globalPoolingArgs = [
  dataFormatArg,
  { name: 'keepdims', type: 'bool', default: false, doc: 'true: the pooled axes stay, as size 1; false: [channels].' },
] as const satisfies readonly ArgSpec[];

/** A global pooling over `rank` spatial axes, `mode` max or avg. */
export abstract class GlobalPooling extends KerasLayer {
  declare readonly args: { readonly dataFormat: 'channels_last' | 'channels_first' | null; readonly keepdims: boolean };

  /** Getters, not fields: the sibling is made in the constructor, before fields are set. */
  protected abstract get mode(): PoolingMode;
  protected abstract get rank(): 1 | 2 | 3;

  protected makeSibling(options: LayerOptions): Layer {
    const made = { dataFormat: dataFormatOf(this.args.dataFormat), keepdims: this.args.keepdims, ...options };
    const Sibling = [GlobalPooling1D, GlobalPooling2D, GlobalPooling3D][this.rank - 1];
    return new Sibling(this.mode, made);
  }
}
