import * as yaml from 'js-yaml';
import { KeraflowError } from '../errors.ts';

/**
 * Architecture files as text: JSON or YAML, chosen by the extension. Parsing
 * gives plain data only — null-prototype objects, arrays, strings, numbers,
 * booleans and null — so nothing in a file is evaluated or reaches an object
 * prototype: YAML is read with the core schema (no custom tags, no dates, no
 * merge keys), and keys such as `__proto__` are refused.
 */

export type ArchitectureFormat = 'json' | 'yaml';

/** Options of `saveToFile` besides `overwrite`: `indent` for JSON, js-yaml's `dump` options for YAML. */
export interface DumpOptions {
  indent?: number;
  [option: string]: unknown;
}

const YAML_DUMP_OPTIONS = [
  'indent',
  'noArrayIndent',
  'skipInvalid',
  'flowLevel',
  'styles',
  'schema',
  'sortKeys',
  'lineWidth',
  'noRefs',
  'noCompatMode',
  'condenseFlow',
  'quotingType',
  'forceQuotes',
  'replacer',
];
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The format an architecture path asks for; any extension but .json, .yaml and .yml is an error. */
export function architectureFormat(file: string, argument = 'archPath'): ArchitectureFormat {
  if (typeof file !== 'string' || file === '') {
    throw new KeraflowError(`${argument} must be a file path ending in .json, .yaml or .yml, but got ${JSON.stringify(file) ?? String(file)}`, {
      argument,
      expected: 'a .json, .yaml or .yml path',
      given: String(file),
    });
  }
  const extension = extensionOf(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  throw new KeraflowError(`${file}: an architecture file must end in .json, .yaml or .yml (the extension chooses the format), but it ends in ${extension ? `'${extension}'` : 'no extension'}`, {
    argument,
    expected: '.json, .yaml or .yml',
    given: extension || 'no extension',
  });
}

/** A path's extension as Node's path.extname gives it ('.json'; '' for 'model' or '.hidden'), without Node: this runs in browsers too. */
export function extensionOf(file: string): string {
  const name = file
    .replace(/[/\\]+$/, '')
    .split(/[/\\]/)
    .pop()!;
  const dot = name.lastIndexOf('.');
  return dot > 0 && !/^\.+$/.test(name) ? name.slice(dot) : '';
}

/** The text of an architecture document. */
export function dumpArchitecture(document: unknown, format: ArchitectureFormat, options: DumpOptions = {}): string {
  if (format === 'json') {
    const unknown = Object.keys(options).filter((key) => key !== 'indent');
    if (unknown.length > 0) {
      throw new KeraflowError(`saveToFile: JSON takes only the option 'indent', but got ${unknown.map((k) => `'${k}'`).join(', ')}`, {
        argument: unknown[0],
        expected: 'indent',
        given: unknown.join(', '),
      });
    }
    return `${JSON.stringify(document, null, options.indent ?? 2)}\n`;
  }
  const unknown = Object.keys(options).filter((key) => !YAML_DUMP_OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new KeraflowError(`saveToFile: unknown YAML dump option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; js-yaml's dump takes ${YAML_DUMP_OPTIONS.join(', ')}`, {
      argument: unknown[0],
      expected: YAML_DUMP_OPTIONS.join(', '),
      given: unknown.join(', '),
    });
  }
  // No anchors for repeated arrays, and no folding of long lines: a file a person can diff.
  return yaml.dump(document, { noRefs: true, lineWidth: -1, ...(options as yaml.DumpOptions) });
}

/** Plain data from an architecture file's text; a syntax error is a KeraflowError naming the file and the line. */
export function parseArchitecture(text: string, format: ArchitectureFormat, file: string): unknown {
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    // js-yaml's message carries a snippet of the file; the reason and the place say it in one line.
    const reason = error instanceof yaml.YAMLException ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}: ${error.reason}` : `: ${(error as Error).message}`;
    throw new KeraflowError(`${file}: malformed ${format === 'json' ? 'JSON' : 'YAML'}${reason}`, {
      argument: 'archPath',
      given: file,
      expected: `a valid ${format === 'json' ? 'JSON' : 'YAML'} document`,
    });
  }
  return toPlainData(parsed, file, '', new WeakSet(), 0);
}

/**
 * How deep lists and mappings may nest in an architecture file: js-yaml's
 * own limit for YAML, and the same for JSON, so that a hostile file is a
 * clear error rather than a stack overflow. A model uses a few levels per
 * nested Sequential or wrapper: a hundred is far beyond real models.
 */
export const deepestNesting = 100;

/** A copy in null-prototype objects, refusing prototype keys and YAML aliases (shared nodes). */
function toPlainData(value: unknown, file: string, where: string, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  const fail = (problem: string): never => {
    throw new KeraflowError(`${file}: ${where || 'the document'} ${problem}`, { argument: 'archPath', key: where, given: file });
  };
  if (typeof value !== 'object') return fail(`holds a ${typeof value}, which an architecture file cannot hold`);
  if (depth >= deepestNesting) {
    throw new KeraflowError(
      `${file}: lists and mappings nest deeper than ${deepestNesting} levels (at ${where.length > 80 ? `${where.slice(0, 80)}...` : where}); an architecture file is at most ${deepestNesting} levels deep`,
      {
        argument: 'archPath',
        key: where,
        given: file,
        expected: `at most ${deepestNesting} levels of nesting`,
      },
    );
  }
  if (seen.has(value)) return fail('repeats a node through a YAML alias (*name); aliases are not allowed in architecture files');
  seen.add(value);
  if (Array.isArray(value)) return value.map((item, index) => toPlainData(item, file, `${where}[${index}]`, seen, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return fail(`holds a ${(value as object).constructor?.name ?? 'non-plain'} value, which an architecture file cannot hold`);
  }
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    const inner = where ? `${where}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) {
      throw new KeraflowError(`${file}: key '${key}' at ${inner} is not allowed`, { argument: 'archPath', key: inner, given: key });
    }
    copy[key] = toPlainData((value as Record<string, unknown>)[key], file, inner, seen, depth + 1);
  }
  return copy;
}
