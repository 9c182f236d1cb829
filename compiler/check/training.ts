/**
 * Training checks: each loss and metric names an existing output and an
 * objective or metric of the runtime's catalogue that can score that
 * output's shape; every output of a trained model has a loss; the optimizer
 * binds against its spec; `train { }` settings have known names and values.
 */
import type * as ast from '../../grammar/ast.ts';
import { closestName, toCamelCase, toSnakeCase } from '../../runtime/engine/naming.ts';
import { checkArgValue } from '../../runtime/engine/spec.ts';
import { KeraflowError } from '../../runtime/errors.ts';
import { TRAIN_SETTINGS } from '../../runtime/training/train-defaults.ts';
import type { ObjectiveSpec } from '../../runtime/training/objectives.ts';
import type { Shape } from '../../runtime/engine/dimension.ts';
import { losses, metrics, objectives, optimizers } from './aliases.ts';
import { bindCall } from './arguments.ts';
import { evaluationContext } from './constructors.ts';
import type { Site } from './instances.ts';
import { runtimeProblem } from './report.ts';
import type { CheckedModel, CheckedScorer, CheckedScoring, Location } from './types.ts';
import { containsUnknown, evaluate } from './values.ts';

const at = (site: Site, node: { range: ast.Range }): Location => ({ fileName: site.fileName, range: node.range });

/** One output's loss or metrics, and where they were given. */
interface OutputSetting {
  output: string;
  value: ast.Expression;
  range: ast.Range;
}

export function checkTraining(statements: readonly ast.TrainingStatement[], model: CheckedModel, site: Site): void {
  const { reporter } = site;
  const lossFor = new Map<string, OutputSetting>();
  const metricsFor = new Map<string, OutputSetting>();
  let optimizer: ast.Optimizer | undefined;
  let lossWeights: ast.LossWeights | undefined;
  let train: ast.Train | undefined;
  /** A loss that named no output (or several, or a list of the wrong length): the outputs' losses are not counted then. */
  let misdirectedLoss = false;
  const scoring: CheckedScoring = { losses: {}, metrics: {} };

  /** Records each output's setting once; a second one is reported at its own range, with the first as related. */
  const record = (settings: readonly OutputSetting[], given: Map<string, OutputSetting>, word: string): OutputSetting[] =>
    settings.filter((setting) => {
      const first = given.get(setting.output);
      if (first) {
        reporter.report('givenTwice', { statement: `${word} for '${setting.output}'` }, at(site, setting), [{ message: 'first given here', range: first.range, fileName: site.fileName }]);
        return false;
      }
      given.set(setting.output, setting);
      return true;
    });

  for (const statement of statements) {
    if (statement.kind === 'Loss') {
      const settings = settingsOf(statement, 'loss', model, site);
      if (settings === undefined) {
        misdirectedLoss = true;
        continue;
      }
      for (const setting of record(settings, lossFor, 'a loss')) {
        const scorer = checkScorer(setting.value, 'objective', setting.output, model, site);
        if (scorer) scoring.losses[setting.output] = scorer;
      }
    } else if (statement.kind === 'Metrics') {
      for (const setting of record(settingsOf(statement, 'metrics', model, site) ?? [], metricsFor, 'metrics')) {
        const items = setting.value.kind === 'List' ? setting.value.elements : [setting.value];
        scoring.metrics[setting.output] = items.flatMap((item) => checkScorer(item, 'metric', setting.output, model, site) ?? []);
      }
    } else if (statement.kind === 'LossWeights') {
      if (lossWeights) {
        reporter.report('givenTwice', { statement: 'loss_weights' }, at(site, statement), [{ message: 'first given here', range: lossWeights.range, fileName: site.fileName }]);
        continue;
      }
      lossWeights = statement;
      for (const setting of settingsOf(statement, 'loss_weights', model, site) ?? []) {
        const weight = checkLossWeight(setting.value, site);
        if (weight !== undefined) scoring.lossWeights = { ...scoring.lossWeights, [setting.output]: weight };
      }
    } else if (statement.kind === 'Optimizer') {
      if (optimizer) {
        reporter.report('givenTwice', { statement: 'an optimizer' }, at(site, statement), [{ message: 'first given here', range: optimizer.range, fileName: site.fileName }]);
        continue;
      }
      optimizer = statement;
      const built = checkOptimizer(statement.value, site);
      if (built) model.optimizer = { className: built.spec.className, args: built.args };
    } else if (statement.kind === 'Train') {
      if (train) {
        reporter.report('givenTwice', { statement: 'a train block' }, at(site, statement), [{ message: 'first given here', range: train.range, fileName: site.fileName }]);
        continue;
      }
      train = statement;
      model.train = checkTrainSettings(statement, site);
    }
  }

  const trained = statements.length > 0;
  if (lossFor.size > 0) model.scoring = scoring;
  if (trained && !misdirectedLoss) {
    for (const output of model.outputs) {
      if (!lossFor.has(output.name)) {
        const tensor = model.tensors[output.tensor];
        reporter.report('missingLoss', { output: output.name }, model.kind === 'model' ? tensor.location : model.nameLocation);
      }
    }
  }
}

