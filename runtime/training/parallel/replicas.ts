/**
 * Data-parallel training: the one-thread wasm backend's step is mostly
 * single-threaded work (element-wise kernels, tfjs's tape, Keraflow's JS
 * kernels), so a second core helps little by splitting products alone.
 * Instead, N replicas of the model (the main thread's model and N-1 copies on
 * worker threads, each on a one-thread wasm backend) each compute the
 * gradient of their slice of the batch (replica.ts: the slices' gradients add
 * up to the whole batch's), add up their share of the parameters' gradients
 * in shared memory, and apply the whole sum with their own optimizer and
 * constraints (shared-gradients.ts): so N threads are busy, not N + 1, no
 * thread adds or updates all the parameters alone, and the copies stay equal
 * without sending parameters at each step. The main thread waits with
 * Atomics.wait, so a step stays synchronous, as fit's loop is.
 *
 * When: the thread count (setThreads, KERAFLOW_THREADS, the cores) is above 1,
 * the backend is wasm, a platform can start threads (Node: node-replicas.ts),
 * the model and its training setup can be rebuilt from data (no custom layers
 * or functions), no layer updates state while training (BatchNormalization's
 * moving statistics would be split) and no Input fixes the batch size, and the fit is long enough to pay for
 * starting the threads: the replicas start in the background once the main
 * thread's pace is timed (after its warm-up), and take over at the first
 * step after they are ready; the main thread trains meanwhile. They stay for
 * the model's next fits, unless they were not faster than the main thread
 * on the wasm pool (replicaPolicy).
 */
import * as tf from '@tensorflow/tfjs-core';
import { lendPoolThreads, requestedThreads, takeBackPoolThreads } from '../../backends/wasm-threads.ts';
import type { Model } from '../../engine/model.ts';
import { KeraflowError } from '../../errors.ts';
import { architectureText } from '../../saving/model-bytes.ts';
import type { TrainingSetup } from '../compile.ts';
import type { Channels } from '../data.ts';
import { describeTrainingConfig } from '../training-config.ts';
import { disposeSnapshot } from '../optimizers/optimizer.ts';
import { FLAG_SLOTS, shareOf, STATE, STATE_FAILED, STATE_READY, type ReplicaSetup, type SharedMemory, type StepReply, type StepRequest, type SyncRequest, type TensorData } from './protocol.ts';
import { batchCounts, combineLogged, Replica } from './replica.ts';
import { SharedGradients } from './shared-gradients.ts';

