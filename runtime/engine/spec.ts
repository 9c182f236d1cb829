import type { Activation } from '../activations.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import type { ConstraintLike } from '../constraints.ts';
import type { Initialization } from '../initializations.ts';
import type { RegularizerLike } from '../regularizers.ts';
import { isSymbolic, type Dim } from './dimension.ts';
import type { Layer } from './layer.ts';
import { closestName, toSnakeCase } from './naming.ts';

/**
 * Argument specs: the one description of a constructor's arguments (layers,
 * regularizers, constraints, optimizers). The runtime binds and validates
 * constructor calls with it; the .kf checker binds .kf calls with the very
 * same functions; completion, hover, serialization and docs read it.
 */

export type ArgType =
  | 'int'
  | 'float'
  | 'bool'
  | 'string'
  /** One of `values`. */
  | 'enum'
  /** A list of integers (a permutation, axes). */
  | 'intList'
  /** A list of sizes: integers, symbolic sizes (in the .kf checker) or null (any size). */
  | 'shape'
  /** An integer, or a list of integers of length `length` (strides, pool sizes). */
  | 'intOrIntList'
  /**
   * An integer, a list of `length` integers (one per axis, both sides), or a
   * list of `length` [before, after] pairs (per side): Keras's padding and
   * cropping convention.
   */
  | 'intOrIntPairs'
  /** An activation alias or function. */
  | 'activation'
  /** An initialization alias or function. */
  | 'initialization'
  /** A regularizer: an alias (`l2`), an object with a `penalty` method (`new L2(0.01)`) or a function (Keras's kernel_regularizer). */
  | 'regularizer'
  /** A constraint: an alias (`nonneg`), an object with an `apply` method (`new MaxNorm(3)`) or a function (Keras's kernel_constraint). */
  | 'constraint'
  /** A layer instance (wrappers). */
  | 'layer'
  /** A function (Lambda). */
  | 'function'
  /** Anything (an untyped `.kf` block parameter). */
  | 'any';

export interface ArgSpec {
  /** camelCase, as in the TypeScript API; the snake_case form comes from naming.ts. */
  readonly name: string;
  readonly type: ArgType;
  /** One line for hover and completion. */
  readonly doc: string;
  /** A leading positional argument, in this order. */
  readonly positional?: boolean;
  /** No default: must be given. */
  readonly required?: boolean;
  readonly default?: unknown;
  /** `null`/`none` allowed. */
  readonly nullable?: boolean;
  /** For `enum`: the accepted strings. */
  readonly values?: readonly string[];
  /** Inclusive bounds for numbers (and each element of integer lists). */
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds. */
  readonly above?: number;
  readonly below?: number;
  /** For `intOrIntList`: the list's length. */
  readonly length?: number;
  /** What the argument accepts, in words, where its type's own wording says too little ('any value'). */
  readonly accepts?: string;
  /** A further rule on the value; returns what was expected when the value breaks it. */
  readonly check?: (value: unknown) => string | undefined;
}

export interface ClassSpec {
  readonly className: string;
  readonly doc: string;
  /** Positional arguments first, in order, then the options. */
  readonly args: readonly ArgSpec[];
}

/**
 * The TypeScript type of an argument's value, derived from its spec: a
 * class declares its arguments once (`as const satisfies LayerSpec`) and
 * its typed `args` and options type follow. `tsTypeOf` in
 * runtime/layers/options-source.ts writes the same types as text, for the
 * documented options interfaces; each one is checked equal to this.
 */
export type ArgValue<A extends ArgSpec> = BaseArgValue<A> | (A extends { readonly nullable: true } ? null : never);

type Tuple<N extends number, T, R extends T[] = []> = number extends N ? T[] : R['length'] extends N ? R : Tuple<N, T, [...R, T]>;
type LengthOf<A> = A extends { readonly length: infer N extends number } ? N : number;

interface SimpleArgValues {
  int: number;
  float: number;
  bool: boolean;
  string: string;
  intList: readonly number[];
  shape: readonly Dim[];
  activation: string | Activation;
  initialization: string | Initialization;
  regularizer: RegularizerLike;
  constraint: ConstraintLike;
  layer: Layer<any>;
  function: (...args: any[]) => any;
  any: unknown;
}

