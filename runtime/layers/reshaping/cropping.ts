/**
 * What Cropping1D, 2D and 3D share: steps cut from the start and the end of
 * each spatial axis (the channels are kept), and their Keras counterpart.
 */
import * as tf from '@tensorflow/tfjs-core';
import { formatDim, isConcrete, subtractDims, type Shape } from '../../engine/dimension.ts';
import type { KerasMapping } from '../../engine/keras.ts';
import { Layer, type LayerOptions } from '../../engine/layer.ts';
import { positionalAndOptions } from './spatial-reshaping.ts';
import { checkSpatialInput, joinSpatial, spatialAxes, splitSpatial, toPairs, type DataFormat } from '../convolution/spatial.ts';

/**
 * The Keras counterpart: Cropping{rank}D. TensorFlow.js Layers has only
 * Cropping2D (1-D and 3-D export to Keras 3 only), and Keras's Cropping1D
 * runs channels last only.
 */
export function croppingKeras(rank: 1 | 2 | 3): KerasMapping {
  return {
    className: `Cropping${rank}D`,
    ...(rank === 2 ? {} : { tfjs: 'never' as const }),
    config: (args, keras) => {
      if (rank === 1 && args.dataFormat === 'channels_first') keras.unsupported('dataFormat', "is 'channels_first', and Keras's Cropping1D takes channels last only");
      const { cropping } = keras.layer as Cropping;
      return rank === 1 ? { cropping: [...cropping[0]] } : { cropping: cropping.map((pair) => [...pair]), data_format: args.dataFormat };
    },
    fromKeras: { args: (config) => ({ crop: config.cropping, dataFormat: config.data_format ?? 'channels_last' }) },
  };
}

/** Steps cut from the start and the end of each spatial axis. */
export abstract class Cropping extends Layer {
  /** [start, end] cut from each spatial axis. */
  readonly cropping: readonly (readonly [number, number])[];
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  declare readonly args: { readonly crop: number | readonly number[] | readonly (readonly [number, number])[]; readonly dataFormat: DataFormat };

  protected constructor(crop: unknown, options: LayerOptions, rank: number) {
    super(...positionalAndOptions(crop, options));
    this.rank = rank;
    const value = this.args.crop as number | number[] | number[][];
    // 1-D takes Keras's (start, end); 2-D and 3-D a number per axis or a pair per axis.
    this.cropping = rank === 1 && Array.isArray(value) ? [[value[0] as number, value[1] as number]] : toPairs(value, rank);
    this.dataFormat = this.args.dataFormat;
  }

  override checkInputShape(shape: Shape): void {
    checkSpatialInput(this, shape, { rank: this.rank, format: this.dataFormat });
    const { spatial } = splitSpatial(shape, this.dataFormat);
    const tooSmall = spatial.findIndex((size, i) => isConcrete(size) && size <= this.cropping[i][0] + this.cropping[i][1]);
    if (tooSmall >= 0) {
      const [start, end] = this.cropping[tooSmall];
      throw this.shapeError(`cuts ${start} + ${end} steps from spatial axis ${tooSmall}, of size ${formatDim(spatial[tooSmall])}: the cropping must leave at least one step`, shape, {
        expected: `spatial axis ${tooSmall} larger than ${start + end}`,
      });
    }
  }

  override outputShape(shape: Shape): Shape {
    const { spatial, channels } = splitSpatial(shape, this.dataFormat);
    const sizes = spatial.map((size, i) => subtractDims(size, this.cropping[i][0] + this.cropping[i][1]));
    return joinSpatial(shape[0], sizes, channels, this.dataFormat);
  }

  call(x: tf.Tensor): tf.Tensor {
    const begin = x.shape.map(() => 0);
    const size = [...x.shape];
    spatialAxes(this.rank, this.dataFormat).forEach((axis, i) => {
      begin[axis] = this.cropping[i][0];
      size[axis] -= this.cropping[i][0] + this.cropping[i][1];
    });
    return tf.slice(x, begin, size);
  }
}
