/**
 * A replica's worker thread (Node): Keraflow's runtime on a one-thread wasm
 * backend (its environment says so), the model rebuilt from its architecture
 * and compiled with its training config, then one step per message: the
 * parameters read from shared memory, the gradients of its slice written
 * back, the sums answered on its port. The main thread waits on the flags.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { type MessagePort, workerData } from 'node:worker_threads';
// First: the runtime starts its backend (the worker's environment asks for wasm on one thread).
import '../../node.ts';
import { modelFromBytes } from '../../saving/model-bytes.ts';
import { compileFromTrainingConfig } from '../training-config.ts';
import { loadGradients } from '../gradients.ts';
import { setupOf } from '../compile.ts';
import { DONE, FLAG_SLOTS, STATE, STATE_FAILED, STATE_READY, type ReplicaSetup, type StepReply, type StepRequest, type TensorData } from './protocol.ts';
import { Replica } from './replica.ts';

const { setup, port } = workerData as { setup: ReplicaSetup; port: MessagePort };
const flags = new Int32Array(setup.memory.flags);
const base = setup.index * FLAG_SLOTS;

function signal(slot: number, value: number): void {
  Atomics.store(flags, base + slot, value);
  Atomics.notify(flags, base + slot);
}

/** This thread's CPU time in ms (Linux: /proc/thread-self, 10 ms ticks), undefined elsewhere: benchmarks add it over steps. */
function threadCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function tensorOf(given: TensorData): tf.Tensor {
  return tf.tensor(given.data, given.shape, given.dtype);
}

async function start(): Promise<Replica> {
  await loadGradients();
  const { model } = modelFromBytes({ architecture: setup.architecture });
  compileFromTrainingConfig(model, setup.trainingConfig, 'the training config');
  return new Replica(model, setupOf(model, 'fit'));
}

function run(replica: Replica, request: StepRequest): StepReply {
  const parameters = new Float32Array(setup.memory.parameters);
  const gradients = new Float32Array(setup.memory.gradients[setup.index]);
  return tf.tidy(() => {
    let offset = 0;
    for (const { variable } of replica.model.parameters()) {
      variable.assign(tf.tensor(parameters.subarray(offset, offset + variable.size), variable.shape));
      offset += variable.size;
    }
    const batch = { inputs: request.inputs.map(tensorOf), targets: request.targets.map(tensorOf), weights: request.weights.map((w) => (w ? tensorOf(w) : undefined)) };
    const result = replica.compute(batch, request.counts, request.withPenalty);
    offset = 0;
    const missing = result.gradients.map((gradient, index) => {
      const size = replica.trainable[index].size;
      if (gradient) gradients.set(gradient.dataSync() as Float32Array, offset);
      offset += size;
      return gradient === null;
    });
    return { step: request.step, sums: result.sums, missing };
  });
}

start().then(
  (replica) => {
    port.on('message', (request: StepRequest) => {
      let reply: StepReply;
      try {
        const cpu = threadCpuMs();
        reply = run(replica, request);
        if (cpu !== undefined) reply = { ...reply, cpuMs: threadCpuMs()! - cpu };
      } catch (error) {
        reply = { step: request.step, error: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(reply);
      signal(DONE, request.step);
    });
    signal(STATE, STATE_READY);
  },
  (error: unknown) => {
    port.postMessage({ step: 0, error: error instanceof Error ? error.message : String(error) });
    signal(STATE, STATE_FAILED);
  },
);
