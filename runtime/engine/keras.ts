import type * as tf from '@tensorflow/tfjs-core';
import * as activations from '../activations.ts';
import * as constraints from '../constraints.ts';
import { KeraflowError } from '../errors.ts';
import * as initializations from '../initializations.ts';
import * as initializers from '../keras/initializers.ts';
import * as regularizers from '../regularizers.ts';
import { keysToSnakeCase, toCamelCase } from './naming.ts';
import type { Layer } from './layer.ts';

/**
 * How a layer maps onto its Keras / TensorFlow.js Layers counterpart. It
 * lives in the layer's spec (`LayerSpec.keras`), next to the layer's own
 * arguments and parameters, so that nothing about a layer is written twice;
 * the TensorFlow.js export (runtime/saving/tfjs-export.ts) and the Keras 3
 * export (runtime/saving/keras-archive.ts) read it. A layer without it has no
 * counterpart, and exporting it is an error naming it.
 */
export interface KerasMapping {
  /** The Keras class name (`Dense`), or a function of the layer's arguments (`Pooling2D` → `MaxPooling2D`). */
  readonly className: string | ((args: Readonly<Record<string, unknown>>) => string);
  /**
   * `'never'`: only Keras 3 has the class (MultiHeadAttention, Cropping3D), so
   * the TensorFlow.js export refuses the layer, pointing to Keras 3, and
   * docs/layers.md and the README say so; absent, TensorFlow.js Layers has it
   * (some argument values may still be refused, by `context.unsupported`).
   */
  readonly tfjs?: 'never';
  /**
   * The Keras config, snake_case keys, from the layer's arguments (all of
   * them, given or defaulted, camelCase). `name`, `trainable` and `dtype` are
   * added by the export. An argument value Keras cannot express is
   * `context.unsupported(argument, why)`.
   */
  readonly config: (args: Readonly<Record<string, unknown>>, context: KerasContext) => Record<string, unknown>;
  /**
   * The Keras weights, by Keras name (`kernel`, `bias`) in Keras's order, from
   * the layer's parameters (by Keraflow name). Needed when the layer has
   * parameters; an undefined entry (a parameter this configuration lacks) is
   * left out; tensors it makes are disposed by the caller.
   */
  readonly weights?: (params: Readonly<Record<string, tf.Tensor>>, args: Readonly<Record<string, unknown>>) => Record<string, tf.Tensor | undefined>;
  /**
   * Where Keras 3 keeps the weights in its `model.weights.h5`, relative to the
   * layer's group: the layer's own variables in `vars`, those of an object it
   * holds under that attribute (`cell/vars` of a recurrent layer,
   * `layer/vars` of TimeDistributed); each group's in Keras's order (trainable
   * ones first). Default: every entry of `weights`, in order, in `vars`.
   */
  readonly variables?: (params: Readonly<Record<string, tf.Tensor>>, args: Readonly<Record<string, unknown>>) => Record<string, tf.Tensor[]>;
  /**
   * The way back, for `Model.loadKeras`: the layer's arguments (camelCase)
   * from the Keras config of a layer of class `className` (or of one of
   * `classNames`, when the class name depends on the arguments), and its
   * parameters (by Keraflow name) from the Keras 3 variable groups (as
   * `variables` gives them). A mapping without it cannot be imported yet.
   */
  readonly fromKeras?: {
    readonly classNames?: readonly string[];
    args(config: Readonly<Record<string, unknown>>, keras: KerasImportContext): Record<string, unknown>;
    params?(groups: Readonly<Record<string, tf.Tensor[]>>, config: Readonly<Record<string, unknown>>, keras: KerasImportContext): Record<string, tf.Tensor>;
    /**
     * Keras's weights (`kernel`, `bias`, `recurrent`...) and the parameters
     * that hold them, for a config: its `<weight>_regularizer` and
     * `<weight>_constraint` become the layer's regularizers and constraints
     * on those parameters. Without it, any set is an error naming it.
     */
    weightParams?(config: Readonly<Record<string, unknown>>): Readonly<Record<string, readonly string[]>>;
  };
}

