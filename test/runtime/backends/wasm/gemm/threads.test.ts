/**
 * Products on the threaded wasm build in Node: with 2 threads, large
 * products split between this thread and a helper thread, with the same
 * bits as on one thread (each output value is one thread's sum, in the same
 * order); XNNPACK's own pool stays at one thread until a convolution runs;
 * a helper whose job fails leaves its part to this thread, and products stay
 * on this thread from then on. Optimizer updates of large parameters split
 * the same way (by columns, or rows for a narrow one), with the same bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
// The Node entry: it provides the threaded build and the products' helper threads.
import { describeBackend, setBackend } from '../../../../../runtime/node.ts';
import { setThreads } from '../../../../../runtime/backends/wasm-threads.ts';
import { multiply, productHelpers } from '../../../../../runtime/backends/wasm/gemm/gemm.ts';
import { provideGemmHelpers } from '../../../../../runtime/backends/wasm/gemm/helpers.ts';
import { startNodeGemmHelper } from '../../../../../runtime/backends/wasm/gemm/helpers-node.ts';
import { Heap } from '../../../../../runtime/backends/wasm/heap.ts';
import { applyUpdate } from '../../../../../runtime/training/optimizers/update.ts';

function values(shape: number[], seed: number): tf.Tensor {
  let state = seed;
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return (state / 2147483648) * 2 - 1;
    }),
    shape,
  );
}

/** Products large enough to split: by columns (plain, A transposed, B transposed, with a bias) and by rows (a narrow output). */
function products(): Float32Array[] {
  return tf.tidy(() => {
    const [a, b, bT, aT, bias] = [values([128, 300], 1), values([300, 200], 2), values([200, 300], 3), values([300, 128], 4), values([200], 5)];
    const [tall, narrow] = [values([4096, 128], 6), values([128, 24], 7)];
    return [
      tf.matMul(a, b),
      tf.matMul(aT, b, true, false),
      tf.matMul(a, bT, false, true),
      tf.fused.matMul({ a, b, bias, activation: 'relu' }),
      tf.matMul(tall, narrow),
      tf.matMul(tall, values([24, 128], 8), false, true),
    ].map((t) => t.dataSync() as Float32Array);
  });
}

const memory = () => new Heap(tf.backend()).memory;

