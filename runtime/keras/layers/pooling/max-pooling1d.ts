import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Pooling1D } from '../../../layers/pooling/pooling1d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { optionalFirst } from '../arguments.ts';
import { keraflowPooling, poolingArgs } from './pooling.ts';

// <options of MaxPooling1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of MaxPooling1D, after its positional arguments; every layer also takes LayerOptions. */
export interface MaxPooling1DOptions extends LayerOptions {
  /** Steps between two windows; none: the pool size. Default: null. */
  strides?: number | [number] | null;
  /** 'valid': no padding; 'same': zero padding so that the output is ceil(input / strides). Default: 'valid'. */
  padding?: 'valid' | 'same';
  /** Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last. Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}
/** Checked by tsc: MaxPooling1DOptions says what MaxPooling1D.spec says. */
export type MaxPooling1DOptionsFollowSpec = Assert<SameType<MaxPooling1DOptions, LayerOptions & OptionsOf<typeof MaxPooling1D.spec>>>;
// </options>

/** Keras 3's MaxPooling1D (also MaxPool1D): the largest value of each window; runs Keraflow's Pooling1D('max'). */
export class MaxPooling1D extends KerasLayer {
  static override readonly spec = {
    className: 'MaxPooling1D',
    dialect: 'keras',
    doc: '1-D max pooling: the largest value of each window, channels kept (channels last by default).',
    shape: "[spatial..., channels] -> [spatial'..., channels]; each size n -> ceil((n - pool_size + 1) / strides) with padding 'valid', ceil(n / strides) with 'same'",
    args: poolingArgs(1),
    params: [],
    inputs: 'single',
    keras: Pooling1D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof MaxPooling1D.spec>;

  constructor(poolSize?: number | number[] | MaxPooling1DOptions, options: MaxPooling1DOptions = {}) {
    super(...optionalFirst(poolSize, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return keraflowPooling(1, 'max', this.args, options);
  }
}

registerLayer(MaxPooling1D, { aliases: ['MaxPool1D'] });
