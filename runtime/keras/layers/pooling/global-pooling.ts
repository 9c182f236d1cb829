/**
 * What Keras 3's GlobalMax / GlobalAveragePooling 1D, 2D and 3D share: their
 * arguments (data_format, keepdims) and the Keraflow global pooling each runs;
 * `keepdims` keeps the pooled axes as size 1, a reshape of that result.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import type { CallContext, Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import { GlobalPooling1D } from '../../../layers/pooling/global-pooling1d.ts';
import { GlobalPooling2D } from '../../../layers/pooling/global-pooling2d.ts';
import { GlobalPooling3D } from '../../../layers/pooling/global-pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { KeraflowError } from '../../../errors.ts';
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
    const made = { dataFormat: dataFormatOf(this.args.dataFormat), ...options };
    const Sibling = [GlobalPooling1D, GlobalPooling2D, GlobalPooling3D][this.rank - 1];
    return new Sibling(this.mode, made);
  }

  override outputShape(shape: Shape): Shape {
    const pooled = super.outputShape(shape);
    if (!this.args.keepdims) return pooled;
    const ones = Array<number>(shape.length - 2).fill(1);
    return dataFormatOf(this.args.dataFormat) === 'channels_last' ? [shape[0], ...ones, pooled[1]] : [shape[0], pooled[1], ...ones];
  }

  override call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const pooled = super.call(x, context);
    if (!this.args.keepdims) return pooled;
    return tf.reshape(pooled, this.outputShape(x.shape) as number[]);
  }

  /** Keraflow's global poolings have no keepdims: exported, such a layer would lose its axes. */
  override kerasCounterpart(): Layer<any> {
    if (this.args.keepdims) {
      throw new KeraflowError(`${this.name} (${this.className}) cannot be exported to Keras yet: keepdims is true`, {
        layer: this.name, argument: 'keepdims', expected: 'false', given: 'true',
      });
    }
    return super.kerasCounterpart();
  }
}
