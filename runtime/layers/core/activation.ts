import type * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';

/** An activation function applied element-wise; the shape is kept. */
export class Activation extends Layer {
  static override readonly spec: LayerSpec = {
    className: 'Activation',
    doc: 'Applies an activation function element-wise (softmax: over the last axis).',
    args: [{ name: 'activation', type: 'activation', positional: true, required: true, doc: 'The activation: an alias (relu, tanh, ...) or a function.' }],
    params: [],
    inputs: 'single',
    keras: {
      className: 'Activation',
      config: (_args, keras) => ({ activation: keras.activation('activation') }),
      fromKeras: { args: (_config, keras) => ({ activation: keras.activation('activation') }) },
    },
  };

  private readonly activation: activations.Activation;

  constructor(activation: string | activations.Activation, options: LayerOptions = {}) {
    super([activation], options as LayerOptions & Record<string, unknown>);
    this.activation = activations.get(this.args.activation as string, { layer: this.name, argument: 'activation' });
  }

  call(x: tf.Tensor): tf.Tensor {
    return this.activation(x);
  }
}

registerLayer(Activation);