/** A replica's thread as a platform starts it. */
export interface ReplicaThread {
  post(request: SyncRequest | StepRequest, transfer: ArrayBuffer[]): void;
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
 * When a fit starts replicas: once warmUpSteps steps have run (the first
 * steps of a fit run slower while code and memory warm up: two to three
 * times slower for the MLP, for some 20 steps), the median of the next
 * timedSteps is the main thread's pace; they start when it is at least
 * minStepMs, and the rest of the fit at least minRemainingMs at that pace.
 * After judgeAfterSteps steps on the replicas, they are stopped when the
 * median of the later half of them (theirs warm up too) is not faster than
 * that pace. mainThreadSlice: the main thread computes one of the
 * N slices itself (N-1 workers; its wasm pool then lends its threads), or
 * only hands out the slices and applies the sum (N workers, the main thread
 * mostly waiting). spinMs: how long a thread waiting for another (for its
 * gradients, its share, its next step) polls before it sleeps. Tests and
 * benchmarks change them.
 */
export const replicaPolicy = { minStepMs: 10, minRemainingMs: 3000, warmUpSteps: 20, timedSteps: 10, judgeAfterSteps: 20, mainThreadSlice: true, spinMs: 2 };

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
 * `2 replicas (this thread and 1 worker thread) once its first steps are timed and the fit is long enough`,
 * or `1 replica: <why>`.
 */
export function describeReplicas(model: Model): string {
  const reason = slower.has(model) ? 'its replicas were slower than this thread with the wasm pool' : replicaBlocker(model);
  if (reason) return `1 replica: ${reason}`;
  const slices = requestedThreads();
  const workers = replicaPolicy.mainThreadSlice ? slices - 1 : slices;
  const threads = `${replicaPolicy.mainThreadSlice ? 'this thread and ' : ''}${workers} worker thread${workers === 1 ? '' : 's'}`;
  return `${slices} replicas (${threads}) once its first steps are timed and the fit is long enough`;
}

/**
 * The replicas of one model with one training setup: N slices of each batch,
 * computed by the main thread and N-1 workers, or by N workers
 * (replicaPolicy.mainThreadSlice), and the summed gradients applied by every
 * thread to its own copy of the model. The workers' copies follow the
 * main thread's as long as every step runs on the group; anything else that
 * changes the main thread's parameters or optimizer state (a step on the main
 * thread alone, a restored snapshot, a callback, a new fit) marks them stale,
 * and the next step sends the main thread's state first.
 */
export class ReplicaGroup {
  private readonly threads: ReplicaThread[];
  private readonly flags: Int32Array;
  private readonly cpu: Float64Array;
  private readonly shared: SharedGradients;
  /** The participants that compute a slice, in the order of their slices (0: the main thread). */
  private readonly computing: number[];
  private main?: Replica;
  /** The workers' parameters and optimizer state are the main thread's. */
  synced = false;
  /** Steps the replicas have computed. */
  step = 0;
  /** Why the replicas failed to start, once they did. */
  failure?: string;
  /** Wall ms of a step on the main thread (its pace after its warm-up, before they started), and of their steps: FitReplicas compares them once. */
  mainStepMs?: number;
  readonly replicaStepMs: number[] = [];
  judged = false;
  /** This thread's pool lent its threads to the replicas (wasm-threads.ts). */
  private lent = false;

  constructor(
    readonly model: Model,
    readonly key: string,
    /** The slices of a batch (the threads asked for). */
    readonly slices: number,
    architecture: string,
    trainingConfig: unknown,
  ) {
    const workers = replicaPolicy.mainThreadSlice ? slices - 1 : slices;
    const participants = workers + 1;
    this.computing = Array.from({ length: slices }, (_, position) => (replicaPolicy.mainThreadSlice ? position : position + 1));
    const shapes = model
      .parameters()
      .filter((p) => p.trainable)
      .map((p) => p.variable.shape);
    const trainable = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
    const memory: SharedMemory = {
      gradients: Array.from({ length: participants }, (_, index) => new SharedArrayBuffer(this.computing.includes(index) ? 4 * trainable : 0)),
      sum: new SharedArrayBuffer(4 * trainable),
      missing: new SharedArrayBuffer(4 * participants * shapes.length),
      flags: new SharedArrayBuffer(4 * FLAG_SLOTS * participants),
      cpu: new SharedArrayBuffer(8 * participants),
    };
    this.flags = new Int32Array(memory.flags);
    this.cpu = new Float64Array(memory.cpu);
    this.shared = new SharedGradients(memory, this.computing, 0, shapes, replicaPolicy.spinMs);
    Atomics.store(this.flags, STATE, STATE_READY);
    this.threads = Array.from({ length: workers }, (_, worker) => starter!({ index: worker + 1, computing: this.computing, architecture, trainingConfig, memory, spinMs: replicaPolicy.spinMs }));
  }

  /** Every replica has started (and none failed). */
  get ready(): boolean {
    if (this.failure) return false;
    const states = this.threads.map((_, worker) => Atomics.load(this.flags, (worker + 1) * FLAG_SLOTS + STATE));
    const failed = states.indexOf(STATE_FAILED);
    if (failed >= 0) {
      const reply = this.threads[failed].receive();
      this.fail(reply && 'error' in reply ? reply.error : 'a replica did not start');
    }
    return !this.failure && states.every((state) => state === STATE_READY);
  }

  /** Per worker, its thread's CPU ms over its steps so far (Linux, else 0): for benchmarks. */
  get cpuMs(): number[] {
    return Array.from(this.cpu.subarray(1));
  }

  stop(): void {
    this.threads.forEach((thread) => thread.stop());
    // Best effort: a pool that cannot grow again leaves the backend on one thread, which still computes right.
    if (this.lent) takeBackPoolThreads().catch(() => undefined);
    this.lent = false;
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.stop();
  }

