/**
 * A model of a `.kf` file with saved weights, for `keraflow predict` and
 * `keraflow evaluate`: the file is checked (its diagnostics printed, errors
 * stop here) and compiled as `keraflow train` compiles it, the model built
 * (compiled with the file's loss, metrics and optimizer when it has them),
 * and the weights loaded into it: a .safetensors file, or the directory
 * `keraflow train --save` wrote.
 */
import { extname } from 'node:path';
import { CommandError } from './command-error.ts';

type Runtime = typeof import('../../runtime/node.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

/** The built model with its weights; `dispose` removes the compiled code's temporary folder. */
export async function loadKfModel(file: string, options: { model?: string; weights?: string; backend?: string }): Promise<{ model: RuntimeModel; dispose: () => void }> {
  if (options.weights === undefined) throw new CommandError(`${file} is a .kf file: pass --weights (a .safetensors file, or a directory written by keraflow train --save)`);
  const { relativeName } = await import('./check-files.ts');
  const { compileKfModel } = await import('./compile-kf.ts');
  const { loadGenerated } = await import('./commands/train.ts');
  const { findSavedModel, startRuntime } = await import('./saved-model.ts');
  // The runtime the generated module imports, by URL: the one this command starts (one backend, one Model class).
  const runtimeUrl = new URL(`../../runtime/node${extname(import.meta.url)}`, import.meta.url).href;
  const { fileName, modelName, exports: exported, modules } = await compileKfModel(file, options.model, runtimeUrl);
  const weights = extname(options.weights).toLowerCase() === '.safetensors' ? options.weights : findSavedModel(options.weights).weights;

  const runtime = await startRuntime(options.backend);
  const generated = await loadGenerated(fileName, modules);
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
