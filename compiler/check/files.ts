/**
 * Loading: the files to check and every file they import, parsed once,
 * with unreadable imports and import cycles reported at the `import` that
 * causes them. Files come back in dependency order (imports first), so
 * each file's scope can be built from the scopes of the files it imports.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as ast from '../../grammar/ast.ts';
import type { DataOptions } from './data.ts';
import { parseText } from '../../grammar/parse.ts';
import { checkDiagnostic, fromSyntaxProblem, type Diagnostic } from '../diagnostics.ts';

export interface SourceInput {
  fileName: string;
  text: string;
}

export interface CheckOptions {
  /** Reads an imported file (an absolute path); undefined when it cannot be read. Default: the disk. */
  readFile?: (absolutePath: string) => string | undefined;
  /** Also compare each model's training data with its inputs and outputs (`keraflow check`, the editor); off by default. */
  data?: DataOptions;
}

export interface SourceUnit {
  /** Absolute path. */
  fileName: string;
  text: string;
  ast: ast.File;
  /** Each import statement and the absolute path it names (undefined when the file could not be read). */
  imports: { node: ast.Import; fileName?: string }[];
  /** True for a file given to `check`, false for one only imported. */
  requested: boolean;
}

export interface Program {
  /** Dependency order: a file comes after the files it imports (cycles broken where found). */
  units: SourceUnit[];
  diagnostics: Diagnostic[];
}

export function readFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function loadProgram(inputs: readonly SourceInput[], options: CheckOptions = {}): Program {
  const readFile = options.readFile ?? readFromDisk;
  const diagnostics: Diagnostic[] = [];
  const units = new Map<string, SourceUnit>();

  const parseUnit = (fileName: string, text: string, requested: boolean): SourceUnit => {
    const { file, problems } = parseText(text, fileName);
    for (const problem of problems) diagnostics.push({ ...fromSyntaxProblem(problem), fileName });
    const unit: SourceUnit = { fileName, text, ast: file, imports: [], requested };
    units.set(fileName, unit);
    return unit;
  };

  const pending: SourceUnit[] = inputs.map((input) => parseUnit(resolve(input.fileName), input.text, true));
  while (pending.length > 0) {
    const unit = pending.pop()!;
    for (const declaration of unit.ast.declarations) {
      if (declaration.kind !== 'Import') continue;
      const target = resolve(dirname(unit.fileName), declaration.path.value);
      let imported = units.get(target);
      if (!imported) {
        const text = readFile(target);
        if (text === undefined) {
          diagnostics.push(
            checkDiagnostic('unreadableImport', { path: declaration.path.value, reason: 'no such file (an import path is relative to the importing file)' }, declaration.path.range, unit.fileName),
          );
          unit.imports.push({ node: declaration });
          continue;
        }
        imported = parseUnit(target, text, false);
        pending.push(imported);
      }
      unit.imports.push({ node: declaration, fileName: target });
    }
  }
  return { units: orderByDependencies([...units.values()], diagnostics), diagnostics };
}

/** Depth-first order; an import that closes a cycle is reported and left out. */
function orderByDependencies(units: SourceUnit[], diagnostics: Diagnostic[]): SourceUnit[] {
  const byName = new Map(units.map((unit) => [unit.fileName, unit]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: SourceUnit[] = [];
  const stack: string[] = [];

  const visit = (unit: SourceUnit): void => {
    state.set(unit.fileName, 'visiting');
    stack.push(unit.fileName);
    for (const entry of unit.imports) {
      if (!entry.fileName) continue;
      const target = byName.get(entry.fileName)!;
      const targetState = state.get(target.fileName);
      if (targetState === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(target.fileName)), target.fileName].map(shortName);
        diagnostics.push(checkDiagnostic('importCycle', { cycle }, entry.node.path.range, unit.fileName));
        entry.fileName = undefined;
        continue;
      }
      if (targetState === undefined) visit(target);
    }
    stack.pop();
    state.set(unit.fileName, 'done');
    ordered.push(unit);
  };
  for (const unit of units) if (!state.has(unit.fileName)) visit(unit);
  return ordered;
}

function shortName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
