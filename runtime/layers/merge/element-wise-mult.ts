import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { MultiInputLayer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { checkSameShapes } from './same-shapes.ts';

/** The element-wise product of its inputs, which must all have one shape. */
export class ElementWiseMult extends MultiInputLayer {
  static override readonly spec = {
    className: 'ElementWiseMult',
    doc: 'Element-wise product of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: {
      className: 'Multiply',
      config: (_args, keras) => (keras.inputShapes.length < 2 ? keras.unsupported('inputs', 'is a list of one, and Keras Multiply takes at least two') : {}),
      fromKeras: { args: () => ({}) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ElementWiseMult.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  override checkInputShape(shapes: Shape[]): void {
    checkSameShapes(this, shapes);
  }

  call(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.reduce((product, x) => tf.mul(product, x));
  }
}

registerLayer(ElementWiseMult);
