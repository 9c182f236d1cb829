/**
 * The pooling kernels Keraflow replaces on wasm: MaxPoolGrad and
 * MaxPool3DGrad (tfjs-backend-wasm 4.22 starts the running maximum at
 * +1.2e-38, so a window of values <= 0 loses its gradient, and gives ties
 * to the last element), MaxPool3D (the same start value in the forward
 * pass), AvgPoolGrad and AvgPool3DGrad (divide by the whole window where
 * the forward pass divides by the part inside the input).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, distinct, forward, gradients, grid, kernelFunction, on, type Data } from '../gradient-check.ts';

type Pad = 'valid' | 'same';
const maxPool = (size: [number, number], strides: [number, number], pad: Pad) => (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, size, strides, pad);
const maxPool3d = (size: [number, number, number], strides: [number, number, number], pad: Pad) => (x: tf.Tensor) => tf.maxPool3d(x as tf.Tensor5D, size, strides, pad);
const avgPool = (size: [number, number], strides: [number, number], pad: Pad) => (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, size, strides, pad);
const avgPool3d = (size: [number, number, number], strides: [number, number, number], pad: Pad) => (x: tf.Tensor) => tf.avgPool3d(x as tf.Tensor5D, size, strides, pad);

/** Values 1/8 apart: a 1/64 step never changes which value is a window's maximum. */
const MAX_STEP = 1 / 64;
const ones = (shape: number[]): Data => ({ values: new Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });

it("every pooling kernel here is Keraflow's once wasm is selected", async () => {
  await on('wasm', () => undefined);
  for (const name of ['MaxPoolGrad', 'MaxPool3D', 'MaxPool3DGrad', 'AvgPoolGrad', 'AvgPool3DGrad']) {
    expect(kernelFunction(name, 'wasm'), name).not.toBe(shippedKernel(name));
  }
});

describe('MaxPoolGrad (wasm)', () => {
  it.each([
    ['3×2 windows, strides 2, same, mixed signs', [2, 7, 6, 3], [3, 2], [2, 2], 'same', -10],
    ['2×2 windows, valid, all values negative', [2, 4, 4, 2], [2, 2], [2, 2], 'valid', -9],
    ['3×3 windows, stride 1 (overlapping), all negative', [1, 5, 5, 2], [3, 3], [1, 1], 'same', -7],
  ] as const)('%s: matches cpu and finite differences', async (_, shape, size, strides, pad, start) => {
    await checkGradients({ op: maxPool([...size], [...strides], pad), inputs: [distinct([...shape], 3, start)], step: MAX_STEP });
  });

  it('gives a window of negative values its gradient', async () => {
    const x: Data = { values: [-1, -5, -2, -4], shape: [1, 4, 1, 1] };
    const grad = await on('wasm', () => gradients(maxPool([2, 1], [2, 1], 'valid'), [x], ones([1, 2, 1, 1]), [0])[0]);
    expect(grad).toEqual([1, 0, 1, 0]);
  });

  it('gives a tie to the first maximum of the window, as cpu and TensorFlow do', async () => {
    // Windows {3, 3 / 1, 3} and {-2, -2 / -2, -5}: the first 3 and the first -2 (row-major order).
    const x: Data = { values: [3, 3, -2, -2, 1, 3, -2, -5], shape: [1, 2, 4, 1] };
    const op = maxPool([2, 2], [2, 2], 'valid');
    const wasm = await on('wasm', () => gradients(op, [x], ones([1, 1, 2, 1]), [0])[0]);
    const cpu = await on('cpu', () => gradients(op, [x], ones([1, 1, 2, 1]), [0])[0]);
    expect(wasm).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    expect(wasm).toEqual(cpu);
  });

  it('serves 1-D max pooling (expandDims + maxPool)', async () => {
    const op = (x: tf.Tensor) => tf.squeeze(tf.maxPool(tf.expandDims(x, 2) as tf.Tensor4D, [3, 1], [2, 1], 'same'), [2]);
    await checkGradients({ op, inputs: [distinct([2, 9, 3], 5, -20)], step: MAX_STEP });
  });
});

