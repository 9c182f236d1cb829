import * as tf from '@tensorflow/tfjs-core';
import type { ChannelData, Model } from '../engine/model.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { CallbackList, toCallbacks, type Callback, type CallbackHooks, type CallbackResult, type Logs, type TrainableModel } from './callbacks/callback.ts';
import { History } from './callbacks/history.ts';
import { setupOf } from './compile.ts';
import { disposeDataSet, shuffledIndices, standardizeDataSet, type DataRange, type DataSet } from './data.ts';
import { checkBatchSize, checkNotEmpty, checkOptionKeys, checkWholeBatches, evaluateRange } from './evaluate.ts';
import { loadGradients } from './gradients.ts';
import { FitReplicas } from './parallel/replicas.ts';
import { ProgressBar, type ProgressStream } from './progress.ts';
import { disposeTrainerSnapshot, Trainer, type TrainerSnapshot } from './trainer.ts';

export interface FitOptions {
  /** Samples per gradient update (default 32, or the batch size an Input fixes). */
  batchSize?: number;
  /** Passes over the training data (default 10). */
  epochs?: number;
  /** 0: silent; 1 (default): a progress bar per epoch on a terminal, a line per epoch otherwise; 2: a line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Callback instances, or objects of hooks (`{onEpochEnd(epoch, logs) {...}}`). */
  callbacks?: Callback | CallbackHooks | readonly (Callback | CallbackHooks)[];
  /** Per-sample weights: one array (for every output, as Keraflow), a list (output order) or a dict (output name). */
  sampleWeights?: unknown;
  /** The fraction of the samples, taken from the end before shuffling, held out for validation (default 0). */
  validationSplit?: number;
  /** `[x, y]` or `[x, y, sampleWeights]` to validate on after each epoch (wins over validationSplit). */
  validationData?: readonly [ChannelData, ChannelData] | readonly [ChannelData, ChannelData, unknown];
  /** Visit the training samples in a new random order each epoch (default true). */
  shuffle?: boolean;
}

const FIT_OPTIONS = ['batchSize', 'epochs', 'verbose', 'callbacks', 'sampleWeights', 'validationSplit', 'validationData', 'shuffle'];

/** Where the progress bar writes: process.stdout in Node, the console in a browser (a line per epoch); tests swap it. */
export const output: { stream: ProgressStream } = { stream: globalThis.process?.stdout ?? consoleLines() };

/** A stream that logs each finished line on the console. */
function consoleLines(): ProgressStream {
  let pending = '';
  return {
    write(text: string) {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) console.log(line);
    },
  };
}

/**
 * `model.fit`: trains on (x, y) for `epochs` epochs and returns the History.
 * `facade` is what callbacks see as `this.model` (the Sequential when fit
 * was called on one); its `stopTraining` ends training after the batch.
 */
