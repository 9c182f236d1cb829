import * as tf from '@tensorflow/tfjs-core';
import { formatShape, isSymbolic, shapesCompatible, type Dim, type Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { describeValue, KeraflowError, ShapeError } from '../../errors.ts';
import { isPlainObject } from '../../engine/argument-passing.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/** The tensor math of a Lambda. */
export type LambdaFunction = (x: tf.Tensor) => tf.Tensor;
/**
 * The output shape of a Lambda from its input shape, both batch first. It
 * also runs on symbolic shapes in the .kf checker: compute sizes with the
 * helpers of runtime/engine/dimension.ts (addDims, multiplyDims, ...).
 */
export type OutputShapeFunction = (inputShape: Shape) => Shape;

const isSize = (value: unknown) => value === null || isSymbolic(value as Dim) || (typeof value === 'number' && Number.isInteger(value) && value >= 0);

/**
 * A layer from a function: y = fn(x). Its output shape is
 * `outputShapeFn(inputShape)` (batch first), the input's shape when none is
 * given; the tensor fn returns is checked against it. It has no parameters.
 */
export class Lambda extends Layer {
  static override readonly spec = {
    className: 'Lambda',
    doc: 'A layer from a function: y = fn(x), with output shape output_shape_fn(input_shape) (default: the input shape).',
    shape: "output_shape_fn(input shape), or the input's shape without one",
    args: [
      { name: 'fn', type: 'function', positional: true, required: true, doc: 'The math: a function from the input tensor to the output tensor.' },
      {
        name: 'outputShapeFn',
        type: 'function',
        positional: true,
        nullable: true,
        default: null,
        doc: 'The output shape (batch first) from the input shape; none: the same shape.',
      },
    ],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Lambda.spec>;

  private readonly fn: LambdaFunction;
  private readonly outputShapeFn: OutputShapeFunction | null;

  constructor(fn: LambdaFunction, outputShapeFn?: OutputShapeFunction | null | LayerOptions, options: LayerOptions = {}) {
    // `new Lambda(fn, {name})`: the options may come second.
    if (isPlainObject(outputShapeFn)) [outputShapeFn, options] = [undefined, outputShapeFn as LayerOptions];
    super(outputShapeFn === undefined ? [fn] : [fn, outputShapeFn], options);
    this.fn = this.args.fn;
    this.outputShapeFn = this.args.outputShapeFn;
  }

  override outputShape(shape: Shape): Shape {
    if (!this.outputShapeFn) return shape;
    const output: unknown = this.outputShapeFn(shape);
    if (!Array.isArray(output) || output.length === 0 || !output.every(isSize)) {
      throw new KeraflowError(`${this.name} (Lambda): outputShapeFn must return a shape (a list of sizes, batch first), but for input ${formatShape(shape)} it returned ${describeValue(output)}`, {
        layer: this.name,
        argument: 'outputShapeFn',
        expected: 'a list of sizes, batch first',
        given: describeValue(output),
      });
    }
    return output as Shape;
  }

  call(x: tf.Tensor): tf.Tensor {
    const y: unknown = this.fn(x);
    if (!(y instanceof tf.Tensor)) {
      throw new KeraflowError(`${this.name} (Lambda): fn must return a tf.Tensor, but it returned ${describeValue(y)}`, {
        layer: this.name,
        argument: 'fn',
        expected: 'a tf.Tensor',
        given: describeValue(y),
      });
    }
    const expected = this.outputShape(x.shape);
    if (!shapesCompatible(y.shape, expected)) {
      const shown = (shape: Shape) => formatShape(shape, { batch: false });
      throw new ShapeError(
        `${this.name} (Lambda): fn returned a tensor of shape ${shown(y.shape)} for input ${shown(x.shape)}, but the shape rule gives ` +
          `${shown(expected)}${this.outputShapeFn ? ' (outputShapeFn disagrees with fn)' : ' (give outputShapeFn when fn changes the shape)'}`,
        { layer: this.name, argument: 'outputShapeFn', expected: shown(expected), given: shown(y.shape) },
      );
    }
    return y;
  }
}

registerLayer(Lambda);