/** What a mapping's `fromKeras` may ask for besides the config. */
export interface KerasImportContext {
  /** The Keras class of the layer (`MaxPooling2D`). */
  readonly className: string;
  /** Which Keras wrote the config: Keras 3, or TensorFlow.js Layers (Keras 2's semantics: its hard_sigmoid is Keraflow's). */
  readonly dialect: KerasTarget;
  /** The Keraflow name of a Keras activation. */
  activation(key: string): string;
  /** The Keraflow initialization of a Keras initializer: Keraflow's name of it, or Keras's object when its settings are not those of a name (TruncatedNormal(stddev=0.02)). */
  initializer(key: string): string | initializers.Initializer;
  /** Throws unless the config's values of these keys (regularizers, constraints Keraflow's layer has no place for) are null. */
  none(...keys: string[]): void;
  /** Throws unless the config's `key` is `expected` (or absent): a Keras option Keraflow has only in that setting. */
  only(key: string, expected: unknown, why: string): void;
  /** Throws the error for a config value Keraflow cannot express. */
  unsupported(key: string, why: string): never;
  /** The layer of a nested Keras layer config (a wrapper's `layer`), imported as a top-level one is. */
  nested(key: string): Layer<any>;
  /** The parameters of that nested layer, from its own variable groups. */
  nestedParams(key: string, groups: Readonly<Record<string, tf.Tensor[]>>): Record<string, tf.Tensor>;
}

/** How a nested Keras layer config (`{class_name, config}`) is imported: keras-import.ts gives it. */
export interface KerasNesting {
  layer(object: unknown, key: string): Layer<any>;
  params(object: unknown, groups: Readonly<Record<string, tf.Tensor[]>>): Record<string, tf.Tensor>;
}

/** The import context for one Keras layer config. */
export function kerasImportContext(className: string, name: string, config: Readonly<Record<string, unknown>>, nesting: KerasNesting, dialect: KerasTarget = 'keras3'): KerasImportContext {
  const unsupported = (key: string, why: string): never => {
    throw new KeraflowError(`${name} (Keras ${className}) cannot be imported: ${key} ${why}`, {
      layer: name,
      argument: key,
      expected: 'a value Keraflow can express',
      given: why,
    });
  };
  return {
    className,
    dialect,
    unsupported,
    activation(key) {
      const value = config[key] ?? 'linear';
      if (typeof value !== 'string') return unsupported(key, 'is not a built-in activation');
      if (value === 'hard_sigmoid' && dialect === 'keras3') return unsupported(key, "is Keras 3's hard_sigmoid, clip(x/6 + 0.5, 0, 1), and Keraflow's is clip(0.2x + 0.5, 0, 1)");
      if (!KERAS_ACTIVATIONS.has(value) || !activations.registry.has(value)) return unsupported(key, `is '${value}', which Keraflow does not have`);
      return value;
    },
    initializer(key) {
      return keraflowInitialization(initializerFromKeras(config[key], (why) => unsupported(key, why)));
    },
    none(...keys) {
      for (const key of keys) if (config[key] !== null && config[key] !== undefined) unsupported(key, `is set, and Keraflow's ${className} has no place for it`);
    },
    only(key, expected, why) {
      const value = config[key];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(expected)) unsupported(key, `is ${JSON.stringify(value)}: ${why}`);
    },
    nested: (key) => nesting.layer(config[key], key),
    nestedParams: (key, groups) => nesting.params(config[key], groups),
  };
}

/** Which Keras reads the export: TensorFlow.js Layers (Keras 2's semantics) or Keras 3. */
export type KerasTarget = 'tfjs' | 'keras3';

/** The weights of a layer as Keras 3 groups them (see `KerasMapping.variables`); tensors it makes are disposed by the caller. */
export function kerasVariables(mapping: KerasMapping, params: Readonly<Record<string, tf.Tensor>>, args: Readonly<Record<string, unknown>>): Record<string, tf.Tensor[]> {
  if (mapping.variables) return mapping.variables(params, args);
  const weights = Object.values(mapping.weights?.(params, args) ?? {}).filter((tensor): tensor is tf.Tensor => tensor !== undefined);
  return weights.length > 0 ? { vars: weights } : {};
}

/** The same groups under an attribute of an outer layer (`layer` of a wrapper): `vars` becomes `layer/vars`. */
export function nestVariables(attribute: string, groups: Readonly<Record<string, tf.Tensor[]>>): Record<string, tf.Tensor[]> {
  return Object.fromEntries(Object.entries(groups).map(([group, tensors]) => [`${attribute}/${group}`, tensors]));
}

/** A Keras object as it is serialized: `{class_name, config}`. */
export interface KerasObject {
  class_name: string;
  config: Record<string, unknown>;
}

