/**
 * What Keras 3's SimpleRNN, LSTM and GRU share: their arguments with Keras
 * 3's names and defaults (a sigmoid recurrent activation, not Keras 1's
 * hard_sigmoid), and their translation to the Keraflow layers' options.
 */
import type { ArgSpec } from '../../../engine/spec.ts';
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
  regularizerArg('kernel'), regularizerArg('recurrent'), regularizerArg('bias'), activityRegularizerArg,
  constraintArg('kernel'), constraintArg('recurrent'), constraintArg('bias'),
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

interface KerasRecurrentArgs {
  readonly activation: unknown;
  readonly kernelInitializer: unknown;
  readonly recurrentInitializer: unknown;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
}

/** The Keraflow recurrent layers' options for Keras arguments (their recurrent activation aside). */
export function keraflowRecurrentOptions(args: KerasRecurrentArgs) {
  return {
    activation: args.activation as string, init: kerasInitialization(args.kernelInitializer) as string, innerInit: kerasInitialization(args.recurrentInitializer) as string,
    dropoutW: args.dropout, dropoutU: args.recurrentDropout, returnSequences: args.returnSequences,
    goBackwards: args.goBackwards, stateful: args.stateful, unroll: args.unroll,
  };
}
