import type * as tf from '@tensorflow/tfjs-core';
import type * as activations from '../../activations.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type * as initializations from '../../initializations.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { activationArg, Recurrent, recurrentCallArgs, recurrentHeadArgs, recurrentParams, recurrentTailArgs, type StepContext } from './recurrent.ts';

// <options of SimpleRNN>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of SimpleRNN, after its positional arguments; every layer also takes LayerOptions. */
export interface SimpleRNNOptions extends LayerOptions {
  /** Initialization of the input weights W. Default: 'glorot_uniform'. */
  init?: string | initializations.Initialization;
  /** Initialization of the recurrent weights U. Default: 'orthogonal'. */
  innerInit?: string | initializations.Initialization;
  /** Activation of the output (and of the candidate state). Default: 'tanh'. */
  activation?: string | activations.Activation;
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
/** Checked by tsc: SimpleRNNOptions says what SimpleRNN.spec says. */
export type SimpleRNNOptionsFollowSpec = Assert<SameType<SimpleRNNOptions, LayerOptions & OptionsOf<typeof SimpleRNN.spec>>>;
// </options>

/**
 * Fully connected recurrence: h_t = activation(x_t · W + h_{t-1} · U + b).
 * Parameters: W [inputDim, outputDim], U [outputDim, outputDim], b [outputDim].
 */
export class SimpleRNN extends Recurrent {
  static override readonly spec = {
    className: 'SimpleRNN',
    doc: 'Fully connected recurrent layer: h = activation(x · W + h_prev · U + b) at each step.',
    shape: '[time, features] -> [output_dim], or [time, output_dim] with return_sequences',
    args: [...recurrentHeadArgs, activationArg, ...recurrentTailArgs],
    params: recurrentParams(['']),
    inputs: 'single',
    call: recurrentCallArgs,
    keras: recurrentKeras('SimpleRNN', [''], null),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SimpleRNN.spec>;

  protected readonly gates = [''];
  protected readonly stateCount = 1;

  constructor(outputDim: number, options: SimpleRNNOptions = {}) {
    super([outputDim], options);
  }

  protected step([h]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    return context.gates(h, [{ gates: [0], activation: this.activation }]);
  }
}

registerLayer(SimpleRNN);
