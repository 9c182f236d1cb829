/**
 * A model's training setup in Keras 3 terms: `model.compile(optimizer=...,
 * loss=..., loss_weights=..., metrics=...)` with Keras's names for
 * Keraflow's objectives, loss classes, metrics and optimizers (one output:
 * single values; several: lists in the outputs' order), read from the
 * checker's scoring, and the `train { }` defaults as a `dict(...)`. What
 * Keras 3 has no counterpart for is a problem, not a guess.
 */
import type * as ast from '../../grammar/ast.ts';
import * as metrics from '../../runtime/training/metrics.ts';
import * as objectives from '../../runtime/training/objectives.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import type { CheckedModel, CheckedScorer } from '../check/types.ts';
import { inline, type PythonArgument, type PythonCall, pythonFloat, pythonLiteral, pythonString } from './python.ts';

/** Keraflow's objectives (canonical names) as Keras 3 losses: the same formula (test/keras/losses.test.ts compares them). */
const KERAS_LOSSES: Readonly<Record<string, string>> = {
  square_error: 'mean_squared_error',
  absolute_error: 'mean_absolute_error',
  absolute_percentage_error: 'mean_absolute_percentage_error',
  squared_logarithmic_error: 'mean_squared_logarithmic_error',
  hinge: 'hinge',
  squared_hinge: 'squared_hinge',
  categorical_hinge: 'categorical_hinge',
  binary_crossentropy: 'binary_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  huber: 'huber',
  log_cosh: 'log_cosh',
  kullback_leibler_divergence: 'kl_divergence',
  poisson: 'poisson',
  // Keraflow's cosine_proximity is -cos(y, ŷ), as Keras 3's cosine_similarity loss.
  cosine_proximity: 'cosine_similarity',
};

/** Keraflow's metrics (canonical names) as Keras 3 metrics; `accuracy` is chosen by the output's shape and loss in both. Keras has no huber or log_cosh metric by name. */
const KERAS_METRICS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(KERAS_LOSSES).filter(([name]) => !['cosine_proximity', 'huber', 'log_cosh'].includes(name))),
  cosine_similarity: 'cosine_similarity',
  binary_accuracy: 'binary_accuracy',
  categorical_accuracy: 'categorical_accuracy',
  sparse_categorical_accuracy: 'sparse_categorical_accuracy',
  accuracy: 'accuracy',
};

/** Keraflow's optimizers as Keras 3's: the class, and each argument's Keras name (clipnorm is a global norm in Keraflow). */
const KERAS_OPTIMIZERS: Readonly<Record<string, { className: string; args: Readonly<Record<string, string>> }>> = {
  SGD: { className: 'SGD', args: { lr: 'learning_rate', momentum: 'momentum', nesterov: 'nesterov' } },
  RMSprop: { className: 'RMSprop', args: { lr: 'learning_rate', rho: 'rho', epsilon: 'epsilon' } },
  Adagrad: { className: 'Adagrad', args: { lr: 'learning_rate', epsilon: 'epsilon' } },
  Adadelta: { className: 'Adadelta', args: { lr: 'learning_rate', rho: 'rho', epsilon: 'epsilon' } },
  Adam: { className: 'Adam', args: { lr: 'learning_rate', beta1: 'beta_1', beta2: 'beta_2', epsilon: 'epsilon' } },
  Adamax: { className: 'Adamax', args: { lr: 'learning_rate', beta1: 'beta_1', beta2: 'beta_2', epsilon: 'epsilon' } },
};

/** The one optimizer used when a model has a loss but no optimizer (the TypeScript target's default too). */
const DEFAULT_OPTIMIZER = { className: 'SGD', args: { lr: 0.01, momentum: 0, decay: 0, nesterov: false, clipnorm: null, clipvalue: null } };

/** Something Keras 3 cannot express, at the node that says it. */
export interface TrainingProblem {
  subject: string;
  reason: string;
  node: { range: ast.Range };
}

/**
 * The keyword arguments of `model.compile(...)` from the checker's scoring, or
 * undefined when the model has no loss (it is returned uncompiled). One
 * output: single values; several: lists in the outputs' order, as Keras 3
 * takes them for a model whose outputs are a list (its output names are its
 * layers', not the `.kf` channels').
 */
