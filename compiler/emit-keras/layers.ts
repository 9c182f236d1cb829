/**
 * A layer as a Keras 3 constructor call, from the layer's Keras mapping
 * (`LayerSpec.keras`, the one the `.keras` export writes: `kerasLayerObject`
 * in runtime/saving/keras-archive.ts): `layers.Dense(units=10, ...)`, its
 * initializers, regularizers and constraints as `keras.initializers.X(...)`
 * objects, a wrapper's inner layer as a nested call. Every config entry is
 * written out (Keras's defaults are not always Keraflow's), except the
 * float32 dtype and `trainable=True`, which are Keras's defaults too.
 */
import type { Shape } from '../../runtime/engine/dimension.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import { kerasLayerObject } from '../../runtime/saving/keras-archive.ts';
import { type PythonArgument, type PythonCall, type PythonCode, pythonLiteral } from './python.ts';

/** The callee and keyword arguments of a layer's constructor call; throws the runtime's KeraflowError when Keras has no counterpart. */
export function kerasLayerCall(layer: Layer<any>, inputShapes: readonly Shape[], configChanges: Readonly<Record<string, unknown>> = {}): PythonCall {
  const object = kerasLayerObject(layer, inputShapes, layer.trainable);
  return objectCall({ ...object, config: { ...object.config, ...configChanges } });
}

interface SerializedObject {
  module?: unknown;
  class_name: string;
  config: Record<string, unknown>;
}

function isSerializedObject(value: unknown): value is SerializedObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as SerializedObject).class_name === 'string' && typeof (value as SerializedObject).config === 'object';
}

/** `keras.initializers.GlorotUniform(seed=None)` for `{module: 'keras.initializers', class_name, config}`. */
function objectCall(object: SerializedObject): PythonCall {
  const module = typeof object.module === 'string' ? object.module : 'keras.layers';
  const callee = module === 'keras.layers' ? `layers.${object.class_name}` : `${module}.${object.class_name}`;
  const { name, trainable, dtype, ...rest } = object.config;
  const args: PythonArgument[] = Object.entries(rest).map(([key, value]) => ({ name: key, code: configValue(value) }));
  if (name !== undefined) args.push({ name: 'name', code: pythonLiteral(name) });
  if (trainable === false) args.push({ name: 'trainable', code: 'False' });
  if (dtype !== undefined && dtype !== 'float32') args.push({ name: 'dtype', code: pythonLiteral(dtype) });
  return { callee, args };
}

/** A config value: a Keras object with a module as its constructor call, anything else as a literal. */
function configValue(value: unknown): PythonCode {
  return isSerializedObject(value) && typeof value.module === 'string' ? objectCall(value) : pythonLiteral(value);
}
