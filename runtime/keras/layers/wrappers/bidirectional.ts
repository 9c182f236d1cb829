import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Bidirectional as KeraflowBidirectional } from '../../../layers/wrappers/bidirectional.ts';
import type { Recurrent } from '../../../layers/recurrent/recurrent.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KeraflowError } from '../../../errors.ts';
import { KerasLayer, siblingOf } from '../../keras-layer.ts';

// <options of Bidirectional>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Bidirectional, after its positional arguments; every layer also takes LayerOptions. */
export interface BidirectionalOptions extends LayerOptions {
  /** How the two outputs combine: concat (last axis), sum, mul or ave. Default: 'concat'. */
  mergeMode?: 'concat' | 'sum' | 'mul' | 'ave';
}
/** Checked by tsc: BidirectionalOptions says what Bidirectional.spec says. */
export type BidirectionalOptionsFollowSpec = Assert<SameType<BidirectionalOptions, LayerOptions & OptionsOf<typeof Bidirectional.spec>>>;
// </options>

/** Keras 3's Bidirectional: a recurrent layer forwards and a copy backwards, merged by merge_mode; runs Keraflow's Bidirectional. */
export class Bidirectional extends KerasLayer {
  static override readonly spec = {
    className: 'Bidirectional',
    dialect: 'keras',
    doc: 'Runs a recurrent layer forwards and a copy of it backwards, and merges their outputs.',
    shape: "what its recurrent layer gives, the last axis doubled with merge_mode 'concat'",
    args: [
      { name: 'layer', type: 'layer', positional: true, required: true, doc: 'The recurrent layer (SimpleRNN, GRU, LSTM) run forwards; a copy runs backwards.' },
      { name: 'mergeMode', type: 'enum', values: ['concat', 'sum', 'mul', 'ave'], default: 'concat', doc: 'How the two outputs combine: concat (last axis), sum, mul or ave.' },
    ],
    params: [],
    activeParams: (args) => KeraflowBidirectional.spec.activeParams(args),
    inputs: 'single',
    keras: KeraflowBidirectional.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Bidirectional.spec>;

  constructor(layer: Layer<any>, options: BidirectionalOptions = {}) {
    super([layer], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    const wrapped = this.args.layer as Layer<any>;
    // Keras 3 penalizes the forward and the backward layer's outputs; the Keraflow layer it runs has no place for the penalty.
    if (wrapped.activityRegularizer) {
      throw new KeraflowError(`${this.name} (Bidirectional): its layer '${wrapped.name}' has an activity_regularizer, which Bidirectional does not apply; remove it`, {
        layer: this.name,
        argument: 'layer',
        expected: 'a recurrent layer without activity_regularizer',
        given: `'${wrapped.name}' with activity_regularizer`,
      });
    }
    // A layer that is not recurrent is refused by Keraflow's Bidirectional, with its message.
    return new KeraflowBidirectional(siblingOf(this.args.layer) as Recurrent, { mergeMode: this.args.mergeMode, ...options });
  }
}

registerLayer(Bidirectional);
