/**
 * When the threaded build cannot start, the wasm backend runs tfjs's own
 * build on one thread, and the backend line says why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeBackend, setBackend } from '../../../runtime/backends/backend.ts';
import { provideThreadedWasm, setThreads, threadCount } from '../../../runtime/backends/wasm-threads.ts';
import { KeraflowError } from '../../../runtime/errors.ts';

provideThreadedWasm({
  cores: () => 2,
  files: () => Promise.reject(new Error('no worker script here')),
});

describe('threads that cannot start', () => {
  it('fall back to one thread, named in the backend line, and the backend computes', async () => {
    await setThreads(2);
    await setBackend('wasm');
    expect(threadCount()).toBe(1);
    expect(describeBackend()).toBe('wasm (1 thread: the threaded build did not start (no worker script here))');
    expect(Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync())).toEqual([11]);
  });

  it('setThreads then says that more threads need a restart', async () => {
    await expect(setThreads(2)).rejects.toThrow(KeraflowError);
    await expect(setThreads(2)).rejects.toThrow(
      "setThreads(2): the wasm backend runs tfjs's build without threads, which cannot add them while it runs; set KERAFLOW_THREADS=2 before Keraflow starts",
    );
    expect(describeBackend(), 'the reason stays').toMatch(/no worker script here/);
    await setThreads(1);
  });
});