export async function fitModel(model: Model, x: ChannelData, y: ChannelData, options: FitOptions = {}, facade: TrainableModel): Promise<History> {
  const setup = setupOf(model, 'fit');
  checkOptionKeys(model, options, FIT_OPTIONS, 'fit');
  const batchSize = checkBatchSize(model, options.batchSize);
  const epochs = checkInteger(model, 'epochs', options.epochs ?? 10, 0);
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) fail(model, 'verbose', '0, 1 or 2', verbose);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') fail(model, 'shuffle', 'true or false', shuffle);
  const split = options.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) fail(model, 'validationSplit', 'a number in [0, 1)', split);
  const validationData = options.validationData;
  if (validationData !== undefined && (!Array.isArray(validationData) || validationData.length < 2 || validationData.length > 3)) {
    fail(model, 'validationData', '[x, y] or [x, y, sampleWeights]', validationData);
  }
  const userCallbacks = toCallbacks(options.callbacks, model.name);
  await loadGradients();

  const data = standardizeDataSet(model, x, y, options.sampleWeights);
  let validationSet: DataSet | undefined;
  try {
    checkNotEmpty(model, data.count, 'fit');
    let train: DataRange = { data, offset: 0, count: data.count };
    let validation: DataRange | undefined;
    if (validationData) {
      validationSet = standardizeDataSet(model, validationData[0], validationData[1], validationData[2], 'validationData ');
      checkNotEmpty(model, validationSet.count, 'validationData');
      validation = { data: validationSet, offset: 0, count: validationSet.count };
    } else if (split > 0) {
      // As Keras: the last samples, before any shuffling.
      const trainCount = Math.floor(data.count * (1 - split));
      if (trainCount === 0 || trainCount === data.count) {
        fail(model, 'validationSplit', `a split that leaves samples on both sides of ${data.count}`, split);
      }
      train = { data, offset: 0, count: trainCount };
      validation = { data, offset: trainCount, count: data.count - trainCount };
    }

    checkWholeBatches(model, train.count, batchSize, validation && !validationData ? 'the training part of x' : 'x');
    if (validation) checkWholeBatches(model, validation.count, batchSize, validationData ? 'validationData' : 'the validation part of x');
    const names = setup.names;
    const steps = Math.ceil(train.count / batchSize);
    const history = new History();
    // The user's callbacks may change the parameters or the optimizer's state between steps: replicas then take the main thread's again.
    const callbacks = userCallbacks.length > 0 ? new ChangingCallbacks([...userCallbacks, history], () => trainer.replicas?.invalidate()) : new CallbackList([history]);
    callbacks.setUp(facade, {
      epochs,
      batchSize,
      samples: train.count,
      steps,
      verbose,
      validation: validation !== undefined,
      metrics: [...names, ...(validation ? names.map((name) => `val_${name}`) : [])],
    });
    const progress = verbose > 0 ? new ProgressBar(output.stream, verbose, epochs, train.count) : undefined;
    const trainer = new Trainer(model, setup);
    trainer.replicas = new FitReplicas(model, epochs * steps);
    trainer.checkCustomScoring(train);
    facade.stopTraining = false;

    await callbacks.call('onTrainBegin', {});
    let logs: Logs = {};
    for (let epoch = 0; epoch < epochs && !facade.stopTraining; epoch++) {
      await callbacks.call('onEpochBegin', epoch, {});
      progress?.epochBegin(epoch);
      const epochRun = new EpochRun(trainer, train, { epoch, epochs, batchSize, steps, shuffle, callbacks, progress, facade });
      logs = await epochRun.run();
      if (validation) {
        const values = evaluateRange(model, setup, validation, batchSize);
        names.forEach((name, index) => (logs[`val_${name}`] = values[index]));
      }
      progress?.epochEnd(epoch, logs);
      await callbacks.call('onEpochEnd', epoch, logs);
    }
    await callbacks.call('onTrainEnd', logs);
    return history;
  } finally {
    disposeDataSet(data);
    disposeDataSet(validationSet);
  }
}

/** Callbacks that may change the model: `changing` runs before each of their hooks. */
class ChangingCallbacks extends CallbackList {
  constructor(
    callbacks: readonly Callback[],
    private readonly changing: () => void,
  ) {
    super(callbacks);
  }

  override call(hook: Parameters<CallbackList['call']>[0], ...args: [number, Logs] | [Logs]): CallbackResult {
    this.changing();
    return super.call(hook, ...args);
  }
}

interface EpochSettings {
  readonly epoch: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly shuffle: boolean;
  readonly callbacks: CallbackList;
  readonly progress?: ProgressBar;
  readonly facade: TrainableModel;
}

/** A stretch of batches since the running sums were last read and found finite: where training goes back to. */
interface Window {
  readonly batch: number;
  readonly seen: number;
  readonly sums: tf.Tensor;
  readonly snapshot: TrainerSnapshot;
}

/**
 * One epoch. The running sums of the logged values stay on the device and
 * are read only when something needs them: a batch callback (each batch),
 * the progress bar (at most every 150 ms), the end of the epoch. Each read
 * also checks the loss: when it is not finite, training goes back to the
 * snapshot taken at the previous read and replays those batches one by one,
 * checking each before its update, so the error names the batch and the
 * weights are the last good ones. With batch callbacks every batch is
 * checked that way (its values are read anyway).
 */