  /**
   * One training step on `batch` (`size` samples, at least one per
   * participant): every participant's slice, the summed gradients applied
   * everywhere (with `setup`'s optimizer on the main thread). Returns the
   * values a one-thread step logs; `check` sees them before the update and
   * may throw to stop it (no participant then applies it). Call inside a tidy.
   */
  train(batch: Channels, size: number, setup: TrainingSetup, check?: (logged: number[]) => void): number[] {
    if (!this.synced) this.sync(setup);
    if (this.computing[0] === 0) {
      lendPoolThreads();
      this.lent = true;
    }
    // A recompiled model keeps its replicas (same training config) but has a new optimizer.
    if (this.main?.setup !== setup) this.main = new Replica(this.model, setup);
    const counts = batchCounts(batch, size);
    const step = ++this.step;
    const whole = { inputs: batch.inputs.map(tensorData), targets: batch.targets.map(tensorData), weights: batch.weights.map((w) => (w ? tensorData(w) : null)) };
    // Slices in order; the main thread's (when it computes one) is the first, with the regularizers' penalty.
    this.threads.forEach((thread, worker) => {
      const position = this.computing.indexOf(worker + 1);
      const [begin, end] = shareOf(position, this.slices, size);
      const rows = (t: TensorData) => rowsOf(t, begin, end);
      const request: StepRequest = {
        kind: 'step',
        step,
        counts,
        withPenalty: position === 0,
        learningRate: setup.optimizer.lr,
        inputs: whole.inputs.map(rows),
        targets: whole.targets.map(rows),
        weights: whole.weights.map((w) => w && rows(w)),
      };
      thread.post(
        request,
        [...request.inputs, ...request.targets, ...request.weights].flatMap((t) => (t ? [t.data.buffer as ArrayBuffer] : [])),
      );
    });
    let logged: number[];
    try {
      const sums: number[][] = [];
      if (this.computing[0] === 0) {
        const [, end] = shareOf(0, this.slices, size);
        const rows = (t: tf.Tensor) => tf.slice(t, 0, end);
        const own = this.main.compute({ inputs: batch.inputs.map(rows), targets: batch.targets.map(rows), weights: batch.weights.map((w) => w && rows(w)) }, counts, true);
        this.shared.write(own.gradients);
        this.shared.announce(step);
        sums.push(own.sums);
      }
      this.shared.awaitGradients(step);
      this.threads.forEach((thread, worker) => sums.push(this.reply(thread, worker + 1, step)));
      logged = combineLogged(setup, sums, counts);
    } catch (error) {
      // The workers may wait for this step for ever: they go.
      this.fail(error instanceof Error ? error.message : String(error));
      throw error;
    }
    try {
      check?.(logged);
    } catch (error) {
      this.shared.abandon(step);
      throw error;
    }
    this.shared.addShare(step);
    if (!this.shared.awaitSum(step)) {
      // A worker failed after its gradients: it said why on its port.
      const failures = this.threads.map((thread) => thread.receive()).filter((reply) => reply && 'error' in reply);
      const reason = failures.map((reply) => (reply as { error: string }).error).join('; ') || 'a replica abandoned the step';
      this.fail(reason);
      throw new KeraflowError(`training replicas failed: ${reason}`, { argument: 'threads', given: reason });
    }
    this.main.apply(this.shared.read());
    return logged;
  }

  /** The main thread's parameters and optimizer state, sent to every worker (each takes them before its next step). */
  private sync(setup: TrainingSetup): void {
    const parameters = this.model.parameters().map(({ variable }) => variable.dataSync() as Float32Array);
    const snapshot = setup.optimizer.snapshot();
    const slots = this.model
      .parameters()
      .filter((p) => p.trainable)
      .map(({ variable }) => (snapshot.slots.get(variable) ?? []).map((t) => t.dataSync() as Float32Array));
    disposeSnapshot(snapshot);
    const request: SyncRequest = { kind: 'sync', parameters, iterations: setup.optimizer.iterations, slots };
    for (const thread of this.threads) thread.post(request, []);
    this.synced = true;
  }

