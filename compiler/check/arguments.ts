/**
 * Binding a `.kf` call's arguments to a constructor's spec, with the very
 * function the runtime binds with (`bindArguments`), and turning each
 * problem into a diagnostic on the argument it is about.
 */
import type * as ast from '../../grammar/ast.ts';
import { toCamelCase, toSnakeCase, closestName } from '../../runtime/engine/naming.ts';
import { layerArgumentKinds } from '../../runtime/engine/layer.ts';
import { bindArguments, checkArgValue, isAliasArgType, snakeName, type ArgSpec, type ArgumentProblem, type ClassSpec } from '../../runtime/engine/spec.ts';
import type { ArgumentBinding } from '../diagnostics.ts';
import type { Location } from './types.ts';
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
  options: {
    extraOptions?: readonly string[];
    /** Every problem is an optimizer's (KF506). */
    optimizer?: boolean;
    ownerRange: ast.Range;
    /** False: the caller records the binding (CheckedFile.constructions) itself (Input, whose shape is bound apart). */
    record?: boolean;
  },
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

  const { bound, problems } = bindArguments(spec, positional, named, options.extraOptions ?? [], layerArgumentKinds);
  let reported = false;
  for (const problem of problems) {
    const argument = typeof problem.argument === 'number' ? nodes.get(String(problem.argument)) : findArgument(call, problem, nodes);
    const valueNode = argument?.value;
    // An unknown value was reported where it went wrong; its argument is not checked again.
    if (problem.kind === 'value' && argument && containsUnknown(valueOf.get(argument) ?? null)) continue;
    const unresolved = argument ? (unresolvedByArgument.get(argument) ?? []) : [];
    const range =
      problem.kind === 'unknown' || problem.kind === 'duplicate'
        ? ((argument?.name ?? argument)?.range ?? options.ownerRange)
        : problem.kind === 'missing'
          ? options.ownerRange
          : ((valueNode ?? argument)?.range ?? options.ownerRange);
    const location = { fileName: context.fileName, range };
    reported = true;
    if (problem.kind === 'value' && unresolved.length > 0 && !isAliasArgument(spec, problem)) {
      // `Dense(unitz)`: a name that names nothing, rather than a string of the wrong type.
      const name = unresolved[0];
      const suggestion = closestName(name.name, context.scope.names());
      context.reporter.report('unknownName', { name: name.name, suggestion }, { fileName: context.fileName, range: name.range });
      continue;
    }
    const data = bindingData(spec, problem, options.extraOptions ?? []);
    if (options.optimizer) context.reporter.report('optimizerArgument', data, location);
    else reportBinding(context, data, problemCode(spec, problem, argument ? valueOf.get(argument) : undefined), location);
  }
  // Where each argument goes does not depend on the values: a block body's calls (parameters unknown) are recorded too.
  if (call && !reported && options.record !== false) context.reporter.bound(context.fileName, call, { spec, arguments: nodes });
  if (reported || unknown) return undefined;
  return { values: bound.values as Record<string, Value>, positional, options: named, nodes };
}

/** A binding problem as data, its names as `.kf` writes them (converted here, where they are known to be argument names). */
function bindingData(spec: ClassSpec, problem: ArgumentProblem, extraOptions: readonly string[]): ArgumentBinding {
  const constructor = spec.className;
  const argument = toSnakeCase(String(problem.argument));
  switch (problem.kind) {
    case 'tooMany':
      return { problem: 'tooMany', constructor, positional: spec.args.filter((arg) => arg.positional).map(snakeName), given: Number(problem.given) };
    case 'unknown': {
      const choices = [...spec.args.map((a) => a.name), ...extraOptions].map(toSnakeCase);
      const suggestion = closestName(argument, choices);
      return { problem: 'unknown', constructor, argument, choices, ...(suggestion ? { suggestion } : {}) };
    }
    case 'duplicate':
      return { problem: 'duplicate', constructor, argument };
    case 'missing':
      return { problem: 'missing', constructor, argument, doc: spec.args.find((arg) => arg.name === problem.argument)?.doc ?? '' };
    case 'value':
      return { problem: 'value', constructor, argument, expected: problem.expected ?? '', given: problem.given ?? '', ...(problem.suggestion ? { suggestion: problem.suggestion } : {}) };
  }
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
  return arg !== undefined && (isAliasArgType(arg.type) || arg.type === 'enum');
}

/** A value problem's code: an unknown alias, a value out of bounds, or a value of the wrong type. */
function problemCode(spec: ClassSpec, problem: ArgumentProblem, value: Value | undefined): 'unknownAlias' | 'argumentOutOfRange' | 'wrongArgumentType' {
  if (problem.kind !== 'value') return 'wrongArgumentType';
  const arg = argSpecOf(spec, problem);
  if (!arg) return 'wrongArgumentType';
  if ((isAliasArgType(arg.type) || arg.type === 'enum') && typeof value === 'string') return 'unknownAlias';
  const unbounded: ArgSpec = { ...arg, min: undefined, max: undefined, above: undefined, below: undefined, check: undefined };
  return checkArgValue(unbounded, value, layerArgumentKinds) === undefined ? 'argumentOutOfRange' : 'wrongArgumentType';
}

function reportBinding(context: EvaluationContext, data: ArgumentBinding, valueCode: 'unknownAlias' | 'argumentOutOfRange' | 'wrongArgumentType', location: Location): void {
  const reporter = context.reporter;
  switch (data.problem) {
    case 'tooMany':
      reporter.report('tooManyArguments', data, location);
      break;
    case 'unknown':
      reporter.report('unknownArgument', data, location);
      break;
    case 'duplicate':
      reporter.report('duplicateArgument', data, location);
      break;
    case 'missing':
      reporter.report('missingArgument', data, location);
      break;
    case 'value':
      reporter.report(valueCode, data, location);
      break;
  }
}
