/**
 * Keras 3's element-wise merges that Keraflow's catalogue has no layer for
 * (Subtract, Average, Maximum, Minimum): a list of tensors of one shape to
 * that shape. Keraflow's same-shape rule; the op is each layer's.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import { MultiInputLayer } from '../../../engine/layer.ts';
import { checkSameShapes } from '../../../layers/merge/same-shapes.ts';

export abstract class ElementWiseMerge extends MultiInputLayer {
  /** How many inputs the layer takes: Subtract exactly two; the others two or more. */
  protected readonly exactlyTwo: boolean = false;

  override checkInputShape(shapes: Shape[]): void {
    const count = this.exactlyTwo ? 'exactly two' : 'at least two';
    if (this.exactlyTwo ? shapes.length !== 2 : shapes.length < 2) throw this.shapeError(`takes a list of ${count} tensors`, shapes, { reason: 'list' });
    checkSameShapes(this, shapes);
  }

  /** The merge of the inputs, in order. */
  protected abstract merge(inputs: tf.Tensor[]): tf.Tensor;

  call(inputs: tf.Tensor[]): tf.Tensor {
    return this.merge(inputs);
  }
}

/** The Keras mapping of a merge without arguments: its class name, an empty config. */
export function mergeKeras(className: string) {
  return { className, config: () => ({}), fromKeras: { args: () => ({}) } };
}
