import type * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/** An activation function applied element-wise; the shape is kept. */
export class Activation extends Layer {
  static override readonly spec = {
    className: 'Activation',
    doc: 'Applies an activation function element-wise (softmax: over the last axis).',
    shape: 'any shape, kept',
    args: [{ name: 'activation', type: 'activation', positional: true, required: true, doc: 'The activation: an alias (relu, tanh, ...) or a function.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'Activation',
      config: (_args, keras) => ({ activation: keras.activation('activation') }),
      fromKeras: { args: (_config, keras) => ({ activation: keras.activation('activation') }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Activation.spec>;

  private readonly activation: activations.Activation;

  constructor(activation: string | activations.Activation, options: LayerOptions = {}) {
    super([activation], options);
    this.activation = activations.get(this.args.activation, { layer: this.name, argument: 'activation' });
  }

  call(x: tf.Tensor): tf.Tensor {
    return this.activation(x);
  }
}

registerLayer(Activation);
