/**
 * `keraflow evaluate MODEL --data FILE.json [--loss L] [--metrics M,...] [--batch-size N] [--format text|json]`:
 * the loss and metrics of a saved model on a JSON data file of {x, y} (and
 * `sample_weights`, if any), over every sample. The loss and metrics come
 * from the model's training.json (which `keraflow train --save` writes), or
 * from --loss and --metrics, which win: one alias, a comma-separated list
 * (output order), or `output=alias` pairs. MODEL may also be a `.kf` file
 * with `--weights` (and `--model`): its loss and metrics are the file's.
 */
import { runCommand } from '../command-error.ts';
import { Command, Option } from 'commander';
import { positiveInteger } from '../options.ts';

interface EvaluateOptions {
  data: string;
  weights?: string;
  model?: string;
  loss?: string;
  metrics?: string;
  batchSize?: number;
  format: 'text' | 'json';
  backend?: string;
}

export const command = new Command('evaluate')
  .description('the loss and metrics of a saved model on a JSON data file of {x, y}')
  .argument('<model>', 'a directory written by keraflow train --save, an architecture file (.json, .yaml) with its .safetensors beside it, or a .kf file with --weights')
  .requiredOption('--data <file.json>', 'a JSON file of {"x": ..., "y": ...} and optionally "sample_weights"')
  .option('--weights <file>', 'for a .kf file: a .safetensors file, or a directory written by keraflow train --save')
  .option('--model <name>', 'for a .kf file: the model (default: the first in the file)')
  .option('--loss <aliases>', "the objective: one alias, a comma-separated list in output order, or output=alias pairs (default: the model's training.json)")
  .option('--metrics <aliases>', "metrics, comma-separated, or output=alias pairs (default: the model's training.json)")
  .option('--batch-size <n>', 'samples per batch', positiveInteger)
  .addOption(new Option('--format <format>', 'text, or json: {"loss": ..., <metric>: ...}').choices(['text', 'json']).default('text'))
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .action(async (model: string, options: EvaluateOptions) => {
    await runCommand(async () => {
      await evaluate(model, options);
    });
  });

async function evaluate(path: string, options: EvaluateOptions): Promise<void> {
  const { CommandError, findSavedModel, loadSavedModel, readDataFile, readTrainingConfig, shownPath, startRuntime, TRAINING_CONFIG_NAME } = await import('../saved-model.ts');
  if (path.toLowerCase().endsWith('.kf')) {
    const data = await readDataFile(options.data, true);
    const { model, dispose } = await (await import('../kf-model.ts')).loadKfModel(path, options);
    try {
      if (options.loss === undefined && !model.optimizer) throw new CommandError(`model '${model.name}' of ${path} has no loss: give it one in the file, or pass --loss (and --metrics)`);
      if (options.loss !== undefined) compileWithFlags(model, options);
      else if (options.metrics !== undefined) {
        // The file's loss and optimizer, with these metrics instead of its own.
        const { compileConfigOf } = await import('../../../runtime/training/compile.ts');
        model.compile({ ...compileConfigOf(model)!, metrics: aliasList(options.metrics, true) as never });
      }
      await report(model, data, options, shownPath(options.data));
    } finally {
      dispose();
    }
    return;
  }
  if (options.weights !== undefined || options.model !== undefined) throw new CommandError(`--weights and --model go with a .kf file; ${path} is a saved model`);
  const files = findSavedModel(path);
  if (options.loss === undefined && !files.trainingConfig) {
    throw new CommandError(`${path} has no ${TRAINING_CONFIG_NAME} to say its loss: pass --loss (and --metrics)`);
  }
  const data = await readDataFile(options.data, true);
  await startRuntime(options.backend);
  const model = await loadSavedModel(files);
  if (options.loss !== undefined) {
    compileWithFlags(model, options);
  } else {
    const { compileFromTrainingConfig } = await import('../../../runtime/training/training-config.ts');
    const config = readTrainingConfig(files.trainingConfig!) as Record<string, unknown>;
    compileFromTrainingConfig(model, options.metrics === undefined ? config : { ...config, metrics: aliasList(options.metrics, true) }, shownPath(files.trainingConfig!));
  }
  await report(model, data, options, shownPath(options.data));
}

type Runtime = typeof import('../../../runtime/node.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;
type DataFile = Awaited<ReturnType<typeof import('../saved-model.ts').readDataFile>>;

/** --loss and --metrics: the model compiled with them (and plain sgd, which evaluating never uses). */
function compileWithFlags(model: RuntimeModel, options: EvaluateOptions): void {
  model.compile({ optimizer: 'sgd', loss: aliasList(options.loss!, false) as never, ...(options.metrics === undefined ? {} : { metrics: aliasList(options.metrics, true) as never }) });
}

/** The scores over every sample, as text or JSON. */
async function report(model: RuntimeModel, data: DataFile, options: EvaluateOptions, shownData: string): Promise<void> {
  const scores = await model.evaluate(data.x, data.y, {
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(data.sampleWeights === undefined ? {} : { sampleWeights: data.sampleWeights }),
  });
  const names = model.metricsNames;
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(names.map((name, index) => [name, scores[index]])))}\n`);
  } else {
    const line = names.map((name, index) => `${name}: ${scores[index].toFixed(4)}`).join(' - ');
    process.stdout.write(`${shownData} (${data.count} sample${data.count === 1 ? '' : 's'}): ${line}\n`);
  }
}

/**
 * `mse` -> 'mse'; `mse,mae` -> ['mse', 'mae'] (output order); `a=mse,b=mae`
 * -> {a: 'mse', b: 'mae'}. For metrics a name may repeat (`a=acc,a=mae`),
 * and a plain list is one output's metrics, as compile takes them.
 */
function aliasList(text: string, metrics: boolean): unknown {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.some((item) => item.includes('='))) {
    const byOutput: Record<string, string | string[]> = {};
    for (const item of items) {
      const [output, alias] = item.split('=').map((part) => part.trim());
      if (!metrics) byOutput[output] = alias;
      else byOutput[output] = [...((byOutput[output] as string[] | undefined) ?? []), alias];
    }
    return byOutput;
  }
  return items.length === 1 && !metrics ? items[0] : items;
}
