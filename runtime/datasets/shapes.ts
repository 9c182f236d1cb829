/**
 * The shape of one sample of each channel of a data set, without training
 * on it: what `keraflow check` and the editor compare with a model's inputs
 * and outputs. A built-in data set's shapes are known without loading it;
 * a JSON file is read and parsed only up to `maxBytes` (larger: unknown),
 * and a file's result is kept until the file changes.
 */
import { statSync, readFileSync } from 'node:fs';
import { isPlainObject } from '../engine/argument-passing.ts';
import { irisSampleShapes } from './iris.ts';
import { mnistSampleShapes } from './mnist.ts';
import { reversedTokensSampleShapes } from './reversed-tokens.ts';
import { tokenOrderSampleShapes } from './token-order.ts';

/** One channel: the shape of a sample (the sample axis left out), and whether its values (of the first samples) are all integers. */
export interface ChannelShape {
  readonly shape: readonly number[];
  readonly integers: boolean;
}

/** One channel's shape, or a dict of them by input / output name. */
export type ChannelShapes = ChannelShape | Readonly<Record<string, ChannelShape>>;

export type DataShapes =
  | { readonly x: ChannelShapes; readonly y?: ChannelShapes }
  /** The data cannot be read as a data set: why, in words. */
  | { readonly problem: string };

// Every data set of builtInDatasets (index.ts), a test keeps the two lists alike.
const builtIn: Readonly<Record<string, DataShapes>> = {
  mnist: mnistSampleShapes,
  iris: irisSampleShapes,
  token_order: tokenOrderSampleShapes,
  reversed_tokens: reversedTokensSampleShapes,
};

/** Files larger than this are not parsed for their shapes (training reads them whole anyway). */
export const defaultMaxBytes = 32 * 1024 * 1024;

/** How many samples are looked at to tell integer labels from other values. */
const samplesLooked = 64;

const cache = new Map<string, { size: number; modified: number; shapes: DataShapes }>();

/** Whether a name is a built-in data set (else it is a file path). */
export function isBuiltInDataset(name: string): boolean {
  return Object.hasOwn(builtIn, name);
}

/**
 * The sample shapes of a built-in data set by name, or of a JSON data file
 * by absolute path; undefined when the file is larger than `maxBytes`.
 */
export function dataShapes(nameOrPath: string, options: { maxBytes?: number } = {}): DataShapes | undefined {
  if (isBuiltInDataset(nameOrPath)) return builtIn[nameOrPath];
  let stat: { size: number; mtimeMs: number; isFile(): boolean };
  try {
    stat = statSync(nameOrPath);
  } catch {
    return { problem: 'no such file' };
  }
  if (!stat.isFile()) return { problem: 'it is not a file' };
  if (stat.size > (options.maxBytes ?? defaultMaxBytes)) return undefined;
  const cached = cache.get(nameOrPath);
  if (cached && cached.size === stat.size && cached.modified === stat.mtimeMs) return cached.shapes;
  const shapes = shapesOfText(readFileSync(nameOrPath, 'utf8'));
  cache.set(nameOrPath, { size: stat.size, modified: stat.mtimeMs, shapes });
  return shapes;
}

/** The shapes of a JSON data file's text: `{"x": ..., "y": ...}`, each one array of samples or a dict of them. */
export function shapesOfText(text: string): DataShapes {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  if (!isPlainObject(content) || content.x === undefined) return { problem: 'it does not hold an object {"x": ..., "y": ...}' };
  const x = channelsOf(content.x);
  const y = content.y === undefined ? undefined : channelsOf(content.y);
  if (!x || (content.y !== undefined && !y)) return { problem: '"x" and "y" must each be an array of samples or a dict of them by channel name' };
  return y ? { x, y } : { x };
}

function channelsOf(value: unknown): ChannelShapes | undefined {
  if (Array.isArray(value)) return channelOf(value);
  if (!isPlainObject(value)) return undefined;
  const channels: Record<string, ChannelShape> = {};
  for (const [name, samples] of Object.entries(value)) {
    if (!Array.isArray(samples)) return undefined;
    channels[name] = channelOf(samples);
  }
  return channels;
}

/** A sample's shape is its first sample's (nested lengths); a ragged file is the runtime's to report when training. */
function channelOf(samples: readonly unknown[]): ChannelShape {
  const shape: number[] = [];
  for (let value = samples[0]; Array.isArray(value); value = value[0]) shape.push(value.length);
  return { shape, integers: samples.length > 0 && samples.slice(0, samplesLooked).every(allIntegers) };
}

function allIntegers(value: unknown): boolean {
  const pending = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) pending.push(...item);
    else if (!Number.isInteger(item)) return false;
  }
  return true;
}
