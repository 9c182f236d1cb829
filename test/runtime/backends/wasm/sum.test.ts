/**
 * Sum on wasm over leading axes (every bias gradient): Keraflow adds the
 * rows in one pass where the shipped kernel transposes the whole tensor
 * first. Other reductions stay with the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, expectCloseTo, forward, grid, on } from '../gradient-check.ts';

describe('Sum (wasm)', () => {
  it.each([
    ['the batch axis (a Dense bias gradient)', [6, 5], [0], false],
    ['batch and positions (a convolution bias gradient)', [2, 4, 3, 5], [0, 1, 2], false],
    ['leading axes, keepDims', [2, 4, 3], [1, 0], true],
    ['a trailing axis (shipped kernel)', [2, 4, 3], [2], false],
    ['every axis (shipped kernel)', [2, 4, 3], [0, 1, 2], true],
    ['a middle axis (shipped kernel)', [2, 4, 3], [1], false],
  ] as const)('over %s: the same as cpu', async (_, shape, axis, keepDims) => {
    const op = (x: tf.Tensor) => tf.sum(x, [...axis], keepDims);
    const inputs = [grid([...shape], 1)];
    const wasm = await on('wasm', () => ({ values: forward(op, inputs), shape: op(tf.zeros([...shape])).shape }));
    const cpu = await on('cpu', () => ({ values: forward(op, inputs), shape: op(tf.zeros([...shape])).shape }));
    expect(wasm.shape).toEqual(cpu.shape);
    expectCloseTo(wasm.values, cpu.values, 1e-6, 'sum');
  });

  it('adds many rows in float64, as cpu does', async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 1e-3 : 1));
    const input = { values, shape: [50_000, 2] };
    const op = (x: tf.Tensor) => tf.sum(x, 0);
    expect(await on('wasm', () => forward(op, [input]))).toEqual(await on('cpu', () => forward(op, [input])));
  });

  it('is right in a gradient (bias add)', async () => {
    await checkGradients({ op: (x, b) => tf.add(x, b), inputs: [grid([2, 3, 4, 5], 2), grid([5], 3)] });
  });
});
