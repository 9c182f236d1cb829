/** Shared by the emitter's tests: the fixture folders, emitting them, and type-checking what was emitted. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { compile, type CompileOptions } from '../../../compiler/index.ts';
import { keraflowSourcePaths } from '../../from-source.ts';

export const fixtures = join(import.meta.dirname, 'fixtures');
export const fixtureNames = readdirSync(fixtures).sort();

/** The `.kf` files of a fixture folder: `input.kf` and any file it imports. */
export function kfFiles(name: string): string[] {
  return readdirSync(join(fixtures, name))
    .filter((file) => file.endsWith('.kf'))
    .sort();
}

/** The module `compile()` emits for a `.kf` file, failing loudly on syntax or checker errors: the CLI only ever writes clean files. */
export function emitFile(fileName: string, options: { runtimeImport?: string } = {}): string {
  const result = compile(fileName, options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${fileName} has errors:\n${errors.map((e) => `${e.range.start.line + 1}: ${e.code} ${e.message}`).join('\n')}`);
  return result.modules.find((module) => module.fileName === resolve(fileName))!.text;
}

/** The module emitted for a `.kf` text, errors or not (as `compile(..., { emitWithErrors: true })` gives it: best effort, never a throw). */
export function emitText(fileName: string, text: string, options: CompileOptions = {}): string {
  const result = compile({ fileName, text }, { emitWithErrors: true, ...options });
  return result.modules.find((module) => module.fileName === resolve(fileName))!.text;
}

/**
 * Writes the TypeScript of every fixture folder under `.generated/<group>/`
 * (inside the repository, so `keraflow` resolves to this package), and gives
 * the written files.
 */
export function writeGenerated(group: string, names: readonly string[] = fixtureNames): string[] {
  const root = join(import.meta.dirname, '.generated', group);
  rmSync(root, { recursive: true, force: true });
  const written: string[] = [];
  for (const name of names) {
    for (const file of kfFiles(name)) {
      const output = join(root, name, file.replace(/\.kf$/, '.ts'));
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, emitFile(join(fixtures, name, file)));
      written.push(output);
    }
  }
  return written;
}

/** `tsc --noEmit --strict` (the repository's settings) on these files; the diagnostics in them, as text. */
export function typeCheck(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    esModuleInterop: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: ['node'],
    paths: keraflowSourcePaths,
  });
  const ours = new Set(files);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || ours.has(d.file.fileName))
    .map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
}
