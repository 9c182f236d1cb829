import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { KerasContext, KerasImportContext, KerasMapping, KerasObject } from '../../engine/keras.ts';
import { zeroBiasOnly } from '../../engine/keras.ts';
import { recurrentParams } from './recurrent.ts';

/**
 * Keraflow's (Keras 1's and TensorFlow.js's) hard_sigmoid is clip(0.2x + 0.5, 0, 1), Keras 3's is
 * clip(x/6 + 0.5, 0, 1): the same function of 1.2x. So the Keras 3 export keeps the name and scales the
 * kernels and biases of the gates it drives by 1.2 (the model computes the same; training further
 * sees those gates' weights at a 1.2 times larger scale).
 */
const KERAS3_HARD_SIGMOID_SCALE = 1.2;

function innerIsHardSigmoid(args: Readonly<Record<string, unknown>>): boolean {
  const value = args.innerActivation;
  return typeof value === 'string' && (activations.registry.canonicalName(value) ?? value) === 'hard_sigmoid';
}

/**
 * The Keras counterpart of a recurrent layer. Keras keeps one kernel for all
 * gates side by side in the same gate order as ours ([z, r, h] for GRU,
 * [i, f, c, o] for LSTM): kernel = [W_g...], recurrent_kernel = [U_g...],
 * bias = [b_g...]. `candidate` names the gate that the main activation
 * drives (the others take innerActivation); Keras 3 keeps the weights in the
 * layer's cell (`cell/vars`).
 */
export function recurrentKeras(
  className: string,
  gates: readonly string[],
  candidate: string | null,
  extraConfig: (args: Readonly<Record<string, unknown>>, keras: KerasContext) => Record<string, unknown> = () => ({}),
  extraArgs: (config: Readonly<Record<string, unknown>>, keras: KerasImportContext) => Record<string, unknown> = () => ({}),
  recurrentBiases: readonly string[] = [],
): KerasMapping {
  const names = recurrentParams(gates);
  const count = gates.length;
  const [W, U, b] = [0, 1, 2].map((k) => names.slice(k * count, (k + 1) * count));
  return {
    className,
    config: (args, keras) => ({
      units: args.outputDim,
      activation: keras.activation('activation'),
      ...(gates.length > 1 ? { recurrent_activation: keras.target === 'keras3' && innerIsHardSigmoid(args) ? 'hard_sigmoid' : keras.activation('innerActivation') } : {}),
      use_bias: true,
      kernel_initializer: keras.initializer('init'),
      recurrent_initializer: keras.initializer('innerInit'),
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: shared(W, 'regularizer', keras),
      recurrent_regularizer: shared(U, 'regularizer', keras),
      bias_regularizer: shared(b, 'regularizer', keras),
      activity_regularizer: null,
      kernel_constraint: shared(W, 'constraint', keras),
      recurrent_constraint: shared(U, 'constraint', keras),
      bias_constraint: shared(b, 'constraint', keras),
      dropout: args.dropoutW,
      recurrent_dropout: args.dropoutU,
      return_sequences: args.returnSequences,
      return_state: args.returnState,
      go_backwards: args.goBackwards,
      stateful: args.stateful,
      unroll: args.unroll,
      ...extraConfig(args, keras),
    }),
    weights: (params) => ({
      kernel: join(
        W.map((n) => params[n]),
        1,
      ),
      recurrent_kernel: join(
        U.map((n) => params[n]),
        1,
      ),
      bias: joinBias((names) => names.map((n) => params[n]), b, recurrentBiases, params),
    }),
    variables: (params, args) => {
      const scale = candidate !== null && innerIsHardSigmoid(args) ? KERAS3_HARD_SIGMOID_SCALE : 1;
      const scaled = (names: readonly string[]) => names.map((n, k) => (scale === 1 || gates[k] === candidate ? params[n] : tf.mul(params[n], scale)));
      return { 'cell/vars': [join(scaled(W), 1), join(scaled(U), 1), joinBias(scaled, b, recurrentBiases, params)] };
    },
    fromKeras: {
      args: (config, keras) => {
        keras.none('activity_regularizer');
        keras.only('use_bias', true, "Keraflow's recurrent layers always have a bias");
        zeroBiasOnly(config, keras);
        return {
          outputDim: config.units,
          activation: keras.activation('activation'),
          ...(count > 1 ? { innerActivation: kerasHardSigmoid(config, keras) ? 'hard_sigmoid' : keras.activation('recurrent_activation') } : {}),
          init: keras.initializer('kernel_initializer'),
          innerInit: keras.initializer('recurrent_initializer'),
          dropoutW: config.dropout ?? 0,
          dropoutU: config.recurrent_dropout ?? 0,
          returnSequences: config.return_sequences ?? false,
          returnState: config.return_state ?? false,
          goBackwards: config.go_backwards ?? false,
          stateful: config.stateful ?? false,
          unroll: config.unroll ?? false,
          ...extraArgs(config, keras),
        };
      },
      // The gates side by side, as `variables` joins them; Keras 3's hard_sigmoid gates scaled back (see KERAS3_HARD_SIGMOID_SCALE).
      params: ({ 'cell/vars': [kernel, recurrent, bias] }, config, keras) => {
        const scale = candidate !== null && kerasHardSigmoid(config, keras) ? 1 / KERAS3_HARD_SIGMOID_SCALE : 1;
        const split = (joined: tf.Tensor, axis: number, part: readonly string[]) =>
          tf.split(joined, count, axis).map((tensor, k) => [part[k], scale === 1 || gates[k] === candidate ? tensor : tf.mul(tensor, scale)] as const);
        // With recurrent biases (GRU's reset_after), Keras's bias is [2, n · units]: the input biases, then the recurrent ones.
        const biases =
          bias.rank === 2 ? [...split(tf.squeeze(tf.slice(bias, [0, 0], [1, -1]), [0]), 0, b), ...split(tf.squeeze(tf.slice(bias, [1, 0], [1, -1]), [0]), 0, recurrentBiases)] : split(bias, 0, b);
        return Object.fromEntries([...split(kernel, 1, W), ...split(recurrent, 1, U), ...biases]);
      },
      // A penalty of a joined Keras weight is the sum of its gates' (see `shared`); GRU's recurrent biases are part of its bias.
      weightParams: (config) => ({ kernel: W, recurrent: U, bias: [...b, ...(config.reset_after === true ? recurrentBiases : [])] }),
    },
  };
}

