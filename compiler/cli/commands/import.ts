/**
 * `keraflow import SOURCE -o OUT.kf [--overwrite]`: a Keras model as `.kf`
 * source, and its weights beside it.
 *
 * SOURCE is a Keras 3 `.keras` archive, a Keras `model.to_json()` file
 * (architecture only: no weights), or a TensorFlow.js Layers `model.json`
 * (its weight shards beside it). The model is read by the runtime's Keras
 * import (the same as `Model.loadKeras`), written as `.kf` source
 * (compiler/import/kf-source.ts) through the formatter and checked, with the weights as
 * OUT.safetensors, which the file's `train { weights = ... }` names, so
 * that `keraflow train OUT.kf` starts from them.
 */
import { Command } from 'commander';
import { CommandError, runCommand } from '../command-error.ts';

interface ImportOptions {
  output: string;
  overwrite?: boolean;
}

export const command = new Command('import')
  .description('write a Keras model (.keras archive, model.to_json() file, or TensorFlow.js model.json) as a .kf file, with its weights beside it')
  .argument('<source>', 'a .keras archive, a Keras model.to_json() file, or a TensorFlow.js Layers model.json')
  .requiredOption('-o, --output <file.kf>', 'the .kf file to write (the weights go beside it, as .safetensors)')
  .option('--overwrite', 'replace existing output files')
  .action(async (source: string, options: ImportOptions) => {
    await runCommand(() => importModel(source, options));
  });

async function importModel(source: string, options: ImportOptions): Promise<void> {
  const { existsSync, readFileSync, statSync, writeFileSync } = await import('node:fs');
  const { basename } = await import('node:path');
  if (!options.output.endsWith('.kf')) throw new CommandError(`-o ${options.output}: expected a file ending in .kf`);
  if (!existsSync(source)) throw new CommandError(`${source}: no such file`);
  if (statSync(source).isDirectory()) throw new CommandError(`${source} is a directory: expected ${SOURCES}`);
  const weightsFile = `${options.output.slice(0, -'.kf'.length)}.safetensors`;
  for (const file of [options.output, weightsFile]) {
    if (!options.overwrite && existsSync(file)) throw new CommandError(`${file} already exists; pass --overwrite to replace it`);
  }

  const runtime = await import('../../../runtime/node.ts');
  const { model, weights } = await readModel(source, readFileSync(source), runtime);
  const { kfSource, writesKerasDialect } = await import('../../import/kf-source.ts');
  const { format } = await import('../../format/format.ts');
  const header = [
    `Imported from ${basename(source)} by keraflow import${weights ? `; the weights are in ${basename(weightsFile)}` : ' (architecture only: fresh weights)'}.`,
    `  keraflow train ${basename(options.output)} --data DATA.json`,
  ];
  const text = kfSource(model, { header, ...(weights ? { weights: basename(weightsFile) } : {}) });
  const formatted = format(text);
  // Checked before anything is written: a file that does not check would be a bug here, not the user's.
  const { check } = await import('../../check/index.ts');
  const problems = formatted.diagnostics.length > 0 ? formatted.diagnostics : check({ fileName: options.output, text: formatted.text }).diagnostics.filter((d) => d.severity === 'error');
  if (problems.length > 0) throw new CommandError(`the .kf source made from ${source} does not check (a bug in keraflow import): ${problems[0].code}: ${problems[0].message}`);
  if (weights) {
    const { encodeWeights } = await import('../../../runtime/saving/model-bytes.ts');
    // A `use keras` file's layers are the Keras dialect's: their weights go under Keras's names and layouts.
    const { kerasDialectWeights } = await import('../../../runtime/keras/keras-weights.ts');
    writeFileSync(weightsFile, await encodeWeights(model, writesKerasDialect(model) ? kerasDialectWeights : undefined));
  }
  writeFileSync(options.output, formatted.text);
  process.stdout.write(`imported ${model.name} (${model.countParams().total} parameters) from ${source} to ${options.output}${weights ? `, weights to ${weightsFile}` : ''}\n`);
}

type Runtime = typeof import('../../../runtime/node.ts');

const SOURCES = 'a .keras archive or a .json file (Keras model.to_json(), or TensorFlow.js model.json)';

/** The model of a source file, by its content: a zip is a .keras archive; JSON with `modelTopology` is TensorFlow.js's; other JSON a Keras config. */
async function readModel(source: string, bytes: Uint8Array, runtime: Runtime): Promise<{ model: InstanceType<Runtime['Model']>; weights: boolean }> {
  const { modelFromKerasConfig, modelFromTfjsFiles } = await import('../../../runtime/saving/keras-import.ts');
  // A zip (PK) is read as a .keras archive, whatever its name; the runtime says what is wrong with a bad one.
  if (source.endsWith('.keras') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return { model: await runtime.Model.loadKeras(source), weights: true };
  if (!source.endsWith('.json')) throw new CommandError(`${source}: expected ${SOURCES}`);
  const text = new TextDecoder().decode(bytes);
  if (/"modelTopology"\s*:/.test(text)) {
    const { readFileSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    return { model: await modelFromTfjsFiles(text, (path) => readFileSync(join(dirname(source), path)), source), weights: true };
  }
  return { model: modelFromKerasConfig(text, source), weights: false };
}
