/** Reading the files a command names, checking them, and printing what the checker found, for every command that checks. */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
// The checker alone, not the compiler's index: that also loads the TypeScript emitter (ts-morph), which most commands never use.
import { check, type CheckOptions, type CheckResult, type SourceInput } from '../check/index.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { CommandError } from './command-error.ts';
import { unreadableReason } from './unreadable.ts';
import { escapeControls, firstDiagnostics, formatDiagnostic, sourceLines } from './print-diagnostics.ts';

export interface CheckedFiles<Result extends CheckResult = CheckResult> {
  check: Result;
  /** Absolute paths of the files named, in order. */
  fileNames: string[];
  /** The text of every file read, by absolute path (imports included). */
  texts: Map<string, string>;
}

/** Checks the named files (or compiles them: `run` is `check` or `compile`); a CommandError when one cannot be read. */
export function checkFiles(files: readonly string[]): CheckedFiles;
export function checkFiles<Result extends CheckResult>(files: readonly string[], run: (inputs: SourceInput[], options: CheckOptions) => Result): CheckedFiles<Result>;
export function checkFiles(files: readonly string[], run: (inputs: SourceInput[], options: CheckOptions) => CheckResult = check): CheckedFiles {
  const texts = new Map<string, string>();
  const inputs: SourceInput[] = [];
  for (const file of files) {
    const fileName = resolve(file);
    try {
      const text = readFileSync(fileName, 'utf8');
      texts.set(fileName, text);
      inputs.push({ fileName, text });
    } catch (error) {
      throw new CommandError(`cannot read ${file}: ${unreadableReason(error)}`);
    }
  }
  const readFile = (path: string) => {
    try {
      const text = readFileSync(path, 'utf8');
      texts.set(path, text);
      return text;
    } catch {
      return undefined;
    }
  };
  return { check: run(inputs, { readFile }), fileNames: inputs.map((i) => i.fileName), texts };
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function relativeName(fileName: string): string {
  const shown = relative(process.cwd(), fileName);
  return shown.startsWith('..') ? fileName : shown;
}

/** Every file's diagnostics, at most `mostDiagnosticsPerFile` each (then a count of the rest). */
export function printAllDiagnostics(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>, stream: NodeJS.WritableStream): void {
  const byFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const fileName = diagnostic.fileName ?? '';
    if (!byFile.has(fileName)) byFile.set(fileName, []);
    byFile.get(fileName)!.push(diagnostic);
  }
  for (const [fileName, ofFile] of byFile) {
    const lines = sourceLines(texts.get(fileName) ?? '');
    const { shown, rest } = firstDiagnostics(ofFile);
    for (const diagnostic of shown) {
      const related = diagnostic.related?.map((r) => ({ ...r, fileName: r.fileName ? relativeName(r.fileName) : undefined }));
      stream.write(formatDiagnostic({ ...diagnostic, related }, relativeName(fileName), lines) + '\n');
    }
    if (rest) stream.write(`${escapeControls(relativeName(fileName))}: ${rest}\n`);
  }
}