/** Whether a config's gates take Keras 3's hard_sigmoid (TensorFlow.js's is Keraflow's). */
function kerasHardSigmoid(config: Readonly<Record<string, unknown>>, keras: KerasImportContext): boolean {
  return config.recurrent_activation === 'hard_sigmoid' && keras.dialect === 'keras3';
}

/** Keras's bias: [b_g …], or with recurrent biases present [[b_g …], [br_g …]]. */
function joinBias(take: (names: readonly string[]) => tf.Tensor[], b: readonly string[], recurrentBiases: readonly string[], params: Readonly<Record<string, tf.Tensor>>): tf.Tensor {
  const input = join(take(b), 0);
  return recurrentBiases.length > 0 && params[recurrentBiases[0]] ? tf.stack([input, join(take(recurrentBiases), 0)]) : input;
}

function join(tensors: tf.Tensor[], axis: number): tf.Tensor {
  return tensors.length === 1 ? tf.clone(tensors[0]) : tf.concat(tensors, axis);
}

/** Keras has one regularizer (constraint) per kernel: every gate's must be the same. */
function shared(params: readonly string[], kind: 'regularizer' | 'constraint', keras: KerasContext): KerasObject | null {
  const found = params.map((name) => keras[kind](name));
  const first = JSON.stringify(found[0]);
  if (found.some((item) => JSON.stringify(item) !== first)) {
    return keras.unsupported(kind === 'regularizer' ? 'regularizers' : 'constraints', `differ between the gates of ${params.join(', ')}, and Keras has one per kernel`);
  }
  // The gates sit side by side along axis 1: a norm along axis 0 (per column) is the same on the joined kernel, one along axis 1 is not.
  const axis = found[0]?.config.axis;
  if (params.length > 1 && axis !== undefined && axis !== 0) {
    return keras.unsupported('constraints', `of ${params.join(', ')} take norms along axis ${String(axis)}, across the gates Keras joins into one kernel`);
  }
  return found[0];
}
