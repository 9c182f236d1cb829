/**
 * What the main thread and the replicas' workers share (see replicas.ts): the
 * memory they all see, and the messages between them. Tensors cross as
 * typed arrays with their shapes. Participant 0 is the main thread, from 1
 * the workers; the main thread computes a slice of each batch or only
 * coordinates (replicaPolicy.mainThreadSlice).
 */

/** A tensor as a message carries it. */
export interface TensorData {
  readonly data: Float32Array | Int32Array;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
}

/** Memory shared by the main thread and every replica. */
export interface SharedMemory {
  /** Per participant, its slice's gradients of every trainable parameter (the model's parameter order, one after another); empty for a main thread that computes none. */
  readonly gradients: SharedArrayBuffer[];
  /** The whole batch's gradients: each participant adds up its share of the parameters (a reduce-scatter), then all read the whole. */
  readonly sum: SharedArrayBuffer;
  /** Int32 per participant and trainable parameter: 1 where its slice's loss does not depend on the parameter (no gradient). */
  readonly missing: SharedArrayBuffer;
  /** Int32 per participant: [state, last step whose gradients are written, last step whose share is added (minus it: the step is abandoned)]. */
  readonly flags: SharedArrayBuffer;
  /** Float64 per participant: its thread's CPU ms over its steps (Linux, else 0), for benchmarks. */
  readonly cpu: SharedArrayBuffer;
}

export const FLAG_SLOTS = 3;
export const STATE = 0;
export const GRADIENTS = 1;
export const SUMMED = 2;
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_FAILED = 2;

/** What a replica's worker starts from. */
export interface ReplicaSetup {
  /** Its participant index (from 1). */
  readonly index: number;
  /** The participants that compute a slice of each batch, in the order of their slices. */
  readonly computing: number[];
  /** The model's architecture (Keraflow's JSON format) and its training config (losses, metrics, loss weights, optimizer). */
  readonly architecture: string;
  readonly trainingConfig: unknown;
  readonly memory: SharedMemory;
  /** How long a thread that waits for another polls before it sleeps (ms; replicaPolicy.spinMs). */
  readonly spinMs: number;
}

/** The main thread's parameters and optimizer state, which a replica takes over before its next step. */
export interface SyncRequest {
  readonly kind: 'sync';
  /** Every parameter's values, in the model's parameter order. */
  readonly parameters: Float32Array[];
  readonly iterations: number;
  /** Per trainable parameter, its optimizer slots' values. */
  readonly slots: Float32Array[][];
}

/** One step's work for one replica: its slice of the batch, the whole batch's counts per output, the learning rate now (a callback may change it). */
export interface StepRequest {
  readonly kind: 'step';
  readonly step: number;
  readonly inputs: TensorData[];
  readonly targets: TensorData[];
  readonly weights: (TensorData | null)[];
  readonly counts: number[];
  /** This slice adds the regularizers' penalty (one slice does). */
  readonly withPenalty: boolean;
  readonly learningRate: number;
}

/** A replica's sums for a step (its gradients are in shared memory), or why it could not compute them. */
export type StepReply = { readonly step: number; readonly sums: number[] } | { readonly step: number; readonly error: string };

/** Where the `position`-th of `count` shares of `total` values begins and ends. */
export function shareOf(position: number, count: number, total: number): [number, number] {
  return [Math.floor((position * total) / count), Math.floor(((position + 1) * total) / count)];
}
