import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { ZeroPadding } from './spatial-reshaping.ts';

// <options of ZeroPadding1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of ZeroPadding1D, after its positional arguments; every layer also takes LayerOptions. */
export interface ZeroPadding1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: ZeroPadding1DOptions says what ZeroPadding1D.spec says. */
export type ZeroPadding1DOptionsFollowSpec = Assert<SameType<ZeroPadding1DOptions, LayerOptions & OptionsOf<typeof ZeroPadding1D.spec>>>;
// </options>

/**
 * Zeros added before and after the steps: [steps, channels] (channels last,
 * the default); each padded size is the size plus its two paddings.
 */
export class ZeroPadding1D extends ZeroPadding {
  static override readonly spec = {
    className: 'ZeroPadding1D',
    doc: "Adds zeros before and after the steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape: '[steps, channels] -> [steps + before + after, channels]',
    args: [{ name: 'pad', type: 'intOrIntList', length: 2, positional: true, default: 1, min: 0, doc: 'Zeros added at both ends, or [left, right].' }, dataFormatArg],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding1D.spec>;

  constructor(pad?: number | [number, number], options: ZeroPadding1DOptions = {}) {
    super(pad, options, 1);
  }
}

registerLayer(ZeroPadding1D);
