/**
 * GatherV2 on wasm: every shuffled training batch is a gather of the data
 * set's rows. The shipped kernel's loop took ~45 ns a value; Keraflow's moves
 * each gathered slice heap to heap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { grid, kernelFunction, on } from '../gradient-check.ts';

/** x's slices along `axis` at `indices` (a flat list), by the definition (the oracle). */
function gatherByHand(values: number[], shape: number[], indices: number[], axis: number): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const index of indices) out.push(...values.slice((o * shape[axis] + index) * inner, (o * shape[axis] + index + 1) * inner));
  }
  return out;
}

const cases: [string, number[], number[], number[], number, number][] = [
  ['a shuffled batch: rows of a data set', [10, 6], [7, 2, 9, 0], [4], 0, 0],
  ['columns, one twice', [3, 5], [4, 0, 4], [3], 1, 0],
  ['the innermost axis of a rank-3 tensor (slices of one value)', [2, 3, 4], [3, 1], [2], 2, 0],
  ['indices of rank 2 (an Embedding lookup of a batch of sequences)', [7, 3], [1, 6, 6, 0, 2, 5], [2, 3], 0, 0],
  ['per batch item (batchDims 1)', [2, 4, 3], [3, 0, 1, 1], [2, 2], 1, 1],
  ['no indices', [4, 3], [], [0], 0, 0],
];

describe('GatherV2 (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('GatherV2', 'wasm')).not.toBe(shippedKernel('GatherV2'));
  });

  it.each(cases)('%s: as cpu', async (_, shape, indices, indexShape, axis, batchDims) => {
    const { values } = grid(shape, 4);
    const op = () => {
      const result = tf.gather(tf.tensor(values, shape), tf.tensor(indices, indexShape, 'int32'), axis, batchDims);
      return { shape: result.shape, values: Array.from(result.dataSync()) };
    };
    const wasm = await on('wasm', op);
    if (batchDims === 0 && indexShape.length === 1) expect(wasm.values).toEqual(gatherByHand(values, shape, indices, axis));
    expect(wasm).toEqual(await on('cpu', op));
  });

  it('gathers int32 and bool tensors', async () => {
    const result = await on('wasm', () => {
      const at = tf.tensor1d([2, 0], 'int32');
      return [tf.gather(tf.tensor1d([5, -6, 7], 'int32'), at), tf.gather(tf.tensor1d([true, false, false]), at)].map((t) => [t.dtype, t.arraySync()]);
    });
    expect(result).toEqual([
      ['int32', [7, 5]],
      ['bool', [0, 1]],
    ]);
  });

  it('refuses an index out of range, as the shipped kernel does', async () => {
    await expect(on('wasm', () => tf.gather(tf.zeros([4, 2]), tf.tensor1d([1, 4], 'int32')).dataSync())).rejects.toThrow('GatherV2: the index value 4 is not in [0, 3]');
    await expect(on('wasm', () => tf.gather(tf.zeros([4, 2]), tf.tensor1d([-1], 'int32')).dataSync())).rejects.toThrow('GatherV2: the index value -1 is not in [0, 3]');
  });

  it('gives an Embedding its gradient as cpu does (gather forward, segment sum back)', async () => {
    const table = grid([6, 4], 8);
    const gradient = () => {
      const ids = tf.tensor2d([0, 5, 5, 2], [2, 2], 'int32');
      const loss = (t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids)));
      return Array.from(tf.grad(loss)(tf.tensor(table.values, table.shape)).dataSync());
    };
    expect(await on('wasm', gradient)).toEqual(await on('cpu', gradient));
  });
});
