/**
 * What a data set is: training samples and held-out test samples, each as
 * `x` and `y` in any form `Model.fit` takes (one array for one channel, a
 * dict by input/output name for several), plus a line saying what it is.
 */
import type { ChannelData } from '../engine/model.ts';
import { isTypedArrayWithShape, type TypedArray, type TypedArrayWithShape } from '../engine/data.ts';
import { isPlainObject } from '../engine/argument-passing.ts';
import { seededPermutation } from './random.ts';

export interface Samples {
  readonly x: ChannelData;
  readonly y: ChannelData;
  /** Per-sample weights as `fit` takes them (one array for every output, a list or a dict); none: unweighted. */
  readonly sampleWeights?: unknown;
}

export interface Dataset {
  readonly train: Samples;
  /** Never seen in training: `keraflow train` reports the final loss and metrics on it. */
  readonly test: Samples;
  /** One line: where the data comes from and how many samples each part has. */
  readonly description: string;
}

/**
 * The samples at `indices` (in that order) of one channel's data (a nested
 * array or a TypedArray with a shape), or of every channel of a dict.
 */
export function takeSamples(data: ChannelData, indices: readonly number[]): ChannelData {
  if (isTypedArrayWithShape(data)) return takeRows(data, indices);
  if (Array.isArray(data)) return indices.map((index) => data[index]);
  if (isPlainObject(data)) {
    return Object.fromEntries(Object.entries(data).map(([channel, values]) => [channel, takeSamples(values, indices)]));
  }
  throw new TypeError(`takeSamples: expected an array, a TypedArray with a shape, or a dict of them`);
}

function takeRows(data: TypedArrayWithShape, indices: readonly number[]): TypedArrayWithShape {
  const rowSize = data.shape.slice(1).reduce((a, b) => a * b, 1);
  const result = new (data.data.constructor as new (length: number) => TypedArray)(indices.length * rowSize);
  indices.forEach((index, row) => result.set(data.data.subarray(index * rowSize, (index + 1) * rowSize), row * rowSize));
  return { data: result, shape: [indices.length, ...data.shape.slice(1)] };
}

/**
 * A fixed split of `count` samples into training and test indices: within
 * each class (samples with the same `classOf`; one class when omitted) a
 * seeded shuffle, `testFraction` of it held out (at least one sample, and
 * one kept, in a class of two or more); then each part in one
 * seeded order, so that classes are mixed (fit's validationSplit takes the
 * last samples of the training part, which must not be all one class).
 */
export function seededSplit(count: number, testFraction: number, seed: number, classOf: (index: number) => number = () => 0): { train: number[]; test: number[] } {
  const classes = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const label = classOf(index);
    const members = classes.get(label) ?? [];
    members.push(index);
    classes.set(label, members);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const [label, members] of [...classes].sort(([a], [b]) => a - b)) {
    const order = seededPermutation(members.length, seed + label);
    const held = members.length - Math.round(members.length * (1 - testFraction));
    // A class of two or more keeps one sample on each side: rounding alone would hold none of two out.
    const testCount = members.length < 2 ? held : Math.min(Math.max(held, 1), members.length - 1);
    order.forEach((position, rank) => (rank < members.length - testCount ? train : test).push(members[position]));
  }
  const mix = (indices: number[], salt: number) => seededPermutation(indices.length, seed + salt).map((position) => indices[position]);
  return { train: mix(train, 1000), test: mix(test, 2000) };
}

/** Training and test samples of `x` and `y` by a split's indices. */
export function applySplit(x: ChannelData, y: ChannelData, split: { train: readonly number[]; test: readonly number[] }): Pick<Dataset, 'train' | 'test'> {
  return {
    train: { x: takeSamples(x, split.train), y: takeSamples(y, split.train) },
    test: { x: takeSamples(x, split.test), y: takeSamples(y, split.test) },
  };
}

/** One-hot rows for class labels 0 … classCount-1. */
export function oneHot(labels: readonly number[], classCount: number): TypedArrayWithShape {
  const data = new Float32Array(labels.length * classCount);
  labels.forEach((label, row) => (data[row * classCount + label] = 1));
  return { data, shape: [labels.length, classCount] };
}
