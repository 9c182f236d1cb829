/**
 * Replica threads in Node (see replicas.ts): worker_threads running
 * replica-worker, with the runtime on a one-thread wasm backend. Run from
 * the TypeScript sources (tests, KERAFLOW_FROM_SOURCE), the worker loads
 * them through tsx, as bin/keraflow.js does; from dist/, the JavaScript.
 * Workers are unreferenced, so that idle replicas never keep a process alive.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { FLAG_SLOTS, STATE, STATE_FAILED, type ReplicaSetup, type StepReply } from './protocol.ts';
import type { ReplicaThread } from './replicas.ts';

const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(`./replica-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;

/** The worker's script: the entry itself, or (sources) a script that registers tsx's ESM loader first (its ESM build: the CommonJS one fails in a worker). */
function workerScript(): { script: string | URL; evaluated: boolean } {
  if (!fromSource) return { script: new URL(entry), evaluated: false };
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return { script: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, evaluated: true };
}

/**
 * Starts a replica's worker. A worker that fails to load (or dies) is marked
 * failed in the shared flags with its error, which the group reads.
 */
export function startNodeReplica(setup: ReplicaSetup): ReplicaThread {
  const { port1, port2 } = new MessageChannel();
  const { script, evaluated } = workerScript();
  const flags = new Int32Array(setup.memory.flags);
  let failure: StepReply | undefined;
  const fail = (reason: string) => {
    failure ??= { step: 0, error: reason };
    Atomics.store(flags, setup.index * FLAG_SLOTS + STATE, STATE_FAILED);
    Atomics.notify(flags, setup.index * FLAG_SLOTS + STATE);
  };
  const worker = new Worker(script, {
    eval: evaluated,
    ...(evaluated ? { execArgv: [] } : {}),
    workerData: { setup, port: port2 },
    transferList: [port2],
    env: { ...process.env, KERAFLOW_BACKEND: 'wasm', KERAFLOW_THREADS: '1' },
    stderr: false,
  });
  worker.on('error', (error) => fail(error instanceof Error ? error.message : String(error)));
  worker.on('exit', (code) => fail(`its worker exited (code ${code})`));
  worker.unref();
  port1.unref();
  return {
    post: (request, transfer) => port1.postMessage(request, transfer),
    receive: () => (receiveMessageOnPort(port1)?.message as StepReply | undefined) ?? failure,
    stop: () => {
      worker.removeAllListeners('exit');
      port1.close();
      void worker.terminate();
    },
  };
}
