/**
 * Python source text: literals from plain values, safe identifiers, and
 * calls laid out as PEP 8 wants them (one line when it fits in 79
 * characters, else one argument per line, indented four spaces, the
 * closing bracket on its own line). Every statement carries its `.kf` line
 * as a trailing comment.
 */

/** Python's keywords and the names the generated module itself uses: a `.kf` name equal to one gets `_` appended. */
const RESERVED = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'keras',
  'layers',
  'model',
  'dict',
  'list',
  'print',
]);

/** The longest line PEP 8 allows. */
const LINE_LENGTH = 79;

/** Gives each `.kf` name a Python identifier, unique in one function: `name`, else `name_2`, ... */
export class Identifiers {
  private readonly taken = new Set<string>();

  take(name: string): string {
    const base = RESERVED.has(name) ? `${name}_` : name;
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** A Python string literal (JSON's escapes are Python's too). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

export function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
  return String(value);
}

/** A number Keras checks to be a float (`isinstance(x, float)`): `0.0`, not `0`. */
export function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : pythonNumber(value);
}

/** A plain value (number, string, boolean, null, list, dict) as a Python literal. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${pythonString(key)}: ${pythonLiteral(item)}`)
      .join(', ')}}`;
  }
  throw new Error(`no Python literal for ${typeof value}`);
}

/** A shape as a Python tuple: `(784,)`, `(None, 16)`. */
export function pythonTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** Python code: text, or a call that is laid out over several lines when it does not fit on one. */
export type PythonCode = string | PythonCall;

export interface PythonCall {
  callee: string;
  args: readonly PythonArgument[];
}

/** An argument of a call: positional (`name` undefined) or keyword. */
export interface PythonArgument {
  name?: string;
  code: PythonCode;
}

/** Code on one line. */
export function inline(code: PythonCode): string {
  return typeof code === 'string' ? code : `${code.callee}(${code.args.map(argumentText).join(', ')})`;
}

function argumentText(argument: PythonArgument): string {
  return argument.name === undefined ? inline(argument.code) : `${argument.name}=${inline(argument.code)}`;
}

/**
 * `target = callee(args)  # comment` at `indent`, on one line when it fits,
 * else with one argument per line (each laid out the same way, four spaces
 * deeper); `suffix` follows the call (`(x)` to apply it).
 */
export function statement(indent: string, target: string | undefined, callee: string, args: readonly PythonArgument[], comment: string, suffix = ''): string[] {
  const lines = layout(`${indent}${target === undefined ? '' : `${target} = `}`, { callee, args }, suffix, indent, `  # ${comment}`.length);
  lines[0] += `  # ${comment}`;
  return lines;
}

/** `reserve`: room the first line keeps for a comment. */
function layout(prefix: string, code: PythonCode, suffix: string, indent: string, reserve = 0): string[] {
  const oneLine = `${prefix}${inline(code)}${suffix}`;
  if (typeof code === 'string' || code.args.length === 0 || oneLine.length + reserve <= LINE_LENGTH) return [oneLine];
  const inner = `${indent}    `;
  return [
    `${prefix}${code.callee}(`,
    ...code.args.flatMap((argument) => layout(`${inner}${argument.name === undefined ? '' : `${argument.name}=`}`, argument.code, ',', inner)),
    `${indent})${suffix}`,
  ];
}

/** `target = code  # comment`. */
export function assignment(indent: string, target: string, code: string, comment: string): string {
  return `${indent}${target} = ${code}  # ${comment}`;
}

/** `snake_case` of a model's name, as Keras's own `to_snake_case`: `MnistMlp` -> `mnist_mlp`. */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