/** What a mapping's `config` may ask for besides the arguments. */
export interface KerasContext {
  /** The layer being exported. */
  readonly layer: Layer<any>;
  /** Which Keras reads the export. */
  readonly target: KerasTarget;
  /** The input shape(s) the layer was built for, batch first. */
  readonly inputShapes: readonly (readonly (number | null)[])[];
  /** The Keras name of an activation argument (an alias; a function has no counterpart). */
  activation(argument: string): string;
  /** The Keras initializer of an initialization argument. */
  initializer(argument: string): KerasObject;
  /** The Keras regularizer of a parameter (null: none). */
  regularizer(param: string): KerasObject | null;
  /** The Keras constraint of a parameter (null: none). */
  constraint(param: string): KerasObject | null;
  /** An inner layer (a wrapper's `layer` argument) as a nested Keras layer config. */
  nested(inner: Layer<any>): KerasObject;
  /** Throws the error for an argument value Keras cannot express. */
  unsupported(argument: string, why: string): never;
}

/** The TensorFlow.js export's error for a layer only Keras 3 has. */
export function keras3OnlyError(layer: Layer<any>): KeraflowError {
  return new KeraflowError(`${layer.name} (${layer.className}) has no TensorFlow.js Layers counterpart: export the model to Keras 3 (.keras) instead`, {
    layer: layer.name,
    expected: 'a layer TensorFlow.js Layers has',
    given: layer.className,
  });
}

/** Keras activation names; Keraflow's aliases of these mean the same function. */
const KERAS_ACTIVATIONS = new Set(['linear', 'sigmoid', 'hard_sigmoid', 'tanh', 'relu', 'relu6', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'mish', 'gelu']);

/**
 * Keraflow's initializations as Keras initializers, with Keraflow's scales
 * (Keras's defaults, except orthogonal's gain 1.1). Keraflow's glorot_normal
 * and he_normal are plain normals where Keras's are truncated: exported
 * weights are exact; only a re-initialization in Keras differs.
 */
const KERAS_INITIALIZERS: Readonly<Record<string, initializers.Initializer>> = {
  uniform: new initializers.RandomUniform(),
  normal: new initializers.RandomNormal(),
  lecun_uniform: new initializers.LecunUniform(),
  truncated_normal: new initializers.TruncatedNormal(),
  lecun_normal: new initializers.LecunNormal(),
  variance_scaling: new initializers.VarianceScaling(),
  glorot_normal: new initializers.GlorotNormal(),
  glorot_uniform: new initializers.GlorotUniform(),
  he_normal: new initializers.HeNormal(),
  he_uniform: new initializers.HeUniform(),
  orthogonal: new initializers.Orthogonal(1.1),
  Orthogonal: new initializers.Orthogonal(),
  identity: new initializers.Identity(),
  zero: new initializers.Zeros(),
  one: new initializers.Ones(),
};

/**
 * Keraflow's name of a Keras initializer (Keras's Orthogonal: Keraflow's
 * Orthogonal, not its orthogonal of gain 1.1), else the object itself, whose
 * settings no name means.
 */
export function keraflowInitialization(initializer: initializers.Initializer): string | initializers.Initializer {
  const same = Object.entries(KERAS_INITIALIZERS).find(([, known]) => known.className === initializer.className && sameSettings(known, initializer));
  return same ? same[0] : initializer;
}

/** Whether two initializers of one class have the same settings. */
function sameSettings(a: initializers.Initializer, b: initializers.Initializer): boolean {
  return JSON.stringify(a.getConfig()) === JSON.stringify(b.getConfig());
}

/** A Keras initializer object as Keras serializes it; TensorFlow.js spells Lecun LeCun and lacks the untruncated normal. */
function initializerObject(initializer: initializers.Initializer, unsupported: (why: string) => never, target: KerasTarget): KerasObject {
  const config = keysToSnakeCase(initializer.getConfig());
  if (target === 'tfjs' && config.distribution === 'untruncated_normal') return unsupported("is VarianceScaling with distribution 'untruncated_normal', which TensorFlow.js does not have");
  return { class_name: target === 'tfjs' ? tfjsClassName(initializer.className) : initializer.className, config };
}

/**
 * A Keras initializer ({class_name, config}, or a name) as Keras's object of
 * the Keras dialect (runtime/keras/initializers.ts), its settings kept;
 * TensorFlow.js's LeCun spellings read too. Keras 3's input_axes and
 * output_axes are read when unset only.
 */
