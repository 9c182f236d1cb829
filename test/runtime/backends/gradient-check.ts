/**
 * Checks a gradient kernel at the op level, three ways:
 *  - its result on wasm (Keraflow's kernels registered) against the cpu
 *    backend's (Keraflow's cpu fixes registered);
 *  - each against central finite differences of the same backend's forward
 *    op, the loss L = Σ weighting ⊙ op(inputs) summed in float64, so that
 *    the check reaches 1e-4 (inputs and steps are multiples of 1/64, exact
 *    in float32: a piecewise linear op's difference is then exact).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients, as the other runtime tests get them
import { expect } from 'vitest';
import { setBackend } from '../../../runtime/backends/backend.ts';

export type Backend = 'cpu' | 'wasm';
export type Op = (...inputs: tf.Tensor[]) => tf.Tensor;

/** An input as plain data, so that it can be made on any backend. */
export interface Data {
  values: number[];
  shape: number[];
  dtype?: 'float32' | 'int32';
}

export const tensorOf = (data: Data) => tf.tensor(data.values, data.shape, data.dtype ?? 'float32');

/** A seeded generator of multiples of 1/8 in [-range, range] (exact in float32). */
export function grid(shape: number[], seed: number, range = 2): Data {
  let state = seed;
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.round((state / 2147483648) * 2 * range * 8 - range * 8) / 8;
  });
  return { values, shape };
}

/**
 * Distinct multiples of 1/8 in a seeded random order, from `start` up:
 * no ties, and no two values within a difference step of each other.
 */
export function distinct(shape: number[], seed: number, start: number): Data {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => start + i / 8);
  let state = seed;
  for (let i = size - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = Math.floor((state / 2147483648) * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return { values, shape };
}

/** Runs `body` on `backend` and returns to cpu; read results back inside `body`. */
export async function on<T>(backend: Backend, body: () => T): Promise<T> {
  await setBackend(backend);
  try {
    let result: T | undefined;
    tf.tidy(() => {
      result = body();
    });
    return result as T;
  } finally {
    await setBackend('cpu');
  }
}

/** The op's output as numbers. */
export function forward(op: Op, inputs: readonly Data[]): number[] {
  return Array.from(op(...inputs.map(tensorOf)).dataSync());
}

/** d/d(input i) of Σ weighting ⊙ op(inputs), for each input in `wrt`, as numbers. */
export function gradients(op: Op, inputs: readonly Data[], weighting: Data, wrt: readonly number[]): number[][] {
  const tensors = inputs.map(tensorOf);
  const loss = (...xs: tf.Tensor[]) => {
    const all = tensors.map((t, i) => (wrt.includes(i) ? xs[wrt.indexOf(i)] : t));
    return tf.sum(tf.mul(op(...all), tensorOf(weighting)));
  };
  return tf
    .grads(loss)(wrt.map((i) => tensors[i]))
    .map((g) => Array.from(g.dataSync()));
}

/** Central differences of Σ weighting ⊙ op(inputs) along every element of input `which`, the sum taken in float64. */
export function finiteDifferences(op: Op, inputs: readonly Data[], weighting: Data, which: number, step: number): number[] {
  const loss = (values: number[]) => {
    const y = tf.tidy(() => op(...inputs.map((data, i) => tensorOf(i === which ? { ...data, values } : data))).dataSync());
    let sum = 0;
    for (let k = 0; k < y.length; k++) sum += y[k] * weighting.values[k];
    return sum;
  };
  const base = inputs[which].values;
  return base.map((_, k) => {
    const plus = [...base];
    const minus = [...base];
    plus[k] += step;
    minus[k] -= step;
    return (loss(plus) - loss(minus)) / (2 * step);
  });
}

export function expectCloseTo(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let where = -1;
  actual.forEach((value, i) => {
    const error = Math.abs(value - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(error <= worst)) {
      worst = error;
      where = i;
    }
  });
  expect(worst, `${what}: worst relative error at ${where} (${actual[where]} vs ${expected[where]})`).toBeLessThanOrEqual(tolerance);
}

export interface GradientCase {
  op: Op;
  inputs: Data[];
  /** The inputs to differentiate (default all). */
  wrt?: number[];
  /** Finite-difference step: any size for an op linear in the input, below the gaps between values for max pooling. */
  step?: number;
  /** Skip the finite differences on cpu (its own gradient kernel is the one being fixed elsewhere, or it is too slow). */
  cpuFiniteDifferences?: boolean;
}

/**
 * The gradient on wasm equals the gradient on cpu (1e-5), and each equals
 * the finite differences of its own backend's forward op (1e-4).
 */
export async function checkGradients(testCase: GradientCase): Promise<{ wasm: number[][]; cpu: number[][] }> {
  const wrt = testCase.wrt ?? testCase.inputs.map((_, i) => i);
  const outputShape = await on('cpu', () => testCase.op(...testCase.inputs.map(tensorOf)).shape);
  const weighting = grid(outputShape, 7 + outputShape.length, 1);
  const step = testCase.step ?? 1;
  const results = {} as { wasm: number[][]; cpu: number[][] };
  for (const backend of ['wasm', 'cpu'] as const) {
    results[backend] = await on(backend, () => gradients(testCase.op, testCase.inputs, weighting, wrt));
    if (backend === 'cpu' && testCase.cpuFiniteDifferences === false) continue;
    for (const [k, i] of wrt.entries()) {
      const numeric = await on(backend, () => finiteDifferences(testCase.op, testCase.inputs, weighting, i, step));
      expectCloseTo(results[backend][k], numeric, 1e-4, `${backend} gradient of input ${i} vs finite differences`);
    }
  }
  for (const k of wrt.keys()) expectCloseTo(results.wasm[k], results.cpu[k], 1e-5, `wasm vs cpu gradient of input ${wrt[k]}`);
  return results;
}

/** The kernel registered for wasm now is not the one tfjs shipped (the runtime replaced it). */
export function kernelFunction(name: string, backend: Backend) {
  return tf.getKernel(name, backend)?.kernelFunc;
}

/** Nearest-neighbour resizes: [name, input shape, size, alignCorners, halfPixelCenters]; batches above 1 throughout. */
export const resizeCases: [string, number[], [number, number], boolean, boolean][] = [
  ['up 2×3, batch 2', [2, 3, 3, 2], [6, 9], false, false],
  ['up to 7×5, alignCorners', [2, 3, 4, 2], [7, 5], true, false],
  ['up to 7×5, halfPixelCenters', [2, 3, 4, 2], [7, 5], false, true],
  ['down to 2×3, halfPixelCenters', [3, 5, 7, 1], [2, 3], false, true],
  ['down to 3×4', [2, 5, 7, 2], [3, 4], false, false],
];