  /** A worker's sums of `step`, which its flag says are there; a failed worker stops the group. */
  private reply(thread: ReplicaThread, participant: number, step: number): number[] {
    const reply = thread.receive();
    const failure = !reply ? 'no answer' : 'error' in reply ? reply.error : reply.step !== step ? `an answer to step ${reply.step} instead of ${step}` : undefined;
    if (failure || !reply || 'error' in reply) {
      throw new KeraflowError(`training replica ${participant} failed: ${failure}`, { argument: 'threads', given: failure });
    }
    return reply.sums;
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
 * What one fit does about replicas: once its pace is timed, starts them when the
 * fit is long enough (or reuses the model's), and hands out the group once
 * it is ready.
 */
export class FitReplicas {
  private stepsDone = 0;
  private decided = false;
  private group?: ReplicaGroup;
  /** Wall ms of this fit's steps on the main thread after its warm-up, before replicas start (their start slows this thread). */
  private readonly mainSteps: number[] = [];

  constructor(
    private readonly model: Model,
    private readonly plannedSteps: number,
  ) {
    const existing = groups.get(model);
    if (slower.has(model)) this.decided = true;
    else if (existing && !existing.failure && replicaBlocker(model) === undefined && existing.key === groupKey(model)) {
      // Its workers' copies are from its last fit: the parameters may have changed since.
      existing.synced = false;
      this.group = existing;
      this.decided = true;
    }
  }

  /** The replicas, when they are ready to take this step (`size` samples: at least one per participant). */
  readyGroup(size: number): ReplicaGroup | undefined {
    return this.group?.ready && size >= this.group.slices ? this.group : undefined;
  }

  /** The main thread's parameters or optimizer state may have changed (a restored snapshot, a callback): the replicas take them before their next step. */
  invalidate(): void {
    if (this.group) this.group.synced = false;
  }

  /**
   * After each step, its wall time (from the batch to the updated weights).
   * On the main thread, it decides once whether to start replicas (after
   * its warm-up and timed steps); on the replicas, once judgeAfterSteps of
   * them are timed, they are stopped (for this model, for good) when they
   * were not faster than the main thread's pace, on all the threads (its
   * products split across them): a busy machine, or a model whose step is
   * mostly large products (which split anyway, while each replica runs the
   * whole of every product for its slice), makes them slower.
   */
  afterStep(milliseconds: number, onReplicas: boolean): void {
    const group = this.group;
    if (onReplicas && group) {
      group.replicaStepMs.push(milliseconds);
      if (!group.judged && group.replicaStepMs.length >= replicaPolicy.judgeAfterSteps && group.mainStepMs !== undefined) {
        group.judged = true;
        if (medianOf(group.replicaStepMs.slice(Math.floor(replicaPolicy.judgeAfterSteps / 2))) >= group.mainStepMs) {
          slower.add(this.model);
          group.stop();
          groups.delete(this.model);
          this.group = undefined;
        }
      }
      return;
    }
    // A step on the main thread alone leaves the workers' copies behind.
    if (group) group.synced = false;
    this.stepsDone++;
    if (this.decided || this.stepsDone <= replicaPolicy.warmUpSteps) return;
    this.mainSteps.push(milliseconds);
    if (this.mainSteps.length < replicaPolicy.timedSteps) return;
    this.decided = true;
    const pace = medianOf(this.mainSteps);
    const remaining = (this.plannedSteps - this.stepsDone) * pace;
    if (pace < replicaPolicy.minStepMs || remaining < replicaPolicy.minRemainingMs || replicaBlocker(this.model) !== undefined) return;
    groups.get(this.model)?.stop();
    const training = describeTrainingConfig(this.model) as { config: unknown };
    this.group = new ReplicaGroup(this.model, groupKey(this.model), requestedThreads(), architectureText(this.model, 'json'), training.config);
    this.group.mainStepMs = pace;
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
  return JSON.stringify([requestedThreads(), replicaPolicy.mainThreadSlice, describeTrainingConfig(model), architectureText(model, 'json')]);
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
