import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Masking as KeraflowMasking } from '../../../layers/core/masking.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

// <options of Masking>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Masking, after its positional arguments; every layer also takes LayerOptions. */
export interface MaskingOptions extends LayerOptions {
  /** The value that marks padding. Default: 0. */
  maskValue?: number;
}
/** Checked by tsc: MaskingOptions says what Masking.spec says. */
export type MaskingOptionsFollowSpec = Assert<SameType<MaskingOptions, LayerOptions & OptionsOf<typeof Masking.spec>>>;
// </options>

/** Keras 3's Masking: the time steps whose values all equal mask_value are masked (recurrent layers skip them); runs Keraflow's Masking. */
export class Masking extends KerasLayer {
  static override readonly spec = {
    className: 'Masking',
    dialect: 'keras',
    doc: KeraflowMasking.spec.doc,
    shape: KeraflowMasking.spec.shape,
    args: [{ name: 'maskValue', type: 'float', default: 0, doc: 'The value that marks padding.' }],
    params: [],
    inputs: 'single',
    keras: KeraflowMasking.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Masking.spec>;

  constructor(options: MaskingOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowMasking({ maskValue: this.args.maskValue, ...options });
  }
}

registerLayer(Masking);
