/**
 * The one harness every layer test goes through (as Keras's run_layer_test):
 * build the layer on Inputs, run it, and check that
 *  - the Kensor's shape (the shape rule) is the shape of the tensor returned;
 *  - the same rule on symbolic shapes, once its symbols are bound, gives it too;
 *  - the parameters declared symbolically are the parameters created;
 *  - nothing leaks;
 * and, when an oracle is given, that the output matches TensorFlow.js Layers
 * to 1e-5 with the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { evaluateDim, type Dim, type Shape } from '../../../runtime/engine/dimension.ts';
import { Input, Model, symbol, type Layer } from '../../../runtime/index.ts';

export interface LayerCase {
  /** A new layer instance (called more than once). */
  make: () => Layer<any>;
  /** Input shape(s) without the batch dimension; a list of shapes for a multi-input layer. */
  input: number[] | number[][];
  dtype?: 'float32' | 'int32';
  /** Inclusive integer range for int32 inputs. */
  intRange?: [number, number];
  batch?: number;
  /**
   * The input shape(s) with symbols (`symbol('T')`) and their values; the
   * symbolic shape rule, bound, must give the real output shape.
   */
  symbolic?: { input: Dim[] | Dim[][]; bindings: Record<string, number> };
}

const isMulti = (input: LayerCase['input']): input is number[][] => Array.isArray(input[0]);

export function randomInput(shape: number[], dtype: 'float32' | 'int32' = 'float32', intRange: [number, number] = [0, 9]): tf.Tensor {
  return dtype === 'int32' ? tf.randomUniform(shape, intRange[0], intRange[1] + 1, 'int32') : tf.randomNormal(shape);
}

/** Runs the harness; returns the layer, its model, the input data and the output for further checks. */
export function checkLayer(testCase: LayerCase): { layer: Layer<any>; model: Model; x: tf.Tensor[]; y: tf.Tensor } {
  const batch = testCase.batch ?? 3;
  const shapes = isMulti(testCase.input) ? testCase.input : [testCase.input];
  const inputs = shapes.map((shape) => new Input(shape, { dtype: testCase.dtype }));
  const layer = testCase.make();
  const kensor = layer.apply(isMulti(testCase.input) ? inputs : inputs[0]);
  const model = new Model(inputs, kensor);
  const x = shapes.map((shape) => randomInput([batch, ...shape], testCase.dtype, testCase.intRange));

  const before = tf.memory().numTensors;
  const y = model.predict(x) as tf.Tensor;
  expect(tf.memory().numTensors).toBe(before + 1);

  // The shape rule is the shape of the tensor.
  expect(y.shape).toEqual(kensor.shape.map((dim, i) => (i === 0 ? batch : dim)));

  // Declared parameters are the created ones.
  const symbolicInputs = shapes.map((shape) => new Input(shape, { symbolicGraph: true, dtype: testCase.dtype }));
  const twin = testCase.make();
  twin.apply(isMulti(testCase.input) ? symbolicInputs : symbolicInputs[0]);
  // A container (a Sequential) holds its layers' parameters, named `layer/param`: their names differ between the twin and the layer, their shapes do not.
  const declarationsOf = (l: Layer<any>): { name: string; shape: readonly unknown[] }[] => (l.containedLayers().length > 0 ? l.containedLayers().flatMap(declarationsOf) : l.paramDeclarations());
  const declared = twin.containedLayers().length > 0 ? declarationsOf(twin).map((p) => ({ name: '', shape: p.shape })) : twin.paramDeclarations();
  const container = layer.containedLayers().length > 0;
  expect(declared.map((p) => [p.name, p.shape])).toEqual(Object.entries(layer.variables).map(([name, v]) => [container ? '' : name, v.shape]));
  expect(layer.countParams()).toBe(Object.values(layer.variables).reduce((n, v) => n + v.size, 0));

  if (testCase.symbolic) {
    const { input, bindings } = testCase.symbolic;
    const symbolicShapes = (Array.isArray(input[0]) ? input : [input]) as Dim[][];
    const symbolicInputs = symbolicShapes.map((shape) => new Input(shape, { symbolicGraph: true, dtype: testCase.dtype }));
    const outputShape: Shape = testCase.make().apply(isMulti(testCase.input) ? symbolicInputs : symbolicInputs[0]).shape;
    const bound = outputShape.map((dim, i) => (i === 0 ? batch : evaluateDim(dim, bindings)));
    const real = symbolicShapes.map((shape) => shape.map((dim) => evaluateDim(dim, bindings)!));
    const realLayer = testCase.make();
    const realInputs = real.map((shape) => new Input(shape, { dtype: testCase.dtype }));
    const realModel = new Model(realInputs, realLayer.apply(isMulti(testCase.input) ? realInputs : realInputs[0]));
    const realY = tf.tidy(() => realModel.predict(real.map((shape) => randomInput([batch, ...shape], testCase.dtype, testCase.intRange))) as tf.Tensor);
    expect(bound).toEqual(realY.shape);
    realY.dispose();
  }
  return { layer, model, x, y };
}

