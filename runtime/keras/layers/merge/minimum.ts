import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { ElementWiseMerge, mergeKeras } from './element-wise.ts';

/** Keras 3's Minimum: element-wise minimum of a list of tensors of one shape. */
export class Minimum extends ElementWiseMerge {
  static override readonly spec = {
    className: 'Minimum',
    dialect: 'keras',
    doc: 'Element-wise minimum of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: mergeKeras('Minimum'),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Minimum.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((result, x) => tf.minimum(result, x), inputs[0]);
  }
}

registerLayer(Minimum);
