/**
 * TypeScript names for `.kf` names. A `.kf` identifier is always a valid
 * JavaScript identifier, but it may be a reserved word (`class`, `new`,
 * `await`), a name strict mode cannot bind (`eval`, `arguments`), or a
 * global the output relies on (`undefined`, `Math`). Such a name gets a `_`
 * appended (`class` -> `class_`): predictable, so that another file's
 * generated code can import it by the same rule.
 */

const RESERVED = new Set([
  // ECMAScript reserved words, and those of strict mode and modules.
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
  // Names strict mode cannot bind, and globals the generated code uses.
  'eval',
  'arguments',
  'undefined',
  'NaN',
  'Infinity',
  'Math',
  'Object',
  'Array',
  'globalThis',
  // TypeScript type keywords: legal as values, but confusing in type positions.
  'any',
  'unknown',
  'never',
  'number',
  'string',
  'boolean',
  'symbol',
  'object',
  'bigint',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The TypeScript identifier for a `.kf` name, the same wherever it is used. */
export function safeIdentifier(name: string): string {
  const cleaned = IDENTIFIER.test(name) ? name : name.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(?=[0-9])/, '_') || '_';
  return RESERVED.has(cleaned) ? `${cleaned}_` : cleaned;
}

/** `MnistMlp` -> `mnistMlp`, for `<model>Train`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Hands out distinct identifiers in one scope: the wanted one if free, else
 * the wanted one with `_` appended until it is. Deterministic: the same
 * requests in the same order give the same names.
 */
export class NameAllocator {
  private readonly taken: Set<string>;

  constructor(
    taken: Iterable<string> = [],
    private readonly parent?: NameAllocator,
  ) {
    this.taken = new Set(taken);
  }

  isTaken(name: string): boolean {
    return this.taken.has(name) || (this.parent?.isTaken(name) ?? false);
  }

  allocate(wanted: string): string {
    let name = safeIdentifier(wanted);
    while (this.isTaken(name)) name += '_';
    this.taken.add(name);
    return name;
  }

  /** Marks a name as used here without allocating (names fixed elsewhere). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  child(taken: Iterable<string> = []): NameAllocator {
    return new NameAllocator(taken, this);
  }
}
