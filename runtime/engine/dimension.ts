/**
 * Dimensions: a size is a number, a symbolic expression over named sizes
 * (`T`, `H - 2`, `(H - 2) // 2`), or `null` when unknown (the batch
 * dimension, or a size the checker could not infer).
 *
 * Layer shape rules are written once against these helpers, so the same rule
 * runs on concrete shapes at run time (where every size is a number and the
 * helpers are plain arithmetic) and on symbolic shapes in the .kf checker.
 *
 * A symbolic size is kept as a polynomial with integer coefficients over
 * atoms; an atom is a name or an opaque `a // k` or `a % k`. This normal form
 * makes `16 * T` and `T * 16`, or `(H - 1) - 1` and `H - 2`, equal.
 */

export type Dim = number | SymbolicDim | null;
export type Shape = readonly Dim[];

/** Monomial key (sorted atom keys joined by SEPARATOR, '' for the constant) -> coefficient. */
type Polynomial = ReadonlyMap<string, number>;

/** Joins atom keys in a monomial key; never in an atom key (an opaque atom's key holds ` * ` from its text). */
const SEPARATOR = '\u00d7';
const atomKeysOf = (key: string): string[] => (key ? key.split(SEPARATOR) : []);

interface Atom {
  key: string;
  text: string;
  evaluate(bindings: Readonly<Record<string, number>>): number | undefined;
  symbols(): string[];
}

const atoms = new Map<string, Atom>();

export class SymbolicDim {
  /** @internal */
  constructor(readonly polynomial: Polynomial) {}

  toString(): string {
    return formatPolynomial(this.polynomial);
  }
}

/** A named symbolic size, such as `T` in `input seq: [T, 16]`. */
export function symbol(name: string): SymbolicDim {
  const key = name;
  if (!atoms.has(key)) {
    atoms.set(key, {
      key,
      text: name,
      evaluate: (bindings) => bindings[name],
      symbols: () => [name],
    });
  }
  return new SymbolicDim(new Map([[key, 1]]));
}

export function isConcrete(dim: Dim): dim is number {
  return typeof dim === 'number';
}

export function isSymbolic(dim: Dim): dim is SymbolicDim {
  return dim instanceof SymbolicDim;
}

function toPolynomial(dim: number | SymbolicDim): Polynomial {
  return typeof dim === 'number' ? new Map(dim === 0 ? [] : [['', dim]]) : dim.polynomial;
}

function fromPolynomial(polynomial: Map<string, number>): number | SymbolicDim {
  for (const [key, coefficient] of polynomial) if (coefficient === 0) polynomial.delete(key);
  if (polynomial.size === 0) return 0;
  if (polynomial.size === 1 && polynomial.has('')) return polynomial.get('')!;
  return new SymbolicDim(polynomial);
}

function combine(a: Dim, b: Dim, sign: 1 | -1): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a + sign * b;
  const sum = new Map(toPolynomial(a));
  for (const [key, coefficient] of toPolynomial(b)) sum.set(key, (sum.get(key) ?? 0) + sign * coefficient);
  return fromPolynomial(sum);
}

export function addDims(a: Dim, b: Dim): Dim {
  return combine(a, b, 1);
}

export function subtractDims(a: Dim, b: Dim): Dim {
  return combine(a, b, -1);
}

function multiplyKeys(a: string, b: string): string {
  return [...atomKeysOf(a), ...atomKeysOf(b)].sort().join(SEPARATOR);
}

export function multiplyDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  const product = new Map<string, number>();
  for (const [keyA, coefficientA] of toPolynomial(a)) {
    for (const [keyB, coefficientB] of toPolynomial(b)) {
      const key = multiplyKeys(keyA, keyB);
      product.set(key, (product.get(key) ?? 0) + coefficientA * coefficientB);
    }
  }
  return fromPolynomial(product);
}

/** The product of sizes; `1` for none. */
export function productOfDims(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((product, dim) => multiplyDims(product, dim), 1);
}

function opaque(kind: '//' | '%', a: SymbolicDim, divisor: number): SymbolicDim {
  const inner = formatPolynomial(a.polynomial);
  const key = `(${inner})${kind}${divisor}`;
  if (!atoms.has(key)) {
    const needsParentheses = a.polynomial.size > 1 || [...a.polynomial.values()].some((c) => c !== 1);
    atoms.set(key, {
      key,
      text: `${needsParentheses ? `(${inner})` : inner} ${kind} ${divisor}`,
      evaluate: (bindings) => {
        const value = evaluateDim(a, bindings);
        if (value === undefined) return undefined;
        return kind === '//' ? Math.floor(value / divisor) : ((value % divisor) + divisor) % divisor;
      },
      symbols: () => symbolsOf(a),
    });
  }
  return new SymbolicDim(new Map([[key, 1]]));
}

/** `a // b`, rounding down as Python does. Symbolic divisors are not supported (null). */
export function floorDivideDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return Math.floor(a / b);
  if (typeof b !== 'number') return dimEquals(a, b) ? 1 : (divideByMonomial(toPolynomial(a), b.polynomial) ?? null);
  if (b === 1) return a;
  const polynomial = toPolynomial(a);
  if ([...polynomial.values()].every((c) => c % b === 0)) {
    return fromPolynomial(new Map([...polynomial].map(([key, c]) => [key, c / b])));
  }
  return opaque('//', a as SymbolicDim, b);
}

/**
 * `a / b` when `b` is one term (`4 * T`) that divides every term of `a`
 * exactly (`16 * T * H + 8 * T` / `4 * T` = `4 * H + 2`); otherwise undefined.
 */
