/**
 * `keraflow fmt FILE.kf... [--check | --write]`: canonical formatting.
 * Prints the formatted text by default; `--write` rewrites the files (each
 * atomically: a temporary file renamed over it); `--check` lists the files
 * that would change and exits 1 if any would. A file with syntax errors is
 * left alone, its errors printed, and the exit code is 1.
 */
import { Command, Option } from 'commander';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CommandError } from '../command-error.ts';

interface FmtOptions {
  check?: boolean;
  write?: boolean;
}

export const command = new Command('fmt')
  .description('format .kf files canonically (stdout by default; "-" reads standard input)')
  .argument('<files...>', '.kf files to format')
  .addOption(new Option('--check', 'list the files that are not formatted; exit 1 if any').conflicts('write'))
  .addOption(new Option('--write', 'rewrite the files in place').conflicts('check'))
  .action(async (files: string[], options: FmtOptions) => {
    const { format } = await import('../../format/format.ts');
    const { printDiagnostics } = await import('../print-diagnostics.ts');
    let failed = false;
    for (const file of files) {
      const text = readSource(file);
      if (text === undefined) {
        failed = true;
        continue;
      }
      const result = format(text);
      if (result.diagnostics.length > 0) {
        printDiagnostics(result.diagnostics, file, text);
        failed = true;
      } else if (options.check) {
        if (result.text !== text) {
          process.stdout.write(`${file}\n`);
          failed = true;
        }
      } else if (options.write && file !== '-') {
        if (result.text !== text) writeAtomically(file, result.text);
      } else {
        process.stdout.write(result.text);
      }
    }
    if (failed) throw new CommandError();
  });

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: error: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return undefined;
  }
}

/** A crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
