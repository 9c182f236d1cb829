/**
 * Sum on wasm over leading axes (a bias's gradient): the shipped kernel
 * transposes its whole input first; Keraflow's adds the rows in place, in
 * double precision. Other reductions stay with the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { grid, kernelFunction, on } from '../gradient-check.ts';

/** Sums over `axes` of a row-major array of `shape`, by the definition (the oracle). */
function sumByHand(values: number[], shape: number[], axes: number[]): number[] {
  const kept = shape.map((_, axis) => axis).filter((axis) => !axes.includes(axis));
  const out = new Array<number>(kept.reduce((size, axis) => size * shape[axis], 1)).fill(0);
  values.forEach((value, flat) => {
    const index: number[] = [];
    for (let axis = shape.length - 1, rest = flat; axis >= 0; axis--, rest = Math.floor(rest / shape[axis + 1])) index[axis] = rest % shape[axis];
    out[kept.reduce((at, axis) => at * shape[axis] + index[axis], 0)] += value;
  });
  return out;
}

const cases: [string, number[], number | number[], boolean][] = [
  ["a Dense bias's gradient: over the batch", [6, 5], 0, false],
  ["a Conv2D bias's gradient: over batch, height and width", [2, 4, 3, 5], [0, 1, 2], false],
  ['kept dimensions', [3, 4, 2], [0, 1], true],
  ['axes given negative and out of order', [3, 2, 4], [-2, 0], false],
  ['one row', [1, 7], [0], false],
  ['the innermost axis (shipped)', [4, 6], -1, false],
  ['middle axes (shipped)', [2, 3, 4, 2], [1, 2], true],
  ['every axis (shipped)', [3, 4], [0, 1], false],
];

describe('Sum (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('Sum', 'wasm')).not.toBe(shippedKernel('Sum'));
  });

  it.each(cases)('%s: the sums by hand, as cpu', async (_, shape, axis, keepDims) => {
    const { values } = grid(shape, 3);
    const op = () => {
      const result = tf.sum(tf.tensor(values, shape), axis, keepDims);
      return { shape: result.shape, values: Array.from(result.dataSync()) };
    };
    const wasm = await on('wasm', op);
    const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + shape.length : a));
    expect(wasm.values).toEqual(sumByHand(values, shape, axes));
    expect(wasm).toEqual(await on('cpu', op));
  });

  it('adds in double precision: 200,000 rows of 0.1 sum to 20,000 within float32 rounding', async () => {
    // Float32 added one at a time drifts by about 1e-3 relative here (the cpu backend's 19,994.6 or so).
    const total = await on('wasm', () => tf.sum(tf.fill([200_000, 2], 0.1), 0).dataSync());
    expect(Math.abs(total[0] - 20_000)).toBeLessThan(0.01);
    expect(total[1]).toBe(total[0]);
  });

  it('leaves int32 and bool sums to the shipped kernel (an int32 result)', async () => {
    const ints = await on('wasm', () => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0));
    expect(ints.dtype).toBe('int32');
    const counted = await on('wasm', () => Array.from(tf.sum(tf.tensor2d([true, false, true, true], [2, 2]), 0).dataSync()));
    expect(counted).toEqual([2, 1]);
  });

  it("gives a Dense layer's bias the batch's summed gradient", async () => {
    const [x, w, b] = [grid([8, 3], 5), grid([3, 4], 6), grid([4], 7)];
    const gradient = () => {
      const loss = (bias: tf.Tensor) => tf.sum(tf.square(tf.add(tf.matMul(tf.tensor(x.values, x.shape), tf.tensor(w.values, w.shape)), bias)));
      return Array.from(tf.grad(loss)(tf.tensor(b.values, b.shape)).dataSync());
    };
    expect(await on('wasm', gradient)).toEqual(await on('cpu', gradient));
  });
});
