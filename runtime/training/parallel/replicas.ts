/**
 * Data-parallel training: the one-thread wasm backend's step is mostly
 * single-threaded work (element-wise kernels, tfjs's tape, Keraflow's JS
 * kernels), so a second core helps little by splitting products alone.
 * Instead, N replicas of the model (one per thread, each on a one-thread wasm
 * backend) each compute the gradient of their slice of the batch (replica.ts:
 * the slices' gradients add up to the whole batch's); the main thread adds
 * them, applies the optimizer and the constraints once, and the replicas read
 * the new parameters from shared memory at the next step. The main thread
 * waits with Atomics.wait, so a step stays synchronous, as fit's loop is.
 *
 * When: the thread count (setThreads, KERAFLOW_THREADS, the cores) is above 1,
 * the backend is wasm, a platform can start threads (Node: node-replicas.ts),
 * the model and its training setup can be rebuilt from data (no custom layers
 * or functions), no layer updates state while training (BatchNormalization's
 * moving statistics would be split) and no Input fixes the batch size, and the fit is long enough to pay for
 * starting the threads: the replicas start in the background once a step has
 * been timed, and take over at the first step after they are ready; the main
 * thread trains meanwhile. They stay for the model's next fits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { requestedThreads } from '../../backends/wasm-threads.ts';
import type { Model } from '../../engine/model.ts';
import { KeraflowError } from '../../errors.ts';
import { architectureText } from '../../saving/model-bytes.ts';
import type { TrainingSetup } from '../compile.ts';
import type { Channels } from '../data.ts';
import { describeTrainingConfig } from '../training-config.ts';
import { DONE, FLAG_SLOTS, STATE, STATE_FAILED, STATE_READY, type ReplicaSetup, type SharedMemory, type StepReply, type StepRequest, type TensorData } from './protocol.ts';
import { batchCounts, combineLogged } from './replica.ts';

/** A replica's thread as a platform starts it. */
export interface ReplicaThread {
  post(request: StepRequest, transfer: ArrayBuffer[]): void;
  /** The reply waiting on the port, without waiting (the flags say when it is there). */
  receive(): StepReply | undefined;
  stop(): void;
}

/** Starts replica threads: provided by runtime/node-setup.ts (Node's workers). */
export type ReplicaThreadStarter = (setup: ReplicaSetup) => ReplicaThread;

let starter: ReplicaThreadStarter | undefined;

export function provideReplicaThreads(start: ReplicaThreadStarter): void {
  starter = start;
}

/**
 * When a fit starts replicas: its steps (after the first, a warm-up) take at
 * least minStepMs, and the rest of the fit at least minRemainingMs at that
 * pace; after judgeAfterSteps steps on them, replicas slower than the main
 * thread are stopped. Tests and benchmarks change them.
 */
export const replicaPolicy = { minStepMs: 10, minRemainingMs: 3000, judgeAfterSteps: 5 };

/** How long the main thread waits for a replica's step before it gives up (a thread that died never answers). */
const STEP_TIMEOUT_MS = 600_000;