describe('MaxPool3D (wasm)', () => {
  it('gives the maximum of a window of negative values', async () => {
    const x: Data = { values: [-1, -5, -2, -4, -3, -6, -7, -8], shape: [1, 2, 2, 2, 1] };
    expect(await on('wasm', () => forward(maxPool3d([2, 2, 2], [2, 2, 2], 'valid'), [x]))).toEqual([-1]);
  });

  it.each([
    ['2×2×2, strides [1, 2, 2], same', [2, 3, 5, 4, 2], [2, 2, 2], [1, 2, 2], 'same', -15],
    ['2×3×2, valid, all negative', [2, 4, 5, 4, 2], [2, 3, 2], [2, 1, 2], 'valid', -40],
  ] as const)('%s: the same output as cpu', async (_, shape, size, strides, pad, start) => {
    const op = maxPool3d([...size], [...strides], pad);
    const inputs = [distinct([...shape], 7, start)];
    expect(await on('wasm', () => forward(op, inputs))).toEqual(await on('cpu', () => forward(op, inputs)));
  });
});

describe('MaxPool3DGrad (wasm)', () => {
  it.each([
    ['2×2×2, strides [1, 2, 2], same, mixed signs', [2, 3, 5, 4, 2], [2, 2, 2], [1, 2, 2], 'same', -15],
    ['2×2×2, valid, all negative', [1, 4, 4, 4, 2], [2, 2, 2], [2, 2, 2], 'valid', -30],
  ] as const)('%s: matches cpu and finite differences', async (_, shape, size, strides, pad, start) => {
    await checkGradients({ op: maxPool3d([...size], [...strides], pad), inputs: [distinct([...shape], 9, start)], step: MAX_STEP });
  });

  it('gives a tie to the first maximum of the window, as in 2-D', async () => {
    // (tfjs's cpu backend gives a 3-D tie to the last maximum, its 2-D ties to the first.)
    const x: Data = { values: [-2, -1, -1, -3, -1, -4, -5, -1], shape: [1, 2, 2, 2, 1] };
    const op = maxPool3d([2, 2, 2], [2, 2, 2], 'valid');
    expect(await on('wasm', () => gradients(op, [x], ones([1, 1, 1, 1, 1]), [0])[0])).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('AvgPoolGrad (wasm and cpu)', () => {
  it.each([
    ['3×2 windows, strides [2, 1], same (border windows hold fewer values)', [2, 7, 6, 3], [3, 2], [2, 1], 'same'],
    ['2×2 windows, stride 2, same, odd size', [1, 5, 5, 2], [2, 2], [2, 2], 'same'],
    ['3×3 windows, valid', [2, 6, 5, 2], [3, 3], [1, 2], 'valid'],
  ] as const)('%s: matches finite differences on both backends', async (_, shape, size, strides, pad) => {
    await checkGradients({ op: avgPool([...size], [...strides], pad), inputs: [grid([...shape], 11)] });
  });

  it('divides by the values each window holds', async () => {
    // One row of 3, windows of 2, stride 2, same: [x0, x1] / 2 and [x2] / 1 (the padding is not counted).
    const x: Data = { values: [1, 2, 3], shape: [1, 1, 3, 1] };
    const op = avgPool([1, 2], [1, 2], 'same');
    for (const backend of ['wasm', 'cpu'] as const) {
      expect(await on(backend, () => forward(op, [x])), backend).toEqual([1.5, 3]);
      expect(await on(backend, () => gradients(op, [x], ones([1, 1, 2, 1]), [0])[0]), backend).toEqual([0.5, 0.5, 1]);
    }
  });
});

describe('AvgPool3DGrad (wasm and cpu)', () => {
  it.each([
    ['2×3×2, strides [1, 2, 2], same', [2, 3, 5, 4, 2], [2, 3, 2], [1, 2, 2], 'same'],
    ['2×2×2, valid', [1, 4, 4, 5, 2], [2, 2, 2], [2, 2, 2], 'valid'],
  ] as const)('%s: matches finite differences on both backends', async (_, shape, size, strides, pad) => {
    await checkGradients({ op: avgPool3d([...size], [...strides], pad), inputs: [grid([...shape], 13)] });
  });
});

it('pooling gradients leave no heap buffer behind', async () => {
  await on('wasm', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor(distinct([2, 4, 4, 2], 1, -3).values, [2, 4, 4, 2]);
    const before = backend.numDataIds();
    tf.tidy(() => {
      tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'same')))(x);
      tf.grad((t: tf.Tensor) => tf.sum(tf.avgPool(t as tf.Tensor4D, 2, 2, 'same')))(x);
    });
    expect(backend.numDataIds()).toBe(before);
  });
});
