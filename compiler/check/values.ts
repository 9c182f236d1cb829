/**
 * Constant values: numbers, strings, booleans, none, lists, tuples, dicts,
 * alias names, symbolic sizes, and objects made by constructor calls
 * (regularizers, constraints, optimizers, layers given to wrappers). A value
 * that cannot be known after an error is UNKNOWN, and nothing that depends on
 * it is reported again.
 */
import type * as ast from '../../grammar/ast.ts';
import { addDims, floorDivideDims, moduloDims, multiplyDims, subtractDims, SymbolicDim } from '../../runtime/engine/dimension.ts';
import { closestName } from '../../runtime/engine/naming.ts';
import { knownAliases } from './aliases.ts';
import type { InvalidConstant } from '../diagnostics.ts';
import type { Reporter } from './report.ts';
import { describeEntity, resolutionOf, type Scope } from './scope.ts';

export const UNKNOWN: unique symbol = Symbol('unknown');

export type Value = number | string | boolean | null | SymbolicDim | Value[] | { [key: string]: Value } | object | typeof UNKNOWN;

export interface EvaluationContext {
  reporter: Reporter;
  fileName: string;
  scope: Scope;
  /** Makes the object a constructor call in a value stands for (`L2(0.1)`, `Dense(8)` given to a wrapper). */
  construct(call: ast.Call | ast.Name | ast.QualifiedName): Value;
  /** Bare names that named nothing: they stand for their own text, an alias (`relu`), until an argument check says otherwise. */
  unresolved?: ast.Name[];
}

/** Whether a value (or anything inside it) is unknown. */
export function isSymbolicValue(value: unknown): value is SymbolicDim {
  return value instanceof SymbolicDim;
}

export function containsUnknown(value: Value): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

export function isPlainRecord(value: unknown): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function evaluate(expression: ast.Expression, context: EvaluationContext): Value {
  switch (expression.kind) {
    case 'Number':
    case 'String':
    case 'Boolean':
      return expression.value;
    case 'None':
      return null;
    case 'List':
    case 'Tuple':
      return expression.elements.map((element) => evaluate(element, context));
    case 'Dict': {
      const record: Record<string, Value> = {};
      for (const entry of expression.entries) {
        const key = entry.key.kind === 'Identifier' ? entry.key.name : entry.key.value;
        record[key] = evaluate(entry.value, context);
      }
      return record;
    }
    case 'Name':
      return evaluateName(expression, context);
    case 'QualifiedName':
    case 'Call':
      return context.construct(expression);
    case 'Unary': {
      const operand = evaluate(expression.operand, context);
      if (operand === UNKNOWN) return UNKNOWN;
      if (typeof operand === 'number') return -operand;
      if (isSymbolicValue(operand)) return subtractDims(0, operand);
      return invalid(context, expression, { case: 'negate', operand: describe(operand) });
    }
    case 'Binary':
      return evaluateBinary(expression, context);
    case 'Chain':
      return invalid(context, expression, { case: 'chain' });
    case 'Missing':
      return UNKNOWN;
  }
}

function evaluateName(name: ast.Name, context: EvaluationContext): Value {
  const entity = context.scope.lookup(name.name);
  const location = { fileName: context.fileName, range: name.range };
  if (entity) {
    context.reporter.use(entity.symbol, location);
    context.reporter.resolve(context.fileName, name, resolutionOf(name.name, entity));
  }
  if (!entity) {
    if (context.unresolved) {
      // A name that names nothing is its own text: an alias where the argument takes one (checked there).
      context.reporter.resolve(context.fileName, name, { kind: 'alias', name: name.name });
      context.unresolved.push(name);
      return name.name;
    }
    if (knownAliases().has(name.name)) {
      context.reporter.resolve(context.fileName, name, { kind: 'alias', name: name.name });
      return name.name;
    }
    const suggestion = closestName(name.name, [...context.scope.names(), ...knownAliases()]);
    context.reporter.report('unknownName', { name: name.name, suggestion }, location);
    return UNKNOWN;
  }
  switch (entity.kind) {
    case 'constant':
    case 'parameter':
      return entity.value;
    case 'dimension':
      return entity.dimension;
    case 'block':
    case 'sequential':
      return context.construct(name);
    case 'tensor':
      if (entity.failed) return UNKNOWN;
    // falls through
    default:
      context.reporter.report('wrongKind', { name: name.name, is: describeEntity(entity), expected: 'a value' }, location);
      return UNKNOWN;
  }
}

/**
 * `a + b + c ...` parses as a left-leaning tree as deep as it is long: it is
 * walked along its left spine, not recursively, so that a constant of
 * thousands of terms cannot exhaust the stack.
 */
function evaluateBinary(expression: ast.Binary, context: EvaluationContext): Value {
  const spine: ast.Binary[] = [];
  let leftmost: ast.Expression = expression;
  for (; leftmost.kind === 'Binary'; leftmost = leftmost.left) spine.push(leftmost);
  let value = evaluate(leftmost, context);
  for (const node of spine.reverse()) value = combine(node, value, evaluate(node.right, context), context);
  return value;
}

function combine(expression: ast.Binary, left: Value, right: Value, context: EvaluationContext): Value {
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  const operator = expression.operator;
  if (operator === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  const isSize = (value: Value) => typeof value === 'number' || isSymbolicValue(value);
  if (!isSize(left) || !isSize(right)) {
    return invalid(context, expression, { case: 'operands', operator, left: describe(left), right: describe(right) });
  }
  if (typeof left === 'number' && typeof right === 'number') {
    if ((operator === '/' || operator === '//' || operator === '%') && right === 0) {
      return invalid(context, expression, { case: 'divisionByZero', operator });
    }
    return constantArithmetic(operator, left, right);
  }
  const a = left as number | SymbolicDim;
  const b = right as number | SymbolicDim;
  switch (operator) {
    case '+':
      return addDims(a, b);
    case '-':
      return subtractDims(a, b);
    case '*':
      return multiplyDims(a, b);
    case '//':
      if (typeof b === 'number' && b > 0) return floorDivideDims(a, b);
      break;
    case '%':
      if (typeof b === 'number' && b > 0) return moduloDims(a, b);
      break;
  }
  return invalid(context, expression, { case: 'symbolicDivisor', operator, divisor: describe(b) });
}

/** Arithmetic on constant numbers as `.kf` means it (the checker's values and the emitter's literals): `//` and `%` as Python's. */
export function constantArithmetic(operator: ast.BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '//':
      return Math.floor(left / right);
    // Python's sign rule, as `//` is Python's: the result takes the divisor's sign.
    case '%':
      return ((left % right) + right) % right;
  }
}

function invalid(context: EvaluationContext, expression: ast.Expression, problem: InvalidConstant): typeof UNKNOWN {
  context.reporter.report('invalidConstant', problem, { fileName: context.fileName, range: expression.range });
  return UNKNOWN;
}

export function describe(value: Value): string {
  if (value === UNKNOWN) return 'an unknown value';
  if (value === null) return 'none';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isSymbolicValue(value)) return `the symbolic size ${value.toString()}`;
  if (Array.isArray(value)) return 'a list';
  if (isPlainRecord(value)) return 'a dict';
  return `a ${(value as object).constructor?.name ?? 'value'}`;
}
