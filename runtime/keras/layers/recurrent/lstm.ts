import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as activations from '../../../activations.ts';
import type * as initializations from '../../../initializations.ts';
import { LSTM as KeraflowLSTM } from '../../../layers/recurrent/lstm.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { activationArg, initializerArgs, KerasRecurrent, recurrentActivationArg, recurrentSpec, type SharedRecurrentOptions, tailArgs, unitsArg, weightArgs } from './recurrent.ts';

// <options of LSTM>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of LSTM, after its positional arguments; every layer also takes LayerOptions. */
export interface LSTMOptions extends LayerOptions {
  /** Activation of the output (and of the candidate state). Default: 'tanh'. */
  activation?: string | activations.Activation;
  /** Activation of the gates. Default: 'sigmoid'. */
  recurrentActivation?: string | activations.Activation;
  /** Initializer of the input weights. Default: 'glorot_uniform'. */
  kernelInitializer?: string | initializations.Initialization;
  /** Initializer of the recurrent weights. Default: 'orthogonal'. */
  recurrentInitializer?: string | initializations.Initialization;
  /** Start the forget gate bias at 1 (else 0). Default: true. */
  unitForgetBias?: boolean;
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
/** Checked by tsc: LSTMOptions says what LSTM.spec says. */
export type LSTMOptionsFollowSpec = Assert<SameType<LSTMOptions, LayerOptions & OptionsOf<typeof LSTM.spec>>>;
// </options>

/** Keras 3's LSTM (sigmoid gates, unit forget bias by default); runs Keraflow's LSTM. */
export class LSTM extends KerasRecurrent {
  static override readonly spec = recurrentSpec(
    'LSTM',
    'Long short-term memory: input, forget and output gates around a cell state.',
    [
      unitsArg,
      activationArg,
      recurrentActivationArg,
      ...initializerArgs,
      { name: 'unitForgetBias', type: 'bool', default: true, doc: 'Start the forget gate bias at 1 (else 0).' },
      ...weightArgs,
      ...tailArgs,
    ],
    KeraflowLSTM,
  );
  declare readonly args: ArgsOf<typeof LSTM.spec>;

  constructor(units: number, options: LSTMOptions = {}) {
    super(units, options);
  }

  protected keraflowLayer(units: number, shared: SharedRecurrentOptions): Layer {
    return new KeraflowLSTM(units, { ...shared, innerActivation: this.args.recurrentActivation, forgetBiasInit: this.args.unitForgetBias ? 'one' : 'zero' });
  }
}

registerLayer(LSTM);
