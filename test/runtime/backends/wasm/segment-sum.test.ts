/**
 * UnsortedSegmentSum, which tfjs-backend-wasm 4.22 lacks: the gradient of
 * gather, so of every Embedding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, forward, grid, kernelFunction, on, type Data } from '../gradient-check.ts';

const ids = (values: number[], shape = [values.length]): Data => ({ values, shape, dtype: 'int32' });

describe('UnsortedSegmentSum (wasm)', () => {
  it('is registered once wasm is selected (tfjs-backend-wasm has none)', async () => {
    await on('wasm', () => undefined);
    expect(shippedKernel('UnsortedSegmentSum')).toBeUndefined();
    expect(kernelFunction('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('sums the rows of each segment, drops ids out of range, as cpu', async () => {
    const op = (x: tf.Tensor, segments: tf.Tensor) => tf.unsortedSegmentSum(x, segments as tf.Tensor1D, 4);
    const inputs = [grid([6, 3], 1), ids([0, 3, 3, 1, 0, 3])];
    const wasm = await on('wasm', () => forward(op, inputs));
    expect(wasm).toEqual(await on('cpu', () => forward(op, inputs)));
    const x = inputs[0].values;
    expect(wasm.slice(9, 12)).toEqual([0, 1, 2].map((j) => x[3 + j] + x[6 + j] + x[15 + j]));
  });

  it('sums int32 values', async () => {
    const op = (x: tf.Tensor, segments: tf.Tensor) => tf.unsortedSegmentSum(x, segments as tf.Tensor1D, 2);
    const inputs: Data[] = [{ values: [1, 2, 3, 4], shape: [4], dtype: 'int32' }, ids([1, 0, 1, 1])];
    expect(await on('wasm', () => forward(op, inputs))).toEqual([2, 8]);
  });

  it('is the gradient of gather (an Embedding lookup, repeated ids)', async () => {
    const op = (table: tf.Tensor, indices: tf.Tensor) => tf.gather(table, indices);
    await checkGradients({ op, inputs: [grid([5, 4], 2), ids([0, 3, 3, 1, 0, 4], [2, 3])], wrt: [0] });
  });

  it('is the gradient of gather along an inner axis', async () => {
    const op = (x: tf.Tensor, indices: tf.Tensor) => tf.gather(x, indices, 1);
    await checkGradients({ op, inputs: [grid([3, 4, 2], 3), ids([2, 0, 2])], wrt: [0] });
  });
});
