/**
 * A data set from a JSON file: `{"x": ..., "y": ...}`, each either one array
 * of samples (a model with one input / one output) or a dict of arrays keyed
 * by input / output name (several), and optionally `"sample_weights"`. Every
 * channel has one sample per row; a fixed seeded 20% of the samples is held
 * out for testing.
 *
 * Only the file's structure is checked here (readable, JSON, x and y, one
 * sample count, every value a number float32 can hold); whether the samples
 * fit a model is `checkDataFitsModel`'s.
 */
import { readFileSync } from 'node:fs';
import { isPlainObject } from '../engine/argument-passing.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { closestName } from '../engine/naming.ts';
import { applySplit, seededSplit, takeSamples, type Dataset, type Samples } from './dataset.ts';

const testFraction = 0.2;
const seed = 7;

/** `shownAs`: the file's name in messages and the description (default: `path`). */
export function loadJsonDataset(path: string, shownAs = path): Dataset {
  const samples = loadJsonSamples(path, { shownAs });
  const count = samples.count;
  if (count < 2) {
    throw new KeraflowError(`data file '${shownAs}' has ${count} sample${count === 1 ? '' : 's'}; at least 2 are needed (one to train on, one to test)`, {
      argument: 'data',
      expected: 'at least 2 samples',
      given: String(count),
    });
  }
  const split = seededSplit(count, testFraction, seed);
  const { train, test } = applySplit(samples.x, samples.y, split);
  const weights = samples.sampleWeights;
  return {
    train: weights === undefined ? train : { ...train, sampleWeights: takeWeights(weights, split.train) },
    test: weights === undefined ? test : { ...test, sampleWeights: takeWeights(weights, split.test) },
    description: `${shownAs}: ${split.train.length} samples for training, ${split.test.length} held out for testing${weights === undefined ? '' : ', sample-weighted'}`,
  };
}

/** A whole data file, not split: what `keraflow predict` and `evaluate` read, and validation data from a file. */
export interface JsonSamples extends Samples {
  /** The samples in every channel. */
  readonly count: number;
}

/**
 * Every sample of a JSON data file: `{"x": ..., "y": ..., "sample_weights": ...}`.
 * `y` may be left out when `needY` is false (data to predict on);
 * `sample_weights` is optional: one array of one weight per sample (for
 * every output), a list of such arrays (output order) or a dict of them
 * (output name), as `fit`'s `sampleWeights`.
 */
export function loadJsonSamples(path: string, options: { shownAs?: string; needY?: boolean } = {}): JsonSamples {
  const shownAs = options.shownAs ?? path;
  const needY = options.needY ?? true;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new KeraflowError(`cannot read data file '${shownAs}': ${reason}`, { argument: 'data', expected: 'a readable JSON file', given: shownAs });
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new KeraflowError(`data file '${shownAs}' is not valid JSON: ${(error as Error).message}`, { argument: 'data', expected: 'JSON', given: shownAs });
  }
  const shape = needY ? '{"x": ..., "y": ...}' : '{"x": ...}';
  if (!isPlainObject(content)) {
    throw new KeraflowError(`data file '${shownAs}' must hold an object ${shape}, but holds ${describeValue(content)}`, {
      argument: 'data',
      expected: needY ? 'an object with x and y' : 'an object with x',
      given: describeValue(content),
    });
  }
  for (const key of Object.keys(content)) {
    if (KEYS.includes(key)) continue;
    // A near miss of a key that matters (Keras's `sample_weight`) would otherwise be ignored silently.
    const suggestion = closestName(key, KEYS);
    if (suggestion && suggestion.length > 1) {
      throw new KeraflowError(`data file '${shownAs}' has "${key}"; did you mean "${suggestion}"?`, { argument: 'data', key, expected: KEYS.join(', '), given: key });
    }
  }
  const withY = needY || content.y !== undefined;
  const counts = [
    ...channelCounts(content, 'x', shownAs, shape),
    ...(withY ? channelCounts(content, 'y', shownAs, shape) : []),
    ...(content.sample_weights === undefined ? [] : weightCounts(content.sample_weights, shownAs)),
  ];
  const count = counts[0].count;
  const other = counts.find((channel) => channel.count !== count);
  if (other) {
    throw new KeraflowError(`data file '${shownAs}': every channel must have the same number of samples, but found ${counts.map((c) => `${c.name}: ${c.count}`).join(', ')}`, {
      argument: 'data',
      key: other.name,
      expected: `${count} samples`,
      given: `${other.count}`,
    });
  }
  for (const channel of channels(content)) checkValues(channel.data, channel.name, shownAs);
  return {
    x: content.x,
    y: withY ? content.y : undefined,
    ...(content.sample_weights === undefined ? {} : { sampleWeights: content.sample_weights }),
    count,
  };
}

const KEYS = ['x', 'y', 'sample_weights'];

