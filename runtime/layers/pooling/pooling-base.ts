import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { kerasTuple, type KerasMapping } from '../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import type { ArgsOf, ArgSpec } from '../../engine/spec.ts';
import {
  checkSpatialInput,
  dataFormatArg,
  fromChannelsLast,
  joinSpatial,
  outputSize,
  padArg,
  spatialAxes,
  splitSpatial,
  toChannelsLast,
  toTuple,
  type DataFormat,
  type PadMode,
} from '../convolution/spatial.ts';

export type PoolingMode = 'max' | 'avg';

export const modeArg = {
  name: 'mode',
  type: 'enum',
  values: ['max', 'avg'],
  positional: true,
  required: true,
  doc: "'max': the largest value of each window; 'avg': the mean (padding excluded, as TensorFlow).",
} as const satisfies ArgSpec;

/** A window argument's spec, as its type sees it: one integer in 1-D, else one or a list of `rank`. */
type WindowArg<R extends number, Name extends string> = (R extends 1 ? { readonly type: 'int' } : { readonly type: 'intOrIntList'; readonly length: R }) & {
  readonly name: Name;
  readonly doc: string;
  readonly min: 1;
};

/** Pooling's arguments for `rank` spatial axes: mode; poolSize, strides (default poolSize), pad, dataFormat. */
export function poolingArgs<R extends 1 | 2 | 3>(
  rank: R,
): readonly [
  typeof modeArg,
  WindowArg<R, 'poolSize'> & { readonly default: number | readonly number[] },
  WindowArg<R, 'strides'> & { readonly default: null; readonly nullable: true },
  typeof padArg,
  typeof dataFormatArg,
] {
  const sizeType = rank === 1 ? { type: 'int' as const } : { type: 'intOrIntList' as const, length: rank };
  return [
    modeArg,
    { name: 'poolSize', ...sizeType, default: rank === 1 ? 2 : Array<number>(rank).fill(2), min: 1, doc: rank === 1 ? 'Window length.' : 'Window size, one per spatial axis, or one number for all.' },
    { name: 'strides', ...sizeType, default: null, nullable: true, min: 1, doc: 'Steps between two windows; none: the pool size (windows do not overlap).' },
    padArg,
    dataFormatArg,
  ] as never;
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
    fromKeras: {
      classNames: [`MaxPooling${rank}D`, `AveragePooling${rank}D`],
      args: (config, keras) => {
        const poolSize = kerasTuple(config.pool_size, rank);
        const strides = config.strides === null || config.strides === undefined ? poolSize : kerasTuple(config.strides, rank);
        const one = (sizes: number[]) => (rank === 1 ? sizes[0] : sizes);
        return {
          mode: keras.className.startsWith('Max') ? 'max' : 'avg',
          poolSize: one(poolSize),
          strides: strides.every((size, axis) => size === poolSize[axis]) ? null : one(strides),
          pad: config.padding ?? 'valid',
          dataFormat: config.data_format ?? 'channels_last',
        };
      },
    },
  };
}

/** The Keras counterpart: GlobalMaxPooling{rank}D or GlobalAveragePooling{rank}D (1-D: channels last only; 3-D: Keras 3 only, TensorFlow.js Layers lacks it). */
export function globalPoolingKeras(rank: number): KerasMapping {
  return {
    className: (args) => `Global${args.mode === 'max' ? 'Max' : 'Average'}Pooling${rank}D`,
    ...(rank === 3 ? { tfjs: 'never' as const } : {}),
    config: (args, keras) => {
      if (rank === 1 && args.dataFormat === 'channels_first') keras.unsupported('dataFormat', "is 'channels_first', which TensorFlow.js's 1-D global poolings do not run");
      // TensorFlow.js Layers' global poolings have no keepdims; Keras 3's have.
      if (keras.target === 'tfjs' && args.keepdims) keras.unsupported('keepdims', "is true, which TensorFlow.js Layers' global poolings do not take");
      const keepdims = keras.target === 'keras3' ? { keepdims: args.keepdims } : {};
      return rank === 1 ? keepdims : { data_format: args.dataFormat, ...keepdims };
    },
    fromKeras: {
      classNames: [`GlobalMaxPooling${rank}D`, `GlobalAveragePooling${rank}D`],
      args: (config, keras) => ({
        mode: keras.className.startsWith('GlobalMax') ? 'max' : 'avg',
        dataFormat: config.data_format ?? 'channels_last',
        keepdims: config.keepdims ?? false,
      }),
    },
  };
}

/** Max or average pooling over windows of `rank` spatial axes; the channels are kept. */
export abstract class Pooling extends Layer {
  readonly mode: PoolingMode;
  readonly poolSize: readonly number[];
  readonly strides: readonly number[];
  readonly pad: PadMode;
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  /** The arguments every pooling has, whatever its rank. */
  declare readonly args: {
    readonly mode: PoolingMode;
    readonly poolSize: number | readonly number[];
    readonly strides: number | readonly number[] | null;
    readonly pad: PadMode;
    readonly dataFormat: DataFormat;
  };

  protected constructor(mode: PoolingMode, options: LayerOptions, rank: number) {
    super([mode], options);
    this.rank = rank;
    this.mode = this.args.mode;
    this.poolSize = toTuple(this.args.poolSize, rank);
    this.strides = this.args.strides === null ? this.poolSize : toTuple(this.args.strides, rank);
    this.pad = this.args.pad;
    this.dataFormat = this.args.dataFormat;
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

/** The max or mean over all spatial axes: [spatial..., channels] -> [channels] (the spatial axes kept as size 1 with keepdims). */
export abstract class GlobalPooling extends Layer {
  readonly mode: PoolingMode;
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  declare readonly args: ArgsOf<{ args: typeof globalPoolingArgs }>;

  protected constructor(mode: PoolingMode, options: LayerOptions, rank: number) {
    super([mode], options);
    this.rank = rank;
    this.mode = this.args.mode;
    this.dataFormat = this.args.dataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat });
  }

  override outputShape(shape: Shape): Shape {
    const { channels } = splitSpatial(shape, this.dataFormat);
    if (!this.args.keepdims) return [shape[0], channels];
    return joinSpatial(shape[0], Array<number>(this.rank).fill(1), channels, this.dataFormat);
  }

  call(x: tf.Tensor): tf.Tensor {
    const axes = spatialAxes(this.rank, this.dataFormat);
    return this.mode === 'max' ? tf.max(x, axes, this.args.keepdims) : tf.mean(x, axes, this.args.keepdims);
  }
}

export const globalPoolingArgs = [
  modeArg,
  dataFormatArg,
  { name: 'keepdims', type: 'bool', default: false, doc: 'true: the pooled axes stay, as size 1; false: [channels].' },
] as const satisfies readonly ArgSpec[];
