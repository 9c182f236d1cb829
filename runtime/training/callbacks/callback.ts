import type * as tf from '@tensorflow/tfjs-core';
import { isPlainObject } from '../../engine/argument-passing.ts';
import { closestName } from '../../engine/naming.ts';
import { describeValue, KeraflowError } from '../../errors.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';

/** Values by name: `loss`, each metric (`acc`), `val_loss`, ...; batch logs also have `batch` and `size`. */
export type Logs = Record<string, number>;

/** What `fit` tells its callbacks before training. */
export interface TrainingParams {
  readonly epochs: number;
  readonly batchSize: number;
  /** Training samples (validation samples excluded). */
  readonly samples: number;
  /** Batches per epoch. */
  readonly steps: number;
  readonly verbose: number;
  /** Whether each epoch ends with a validation (`val_*` logs). */
  readonly validation: boolean;
  /** Every key the epoch logs will have, in order: `loss`, metrics, then `val_*`. */
  readonly metrics: readonly string[];
}

/** The model a callback sees: the Model, or the Input-headed Sequential that `fit` was called on. */
export interface TrainableModel {
  readonly name: string;
  /** Set it to true to end `fit` after the current epoch. */
  stopTraining: boolean;
  readonly optimizer: Optimizer | undefined;
  predict(x: unknown, options?: { batchSize?: number }): tf.Tensor | tf.Tensor[];
  evaluate(x: unknown, y: unknown, options?: { sampleWeights?: unknown; batchSize?: number }): Promise<number[]>;
  getWeights(): Record<string, Record<string, tf.Tensor>>;
  setWeights(weights: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void;
  /** runtime/saving's `saveToFile(archPath, weightPath?, {overwrite})`. */
  saveToFile?(archPath: string, weightPath?: string | null, options?: { overwrite?: boolean }): Promise<void>;
}

export type CallbackResult = void | Promise<void>;

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;
type HookName = (typeof HOOKS)[number];

/**
 * The base of callbacks: `fit` calls their hooks (epochs and batches counted
 * from 0) and awaits the ones that return a promise. Batch hooks cost a read
 * of the batch's loss from the device, so `fit` only reads when a callback
 * overrides one of them.
 */
export class Callback {
  /** Set by `fit` before `onTrainBegin`. */
  model!: TrainableModel;
  params!: TrainingParams;

  setModel(model: TrainableModel): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(_logs: Logs): CallbackResult {}
  onTrainEnd(_logs: Logs): CallbackResult {}
  onEpochBegin(_epoch: number, _logs: Logs): CallbackResult {}
  /** `logs`: the epoch's `loss`, metrics and `val_*` values. */
  onEpochEnd(_epoch: number, _logs: Logs): CallbackResult {}
  /** `logs`: `batch` and `size`. */
  onBatchBegin(_batch: number, _logs: Logs): CallbackResult {}
  /** `logs`: `batch`, `size`, the batch's `loss` and metrics. */
  onBatchEnd(_batch: number, _logs: Logs): CallbackResult {}
}

/** Hooks given as a plain object (`{onEpochEnd: (epoch, logs) => ...}`), as TensorFlow.js takes them. */
export type CallbackHooks = Partial<Record<HookName, (...args: never[]) => CallbackResult>>;

class HookCallback extends Callback {
  constructor(hooks: CallbackHooks) {
    super();
    Object.assign(this, hooks);
  }
}

/** Callback instances, or plain objects of hooks, checked and wrapped. */
export function toCallbacks(value: unknown, owner: string): Callback[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (item instanceof Callback) return item;
    if (isPlainObject(item)) {
      for (const [key, hook] of Object.entries(item)) {
        if (!(HOOKS as readonly string[]).includes(key)) {
          const suggestion = closestName(key, HOOKS);
          throw new KeraflowError(`${owner}: callbacks[${index}] has '${key}', which is no callback hook${suggestion ? `; did you mean '${suggestion}'?` : `; hooks: ${HOOKS.join(', ')}`}`, {
            layer: owner,
            argument: 'callbacks',
            key: index,
            expected: HOOKS.join(', '),
            given: key,
          });
        }
        if (typeof hook !== 'function') {
          throw new KeraflowError(`${owner}: callbacks[${index}].${key} must be a function, but got ${describeValue(hook)}`, {
            layer: owner,
            argument: 'callbacks',
            key: index,
            expected: 'a function',
            given: describeValue(hook),
          });
        }
      }
      return new HookCallback(item as CallbackHooks);
    }
    throw new KeraflowError(`${owner}: callbacks[${index}] must be a Callback (or an object of hooks), but got ${describeValue(item)}`, {
      layer: owner,
      argument: 'callbacks',
      key: index,
      expected: 'a Callback',
      given: describeValue(item),
    });
  });
}

/** Calls a hook on every callback in order, awaiting only those that return a promise. */
export class CallbackList {
  /** Whether some callback has a batch hook (fit then reads each batch's logs). */
  readonly wantsBatches: boolean;

  constructor(readonly callbacks: readonly Callback[]) {
    this.wantsBatches = callbacks.some((c) => c.onBatchBegin !== Callback.prototype.onBatchBegin || c.onBatchEnd !== Callback.prototype.onBatchEnd);
  }

  setUp(model: TrainableModel, params: TrainingParams): void {
    for (const callback of this.callbacks) {
      callback.setModel(model);
      callback.setParams(params);
    }
  }

  /** Runs one hook; a promise only when some callback returned one. */
  call(hook: HookName, ...args: [number, Logs] | [Logs]): CallbackResult {
    let pending: Promise<void> | undefined;
    for (const callback of this.callbacks) {
      const run = () => (callback[hook] as (...a: unknown[]) => CallbackResult)(...args);
      if (pending) {
        pending = pending.then(run);
      } else {
        const result = run();
        if (result && typeof (result as Promise<void>).then === 'function') pending = result as Promise<void>;
      }
    }
    return pending;
  }
}
