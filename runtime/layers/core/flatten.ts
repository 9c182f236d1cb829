import * as tf from '@tensorflow/tfjs-core';
import { productOfDims, type Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/**
 * Flattens each sample: [batch, d1, d2, ...] -> [batch, d1 · d2 · ...]. On a
 * symbolic shape the size is the product (`[T, 16]` -> `16 * T`), which a
 * following Dense refuses as not concrete.
 */
export class Flatten extends Layer {
  static override readonly spec = {
    className: 'Flatten',
    doc: 'Flattens each sample to a vector: [d1, d2, ...] -> [d1 * d2 * ...].',
    shape: '[d1, d2, ...] -> [d1 * d2 * ...]',
    args: [],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'Flatten',
      config: () => ({ data_format: 'channels_last' }),
      fromKeras: { args: (config, keras) => (config.data_format === 'channels_first' ? keras.unsupported('data_format', 'is channels_first') : {}) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Flatten.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  override outputShape(shape: Shape): Shape {
    return [shape[0], productOfDims(shape.slice(1))];
  }

  call(x: tf.Tensor): tf.Tensor {
    // The size spelled out, not -1: a batch of 0 leaves -1 undetermined.
    return tf.reshape(x, [x.shape[0], x.shape.slice(1).reduce((a, b) => a * b, 1)]);
  }
}

registerLayer(Flatten);
