/**
 * No `.kf` text can inject code: names that are reserved words or runtime
 * names are renamed predictably, strings and dict keys keep their exact
 * values (quotes, backslashes, newlines, `*\/`, `${`, Unicode), and the
 * module still builds the same model. The fixture `hostile/input.kf` is also
 * type-checked under --strict with the others (typecheck.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../../compiler/index.ts';
import { commentText, propertyName, stringLiteral } from '../../../compiler/emit/literals.ts';
import { safeIdentifier } from '../../../compiler/emit/names.ts';
import type * as ast from '../../../grammar/ast.ts';
import type { Model } from '../../../runtime/index.ts';
import { emitText, fixtures, writeGenerated } from './helpers.ts';

const source = join(fixtures, 'hostile', 'input.kf');
let module: Record<string, unknown>;
let lets: Map<string, ast.Expression>;

beforeAll(async () => {
  writeGenerated('hostile', ['hostile']);
  module = (await import(pathToFileURL(join(import.meta.dirname, '.generated', 'hostile', 'hostile', 'input.ts')).href)) as Record<string, unknown>;
  const file = parse(readFileSync(source, 'utf8')).ast;
  lets = new Map(file.declarations.filter((d): d is ast.Let => d.kind === 'Let').map((d) => [d.name.name, d.value]));
});

describe('hostile names and strings', () => {
  it('renames reserved words by appending _, and keeps runtime names as the .kf file spells them', () => {
    expect(module.class_).toBe(3);
    expect(module.source).toBe(5);
    expect(module.Kensor).toBe(2);
    expect(typeof module.function_).toBe('function');
    expect(Object.keys(module).sort()).toEqual(['Kensor', 'buildDelete', 'class_', 'deleteTrain', 'function_', 'keys', 'new_', 'source']);
  });

  it('keeps every string exactly, and runs none of it', () => {
    const expected = (lets.get('new') as ast.StringLiteral).value;
    expect(expected).toContain('${globalThis.injected = 1}');
    expect(expected).toContain('*/');
    expect(expected).toContain('\u2028');
    expect(module.new_).toBe(expected);
    expect((globalThis as Record<string, unknown>).injected).toBeUndefined();
  });

  it('keeps dict keys as own properties, __proto__ included, without touching the prototype', () => {
    const keys = module.keys as Record<string, unknown>;
    const dict = lets.get('keys') as ast.Dict;
    const written = dict.entries.map((e) => (e.key.kind === 'Identifier' ? e.key.name : e.key.value));
    expect(Object.getOwnPropertyNames(keys)).toEqual(written);
    expect(Object.getPrototypeOf(keys)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(keys, '__proto__')?.value).toBe(2);
    expect(keys['new\nline']).toEqual([1]);
  });

  it('builds the same model: layer names, channel names and train defaults as written', () => {
    const model = (module.buildDelete as () => Model)();
    expect(model.name).toBe('delete');
    expect(model.inputNames).toEqual(['Model', 'at']);
    expect(model.outputNames).toEqual(['default', 'source']);
    expect(model.layers.map((layer) => layer.name)).toContain('layer "one" */ ${x} \\ é');
    expect(module.deleteTrain).toEqual({ data: 'x"*/${y}.json', epochs: 3 });
  });
});

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (text: string) => !loneSurrogate.test(text);

/** The initializer of `export const value = ...` in emitted text, evaluated as JavaScript would. */
function emittedValue(text: string): unknown {
  const file = ts.createSourceFile('out.ts', text, ts.ScriptTarget.ES2022);
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations[0];
    if (declaration.name.getText(file) === 'value' && declaration.initializer) {
      return new Function(`return (${declaration.initializer.getText(file)});`)();
    }
  }
  throw new Error(`no 'value' in:\n${text}`);
}

describe('import paths', () => {
  it('become sibling .js specifiers that Node, reading them as URLs, resolves to the same file names', () => {
    const kf =
      'import "./we\\"ird\\n\\\\ ${x} */.kf" as W\nimport "./plain\\u2028.kf"\nimport "./hash#1 %41?.kf" as H\nmodel M {\n  input x: [2]\n  output y = x -> W.Thing(3) -> Other() -> H.Half(2)\n}\n';
    const { ast, diagnostics } = parse(kf);
    expect(diagnostics).toEqual([]);
    const paths = ast.declarations.filter((d): d is ast.Import => d.kind === 'Import').map((d) => d.path.value);
    expect(paths).toEqual(['./we"ird\n\\ ${x} */.kf', './plain\u2028.kf', './hash#1 %41?.kf']);
    // The imported files, so that their names resolve and every import is used.
    const readFile = (path: string) =>
      path.includes('ird') ? 'block Thing(n)(x) {\n  return x -> Dense(n)\n}\n' : path.includes('hash') ? 'block Half(n)(x) {\n  return x -> Dense(n)\n}\n' : 'sequential Other {\n  Dense(2)\n}\n';
    const emitted = ts.createSourceFile('out.ts', emitText('/work/m.kf', kf, { readFile }), ts.ScriptTarget.ES2022);
    const specifiers = emitted.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    expect(specifiers[0]).toBe('keraflow');
    const importer = pathToFileURL('/project/m.js');
    expect(specifiers.slice(1).map((specifier) => fileURLToPath(new URL(specifier, importer)))).toEqual(paths.map((path) => posix.join('/project', path.replace(/\.kf$/, '.js'))));
    expect(emitted.text).not.toMatch(/[\u2028\u2029]/);
  });
});

describe('any string or key round-trips through .kf and the emitted TypeScript', () => {
  it('strings and dict keys (fast-check, 300 cases)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 12 }), (text, key) => {
        // JSON escapes are .kf escapes; lone surrogates cannot be written in .kf, so they are left out.
        fc.pre(isWellFormed(text) && isWellFormed(key));
        const kf = `let value = {${JSON.stringify(key)}: ${JSON.stringify(text)}}\n`;
        const { diagnostics } = parse(kf);
        fc.pre(diagnostics.length === 0);
        const emitted = emitText('fuzz.kf', kf);
        const value = emittedValue(emitted) as Record<string, unknown>;
        expect(Object.getOwnPropertyNames(value)).toEqual([key]);
        expect(Object.getOwnPropertyDescriptor(value, key)?.value).toBe(text);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('the literal helpers: strings evaluate to themselves, keys to own properties, comments stay one comment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(new Function(`return ${stringLiteral(text)};`)()).toBe(text);
        const object = new Function(`return { ${propertyName(text)}: 1 };`)() as object;
        expect(Object.getOwnPropertyNames(object)).toEqual([text]);
        const comment = commentText(text);
        expect(comment).not.toMatch(/[\r\n\u2028\u2029]|\*\//);
        expect(new Function(`/** ${comment} */ // ${comment}\nreturn 7;`)()).toBe(7);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('every identifier the renaming gives can be declared in a strict module', () => {
    for (const name of ['class', 'new', 'await', 'yield', 'let', 'static', 'eval', 'arguments', 'undefined', 'enum', 'this', 'super', 'import', 'export', 'default', 'Dense', 'x']) {
      const id = safeIdentifier(name);
      expect(() => new Function(`"use strict"; const ${id} = 1; return ${id};`)).not.toThrow();
      expect(id === name || id === `${name}_`).toBe(true);
    }
  });
});