/**
 * What a `loss` or `metrics` statement gives to which outputs, as the
 * runtime's compile reads it: `loss a = x` to output a; a list, one per
 * output in output order; a dict, by output name; a single value, to the
 * one output (a list of metrics too). Undefined after a problem.
 */
function settingsOf(statement: ast.Loss | ast.Metrics | ast.LossWeights, word: 'loss' | 'metrics' | 'loss_weights', model: CheckedModel, site: Site): OutputSetting[] | undefined {
  const { reporter } = site;
  const outputNames = model.outputs.map((o) => o.name);
  const named = (name: ast.Identifier | ast.StringLiteral): string | undefined => {
    const text = name.kind === 'Identifier' ? name.name : name.value;
    if (!outputNames.includes(text)) {
      reporter.report('unknownOutput', { statement: word, name: text, outputs: outputNames.length ? outputNames : ['none'], suggestion: closestName(text, outputNames) }, at(site, name));
      return undefined;
    }
    if (name.kind === 'Identifier') reporter.use(site.scope.lookup(text)?.symbol, at(site, name));
    return text;
  };
  const value = statement.value;
  if (statement.kind !== 'LossWeights' && statement.output) {
    const output = named(statement.output);
    return output === undefined ? undefined : [{ output, value, range: statement.range }];
  }
  // One output's metrics are a list of metrics; anywhere else a list gives one entry per output.
  if (value.kind === 'List' && (word !== 'metrics' || outputNames.length > 1)) {
    if (value.elements.length !== outputNames.length) {
      reporter.report('scorerListLength', { statement: word, given: value.elements.length, outputs: outputNames }, at(site, value));
      return undefined;
    }
    return value.elements.map((element, index) => ({ output: outputNames[index], value: element, range: element.range }));
  }
  if (value.kind === 'Dict') {
    const settings: OutputSetting[] = [];
    let complete = true;
    for (const entry of value.entries) {
      const output = named(entry.key);
      if (output === undefined) complete = false;
      else settings.push({ output, value: entry.value, range: entry.range });
    }
    return complete ? settings : undefined;
  }
  if (outputNames.length > 1) {
    reporter.report('ambiguousLoss', { statement: word, outputs: outputNames }, at(site, statement));
    return undefined;
  }
  return outputNames.length === 1 ? [{ output: outputNames[0], value, range: statement.range }] : undefined;
}

/** An objective (loss) or metric: a known alias, or for a loss a loss object (`Huber(delta=2)`), that can score the output's shape; undefined after a problem. */
function checkScorer(expression: ast.Expression, what: 'objective' | 'metric', output: string, model: CheckedModel, site: Site): CheckedScorer | undefined {
  if (what === 'objective' && expression.kind === 'Call' && expression.callee.kind === 'Name') {
    return checkLossObject(expression, expression.callee, output, model, site);
  }
  const name = expression.kind === 'Name' ? expression.name : expression.kind === 'String' ? expression.value : undefined;
  if (name === undefined) {
    if (expression.kind !== 'Missing') {
      site.reporter.report('wrongArgumentType', { case: 'scorerNotAlias', what }, at(site, expression));
    }
    return;
  }
  const catalogue = what === 'objective' ? objectives : metrics;
  // A loss or metric is named from the runtime's catalogue, never from the file's constants.
  if (expression.kind === 'Name') site.reporter.resolve(site.fileName, expression, { kind: 'alias', name });
  if (!catalogue.registry.has(name)) {
    site.reporter.report(what === 'objective' ? 'unknownObjective' : 'unknownMetric', { name, suggestion: closestName(name, catalogue.registry.names()) }, at(site, expression));
    return undefined;
  }
  const fits = checkOutputShape(catalogue.specOf(name), what === 'objective' ? 'loss' : 'metric', name, expression, output, model, site);
  return fits ? { name, location: at(site, expression) } : undefined;
}

/** `SparseCategoricalCrossentropy(from_logits=true)`: a loss class of the runtime, its options bound by its spec, its objective's shapes checked. */
function checkLossObject(call: ast.Call, callee: ast.Name, output: string, model: CheckedModel, site: Site): CheckedScorer | undefined {
  const name = callee.name;
  if (!losses.registry.has(name)) {
    const suggestion = closestName(name, [...losses.registry.names(), ...objectives.registry.names()]);
    site.reporter.report('unknownObjective', { name, suggestion }, at(site, callee));
    return undefined;
  }
  site.reporter.resolve(site.fileName, callee, { kind: 'class', name });
  const cls = losses.registry.get(name);
  const bound = bindCall(cls.spec, call, evaluationContext(site), { ownerRange: call.range });
  if (!bound) return undefined;
  const fits = checkOutputShape(objectives.specOf(cls.spec.objective), 'loss', name, call, output, model, site);
  return fits ? { name: cls.spec.className, options: bound.options, location: at(site, call) } : undefined;
}

