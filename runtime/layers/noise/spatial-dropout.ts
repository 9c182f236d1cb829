import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import type { KerasMapping } from '../../engine/keras.ts';
import { type CallContext, Layer } from '../../engine/layer.ts';
import { checkSpatialInput, type DataFormat } from '../convolution/spatial.ts';

/**
 * Dropout of whole feature maps (SpatialDropout1D/2D/3D): during training,
 * each channel of each sample is zeroed with probability `dropRate`, at
 * every step or pixel at once, and the kept ones are scaled by
 * 1 / (1 - dropRate); outside training the identity. Neighbouring values of
 * one map are alike, so dropping them one by one would regularize little.
 */
export abstract class SpatialDropout extends Layer {
  /** The spatial axes (1, 2 or 3): the input has them, the batch and the channels. */
  protected abstract readonly spatialRank: number;

  /** Where the channels are (SpatialDropout1D: always last). */
  protected get dataFormat(): DataFormat {
    return (this.args.dataFormat as DataFormat | undefined) ?? 'channels_last';
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.spatialRank, format: this.dataFormat });
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const rate = this.args.dropRate as number;
    if (!context.training || rate === 0) return x;
    const channels = this.dataFormat === 'channels_first' ? 1 : x.rank - 1;
    // One draw per sample and channel, broadcast over the spatial axes.
    const noiseShape = x.shape.map((size, axis) => (axis === 0 || axis === channels ? size : 1));
    const kept = tf.cast(tf.greaterEqual(tf.randomUniform(noiseShape), rate), 'float32');
    return tf.mul(x, tf.div(kept, 1 - rate));
  }
}

/** The Keras mapping of SpatialDropout{rank}D; TensorFlow.js Layers has the 1D one only. */
export function spatialDropoutMapping(className: string, options: { dataFormat: boolean; tfjs: boolean }): KerasMapping {
  return {
    className,
    ...(options.tfjs ? {} : { tfjs: 'never' as const }),
    config: (args) => {
      return {
        rate: args.dropRate,
        seed: null,
        ...(options.dataFormat ? { data_format: args.dataFormat } : {}),
        // Keras's SpatialDropout takes no trainable argument (it has no weights): left out, or Keras 3 refuses the config.
        trainable: undefined,
      };
    },
    fromKeras: { args: (config) => ({ dropRate: config.rate, ...(options.dataFormat ? { dataFormat: config.data_format ?? 'channels_last' } : {}) }) },
  };
}
