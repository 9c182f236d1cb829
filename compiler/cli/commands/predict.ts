/**
 * `keraflow predict MODEL --data FILE.json [-o OUT.json] [--batch-size N]`:
 * runs a saved model (a directory written by `keraflow train --save`, or an
 * architecture file with its .safetensors beside it) on the `x` of a JSON
 * data file and writes the predictions as JSON: one output as an array of
 * samples, several as a dict by output name. To stdout, or to a file
 * (which must not exist, unless --overwrite).
 */
import { Command, Option } from 'commander';
import { positiveInteger } from '../options.ts';

interface PredictOptions {
  data: string;
  output?: string;
  overwrite?: boolean;
  batchSize?: number;
  backend?: string;
}

export const command = new Command('predict')
  .description("run a saved model on the x of a JSON data file and write its predictions as JSON")
  .argument('<model>', 'a directory written by keraflow train --save, or an architecture file (.json, .yaml) with its .safetensors beside it')
  .requiredOption('--data <file.json>', 'a JSON file of {"x": ...} (one array, or a dict by input name); y, if present, is ignored')
  .option('-o, --output <file.json>', 'write the predictions here instead of to stdout')
  .option('--overwrite', 'replace the --output file if it exists')
  .option('--batch-size <n>', 'samples per batch', positiveInteger)
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .action(async (model: string, options: PredictOptions) => {
    const { describeError } = await import('../saved-model.ts');
    try {
      await predict(model, options);
    } catch (error) {
      process.stderr.write(`keraflow predict: error: ${describeError(error)}\n`);
      if (process.env.KERAFLOW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  });

async function predict(path: string, options: PredictOptions): Promise<void> {
  const { CommandError, findSavedModel, loadSavedModel, readDataFile, startRuntime } = await import('../saved-model.ts');
  const files = findSavedModel(path);
  const data = await readDataFile(options.data, false);
  // Before any work: an existing --output is refused unless --overwrite.
  const { existsSync } = await import('node:fs');
  if (options.output && existsSync(options.output) && !options.overwrite) throw new CommandError(`${options.output} already exists: pass --overwrite to replace it`);
  const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');

  const runtime = await startRuntime(options.backend);
  const model = await loadSavedModel(files);
  const result = model.predict(data.x, options.batchSize === undefined ? {} : { batchSize: options.batchSize });
  const tensors = Array.isArray(result) ? result : [result];
  const arrays = tensors.map((tensor) => tensor.arraySync());
  tensors.forEach((tensor) => tensor.dispose());
  const predictions = arrays.length === 1 ? arrays[0] : Object.fromEntries(model.outputNames.map((name, index) => [name, arrays[index]]));
  const text = `${JSON.stringify(predictions)}\n`;
  if (options.output) {
    await writeFileAtomic(options.output, text, { overwrite: options.overwrite, argument: '--output' });
    process.stderr.write(`predicted ${data.count} sample${data.count === 1 ? '' : 's'} into ${options.output} (backend: ${runtime.getBackend()})\n`);
  } else {
    process.stdout.write(text);
  }
}