export function initializerFromKeras(value: unknown, unsupported: (why: string) => never): initializers.Initializer {
  const { className, config } = kerasObjectParts(value, unsupported);
  const name = className.replace(/^LeCun/, 'Lecun');
  if (!initializers.registry.has(name))
    return unsupported(
      `is ${className}, which Keraflow does not have (it has ${initializers.registry
        .entries()
        .map((entry) => entry.name)
        .join(', ')})`,
    );
  const initializerClass = initializers.registry.get(name);
  const known = new Set(initializerClass.spec.args.map((arg) => arg.name));
  const settings: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(config)) {
    if (known.has(toCamelCase(key))) settings[toCamelCase(key)] = setting;
    else if (setting !== null) unsupported(`has ${key}=${JSON.stringify(setting)}, which Keraflow's ${name} does not take`);
  }
  try {
    return new (initializerClass as unknown as new (settings: Record<string, unknown>) => initializers.Initializer)(settings);
  } catch (error) {
    return unsupported(`is not a valid ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The context a mapping's `config` gets for one layer. */
export function kerasContext(layer: Layer<any>, inputShapes: readonly (readonly (number | null)[])[], nested: (inner: Layer<any>) => KerasObject, target: KerasTarget = 'tfjs'): KerasContext {
  const unsupported = (argument: string, why: string): never => {
    throw new KeraflowError(`${layer.name} (${layer.className}) cannot be exported to Keras: ${argument} ${why}`, {
      layer: layer.name,
      argument,
      expected: 'a value Keras can express',
      given: why,
    });
  };
  return {
    layer,
    target,
    inputShapes,
    unsupported,
    nested,
    activation(argument) {
      const value = layer.args[argument];
      if (typeof value !== 'string') return unsupported(argument, 'is a function, which has no Keras counterpart (use an alias)');
      const name = activations.registry.canonicalName(value) ?? value;
      if (!KERAS_ACTIVATIONS.has(name)) return unsupported(argument, `is '${value}', which Keras does not have`);
      if (target === 'keras3' && name === 'hard_sigmoid') {
        return unsupported(
          argument,
          "is 'hard_sigmoid', clip(0.2x + 0.5, 0, 1), but Keras 3's hard_sigmoid is clip(x/6 + 0.5, 0, 1) (only a recurrent layer's inner_activation is exported, by scaling its gates' weights)",
        );
      }
      return name;
    },
    initializer(argument) {
      return kerasInitializer(layer.args[argument], (why) => unsupported(argument, why), target);
    },
    regularizer(param) {
      const regularizer = layer.regularizers.get(param);
      return regularizer === undefined ? null : kerasRegularizer(regularizer, (why) => unsupported('regularizers', `of parameter '${param}' ${why}`));
    },
    constraint(param) {
      const constraint = layer.constraints.get(param);
      return constraint === undefined ? null : kerasConstraint(constraint, (why) => unsupported('constraints', `of parameter '${param}' ${why}`));
    },
  };
}

/** An initialization argument's value as a Keras initializer; `unsupported(why)` throws for one Keras lacks. */
export function kerasInitializer(value: unknown, unsupported: (why: string) => never, target: KerasTarget = 'keras3'): KerasObject {
  if (value instanceof initializers.Initializer) return initializerObject(value, unsupported, target);
  if (typeof value !== 'string') return unsupported('is a function, which has no Keras counterpart (use an alias or a Keras initializer object)');
  const name = initializations.registry.canonicalName(value) ?? value;
  const initializer = Object.hasOwn(KERAS_INITIALIZERS, name) ? KERAS_INITIALIZERS[name] : undefined;
  if (!initializer) return unsupported(`is '${value}', which Keras does not have`);
  return initializerObject(initializer, unsupported, target);
}

/** TensorFlow.js spells Keras 3's LecunUniform and LecunNormal LeCunUniform and LeCunNormal. */
function tfjsClassName(className: string): string {
  return className.replace(/^Lecun/, 'LeCun');
}

/** A regularizer as Keras 3 writes it (L1, L2 and L1L2 all as L1L2); `unsupported(why)` throws for a custom one. */
export function kerasRegularizer(regularizer: regularizers.Regularizer, unsupported: (why: string) => never): KerasObject {
  if (regularizer instanceof regularizers.L1) return { class_name: 'L1L2', config: { l1: regularizer.l1, l2: 0 } };
  if (regularizer instanceof regularizers.L2) return { class_name: 'L1L2', config: { l1: 0, l2: regularizer.l2 } };
  if (regularizer instanceof regularizers.L1L2) return { class_name: 'L1L2', config: { l1: regularizer.l1, l2: regularizer.l2 } };
  return unsupported('is a custom regularizer, which has no Keras counterpart');
}

/**
 * The regularizers and constraints of a Keras layer config, by Keraflow
 * parameter (`weightParams`: Keras's weight -> the parameters that hold it),
 * for the `regularizers` and `constraints` options; `unsupported` throws for
 * one Keraflow lacks. A constraint of a recurrent kernel (several
 * parameters) must keep axis 0: the gates' columns, constrained one by one.
 */
export function penaltiesFromKeras(
  config: Readonly<Record<string, unknown>>,
  weightParams: Readonly<Record<string, readonly string[]>>,
  unsupported: (key: string, why: string) => never,
): { regularizers?: Record<string, regularizers.Regularizer>; constraints?: Record<string, constraints.Constraint> } {
  const byParam = { regularizers: {} as Record<string, regularizers.Regularizer>, constraints: {} as Record<string, constraints.Constraint> };
  for (const [weight, params] of Object.entries(weightParams)) {
    const regularizerKey = `${weight}_regularizer`;
    const constraintKey = `${weight}_constraint`;
    if (config[regularizerKey] !== null && config[regularizerKey] !== undefined) {
      for (const param of params) byParam.regularizers[param] = regularizerFromKeras(config[regularizerKey], (why) => unsupported(regularizerKey, why));
    }
    if (config[constraintKey] !== null && config[constraintKey] !== undefined) {
      for (const param of params) {
        const constraint = constraintFromKeras(config[constraintKey], (why) => unsupported(constraintKey, why));
        if (params.length > 1 && 'axis' in constraint && constraint.axis !== 0)
          unsupported(constraintKey, `has axis ${String(constraint.axis)}, and Keraflow constrains each gate's weights apart (axis 0 only)`);
        byParam.constraints[param] = constraint;
      }
    }
  }
  return {
    ...(Object.keys(byParam.regularizers).length > 0 ? { regularizers: byParam.regularizers } : {}),
    ...(Object.keys(byParam.constraints).length > 0 ? { constraints: byParam.constraints } : {}),
  };
}

