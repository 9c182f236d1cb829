/**
 * What `keraflow train`, `export`, `predict` and `evaluate` do first with a
 * `.kf` file: check and compile it (its diagnostics printed; errors stop
 * here), the generated modules importing the runtime at `runtimeUrl` (the
 * command's own: one module instance, one backend, one Model class), and pick
 * the model (`--model`, else the file's first).
 */
import { checkFiles, printAllDiagnostics, relativeName } from './check-files.ts';
import { CommandError, failOnErrors } from './command-error.ts';
import { compile } from '../compile.ts';

export function compileKfModel(file: string, wanted: string | undefined, runtimeUrl: string) {
  const checked = checkFiles([file], (inputs, checkOptions) => compile(inputs, { ...checkOptions, runtimeImport: runtimeUrl }));
  const { diagnostics } = checked.check;
  if (diagnostics.length > 0) printAllDiagnostics(diagnostics, checked.texts, process.stderr);
  failOnErrors(diagnostics);
  const fileName = checked.fileNames[0];
  const modelName = chooseModel(
    checked.check.models.filter((m) => m.location.fileName === fileName).map((m) => m.name),
    wanted,
    relativeName(fileName),
  );
  // The build function's and the train defaults' names, as compile() gave them.
  const exports = checked.check.modules.find((module) => module.fileName === fileName)!.exports.models.find((model) => model.name === modelName)!;
  return { checked, fileName, modelName, exports, modules: checked.check.modules };
}

export function chooseModel(models: readonly string[], wanted: string | undefined, file: string): string {
  if (models.length === 0) {
    throw new CommandError(`${file} has no model to train: expected a 'model' or a 'sequential' whose first item is Input(...)`);
  }
  if (wanted === undefined) return models[0];
  if (!models.includes(wanted)) {
    throw new CommandError(`${file} has no model '${wanted}'; its models: ${models.join(', ')}`);
  }
  return wanted;
}
