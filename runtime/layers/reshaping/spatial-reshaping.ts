import * as tf from '@tensorflow/tfjs-core';
import { addDims, multiplyDims, type Shape } from '../../engine/dimension.ts';
import { isPlainObject } from '../../engine/argument-passing.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import { checkSpatialInput, joinSpatial, spatialAxes, splitSpatial, toPairs, toTuple, type DataFormat } from '../convolution/spatial.ts';

/**
 * The positional list for a layer whose one positional argument has a
 * default: `new ZeroPadding2D({name})` (or a config without it) passes the
 * options first.
 */
export function positionalAndOptions(value: unknown, options: LayerOptions): [unknown[], LayerOptions] {
  if (isPlainObject(value)) return [[], value as LayerOptions];
  return [value === undefined ? [] : [value], options];
}

/** Zeros added before and after each spatial axis; the channels are kept. */
export abstract class ZeroPadding extends Layer {
  /** [before, after] for each spatial axis. */
  readonly padding: readonly (readonly [number, number])[];
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  declare readonly args: { readonly pad: number | readonly number[] | readonly (readonly [number, number])[]; readonly dataFormat: DataFormat };

  protected constructor(pad: unknown, options: LayerOptions, rank: number) {
    super(...positionalAndOptions(pad, options));
    this.rank = rank;
    const value = this.args.pad as number | number[] | number[][];
    // 1-D takes Keras's (left, right); 2-D and 3-D a number per axis or a pair per axis.
    this.padding = rank === 1 && Array.isArray(value) ? [[value[0] as number, value[1] as number]] : toPairs(value, rank);
    this.dataFormat = this.args.dataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial, channels } = splitSpatial(shape, this.dataFormat);
    const sizes = spatial.map((size, i) => addDims(size, this.padding[i][0] + this.padding[i][1]));
    return joinSpatial(shape[0], sizes, channels, this.dataFormat);
  }

  call(x: tf.Tensor): tf.Tensor {
    const paddings: [number, number][] = x.shape.map(() => [0, 0]);
    spatialAxes(this.rank, this.dataFormat).forEach((axis, i) => (paddings[axis] = [...this.padding[i]]));
    return tf.pad(x, paddings);
  }
}

/** Each step of each spatial axis repeated `repeats` times (nearest-neighbour up-sampling). */
export abstract class UpSampling extends Layer {
  readonly repeats: readonly number[];
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  declare readonly args: { readonly repeats: number | readonly number[]; readonly dataFormat: DataFormat };

  protected constructor(repeats: unknown, options: LayerOptions, rank: number) {
    super(...positionalAndOptions(repeats, options));
    this.rank = rank;
    this.repeats = toTuple(this.args.repeats, rank);
    this.dataFormat = this.args.dataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial, channels } = splitSpatial(shape, this.dataFormat);
    return joinSpatial(
      shape[0],
      spatial.map((size, i) => multiplyDims(size, this.repeats[i])),
      channels,
      this.dataFormat,
    );
  }

  call(x: tf.Tensor): tf.Tensor {
    let y = x;
    spatialAxes(this.rank, this.dataFormat).forEach((axis, i) => (y = repeatAlong(y, axis, this.repeats[i])));
    return y;
  }
}

/**
 * Repeats each slice along `axis` `times` times: [a, b] -> [a, a, b, b].
 * Folded to rank 3 and broadcast, so that the gradient is one sum on any
 * backend (tf.tile's gradient is a loop of slices, limited to rank 4).
 */
function repeatAlong(x: tf.Tensor, axis: number, times: number): tf.Tensor {
  if (times === 1) return x;
  const outer = x.shape.slice(0, axis + 1).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const repeated = tf.mul(tf.reshape(x, [outer, 1, inner]), tf.ones([1, times, 1]));
  const shape = [...x.shape];
  shape[axis] *= times;
  return tf.reshape(repeated, shape);
}