/**
 * Builds `oracle` (a tf.layers layer) on the same input shapes, gives it
 * our layer's weights (converted by `toOracleWeights` where layouts
 * differ), and compares outputs on `x`.
 */
export function compareWithOracle(
  result: ReturnType<typeof checkLayer>,
  oracle: tfl.layers.Layer,
  toOracleWeights: (weights: Record<string, tf.Tensor>) => tf.Tensor[] = (weights) => Object.values(weights),
  tolerance = 1e-5,
): void {
  const expected = tf.tidy(() => {
    oracle.apply(result.x.length === 1 ? (result.x[0] as never) : (result.x as never));
    oracle.setWeights(toOracleWeights(result.layer.variables as Record<string, tf.Tensor>));
    return oracle.apply(result.x.length === 1 ? (result.x[0] as never) : (result.x as never)) as tf.Tensor;
  });
  expectClose(result.y, expected, tolerance);
  expected.dispose();
}

export function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]);
  expect(difference).toBeLessThanOrEqual(tolerance);
}

export { symbol };

/**
 * Compares the parameter gradients of the sum of the outputs, ours and the
 * oracle's; call it after `compareWithOracle`, which gave the oracle our
 * weights. Our gradients go through `toOracleWeights` (a layout change,
 * linear, so it maps gradients as it maps weights). `training` runs both in
 * training mode. A non-trainable parameter has no gradient on either side.
 */
export function compareGradientsWithOracle(
  result: ReturnType<typeof checkLayer>,
  oracle: tfl.layers.Layer,
  toOracleWeights: (weights: Record<string, tf.Tensor>) => tf.Tensor[] = (weights) => Object.values(weights),
  tolerance = 1e-4,
  options: { training?: boolean } = {},
): void {
  const training = options.training ?? false;
  const params = result.layer.variables;
  const ours = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.sum(result.model.execute(result.x, { training })[0]) as tf.Scalar, Object.values(params));
    return toOracleWeights(Object.fromEntries(Object.entries(params).map(([name, variable]) => [name, grads[variable.name]])));
  });
  const theirs = tf.tidy(() => {
    const variables = oracle.weights.map((weight) => weight.read() as tf.Variable);
    const input = result.x.length === 1 ? result.x[0] : result.x;
    const { grads } = tf.variableGrads(() => tf.sum(oracle.apply(input as never, { training }) as tf.Tensor) as tf.Scalar, variables);
    return variables.map((variable) => grads[variable.name]);
  });
  expect(ours.length).toBe(theirs.length);
  // Non-trainable parameters (moving statistics) have no gradient, on both sides.
  ours.forEach((gradient, index) => (gradient && theirs[index] ? expectClose(gradient, theirs[index], tolerance) : expect(gradient ?? null).toBe(theirs[index] ?? null)));
  tf.dispose([...ours, ...theirs].filter((t) => t));
}
