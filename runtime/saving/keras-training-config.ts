import { isPlainObject } from '../engine/argument-passing.ts';
import { toSnakeCase } from '../engine/naming.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import * as metrics from '../training/metrics.ts';
import * as objectives from '../training/objectives.ts';
import type { TrainingConfig } from '../training/training-config.ts';

/**
 * A Keras 3 `compile_config` (in a `.keras` archive's config.json) as
 * Keraflow's training config (runtime/training/training-config.ts): the
 * optimizer with Keraflow's argument names, the losses and metrics by
 * Keraflow's names. Anything Keraflow's training cannot do the same way
 * (from_logits, label smoothing, loss weights, weight decay, an optimizer
 * or loss it lacks) is an error saying what it is.
 */
export function trainingConfigFromKeras(compileConfig: unknown, outputNames: readonly string[], source: string): TrainingConfig {
  const fail = (what: string, why: string): never => {
    throw new KeraflowError(`${source}: the compile_config's ${what} cannot be imported: ${why}`, { argument: 'compile_config', expected: 'a training setup Keraflow has', given: why });
  };
  if (!isPlainObject(compileConfig)) return fail('value', `expected an object, found ${describeValue(compileConfig)}`);
  const { optimizer, loss, metrics: given, loss_weights: lossWeights, weighted_metrics: weightedMetrics } = compileConfig as Record<string, unknown>;
  if (lossWeights !== null && lossWeights !== undefined) fail('loss_weights', `are ${JSON.stringify(lossWeights)}, and Keraflow weighs every output's loss the same`);
  if (weightedMetrics !== null && weightedMetrics !== undefined) fail('weighted_metrics', 'are set, and Keraflow has no weighted metrics');
  if (loss === null || loss === undefined) fail('loss', 'is missing');
  const config: TrainingConfig = {
    optimizer: kerasOptimizer(optimizer, fail),
    loss: perOutput(loss, outputNames, (item) => kerasLoss(item, fail)),
  };
  if (given !== null && given !== undefined) config.metrics = perOutput(given, outputNames, (item) => (Array.isArray(item) ? item.map((m) => kerasMetric(m, fail)) : kerasMetric(item, fail)));
  return config;
}

type Fail = (what: string, why: string) => never;

/** A value per output, as Keras gives it (one, a list in output order, or a dict by output name), with each item converted. */
function perOutput(value: unknown, outputNames: readonly string[], convert: (item: unknown) => unknown): unknown {
  if (isPlainObject(value) && !('class_name' in value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, convert(item)]));
  if (Array.isArray(value) && outputNames.length > 1) return value.map(convert);
  return convert(value);
}

/** Keras 3 names of Keraflow objectives and metrics where the snake_case class name is not already one of Keraflow's. */
const KERAS_NAMES: Readonly<Record<string, string>> = {
  kl_divergence: 'kullback_leibler_divergence',
  k_l_divergence: 'kullback_leibler_divergence',
};

/** A Keras object as `{class_name, config}` or a name: its snake_case name, after checking its config asks for nothing Keraflow lacks. */
function kerasName(value: unknown, what: string, fail: Fail): string {
  if (typeof value === 'string') return KERAS_NAMES[value] ?? value;
  if (!isPlainObject(value) || typeof value.class_name !== 'string') return fail(what, `expected a name or a Keras object, found ${describeValue(value)}`);
  const config = (isPlainObject(value.config) ? value.config : {}) as Record<string, unknown>;
  if (config.from_logits === true) fail(what, `${value.class_name} takes logits (from_logits=True), and Keraflow's ${what} takes probabilities`);
  if (typeof config.label_smoothing === 'number' && config.label_smoothing !== 0)
    fail(what, `${value.class_name} smooths its labels (label_smoothing=${config.label_smoothing}), which Keraflow does not`);
  if (config.reduction !== undefined && config.reduction !== 'sum_over_batch_size') fail(what, `${value.class_name} reduces by '${String(config.reduction)}', and Keraflow averages over the batch`);
  const name = toSnakeCase(value.class_name);
  return KERAS_NAMES[name] ?? name;
}

