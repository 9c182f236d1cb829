/**
 * One participant's view of a step's gradients in shared memory (protocol.ts),
 * the same code on the main thread and in each worker: a participant that
 * computes a slice writes its gradients, waits for the others', adds up its
 * share of the parameters into the sum (a reduce-scatter: each value is added
 * once, by one thread), waits for every share, and reads the whole sum; a main
 * thread that computes no slice only says when the step may be applied. Every participant then applies
 * the same sum with the same optimizer, so their parameters stay equal
 * without sending them. The main thread can abandon a step (a non-finite
 * loss, a failed replica): the others then skip the update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { spinUntil } from '../../spin-until.ts';
import { FLAG_SLOTS, GRADIENTS, shareOf, SUMMED, type SharedMemory } from './protocol.ts';

/** How long a participant waits for the others before it gives up (a thread that died never answers). */
export const STEP_TIMEOUT_MS = 600_000;

export class SharedGradients {
  private readonly flags: Int32Array;
  private readonly gradients: Float32Array[];
  private readonly sum: Float32Array;
  private readonly missing: Int32Array;
  /** Where each trainable parameter begins in a gradient buffer, and its shape. */
  private readonly offsets: number[] = [];
  private readonly total: number;

  constructor(
    memory: SharedMemory,
    /** The participants that compute a slice (`index` among them or not). */
    private readonly computing: readonly number[],
    private readonly index: number,
    private readonly shapes: readonly number[][],
    /** How long `await` polls before it sleeps (ms). */
    private readonly spinMs = 0,
  ) {
    this.flags = new Int32Array(memory.flags);
    this.gradients = memory.gradients.map((buffer) => new Float32Array(buffer));
    this.sum = new Float32Array(memory.sum);
    this.missing = new Int32Array(memory.missing);
    let offset = 0;
    for (const shape of shapes) {
      this.offsets.push(offset);
      offset += shape.reduce((a, b) => a * b, 1);
    }
    this.total = offset;
  }

  /** Writes this participant's gradients (null: its loss does not depend on the parameter); `announce` then says they are there. */
  write(gradients: readonly (tf.Tensor | null)[]): void {
    const own = this.gradients[this.index];
    const base = this.index * this.shapes.length;
    gradients.forEach((gradient, which) => {
      const offset = this.offsets[which];
      if (gradient) own.set(valuesOf(gradient), offset);
      else own.fill(0, offset, offset + this.size(which));
      this.missing[base + which] = gradient ? 0 : 1;
    });
  }

  /** Says this participant is done with its slice of `step` (its gradients written, or it failed and the main thread abandons the step). */
  announce(step: number): void {
    this.signal(GRADIENTS, step);
  }

  /** Waits until every participant has written its gradients of `step`. */
  awaitGradients(step: number): void {
    for (const other of this.computing) this.await(other, GRADIENTS, (value) => value === step);
  }

  /** Adds up this participant's share of every slice's gradients into the sum (none when it computes no slice), and says so. */
  addShare(step: number): void {
    const position = this.computing.indexOf(this.index);
    if (position >= 0) {
      const [begin, end] = shareOf(position, this.computing.length, this.total);
      addInto(
        this.sum,
        begin,
        end,
        this.computing.map((other) => this.gradients[other]),
      );
    }
    this.signal(SUMMED, step);
  }

  /** The main thread gives up `step`: no participant applies it. */
  abandon(step: number): void {
    this.signal(SUMMED, -step);
  }

  /** Waits until every share of `step` is added and the main thread lets it be applied: true, or the step was abandoned: false. */
  awaitSum(step: number): boolean {
    let abandoned = false;
    const everyone = [0, ...this.computing.filter((other) => other !== 0)];
    for (const other of everyone) {
      if (abandoned) break;
      this.await(other, SUMMED, (value) => {
        abandoned = value === -step;
        return value === step || abandoned;
      });
    }
    return !abandoned;
  }

  /** The whole batch's gradients (fresh tensors; null where no participant's loss depends on the parameter). */
  read(): (tf.Tensor | null)[] {
    return this.shapes.map((shape, which) => {
      const everywhere = this.computing.every((p) => this.missing[p * this.shapes.length + which] === 1);
      const offset = this.offsets[which];
      return everywhere ? null : tf.tensor(this.sum.subarray(offset, offset + this.size(which)), shape, 'float32');
    });
  }

  private size(which: number): number {
    return (this.offsets[which + 1] ?? this.total) - this.offsets[which];
  }

  private signal(slot: number, value: number): void {
    const at = this.index * FLAG_SLOTS + slot;
    Atomics.store(this.flags, at, value);
    Atomics.notify(this.flags, at);
  }

  private await(participant: number, slot: number, done: (value: number) => boolean): void {
    const at = participant * FLAG_SLOTS + slot;
    // The other thread is usually about to finish: polling a little spares the wake-up of a sleeping thread, which costs
    // both threads far more than a poll (on this machine's virtual CPUs, 0.5-2 ms of CPU per wait and per wake).
    if (spinUntil(this.spinMs, () => done(Atomics.load(this.flags, at)))) return;
    for (let value = Atomics.load(this.flags, at); !done(value); value = Atomics.load(this.flags, at)) {
      if (Atomics.wait(this.flags, at, value, STEP_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`${participant === 0 ? 'the main thread' : `training replica ${participant}`} gave no answer within ${STEP_TIMEOUT_MS / 1000} s`);
      }
    }
  }
}

/**
 * sum[i] = Σ parts[p][i] for i in [begin, end). Arrays held in locals and the
 * first two parts added in one pass: V8 then keeps the loop tight (3-5x
 * faster than `this.sum[i] += part[i]` over a copy of the first part).
 */
function addInto(sum: Float32Array, begin: number, end: number, parts: readonly Float32Array[]): void {
  const [first, second] = parts;
  if (!second) {
    sum.set(first.subarray(begin, end), begin);
    return;
  }
  for (let i = begin; i < end; i++) sum[i] = first[i] + second[i];
  for (const part of parts.slice(2)) for (let i = begin; i < end; i++) sum[i] += part[i];
}

/** A float tensor's values: on wasm a view of its heap memory (one copy into shared memory instead of two), else a copy. */
function valuesOf(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as Partial<{ typedArrayFromHeap(info: tf.TensorInfo): Float32Array }>;
  return tensor.dtype === 'float32' && backend.typedArrayFromHeap ? backend.typedArrayFromHeap(tensor) : (tensor.dataSync() as Float32Array);
}
