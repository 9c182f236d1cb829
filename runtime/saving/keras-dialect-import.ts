/**
 * A Keras 3 layer config with an activity_regularizer, whose Keraflow
 * counterpart has no place for one (Dense, Conv2D, LSTM, Embedding: the
 * Keras dialect's layers run them and add the penalty), or with a
 * bias_initializer other than zeros (Keraflow's biases start at zero; the
 * Keras dialect's Dense and convolutions take one), comes back as the
 * Keras dialect's layer of its class: every argument read from the config
 * by its Keras name. The Keraflow mapping's way back still reads the rest of
 * the config first, so that what Keraflow cannot run is the error it gives.
 */
import { constraintFromKeras, isZerosInitializer, regularizerFromKeras, type KerasImportContext, type KerasMapping } from '../engine/keras.ts';
import type { Layer } from '../engine/layer.ts';
import { snakeName, type ArgSpec } from '../engine/spec.ts';
import { createLayer, getLayerClass, hasLayerClass } from '../layers/registry.ts';
import type { LayerEntry } from './keras-archive.ts';

/**
 * Config entries Keras writes that some Keras dialect layers have no argument
 * for (the recurrent ones), with the only value they can take. Other entries
 * without an argument (`seed`, `implementation`) change nothing the Keraflow
 * mapping's way back did not already accept.
 */
const IMPLIED: Readonly<Record<string, (value: unknown) => boolean>> = {
  use_bias: (value) => value === true,
  return_state: (value) => value === false,
  zero_output_for_mask: (value) => value === false,
  // Keraflow's recurrent biases start at zero.
  bias_initializer: isZerosInitializer,
};

/**
 * Whether the config sets what only the Keras dialect's layer of its class can
 * take: an activity_regularizer, or a bias_initializer other than zeros.
 */
export function needsKerasDialect(entry: LayerEntry, keraflowClass: { spec: { args: readonly ArgSpec[] } }): boolean {
  const takes = (spec: { args: readonly ArgSpec[] }, name: string) => spec.args.some((arg) => arg.name === name);
  const dialect = hasLayerClass(entry.class_name, 'keras') ? getLayerClass(entry.class_name, 'keras').spec : undefined;
  const onlyThere = (name: string) => !takes(keraflowClass.spec, name) && dialect !== undefined && takes(dialect, name);
  const activity = entry.config.activity_regularizer;
  const bias = entry.config.bias_initializer;
  return (activity !== null && activity !== undefined && onlyThere('activityRegularizer')) || (bias !== null && bias !== undefined && !isZerosInitializer(bias) && onlyThere('biasInitializer'));
}

/** The Keras dialect's layer of the entry's class, its arguments from the config. */
export function kerasDialectLayer(entry: LayerEntry, mapping: KerasMapping, contextOf: (entry: LayerEntry) => KerasImportContext): Layer<any> {
  const rest = { ...entry, config: { ...entry.config, activity_regularizer: null, bias_initializer: null } };
  mapping.fromKeras!.args(rest.config, contextOf(rest));
  const keras = contextOf(entry);
  const spec = getLayerClass(entry.class_name, 'keras').spec;
  const args: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const arg of spec.args as readonly ArgSpec[]) {
    const key = snakeName(arg);
    known.add(key);
    const value = entry.config[key];
    if (value !== undefined) args[arg.name] = value === null ? null : argument(arg, key, value, keras);
  }
  for (const [key, accepts] of Object.entries(IMPLIED)) {
    const value = entry.config[key];
    if (known.has(key) || value === undefined || value === null || accepts(value)) continue;
    keras.unsupported(key, `is ${JSON.stringify(value)}, and the Keras dialect's ${entry.class_name} (which takes its activity_regularizer) has no place for it`);
  }
  return createLayer(entry.class_name, args, { name: entry.name, trainable: entry.config.trainable ?? true }, 'keras');
}

/** A config value as the argument's: activations, initializers, regularizers and constraints by Keraflow's names and objects. */
function argument(arg: ArgSpec, key: string, value: unknown, keras: KerasImportContext): unknown {
  switch (arg.type) {
    case 'activation':
      return keras.activation(key);
    case 'initialization':
      return keras.initializer(key);
    case 'regularizer':
      return regularizerFromKeras(value, (why) => keras.unsupported(key, why));
    case 'constraint':
      return constraintFromKeras(value, (why) => keras.unsupported(key, why));
    default:
      return value;
  }
}
