/**
 * What `keraflow train`, `export`, `predict` and `evaluate` do first with a
 * `.kf` file: check and compile it (its diagnostics printed; errors stop
 * here), the generated modules importing the runtime at `runtimeUrl` (the
 * command's own: one module instance, one backend, one Model class), and pick
 * the model (`--model`, else the file's first).
 */
import { type CheckedFiles, checkFiles, printAllDiagnostics, relativeName } from './check-files.ts';
import { CommandError, failOnErrors } from './command-error.ts';
import type { CompileResult, EmittedModule } from '../compile.ts';

export async function compileKfModel(file: string, wanted: string | undefined, runtimeUrl: string) {
  // Loaded here, not at the top: the TypeScript emitter loads ts-morph, which `train --engine keras` puts off (keras-engine/prepare.ts).
  const { compile } = await import('../compile.ts');
  const checked = checkFiles([file], (inputs, checkOptions) => compile(inputs, { ...checkOptions, runtimeImport: runtimeUrl }));
  const { fileName, modelName } = pickModel(checked, wanted);
  const modules = checked.check.modules;
  return { checked, fileName, modelName, exports: modelExports(modules, fileName, modelName), modules };
}

/** The checked file's diagnostics printed (errors stop here), and the model to use. */
export function pickModel(checked: CheckedFiles<CompileResult>, wanted: string | undefined): { fileName: string; modelName: string } {
  const { diagnostics } = checked.check;
  if (diagnostics.length > 0) printAllDiagnostics(diagnostics, checked.texts, process.stderr);
  failOnErrors(diagnostics);
  const fileName = checked.fileNames[0];
  const models = checked.check.models.filter((m) => m.location.fileName === fileName).map((m) => m.name);
  return { fileName, modelName: chooseModel(models, wanted, relativeName(fileName)) };
}

/** The build function's and the train defaults' names, as compile() gave them. */
export function modelExports(modules: readonly EmittedModule[], fileName: string, modelName: string) {
  return modules.find((module) => module.fileName === fileName)!.exports.models.find((model) => model.name === modelName)!;
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
