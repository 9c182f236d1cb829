import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { activationArg, innerActivationArg, Recurrent, recurrentCallArgs, recurrentHeadArgs, recurrentParams, recurrentTailArgs, type StepContext } from './recurrent.ts';

// <options of LSTM>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of LSTM, after its positional arguments; every layer also takes LayerOptions. */
export interface LSTMOptions extends LayerOptions {
  /** Initialization of the input weights W. Default: 'glorot_uniform'. */
  init?: string | initializations.Initialization;
  /** Initialization of the recurrent weights U. Default: 'orthogonal'. */
  innerInit?: string | initializations.Initialization;
  /** Initialization of the forget gate bias b_f. Default: 'one'. */
  forgetBiasInit?: string | initializations.Initialization;
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
/** Checked by tsc: LSTMOptions says what LSTM.spec says. */
export type LSTMOptionsFollowSpec = Assert<SameType<LSTMOptions, LayerOptions & OptionsOf<typeof LSTM.spec>>>;
// </options>

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997), as Keras 1:
 *   i = σ(x·W_i + h·U_i + b_i),  f = σ(x·W_f + h·U_f + b_f),  o = σ(x·W_o + h·U_o + b_o),
 *   c' = f * c + i * activation(x·W_c + h·U_c + b_c),  h' = o * activation(c'),
 * σ the inner activation. Parameters W_i, W_f, W_c, W_o, U_i, ..., b_i, ...
 */
export class LSTM extends Recurrent {
  static override readonly spec = {
    className: 'LSTM',
    doc: 'Long short-term memory: input, forget and output gates around a cell state.',
    shape: '[time, features] -> [output_dim], or [time, output_dim] with return_sequences',
    args: [
      ...recurrentHeadArgs,
      { name: 'forgetBiasInit', type: 'initialization', default: 'one', doc: 'Initialization of the forget gate bias b_f.' },
      activationArg,
      innerActivationArg,
      ...recurrentTailArgs,
    ],
    params: recurrentParams(['i', 'f', 'c', 'o']),
    inputs: 'single',
    call: recurrentCallArgs,
    keras: recurrentKeras(
      'LSTM',
      ['i', 'f', 'c', 'o'],
      'c',
      (_args, keras) => {
        const forget = keras.initializer('forgetBiasInit').class_name;
        if (forget !== 'Ones' && forget !== 'Zeros') keras.unsupported('forgetBiasInit', 'is neither one nor zero, and Keras has only unit_forget_bias');
        return { unit_forget_bias: forget === 'Ones', implementation: 2 };
      },
      (config) => ({ forgetBiasInit: config.unit_forget_bias === false ? 'zero' : 'one' }),
    ),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof LSTM.spec>;

  protected readonly gates = ['i', 'f', 'c', 'o'];
  protected readonly stateCount = 2;
  private readonly innerActivation: activations.Activation;
  private readonly forgetBiasInit: initializations.Initialization;

  constructor(outputDim: number, options: LSTMOptions = {}) {
    super([outputDim], options);
    this.innerActivation = activations.get(this.args.innerActivation, { layer: this.name, argument: 'innerActivation' });
    this.forgetBiasInit = initializations.get(this.args.forgetBiasInit, { layer: this.name, argument: 'forgetBiasInit' });
  }

  protected override biasInitialization(gate: string): initializations.Initialization {
    return gate === 'f' ? this.forgetBiasInit : initializations.zero;
  }

  protected step([h, c]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    const [i, f, candidate, o] = context.gates(h, [
      { gates: [0, 1, 3], activation: this.innerActivation },
      { gates: [2], activation: this.activation },
    ]);
    const cell = tf.add(tf.mul(f, c), tf.mul(i, candidate));
    return [tf.mul(o, this.activation(cell)), cell];
  }
}

registerLayer(LSTM);
