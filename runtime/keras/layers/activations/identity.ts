import type * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

/** Keras 3's Identity: its input, unchanged (a placeholder layer). */
export class Identity extends Layer {
  static override readonly spec = {
    className: 'Identity',
    dialect: 'keras',
    doc: 'Passes its input through unchanged.',
    shape: 'the input shape',
    args: [],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: { className: 'Identity', config: () => ({}) },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Identity.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  call(x: tf.Tensor): tf.Tensor {
    return x;
  }
}

registerLayer(Identity);
