/**
 * A replica's worker thread (Node): Keraflow's runtime on a one-thread wasm
 * backend (its environment says so), the model rebuilt from its architecture
 * and compiled with its training config (its own optimizer), then one message
 * at a time: a sync (the main thread's parameters and optimizer state), or a
 * step: the gradients of its slice written to shared memory, its sums
 * answered on its port, its share of the gradients added up, and the whole
 * sum applied as the main thread applies it (shared-gradients.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
// First: the runtime starts its backend (the worker's environment asks for wasm on one thread).
import '../../node.ts';
import { modelFromBytes } from '../../saving/model-bytes.ts';
import { compileFromTrainingConfig } from '../training-config.ts';
import { loadGradients } from '../gradients.ts';
import { setupOf } from '../compile.ts';
import { FLAG_SLOTS, STATE, STATE_FAILED, STATE_READY, type ReplicaSetup, type StepReply, type StepRequest, type SyncRequest, type TensorData } from './protocol.ts';
import { Replica } from './replica.ts';
import { SharedGradients } from './shared-gradients.ts';
import { spinUntil } from '../../spin-until.ts';

const { setup, port } = workerData as { setup: ReplicaSetup; port: MessagePort };
const flags = new Int32Array(setup.memory.flags);
const cpuMs = new Float64Array(setup.memory.cpu);

function signalState(value: number): void {
  Atomics.store(flags, setup.index * FLAG_SLOTS + STATE, value);
  Atomics.notify(flags, setup.index * FLAG_SLOTS + STATE);
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function start(): Promise<{ replica: Replica; shared: SharedGradients }> {
  await loadGradients();
  const { model } = modelFromBytes({ architecture: setup.architecture });
  compileFromTrainingConfig(model, setup.trainingConfig, 'the training config');
  const replica = new Replica(model, setupOf(model, 'fit'));
  return {
    replica,
    shared: new SharedGradients(
      setup.memory,
      setup.computing,
      setup.index,
      replica.trainable.map((v) => v.shape),
      setup.spinMs,
    ),
  };
}

function sync(replica: Replica, request: SyncRequest): void {
  replica.model.parameters().forEach(({ variable }, index) => variable.assign(tf.tensor(request.parameters[index], variable.shape)));
  const slots = new Map(replica.trainable.map((variable, index) => [variable, request.slots[index].map((values) => tf.tensor(values, variable.shape))]));
  replica.setup.optimizer.restore({ iterations: request.iterations, slots });
}

/**
 * One step. Whatever fails, the others never wait in vain: an error before
 * the gradients is answered (the main thread abandons the step), one after
 * them abandons the step itself and marks this replica failed.
 */
function step(replica: Replica, shared: SharedGradients, request: StepRequest): void {
  tf.tidy(() => {
    let reply: StepReply;
    try {
      const { optimizer } = replica.setup;
      // A callback may have changed the main thread's rate (a schedule's is the same on both: same iterations).
      if (optimizer.lr !== request.learningRate) optimizer.lr = request.learningRate;
      const batch = { inputs: request.inputs.map(tensorOf), targets: request.targets.map(tensorOf), weights: request.weights.map((w) => (w ? tensorOf(w) : undefined)) };
      const result = replica.compute(batch, request.counts, request.withPenalty);
      shared.write(result.gradients);
      reply = { step: request.step, sums: result.sums };
    } catch (error) {
      reply = { step: request.step, error: messageOf(error) };
    }
    // Answered before the flag says so: the main thread reads the answer once it sees the flag.
    port.postMessage(reply);
    shared.announce(request.step);
    try {
      shared.awaitGradients(request.step);
      shared.addShare(request.step);
      if (shared.awaitSum(request.step)) replica.apply(shared.read());
    } catch (error) {
      port.postMessage({ step: request.step, error: messageOf(error) });
      shared.abandon(request.step);
      signalState(STATE_FAILED);
    }
  });
}

/** The next request, when it comes within setup.spinMs. */
function nextRequest(): SyncRequest | StepRequest | undefined {
  let next: { message: SyncRequest | StepRequest } | undefined;
  spinUntil(setup.spinMs, () => (next = receiveMessageOnPort(port)) !== undefined);
  return next?.message;
}

start().then(
  ({ replica, shared }) => {
    port.on('message', (first: SyncRequest | StepRequest) => {
      // After a step the next one is usually on its way: polling the port a little spares this thread a wake-up.
      for (let request: SyncRequest | StepRequest | undefined = first; request; request = nextRequest()) {
        const cpu = threadCpuMs();
        if (request.kind === 'sync') tf.tidy(() => sync(replica, request));
        else step(replica, shared, request);
        if (cpu !== undefined) cpuMs[setup.index] += threadCpuMs()! - cpu;
      }
    });
    signalState(STATE_READY);
  },
  (error: unknown) => {
    port.postMessage({ step: 0, error: messageOf(error) });
    signalState(STATE_FAILED);
  },
);
