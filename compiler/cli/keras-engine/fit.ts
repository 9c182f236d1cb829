/**
 * `keraflow train --engine keras`: the training and the held-out evaluation
 * run in Keras 3 (driver.ts), on the model `compile --target keras` wrote
 * and the very arrays the Keraflow engine would train on (standardized by
 * the Keraflow model built from the same file, written as .npy files in a
 * temporary folder). Progress lines are Keraflow's (one per epoch, or the
 * final bar); for `--save`, the trained weights come back into the Keraflow
 * model through the .keras archive Keras then saves, so that `--save` writes
 * Keraflow's own format.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { Samples } from '../../../runtime/datasets/dataset.ts';
import type { Model } from '../../../runtime/engine/model.ts';
import { ProgressBar } from '../../../runtime/training/progress.ts';
import { CommandError } from '../command-error.ts';
import { encodeNpy } from './npy.ts';
import type { DriverEvent, KerasPython } from './python.ts';

export interface KerasFitOptions {
  /** The Python started for this run, building the model prepare.ts handed it. */
  python: KerasPython;
  /** The Keraflow model of the same file: it standardizes the data, and gets the trained weights. */
  model: Model;
  train: Samples;
  test: Samples;
  validation?: Samples;
  batchSize?: number;
  epochs?: number;
  validationSplit?: number;
  shuffle?: boolean;
  verbose: 0 | 1 | 2;
  /** Bring the trained weights back into `model` (for `--save`). */
  takeWeights: boolean;
}

export interface KerasFitResult {
  /** Per epoch, Keras's loss and metrics (and `val_` ones), as `fit`'s History holds them. */
  history: { history: Record<string, number[]>; epoch: number[] };
  /** The held-out scores, by Keras's names. */
  test: Record<string, number>;
}

export async function fitWithKeras(options: KerasFitOptions): Promise<KerasFitResult> {
  for (const [part, samples] of [
    ['training', options.train],
    ['test', options.test],
    ['validation', options.validation],
  ] as const) {
    if (samples?.sampleWeights !== undefined) throw new CommandError(`--engine keras does not take sample weights yet, and the ${part} data has some: train with the Keraflow engine`);
  }
  try {
    const python = options.python;
    const folder = python.folder;
    const model = options.model;
    let count = 0;
    const write = (data: unknown, argument: 'x' | 'y', name: string): string[] => {
      const tensors = model.standardizeData(data as never, argument, argument === 'x' ? model.inputChannels() : model.outputChannels());
      count = tensors[0]?.shape[0] ?? 0;
      return tensors.map((tensor: tf.Tensor, index: number) => {
        const file = join(folder, `${name}_${argument}${index}.npy`);
        const data = tensor.dataSync();
        // The tensor's own array when it is already of the type written (no copy of the whole training set).
        const values = tensor.dtype === 'int32' ? (data instanceof Int32Array ? data : Int32Array.from(data)) : data instanceof Float32Array ? data : Float32Array.from(data);
        writeFileSync(file, encodeNpy(values, tensor.shape));
        tensor.dispose();
        return file;
      });
    };
    const samples = (data: Samples, name: string) => ({ x: write(data.x, 'x', name), y: write(data.y, 'y', name) });
    const train = samples(options.train, 'train');
    const trainingSamples = count;
    const epochs = options.epochs ?? 10;
    const validationSplit = options.validation ? 0 : (options.validationSplit ?? 0);
    const save = options.takeWeights ? join(folder, 'trained.keras') : null;
    python.send({
      fit: {
        train,
        test: samples(options.test, 'test'),
        validation: options.validation ? samples(options.validation, 'validation') : null,
        batch_size: options.batchSize ?? 32,
        epochs,
        shuffle: options.shuffle ?? true,
        validation_split: validationSplit,
        save,
      },
    });

    // As Keras splits: the last samples are held out for validation.
    const trainCount = Math.floor(trainingSamples * (1 - validationSplit));
    const progress = options.verbose > 0 ? new ProgressBar(process.stdout, options.verbose, epochs, trainCount) : undefined;
    const history: KerasFitResult['history'] = { history: {}, epoch: [] };
    await python.next('built');
    const onEpoch = (event: DriverEvent) => {
      if (event.event === 'epoch_begin') progress?.epochBegin(event.epoch as number);
      else {
        const logs = lossFirst(event.logs as Record<string, number>);
        progress?.epochEnd(event.epoch as number, logs);
        history.epoch.push(event.epoch as number);
        for (const [name, value] of Object.entries(logs)) (history.history[name] ??= []).push(value);
      }
    };
    const test = lossFirst((await python.next('test', ['epoch_begin', 'epoch_end'], onEpoch)).logs as Record<string, number>);
    await python.next('done');
    if (save !== null) await takeTrainedWeights(model, readFileSync(save), folder);
    return { history, test };
  } finally {
    // The driver has ended (or failed): its folder goes now, not at exit.
    options.python.dispose();
  }
}

/** Keras's logs in Keraflow's order: the loss, then the metrics, then the validation ones (Keras sorts them by name). */
function lossFirst(logs: Readonly<Record<string, number>>): Record<string, number> {
  const rank = (name: string) => (name.startsWith('val_') ? 2 : 0) + (name === 'loss' || name === 'val_loss' ? 0 : 1);
  return Object.fromEntries(Object.entries(logs).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The weights Keras trained, into the Keraflow model: read from the .keras archive by the runtime's importer, assigned by name and shape. */
async function takeTrainedWeights(model: Model, archive: Uint8Array, folder: string): Promise<void> {
  const { modelFromKerasArchive } = await import('../../../runtime/saving/keras-import.ts');
  const { loadWeights } = await import('../../../runtime/saving/model-file.ts');
  const { encodeWeights } = await import('../../../runtime/saving/model-bytes.ts');
  const { kerasDialectWeights } = await import('../../../runtime/keras/keras-weights.ts');
  const { dialectOf } = await import('../../../runtime/layers/registry.ts');
  let trained: Model;
  try {
    trained = await modelFromKerasArchive(archive, 'the model Keras trained');
  } catch (error) {
    // Keraflow reads a subset of Keras's layers back so far (README, "Outgrow one machine").
    throw new CommandError(`the trained weights cannot come back from Keras for --save: ${(error as Error).message}`, { cause: error });
  }
  // The importer makes Keraflow layers: a `use keras` file's layers take their weights under Keras's names.
  const kerasDialect = new Set(
    model
      .layersWithWeights()
      .filter((layer) => dialectOf(layer.spec) === 'keras')
      .map((layer) => layer.name),
  );
  const weights = join(folder, 'trained.safetensors');
  writeFileSync(weights, await encodeWeights(trained, (layer) => (kerasDialect.has(layer.name) ? kerasDialectWeights(layer) : layer.weights)));
  await loadWeights(model, weights);
}
