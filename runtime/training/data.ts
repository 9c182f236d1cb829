import * as tf from '@tensorflow/tfjs-core';
import { assignToSlots, isPlainObject } from '../engine/argument-passing.ts';
import { arrayDataRank, arrayDataShape, isArrayData, toTensor } from '../engine/data.ts';
import type { Shape } from '../engine/dimension.ts';
import type { ChannelData, Model } from '../engine/model.ts';
import { KeraflowError } from '../errors.ts';
import { compiledOutputs } from './compile.ts';

/** One tensor per input, per output, and per output its sample weights (or none). */
export interface Channels {
  readonly inputs: tf.Tensor[];
  readonly targets: tf.Tensor[];
  readonly weights: (tf.Tensor | undefined)[];
}

/** Data as tensors, with the tensors made here (the caller's own are never disposed). */
export interface DataSet extends Channels {
  readonly count: number;
  readonly created: readonly tf.Tensor[];
}

/** A run of samples of a data set, [offset, offset + count): training and validation share one set without copies. */
export interface DataRange {
  readonly data: DataSet;
  readonly offset: number;
  readonly count: number;
}

/**
 * `x`, `y` and `sampleWeights` as tensors, checked before any computation:
 * every channel present with its shape, one sample count for all, weights
 * one finite value ≥ 0 per sample. `argument` prefixes the names in
 * messages (`validationData`).
 */
export function standardizeDataSet(model: Model, x: ChannelData, y: ChannelData, sampleWeights: unknown, prefix = ''): DataSet {
  const given = new Set([x, y, sampleWeights].flatMap(tensorsIn));
  const created: tf.Tensor[] = [];
  const track = (tensors: (tf.Tensor | undefined)[]) => tensors.forEach((t) => t && !given.has(t) && !created.includes(t) && created.push(t));
  try {
    const inputs = model.standardizeData(x, `${prefix}x`, model.inputChannels());
    track(inputs);
    const targets = model.standardizeData(y, `${prefix}y`, targetChannels(model));
    track(targets);
    const count = inputs[0].shape[0];
    if (targets[0].shape[0] !== count) {
      throw new KeraflowError(`${model.name}: ${prefix}x has ${count} samples but ${prefix}y has ${targets[0].shape[0]}; they must have the same number`, {
        layer: model.name,
        argument: `${prefix}y`,
        expected: `${count} samples`,
        given: `${targets[0].shape[0]} samples`,
      });
    }
    const weights = standardizeWeights(model, sampleWeights, count, `${prefix}sampleWeights`);
    track(weights);
    return { inputs, targets, weights, count, created };
  } catch (error) {
    created.forEach((t) => t.dispose());
    throw error;
  }
}

/** The targets' channels: each output's shape, or the one its loss takes instead (integer labels: one class index in place of the class axis). */
function targetChannels(model: Model) {
  const outputs = compiledOutputs(model);
  return model.outputChannels().map((channel, index) => {
    const targetShape = outputs?.[index]?.targetShape;
    return targetShape ? { ...channel, shape: targetShape(channel.shape as Shape) } : channel;
  });
}

export function disposeDataSet(data: DataSet | undefined): void {
  data?.created.forEach((t) => t.dispose());
}

/**
 * Sample weights per output: one array weights every output (as Keraflow);
 * a list (output order) or a dict (output name) weights each output by its
 * own array, and outputs it leaves out are unweighted.
 */
function standardizeWeights(model: Model, value: unknown, count: number, argument: string): (tf.Tensor | undefined)[] {
  const isSingle = (v: unknown) => isArrayData(v) && (!Array.isArray(v) || arrayDataRank(v as never) === 1);
  const everyOutput = isSingle(value);
  const byName = everyOutput
    ? new Map(model.outputNames.map((name) => [name, value]))
    : assignToSlots<unknown>(value, model.outputNames, { owner: model.name, argument, slotKind: 'output', isSingle });
  const made = new Map<unknown, tf.Tensor>();
  try {
    return model.outputNames.map((name) => {
      if (!byName.has(name)) return undefined;
      const given = byName.get(name);
      const known = made.get(given);
      if (known) return known;
      // One array for every output is named as such in messages; it is converted and checked once.
      const channel = everyOutput && model.outputNames.length > 1 ? 'every output' : name;
      const found = isArrayData(given) ? arrayDataShape(given) : undefined;
      if (found && 'shape' in found && found.shape.length === 1 && found.shape[0] !== count) {
        throw new KeraflowError(`${model.name}: ${argument} for '${channel}' has ${found.shape[0]} weights, but there are ${count} samples: give one weight per sample`, {
          layer: model.name,
          argument,
          key: channel,
          expected: `${count} weights`,
          given: `${found.shape[0]} weights`,
        });
      }
      const weights = toTensor(given, [count], 'float32', { owner: model.name, argument, channel });
      made.set(given, weights);
      const values = weights.dataSync();
      const bad = values.findIndex((w) => !Number.isFinite(w) || w < 0);
      if (bad >= 0) {
        throw new KeraflowError(`${model.name}: ${argument} for '${channel}' must be finite numbers ≥ 0, but sample ${bad} has ${values[bad]}`, {
          layer: model.name,
          argument,
          key: channel,
          expected: 'finite numbers ≥ 0',
          given: String(values[bad]),
        });
      }
      return weights;
    });
  } catch (error) {
    made.forEach((tensor, given) => tensor !== given && tensor.dispose());
    throw error;
  }
}

function tensorsIn(data: unknown): tf.Tensor[] {
  if (data instanceof tf.Tensor) return [data];
  if (Array.isArray(data)) return data.filter((item): item is tf.Tensor => item instanceof tf.Tensor);
  if (isPlainObject(data)) return Object.values(data).filter((item): item is tf.Tensor => item instanceof tf.Tensor);
  return [];
}

/**
 * Samples [start, start + size) of a range as one batch: slices of the data
 * set, or, with a permutation (absolute sample indices), the samples it
 * lists there. Call inside a tidy: the batch's tensors are temporary.
 */
export function sliceBatch(range: DataRange, start: number, size: number, permutation?: tf.Tensor1D): Channels {
  const { data } = range;
  let take: (t: tf.Tensor) => tf.Tensor;
  if (permutation) {
    const indices = tf.slice(permutation, start, size);
    take = (t) => tf.gather(t, indices);
  } else {
    const begin = range.offset + start;
    take = (t) => (begin === 0 && size === t.shape[0] ? t : tf.slice(t, begin, size));
  }
  return { inputs: data.inputs.map(take), targets: data.targets.map(take), weights: data.weights.map((w) => w && take(w)) };
}

/** A random order of the range's samples (absolute indices), as an int32 tensor. */
export function shuffledIndices(range: DataRange): tf.Tensor1D {
  const indices = new Int32Array(range.count);
  for (let i = 0; i < range.count; i++) indices[i] = range.offset + i;
  for (let i = range.count - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return tf.tensor1d(indices, 'int32');
}
