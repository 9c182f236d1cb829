/**
 * `keraflow fmt FILE.kf... [--check | --write]`: canonical formatting.
 * Prints the formatted text by default; `--write` rewrites the files (each
 * atomically: a temporary file renamed over it); `--check` lists the files
 * that would change and exits 1 if any would. A file with syntax errors is
 * left alone, its errors printed, and the exit code is 1.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { CommandError } from '../command-error.ts';
// Not from check-files.ts: that loads the checker, which formatting does not need (and every command's file is loaded at start-up).
import { unreadableReason } from '../unreadable.ts';

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
    // The path every file Keraflow writes takes: a temporary file, flushed, renamed over the old one.
    const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');
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
        if (result.text !== text) {
          try {
            await writeFileAtomic(file, result.text, { overwrite: true, argument: 'file' });
          } catch (error) {
            process.stderr.write(`${file}: error: ${(error as Error).message}\n`);
            failed = true;
          }
        }
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
    process.stderr.write(`${file}: error: cannot read it: ${unreadableReason(error)}\n`);
    return undefined;
  }
}
