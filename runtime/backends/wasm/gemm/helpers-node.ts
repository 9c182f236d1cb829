/**
 * The products' helper threads in Node (see helpers.ts): eval workers, so
 * that the same script runs from the sources, from dist/ and from a bundle.
 * Unreferenced: idle helpers never keep a process alive.
 */
import { Worker } from 'node:worker_threads';
import type { HelperStart } from './helpers.ts';

export const startNodeGemmHelper: HelperStart = (script, data) => {
  const worker = new Worker(script, { eval: true, workerData: data, stderr: false, stdout: false });
  worker.unref();
  // A worker that dies leaves its state at JOB at worst: gemm.ts's timeout computes that part itself.
  worker.on('error', () => {});
  return { stop: () => void worker.terminate() };
};