function kerasLoss(value: unknown, fail: Fail): string {
  const name = kerasName(value, 'loss', fail);
  if (!objectives.registry.has(name)) fail('loss', `'${name}' is not one of Keraflow's losses (${objectives.registry.names().join(', ')})`);
  return name;
}

function kerasMetric(value: unknown, fail: Fail): string {
  const name = kerasName(value, 'metrics', fail);
  if (!metrics.registry.has(name)) fail('metrics', `'${name}' is not one of Keraflow's metrics (${metrics.registry.names().join(', ')})`);
  return name;
}

/** Keras 3 optimizer arguments as Keraflow's, per Keras class; Keraflow's name is the class name. */
const OPTIMIZER_ARGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  SGD: { momentum: 'momentum', nesterov: 'nesterov' },
  RMSprop: { rho: 'rho', epsilon: 'epsilon' },
  Adagrad: { epsilon: 'epsilon' },
  Adadelta: { rho: 'rho', epsilon: 'epsilon' },
  Adam: { beta_1: 'beta1', beta_2: 'beta2', epsilon: 'epsilon' },
  Adamax: { beta_1: 'beta1', beta_2: 'beta2', epsilon: 'epsilon' },
};

/** Keras 3 optimizer settings Keraflow has only at their defaults. */
const OPTIMIZER_DEFAULTS: Readonly<Record<string, unknown>> = {
  weight_decay: null,
  global_clipnorm: null,
  use_ema: false,
  loss_scale_factor: null,
  gradient_accumulation_steps: null,
  amsgrad: false,
  centered: false,
};

/** Float32 values (Keras's) read back as the decimals they were written as: 0.009999999776482582 is 0.01. */
function float32Decimal(value: number): number {
  return Number(value.toPrecision(7));
}

function kerasOptimizer(value: unknown, fail: Fail): TrainingConfig['optimizer'] {
  if (typeof value === 'string') {
    if (!OPTIMIZER_ARGS[Object.keys(OPTIMIZER_ARGS).find((name) => name.toLowerCase() === value.toLowerCase()) ?? '']) {
      fail('optimizer', `'${value}' is not one of Keraflow's optimizers (${Object.keys(OPTIMIZER_ARGS).join(', ')})`);
    }
    return { class_name: value.toLowerCase(), config: {} };
  }
  if (!isPlainObject(value) || typeof value.class_name !== 'string' || !isPlainObject(value.config)) {
    return fail('optimizer', `expected {"class_name": ..., "config": {...}}, found ${describeValue(value)}`);
  }
  const className = value.class_name;
  const known = OPTIMIZER_ARGS[className];
  if (!known) return fail('optimizer', `${className} is not one of Keraflow's optimizers (${Object.keys(OPTIMIZER_ARGS).join(', ')})`);
  const config = value.config as Record<string, unknown>;
  for (const [name, expected] of Object.entries(OPTIMIZER_DEFAULTS)) {
    if (config[name] !== undefined && config[name] !== expected) fail('optimizer', `${className}'s ${name} is ${JSON.stringify(config[name])}, which Keraflow's ${className} does not have`);
  }
  if (className === 'RMSprop' && config.momentum !== undefined && config.momentum !== 0) fail('optimizer', "RMSprop's momentum is set, which Keraflow's RMSprop does not have");
  if (typeof config.learning_rate !== 'number') fail('optimizer', `${className}'s learning_rate is ${describeValue(config.learning_rate)}: only a constant learning rate is imported`);
  const result: Record<string, unknown> = { lr: float32Decimal(config.learning_rate as number) };
  for (const [kerasArg, arg] of Object.entries(known)) {
    const setting = config[kerasArg];
    if (setting !== undefined && setting !== null) result[arg] = typeof setting === 'number' ? float32Decimal(setting) : setting;
  }
  for (const clip of ['clipnorm', 'clipvalue']) if (typeof config[clip] === 'number') result[clip] = float32Decimal(config[clip] as number);
  return { class_name: className, config: result };
}
