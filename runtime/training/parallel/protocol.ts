/**
 * What the main thread and a replica's worker share (see replicas.ts): the
 * memory they both see, and the messages between them. Tensors cross as
 * typed arrays with their shapes.
 */

/** A tensor as a message carries it. */
export interface TensorData {
  readonly data: Float32Array | Int32Array;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
}

/** Memory shared by the main thread and every replica. */
export interface SharedMemory {
  /** Every parameter's values (the model's parameter order, one after another): written by the main thread before each step. */
  readonly parameters: SharedArrayBuffer;
  /** Per replica, the gradients of every trainable parameter (one after another). */
  readonly gradients: SharedArrayBuffer[];
  /** Int32 per replica: [state, last step done] (STATE_*). */
  readonly flags: SharedArrayBuffer;
}

export const FLAG_SLOTS = 2;
export const STATE = 0;
export const DONE = 1;
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_FAILED = 2;

/** What a replica's worker starts from. */
export interface ReplicaSetup {
  readonly index: number;
  /** The model's architecture (Keraflow's JSON format) and its training config (losses, metrics, loss weights). */
  readonly architecture: string;
  readonly trainingConfig: unknown;
  readonly memory: SharedMemory;
}

/** One step's work for one replica: its slice of the batch, the whole batch's counts per output. */
export interface StepRequest {
  readonly step: number;
  readonly inputs: TensorData[];
  readonly targets: TensorData[];
  readonly weights: (TensorData | null)[];
  readonly counts: number[];
  readonly withPenalty: boolean;
}

/** A replica's answer to a step (its gradients are in shared memory), or why it could not. */
export type StepReply =
  | { readonly step: number; readonly sums: number[]; readonly missing: boolean[] /** The worker thread's CPU time for the step (Linux), for benchmarks. */; readonly cpuMs?: number }
  | { readonly step: number; readonly error: string };
