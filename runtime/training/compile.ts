import { assignToSlots, isPlainObject } from '../engine/argument-passing.ts';
import { formatShape, type Shape } from '../engine/dimension.ts';
import type { Model } from '../engine/model.ts';
import { closestName } from '../engine/naming.ts';
import { describeValue, KeraflowError, ShapeError } from '../errors.ts';
import * as metrics from './metrics.ts';
import type { Metric } from './metrics.ts';
import { Loss, shapesOf } from './losses.ts';
import * as objectives from './objectives.ts';
import type { Objective } from './objectives.ts';
import * as optimizers from './optimizers/index.ts';
import type { Optimizer, OptimizerLike } from './optimizers/index.ts';

/** An objective alias, a function, or a loss object (`new losses.Huber({ delta: 2 })`). */
export type LossLike = string | Objective | Loss;
export type MetricLike = string | Metric;

export interface CompileConfig {
  /** An alias ('sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax') or an instance (`new SGD({lr: 0.1})`). */
  optimizer: OptimizerLike;
  /** One objective (one output), a list (output order) or a dict (output name); every output needs one. */
  loss: LossLike | readonly LossLike[] | Readonly<Record<string, LossLike>>;
  /**
   * Metrics to report. One output: a metric or a list of metrics. Several
   * outputs: a list (output order) or a dict (output name) of a metric or a
   * list of metrics each.
   */
  metrics?: MetricLike | readonly (MetricLike | readonly MetricLike[])[] | Readonly<Record<string, MetricLike | readonly MetricLike[]>>;
  /**
   * How much each output's loss counts in the total loss: a list (output
   * order) or a dict (output name) of numbers ≥ 0; an output left out
   * counts 1 (default: every output 1). The per-output logs stay unweighted.
   */
  lossWeights?: readonly number[] | Readonly<Record<string, number>>;
}

/** What training needs to know about one output. */
export interface OutputTraining {
  readonly name: string;
  /** The objective as given (an alias, or the function's name). */
  readonly lossName: string;
  readonly loss: Objective;
  /** The weight of its loss in the total loss (lossWeights; 1 by default). */
  readonly weight: number;
  /** The targets' shape for this output's shape, when the loss takes another (integer labels); undefined: the output's own. */
  readonly targetShape?: (outputShape: Shape) => Shape;
  /** Each metric with its log key (`acc`, or `out1_acc` with several outputs). */
  readonly metrics: readonly { readonly key: string; readonly metric: Metric }[];
}

/** A compiled model's training setup. */
export interface TrainingSetup {
  readonly optimizer: Optimizer;
  /** Made from an alias here, so freed when the model is compiled again. */
  readonly ownsOptimizer: boolean;
  readonly outputs: readonly OutputTraining[];
  /**
   * The log keys, in the order of `evaluate`'s values: `loss`; with several
   * outputs each `<output>_loss`; then every metric, output by output.
   */
  readonly names: readonly string[];
  /** The configuration as given to `compile` (what training-config.ts writes down). */
  readonly config: CompileConfig;
}

const setups = new WeakMap<Model, TrainingSetup>();
const CONFIG_KEYS = ['optimizer', 'loss', 'metrics', 'lossWeights'];

const isFunctionOrString = (value: unknown) => typeof value === 'string' || typeof value === 'function';
const isLossLike = (value: unknown) => isFunctionOrString(value) || value instanceof Loss;

/** `model.compile`: resolves the optimizer, the losses and the metrics, and creates the optimizer's state. */
export function compileModel(model: Model, config: CompileConfig): void {
  const owner = model.name;
  if (!isPlainObject(config)) {
    throw new KeraflowError(`${owner}: compile takes {optimizer, loss, metrics?}, but got ${describeValue(config)}`, {
      layer: owner,
      argument: 'config',
      expected: '{optimizer, loss, metrics?}',
      given: describeValue(config),
    });
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) {
      const suggestion = closestName(key, CONFIG_KEYS);
      throw new KeraflowError(`${owner}: compile has no option '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (options: ${CONFIG_KEYS.join(', ')})`, {
        layer: owner,
        argument: key,
        expected: CONFIG_KEYS.join(', '),
        given: key,
      });
    }
  }
  for (const key of ['optimizer', 'loss'] as const) {
    if (config[key] === undefined || config[key] === null) {
      throw new KeraflowError(`${owner}: compile needs '${key}'`, { layer: owner, argument: key, expected: `a ${key}`, given: 'nothing' });
    }
  }

  const losses = resolveLosses(model, config.loss);
  const weights = resolveLossWeights(model, config.lossWeights);
  const metricLists = resolveMetrics(model, config.metrics);
  const outputs: OutputTraining[] = [];
  const names = ['loss'];
  if (model.outputNames.length > 1) names.push(...model.outputNames.map((name) => `${name}_loss`));
  model.outputNames.forEach((name, index) => {
    const entries = metricLists[index].map(({ label, metric }) => {
      const key = uniqueKey(model.outputNames.length > 1 ? `${name}_${label}` : label, names);
      names.push(key);
      return { key, metric };
    });
    const { label: lossName, objective, targetShape } = losses[index];
    outputs.push({ name, lossName, loss: objective, weight: weights[index], ...(targetShape ? { targetShape } : {}), metrics: entries });
  });

  const optimizer = optimizers.get(config.optimizer, { layer: owner, argument: 'optimizer' });
  const previous = setups.get(model);
  if (previous?.ownsOptimizer && previous.optimizer !== optimizer) previous.optimizer.dispose();
  optimizer.prepare(
    model
      .parameters()
      .filter((p) => p.trainable)
      .map((p) => p.variable),
  );
  setups.set(model, { optimizer, ownsOptimizer: typeof config.optimizer === 'string', outputs, names, config });
}