type BaseArgValue<A extends ArgSpec> = A['type'] extends 'enum'
  ? A extends { readonly values: readonly (infer V)[] }
    ? V
    : string
  : A['type'] extends 'intOrIntList'
    ? number | Tuple<LengthOf<A>, number>
    : A['type'] extends 'intOrIntPairs'
      ? number | Tuple<LengthOf<A>, number> | Tuple<LengthOf<A>, [number, number]>
      : SimpleArgValues[Exclude<A['type'], 'enum' | 'intOrIntList' | 'intOrIntPairs'>];

type ArgsList = { readonly args: readonly ArgSpec[] };

/** Every argument of a spec, given or defaulted, typed: what a class reads from `this.args`. */
export type ArgsOf<S extends ArgsList> = {
  readonly [A in S['args'][number] as A['name']]: A extends { readonly required: true } | { readonly default: unknown } ? ArgValue<A> : ArgValue<A> | undefined;
};

/** A spec's options: its arguments that are not positional, each optional. */
export type OptionsOf<S extends ArgsList> = {
  [A in S['args'][number] as A extends { readonly positional: true } ? never : A['name']]?: ArgValue<A>;
};

/** True when two types accept the same values (the generated options interfaces assert it against OptionsOf). */
export type SameType<X, Y> = [X] extends [Y] ? ([Y] extends [X] ? true : false) : false;

export function snakeName(arg: ArgSpec): string {
  return toSnakeCase(arg.name);
}

/**
 * How values of the `activation`, `initialization` and `layer` types are
 * checked: the catalogues are above this module, so whoever binds such
 * arguments passes these (runtime/engine/layer.ts's `layerArgumentKinds`);
 * without them any name and any object are accepted.
 */
export interface AliasCheckers {
  activation?: (name: string) => boolean;
  initialization?: (name: string) => boolean;
  regularizer?: (name: string) => boolean;
  constraint?: (name: string) => boolean;
  layer?: (value: unknown) => boolean;
  /** Every alias of an alias-typed argument (activation, initialization, regularizer, constraint), for "did you mean" hints. */
  aliases?: (type: AliasArgType) => Iterable<string>;
}

/** The argument types whose values may be alias names of a catalogue. */
export type AliasArgType = 'activation' | 'initialization' | 'regularizer' | 'constraint';

export function isAliasArgType(type: ArgType): type is AliasArgType {
  return type === 'activation' || type === 'initialization' || type === 'regularizer' || type === 'constraint';
}

/** What an argument accepts, in words: "an integer ≥ 1". */
export function describeArgType(arg: ArgSpec): string {
  const bounds = [
    arg.min !== undefined ? `≥ ${arg.min}` : '',
    arg.max !== undefined ? `≤ ${arg.max}` : '',
    arg.above !== undefined ? `> ${arg.above}` : '',
    arg.below !== undefined ? `< ${arg.below}` : '',
  ].filter(Boolean);
  const bounded = bounds.length ? ` ${bounds.join(' and ')}` : '';
  const base: Record<ArgType, string> = {
    int: `an integer${bounded}`,
    float: `a number${bounded}`,
    bool: 'true or false',
    string: 'a string',
    enum: `one of ${(arg.values ?? []).map((v) => `'${v}'`).join(', ')}`,
    intList: `a list of integers${bounded}`,
    shape: `a list of sizes (integers${bounded})`,
    intOrIntList: `an integer${bounded} or a list of ${arg.length ?? 'some'} integers`,
    intOrIntPairs: `an integer${bounded}, a list of ${arg.length ?? 'some'} integers, or a list of ${arg.length ?? 'some'} [before, after] pairs`,
    activation: 'an activation name or function',
    initialization: 'an initialization name or function',
    regularizer: 'a regularizer (l1, l2, L2(0.01), L1L2(l1=..., l2=...))',
    constraint: 'a constraint (nonneg, MaxNorm(2), UnitNorm(), MinMaxNorm(...))',
    layer: 'a layer',
    function: 'a function',
    any: 'any value',
  };
  return (arg.accepts ?? base[arg.type]) + (arg.nullable ? ' or none' : '');
}

