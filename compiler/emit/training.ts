/**
 * A model's training statements: `loss`, `metrics`, `loss_weights` and
 * `optimizer` become the `compile({optimizer, loss, metrics, lossWeights})` call (a value, a list in output
 * order or a dict keyed by output channel name, as compile takes them), and `train { ... }` becomes the exported
 * `<model>Train` defaults with camelCase keys (naming.ts).
 */
import type * as ast from '../../grammar/ast.ts';
import { toCamelCase } from '../../runtime/engine/naming.ts';
import { propertyName, stringLiteral } from './literals.ts';
import type { FunctionScope } from './references.ts';
import { emitValue } from './values.ts';

/** When a model has a loss but no optimizer: the runtime's plainest one. */
const DEFAULT_OPTIMIZER = 'sgd';

export interface CompileCall {
  /** `{ optimizer: ..., loss: ..., metrics: ... }`. */
  config: string;
  /** The line of the first training statement, for `at(...)` and the comment. */
  line: number;
}

/**
 * The compile configuration, or undefined when the model has no loss (it is
 * then returned uncompiled). `outputNames` are the model's output channels, in order.
 */
export function emitCompileConfig(statements: readonly ast.Statement[], outputNames: readonly string[], scope: FunctionScope): CompileCall | undefined {
  const losses = statements.filter((s): s is ast.Loss => s.kind === 'Loss');
  if (losses.length === 0) return undefined;
  const metrics = statements.filter((s): s is ast.Metrics => s.kind === 'Metrics');
  const optimizer = statements.find((s): s is ast.Optimizer => s.kind === 'Optimizer');
  const entries: string[] = [`optimizer: ${optimizer ? emitValue(optimizer.value, scope) : stringLiteral(DEFAULT_OPTIMIZER)}`, `loss: ${perOutput(losses, outputNames, scope)}`];
  if (metrics.length > 0) entries.push(`metrics: ${perOutput(metrics, outputNames, scope)}`);
  const lossWeights = statements.find((s): s is ast.LossWeights => s.kind === 'LossWeights');
  if (lossWeights) entries.push(`lossWeights: ${emitValue(lossWeights.value, scope)}`);
  const first = statements.find((s) => s.kind === 'Loss' || s.kind === 'Metrics' || s.kind === 'LossWeights' || s.kind === 'Optimizer')!;
  return { config: `{ ${entries.join(', ')} }`, line: first.range.start.line + 1 };
}

/**
 * One statement without an output name: its value as written (a value, a
 * list in output order or a dict by output name, as compile reads them).
 * Several (`loss a = x`, `loss b = y`, or `loss = {a: x}` with `loss b = y`):
 * one dict by channel name.
 */
function perOutput(statements: readonly (ast.Loss | ast.Metrics)[], outputNames: readonly string[], scope: FunctionScope): string {
  if (statements.length === 1 && !statements[0].output) return emitValue(statements[0].value, scope);
  const entries: [string, ast.Expression][] = statements.flatMap((statement): [string, ast.Expression][] => {
    const value = statement.value;
    if (statement.output) return [[statement.output.name, value]];
    if (value.kind === 'Dict') return value.entries.map((entry) => [entry.key.kind === 'Identifier' ? entry.key.name : entry.key.value, entry.value]);
    if (value.kind === 'List' && (statement.kind === 'Loss' || outputNames.length > 1)) return value.elements.map((element, index) => [outputNames[index], element]);
    return [[outputNames[0], value]];
  });
  return `{ ${entries.map(([name, value]) => `${propertyName(name)}: ${emitValue(value, scope)}`).join(', ')} }`;
}

/** The `train { ... }` settings as an object literal with camelCase keys. */
export function emitTrainDefaults(statements: readonly ast.Statement[], scope: FunctionScope): string {
  const settings = statements.filter((s): s is ast.Train => s.kind === 'Train').flatMap((train) => train.settings);
  if (settings.length === 0) return '{}';
  const entries = settings.map((setting) => `${propertyName(toCamelCase(setting.name.name))}: ${settingValue(setting, scope)}`);
  return `{ ${entries.join(', ')} }`;
}

/** `data = mnist`: a bare name that is not a constant names a data set, as its string. */
function settingValue(setting: ast.TrainSetting, scope: FunctionScope): string {
  const value = setting.value;
  if (value.kind === 'Name' && scope.lookup(value).kind !== 'constant') return stringLiteral(value.name);
  return emitValue(value, scope);
}