/** The setup of a compiled model; a KeraflowError when `compile` was not called. */
export function setupOf(model: Model, action: string): TrainingSetup {
  const setup = setups.get(model);
  if (!setup) {
    throw new KeraflowError(`${model.name}: call compile({optimizer, loss}) before ${action}`, {
      layer: model.name,
      argument: action,
      expected: 'a compiled model',
      given: 'a model that was not compiled',
    });
  }
  return setup;
}

/** The configuration a model was compiled with, as given, or undefined when it was not compiled. */
export function compileConfigOf(model: Model): CompileConfig | undefined {
  return setups.get(model)?.config;
}

/** What training knows of each output of a compiled model (in output order), or undefined. */
export function compiledOutputs(model: Model): readonly OutputTraining[] | undefined {
  return setups.get(model)?.outputs;
}

/** The optimizer of a compiled model, or undefined. */
export function optimizerOf(model: Model): Optimizer | undefined {
  return setups.get(model)?.optimizer;
}

function label(value: string | ((...args: never[]) => unknown), fallback: string): string {
  return typeof value === 'string' ? value : value.name || fallback;
}

function resolveLosses(model: Model, loss: unknown): { label: string; objective: Objective; targetShape?: (shape: Shape) => Shape }[] {
  const owner = model.name;
  const given = assignToSlots<unknown>(loss, model.outputNames, { owner, argument: 'loss', slotKind: 'output', isSingle: isLossLike });
  return model.outputNames.map((name, index) => {
    const value = given.get(name);
    if (value === undefined) {
      throw new KeraflowError(`${owner}: loss has no objective for output '${name}'; every output needs one (outputs: ${model.outputNames.map((n) => `'${n}'`).join(', ')})`, {
        layer: owner,
        argument: 'loss',
        key: name,
        expected: `an objective for each of ${model.outputNames.join(', ')}`,
        given: 'nothing',
      });
    }
    if (!isLossLike(value)) {
      throw new KeraflowError(`${owner}: the loss for output '${name}' must be an objective alias, function or loss object, but got ${describeValue(value)}`, {
        layer: owner,
        argument: 'loss',
        key: name,
        expected: 'an objective alias, function or loss object',
        given: describeValue(value),
      });
    }
    if (value instanceof Loss) {
      checkOutputShape(model, index, value.name, shapesOf(value)?.checkShape, 'loss');
      return { label: value.name, objective: value.objective, targetShape: shapesOf(value)?.targetShape };
    }
    const objective = objectives.get(value as string | Objective, { layer: owner, argument: 'loss' });
    if (typeof value === 'string') checkOutputShape(model, index, value, shapesOf(value)?.checkShape, 'loss');
    return { label: label(value as string | Objective, 'loss'), objective, targetShape: shapesOf(value)?.targetShape };
  });
}

/** Each output's loss weight, in output order: given (a list or a dict), else 1. */
function resolveLossWeights(model: Model, lossWeights: unknown): number[] {
  const owner = model.name;
  const given = assignToSlots<unknown>(lossWeights, model.outputNames, { owner, argument: 'lossWeights', slotKind: 'output', isSingle: (value) => typeof value === 'number' });
  return model.outputNames.map((name) => {
    const weight = given.get(name) ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new KeraflowError(`${owner}: the loss weight of output '${name}' must be a finite number ≥ 0, but got ${describeValue(weight)}`, {
        layer: owner,
        argument: 'lossWeights',
        key: name,
        expected: 'a finite number ≥ 0',
        given: describeValue(weight),
      });
    }
    return weight;
  });
}

function resolveMetrics(model: Model, value: unknown): { label: string; metric: Metric }[][] {
  const owner = model.name;
  const outputs = model.outputNames;
  let perOutput: Map<string, unknown>;
  if (outputs.length === 1 && Array.isArray(value) && !(value.length === 1 && Array.isArray(value[0]))) {
    // One output: a list is that output's list of metrics.
    perOutput = new Map([[outputs[0], value]]);
  } else {
    perOutput = assignToSlots<unknown>(value, outputs, { owner, argument: 'metrics', slotKind: 'output', isSingle: isFunctionOrString });
  }
  return outputs.map((name, index) => {
    const given = perOutput.get(name);
    const list = given === undefined ? [] : Array.isArray(given) ? given : [given];
    return list.map((item, position) => {
      if (!isFunctionOrString(item)) {
        throw new KeraflowError(`${owner}: metrics for output '${name}' must be metric aliases or functions, but item ${position} is ${describeValue(item)}`, {
          layer: owner,
          argument: 'metrics',
          key: name,
          expected: 'a metric alias or function',
          given: describeValue(item),
        });
      }
      const metric = metrics.get(item as MetricLike, { layer: owner, argument: 'metrics' });
      if (typeof item === 'string') checkOutputShape(model, index, item, metrics.specOf(item)?.checkShape, 'metrics');
      return { label: label(item as MetricLike, `metric_${position + 1}`), metric };
    });
  });
}

function checkOutputShape(model: Model, index: number, name: string, check: ((shape: Shape) => string | undefined) | undefined, argument: string): void {
  const shape = model.outputs[index].shape;
  const expected = check?.(shape);
  if (expected === undefined) return;
  const output = model.outputNames[index];
  throw new ShapeError(`${model.name}: ${argument} '${name}' for output '${output}' needs ${expected}`, {
    layer: model.name,
    argument,
    key: output,
    expected,
    given: formatShape(shape),
  });
}

function uniqueKey(key: string, taken: readonly string[]): string {
  if (!taken.includes(key)) return key;
  let count = 2;
  while (taken.includes(`${key}_${count}`)) count++;
  return `${key}_${count}`;
}
