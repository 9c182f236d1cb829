/**
 * ResizeNearestNeighborGrad on wasm: the shipped kernel ignores
 * halfPixelCenters, so the gradient goes to other pixels than the ones the
 * forward pass copied.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, grid, kernelFunction, on, resizeCases } from '../gradient-check.ts';

describe('ResizeNearestNeighborGrad (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('ResizeNearestNeighborGrad', 'wasm')).not.toBe(shippedKernel('ResizeNearestNeighborGrad'));
  });

  it.each(resizeCases)('%s: matches cpu and finite differences', async (_, shape, size, alignCorners, halfPixelCenters) => {
    const op = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size, alignCorners, halfPixelCenters);
    await checkGradients({ op, inputs: [grid(shape, 1)] });
  });
});
