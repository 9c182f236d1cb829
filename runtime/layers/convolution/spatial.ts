/**
 * What the spatial layers (convolution, pooling, padding, up-sampling) share:
 * the data format, the padding modes and TensorFlow's output-size rule, the
 * int-or-list argument normalisation, the input checks, and the transposes
 * to and from TensorFlow.js's channels-last kernels.
 *
 * ## Data format: channels last by default
 *
 * `dataFormat: 'channels_last'` (the default) lays an input out as
 * `[steps..., channels]`: a 28×28 grey image is `input img: [28, 28, 1]`,
 * as in the examples, in Keras and in TensorFlow.js. `'channels_first'`
 * (`[channels, steps...]`, the order of the original Keraflow on Theano) is
 * supported on every layer. The default is channels last because that is
 * the layout TensorFlow.js's kernels (and the XNNPACK wasm ones) run
 * natively: channels-first inputs cost a transpose before and after each
 * convolution or pooling. Kernels keep TensorFlow's layout
 * `[kernel sizes..., inChannels, nbKernel]` in both formats (the
 * initializations' fans assume it), so weights carry over between formats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ceilDivideDims, floorDivideDims, formatDim, isConcrete, subtractDims, addDims, type Dim, type Shape } from '../../engine/dimension.ts';
import type { ArgSpec } from '../../engine/spec.ts';
import type { Layer } from '../../engine/layer.ts';

export type DataFormat = 'channels_first' | 'channels_last';
export type PadMode = 'valid' | 'same';

export const DEFAULT_DATA_FORMAT: DataFormat = 'channels_last';

/** The `dataFormat` argument, the same on every spatial layer. */
export const dataFormatArg = {
  name: 'dataFormat',
  type: 'enum',
  values: ['channels_last', 'channels_first'],
  default: DEFAULT_DATA_FORMAT,
  doc: "Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order).",
} as const satisfies ArgSpec;

/** The `pad` argument of convolutions and poolings. */
export const padArg = {
  name: 'pad',
  type: 'enum',
  values: ['valid', 'same'],
  default: 'valid',
  doc: "'valid': no padding, the output shrinks by kernel - 1; 'same': zero padding so that the output is ceil(input / stride), the extra one at the end when odd (TensorFlow's rule).",
} as const satisfies ArgSpec;

/** `3` or `[3, 3]` as a list of `rank` integers. */
export function toTuple(value: number | readonly number[], rank: number): number[] {
  return typeof value === 'number' ? Array<number>(rank).fill(value) : [...value];
}

/** The [before, after] padding of each of `rank` axes from an int, a per-axis list or a per-side list of pairs. */
export function toPairs(value: number | readonly number[] | readonly (readonly number[])[], rank: number): [number, number][] {
  if (typeof value === 'number') return Array.from({ length: rank }, () => [value, value]);
  return value.map((item) => (typeof item === 'number' ? [item, item] : [item[0], item[1]]));
}

/** The input shape, batch first, split into its spatial sizes and its channel count. */
export function splitSpatial(shape: Shape, format: DataFormat): { spatial: Dim[]; channels: Dim } {
  return format === 'channels_last' ? { spatial: shape.slice(1, -1), channels: shape.at(-1)! } : { spatial: shape.slice(2), channels: shape[1] };
}

/** The inverse of `splitSpatial`. */
export function joinSpatial(batch: Dim, spatial: readonly Dim[], channels: Dim, format: DataFormat): Shape {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** The axes (batch included) of the spatial sizes. */
export function spatialAxes(rank: number, format: DataFormat): number[] {
  return Array.from({ length: rank }, (_, i) => (format === 'channels_last' ? 1 + i : 2 + i));
}

/** TensorFlow's output size along one axis: `(size - window) // stride + 1` for 'valid', `ceil(size / stride)` for 'same'. */
export function outputSize(size: Dim, window: number, stride: number, pad: PadMode): Dim {
  if (pad === 'same') return ceilDivideDims(size, stride);
  return addDims(floorDivideDims(subtractDims(size, window), stride), 1);
}

/** `[batch, steps, channels]`-style words for rank messages. */
function layoutWords(rank: number, format: DataFormat): string {
  const spatial = rank === 1 ? ['steps'] : rank === 2 ? ['rows', 'cols'] : ['depth', 'rows', 'cols'];
  const axes = format === 'channels_last' ? ['batch', ...spatial, 'channels'] : ['batch', 'channels', ...spatial];
  return `[${axes.join(', ')}]`;
}

export interface SpatialCheck {
  /** Number of spatial axes (1, 2 or 3). */
  rank: number;
  format: DataFormat;
  /** The window (kernel or pool) sizes; checked against the input with pad 'valid'. */
  window?: readonly number[];
  /** What the window is called in messages ('kernel', 'pool'). */
  windowName?: string;
  pad?: PadMode;
  /** The channel count must be a number (it sizes a parameter). */
  concreteChannels?: boolean;
}

/**
 * Throws the layer's ShapeError when the input has the wrong rank, a size
 * that is not positive, a symbolic channel count where a number is needed,
 * or (pad 'valid') a spatial size smaller than the window. Symbolic and
 * unknown sizes are accepted: only numbers can be compared.
 */
export function checkSpatialInput(layer: Layer<any>, shape: Shape, check: SpatialCheck): void {
  const { rank, format } = check;
  if (shape.length !== rank + 2) {
    throw layer.shapeError((words) => `takes inputs of rank ${rank + 2}, ${layoutWords(rank, format)} with ${words.argument('dataFormat')} '${format}'`, shape, {
      expected: layoutWords(rank, format),
      reason: 'rank',
    });
  }
  const nonPositive = shape.slice(1).find((dim) => isConcrete(dim) && dim <= 0);
  if (nonPositive !== undefined) throw layer.shapeError('needs positive sizes', shape, { expected: 'positive sizes' });
  const { spatial, channels } = splitSpatial(shape, format);
  if (check.concreteChannels && !isConcrete(channels)) {
    throw layer.shapeError(
      (words) => `needs a concrete channel count (the ${format === 'channels_last' ? 'last' : 'first'} axis with ${words.argument('dataFormat')} '${format}'), found ${formatDim(channels)}`,
      shape,
      { expected: 'a concrete channel count', reason: 'concrete' },
    );
  }
  const window = check.window;
  if (window && check.pad !== 'same' && spatial.some((dim, i) => isConcrete(dim) && dim < window[i])) {
    const name = check.windowName ?? 'window';
    throw layer.shapeError(`has a ${window.join(' × ')} ${name} larger than the input's spatial size ${spatial.map(formatDim).join(' × ')} (pad 'valid'; use a smaller ${name} or pad 'same')`, shape, {
      expected: `spatial sizes of at least ${window.join(' × ')}`,
    });
  }
}

/** The permutation from `format` to channels last (identity for channels last). */
function toLastPermutation(tensorRank: number): number[] {
  return [0, ...Array.from({ length: tensorRank - 2 }, (_, i) => i + 2), 1];
}

/** The tensor in channels-last layout, which TensorFlow.js's kernels take. */
export function toChannelsLast(x: tf.Tensor, format: DataFormat): tf.Tensor {
  return format === 'channels_last' ? x : tf.transpose(x, toLastPermutation(x.rank));
}

/** Back from channels last to `format`. */
export function fromChannelsLast(x: tf.Tensor, format: DataFormat): tf.Tensor {
  if (format === 'channels_last') return x;
  const rank = x.rank;
  return tf.transpose(x, [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)]);
}
