import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { dataFormatArg } from '../convolution/spatial.ts';
import { Cropping, croppingKeras } from './cropping.ts';

// <options of Cropping1D>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Cropping1D, after its positional arguments; every layer also takes LayerOptions. */
export interface Cropping1DOptions extends LayerOptions {
  /** Where the channels are: 'channels_last' ([steps..., channels], the default: TensorFlow.js's native layout) or 'channels_first' ([channels, steps...], Keraflow's original order). Default: 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}
/** Checked by tsc: Cropping1DOptions says what Cropping1D.spec says. */
export type Cropping1DOptionsFollowSpec = Assert<SameType<Cropping1DOptions, LayerOptions & OptionsOf<typeof Cropping1D.spec>>>;
// </options>

/** Steps cut from the start and the end of the steps: [steps, channels] (channels last, the default); the channels are kept. */
export class Cropping1D extends Cropping {
  static override readonly spec = {
    className: 'Cropping1D',
    doc: "Cuts steps from the start and the end of the steps; input [steps, channels] by default (dataFormat 'channels_last').",
    shape: '[steps, channels] -> [steps - start - end, channels]',
    args: [{ name: 'crop', type: 'intOrIntList', length: 2, positional: true, default: 1, min: 0, doc: 'Steps cut at both ends, or [start, end].' }, dataFormatArg],
    params: [],
    inputs: 'single',
    keras: croppingKeras(1),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping1D.spec>;

  constructor(crop?: number | [number, number], options: Cropping1DOptions = {}) {
    super(crop, options, 1);
  }
}

registerLayer(Cropping1D);
