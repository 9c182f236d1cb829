/**
 * Identity on wasm: the shipped kernel copies its input into a new tensor;
 * Keraflow's shares the input's memory (one more reference), as the cpu
 * backend and wasm's Reshape do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { kernelFunction, on } from '../gradient-check.ts';

describe('Identity (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('Identity', 'wasm')).not.toBe(shippedKernel('Identity'));
  });

  it('shares the memory of its input: a clone takes no new buffer, and outlives the original', async () => {
    const { added, values, afterDispose } = await on('wasm', () => {
      const original = tf.tensor2d([1, -2, 3.5, 4, 5, 6], [3, 2]);
      const before = tf.memory().numDataBuffers;
      const copy = tf.clone(original);
      const added = tf.memory().numDataBuffers - before;
      original.dispose();
      return { added, values: copy.arraySync(), afterDispose: original.isDisposed };
    });
    expect(added).toBe(0);
    expect(afterDispose).toBe(true);
    expect(values).toEqual([
      [1, -2],
      [3.5, 4],
      [5, 6],
    ]);
  });

  it('frees the memory (the backend forgets it) once the last of them is disposed', async () => {
    const left = await on('wasm', () => {
      const start = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
      const original = tf.ones([64, 64]);
      const first = tf.clone(original);
      const copies = [first, tf.clone(first)];
      original.dispose();
      tf.dispose(copies);
      return (tf.backend() as unknown as { numDataIds(): number }).numDataIds() - start;
    });
    expect(left).toBe(0);
  });

  it('keeps int32, bool and string tensors as they were', async () => {
    const result = await on('wasm', () => [tf.clone(tf.tensor1d([7, -8], 'int32')), tf.clone(tf.tensor1d([true, false])), tf.clone(tf.tensor1d(['a', 'bc']))].map((t) => [t.dtype, t.arraySync()]));
    expect(result).toEqual([
      ['int32', [7, -8]],
      ['bool', [1, 0]],
      ['string', ['a', 'bc']],
    ]);
  });
});
