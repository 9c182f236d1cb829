import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as activations from '../../../activations.ts';
import type * as initializations from '../../../initializations.ts';
import { SimpleRNN as KeraflowSimpleRNN } from '../../../layers/recurrent/simple-rnn.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { activationArg, initializerArgs, KerasRecurrent, recurrentSpec, type SharedRecurrentOptions, tailArgs, unitsArg, weightArgs } from './recurrent.ts';

// <options of SimpleRNN>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SimpleRNN, after its positional arguments; every layer also takes LayerOptions. */
export interface SimpleRNNOptions extends LayerOptions {
  /** Activation of the output (and of the candidate state). Default: 'tanh'. */
  activation?: string | activations.Activation;
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
}
/** Checked by tsc: SimpleRNNOptions says what SimpleRNN.spec says. */
export type SimpleRNNOptionsFollowSpec = Assert<SameType<SimpleRNNOptions, LayerOptions & OptionsOf<typeof SimpleRNN.spec>>>;
// </options>

/** Keras 3's SimpleRNN: h' = activation(x·W + h·U + b); runs Keraflow's SimpleRNN. */
export class SimpleRNN extends KerasRecurrent {
  static override readonly spec = recurrentSpec(
    'SimpleRNN',
    'Fully connected recurrent layer: h = activation(x·W + h·U + b) at each step.',
    [unitsArg, activationArg, ...initializerArgs, ...weightArgs, ...tailArgs],
    KeraflowSimpleRNN,
  );
  declare readonly args: ArgsOf<typeof SimpleRNN.spec>;

  constructor(units: number, options: SimpleRNNOptions = {}) {
    super(units, options);
  }

  protected keraflowLayer(units: number, shared: SharedRecurrentOptions): Layer {
    return new KeraflowSimpleRNN(units, shared);
  }
}

registerLayer(SimpleRNN);
