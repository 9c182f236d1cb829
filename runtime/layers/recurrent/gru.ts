import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { Shape } from '../../engine/dimension.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
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
  /** Apply the reset gate after the recurrent product, with recurrent biases br_g (Keras 3's default). Default: false. */
  resetAfter?: boolean;
}
/** Checked by tsc: GRUOptions says what GRU.spec says. */
export type GRUOptionsFollowSpec = Assert<SameType<GRUOptions, LayerOptions & OptionsOf<typeof GRU.spec>>>;
// </options>

const GATES = ['z', 'r', 'h'];
/** With resetAfter, each gate's recurrent product has a bias of its own (Keras's second bias row). */
const RECURRENT_BIASES = ['br_z', 'br_r', 'br_h'];

/** GRU's parameters: W_g, U_g, b_g, and with resetAfter the recurrent biases br_g. */
export function gruParams(resetAfter: boolean): string[] {
  return [...recurrentParams(GATES), ...(resetAfter ? RECURRENT_BIASES : [])];
}

/**
 * Gated recurrent unit (Cho et al. 2014). By default the reset gate applies to
 * the state before its product with U_h (Keras 1; tf.layers):
 *   z = σ(x·W_z + h·U_z + b_z),  r = σ(x·W_r + h·U_r + b_r),
 *   h' = z * h + (1 - z) * activation(x·W_h + (r * h)·U_h + b_h),
 * σ the inner activation. With resetAfter (Keras 3's default, cuDNN's form) it
 * applies after the product, and every recurrent product has its own bias br_g:
 *   z = σ(x·W_z + b_z + h·U_z + br_z),  r = σ(x·W_r + b_r + h·U_r + br_r),
 *   h' = z * h + (1 - z) * activation(x·W_h + b_h + r * (h·U_h + br_h)).
 */
export class GRU extends Recurrent {
  static override readonly spec = {
    className: 'GRU',
    doc: 'Gated recurrent unit: update gate z, reset gate r, candidate state h.',
    shape: '[time, features] -> [output_dim], or [time, output_dim] with return_sequences',
    args: [
      ...recurrentHeadArgs,
      activationArg,
      innerActivationArg,
      ...recurrentTailArgs,
      { name: 'resetAfter', type: 'bool', default: false, doc: "Apply the reset gate after the recurrent product, with recurrent biases br_g (Keras 3's default)." },
    ],
    params: gruParams(true),
    activeParams: (args) => gruParams(args.resetAfter === true),
    inputs: 'single',
    call: recurrentCallArgs,
    keras: recurrentKeras(
      'GRU',
      GATES,
      'h',
      (args) => ({ reset_after: args.resetAfter, implementation: 2 }),
      // A config without reset_after takes its format's default: True in Keras 3, false in TensorFlow.js and Keras 2.
      (config, keras) => ({ resetAfter: config.reset_after ?? keras.dialect === 'keras3' }),
      RECURRENT_BIASES,
    ),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GRU.spec>;

  protected readonly gates = GATES;
  protected readonly stateCount = 1;
  readonly resetAfter: boolean;
  private readonly innerActivation: activations.Activation;

  constructor(outputDim: number, options: GRUOptions = {}) {
    super([outputDim], options);
    this.innerActivation = activations.get(this.args.innerActivation, { layer: this.name, argument: 'innerActivation' });
    this.resetAfter = this.args.resetAfter;
  }

  protected override initParams(shape: Shape): void {
    super.initParams(shape);
    if (this.resetAfter) for (const name of RECURRENT_BIASES) this.addParam(name, [this.outputDim], initializations.zero);
  }

  protected step([h]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    const [z, r] = this.resetAfter ? this.gatesWithRecurrentBias(h, context) : context.gates(h, [{ gates: [0, 1], activation: this.innerActivation }]);
    // Before: the candidate multiplies r * h by U_h (known only after r). After: r scales h·U_h + br_h.
    const recurrentPart = this.resetAfter ? tf.mul(r, tf.add(context.recurrent(h, 2), this.recurrentBias(2))) : context.recurrent(tf.mul(r, h), 2);
    const candidate = this.activation(tf.add(context.input(2), recurrentPart));
    return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate))];
  }

  /** z and r with resetAfter: σ(x·W_g + b_g + h·U_g + br_g), each gate's products apart (the fused product has no second bias). */
  private gatesWithRecurrentBias(h: tf.Tensor, context: StepContext): tf.Tensor[] {
    return [0, 1].map((g) => this.innerActivation(tf.add(tf.add(context.input(g), context.recurrent(h, g)), this.recurrentBias(g))));
  }

  private recurrentBias(gate: number): tf.Tensor {
    return (this.weights as Record<string, tf.Tensor>)[RECURRENT_BIASES[gate]];
  }
}

registerLayer(GRU);
