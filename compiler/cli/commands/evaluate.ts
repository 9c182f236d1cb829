/**
 * `keraflow evaluate MODEL --data FILE.json [--loss L] [--metrics M,...] [--batch-size N] [--format text|json]`:
 * the loss and metrics of a saved model on a JSON data file of {x, y} (and
 * `sample_weights`, if any), over every sample. The loss and metrics come
 * from the model's training.json (which `keraflow train --save` writes), or
 * from --loss and --metrics, which win: one alias, a comma-separated list
 * (output order), or `output=alias` pairs.
 */
import { Command, Option } from 'commander';
import { positiveInteger } from '../options.ts';

interface EvaluateOptions {
  data: string;
  loss?: string;
  metrics?: string;
  batchSize?: number;
  format: 'text' | 'json';
  backend?: string;
}

export const command = new Command('evaluate')
  .description('the loss and metrics of a saved model on a JSON data file of {x, y}')
  .argument('<model>', 'a directory written by keraflow train --save, or an architecture file (.json, .yaml) with its .safetensors beside it')
  .requiredOption('--data <file.json>', 'a JSON file of {"x": ..., "y": ...} and optionally "sample_weights"')
  .option('--loss <aliases>', "the objective: one alias, a comma-separated list in output order, or output=alias pairs (default: the model's training.json)")
  .option('--metrics <aliases>', "metrics, comma-separated, or output=alias pairs (default: the model's training.json)")
  .option('--batch-size <n>', 'samples per batch', positiveInteger)
  .addOption(new Option('--format <format>', 'text, or json: {"loss": ..., <metric>: ...}').choices(['text', 'json']).default('text'))
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .action(async (model: string, options: EvaluateOptions) => {
    const { describeError } = await import('../saved-model.ts');
    try {
      await evaluate(model, options);
    } catch (error) {
      process.stderr.write(`keraflow evaluate: error: ${describeError(error)}\n`);
      if (process.env.KERAFLOW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  });

async function evaluate(path: string, options: EvaluateOptions): Promise<void> {
  const { CommandError, findSavedModel, loadSavedModel, readDataFile, readTrainingConfig, shownPath, startRuntime, TRAINING_CONFIG_NAME } = await import('../saved-model.ts');
  const files = findSavedModel(path);
  if (options.loss === undefined && !files.trainingConfig) {
    throw new CommandError(`${path} has no ${TRAINING_CONFIG_NAME} to say its loss: pass --loss (and --metrics)`);
  }
  const data = await readDataFile(options.data, true);
  await startRuntime(options.backend);
  const model = await loadSavedModel(files);
  if (options.loss !== undefined) {
    model.compile({ optimizer: 'sgd', loss: aliasList(options.loss, false) as never, ...(options.metrics === undefined ? {} : { metrics: aliasList(options.metrics, true) as never }) });
  } else {
    const { compileFromTrainingConfig } = await import('../../../runtime/training/training-config.ts');
    const config = readTrainingConfig(files.trainingConfig!) as Record<string, unknown>;
    compileFromTrainingConfig(model, options.metrics === undefined ? config : { ...config, metrics: aliasList(options.metrics, true) }, shownPath(files.trainingConfig!));
  }
  const scores = await model.evaluate(data.x, data.y, {
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(data.sampleWeights === undefined ? {} : { sampleWeights: data.sampleWeights }),
  });
  const names = model.metricsNames;
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(names.map((name, index) => [name, scores[index]])))}\n`);
  } else {
    const line = names.map((name, index) => `${name}: ${scores[index].toFixed(4)}`).join(' - ');
    process.stdout.write(`${shownPath(options.data)} (${data.count} sample${data.count === 1 ? '' : 's'}): ${line}\n`);
  }
}

/**
 * `mse` -> 'mse'; `mse,mae` -> ['mse', 'mae'] (output order); `a=mse,b=mae`
 * -> {a: 'mse', b: 'mae'}. For metrics a name may repeat (`a=acc,a=mae`),
 * and a plain list is one output's metrics, as compile takes them.
 */
function aliasList(text: string, metrics: boolean): unknown {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
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
