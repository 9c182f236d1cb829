/** Shared by the checker's tests: running `check` on fixture files and showing diagnostics as one line each. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check, type CheckOptions, type CheckResult, type Diagnostic } from '../../compiler/index.ts';

export const checkerDirectory = import.meta.dirname;

export function kfFiles(directory: string): string[] {
  return readdirSync(join(checkerDirectory, directory))
    .filter((name) => name.endsWith('.kf'))
    .sort();
}

export function checkFile(path: string, options: CheckOptions = {}): CheckResult {
  return check({ fileName: path, text: readFileSync(path, 'utf8') }, options);
}

/** `line:col severity CODE message` (1-based), prefixed by the file when it is not `mainFile`; related locations indented below. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[], mainFile: string): string[] {
  const where = (fileName: string | undefined, position: { line: number; character: number }) =>
    `${fileName && fileName !== mainFile ? `${relative(checkerDirectory, fileName)}:` : ''}${position.line + 1}:${position.character + 1}`;
  return diagnostics.flatMap((d) => [
    `${where(d.fileName, d.range.start)} ${d.severity} ${d.code} ${d.message}`,
    ...(d.related ?? []).map((r) => `  related ${where(r.fileName ?? d.fileName, r.range.start)} ${r.message}`),
  ]);
}

/** A snippet checked as a file of its own. */
export function checkText(text: string, fileName = join(checkerDirectory, 'snippet.kf')): CheckResult {
  return check({ fileName, text });
}

/**
 * A summary table's rows as `Type shape count` and its totals. Layer names are left out (the runtime's automatic names
 * count across models: `dense_12`), and a symbolic size is `?` (the runtime knows it as null).
 */
export function summaryRows(summary: string): string[] {
  return summary
    .split('\n')
    .filter((line) => /\(\w+\)\s{2,}\[|params:/.test(line))
    .map((line) => {
      if (line.includes('params:')) return line;
      const [layer, shape, count] = line.split(/\s{2,}/);
      const sizes = shape
        .slice(1, -1)
        .split(', ')
        .map((size) => (/^(batch|\d+)$/.test(size) ? size : '?'));
      return `${/\((\w+)\)$/.exec(layer)![1]} [${sizes.join(', ')}] ${count}`;
    });
}
