import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as activations from '../../../activations.ts';
import type * as initializations from '../../../initializations.ts';
import { GRU as KeraflowGRU, gruParams } from '../../../layers/recurrent/gru.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { activationArg, initializerArgs, KerasRecurrent, recurrentActivationArg, recurrentSpec, type SharedRecurrentOptions, tailArgs, unitsArg, weightArgs } from './recurrent.ts';

// <options of GRU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GRU, after its positional arguments; every layer also takes LayerOptions. */
export interface GRUOptions extends LayerOptions {
  /** Activation of the output (and of the candidate state). Default: 'tanh'. */
  activation?: string | activations.Activation;
  /** Activation of the gates. Default: 'sigmoid'. */
  recurrentActivation?: string | activations.Activation;
  /** Initializer of the input weights. Default: 'glorot_uniform'. */
  kernelInitializer?: string | initializations.Initialization;
  /** Initializer of the recurrent weights. Default: 'orthogonal'. */
  recurrentInitializer?: string | initializations.Initialization;
  /** Penalty on the kernel weights, added to the loss; none: no penalty. Default: null. */
  kernelRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the recurrent weights, added to the loss; none: no penalty. Default: null. */
  recurrentRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the bias weights, added to the loss; none: no penalty. Default: null. */
  biasRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty. Default: null. */
  activityRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the kernel weights after each update; none: no constraint. Default: null. */
  kernelConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the recurrent weights after each update; none: no constraint. Default: null. */
  recurrentConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the bias weights after each update; none: no constraint. Default: null. */
  biasConstraint?: constraints.ConstraintLike | null;
  /** Fraction of the input units dropped in training. Default: 0. */
  dropout?: number;
  /** Fraction of the recurrent units dropped in training. Default: 0. */
  recurrentDropout?: number;
  /** true: the output at every step; false: the last output only. Default: false. */
  returnSequences?: boolean;
  /** Read the sequence from its end. Default: false. */
  goBackwards?: boolean;
  /** Carry each sample's last state into the next batch (needs Input batch_size). Default: false. */
  stateful?: boolean;
  /** Accepted for compatibility; the loop always runs step by step. Default: false. */
  unroll?: boolean;
  /** Apply the reset gate after the recurrent product, with a second (recurrent) bias; false: before it. Default: true. */
  resetAfter?: boolean;
}
/** Checked by tsc: GRUOptions says what GRU.spec says. */
export type GRUOptionsFollowSpec = Assert<SameType<GRUOptions, LayerOptions & OptionsOf<typeof GRU.spec>>>;
// </options>

/** Keras 3's GRU (sigmoid gates, reset gate after the recurrent product by default); runs Keraflow's GRU. */
export class GRU extends KerasRecurrent {
  static override readonly spec = {
    ...recurrentSpec(
      'GRU',
      'Gated recurrent unit: update gate z, reset gate r, candidate state h.',
      [
        unitsArg,
        activationArg,
        recurrentActivationArg,
        ...initializerArgs,
        ...weightArgs,
        ...tailArgs,
        { name: 'resetAfter', type: 'bool', default: true, doc: 'Apply the reset gate after the recurrent product, with a second (recurrent) bias; false: before it.' },
      ],
      KeraflowGRU,
    ),
    activeParams: (args: Readonly<Record<string, unknown>>) => gruParams(args.resetAfter === true),
  };
  declare readonly args: ArgsOf<typeof GRU.spec>;

  constructor(units: number, options: GRUOptions = {}) {
    super(units, options);
  }

  protected keraflowLayer(units: number, shared: SharedRecurrentOptions): Layer {
    return new KeraflowGRU(units, { ...shared, innerActivation: this.args.recurrentActivation, resetAfter: this.args.resetAfter });
  }
}

registerLayer(GRU);
