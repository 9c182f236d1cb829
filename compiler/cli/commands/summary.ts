/**
 * `keraflow summary FILE.kf [--model NAME]`: per model, its layers with
 * output shapes and parameter counts and the totals, like Keras's
 * `model.summary()`. Problems are printed first (to stderr), and the tables
 * still show what could be inferred; exit status 1 when there is an error, or no
 * model in the file (as `keraflow graph`).
 */
import { Command } from 'commander';

export const command = new Command('summary')
  .description("print each model's layers, output shapes and parameter counts")
  .argument('<file>', 'a .kf file')
  .option('--model <name>', 'only this model')
  .action(async (file: string, options: { model?: string }) => {
    const { checkFiles, printAllDiagnostics } = await import('../check-files.ts');
    const { summarize } = await import('../../check/summary.ts');
    const { CommandError, failOnErrors } = await import('../command-error.ts');
    const result = checkFiles([file]);
    printAllDiagnostics(result.check.diagnostics, result.texts, process.stderr);
    const models = result.check.models.filter((m) => m.location.fileName === result.fileNames[0]);
    const chosen = options.model === undefined ? models : models.filter((m) => m.name === options.model);
    if (options.model !== undefined && chosen.length === 0) {
      throw new CommandError(`${file} has no model '${options.model}' (its models: ${models.map((m) => m.name).join(', ') || 'none'})`);
    }
    if (models.length === 0) {
      // The same situation as `keraflow graph` on a file without a model: one message, exit status 1.
      process.stderr.write(`keraflow summary: ${file} declares no model (a 'model', or a 'sequential' whose first item is Input(...))\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(chosen.map(summarize).join('\n\n') + (chosen.length ? '\n' : ''));
    failOnErrors(result.check.diagnostics);
  });
