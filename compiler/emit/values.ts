/**
 * Values: `.kf` constants and arguments as TypeScript expressions. Numbers,
 * strings, booleans and `none` become literals; lists and tuples arrays;
 * dicts object literals; an alias (`relu`) its string; a constant, block
 * parameter or imported constant its identifier; constant arithmetic stays
 * arithmetic (`//` as `Math.floor(a / b)`, `%` with Python's sign rule); a
 * symbolic size (`T`, `T * 2`) is `null`, any size, to the runtime.
 * Constructor calls inside values go to constructions.ts.
 */
import type * as ast from '../../grammar/ast.ts';
import { emitConstruction } from './constructions.ts';
import { numberLiteral, propertyName, stringLiteral } from './literals.ts';
import type { FunctionScope, Meaning } from './references.ts';
import { constantArithmetic } from '../check/values.ts';

export function emitValue(expression: ast.Expression, scope: FunctionScope): string {
  if (expression.kind === 'Binary' || expression.kind === 'Unary') {
    // Arithmetic on number literals alone is computed here: `2 * 3 + 1` is `7` (and a 10,000-term sum one number).
    const folded = foldNumbers(expression);
    if (folded !== undefined) return numberLiteral(folded);
  }
  if (isSymbolic(expression, scope)) return 'null';
  switch (expression.kind) {
    case 'Number':
      return numberLiteral(expression.value);
    case 'String':
      return stringLiteral(expression.value);
    case 'Boolean':
      return String(expression.value);
    case 'None':
      return 'null';
    case 'List':
    case 'Tuple':
      return `[${expression.elements.map((element) => emitValue(element, scope)).join(', ')}]`;
    case 'Dict':
      return emitDict(expression, scope);
    case 'Name':
    case 'QualifiedName':
      return emitMeaning(scope.lookup(expression), expression, scope);
    case 'Call':
      return emitConstruction(expression, scope);
    case 'Unary':
      return `-${wrap(expression.operand, scope)}`;
    case 'Binary':
      return emitBinary(expression, scope);
    case 'Chain':
    case 'Missing':
      // Not a value (the checker reports it); emitted as nothing rather than crashing.
      return 'undefined';
  }
}

/** Properties in source order; keys made safe (quoted, or computed for `__proto__`). */
function emitDict(dict: ast.Dict, scope: FunctionScope): string {
  if (dict.entries.length === 0) return '{}';
  const entries = dict.entries.map((entry) => {
    const key = entry.key.kind === 'Identifier' ? entry.key.name : entry.key.value;
    return `${propertyName(key)}: ${emitValue(entry.value, scope)}`;
  });
  return `{ ${entries.join(', ')} }`;
}

function emitMeaning(meaning: Meaning, node: ast.Name | ast.QualifiedName, scope: FunctionScope): string {
  switch (meaning.kind) {
    case 'alias':
    case 'class':
      return stringLiteral(meaning.name);
    case 'dimension':
      return 'null';
    case 'block':
    case 'sequential':
      // A block or sequential given as a value (a wrapper's layer): a new instance.
      return emitConstruction(node, scope);
    default:
      // A constant, parameter, tensor, layer, or an imported name whose file could not be read (a constant is the likeliest value).
      return meaning.code;
  }
}

function emitBinary(expression: ast.Binary, scope: FunctionScope): string {
  const left = wrap(expression.left, scope);
  const right = wrap(expression.right, scope);
  switch (expression.operator) {
    case '//':
      return `Math.floor(${left} / ${right})`;
    case '%':
      // Python's rule (the result takes the divisor's sign), as the checker computes it.
      return `((${left} % ${right}) + ${right}) % ${right}`;
    default:
      return `${left} ${expression.operator} ${right}`;
  }
}

/** An operand, in parentheses when it is itself an operation. */
function wrap(expression: ast.Expression, scope: FunctionScope): string {
  const code = emitValue(expression, scope);
  if (/^\d[\d.e+]*$/.test(code)) return code;
  const infix = (expression.kind === 'Binary' && expression.operator !== '//') || expression.kind === 'Unary';
  return infix ? `(${code})` : code;
}

/** Whether an expression is (or computes with) a symbolic size of the model. */
export function isSymbolic(expression: ast.Expression, scope: FunctionScope): boolean {
  switch (expression.kind) {
    case 'Name':
      return scope.lookup(expression).kind === 'dimension';
    case 'Unary':
      return isSymbolic(expression.operand, scope);
    case 'Binary':
      return isSymbolic(expression.left, scope) || isSymbolic(expression.right, scope);
    default:
      return false;
  }
}

/**
 * The type to declare a constant with, so that a list keeps its length (a
 * tuple): `let kernel = (3, 3)` is `[number, number]`, which a
 * `poolSize: number | [number, number]` accepts and `number[]` would not.
 * Undefined: let TypeScript infer it (scalars, constructed objects).
 */
export function constantType(expression: ast.Expression, scope: FunctionScope): string | undefined {
  if (expression.kind !== 'List' && expression.kind !== 'Tuple' && expression.kind !== 'Dict') return undefined;
  return literalType(expression, scope);
}

function literalType(expression: ast.Expression, scope: FunctionScope): string | undefined {
  switch (expression.kind) {
    case 'Number':
    case 'Unary':
    case 'Binary':
      return 'number';
    case 'String':
      return stringLiteral(expression.value);
    case 'Boolean':
      return 'boolean';
    case 'None':
      return 'null';
    case 'Name': {
      const meaning = scope.lookup(expression);
      if (meaning.kind === 'alias' || meaning.kind === 'class') return stringLiteral(meaning.name);
      if (meaning.kind === 'constant') return `typeof ${meaning.code}`;
      return undefined;
    }
    case 'List':
    case 'Tuple': {
      const types = expression.elements.map((element) => literalType(element, scope));
      return types.every((type) => type !== undefined) ? `[${types.join(', ')}]` : undefined;
    }
    case 'Dict': {
      const types = expression.entries.map((entry) => literalType(entry.value, scope));
      if (types.some((type) => type === undefined)) return undefined;
      return `{ ${expression.entries.map((entry, i) => `${propertyName(entry.key.kind === 'Identifier' ? entry.key.name : entry.key.value)}: ${types[i]}`).join('; ')} }`;
    }
    default:
      return undefined;
  }
}

/**
 * The value of arithmetic whose leaves are all number literals, computed as
 * the checker computes it (`//` floors, `%` takes the divisor's sign);
 * undefined when a leaf is anything else. Iterative: a long `a + b + ...` is
 * a deep tree.
 */
export function foldNumbers(root: ast.Expression): number | undefined {
  const values: number[] = [];
  const stack: { node: ast.Expression; visited: boolean }[] = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (node.kind === 'Number') {
      values.push(node.value);
    } else if (node.kind === 'Unary') {
      if (top.visited) values.push(-values.pop()!);
      else stack.push({ node, visited: true }, { node: node.operand, visited: false });
    } else if (node.kind === 'Binary') {
      if (!top.visited) {
        stack.push({ node, visited: true }, { node: node.right, visited: false }, { node: node.left, visited: false });
        continue;
      }
      const right = values.pop()!;
      const left = values.pop()!;
      values.push(constantArithmetic(node.operator, left, right));
    } else {
      return undefined;
    }
  }
  return values[0];
}
