import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../engine/dimension.ts';
import type { DType } from '../engine/kensor.ts';
import { Layer, type CallContext, type LayerOptions } from '../engine/layer.ts';

type Shapes = Shape | Shape[];
type TensorsFor<S extends Shapes> = S extends Shape[] ? tf.Tensor[] : tf.Tensor;

/**
 * A layer of the Keras 3 dialect. Its spec is Keras's (names, argument
 * names and positions, defaults, axes counting the batch); its math is the
 * Keraflow layer it translates its arguments into (`makeSibling`), which it
 * builds inside itself under its own name and runs: one implementation of
 * each computation, two specs. The sibling's parameters are this layer's, and
 * its Keras mapping exports this layer (`kerasCounterpart`).
 */
export abstract class KerasLayer<S extends Shapes = Shape> extends Layer<S> {
  /** The Keraflow layer that computes this one. */
  readonly sibling: Layer<S>;

  constructor(positional: readonly unknown[], options: LayerOptions) {
    super(positional, options);
    this.sibling = this.makeSibling({
      name: this.name, trainable: this.trainable, regularizers: options.regularizers, constraints: options.constraints,
    });
  }

  /** The Keraflow layer for this layer's arguments (`this.args`), with these common options. */
  protected abstract makeSibling(options: LayerOptions): Layer<S>;

  override takesList(): boolean {
    return this.sibling.takesList();
  }

  override checkInputDtypes(dtypes: readonly DType[]): void {
    this.sibling.checkInputDtypes(dtypes);
  }

  override outputDtype(dtypes: readonly DType[]): DType {
    return this.sibling.outputDtype(dtypes);
  }

  override checkInputShape(shapes: S): void {
    this.sibling.checkInputShape(shapes);
  }

  override outputShape(shapes: S): Shape {
    return this.sibling.outputShape(shapes);
  }

  protected override initParams(shapes: S): void {
    this.embed(this.sibling, shapes);
  }

  call(input: TensorsFor<S>, context: CallContext): tf.Tensor {
    return this.sibling.call(input as never, context);
  }

  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    return this.sibling.computeMask(inputs, masks, output);
  }

  override checkInputValues(input: TensorsFor<S>): void {
    this.sibling.checkInputValues(input as never);
  }

  override kerasCounterpart(): Layer<any> {
    return this.sibling;
  }
}

/** The Keraflow layer a wrapper wraps: a Keras layer's sibling (the math it runs), any other layer itself. */
export function siblingOf(layer: Layer<any>): Layer<any> {
  return layer instanceof KerasLayer ? layer.sibling : layer;
}
