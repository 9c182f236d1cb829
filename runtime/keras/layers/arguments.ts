/**
 * Arguments that many Keras 3 layers share, as Keras names them (camelCase
 * here; `.kf` and saved files write them snake_case) and with Keras's defaults.
 */
import { isPlainObject } from '../../engine/argument-passing.ts';
import type { LayerOptions } from '../../engine/layer.ts';
import type { ArgSpec } from '../../engine/spec.ts';
import { asKerasInitializer, type Initializer } from '../initializers.ts';

export const activationArg = {
  name: 'activation',
  type: 'activation',
  default: 'linear',
  nullable: true,
  doc: 'Activation applied to the output; none: linear.',
} as const satisfies ArgSpec;

export const useBiasArg = { name: 'useBias', type: 'bool', default: true, doc: 'Whether to add a bias vector.' } as const satisfies ArgSpec;

export const kernelInitializerArg = {
  name: 'kernelInitializer',
  type: 'initialization',
  default: 'glorot_uniform',
  doc: 'Initializer of the kernel weights.',
} as const satisfies ArgSpec;

/**
 * Keras's weight arguments: `<weight>_initializer`, `<weight>_regularizer`
 * and `<weight>_constraint` for each weight a layer has (`kernel`, `bias`,
 * `recurrent`, `embeddings`, `gamma`, `beta`), and `activity_regularizer`.
 * A layer lists the ones Keras gives it; KerasLayer (keras-layer.ts) hands
 * them to the Keraflow layer it runs, by `weightParams`; Layer itself applies
 * `activityRegularizer` (runtime/engine/layer.ts).
 */
export function initializerArg<W extends string, D extends string>(weight: W, defaultValue: D) {
  return {
    name: `${weight}Initializer`,
    type: 'initialization',
    default: defaultValue,
    doc: `Initializer of the ${weight} weights.`,
  } as const satisfies ArgSpec;
}

export function regularizerArg<W extends string>(weight: W) {
  return {
    name: `${weight}Regularizer`,
    type: 'regularizer',
    default: null,
    nullable: true,
    doc: `Penalty on the ${weight} weights, added to the loss; none: no penalty.`,
  } as const satisfies ArgSpec;
}

export function constraintArg<W extends string>(weight: W) {
  return {
    name: `${weight}Constraint`,
    type: 'constraint',
    default: null,
    nullable: true,
    doc: `Constraint applied to the ${weight} weights after each update; none: no constraint.`,
  } as const satisfies ArgSpec;
}

export const biasInitializerArg = initializerArg('bias', 'zeros');
export const kernelRegularizerArg = regularizerArg('kernel');
export const biasRegularizerArg = regularizerArg('bias');
export const kernelConstraintArg = constraintArg('kernel');
export const biasConstraintArg = constraintArg('bias');

export const activityRegularizerArg = {
  name: 'activityRegularizer',
  type: 'regularizer',
  default: null,
  nullable: true,
  doc: "Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty.",
} as const satisfies ArgSpec;

/**
 * The kernel and bias regularizers and constraints and the
 * activity_regularizer, in Keras's order. Layer applies the activity
 * regularizer to the outputs; the others go on the parameters (KerasLayer's
 * `weightParams`, or a self-computing layer's `ownWeightParams`).
 */
export const kernelAndBiasPenaltyArgs = [kernelRegularizerArg, biasRegularizerArg, activityRegularizerArg, kernelConstraintArg, biasConstraintArg] as const;

/** The weight arguments of a layer with a kernel and a bias (Dense, the convolutions), after kernel_initializer, in Keras's order. */
export const kernelAndBiasWeightArgs = [biasInitializerArg, ...kernelAndBiasPenaltyArgs] as const;

export const paddingArg = {
  name: 'padding',
  type: 'enum',
  values: ['valid', 'same'],
  default: 'valid',
  doc: "'valid': no padding; 'same': zero padding so that the output is ceil(input / strides).",
} as const satisfies ArgSpec;

export const dataFormatArg = {
  name: 'dataFormat',
  type: 'enum',
  values: ['channels_last', 'channels_first'],
  default: 'channels_last',
  nullable: true,
  doc: "Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last.",
} as const satisfies ArgSpec;

/** An initializer as Keras means it: a Keras initializer name is Keras's object (its he_normal a truncated normal, its orthogonal of gain 1). */
export function kerasInitialization<T>(value: T): T | Initializer {
  return asKerasInitializer(value);
}

/** Keras's `activation=None` is the identity. */
export function activationOrLinear<T>(value: T | null | undefined): T | 'linear' {
  return value ?? 'linear';
}

/** Keras's `data_format=None` is channels last. */
export function dataFormatOf(value: 'channels_last' | 'channels_first' | null | undefined): 'channels_last' | 'channels_first' {
  return value ?? 'channels_last';
}

/** A leading argument with a default (pool_size): `new MaxPooling2D({ name })`, or a saved config without it, passes the options first. */
export function optionalFirst(value: unknown, options: LayerOptions): [unknown[], LayerOptions] {
  if (isPlainObject(value)) return [[], value as LayerOptions];
  return [value === undefined ? [] : [value], options];
}
