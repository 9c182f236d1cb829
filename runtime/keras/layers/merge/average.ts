import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { ElementWiseMerge, mergeKeras } from './element-wise.ts';

/** Keras 3's Average: element-wise mean of a list of tensors of one shape. */
export class Average extends ElementWiseMerge {
  static override readonly spec = {
    className: 'Average',
    dialect: 'keras',
    doc: 'Element-wise mean of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: mergeKeras('Average'),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Average.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return tf.div(tf.addN(inputs), inputs.length);
  }
}

registerLayer(Average);
