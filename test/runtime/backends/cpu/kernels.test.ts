/**
 * The cpu kernels Keraflow replaces (tfjs-backend-cpu 4.22):
 * ResizeNearestNeighborGrad (reads dy at the input's batch stride: wrong
 * for every sample after the first; ignores halfPixelCenters), and
 * AvgPoolGrad / AvgPool3DGrad (divide by the whole window where the forward
 * pass divides by the values inside the input). Each against finite
 * differences of the cpu forward op, and against hand computation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectCloseTo, finiteDifferences, gradients, grid, on, resizeCases, type Data } from '../gradient-check.ts';

/** The cpu gradient equals the cpu forward op's finite differences (1e-4). */
async function checkOnCpu(op: (x: tf.Tensor) => tf.Tensor, input: Data): Promise<number[]> {
  const outputShape = await on('cpu', () => op(tf.tensor(input.values, input.shape)).shape);
  const weighting = grid(outputShape, 5, 1);
  const analytic = await on('cpu', () => gradients(op, [input], weighting, [0])[0]);
  const numeric = await on('cpu', () => finiteDifferences(op, [input], weighting, 0, 1));
  expectCloseTo(analytic, numeric, 1e-4, 'cpu gradient vs finite differences');
  return analytic;
}

describe('ResizeNearestNeighborGrad (cpu)', () => {
  it.each(resizeCases)('%s: matches finite differences', async (_, shape, size, alignCorners, halfPixelCenters) => {
    await checkOnCpu((x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size, alignCorners, halfPixelCenters), grid(shape, 2));
  });

  it('gives each sample of a batch its own gradient (UpSampling2D training)', async () => {
    // Two samples of one pixel, doubled: each pixel's gradient is the sum of its own 4 copies' weights.
    const op = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [2, 2]);
    const weighting: Data = { values: [1, 2, 3, 4, 10, 20, 30, 40], shape: [2, 2, 2, 1] };
    const grad = await on('cpu', () => gradients(op, [{ values: [5, 6], shape: [2, 1, 1, 1] }], weighting, [0])[0]);
    expect(grad).toEqual([10, 100]);
  });
});

describe('AvgPoolGrad (cpu)', () => {
  it('divides by the values each window holds', async () => {
    const op = (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, [1, 2], [1, 2], 'same');
    const grad = await on('cpu', () => gradients(op, [{ values: [1, 2, 3], shape: [1, 1, 3, 1] }], { values: [1, 1], shape: [1, 1, 2, 1] }, [0])[0]);
    expect(grad).toEqual([0.5, 0.5, 1]);
  });

  it.each([
    ['3×2, strides [2, 1], same', [2, 7, 6, 3], [3, 2], [2, 1]],
    ['2×2, stride 2, same, odd size', [1, 5, 5, 2], [2, 2], [2, 2]],
  ] as const)('%s: matches finite differences', async (_, shape, size, strides) => {
    await checkOnCpu((x) => tf.avgPool(x as tf.Tensor4D, [...size], [...strides], 'same'), grid([...shape], 3));
  });
});

describe('AvgPool3DGrad (cpu)', () => {
  it('2×3×2, strides [1, 2, 2], same: matches finite differences', async () => {
    await checkOnCpu((x) => tf.avgPool3d(x as tf.Tensor5D, [2, 3, 2], [1, 2, 2], 'same'), grid([2, 3, 5, 4, 2], 4));
  });
});
