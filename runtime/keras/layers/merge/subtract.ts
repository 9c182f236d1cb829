import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { ElementWiseMerge, mergeKeras } from './element-wise.ts';

/** Keras 3's Subtract: element-wise difference of two tensors of one shape: the first minus the second. */
export class Subtract extends ElementWiseMerge {
  static override readonly spec = {
    className: 'Subtract',
    dialect: 'keras',
    doc: 'Element-wise difference of two tensors of one shape: the first minus the second.',
    shape: '[a, b] of one shape -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: mergeKeras('Subtract'),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Subtract.spec>;
  protected override readonly exactlyTwo = true;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return tf.sub(inputs[0], inputs[1]);
  }
}

registerLayer(Subtract);
