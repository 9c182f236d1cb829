import * as tf from '@tensorflow/tfjs-core';
import { isPlainObject } from '../engine/argument-passing.ts';
import type { ChannelData, Model } from '../engine/model.ts';
import { closestName } from '../engine/naming.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { setupOf, type TrainingSetup } from './compile.ts';
import { disposeDataSet, sliceBatch, standardizeDataSet, type DataRange } from './data.ts';
import { metricOutputs, scoreBatch } from './scoring.ts';

export interface EvaluateOptions {
  /** Per-sample weights: one array (for every output, as Keraflow), a list (output order) or a dict (output name). */
  sampleWeights?: unknown;
  /** Samples per batch (default 32, or the batch size an Input fixes). */
  batchSize?: number;
}

/**
 * `model.evaluate`: the loss (without regularizer penalties) and the metrics
 * over the whole data, sample-weighted, in the order of the compiled log
 * keys: `[loss, ...metrics]`, with each output's loss after `loss` when there
 * are several outputs (`<output>_loss`, Keras's order).
 */
export async function evaluateModel(model: Model, x: ChannelData, y: ChannelData, options: EvaluateOptions = {}): Promise<number[]> {
  const setup = setupOf(model, 'evaluate');
  checkOptionKeys(model, options, ['sampleWeights', 'batchSize'], 'evaluate');
  const batchSize = checkBatchSize(model, options.batchSize);
  const data = standardizeDataSet(model, x, y, options.sampleWeights);
  try {
    checkNotEmpty(model, data.count, 'evaluate');
    checkWholeBatches(model, data.count, batchSize, 'x');
    return evaluateRange(model, setup, { data, offset: 0, count: data.count }, batchSize);
  } finally {
    disposeDataSet(data);
  }
}

/** Scores a range batch by batch, adding sums and counts on the device; one read at the end. */
export function evaluateRange(model: Model, setup: TrainingSetup, range: DataRange, batchSize: number): number[] {
  const metricOutput = metricOutputs(setup);
  const outputCount = setup.outputs.length;
  let sums: tf.Tensor | undefined;
  try {
    for (let start = 0; start < range.count; start += batchSize) {
      const size = Math.min(batchSize, range.count - start);
      const next = tf.tidy(() => {
        const batch = sliceBatch(range, start, size);
        const { outputs, masks } = model.executeWithMasks(batch.inputs, { training: false });
        const scores = scoreBatch(setup, outputs, masks, batch.targets, batch.weights);
        const vector = tf.stack([...scores.lossSums, ...scores.metricSums, ...scores.counts.map((c) => (typeof c === 'number' ? tf.scalar(c) : c))]);
        return sums ? tf.add(sums, vector) : vector;
      });
      sums?.dispose();
      sums = next;
    }
    const values = sums!.dataSync();
    const count = (output: number) => Math.max(values[outputCount + metricOutput.length + output], 1);
    const outputLosses = setup.outputs.map((_, output) => values[output] / count(output));
    const metrics = metricOutput.map((output, index) => values[outputCount + index] / count(output));
    const loss = outputLosses.reduce((total, value, output) => total + setup.outputs[output].weight * value, 0);
    return [loss, ...(outputCount > 1 ? outputLosses : []), ...metrics];
  } finally {
    sums?.dispose();
  }
}

export function checkOptionKeys(model: Model, options: unknown, known: readonly string[], action: string): void {
  if (!isPlainObject(options)) {
    throw new KeraflowError(`${model.name}: ${action} options must be an object, but got ${describeValue(options)}`, {
      layer: model.name,
      argument: 'options',
      expected: `{${known.join(', ')}}`,
      given: describeValue(options),
    });
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = closestName(key, known);
    throw new KeraflowError(`${model.name}: ${action} has no option '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (options: ${known.join(', ')})`, {
      layer: model.name,
      argument: key,
      expected: known.join(', '),
      given: key,
    });
  }
}

/** The batch size to use: given, or the one an Input fixes, or 32; a fixed one cannot be changed. */
export function checkBatchSize(model: Model, given: unknown): number {
  const fixed = model.fixedBatchSize();
  const batchSize = given ?? fixed ?? 32;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new KeraflowError(`${model.name}: batchSize must be a positive integer, but got ${describeValue(batchSize)}`, {
      layer: model.name,
      argument: 'batchSize',
      expected: 'a positive integer',
      given: describeValue(batchSize),
    });
  }
  if (fixed !== undefined && batchSize !== fixed) {
    throw new KeraflowError(`${model.name}: an Input fixes the batch size to ${fixed}, but batchSize is ${batchSize}`, {
      layer: model.name,
      argument: 'batchSize',
      expected: String(fixed),
      given: String(batchSize),
    });
  }
  return batchSize;
}

/** With a batch size an Input fixes (stateful layers), every batch must be full. */
export function checkWholeBatches(model: Model, count: number, batchSize: number, argument: string): void {
  if (model.fixedBatchSize() === undefined || count % batchSize === 0) return;
  throw new KeraflowError(`${model.name}: an Input fixes the batch size to ${batchSize}, so ${argument} must hold a multiple of ${batchSize} samples, but it holds ${count}`, {
    layer: model.name,
    argument,
    expected: `a multiple of ${batchSize} samples`,
    given: `${count} samples`,
  });
}

export function checkNotEmpty(model: Model, count: number, action: string): void {
  if (count === 0) {
    throw new KeraflowError(`${model.name}: ${action} was given no samples`, { layer: model.name, argument: 'x', expected: 'at least one sample', given: '0 samples' });
  }
}
