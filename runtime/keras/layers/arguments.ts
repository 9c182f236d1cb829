/**
 * Arguments that many Keras 3 layers share, as Keras names them (camelCase
 * here; `.kf` and saved files write them snake_case) and with Keras's defaults.
 */
import { isPlainObject } from '../../engine/argument-passing.ts';
import type { LayerOptions } from '../../engine/layer.ts';
import type { ArgSpec } from '../../engine/spec.ts';

export const activationArg = {
  name: 'activation', type: 'activation', default: 'linear', nullable: true, doc: 'Activation applied to the output; none: linear.',
} as const satisfies ArgSpec;

export const useBiasArg = { name: 'useBias', type: 'bool', default: true, doc: 'Whether to add a bias vector.' } as const satisfies ArgSpec;

export const kernelInitializerArg = {
  name: 'kernelInitializer', type: 'initialization', default: 'glorot_uniform', doc: 'Initializer of the kernel weights.',
} as const satisfies ArgSpec;

export const paddingArg = {
  name: 'padding', type: 'enum', values: ['valid', 'same'], default: 'valid',
  doc: "'valid': no padding; 'same': zero padding so that the output is ceil(input / strides).",
} as const satisfies ArgSpec;

export const dataFormatArg = {
  name: 'dataFormat', type: 'enum', values: ['channels_last', 'channels_first'], default: 'channels_last', nullable: true,
  doc: "Where the channels are: 'channels_last' ([steps..., channels]) or 'channels_first' ([channels, steps...]); none: channels_last.",
} as const satisfies ArgSpec;

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
