import * as tf from '@tensorflow/tfjs-core';
import { describeValue, KeraflowError, ShapeError } from '../errors.ts';
import { formatShape, type Shape } from './dimension.ts';
import type { DType } from './kensor.ts';

/**
 * Array-like data as users hand it over: a nested array of numbers, a
 * TypedArray with its shape, or a tf.Tensor.
 */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array | Int16Array | Uint16Array | Int8Array | Uint32Array;
export interface TypedArrayWithShape {
  readonly data: TypedArray;
  readonly shape: readonly number[];
}
export type NestedArray = number | boolean | readonly NestedArray[];
export type ArrayData = tf.Tensor | TypedArrayWithShape | readonly NestedArray[];

export function isTypedArrayWithShape(value: unknown): value is TypedArrayWithShape {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ArrayBuffer.isView((value as TypedArrayWithShape).data) && Array.isArray((value as TypedArrayWithShape).shape);
}

/** A single array-like value (as opposed to a list or dict of them). */
export function isArrayData(value: unknown): value is ArrayData {
  return value instanceof tf.Tensor || isTypedArrayWithShape(value) || Array.isArray(value);
}

/**
 * The shape of a nested array, or a description of why it has none (ragged,
 * non-numeric). Reads only the first element at each depth, then checks the
 * whole array against that shape.
 */
export function nestedArrayShape(value: unknown): { shape: number[] } | { problem: string } {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const problem = checkRectangular(value, shape, 0, []);
  return problem ? { problem } : { shape };
}

function checkRectangular(value: unknown, shape: readonly number[], depth: number, path: number[]): string | undefined {
  const where = path.length ? ` at [${path.join('][')}]` : '';
  if (depth === shape.length) {
    if (typeof value === 'number' || typeof value === 'boolean') return undefined;
    return `a number${where}, found ${describeValue(value)}`;
  }
  if (!Array.isArray(value)) return `a list of ${shape[depth]}${where}, found ${describeValue(value)}`;
  if (value.length !== shape[depth]) return `${shape[depth]} elements${where} (as in the first row), found ${value.length}`;
  for (let i = 0; i < value.length; i++) {
    const problem = checkRectangular(value[i], shape, depth + 1, [...path, i]);
    if (problem) return problem;
  }
  return undefined;
}

/** The shape of any array-like value, or a problem. */
export function arrayDataShape(value: ArrayData): { shape: number[] } | { problem: string } {
  if (value instanceof tf.Tensor) return { shape: value.shape };
  if (isTypedArrayWithShape(value)) {
    const size = value.shape.reduce((a, b) => a * b, 1);
    return size === value.data.length ? { shape: [...value.shape] } : { problem: `${size} values for shape [${value.shape.join(', ')}], found ${value.data.length}` };
  }
  return nestedArrayShape(value);
}

/** The rank of an array-like value without checking that it is rectangular. */
export function arrayDataRank(value: ArrayData): number {
  if (value instanceof tf.Tensor) return value.rank;
  if (isTypedArrayWithShape(value)) return value.shape.length;
  let rank = 0;
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    rank++;
    probe = probe[0];
  }
  return rank;
}

export interface DataContext {
  /** Model or layer name. */
  readonly owner: string;
  /** The argument: `x`, `y`, `initialWeights`. */
  readonly argument: string;
  /** The channel or parameter name. */
  readonly channel: string;
}

/**
 * Converts array-like data to a tensor of the expected shape (null sizes
 * match anything). A 1-D array where a 2-D batch is expected is taken as a
 * column. A value of the wrong shape is a ShapeError naming the channel.
 * A tensor of the right shape and dtype is returned as it is (not copied).
 */
export function toTensor(value: unknown, expected: Shape, dtype: DType, context: DataContext): tf.Tensor {
  const label = `${context.owner}: ${context.argument} for '${context.channel}'`;
  if (!isArrayData(value)) {
    throw new KeraflowError(`${label} must be a nested array, a TypedArray with a shape, or a tf.Tensor, but got ${describeValue(value)}`, {
      layer: context.owner,
      argument: context.argument,
      key: context.channel,
      expected: 'array data',
      given: describeValue(value),
    });
  }
  const found = arrayDataShape(value);
  if ('problem' in found) {
    throw new ShapeError(`${label} is not a rectangular array of numbers: expected ${found.problem}`, {
      layer: context.owner,
      argument: context.argument,
      key: context.channel,
      expected: 'a rectangular array',
      given: found.problem,
    });
  }
  let shape = found.shape;
  const column = expected.length === 2 && shape.length === 1;
  if (column) shape = [shape[0], 1];
  const fits = shape.length === expected.length && expected.every((dim, i) => dim === null || typeof dim !== 'number' || dim === shape[i]);
  if (!fits) {
    throw new ShapeError(`${label} has shape ${formatShape(shape, { batch: false })}, but ${formatShape(expected)} was expected`, {
      layer: context.owner,
      argument: context.argument,
      key: context.channel,
      expected: formatShape(expected),
      given: formatShape(shape, { batch: false }),
    });
  }
  if (dtype === 'int32') checkIntegers(value, shape, label, context);
  if (value instanceof tf.Tensor) {
    if (value.dtype === dtype && !column) return value;
    return tf.tidy(() => tf.cast(column ? tf.reshape(value, shape) : value, dtype));
  }
  if (isTypedArrayWithShape(value)) {
    // tfjs takes Float32Array, Int32Array and Uint8Array as they are; other TypedArrays (Float64Array, ...) are converted.
    const data = value.data;
    const accepted = data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array;
    return tf.tensor(accepted ? data : dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data), shape, dtype);
  }
  return tf.tensor(value as number[], shape, dtype);
}

/**
 * Integer data (int32 channels: token ids) must hold integers: a 2.5 would
 * otherwise be truncated silently. A KeraflowError names the first one that
 * is not, with its position.
 */
function checkIntegers(value: ArrayData, shape: readonly number[], label: string, context: DataContext): void {
  if (value instanceof tf.Tensor && value.dtype === 'int32') return;
  if (isTypedArrayWithShape(value) && !(value.data instanceof Float32Array || value.data instanceof Float64Array)) return;
  const flat = value instanceof tf.Tensor ? value.dataSync() : isTypedArrayWithShape(value) ? value.data : (value as unknown[]).flat(Infinity);
  for (let index = 0; index < flat.length; index++) {
    const item = flat[index] as number | boolean;
    if (typeof item === 'boolean' || Number.isInteger(item)) continue;
    const position: number[] = [];
    let rest = index;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      position.unshift(rest % shape[axis]);
      rest = Math.floor(rest / shape[axis]);
    }
    throw new KeraflowError(`${label} must hold integers (the input is int32), but has ${item} at [${position.join('][')}]`, {
      layer: context.owner,
      argument: context.argument,
      key: context.channel,
      expected: 'integers',
      given: String(item),
    });
  }
}

/** Sizes of a shape that must all be numbers (for creating tensors). */
export function concreteShape(shape: Shape, what: string): number[] {
  return shape.map((dim) => {
    if (typeof dim !== 'number') throw new ShapeError(`${what} needs a concrete shape, found ${formatShape(shape, { batch: false })}`);
    return dim;
  });
}
