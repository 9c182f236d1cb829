/**
 * A compiled model's training setup as data, so that a saved model can be
 * evaluated and trained further without its source: `keraflow train --save`
 * writes it next to the architecture (training.json), and `keraflow
 * evaluate` and `train --from` read it back. On disk, snake_case as Keras's
 * `training_config`:
 *
 *   {"optimizer": {"class_name": "SGD", "config": {"lr": 0.1, "momentum": 0.9}},
 *    "loss": "categorical_crossentropy",          # or a list (output order) or a dict (output name)
 *    "metrics": ["acc"],                           # optional, as compile takes it
 *    "loss_weights": {"a": 1, "b": 0.2}}           # optional, as compile takes it
 *
 * A loss object is written as the optimizer is:
 * `{"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": true}}`.
 *
 * Only aliases can be written: a model compiled with a function (a custom
 * objective or metric) has no training config, and the reason says which.
 * The optimizer's state (momentum, moving averages) is not kept: training
 * goes on from the weights with a fresh optimizer.
 */
import { isPlainObject } from '../engine/argument-passing.ts';
import type { Model } from '../engine/model.ts';
import { keysToCamelCase, keysToSnakeCase } from '../engine/naming.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { compileConfigOf, type CompileConfig } from './compile.ts';
import * as losses from './losses.ts';
import { Loss } from './losses.ts';
import * as optimizers from './optimizers/index.ts';

export interface TrainingConfig {
  optimizer: { class_name: string; config: Record<string, unknown> };
  loss: unknown;
  metrics?: unknown;
  loss_weights?: unknown;
}

/** The training config of a compiled model, or why there is none. */
export function describeTrainingConfig(model: Model): { config: TrainingConfig } | { reason: string } {
  const given = compileConfigOf(model);
  if (!given) return { reason: `${model.name} was not compiled` };
  const optimizer = model.optimizer!;
  for (const key of ['loss', 'metrics'] as const) {
    const aFunction = findFunction(given[key]);
    if (aFunction !== undefined) return { reason: `its ${key} uses ${aFunction ? `the function ${aFunction}` : 'a function'}, which a file cannot hold` };
  }
  const config: TrainingConfig = {
    optimizer: { class_name: optimizer.className, config: keysToSnakeCase(optimizer.getConfig()) },
    loss: mapLosses(given.loss, (loss) => (loss instanceof Loss ? { class_name: loss.className, config: keysToSnakeCase(loss.getConfig()) } : loss)),
  };
  if (given.metrics !== undefined) config.metrics = given.metrics;
  if (given.lossWeights !== undefined) config.loss_weights = given.lossWeights;
  return { config };
}

/** A function's name ('' when anonymous) anywhere in a loss or metrics value; undefined when there is none. */
function findFunction(value: unknown): string | undefined {
  if (typeof value === 'function') return value.name;
  const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  for (const item of items) {
    const found = findFunction(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Compiles a model with a training config read from `file` (its name in
 * messages). Anything the runtime cannot take (an unknown optimizer, a loss
 * for no output) is the KeraflowError compile gives, prefixed by the file.
 */
export function compileFromTrainingConfig(model: Model, document: unknown, file: string): void {
  const fail = (message: string, given: unknown): never => {
    throw new KeraflowError(`${file}: ${message}`, { argument: 'trainingConfig', expected: '{optimizer: {class_name, config}, loss, metrics?}', given: describeValue(given) });
  };
  if (!isPlainObject(document)) fail(`a training config must be an object {"optimizer": ..., "loss": ..., "metrics": ...}, but is ${describeValue(document)}`, document);
  const { optimizer, loss, metrics, loss_weights: lossWeights, ...rest } = document as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) fail(`a training config has no "${unknown[0]}" (keys: optimizer, loss, metrics, loss_weights)`, unknown[0]);
  if (loss === undefined) fail('the training config has no "loss"', document);
  let instance: optimizers.Optimizer | string;
  if (typeof optimizer === 'string') instance = optimizer;
  else if (isPlainObject(optimizer) && typeof optimizer.class_name === 'string' && (optimizer.config === undefined || isPlainObject(optimizer.config))) {
    try {
      const cls = optimizers.registry.get(optimizer.class_name, { argument: 'optimizer' });
      instance = new cls(keysToCamelCase((optimizer.config ?? {}) as Record<string, unknown>) as never);
    } catch (error) {
      throw error instanceof KeraflowError ? new KeraflowError(`${file}: ${error.message}`, error) : error;
    }
  } else {
    instance = fail(`"optimizer" must be an alias or {"class_name": ..., "config": {...}}, but is ${describeValue(optimizer)}`, optimizer);
  }
  try {
    const config: CompileConfig = {
      optimizer: instance,
      loss: mapLosses(loss, (entry) =>
        isClassConfig(entry) ? new (losses.registry.get(entry.class_name, { argument: 'loss' }))(keysToCamelCase(entry.config ?? {})) : entry,
      ) as CompileConfig['loss'],
      ...(metrics === undefined ? {} : { metrics: metrics as CompileConfig['metrics'] }),
      ...(lossWeights === undefined ? {} : { lossWeights: lossWeights as CompileConfig['lossWeights'] }),
    };
    model.compile(config);
  } catch (error) {
    throw error instanceof KeraflowError ? new KeraflowError(`${file}: ${error.message}`, error) : error;
  }
}

/** `{"class_name": ..., "config": {...}}`, as a loss object is written. */
function isClassConfig(value: unknown): value is { class_name: string; config?: Record<string, unknown> } {
  return isPlainObject(value) && typeof value.class_name === 'string' && (value.config === undefined || isPlainObject(value.config));
}

/** A loss value (one, a list in output order, or a dict by output name) with each loss mapped. */
function mapLosses(value: unknown, map: (loss: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map(map);
  if (isPlainObject(value) && !isClassConfig(value)) return Object.fromEntries(Object.entries(value).map(([key, loss]) => [key, map(loss)]));
  return map(value);
}
