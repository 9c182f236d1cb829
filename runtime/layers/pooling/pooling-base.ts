import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import type { KerasMapping } from '../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import type { ArgSpec } from '../../engine/spec.ts';
import {
  checkSpatialInput, dataFormatArg, fromChannelsLast, joinSpatial, outputSize, padArg, spatialAxes, splitSpatial, toChannelsLast, toTuple,
  type DataFormat, type PadMode,
} from '../convolution/spatial.ts';

export type PoolingMode = 'max' | 'avg';

export const modeArg: ArgSpec = {
  name: 'mode', type: 'enum', values: ['max', 'avg'], positional: true, required: true,
  doc: "'max': the largest value of each window; 'avg': the mean (padding excluded, as TensorFlow).",
};

/** Pooling's arguments for `rank` spatial axes: mode; poolSize, strides (default poolSize), pad, dataFormat. */
export function poolingArgs(rank: number): ArgSpec[] {
  const sizeType = rank === 1 ? { type: 'int' as const } : { type: 'intOrIntList' as const, length: rank };
  return [
    modeArg,
    { name: 'poolSize', ...sizeType, default: rank === 1 ? 2 : Array<number>(rank).fill(2), min: 1, doc: rank === 1 ? 'Window length.' : 'Window size, one per spatial axis, or one number for all.' },
    { name: 'strides', ...sizeType, default: null, nullable: true, min: 1, doc: 'Steps between two windows; none: the pool size (windows do not overlap).' },
    padArg,
    dataFormatArg,
  ];
}

/** The Keras counterpart: MaxPooling{rank}D or AveragePooling{rank}D. TensorFlow.js's 1-D poolings run channels last only. */
export function poolingKeras(rank: number): KerasMapping {
  return {
    className: (args) => `${args.mode === 'max' ? 'Max' : 'Average'}Pooling${rank}D`,
    config: (args, keras) => {
      if (rank === 1 && args.dataFormat === 'channels_first') keras.unsupported('dataFormat', "is 'channels_first', which TensorFlow.js's 1-D poolings do not run");
      const poolSize = toTuple(args.poolSize as number | number[], rank);
      const strides = args.strides === null ? poolSize : toTuple(args.strides as number | number[], rank);
      return { pool_size: poolSize, strides, padding: args.pad, ...(rank === 1 ? {} : { data_format: args.dataFormat }) };
    },
  };
}

/** The Keras counterpart: GlobalMaxPooling{rank}D or GlobalAveragePooling{rank}D (1-D: channels last only). */
export function globalPoolingKeras(rank: number): KerasMapping {
  return {
    className: (args) => `Global${args.mode === 'max' ? 'Max' : 'Average'}Pooling${rank}D`,
    config: (args, keras) => {
      if (rank === 1 && args.dataFormat === 'channels_first') keras.unsupported('dataFormat', "is 'channels_first', which TensorFlow.js's 1-D global poolings do not run");
      return rank === 1 ? {} : { data_format: args.dataFormat };
    },
  };
}

export interface PoolingOptions<Size> extends LayerOptions {
  /** Window size (default 2 on every axis). */
  poolSize?: Size;
  /** Steps between windows (default: poolSize). */
  strides?: Size | null;
  /** 'valid' (default) or 'same' (TensorFlow's rule). */
  pad?: PadMode;
  /** 'channels_last' (default: [steps..., channels]) or 'channels_first'. See convolution/spatial.ts. */
  dataFormat?: DataFormat;
}

/** Max or average pooling over windows of `rank` spatial axes; the channels are kept. */
export abstract class Pooling extends Layer {
  readonly mode: PoolingMode;
  readonly poolSize: readonly number[];
  readonly strides: readonly number[];
  readonly pad: PadMode;
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  protected constructor(mode: PoolingMode, options: PoolingOptions<unknown>, rank: number) {
    super([mode], options as LayerOptions & Record<string, unknown>);
    this.rank = rank;
    this.mode = this.args.mode as PoolingMode;
    this.poolSize = toTuple(this.args.poolSize as number | number[], rank);
    this.strides = this.args.strides === null ? this.poolSize : toTuple(this.args.strides as number | number[], rank);
    this.pad = this.args.pad as PadMode;
    this.dataFormat = this.args.dataFormat as DataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat, window: this.poolSize, windowName: 'pool', pad: this.pad });
  }

  override outputShape(shape: Shape): Shape {
    const { spatial, channels } = splitSpatial(shape, this.dataFormat);
    const sizes = spatial.map((size, i) => outputSize(size, this.poolSize[i], this.strides[i], this.pad));
    return joinSpatial(shape[0], sizes, channels, this.dataFormat);
  }

  /** The TensorFlow.js pooling on a channels-last input. */
  protected abstract pool(x: tf.Tensor): tf.Tensor;

  call(x: tf.Tensor): tf.Tensor {
    return fromChannelsLast(this.pool(toChannelsLast(x, this.dataFormat)), this.dataFormat);
  }
}

export interface GlobalPoolingOptions extends LayerOptions {
  /** 'channels_last' (default: [steps..., channels]) or 'channels_first'. See convolution/spatial.ts. */
  dataFormat?: DataFormat;
}

/** The max or mean over all spatial axes: [spatial..., channels] -> [channels]. */
export abstract class GlobalPooling extends Layer {
  readonly mode: PoolingMode;
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  protected constructor(mode: PoolingMode, options: GlobalPoolingOptions, rank: number) {
    super([mode], options as LayerOptions & Record<string, unknown>);
    this.rank = rank;
    this.mode = this.args.mode as PoolingMode;
    this.dataFormat = this.args.dataFormat as DataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat });
  }

  override outputShape(shape: Shape): Shape {
    return [shape[0], splitSpatial(shape, this.dataFormat).channels];
  }

  call(x: tf.Tensor): tf.Tensor {
    const axes = spatialAxes(this.rank, this.dataFormat);
    return this.mode === 'max' ? tf.max(x, axes) : tf.mean(x, axes);
  }
}

export const globalPoolingArgs: readonly ArgSpec[] = [modeArg, dataFormatArg];