/** A Keras regularizer ({class_name, config}, or a name) as Keraflow's: L1, L2, L1L2. */
export function regularizerFromKeras(value: unknown, unsupported: (why: string) => never): regularizers.Regularizer {
  const { className, config } = kerasObjectParts(value, unsupported);
  const number = (key: string, fallback: number) => {
    const given = config[key] ?? fallback;
    return typeof given === 'number' ? given : unsupported(`has ${key} ${JSON.stringify(given)}, which is not a number`);
  };
  switch (className) {
    case 'L1':
    case 'l1':
      return new regularizers.L1(number('l1', 0.01));
    case 'L2':
    case 'l2':
      return new regularizers.L2(number('l2', 0.01));
    // Keras 3's L1L2 defaults to no penalty.
    case 'L1L2':
    case 'l1_l2':
      return new regularizers.L1L2(number('l1', 0), number('l2', 0));
    default:
      return unsupported(`is ${className}, which Keraflow does not have (it has L1, L2 and L1L2)`);
  }
}

/** A Keras constraint ({class_name, config}, or a name) as Keraflow's: MaxNorm, NonNeg, UnitNorm, MinMaxNorm, along one axis. */
export function constraintFromKeras(value: unknown, unsupported: (why: string) => never): constraints.Constraint {
  const { className, config } = kerasObjectParts(value, unsupported);
  const axis = config.axis ?? 0;
  if (typeof axis !== 'number') unsupported(`has axis ${JSON.stringify(axis)}, and Keraflow's constraints take one axis`);
  const number = (key: string, fallback: number) => {
    const given = config[key] ?? fallback;
    return typeof given === 'number' ? given : unsupported(`has ${key} ${JSON.stringify(given)}, which is not a number`);
  };
  switch (className) {
    case 'MaxNorm':
    case 'max_norm':
      return new constraints.MaxNorm(number('max_value', 2), { axis: axis as number });
    case 'NonNeg':
    case 'non_neg':
      return new constraints.NonNeg();
    case 'UnitNorm':
    case 'unit_norm':
      return new constraints.UnitNorm({ axis: axis as number });
    case 'MinMaxNorm':
    case 'min_max_norm':
      return new constraints.MinMaxNorm({ minValue: number('min_value', 0), maxValue: number('max_value', 1), rate: number('rate', 1), axis: axis as number });
    default:
      return unsupported(`is ${className}, which Keraflow does not have (it has MaxNorm, NonNeg, UnitNorm and MinMaxNorm)`);
  }
}

