/**
 * The wasm backend's threaded build in Node: it starts with the thread count
 * asked for, says so in the backend line, changes its pool with setThreads,
 * and gives the same numbers (to 1e-5) on 1 and 2 threads for a training
 * step that meets each of Keraflow's wasm kernels that uses the pool.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients, as the other runtime tests get them
import { afterAll, describe, expect, it } from 'vitest';
import { describeBackend, setBackend } from '../../../runtime/backends/backend.ts';
import { nodeThreadedWasm } from '../../../runtime/backends/wasm-threads-node.ts';
import { MAX_THREADS, provideThreadedWasm, requestedThreads, setThreads, threadCount } from '../../../runtime/backends/wasm-threads.ts';
import { KeraflowError } from '../../../runtime/errors.ts';

// What runtime/node-setup.ts does for the Node entry (this file imports the backend module alone).
provideThreadedWasm(nodeThreadedWasm);

/** Seeded values in [-1, 1) that are not exact in few bits, so that any change in the order of a sum shows. */
function values(shape: number[], seed: number): tf.Tensor {
  let state = seed;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
  return tf.tensor(data, shape);
}

/**
 * The gradients of one training step of a small network, with respect to
 * its input and its four weights: a convolution (Conv2DBackpropFilter and
 * …Input), max and average pooling (their gradients), a dense layer (the
 * plain and both transposed products) and a recurrent gate product
 * (batch × 4·units), plus one large product so that XNNPACK splits its work.
 */
function stepGradients(): number[][] {
  const inputs = [values([16, 12, 12, 8], 1), values([3, 3, 8, 16], 2), values([400, 64], 3), values([32, 128], 4), values([16, 32], 5)];
  const big = [values([256, 384], 6), values([384, 256], 7)];
  const loss = (x: tf.Tensor, filter: tf.Tensor, dense: tf.Tensor, recurrent: tf.Tensor, state: tf.Tensor) => {
    const convolved = tf.relu(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid'));
    const pooled = tf.avgPool(tf.maxPool(convolved, 2, 2, 'valid'), 3, 1, 'same');
    const hidden = tf.tanh(tf.matMul(tf.reshape(pooled, [16, 400]), dense));
    const gates = tf.sigmoid(tf.matMul(state, recurrent));
    return tf.add(tf.sum(tf.mul(hidden, hidden)), tf.sum(tf.mul(gates, tf.slice(tf.tile(hidden, [1, 2]), [0, 0], [16, 128]))));
  };
  const grads = tf
    .grads(loss)(inputs)
    .map((gradient) => Array.from(gradient.dataSync()));
  return [...grads, Array.from(tf.matMul(big[0], big[1]).dataSync())];
}

function expectSame(actual: number[][], expected: number[][], tolerance: number, what: string): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  actual.forEach((array, which) => {
    const worst = array.reduce((max, value, i) => Math.max(max, Math.abs(value - expected[which][i]) / Math.max(1, Math.abs(expected[which][i]))), 0);
    expect(worst, `${what}, result ${which}`).toBeLessThanOrEqual(tolerance);
  });
}

async function on(backend: 'wasm' | 'cpu', body: () => number[][]): Promise<number[][]> {
  await setBackend(backend);
  let result: number[][] = [];
  tf.tidy(() => {
    result = body();
  });
  return result;
}

describe('threads on the wasm backend (Node)', () => {
  const environment = process.env.KERAFLOW_THREADS;
  afterAll(() => {
    process.env.KERAFLOW_THREADS = environment;
  });

  it('reads KERAFLOW_THREADS (at most 8), else the available cores, and names a bad value', () => {
    process.env.KERAFLOW_THREADS = '3';
    expect(requestedThreads()).toBe(3);
    process.env.KERAFLOW_THREADS = '64';
    expect(requestedThreads()).toBe(MAX_THREADS);
    process.env.KERAFLOW_THREADS = '';
    expect(requestedThreads()).toBe(Math.min(nodeThreadedWasm.cores(), MAX_THREADS));
    process.env.KERAFLOW_THREADS = 'two';
    expect(() => requestedThreads()).toThrow(KeraflowError);
    expect(() => requestedThreads()).toThrow('KERAFLOW_THREADS must be a whole number of threads, 1 or more, but got "two"');
  });

  it('setThreads refuses what is not a thread count', async () => {
    await expect(setThreads(0)).rejects.toThrow('setThreads must be a whole number of threads, 1 or more, but got 0');
    await expect(setThreads(1.5)).rejects.toThrow(KeraflowError);
  });

  it('starts with the count set before it starts, and says so in the backend line', async () => {
    await setThreads(2);
    await setBackend('wasm');
    expect(threadCount()).toBe(2);
    expect(describeBackend()).toBe('wasm (2 threads)');
  });

  it('gives the same gradients on 1 and 2 threads (to 1e-5), and the same as cpu (to 1e-4)', async () => {
    await setThreads(2);
    const twoThreads = await on('wasm', stepGradients);
    await setThreads(1);
    expect(describeBackend()).toBe('wasm (1 thread)');
    const oneThread = await on('wasm', stepGradients);
    await setThreads(2);
    expect(threadCount()).toBe(2);
    const twoAgain = await on('wasm', stepGradients);
    const cpu = await on('cpu', stepGradients);
    expectSame(oneThread, twoThreads, 1e-5, '1 thread against 2');
    expectSame(twoAgain, twoThreads, 1e-5, '2 threads after a change of pool');
    expectSame(twoThreads, cpu, 1e-4, 'wasm against cpu');
  });
});
