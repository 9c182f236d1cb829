/**
 * Binding a `.kf` call's arguments to a constructor's spec, with the very
 * function the runtime binds with (`bindArguments`), and turning each
 * problem into a diagnostic on the argument it is about.
 */
import type * as ast from '../../grammar/ast.ts';
import { toCamelCase, toSnakeCase, closestName } from '../../runtime/engine/naming.ts';
import { bindArguments, checkArgValue, type ArgSpec, type ArgumentProblem, type ClassSpec } from '../../runtime/engine/spec.ts';
import type { CheckProblem } from '../diagnostics.ts';
import { containsUnknown, evaluate, type EvaluationContext, type Value } from './values.ts';

export interface BoundCall {
  /** Values by camelCase name, given or defaulted. */
  values: Record<string, Value>;
  /** As given: positional values, then options by camelCase name. */
  positional: Value[];
  options: Record<string, Value>;
  /** The argument nodes by camelCase name (positional ones by their spec name), for later errors. */
  nodes: Map<string, ast.Argument>;
}

/**
 * Evaluates and binds `call`'s arguments (none for a bare name). Reports
 * every problem; undefined when there was one, or when a value is unknown
 * after an earlier error.
 */
export function bindCall(
  spec: ClassSpec,
  call: ast.Call | undefined,
  context: EvaluationContext,
  options: { extraOptions?: readonly string[]; problem?: (kind: ArgumentProblem['kind']) => CheckProblem | undefined; ownerRange: ast.Range },
): BoundCall | undefined {
  const positional: Value[] = [];
  const named: Record<string, Value> = {};
  const nodes = new Map<string, ast.Argument>();
  const unresolvedByArgument = new Map<ast.Argument, ast.Name[]>();
  const valueOf = new Map<ast.Argument, Value>();
  const positionalSpecs = spec.args.filter((arg) => arg.positional);
  let unknown = false;

  for (const argument of call?.arguments ?? []) {
    const unresolved: ast.Name[] = [];
    const value = evaluate(argument.value, { ...context, unresolved });
    unresolvedByArgument.set(argument, unresolved);
    valueOf.set(argument, value);
    if (containsUnknown(value)) unknown = true;
    if (argument.name) {
      const name = toCamelCase(argument.name.name);
      named[name] = value;
      if (!nodes.has(name)) nodes.set(name, argument);
    } else {
      const arg = positionalSpecs[positional.length];
      nodes.set(arg ? arg.name : String(positional.length), argument);
      positional.push(value);
    }
  }

  const { bound, problems } = bindArguments(spec, positional, named, options.extraOptions ?? []);
  let reported = false;
  for (const problem of problems) {
    const argument = typeof problem.argument === 'number' ? nodes.get(String(problem.argument)) : findArgument(call, problem, nodes);
    const valueNode = argument?.value;
    // An unknown value was reported where it went wrong; its argument is not checked again.
    if (problem.kind === 'value' && argument && containsUnknown(valueOf.get(argument) ?? null)) continue;
    const unresolved = argument ? unresolvedByArgument.get(argument) ?? [] : [];
    const range =
      problem.kind === 'unknown' || problem.kind === 'duplicate' ? (argument?.name ?? argument)?.range ?? options.ownerRange
      : problem.kind === 'missing' ? options.ownerRange
      : (valueNode ?? argument)?.range ?? options.ownerRange;
    const location = { fileName: context.fileName, range };
    reported = true;
    if (problem.kind === 'value' && unresolved.length > 0 && !isAliasArgument(spec, problem)) {
      // `Dense(unitz)`: a name that names nothing, rather than a string of the wrong type.
      const name = unresolved[0];
      const suggestion = closestName(name.name, context.scope.names());
      context.reporter.report('unknownName', { name: name.name, suggestion }, { fileName: context.fileName, range: name.range });
      continue;
    }
    const code = options.problem?.(problem.kind) ?? problemCode(spec, problem, argument ? valueOf.get(argument) : undefined);
    const detail = problem.kind === 'unknown' ? unknownArgumentMessage(spec, problem, options.extraOptions ?? []) : problem.message;
    context.reporter.report(code, { detail }, location);
  }
  if (reported || unknown) return undefined;
  return { values: bound.values as Record<string, Value>, positional, options: named, nodes };
}

/** The runtime's message, with argument names as `.kf` writes them. */
function unknownArgumentMessage(spec: ClassSpec, problem: ArgumentProblem, extraOptions: readonly string[]): string {
  const name = toSnakeCase(String(problem.argument));
  const choices = [...spec.args.map((a) => a.name), ...extraOptions].map(toSnakeCase);
  const suggestion = closestName(name, choices);
  return `${spec.className} has no argument '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (it takes ${choices.join(', ') || 'no arguments'})`;
}

function findArgument(call: ast.Call | undefined, problem: ArgumentProblem, nodes: Map<string, ast.Argument>): ast.Argument | undefined {
  const name = String(problem.argument);
  if (problem.kind === 'duplicate') {
    // The second mention: the keyword one.
    return call?.arguments.find((a) => a.name && toCamelCase(a.name.name) === name) ?? nodes.get(name);
  }
  return nodes.get(name) ?? call?.arguments.find((a) => a.name && toCamelCase(a.name.name) === name);
}

function argSpecOf(spec: ClassSpec, problem: ArgumentProblem): ArgSpec | undefined {
  return spec.args.find((arg) => arg.name === problem.argument);
}

function isAliasArgument(spec: ClassSpec, problem: ArgumentProblem): boolean {
  const arg = argSpecOf(spec, problem);
  return arg?.type === 'activation' || arg?.type === 'initialization' || arg?.type === 'enum';
}

function problemCode(spec: ClassSpec, problem: ArgumentProblem, value: Value | undefined): CheckProblem {
  switch (problem.kind) {
    case 'tooMany': return 'tooManyArguments';
    case 'unknown': return 'unknownArgument';
    case 'duplicate': return 'duplicateArgument';
    case 'missing': return 'missingArgument';
    case 'value': {
      const arg = argSpecOf(spec, problem);
      if (!arg) return 'wrongArgumentType';
      if ((arg.type === 'activation' || arg.type === 'initialization' || arg.type === 'enum') && typeof value === 'string') return 'unknownAlias';
      const unbounded: ArgSpec = { ...arg, min: undefined, max: undefined, above: undefined, below: undefined, check: undefined };
      return checkArgValue(unbounded, value) === undefined ? 'argumentOutOfRange' : 'wrongArgumentType';
    }
  }
}
