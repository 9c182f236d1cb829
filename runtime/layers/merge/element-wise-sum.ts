import * as tf from '@tensorflow/tfjs-core';
import { MultiInputLayer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { Shape } from '../../engine/dimension.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { checkSameShapes } from './same-shapes.ts';

/** The element-wise sum of its inputs, which must all have one shape. */
export class ElementWiseSum extends MultiInputLayer {
  static override readonly spec = {
    className: 'ElementWiseSum',
    doc: 'Element-wise sum of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: {
      className: 'Add',
      config: (_args, keras) => (keras.inputShapes.length < 2 ? keras.unsupported('inputs', 'is a list of one, and Keras Add takes at least two') : {}),
      fromKeras: { args: () => ({}) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ElementWiseSum.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  override checkInputShape(shapes: Shape[]): void {
    checkSameShapes(this, shapes);
  }

  call(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.length === 1 ? inputs[0] : tf.addN(inputs);
  }
}

registerLayer(ElementWiseSum);