/** The class name and config of a serialized Keras object (a bare name has no config). */
function kerasObjectParts(value: unknown, unsupported: (why: string) => never): { className: string; config: Record<string, unknown> } {
  if (typeof value === 'string') return { className: value, config: {} };
  const object = value as { class_name?: unknown; config?: unknown } | null;
  if (typeof object?.class_name !== 'string') return unsupported(`is ${JSON.stringify(value)}, not a Keras object {class_name, config}`);
  const config = typeof object.config === 'object' && object.config !== null ? (object.config as Record<string, unknown>) : {};
  return { className: object.class_name, config };
}

/** A constraint as Keras writes it; `unsupported(why)` throws for a custom one. */
export function kerasConstraint(constraint: constraints.Constraint, unsupported: (why: string) => never): KerasObject {
  if (constraint instanceof constraints.MaxNorm) return { class_name: 'MaxNorm', config: { max_value: constraint.m, axis: constraint.axis } };
  if (constraint instanceof constraints.NonNeg) return { class_name: 'NonNeg', config: {} };
  if (constraint instanceof constraints.UnitNorm) return { class_name: 'UnitNorm', config: { axis: constraint.axis } };
  if (constraint instanceof constraints.MinMaxNorm) {
    return { class_name: 'MinMaxNorm', config: { min_value: constraint.minValue, max_value: constraint.maxValue, rate: constraint.rate, axis: constraint.axis } };
  }
  return unsupported('is a custom constraint, which has no Keras counterpart');
}

/**
 * The part of a Keras config that every kernel-and-bias layer (Dense, the
 * convolutions) shares: activation, bias, initializers, and the
 * regularizers and constraints of W (`kernel`) and b (`bias`).
 */
export function kernelAndBiasConfig(args: Readonly<Record<string, unknown>>, keras: KerasContext): Record<string, unknown> {
  return {
    activation: keras.activation('activation'),
    use_bias: args.bias,
    kernel_initializer: keras.initializer('init'),
    bias_initializer: { class_name: 'Zeros', config: {} },
    kernel_regularizer: keras.regularizer('W'),
    bias_regularizer: keras.regularizer('b'),
    activity_regularizer: null,
    kernel_constraint: keras.constraint('W'),
    bias_constraint: keras.constraint('b'),
  };
}

/** Whether a Keras initializer (a name or a serialized object) is zeros. */
export function isZerosInitializer(value: unknown): boolean {
  const name = typeof value === 'string' ? value : (value as { class_name?: unknown } | null)?.class_name;
  return name === 'zeros' || name === 'Zeros' || name === 'zero';
}

/**
 * Keraflow's layers start their biases at zero: a Keras config with another
 * bias_initializer is an error naming it rather than a setting lost (a Keras 3
 * import brings the Keras dialect's layer, which takes it, where there is one).
 */
export function zeroBiasOnly(config: Readonly<Record<string, unknown>>, keras: KerasImportContext): void {
  const value = config.bias_initializer;
  if (value === undefined || value === null || isZerosInitializer(value)) return;
  const name = typeof value === 'string' ? value : JSON.stringify((value as { class_name?: unknown }).class_name ?? value);
  keras.unsupported('bias_initializer', `is ${name}, and Keraflow's layer starts its bias at zero`);
}

/** The way back of `kernelAndBiasConfig`: activation, bias and initialization from a Keras config (regularizers and constraints: `kernelAndBiasParams`). */
export function kernelAndBiasArgs(config: Readonly<Record<string, unknown>>, keras: KerasImportContext): Record<string, unknown> {
  keras.none('activity_regularizer');
  zeroBiasOnly(config, keras);
  return { activation: keras.activation('activation'), bias: config.use_bias ?? true, init: keras.initializer('kernel_initializer') };
}

/** Keras's kernel and bias as W and b (no b without use_bias), for `fromKeras.weightParams`. */
export function kernelAndBiasParams(config: Readonly<Record<string, unknown>>): Record<string, readonly string[]> {
  return config.use_bias === false ? { kernel: ['W'] } : { kernel: ['W'], bias: ['b'] };
}

/** A Keras size given as one number or a list (`3`, `[3, 3]`) as a list of `rank` numbers. */
export function kerasTuple(value: unknown, rank: number): number[] {
  return typeof value === 'number' ? Array<number>(rank).fill(value) : [...(value as number[])];
}