function inBounds(arg: ArgSpec, value: number): boolean {
  return (arg.min === undefined || value >= arg.min) && (arg.max === undefined || value <= arg.max) && (arg.above === undefined || value > arg.above) && (arg.below === undefined || value < arg.below);
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Undefined when `value` fits `arg`; otherwise what was expected. */
export function checkArgValue(arg: ArgSpec, value: unknown, aliasCheckers: AliasCheckers = {}): string | undefined {
  if (value === null && arg.nullable) return undefined;
  let fits: boolean;
  switch (arg.type) {
    case 'int':
      fits = isInteger(value) && inBounds(arg, value);
      break;
    case 'float':
      fits = typeof value === 'number' && Number.isFinite(value) && inBounds(arg, value);
      break;
    case 'bool':
      fits = typeof value === 'boolean';
      break;
    case 'string':
      fits = typeof value === 'string';
      break;
    case 'enum':
      fits = typeof value === 'string' && (arg.values ?? []).includes(value);
      break;
    case 'intList':
      fits = Array.isArray(value) && value.every((v) => isInteger(v) && inBounds(arg, v));
      break;
    case 'shape':
      fits = Array.isArray(value) && value.every((v) => v === null || isSymbolic(v) || (isInteger(v) && inBounds(arg, v)));
      break;
    case 'intOrIntList':
      fits = (isInteger(value) && inBounds(arg, value)) || (Array.isArray(value) && (arg.length === undefined || value.length === arg.length) && value.every((v) => isInteger(v) && inBounds(arg, v)));
      break;
    case 'intOrIntPairs': {
      const isPair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((n) => isInteger(n) && inBounds(arg, n));
      fits =
        (isInteger(value) && inBounds(arg, value)) ||
        (Array.isArray(value) && (arg.length === undefined || value.length === arg.length) && (value.every((v) => isInteger(v) && inBounds(arg, v)) || value.every(isPair)));
      break;
    }
    case 'activation':
    case 'initialization':
      fits = typeof value === 'function' || (typeof value === 'string' && (aliasCheckers[arg.type]?.(value) ?? true));
      break;
    case 'regularizer':
    case 'constraint': {
      const method = arg.type === 'regularizer' ? 'penalty' : 'apply';
      fits =
        typeof value === 'function' ||
        (typeof value === 'string' && (aliasCheckers[arg.type]?.(value) ?? true)) ||
        (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function');
      break;
    }
    case 'layer':
      fits = aliasCheckers.layer?.(value) ?? (typeof value === 'object' && value !== null);
      break;
    case 'function':
      fits = typeof value === 'function';
      break;
    case 'any':
      fits = true;
      break;
  }
  // Described only on failure: binding runs for every layer the checker and the runtime build.
  if (!fits) return describeArgType(arg);
  return arg.check?.(value);
}

export interface BoundArguments {
  /** Every argument of the spec, given or defaulted, by camelCase name. */
  readonly values: Record<string, unknown>;
  /** The arguments the caller gave (the rest are defaults), for saving only what matters. */
  readonly given: ReadonlySet<string>;
}

export interface ArgumentProblem {
  /** Too many positional values, an unknown or duplicate name, a missing argument, or a value that does not fit. */
  readonly kind: 'tooMany' | 'unknown' | 'duplicate' | 'missing' | 'value';
  /** camelCase argument name, or the positional index when there is no such argument. */
  readonly argument: string | number;
  readonly message: string;
  readonly expected?: string;
  readonly given?: string;
  /** The name probably meant: an argument (camelCase) for `unknown`, an alias for `value`. */
  readonly suggestion?: string;
}

/**
 * Binds positional values and named options to a spec: every problem
 * (too many positionals, unknown, duplicate, missing, or ill-typed
 * arguments) is reported, none is thrown. `extraOptions` are names that are
 * accepted but not part of the spec (the options every layer takes).
 */
export function bindArguments(
  spec: ClassSpec,
  positional: readonly unknown[],
  options: Readonly<Record<string, unknown>>,
  extraOptions: readonly string[] = [],
  aliasCheckers: AliasCheckers = {},
): { bound: BoundArguments; problems: ArgumentProblem[] } {
  const problems: ArgumentProblem[] = [];
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const positionalArgs = spec.args.filter((arg) => arg.positional);

  positional.forEach((value, index) => {
    // An undefined positional is not given, as an undefined option is not (`new Dropout()` misses dropRate).
    if (value === undefined) return;
    const arg = positionalArgs[index];
    if (!arg) {
      problems.push({
        kind: 'tooMany',
        argument: index,
        message:
          `${spec.className} takes ${positionalArgs.length} positional argument${positionalArgs.length === 1 ? '' : 's'}` +
          `${positionalArgs.length ? ` (${positionalArgs.map((a) => a.name).join(', ')})` : ''}, but ${positional.length} were given`,
        expected: `at most ${positionalArgs.length} positional arguments`,
        given: String(positional.length),
      });
      return;
    }
    values[arg.name] = value;
    given.add(arg.name);
  });

  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || extraOptions.includes(name)) continue;
    const arg = spec.args.find((a) => a.name === name);
    if (!arg) {
      const suggestion = closestName(name, [...spec.args.map((a) => a.name), ...extraOptions]);
      problems.push({
        kind: 'unknown',
        argument: name,
        message: `${spec.className} has no argument '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        expected: `one of ${[...spec.args.map((a) => a.name), ...extraOptions].join(', ')}`,
        given: name,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    if (given.has(name)) {
      problems.push({ kind: 'duplicate', argument: name, message: `${spec.className}: argument '${name}' is given twice (by position and by name)` });
      continue;
    }
    values[name] = value;
    given.add(name);
  }

  for (const arg of spec.args) {
    if (!given.has(arg.name)) {
      if (arg.required) {
        problems.push({ kind: 'missing', argument: arg.name, message: `${spec.className} needs argument '${arg.name}' (${arg.doc})`, expected: describeArgType(arg) });
      } else {
        values[arg.name] = arg.default;
      }
      continue;
    }
    const expected = checkArgValue(arg, values[arg.name], aliasCheckers);
    if (expected !== undefined) {
      const value = values[arg.name];
      const suggestion = isAliasArgType(arg.type) && typeof value === 'string' && aliasCheckers.aliases ? closestName(value, aliasCheckers.aliases(arg.type)) : undefined;
      problems.push({
        kind: 'value',
        argument: arg.name,
        message: `${spec.className}: argument '${arg.name}' must be ${expected}, but got ${describeValue(value)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        expected,
        given: describeValue(values[arg.name]),
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  return { bound: { values, given }, problems };
}

/** `bindArguments`, throwing the first problem as a KeraflowError (the runtime's way). */
export function bindArgumentsOrThrow(
  spec: ClassSpec,
  positional: readonly unknown[],
  options: Readonly<Record<string, unknown>>,
  extraOptions: readonly string[] = [],
  ownerName = spec.className,
  aliasCheckers: AliasCheckers = {},
): BoundArguments {
  // Bound as the owner (`dense_1`), so that its problems name it.
  const { bound, problems } = bindArguments({ ...spec, className: ownerName }, positional, options, extraOptions, aliasCheckers);
  if (problems.length > 0) {
    const problem = problems[0];
    throw new KeraflowError(problem.message, {
      layer: ownerName,
      argument: typeof problem.argument === 'string' ? problem.argument : undefined,
      key: typeof problem.argument === 'number' ? problem.argument : undefined,
      expected: problem.expected,
      given: problem.given,
    });
  }
  return bound;
}

/**
 * How a constructor is called from arguments by name: the spec's positional
 * arguments in order, up to the last one given (a gap is `undefined`: the
 * default), then every other argument as an option, in the order given.
 * The one rule that createLayer, loading, the .kf checker and the emitter
 * (which splits code strings) share.
 */
export function splitArguments<V>(spec: ClassSpec, values: Readonly<Record<string, V>>): { positional: (V | undefined)[]; options: Record<string, V> } {
  const positionalNames = spec.args.filter((arg) => arg.positional).map((arg) => arg.name);
  const positional: (V | undefined)[] = [];
  const options: Record<string, V> = {};
  for (const [name, value] of Object.entries(values)) {
    const slot = positionalNames.indexOf(name);
    if (slot >= 0) positional[slot] = value;
    else options[name] = value;
  }
  // Array.from fills the holes of a sparse array with undefined.
  return { positional: Array.from(positional), options };
}

/** Compiles only when T is true: `type X = Assert<SameType<A, B>>`. */
export type Assert<T extends true> = T;