function divideByMonomial(a: Polynomial, b: Polynomial): number | SymbolicDim | undefined {
  if (b.size !== 1) return undefined;
  const [[divisorKey, divisorCoefficient]] = b;
  const quotient = new Map<string, number>();
  for (const [key, coefficient] of a) {
    if (coefficient % divisorCoefficient !== 0) return undefined;
    const remaining = atomKeysOf(key);
    for (const atomKey of atomKeysOf(divisorKey)) {
      const index = remaining.indexOf(atomKey);
      if (index < 0) return undefined;
      remaining.splice(index, 1);
    }
    quotient.set(remaining.join(SEPARATOR), coefficient / divisorCoefficient);
  }
  return fromPolynomial(quotient);
}

/** `ceil(a / b)`. */
export function ceilDivideDims(a: Dim, b: Dim): Dim {
  if (typeof b !== 'number') return floorDivideDims(a, b);
  return floorDivideDims(addDims(a, b - 1), b);
}

export function moduloDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return ((a % b) + b) % b;
  if (typeof b !== 'number') return divideByMonomial(toPolynomial(a), b.polynomial) !== undefined ? 0 : null;
  const polynomial = toPolynomial(a);
  if ([...polynomial.values()].every((c) => c % b === 0)) return 0;
  return opaque('%', a as SymbolicDim, b);
}

/** True when both sizes are known to be equal; unknown (`null`) equals nothing. */
export function dimEquals(a: Dim, b: Dim): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const difference = subtractDims(a, b);
  return difference === 0;
}

/**
 * True when the two sizes are certainly different (two different numbers, or
 * expressions whose difference is a non-zero constant). Symbolic sizes that
 * may or may not be equal (`T` vs `S`) are not *certainly* different.
 */
export function dimsDiffer(a: Dim, b: Dim): boolean {
  if (a === null || b === null) return false;
  const difference = subtractDims(a, b);
  return typeof difference === 'number' && difference !== 0;
}

/** The value of a size once its symbols are bound; undefined if one is unbound. */
export function evaluateDim(dim: Dim, bindings: Readonly<Record<string, number>>): number | undefined {
  if (dim === null) return undefined;
  if (typeof dim === 'number') return dim;
  let total = 0;
  for (const [key, coefficient] of dim.polynomial) {
    let term = coefficient;
    for (const atomKey of atomKeysOf(key)) {
      const value = atoms.get(atomKey)!.evaluate(bindings);
      if (value === undefined) return undefined;
      term *= value;
    }
    total += term;
  }
  return total;
}

/** The named symbols a size depends on, sorted. */
export function symbolsOf(dim: Dim): string[] {
  if (!(dim instanceof SymbolicDim)) return [];
  const names = new Set<string>();
  for (const key of dim.polynomial.keys()) {
    for (const atomKey of atomKeysOf(key))
      atoms
        .get(atomKey)!
        .symbols()
        .forEach((s) => names.add(s));
  }
  return [...names].sort();
}

/** A product of atoms; `a // k` and `a % k` get parentheses when multiplied (by an atom or a coefficient). */
function formatMonomial(key: string, multiplied = false): string {
  return atomKeysOf(key)
    .map((atomKey) => atoms.get(atomKey)!.text)
    .map((text, _, all) => ((all.length > 1 || multiplied) && / (\/\/|%) /.test(text) ? `(${text})` : text))
    .join(' * ');
}

function formatPolynomial(polynomial: Polynomial): string {
  // Highest-degree terms first, the constant last: `H * W - 2 * H + 1`.
  const terms = [...polynomial].sort(([a], [b]) => {
    if (a === '' || b === '') return a === '' ? 1 : -1;
    const degree = atomKeysOf(b).length - atomKeysOf(a).length;
    return degree !== 0 ? degree : a < b ? -1 : a > b ? 1 : 0;
  });
  let text = '';
  for (const [key, coefficient] of terms) {
    const magnitude = Math.abs(coefficient);
    const body = key === '' ? String(magnitude) : magnitude === 1 ? formatMonomial(key) : `${magnitude} * ${formatMonomial(key, true)}`;
    if (text === '') text = coefficient < 0 ? `-${body}` : body;
    else text += coefficient < 0 ? ` - ${body}` : ` + ${body}`;
  }
  return text;
}

/** `H - 2`, `16`, or `?` for unknown. */
export function formatDim(dim: Dim): string {
  if (dim === null) return '?';
  return typeof dim === 'number' ? String(dim) : dim.toString();
}

/** `[batch, T, 16]`: the leading null is the batch dimension. */
export function formatShape(shape: Shape, options: { batch?: boolean } = { batch: true }): string {
  return `[${shape.map((dim, index) => (index === 0 && dim === null && options.batch !== false ? 'batch' : formatDim(dim))).join(', ')}]`;
}

/** True when two shapes are certainly the same (same rank, each size provably equal or both unknown). */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => (dim === null && b[i] === null) || dimEquals(dim, b[i]));
}

/** True when two shapes certainly differ: other rank, or some size certainly different. */
export function shapesDiffer(a: Shape, b: Shape): boolean {
  return a.length !== b.length || a.some((dim, i) => dimsDiffer(dim, b[i]));
}

/** True unless the sizes may differ: unknown sizes fit anything; `T` and `S` may differ, so they do not fit. */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === null || b === null || dimEquals(a, b);
}

/** Same rank, and every size compatible (see `dimsCompatible`). */
export function shapesCompatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dimsCompatible(dim, b[i]));
}
