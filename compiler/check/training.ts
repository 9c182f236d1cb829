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
import { metrics, objectives, optimizers } from './aliases.ts';
import { bindCall } from './arguments.ts';
import { evaluationContext } from './constructors.ts';
import type { Site } from './instances.ts';
import { runtimeProblem } from './report.ts';
import type { CheckedModel, Location } from './types.ts';
import { containsUnknown, evaluate } from './values.ts';

const at = (site: Site, node: { range: ast.Range }): Location => ({ fileName: site.fileName, range: node.range });

export function checkTraining(statements: readonly ast.TrainingStatement[], model: CheckedModel, site: Site): void {
  const { reporter } = site;
  const outputNames = model.outputs.map((o) => o.name);
  const single = model.outputs.length === 1;
  const lossFor = new Map<string, ast.Loss>();
  const metricsFor = new Map<string, ast.Metrics>();
  let optimizer: ast.Optimizer | undefined;
  let train: ast.Train | undefined;
  /** A loss that named no output (or several): the outputs' losses are not counted then. */
  let misdirectedLoss = false;

  /** The output a `loss`/`metrics` statement is about (undefined after a problem). */
  const outputOf = (statement: ast.Loss | ast.Metrics, word: string): string | undefined => {
    if (statement.output) {
      const name = statement.output.name;
      if (!outputNames.includes(name)) {
        reporter.report('unknownOutput', { statement: word, name, outputs: outputNames.length ? outputNames : ['none'], suggestion: closestName(name, outputNames) }, at(site, statement.output));
        return undefined;
      }
      const symbol = site.scope.lookup(name)?.symbol;
      reporter.use(symbol, at(site, statement.output));
      return name;
    }
    if (model.outputs.length > 1) {
      reporter.report('ambiguousLoss', { statement: word, outputs: outputNames }, at(site, statement));
      return undefined;
    }
    return single ? outputNames[0] : undefined;
  };

  for (const statement of statements) {
    if (statement.kind === 'Loss') {
      const output = outputOf(statement, 'loss');
      if (output === undefined) {
        misdirectedLoss = true;
        continue;
      }
      if (lossFor.has(output)) {
        reporter.report('givenTwice', { statement: `a loss for '${output}'` }, at(site, statement), [{ message: 'first given here', range: lossFor.get(output)!.range, fileName: site.fileName }]);
        continue;
      }
      lossFor.set(output, statement);
      checkScorer(statement.value, 'objective', output, model, site);
    } else if (statement.kind === 'Metrics') {
      const output = outputOf(statement, 'metrics');
      if (output === undefined) continue;
      if (metricsFor.has(output)) {
        reporter.report('givenTwice', { statement: `metrics for '${output}'` }, at(site, statement), [{ message: 'first given here', range: metricsFor.get(output)!.range, fileName: site.fileName }]);
        continue;
      }
      metricsFor.set(output, statement);
      const items = statement.value.kind === 'List' ? statement.value.elements : [statement.value];
      for (const item of items) checkScorer(item, 'metric', output, model, site);
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
  if (trained && !misdirectedLoss) {
    for (const output of model.outputs) {
      if (!lossFor.has(output.name)) {
        const tensor = model.tensors[output.tensor];
        reporter.report('missingLoss', { output: output.name }, model.kind === 'model' ? tensor.location : model.nameLocation);
      }
    }
  }
}

/** An objective (loss) or metric: a known alias that can score the output's shape. */
function checkScorer(expression: ast.Expression, what: 'objective' | 'metric', output: string, model: CheckedModel, site: Site): void {
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
    return;
  }
  const tensor = model.tensors[model.outputs.find((o) => o.name === output)!.tensor];
  if (!tensor.shape) return;
  const needs = catalogue.specOf(name)?.checkShape?.(tensor.shape);
  if (needs) site.reporter.report('targetShape', { what: what === 'objective' ? 'loss' : 'metric', name, output, needs }, at(site, expression));
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