describe('products on threads', () => {
  it('split between this thread and a helper with the same bits as on one thread', async () => {
    await setThreads(2);
    await setBackend('wasm');
    expect(describeBackend()).toBe('wasm (2 threads)');
    // The helper starts with the first large product and is used once its worker has loaded.
    const until = Date.now() + 30_000;
    while (productHelpers(memory()).parts === 0 && Date.now() < until) {
      products();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const before = productHelpers(memory());
    expect(before.parts, 'a helper computed chunks of products').toBeGreaterThan(0);
    const twoThreads = products();
    const after = productHelpers(memory());
    expect(after.threads).toBe(1);
    expect(after.splits - before.splits, 'every product split').toBe(6);

    await setThreads(1);
    const oneThread = products();
    expect(productHelpers(memory()).splits, 'no split on one thread').toBe(after.splits);
    expect(productHelpers(memory()).parts, 'no helper on one thread').toBe(after.parts);
    twoThreads.forEach((values, i) => expect(Array.from(values), `product ${i}`).toEqual(Array.from(oneThread[i])));
  });

  it('splits optimizer updates of large parameters with the helpers, with the same bits', async () => {
    await setBackend('wasm');
    // Adam on a 300 × 512 matrix (by columns) and a 4096 × 24 one (by rows): its parameter and both slots change.
    const adam = (shape: number[]) =>
      tf.tidy(() => {
        const tensors = [values(shape, 11), values(shape, 12), values(shape, 13), tf.abs(values(shape, 14))].map((t) => tf.variable(t));
        applyUpdate('adam', tensors, [0.9, 1 - 0.9, 0.999, 1 - 0.999, 0.001, 1e-7]);
        const out = [tensors[0], tensors[2], tensors[3]].map((t) => t.dataSync() as Float32Array);
        tf.dispose(tensors);
        return out;
      });
    await setThreads(2);
    // Each shape until a helper computed chunks of its update (a helper that has not started a job is taken back).
    const onTwoThreads = async (shape: number[]) => {
      const until = Date.now() + 30_000;
      for (;;) {
        const before = productHelpers(memory());
        const result = adam(shape);
        const after = productHelpers(memory());
        expect(after.splits - before.splits, `the ${shape.join(' × ')} update split`).toBe(1);
        if (after.parts > before.parts || Date.now() > until) {
          expect(after.parts, `a helper computed chunks of the ${shape.join(' × ')} update`).toBeGreaterThan(before.parts);
          return result;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const twoThreads = [await onTwoThreads([300, 512]), await onTwoThreads([4096, 24])];
    await setThreads(1);
    const oneThread = [adam([300, 512]), adam([4096, 24])];
    twoThreads.flat().forEach((values, i) => expect(new Uint32Array(values.buffer), `tensor ${i}`).toEqual(new Uint32Array(oneThread.flat()[i].buffer)));
  });

  it('keeps its helpers after the wasm memory grows', async () => {
    await setThreads(2);
    await setBackend('wasm');
    const before = { bytes: memory().buffer.byteLength, splits: productHelpers(memory()).splits };
    const filler = tf.zeros([16 * 2 ** 20]); // 64 MB: the heap grows
    const [twoThreads, bytes] = [products(), memory().buffer.byteLength];
    expect(bytes, 'the heap grew').toBeGreaterThan(before.bytes);
    expect(productHelpers(memory()).splits - before.splits, 'every product split').toBe(6);
    expect(productHelpers(memory()).threads).toBe(1);
    await setThreads(1);
    products().forEach((values, i) => expect(Array.from(twoThreads[i]), `product ${i}`).toEqual(Array.from(values)));
    filler.dispose();
  });

  it("keeps XNNPACK's pool at one thread until a convolution runs, then gives it the threads asked for", async () => {
    await setThreads(2);
    await setBackend('wasm');
    const poolThreads = () => Number((tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }).wasm.tfjs.getThreadsCount());
    tf.tidy(() => tf.relu(tf.matMul(values([64, 64], 9), values([64, 64], 10))).dataSync());
    expect(poolThreads()).toBe(1);
    tf.tidy(() => tf.conv2d(values([2, 8, 8, 3], 11) as tf.Tensor4D, values([3, 3, 3, 4], 12) as tf.Tensor4D, 1, 'valid').dataSync());
    expect(poolThreads()).toBe(2);
    expect(describeBackend()).toBe('wasm (2 threads)');
  });

  it('computes the product again on this thread when a helper fails, then stops using helpers', async () => {
    await setThreads(2);
    await setBackend('wasm');
    // Helpers that instantiate an empty module: their first job throws (no kernels).
    const empty = new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    provideGemmHelpers((script, data) => startNodeGemmHelper(script, { ...data, module: empty }));
    try {
      const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
      const f32 = new Float32Array(memory.buffer);
      const [m, k, n] = [64, 256, 512];
      const [a, b, c] = [0, m * k * 4, (m * k + k * n) * 4];
      for (let i = 0; i < m * k + k * n; i++) f32[i] = ((i * 7919) % 1000) / 1000 - 0.5;
      const product = { kind: 'nn', a, b, c, bias: 0, aRow: k * 4, aK: 4, ldb: n, ldc: n, m, k, n } as const;
      multiply(memory, product); // starts the helper; it is not ready yet: this thread computes the whole
      const expected = f32.slice(c / 4, c / 4 + m * n);
      // Once its worker has loaded, a product offers it chunks: its first throws, and this thread computes the whole again.
      const until = Date.now() + 30_000;
      do {
        await new Promise((resolve) => setTimeout(resolve, 20));
        f32.fill(Number.NaN, c / 4, c / 4 + m * n);
        multiply(memory, product);
        expect(Array.from(f32.slice(c / 4, c / 4 + m * n))).toEqual(Array.from(expected));
      } while (productHelpers(memory).threads > 0 && Date.now() < until);
      expect(productHelpers(memory).threads, 'helpers stopped').toBe(0);
      expect(productHelpers(memory).parts, 'the failed helper computed no chunk').toBe(0);
      f32.fill(Number.NaN, c / 4, c / 4 + m * n);
      multiply(memory, product);
      expect(Array.from(f32.slice(c / 4, c / 4 + m * n)), 'on this thread alone after a failure').toEqual(Array.from(expected));
    } finally {
      provideGemmHelpers(startNodeGemmHelper);
    }
  });
});
