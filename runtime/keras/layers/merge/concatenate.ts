import type { Shape } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Concatenate as KeraflowConcatenate } from '../../../layers/merge/concatenate.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

// <options of Concatenate>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Concatenate, after its positional arguments; every layer also takes LayerOptions. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along, the batch axis being 0; negative counts from the end. Default: -1. */
  axis?: number;
}
/** Checked by tsc: ConcatenateOptions says what Concatenate.spec says. */
export type ConcatenateOptionsFollowSpec = Assert<SameType<ConcatenateOptions, LayerOptions & OptionsOf<typeof Concatenate.spec>>>;
// </options>

/** Keras 3's Concatenate: joins along `axis`, which counts the batch axis (0) as Keras does; runs Keraflow's Concatenate with includeBatchDim. */
export class Concatenate extends KerasLayer<Shape[]> {
  static override readonly spec = {
    className: 'Concatenate',
    dialect: 'keras',
    doc: 'Joins a list of tensors along an axis (batch axis 0; default -1, the last); the other sizes must match.',
    shape: 'a list of shapes equal but on axis -> that shape, with the sizes on axis added',
    args: [{ name: 'axis', type: 'int', default: -1, doc: 'The axis to join along, the batch axis being 0; negative counts from the end.' }],
    params: [],
    inputs: 'list',
    inputDtype: 'any',
    keras: KeraflowConcatenate.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Concatenate.spec>;

  constructor(options: ConcatenateOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer<Shape[]> {
    return new KeraflowConcatenate({ axis: this.args.axis, includeBatchDim: true, ...options });
  }
}

registerLayer(Concatenate);
