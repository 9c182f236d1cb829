import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { ElementWiseMerge, mergeKeras } from './element-wise.ts';

/** Keras 3's Maximum: element-wise maximum of a list of tensors of one shape. */
export class Maximum extends ElementWiseMerge {
  static override readonly spec = {
    className: 'Maximum',
    dialect: 'keras',
    doc: 'Element-wise maximum of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: mergeKeras('Maximum'),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Maximum.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((result, x) => tf.maximum(result, x), inputs[0]);
  }
}

registerLayer(Maximum);
