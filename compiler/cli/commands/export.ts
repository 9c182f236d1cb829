/**
 * `keraflow export SOURCE --to keras -o OUT.keras [--model NAME] [--weights PATH] [--overwrite]`:
 * writes a model in another framework's format.
 *
 * SOURCE is a saved model directory (what `keraflow train --save DIR`
 * writes: model.json, and model.safetensors when present) or a .kf file,
 * whose model (`--model`, else the first) is built from the code `keraflow
 * compile` writes, with the weights of `--weights` (a .safetensors file, or
 * a directory holding model.safetensors; without it, freshly initialized).
 *
 * `--to keras`: a Keras 3 archive that `keras.saving.load_model` reads.
 * `--to tfjs`: the TensorFlow.js Layers format, `-o` a directory.
 * A layer with no counterpart is an error naming it.
 */
import { CommandError, runCommand } from '../command-error.ts';
import { Command, Option } from 'commander';

interface ExportOptions {
  to: 'keras' | 'tfjs';
  output: string;
  model?: string;
  weights?: string;
  overwrite?: boolean;
}

export const command = new Command('export')
  .description('write a saved model directory or a .kf model (with its weights) as a Keras 3 .keras archive (or TensorFlow.js Layers)')
  .argument('<source>', 'a directory written by `keraflow train --save`, or a .kf file')
  .addOption(new Option('--to <format>', 'the format to write').choices(['keras', 'tfjs']).makeOptionMandatory())
  .requiredOption('-o, --output <path>', 'the .keras file to write (--to tfjs: a directory)')
  .option('--model <name>', 'with a .kf file: the model to export (default: the first in the file)')
  .option('--weights <path>', 'with a .kf file: its weights, a .safetensors file or a directory holding model.safetensors')
  .option('--overwrite', 'replace existing output files')
  .action(async (source: string, options: ExportOptions) => {
    await runCommand(async () => {
      await exportModel(source, options);
    });
  });

async function exportModel(source: string, options: ExportOptions): Promise<void> {
  const { existsSync, statSync } = await import('node:fs');
  if (!existsSync(source)) throw new CommandError(`${source}: no such file or directory`);
  if (options.to === 'keras' && !options.output.endsWith('.keras')) {
    throw new CommandError(`-o ${options.output}: a Keras 3 archive must end in .keras (keras.saving.load_model reads only those)`);
  }
  if (options.to === 'keras' && !options.overwrite && existsSync(options.output)) throw new CommandError(`${options.output} already exists; pass --overwrite to replace it`);
  const fromDirectory = statSync(source).isDirectory();
  if (fromDirectory && (options.model !== undefined || options.weights !== undefined)) {
    throw new CommandError(`--model and --weights go with a .kf file; ${source} is a saved model directory, which holds its own weights`);
  }
  if (!fromDirectory && !source.endsWith('.kf')) throw new CommandError(`${source}: expected a .kf file or a directory written by keraflow train --save`);

  const loaded = fromDirectory ? await loadSaved(source) : await buildFromSource(source, options);
  try {
    if (options.to === 'keras') await loaded.model.exportKeras(options.output, { overwrite: options.overwrite });
    else await loaded.model.exportTfjs(options.output, { overwrite: options.overwrite });
    process.stdout.write(`exported ${loaded.model.name} (${loaded.model.countParams().total} parameters${loaded.weights}) to ${options.output}\n`);
  } finally {
    loaded.dispose();
  }
}

type RuntimeModel = import('../../../runtime/node.ts').Model;

/** A directory of `train --save`: model.json, and model.safetensors when there. */
async function loadSaved(directory: string): Promise<{ model: RuntimeModel; weights: string; dispose: () => void }> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const architecture = join(directory, 'model.json');
  if (!existsSync(architecture)) throw new CommandError(`${directory} has no model.json: expected a directory written by keraflow train --save`);
  const weights = join(directory, 'model.safetensors');
  const { Model } = await import('../../../runtime/node.ts');
  const model = await Model.loadFromFile(architecture, existsSync(weights) ? weights : null);
  return { model, weights: existsSync(weights) ? `, weights from ${weights}` : ', no weights file: initial weights', dispose: () => {} };
}

/** A .kf file's model, built from its compiled TypeScript, with `--weights` when given. */
async function buildFromSource(file: string, options: ExportOptions): Promise<{ model: RuntimeModel; weights: string; dispose: () => void }> {
  const { extname } = await import('node:path');
  const { relativeName } = await import('../check-files.ts');
  const { compileKfModel } = await import('../compile-kf.ts');
  const { loadGenerated } = await import('./train.ts');

  // The runtime beside this file: runtime/node.ts beside the sources, dist/runtime/node.js beside the built CLI.
  const runtimeUrl = new URL(`../../../runtime/node${extname(import.meta.url)}`, import.meta.url).href;
  const { fileName, modelName, exports, modules } = await compileKfModel(file, options.model, runtimeUrl);
  const buildName = exports.build;

  const runtime = (await import(runtimeUrl)) as typeof import('../../../runtime/node.ts');
  const generated = await loadGenerated(fileName, modules);
  try {
    const build = generated.module[buildName];
    if (typeof build !== 'function') throw new CommandError(`the code compiled from ${relativeName(fileName)} has no ${buildName}() for model '${modelName}'`);
    const built = (build as () => unknown)();
    const model = built instanceof runtime.Sequential ? built.asModel() : built;
    if (!(model instanceof runtime.Model)) throw new CommandError(`${buildName}() returned neither a Model nor a Sequential`);
    const weights = options.weights === undefined ? ', initial weights (no --weights)' : `, weights from ${await loadWeights(model, options.weights)}`;
    return { model, weights, dispose: generated.dispose };
  } catch (error) {
    generated.dispose();
    throw error;
  }
}

/** Sets a model's weights from a safetensors file (or DIR/model.safetensors); the file it read. */
async function loadWeights(model: RuntimeModel, path: string): Promise<string> {
  const { statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = statSync(path, { throwIfNoEntry: false })?.isDirectory() ? join(path, 'model.safetensors') : path;
  // The same check as train --from: every parameter by name and shape, or an error naming the first difference.
  const { loadWeights: assignSavedWeights } = await import('../../../runtime/saving/model-file.ts');
  await assignSavedWeights(model, file);
  return file;
}
