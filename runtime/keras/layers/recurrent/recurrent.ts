/**
 * What Keras 3's SimpleRNN, LSTM and GRU share: their arguments with Keras
 * 3's names and defaults (a sigmoid recurrent activation, not Keras 1's
 * hard_sigmoid), their spec around them (`recurrentSpec`), and their base
 * class, which translates them to the Keraflow sibling's options. Each
 * layer's file is its class: its arguments, its options type, the options
 * only it translates, its registration.
 */
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgSpec } from '../../../engine/spec.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { activityRegularizerArg, constraintArg, kerasInitialization, regularizerArg } from '../arguments.ts';

export const unitsArg = { name: 'units', type: 'int', positional: true, required: true, min: 1, doc: 'Size of the output and of the state.' } as const satisfies ArgSpec;
export const activationArg = { name: 'activation', type: 'activation', default: 'tanh', doc: 'Activation of the output (and of the candidate state).' } as const satisfies ArgSpec;
export const recurrentActivationArg = { name: 'recurrentActivation', type: 'activation', default: 'sigmoid', doc: 'Activation of the gates.' } as const satisfies ArgSpec;

export const initializerArgs = [
  { name: 'kernelInitializer', type: 'initialization', default: 'glorot_uniform', doc: 'Initializer of the input weights.' },
  { name: 'recurrentInitializer', type: 'initialization', default: 'orthogonal', doc: 'Initializer of the recurrent weights.' },
] as const satisfies readonly ArgSpec[];

/** Keras's regularizers and constraints of the kernel, the recurrent kernel and the bias, in its order. */
export const weightArgs = [
  regularizerArg('kernel'),
  regularizerArg('recurrent'),
  regularizerArg('bias'),
  activityRegularizerArg,
  constraintArg('kernel'),
  constraintArg('recurrent'),
  constraintArg('bias'),
] as const;

/**
 * Keras's kernel, recurrent kernel and bias as the Keraflow parameters that
 * hold them, a slice per gate (W_i, W_f, ...; GRU's recurrent biases br_*
 * are part of Keras's bias). A penalty or a column-wise constraint of the
 * joined Keras weight is the same on its slices.
 */
export function recurrentWeights(params: readonly string[]): Record<string, string[]> {
  return {
    kernel: params.filter((name) => name.startsWith('W')),
    recurrent: params.filter((name) => name.startsWith('U')),
    bias: params.filter((name) => name.startsWith('b')),
  };
}

export const tailArgs = [
  { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the input units dropped in training.' },
  { name: 'recurrentDropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the recurrent units dropped in training.' },
  { name: 'returnSequences', type: 'bool', default: false, doc: 'true: the output at every step; false: the last output only.' },
  { name: 'goBackwards', type: 'bool', default: false, doc: 'Read the sequence from its end.' },
  { name: 'stateful', type: 'bool', default: false, doc: "Carry each sample's last state into the next batch (needs Input batch_size)." },
  { name: 'unroll', type: 'bool', default: false, doc: 'Accepted for compatibility; the loop always runs step by step.' },
] as const satisfies readonly ArgSpec[];

type KerasRecurrentArgs = {
  readonly units: number;
  readonly activation: unknown;
  readonly kernelInitializer: unknown;
  readonly recurrentInitializer: unknown;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
};

/** The Keraflow recurrent layers' options for Keras arguments (their recurrent activation aside). */
function keraflowRecurrentOptions(args: KerasRecurrentArgs) {
  return {
    activation: args.activation as string,
    init: kerasInitialization(args.kernelInitializer) as string,
    innerInit: kerasInitialization(args.recurrentInitializer) as string,
    dropoutW: args.dropout,
    dropoutU: args.recurrentDropout,
    returnSequences: args.returnSequences,
    goBackwards: args.goBackwards,
    stateful: args.stateful,
    unroll: args.unroll,
  };
}

/** The spec of a Keras 3 recurrent layer with these arguments: its Keraflow sibling's parameters and Keras mapping. */
export function recurrentSpec<const Name extends string, const Args extends readonly ArgSpec[]>(className: Name, doc: string, args: Args, sibling: { readonly spec: LayerSpec }) {
  return {
    className,
    dialect: 'keras',
    doc,
    shape: '[time, features] -> [units], or [time, units] with return_sequences',
    args,
    params: sibling.spec.params,
    inputs: 'single',
    keras: sibling.spec.keras,
  } as const satisfies LayerSpec;
}

/** The options every Keraflow recurrent sibling takes, translated from the Keras arguments, and the common layer options. */
export type SharedRecurrentOptions = LayerOptions & ReturnType<typeof keraflowRecurrentOptions>;

/** Keras 3's SimpleRNN, LSTM and GRU: `units`, then options; each runs its Keraflow sibling (`keraflowLayer`). */
export abstract class KerasRecurrent extends KerasLayer {
  declare readonly args: KerasRecurrentArgs;

  constructor(units: number, options: LayerOptions) {
    super([units], options);
  }

  /** The Keraflow recurrent layer this one runs: the shared options, and those only this layer translates. */
  protected abstract keraflowLayer(units: number, shared: SharedRecurrentOptions): Layer;

  protected makeSibling(options: LayerOptions): Layer {
    return this.keraflowLayer(this.args.units, { ...keraflowRecurrentOptions(this.args), ...options });
  }

  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return recurrentWeights(this.paramNames());
  }
}
