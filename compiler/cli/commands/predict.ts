/**
 * `keraflow predict MODEL --data FILE.json [-o OUT.json] [--batch-size N]`:
 * runs a saved model (a directory written by `keraflow train --save`, or an
 * architecture file with its .safetensors beside it; or a `.kf` file with
 * `--weights` and, for a file of several models, `--model`) on the `x` of a JSON
 * data file and writes the predictions as JSON: one output as an array of
 * samples, several as a dict by output name. To stdout, or to a file
 * (which must not exist, unless --overwrite).
 */
import { runCommand } from '../command-error.ts';
import { Command, Option } from 'commander';
import { positiveInteger } from '../options.ts';

interface PredictOptions {
  data: string;
  weights?: string;
  model?: string;
  output?: string;
  overwrite?: boolean;
  batchSize?: number;
  backend?: string;
}

export const command = new Command('predict')
  .description('run a saved model on the x of a JSON data file and write its predictions as JSON')
  .argument('<model>', 'a directory written by keraflow train --save, an architecture file (.json, .yaml) with its .safetensors beside it, or a .kf file with --weights')
  .requiredOption('--data <file.json>', 'a JSON file of {"x": ...} (one array, or a dict by input name); y, if present, is ignored')
  .option('--weights <file>', 'for a .kf file: a .safetensors file, or a directory written by keraflow train --save')
  .option('--model <name>', 'for a .kf file: the model (default: the first in the file)')
  .option('-o, --output <file.json>', 'write the predictions here instead of to stdout')
  .option('--overwrite', 'replace the --output file if it exists')
  .option('--batch-size <n>', 'samples per batch', positiveInteger)
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .action(async (model: string, options: PredictOptions) => {
    await runCommand(async () => {
      await predict(model, options);
    });
  });

async function predict(path: string, options: PredictOptions): Promise<void> {
  const { CommandError, findSavedModel, loadSavedModel, readDataFile, startRuntime } = await import('../saved-model.ts');
  const fromKf = path.toLowerCase().endsWith('.kf');
  if (!fromKf && (options.weights !== undefined || options.model !== undefined)) throw new CommandError(`--weights and --model go with a .kf file; ${path} is a saved model`);
  const files = fromKf ? undefined : findSavedModel(path);
  const data = await readDataFile(options.data, false);
  // Before any work: an existing --output is refused unless --overwrite.
  const { existsSync } = await import('node:fs');
  if (options.output && existsSync(options.output) && !options.overwrite) throw new CommandError(`${options.output} already exists: pass --overwrite to replace it`);

  const runtime = await startRuntime(options.backend);
  const loaded = fromKf ? await (await import('../kf-model.ts')).loadKfModel(path, options) : { model: await loadSavedModel(files!), dispose: () => {} };
  try {
    await writePredictions(loaded.model, data, options, runtime.getBackend());
  } finally {
    loaded.dispose();
  }
}

type Runtime = typeof import('../../../runtime/node.ts');

async function writePredictions(model: InstanceType<Runtime['Model']>, data: { x: unknown; count: number }, options: PredictOptions, backend: string): Promise<void> {
  const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');
  const result = model.predict(data.x as never, options.batchSize === undefined ? {} : { batchSize: options.batchSize });
  const tensors = Array.isArray(result) ? result : [result];
  const arrays = tensors.map((tensor) => tensor.arraySync());
  tensors.forEach((tensor) => tensor.dispose());
  const predictions = arrays.length === 1 ? arrays[0] : Object.fromEntries(model.outputNames.map((name, index) => [name, arrays[index]]));
  const text = `${JSON.stringify(predictions)}\n`;
  if (options.output) {
    await writeFileAtomic(options.output, text, { overwrite: options.overwrite, argument: '--output' });
    process.stderr.write(`predicted ${data.count} sample${data.count === 1 ? '' : 's'} into ${options.output} (backend: ${backend})\n`);
  } else {
    process.stdout.write(text);
  }
}