export function compileArguments(statements: readonly ast.Statement[], model: CheckedModel, problems: TrainingProblem[]): PythonArgument[] | undefined {
  const scoring = model.scoring;
  if (!scoring) return undefined;
  const args: PythonArgument[] = [{ name: 'optimizer', code: optimizerCode(model.optimizer ?? DEFAULT_OPTIMIZER, statements, problems) }];
  const outputs = model.outputs.map((output) => output.name);
  const perOutput = (codes: string[]) => (outputs.length === 1 ? codes[0] : `[${codes.join(', ')}]`);
  args.push({ name: 'loss', code: perOutput(outputs.map((output) => (scoring.losses[output] ? lossCode(scoring.losses[output], problems) : 'None'))) });
  if (scoring.lossWeights) {
    // An output without a weight counts once, as in Keraflow.
    args.push({ name: 'loss_weights', code: perOutput(outputs.map((output) => pythonFloat(scoring.lossWeights![output] ?? 1))) });
  }
  if (Object.keys(scoring.metrics).length > 0) {
    args.push({ name: 'metrics', code: perOutput(outputs.map((output) => `[${(scoring.metrics[output] ?? []).map((metric) => metricCode(metric, problems)).join(', ')}]`)) });
  }
  return args;
}

/** A loss alias as Keras's name for it (`"mean_squared_error"`), a loss object as Keras's class (`keras.losses.Huber(delta=2.0)`). */
function lossCode(loss: CheckedScorer, problems: TrainingProblem[]): string {
  if (loss.options !== undefined) {
    // Keraflow's loss classes are Keras 3's, by class name and options (snake_case).
    const args = Object.entries(loss.options).map(([name, value]) => ({ name: toSnakeCase(name), code: typeof value === 'number' ? pythonFloat(value) : pythonLiteral(value) }));
    return inline({ callee: `keras.losses.${loss.name}`, args });
  }
  return aliasCode(loss, KERAS_LOSSES, objectives.registry, 'loss', problems);
}

function metricCode(metric: CheckedScorer, problems: TrainingProblem[]): string {
  return aliasCode(metric, KERAS_METRICS, metrics.registry, 'metric', problems);
}

function aliasCode(scorer: CheckedScorer, keras: Readonly<Record<string, string>>, registry: { canonicalName(name: string): string | undefined }, what: string, problems: TrainingProblem[]): string {
  const name = keras[registry.canonicalName(scorer.name) ?? ''];
  if (name === undefined) {
    problems.push({ subject: `the ${what} ${scorer.name}`, reason: `Keras 3 has no ${what} with Keraflow's meaning of it`, node: scorer.location });
    return 'None';
  }
  return pythonString(name);
}

/** `keras.optimizers.Adam(learning_rate=0.005, ...)`: every argument that Keras has, as the checker bound it. */
function optimizerCode(optimizer: { className: string; args: Readonly<Record<string, unknown>> }, statements: readonly ast.Statement[], problems: TrainingProblem[]): PythonCall | string {
  const node = statements.find((s) => s.kind === 'Optimizer') ?? statements.find((s) => s.kind === 'Loss')!;
  const mapping = KERAS_OPTIMIZERS[optimizer.className];
  if (!mapping) {
    problems.push({ subject: `the optimizer ${optimizer.className}`, reason: 'Keras 3 has no counterpart', node });
    return 'None';
  }
  // Keras checks its optimizers' numbers to be floats: `momentum=0` is refused, `0.0` taken.
  const value = (v: unknown) => (typeof v === 'number' ? pythonFloat(v) : pythonLiteral(v));
  const args: PythonArgument[] = Object.entries(mapping.args).map(([name, keras]) => ({ name: keras, code: value(optimizer.args[name]) }));
  const decay = optimizer.args.decay;
  if (typeof decay === 'number' && decay > 0) {
    // Keraflow's lr / (1 + decay · t) is Keras's inverse time decay by one step at a time.
    const schedule: PythonCall = {
      callee: 'keras.optimizers.schedules.InverseTimeDecay',
      args: [
        { name: 'initial_learning_rate', code: value(optimizer.args.lr) },
        { name: 'decay_steps', code: '1' },
        { name: 'decay_rate', code: pythonFloat(decay) },
      ],
    };
    args[0] = { name: 'learning_rate', code: schedule };
  }
  const clipped = (name: string) => optimizer.args[name] !== null && optimizer.args[name] !== undefined;
  if (clipped('clipnorm') && clipped('clipvalue')) {
    problems.push({ subject: `the optimizer ${optimizer.className}`, reason: 'it clips both by norm and by value, and a Keras 3 optimizer takes one of them', node });
  }
  if (optimizer.args.clipnorm !== null && optimizer.args.clipnorm !== undefined) args.push({ name: 'global_clipnorm', code: value(optimizer.args.clipnorm) });
  if (optimizer.args.clipvalue !== null && optimizer.args.clipvalue !== undefined) args.push({ name: 'clipvalue', code: value(optimizer.args.clipvalue) });
  return { callee: `keras.optimizers.${mapping.className}`, args };
}

/** The `train { }` defaults as the arguments of `dict(epochs=5, ...)`, snake_case keys as written. */
export function trainDefaults(model: CheckedModel): PythonArgument[] {
  return Object.entries(model.train).map(([name, value]) => ({ name, code: pythonLiteral(value) }));
}