/** Why `model` trains on one replica, or undefined when it can train on several. */
export function replicaBlocker(model: Model): string | undefined {
  if (!starter) return 'no worker threads here';
  if (requestedThreads() < 2) return 'one thread asked';
  if (tf.getBackend() !== 'wasm') return `the ${tf.getBackend()} backend`;
  const stateful = model.parameters().find(({ layer, name }) => !layer.isTrainableParam(name));
  if (stateful) return `its layer '${stateful.layer.name}' updates '${stateful.name}' while training, which replicas would split`;
  // An activity penalty is divided by the batch's size: a slice's would be divided by the slice's.
  const penalized = model.layers.find((layer) => layer.hasActivityPenalty());
  if (penalized) return `its layer '${penalized.name}' has an activity regularizer, which replicas would scale by their slice`;
  // A slice of a batch is a smaller batch: a fixed batch size (stateful recurrent layers need one) cannot be split.
  if (model.fixedBatchSize() !== undefined) return `its Input fixes the batch size (${model.fixedBatchSize()}), which replicas would split`;
  const training = describeTrainingConfig(model);
  if ('reason' in training) return training.reason;
  try {
    architectureText(model, 'json');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

/**
 * What training `model` runs on, as `keraflow train` says it (wasm only):
 * `2 replicas (worker threads) once a step is timed and the fit is long enough`,
 * or `1 replica: <why>`.
 */
export function describeReplicas(model: Model): string {
  const reason = slower.has(model) ? 'its replicas were slower than one thread' : replicaBlocker(model);
  return reason ? `1 replica: ${reason}` : `${requestedThreads()} replicas (worker threads) once a step is timed and the fit is long enough`;
}

/** The replicas of one model with one training setup. */
export class ReplicaGroup {
  private readonly threads: ReplicaThread[];
  private readonly flags: Int32Array;
  private readonly parameters: Float32Array;
  private readonly gradients: Float32Array[];
  /** Steps the replicas have computed. */
  step = 0;
  /** Per replica, its thread's CPU time over those steps (ms; Linux, else 0): for benchmarks. */
  readonly cpuMs: number[];
  /** Why the replicas failed to start, once they did. */
  failure?: string;
  /** Wall ms of a step on the main thread (the median of the fit that started them), and of their steps: FitReplicas compares them once. */
  mainStepMs?: number;
  readonly replicaStepMs: number[] = [];
  judged = false;

  constructor(
    readonly model: Model,
    readonly key: string,
    count: number,
    architecture: string,
    trainingConfig: unknown,
  ) {
    const parameters = model.parameters();
    const total = parameters.reduce((sum, p) => sum + p.variable.size, 0);
    const trainable = parameters.filter((p) => p.trainable).reduce((sum, p) => sum + p.variable.size, 0);
    const memory: SharedMemory = {
      parameters: new SharedArrayBuffer(4 * total),
      gradients: Array.from({ length: count }, () => new SharedArrayBuffer(4 * trainable)),
      flags: new SharedArrayBuffer(4 * FLAG_SLOTS * count),
    };
    this.flags = new Int32Array(memory.flags);
    this.parameters = new Float32Array(memory.parameters);
    this.gradients = memory.gradients.map((buffer) => new Float32Array(buffer));
    this.threads = Array.from({ length: count }, (_, index) => starter!({ index, architecture, trainingConfig, memory }));
    this.cpuMs = this.threads.map(() => 0);
  }

  /** Every replica has started (and none failed). */
  get ready(): boolean {
    if (this.failure) return false;
    const states = this.threads.map((_, index) => Atomics.load(this.flags, index * FLAG_SLOTS + STATE));
    const failed = states.indexOf(STATE_FAILED);
    if (failed >= 0) {
      const reply = this.threads[failed].receive();
      this.failure = reply && 'error' in reply ? reply.error : 'a replica did not start';
      this.stop();
    }
    return !this.failure && states.every((state) => state === STATE_READY);
  }

  stop(): void {
    this.threads.forEach((thread) => thread.stop());
  }

  /**
   * The whole batch's gradients (per trainable parameter, null where no
   * replica's loss depends on it) and its logged values, computed by the
   * replicas on slices of `batch` (`size` samples). Call inside a tidy.
   */
  compute(batch: Channels, size: number, setup: TrainingSetup): { gradients: (tf.Tensor | null)[]; logged: tf.Tensor } {
    const parameters = this.model.parameters();
    let offset = 0;
    for (const { variable } of parameters) {
      this.parameters.set(variable.dataSync() as Float32Array, offset);
      offset += variable.size;
    }
    const counts = batchCounts(batch, size);
    const whole = { inputs: batch.inputs.map(tensorData), targets: batch.targets.map(tensorData), weights: batch.weights.map((w) => (w ? tensorData(w) : null)) };
    const active = Math.min(this.threads.length, size);
    const step = ++this.step;
    for (let index = 0; index < active; index++) {
      const begin = Math.floor((index * size) / active);
      const end = Math.floor(((index + 1) * size) / active);
      const rows = (t: TensorData) => rowsOf(t, begin, end);
      const request: StepRequest = {
        step,
        counts,
        withPenalty: index === 0,
        inputs: whole.inputs.map(rows),
        targets: whole.targets.map(rows),
        weights: whole.weights.map((w) => w && rows(w)),
      };
      this.threads[index].post(
        request,
        [...request.inputs, ...request.targets, ...request.weights].flatMap((t) => (t ? [t.data.buffer as ArrayBuffer] : [])),
      );
    }
    const replies = this.threads.slice(0, active).map((thread, index) => this.awaitReply(thread, index, step));
    return {
      gradients: this.addGradients(
        parameters.filter((p) => p.trainable).map((p) => p.variable),
        replies,
      ),
      logged: tf.tensor1d(
        combineLogged(
          setup,
          replies.map((r) => r.sums),
          counts,
        ),
      ),
    };
  }

  private awaitReply(thread: ReplicaThread, index: number, step: number): { sums: number[]; missing: boolean[] } {
    const slot = index * FLAG_SLOTS + DONE;
    for (let done = Atomics.load(this.flags, slot); done !== step; done = Atomics.load(this.flags, slot)) {
      if (Atomics.wait(this.flags, slot, done, STEP_TIMEOUT_MS) === 'timed-out') {
        throw new KeraflowError(`training replica ${index + 1} gave no answer within ${STEP_TIMEOUT_MS / 1000} s`, { argument: 'threads', expected: 'an answer', given: 'none' });
      }
    }
    const reply = thread.receive();
    if (!reply || reply.step !== step) throw new KeraflowError(`training replica ${index + 1} answered step ${reply?.step} instead of ${step}`, { argument: 'threads' });
    if ('error' in reply) throw new KeraflowError(`training replica ${index + 1} failed: ${reply.error}`, { argument: 'threads', given: reply.error });
    this.cpuMs[index] += reply.cpuMs ?? 0;
    return reply;
  }

  /** The replicas' gradients added (on the backend: its vector add beats a JS loop), as one tensor per trainable parameter. */
  private addGradients(trainable: tf.Variable[], replies: { missing: boolean[] }[]): (tf.Tensor | null)[] {
    let offset = 0;
    return trainable.map((variable, which) => {
      const start = offset;
      offset += variable.size;
      const parts = replies.flatMap((reply, index) => (reply.missing[which] ? [] : [tf.tensor(this.gradients[index].subarray(start, offset), variable.shape)]));
      return parts.length === 0 ? null : parts.length === 1 ? parts[0] : tf.addN(parts);
    });
  }
}

function tensorData(tensor: tf.Tensor): TensorData {
  const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
  const values = tensor.dataSync();
  return { data: values instanceof Float32Array || values instanceof Int32Array ? values : Float32Array.from(values as ArrayLike<number>), shape: tensor.shape, dtype };
}

/** Rows [begin, end) of a tensor's data (a copy: it is transferred to the replica). */
function rowsOf(tensor: TensorData, begin: number, end: number): TensorData {
  const row = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  return { data: tensor.data.slice(begin * row, end * row), shape: [end - begin, ...tensor.shape.slice(1)], dtype: tensor.dtype };
}

/** Per model, its replicas (kept for its next fits while its architecture and training setup stay the same). */
const groups = new WeakMap<Model, ReplicaGroup>();

/**
 * What one fit does about replicas: after a timed step, starts them when the
 * fit is long enough (or reuses the model's), and hands out the group once
 * it is ready.
 */
export class FitReplicas {
  private stepsDone = 0;
  private decided = false;
  private group?: ReplicaGroup;
  /** Wall ms of this fit's steps on the main thread (after the first, a warm-up). */
  private readonly mainSteps: number[] = [];

  constructor(
    private readonly model: Model,
    private readonly plannedSteps: number,
  ) {
    const existing = groups.get(model);
    if (slower.has(model)) this.decided = true;
    else if (existing && !existing.failure && replicaBlocker(model) === undefined && existing.key === groupKey(model)) {
      this.group = existing;
      this.decided = true;
    }
  }

  /** The replicas, when they are ready to take this step. */
  readyGroup(): ReplicaGroup | undefined {
    return this.group?.ready ? this.group : undefined;
  }

  /**
   * After each step, its wall time (from the batch to the updated weights).
   * On the main thread, it decides once whether to start replicas; on the
   * replicas, once judgeAfterSteps of them are timed, they are stopped (for
   * this model, for good) when they were not faster than the main thread's
   * steps of the same fit: a busy machine, or a model whose parameters
   * outweigh its computation, can make them slower.
   */
  afterStep(milliseconds: number, onReplicas: boolean): void {
    const group = this.group;
    if (onReplicas && group) {
      group.replicaStepMs.push(milliseconds);
      if (!group.judged && group.replicaStepMs.length >= replicaPolicy.judgeAfterSteps && group.mainStepMs !== undefined) {
        group.judged = true;
        if (medianOf(group.replicaStepMs) >= group.mainStepMs) {
          slower.add(this.model);
          group.stop();
          groups.delete(this.model);
          this.group = undefined;
        }
      }
      return;
    }
    this.stepsDone++;
    if (this.stepsDone >= 2) this.mainSteps.push(milliseconds);
    if (group && this.mainSteps.length > 0) group.mainStepMs = medianOf(this.mainSteps);
    if (this.decided || this.stepsDone < 2) return;
    this.decided = true;
    const remaining = (this.plannedSteps - this.stepsDone) * milliseconds;
    if (milliseconds < replicaPolicy.minStepMs || remaining < replicaPolicy.minRemainingMs || replicaBlocker(this.model) !== undefined) return;
    groups.get(this.model)?.stop();
    const training = describeTrainingConfig(this.model) as { config: unknown };
    this.group = new ReplicaGroup(this.model, groupKey(this.model), requestedThreads(), architectureText(this.model, 'json'), training.config);
    this.group.mainStepMs = medianOf(this.mainSteps);
    groups.set(this.model, this.group);
  }
}

/** Models whose replicas were slower than their main thread: they train on it from then on. */
const slower = new WeakSet<Model>();

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** What replicas were built from: a model recompiled differently (or another thread count) needs new ones. */
function groupKey(model: Model): string {
  return JSON.stringify([requestedThreads(), describeTrainingConfig(model), architectureText(model, 'json')]);
}

/**
 * Waits until `model`'s replicas are ready (true), or failed or absent
 * (false): for benchmarks and tests, which time or check steps that run on
 * them. Polls: the main thread's event loop has no message to wait for.
 */
export async function whenReplicasReady(model: Model, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const group = groups.get(model);
    if (!group || group.failure) return false;
    if (group.ready) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `model`'s replicas, when it has some (tests look inside). */
export function replicaGroupOf(model: Model): ReplicaGroup | undefined {
  return groups.get(model);
}

/** Why `model`'s replicas failed to start, when they did. */
export function replicaFailure(model: Model): string | undefined {
  const group = groups.get(model);
  return group && !group.ready ? group.failure : undefined;
}

/** How many steps `model`'s replicas have computed (0 without replicas). */
export function replicaStepsDone(model: Model): number {
  return groups.get(model)?.step ?? 0;
}

/** Per replica of `model`, its thread's CPU time so far (ms; Linux only, else zeros): benchmarks divide by the steps. */
export function replicaCpuMs(model: Model): number[] {
  return [...(groups.get(model)?.cpuMs ?? [])];
}