class EpochRun {
  private sums: tf.Tensor;
  private seen = 0;
  private window?: Window;
  private permutation?: tf.Tensor1D;

  constructor(
    private readonly trainer: Trainer,
    private readonly range: DataRange,
    private readonly settings: EpochSettings,
  ) {
    this.sums = tf.zeros([trainer.logSize]);
  }

  async run(): Promise<Logs> {
    const { steps, callbacks, progress, facade } = this.settings;
    const careful = callbacks.wantsBatches;
    try {
      if (this.settings.shuffle) this.permutation = shuffledIndices(this.range);
      if (!careful) this.openWindow(0);
      for (let batch = 0; batch < steps; batch++) {
        const size = this.batchSize(batch);
        if (careful) {
          const begun = callbacks.call('onBatchBegin', batch, { batch, size });
          if (begun) await begun;
          const values = this.train(batch, true)!;
          const ended = callbacks.call('onBatchEnd', batch, { batch, size, ...this.named(values) });
          if (ended) await ended;
        } else {
          this.train(batch, false);
        }
        if (progress?.due()) progress.update(this.seen, this.read(batch, careful));
        if (facade.stopTraining) return this.read(batch, careful);
      }
      return this.read(steps - 1, careful);
    } finally {
      this.closeWindow();
      this.sums.dispose();
      this.permutation?.dispose();
    }
  }

  private batchSize(batch: number): number {
    return Math.min(this.settings.batchSize, this.range.count - batch * this.settings.batchSize);
  }

  /** One step; with `check`, the batch's values are read and a non-finite loss throws before the update. */
  private train(batch: number, check: boolean): Float32Array | undefined {
    const { epoch, epochs, steps } = this.settings;
    const size = this.batchSize(batch);
    const place = check ? { epoch, epochs, batch, batches: steps } : undefined;
    const { sums, values } = this.trainer.step(this.range, batch * this.settings.batchSize, size, this.permutation, this.sums, place);
    this.replaceSums(sums);
    this.seen += size;
    return values;
  }

  /** The running means after `batch`; a non-finite loss sends training back to the last good weights. */
  private read(batch: number, careful: boolean): Logs {
    let values = this.sums.dataSync();
    if (!careful && !Number.isFinite(values[0])) {
      this.replay(batch);
      values = this.sums.dataSync();
    }
    if (!careful) {
      this.closeWindow();
      this.openWindow(batch + 1);
    }
    return this.named(Array.from(values, (v) => v / this.seen));
  }

  /** Back to the window's snapshot, then its batches again, each checked: throws at the first non-finite loss. */
  private replay(lastBatch: number): void {
    const window = this.window!;
    this.trainer.restore(window.snapshot);
    // Back at the window's start: a fresh snapshot of the same state keeps the window whole.
    this.window = { ...window, snapshot: this.trainer.snapshot() };
    this.replaceSums(window.sums);
    this.seen = window.seen;
    for (let batch = window.batch; batch <= lastBatch; batch++) this.train(batch, true);
  }

  private named(values: ArrayLike<number>): Logs {
    const logs: Logs = {};
    this.trainer.setup.names.forEach((name, index) => (logs[name] = values[index]));
    return logs;
  }

  private replaceSums(sums: tf.Tensor): void {
    if (this.sums !== this.window?.sums && this.sums !== sums) this.sums.dispose();
    this.sums = sums;
  }

  private openWindow(batch: number): void {
    this.window = { batch, seen: this.seen, sums: this.sums, snapshot: this.trainer.snapshot() };
  }

  private closeWindow(): void {
    const window = this.window;
    if (!window) return;
    this.window = undefined;
    disposeTrainerSnapshot(window.snapshot);
    if (window.sums !== this.sums) window.sums.dispose();
  }
}

function checkInteger(model: Model, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(model, argument, `an integer ≥ ${min}`, value);
  return value as number;
}

function fail(model: Model, argument: string, expected: string, value: unknown): never {
  throw new KeraflowError(`${model.name}: fit's ${argument} must be ${expected}, but got ${describeValue(value)}`, {
    layer: model.name,
    argument,
    expected,
    given: describeValue(value),
  });
}
