/**
 * What Keras 3's SeparableConv1D and SeparableConv2D share: a depthwise
 * convolution (depthwise-conv.ts), then a pointwise one (a 1×1 convolution,
 * one matrix product over the channels) to `filters` channels, then the bias
 * and the activation. One class per rank in both catalogues, under Keras's names.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../engine/dimension.ts';
import type { KerasMapping } from '../../../engine/keras.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import { splitSpatial } from '../../../layers/convolution/spatial.ts';
import {
  activationArg,
  activityRegularizerArg,
  biasConstraintArg,
  biasInitializerArg,
  biasRegularizerArg,
  constraintArg,
  dataFormatArg,
  paddingArg,
  regularizerArg,
  useBiasArg,
} from '../arguments.ts';
import {
  checkTfjs,
  depthMultiplierArg,
  depthwiseConstraintArg,
  depthwiseInitializerArg,
  depthwiseRegularizerArg,
  WindowedConvolution,
  windowArgs,
  windowArgsFromKeras,
  windowConfig,
} from './depthwise-conv.ts';

const filtersArg = { name: 'filters', type: 'int', positional: true, required: true, min: 1, doc: 'Number of filters: the output channels.' } as const satisfies ArgSpec;

const pointwiseInitializerArg = {
  name: 'pointwiseInitializer',
  type: 'initialization',
  default: 'glorot_uniform',
  doc: 'Initializer of the pointwise kernel.',
} as const satisfies ArgSpec;

/** SeparableConv{rank}D's arguments, in Keras's order. */
export function separableConvArgs<R extends 1 | 2>(rank: R) {
  const window = windowArgs(rank);
  return [
    filtersArg,
    window.kernelSize,
    window.strides,
    paddingArg,
    dataFormatArg,
    window.dilationRate,
    depthMultiplierArg,
    activationArg,
    useBiasArg,
    depthwiseInitializerArg,
    pointwiseInitializerArg,
    biasInitializerArg,
    depthwiseRegularizerArg,
    regularizerArg('pointwise'),
    biasRegularizerArg,
    activityRegularizerArg,
    depthwiseConstraintArg,
    constraintArg('pointwise'),
    biasConstraintArg,
  ] as const;
}

/**
 * Depthwise kernel [kernel sizes..., channels, depth_multiplier], pointwise
 * kernel [1..., channels · depth_multiplier, filters], bias [filters].
 */
export abstract class SeparableConv extends WindowedConvolution {
  declare readonly args: WindowedConvolution['args'] & { readonly filters: number };

  protected channelsOut(): number {
    return this.args.filters;
  }

  protected override initParams(shape: Shape): void {
    const channels = splitSpatial(shape, this.dataFormat).channels as number;
    const middle = channels * this.args.depthMultiplier;
    this.addParam('depthwise_kernel', [...this.kernelSize, channels, this.args.depthMultiplier], this.initializer('depthwiseInitializer'));
    this.addParam('pointwise_kernel', [...Array<number>(this.rank).fill(1), middle, this.args.filters], this.initializer('pointwiseInitializer'));
    if (this.args.useBias) this.addParam('bias', [this.args.filters], this.initializer('biasInitializer'));
  }

  call(x: tf.Tensor): tf.Tensor {
    const { depthwise_kernel: depthwiseKernel, pointwise_kernel: pointwiseKernel, bias } = this.weights;
    const spread = this.depthwise(this.channelsLast(x), depthwiseKernel);
    const middle = spread.shape.at(-1)!;
    const rows = tf.matMul(tf.reshape(spread, [-1, middle]), tf.reshape(pointwiseKernel, [middle, this.args.filters]));
    return this.finish(tf.reshape(rows, [...spread.shape.slice(0, -1), this.args.filters]), bias);
  }
}

/** The Keras counterpart of SeparableConv{rank}D. */
export function separableConvKeras(className: string, rank: 1 | 2): KerasMapping {
  return {
    className,
    ...(rank === 1 ? { tfjs: 'never' as const } : {}),
    config: (args, keras) => {
      checkTfjs(args, rank, keras);
      return {
        filters: args.filters,
        ...windowConfig(args, rank),
        activation: keras.activation('activation'),
        use_bias: args.useBias,
        depthwise_initializer: keras.initializer('depthwiseInitializer'),
        pointwise_initializer: keras.initializer('pointwiseInitializer'),
        bias_initializer: keras.initializer('biasInitializer'),
        depthwise_regularizer: keras.regularizer('depthwise_kernel'),
        pointwise_regularizer: keras.regularizer('pointwise_kernel'),
        bias_regularizer: keras.regularizer('bias'),
        // Written by Layer's kerasConfigOverrides, as every layer that takes it.
        activity_regularizer: null,
        depthwise_constraint: keras.constraint('depthwise_kernel'),
        pointwise_constraint: keras.constraint('pointwise_kernel'),
        bias_constraint: keras.constraint('bias'),
      };
    },
    weights: ({ depthwise_kernel, pointwise_kernel, bias }) => ({ depthwise_kernel, pointwise_kernel, bias }),
    fromKeras: {
      args: (config, keras) => {
        return {
          filters: config.filters,
          ...windowArgsFromKeras(config, rank, keras),
          activation: keras.activation('activation'),
          useBias: config.use_bias ?? true,
          depthwiseInitializer: keras.initializer('depthwise_initializer'),
          pointwiseInitializer: keras.initializer('pointwise_initializer'),
          biasInitializer: keras.initializer('bias_initializer'),
        };
      },
      params: ({ vars: [depthwise, pointwise, bias] }): Record<string, tf.Tensor> => ({
        depthwise_kernel: depthwise,
        pointwise_kernel: pointwise,
        ...(bias ? { bias } : {}),
      }),
      weightParams: (config) => ({ depthwise: ['depthwise_kernel'], pointwise: ['pointwise_kernel'], ...(config.use_bias === false ? {} : { bias: ['bias'] }) }),
    },
  };
}
