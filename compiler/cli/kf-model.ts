/**
 * A model of a `.kf` file with saved weights, for `keraflow predict` and
 * `keraflow evaluate`: the file is checked (its diagnostics printed, errors
 * stop here) and compiled as `keraflow train` compiles it, the model built
 * (compiled with the file's loss, metrics and optimizer when it has them),
 * and the weights loaded into it: a .safetensors file, or the directory
 * `keraflow train --save` wrote.
 */
import { extname } from 'node:path';
import { CommandError, failOnErrors } from './command-error.ts';

type Runtime = typeof import('../../runtime/node.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

/** The built model with its weights; `dispose` removes the compiled code's temporary folder. */
export async function loadKfModel(file: string, options: { model?: string; weights?: string; backend?: string }): Promise<{ model: RuntimeModel; dispose: () => void }> {
  if (options.weights === undefined) throw new CommandError(`${file} is a .kf file: pass --weights (a .safetensors file, or a directory written by keraflow train --save)`);
  const { checkFiles, printAllDiagnostics, relativeName } = await import('./check-files.ts');
  const { compile } = await import('../compile.ts');
  const { chooseModel, loadGenerated } = await import('./commands/train.ts');
  const { findSavedModel, startRuntime } = await import('./saved-model.ts');
  // The runtime the generated module imports, by URL: the one this command starts (one backend, one Model class).
  const runtimeUrl = new URL(`../../runtime/node${extname(import.meta.url)}`, import.meta.url).href;
  const checked = checkFiles([file], (inputs, checkOptions) => compile(inputs, { ...checkOptions, runtimeImport: runtimeUrl }));
  const { diagnostics } = checked.check;
  if (diagnostics.length > 0) printAllDiagnostics(diagnostics, checked.texts, process.stderr);
  failOnErrors(diagnostics);
  const fileName = checked.fileNames[0];
  const modelName = chooseModel(
    checked.check.models.filter((m) => m.location.fileName === fileName).map((m) => m.name),
    options.model,
    relativeName(fileName),
  );
  const exported = checked.check.modules.find((module) => module.fileName === fileName)!.exports.models.find((model) => model.name === modelName)!;
  const weights = extname(options.weights).toLowerCase() === '.safetensors' ? options.weights : findSavedModel(options.weights).weights;

  const runtime = await startRuntime(options.backend);
  const generated = await loadGenerated(fileName, checked.check.modules);
  try {
    const built = (generated.module[exported.build] as () => unknown)();
    const model = built instanceof runtime.Sequential ? built.asModel() : built;
    if (!(model instanceof runtime.Model)) throw new CommandError(`the code compiled from ${relativeName(fileName)} built no model for '${modelName}'`);
    const { loadWeights } = await import('../../runtime/saving/model-file.ts');
    await loadWeights(model, weights);
    return { model, dispose: generated.dispose };
  } catch (error) {
    generated.dispose();
    throw error;
  }
}
