import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type * as initializations from '../../initializations.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { activationArg, innerActivationArg, Recurrent, recurrentCallArgs, recurrentHeadArgs, recurrentParams, recurrentTailArgs, type StepContext } from './recurrent.ts';

// <options of GRU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of GRU, after its positional arguments; every layer also takes LayerOptions. */
export interface GRUOptions extends LayerOptions {
  /** Initialization of the input weights W. Default: 'glorot_uniform'. */
  init?: string | initializations.Initialization;
  /** Initialization of the recurrent weights U. Default: 'orthogonal'. */
  innerInit?: string | initializations.Initialization;
  /** Activation of the output (and of the candidate state). Default: 'tanh'. */
  activation?: string | activations.Activation;
  /** Activation of the gates. Default: 'hard_sigmoid'. */
  innerActivation?: string | activations.Activation;
  /** Fraction of the input units dropped in training. Default: 0. */
  dropoutW?: number;
  /** Fraction of the recurrent units dropped in training. Default: 0. */
  dropoutU?: number;
  /** true: the output at every step; false: the last output only. Default: false. */
  returnSequences?: boolean;
  /** true: the last states too, as further outputs ([output, h] or, for LSTM, [output, h, c]). Default: false. */
  returnState?: boolean;
  /** Read the sequence from its end. Default: false. */
  goBackwards?: boolean;
  /** Carry each sample's last state into the next batch (needs Input batchSize). Default: false. */
  stateful?: boolean;
  /** Accepted for compatibility; the loop always runs step by step. Default: false. */
  unroll?: boolean;
}
/** Checked by tsc: GRUOptions says what GRU.spec says. */
export type GRUOptionsFollowSpec = Assert<SameType<GRUOptions, LayerOptions & OptionsOf<typeof GRU.spec>>>;
// </options>

/**
 * Gated recurrent unit (Cho et al. 2014), with the reset gate applied to the
 * state before its product with U_h (Keras 1; tf.layers with resetAfter false):
 *   z = σ(x·W_z + h·U_z + b_z),  r = σ(x·W_r + h·U_r + b_r),
 *   h' = z * h + (1 - z) * activation(x·W_h + (r * h)·U_h + b_h),
 * σ the inner activation. Parameters W_z, W_r, W_h, U_z, U_r, U_h, b_z, b_r, b_h.
 */
export class GRU extends Recurrent {
  static override readonly spec = {
    className: 'GRU',
    doc: 'Gated recurrent unit: update gate z, reset gate r, candidate state h.',
    shape: '[time, features] -> [output_dim], or [time, output_dim] with return_sequences',
    args: [...recurrentHeadArgs, activationArg, innerActivationArg, ...recurrentTailArgs],
    params: recurrentParams(['z', 'r', 'h']),
    inputs: 'single',
    call: recurrentCallArgs,
    keras: recurrentKeras('GRU', ['z', 'r', 'h'], 'h', () => ({ reset_after: false, implementation: 2 }), (_config, keras) => {
      keras.only('reset_after', false, "Keraflow's GRU applies the reset gate before the recurrent product (Keras's reset_after=False)");
      return {};
    }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GRU.spec>;

  protected readonly gates = ['z', 'r', 'h'];
  protected readonly stateCount = 1;
  private readonly innerActivation: activations.Activation;

  constructor(outputDim: number, options: GRUOptions = {}) {
    super([outputDim], options);
    this.innerActivation = activations.get(this.args.innerActivation, { layer: this.name, argument: 'innerActivation' });
  }

  protected step([h]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    // z and r take h itself (one fused product); the candidate takes r * h, known only after r.
    const [z, r] = context.gates(h, [{ gates: [0, 1], activation: this.innerActivation }]);
    const candidate = this.activation(tf.add(context.input(2), context.recurrent(tf.mul(r, h), 2)));
    return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate))];
  }
}

registerLayer(GRU);
