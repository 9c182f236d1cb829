/**
 * `keraflow check FILE.kf... [--format json]`: every diagnostic of the files
 * and of the files they import, sorted by file and position, as
 * `file:line:col: error KF301: message` with the source line and a caret;
 * `--format json` prints them as data. Exit status 1 when there is an error.
 * Each model's training data (`train { data }`, or `--data` for all) is
 * compared with its inputs and outputs too.
 */
import { Command, Option } from 'commander';

export const command = new Command('check')
  .description('check .kf files: names, arguments, tensor shapes, graph and training (exit 1 on errors)')
  .argument('<files...>', '.kf files to check')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
  .option('--data <name-or-path>', "compare this data (a built-in data set or a JSON file) with every model, instead of each model's train { data }")
  .action(async (files: string[], options: { format: 'text' | 'json'; data?: string }) => {
    const { checkFiles, printAllDiagnostics, relativeName } = await import('../check-files.ts');
    const { failOnErrors } = await import('../command-error.ts');
    // The checker alone: the compiler's index also loads the TypeScript emitter (ts-morph), which checking never uses.
    const { check } = await import('../../check/index.ts');
    // The data each model trains on is read for its shapes (not loaded whole) and compared with the model.
    const result = checkFiles(files, (inputs, checkOptions) => check(inputs, { ...checkOptions, data: { override: options.data } }));
    if (options.format === 'json') {
      const diagnostics = result.check.diagnostics.map((d) => ({ ...d, fileName: relativeName(d.fileName ?? '') }));
      process.stdout.write(JSON.stringify({ diagnostics }, null, 2) + '\n');
    } else {
      printAllDiagnostics(result.check.diagnostics, result.texts, process.stdout);
    }
    failOnErrors(result.check.diagnostics);
  });