/** Whether the output's shape suits the loss or metric (true when the shape is unknown after an earlier error). */
function checkOutputShape(spec: ObjectiveSpec | undefined, what: 'loss' | 'metric', name: string, node: ast.Expression, output: string, model: CheckedModel, site: Site): boolean {
  const tensor = model.tensors[model.outputs.find((o) => o.name === output)!.tensor];
  if (!tensor.shape) return true;
  const needs = spec?.checkShape?.(tensor.shape);
  if (needs) site.reporter.report('targetShape', { what, name, output, needs }, at(site, node));
  // The targets the loss takes, for the data check (integer labels for sparse_categorical_crossentropy).
  else if (what === 'loss' && spec?.targetShape) model.targetShapes = { ...model.targetShapes, [output]: spec.targetShape(tensor.shape as Shape) };
  return !needs;
}

/** One output's loss weight: a number ≥ 0 (a constant is fine); undefined after a problem. */
function checkLossWeight(expression: ast.Expression, site: Site): number | undefined {
  const value = evaluate(expression, { ...evaluationContext(site), unresolved: [] });
  if (containsUnknown(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    site.reporter.report('wrongArgumentType', { case: 'lossWeight', given: JSON.stringify(value) ?? String(value) }, at(site, expression));
    return undefined;
  }
  return value;
}

/** The optimizer as the runtime builds it (its class's spec and every argument), or undefined after a problem. */
function checkOptimizer(expression: ast.Expression, site: Site): { spec: { className: string }; args: Readonly<Record<string, unknown>> } | undefined {
  if (expression.kind === 'Name' || expression.kind === 'String') {
    const name = expression.kind === 'Name' ? expression.name : expression.value;
    if (expression.kind === 'Name') site.reporter.resolve(site.fileName, expression, { kind: 'alias', name });
    if (!optimizers.registry.has(name)) {
      site.reporter.report('unknownOptimizer', { name, suggestion: closestName(name, optimizers.registry.names()) }, at(site, expression));
      return undefined;
    }
    const cls = optimizers.registry.get(name);
    return { spec: cls.spec, args: new cls().args };
  }
  if (expression.kind === 'Call' && expression.callee.kind === 'Name') {
    const name = expression.callee.name;
    site.reporter.resolve(site.fileName, expression.callee, { kind: 'class', name });
    if (!optimizers.registry.has(name)) {
      site.reporter.report('unknownOptimizer', { name, suggestion: closestName(name, optimizers.registry.names()) }, at(site, expression.callee));
      return;
    }
    const cls = optimizers.registry.get(name);
    const bound = bindCall(cls.spec, expression, evaluationContext(site), { ownerRange: expression.range, optimizer: true });
    if (!bound) return undefined;
    try {
      return { spec: cls.spec, args: new cls(bound.options as never).args };
    } catch (error) {
      site.reporter.report('optimizerArgument', error instanceof KeraflowError ? runtimeProblem(error) : { runtimeMessage: (error as Error).message }, at(site, expression));
      return undefined;
    }
  }
  if (expression.kind !== 'Missing') {
    site.reporter.report('unknownOptimizer', { name: 'this expression' }, at(site, expression));
  }
  return undefined;
}

function checkTrainSettings(statement: ast.Train, site: Site): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const names = TRAIN_SETTINGS.map((setting) => toSnakeCase(setting.name));
  for (const setting of statement.settings) {
    const name = setting.name.name;
    const spec = TRAIN_SETTINGS.find((candidate) => candidate.name === toCamelCase(name));
    if (!spec) {
      const suggestion = closestName(name, names);
      site.reporter.report('trainSetting', { name, settings: names, ...(suggestion ? { suggestion } : {}) }, at(site, setting.name));
      continue;
    }
    if (Object.hasOwn(settings, name)) {
      site.reporter.report('givenTwice', { statement: `the training setting '${name}'` }, at(site, setting.name));
      continue;
    }
    const unresolved: ast.Name[] = [];
    const value = evaluate(setting.value, { ...evaluationContext(site), unresolved });
    if (containsUnknown(value)) continue;
    const expected = checkArgValue(spec, value);
    if (expected !== undefined) {
      site.reporter.report('trainSetting', { name, expected, given: JSON.stringify(value) ?? String(value) }, at(site, setting.value));
      continue;
    }
    settings[name] = value;
  }
  return settings;
}