/** `sample_weights`: one array of numbers, a list of them, or a dict of them, each with a sample count. */
function weightCounts(value: unknown, shownAs: string): { name: string; count: number }[] {
  const fail = (where: string, found: unknown): never => {
    throw new KeraflowError(`data file '${shownAs}': ${where} must be an array of one weight per sample (or a list or dict of them by output), but is ${describeValue(found)}`, {
      argument: 'data',
      key: 'sample_weights',
      expected: 'an array of numbers, or a list or dict of them',
      given: describeValue(found),
    });
  };
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(Array.isArray)) {
      return value.map((weights, index) =>
        weights.every((w: unknown) => typeof w === 'number') ? { name: `sample_weights[${index}]`, count: weights.length } : fail(`"sample_weights"[${index}]`, weights),
      );
    }
    if (value.every((w) => typeof w === 'number')) return [{ name: 'sample_weights', count: value.length }];
    return fail('"sample_weights"', value);
  }
  if (isPlainObject(value)) {
    return Object.entries(value).map(([output, weights]) =>
      Array.isArray(weights) && weights.every((w) => typeof w === 'number') ? { name: `sample_weights.${output}`, count: weights.length } : fail(`"sample_weights"."${output}"`, weights),
    );
  }
  return fail('"sample_weights"', value);
}

/** The weights of the samples at `indices`, in each form `sample_weights` takes. */
function takeWeights(weights: unknown, indices: readonly number[]): unknown {
  if (Array.isArray(weights) && weights.length > 0 && weights.every(Array.isArray)) return weights.map((list) => indices.map((index) => list[index]));
  return takeSamples(weights, indices);
}

/** Each channel of `x` or `y` (`x` itself, or `x.name` of a dict) with its number of samples. */
function channelCounts(content: Record<string, unknown>, key: 'x' | 'y', shownAs: string, shape: string): { name: string; count: number }[] {
  const value = content[key];
  if (value === undefined) {
    throw new KeraflowError(`data file '${shownAs}' has no "${key}"; expected an object ${shape}`, {
      argument: 'data',
      key,
      expected: `"${key}"`,
      given: `keys ${Object.keys(content).join(', ') || 'none'}`,
    });
  }
  if (Array.isArray(value)) return [{ name: key, count: value.length }];
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return Object.entries(value).map(([channel, data]) => {
      if (!Array.isArray(data)) {
        throw new KeraflowError(`data file '${shownAs}': "${key}"."${channel}" must be an array of samples, but is ${describeValue(data)}`, {
          argument: 'data',
          key: `${key}.${channel}`,
          expected: 'an array',
          given: describeValue(data),
        });
      }
      return { name: `${key}.${channel}`, count: data.length };
    });
  }
  throw new KeraflowError(`data file '${shownAs}': "${key}" must be an array of samples or a dict of them by channel name, but is ${describeValue(value)}`, {
    argument: 'data',
    key,
    expected: 'an array or a dict of arrays',
    given: describeValue(value),
  });
}

/** Every channel's samples: `x` and `y` themselves, or each array of a dict. */
function channels(content: Record<string, unknown>): { name: string; data: unknown[] }[] {
  return (['x', 'y'] as const).flatMap((key) => {
    const value = content[key];
    if (value === undefined) return [];
    return Array.isArray(value) ? [{ name: key, data: value }] : Object.entries(value as Record<string, unknown[]>).map(([channel, data]) => ({ name: `${key}.${channel}`, data }));
  });
}

/** The largest finite float32; a number beyond it becomes Infinity when the data turns into tensors. */
const largestFloat32 = 3.4028234663852886e38;

/**
 * Every value of a channel is a number float32 can hold: true/false, null
 * and strings are refused alike, and so is 1e39 (Infinity as float32, then
 * a loss of NaN). The message names the sample (row) and the place in it
 * (column). Nested lists are walked without recursion.
 */
function checkValues(samples: unknown[], channel: string, shownAs: string): void {
  for (let row = 0; row < samples.length; row++) {
    const pending: { value: unknown; column: number[] }[] = [{ value: samples[row], column: [] }];
    while (pending.length > 0) {
      const { value, column } = pending.pop()!;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], column: [...column, i] });
        continue;
      }
      const bad =
        typeof value !== 'number' ? `${describeValue(value)}, which is not a number` : Math.abs(value) > largestFloat32 ? `${value}, which is beyond float32's range (±3.4028235e38)` : undefined;
      if (bad === undefined) continue;
      const where = `row ${row}${column.length > 0 ? `, column ${column.join(', ')}` : ''}`;
      throw new KeraflowError(`data file '${shownAs}': "${channel}" ${where} holds ${bad}`, {
        argument: 'data',
        key: `${channel}[${[row, ...column].join('][')}]`,
        expected: "a number within float32's range",
        given: describeValue(value),
      });
    }
  }
}
