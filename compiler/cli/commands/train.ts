/**
 * `keraflow train FILE.kf [--model NAME] [--data mnist|iris|PATH] [--epochs N]
 * [--batch-size N] [--validation-split F | --validation-data FILE.json] [--verbose 0|1|2]
 * [--from DIR] [--save DIR [--save-format json|yaml]] [--plot OUT.svg] [--backend NAME] [--engine keraflow|keras]`:
 * checks the file, compiles it (and the files it imports) to the very
 * TypeScript `keraflow compile` writes (`compile()`), runs that, and trains
 * the model on a data set: its build function and train defaults are the
 * exports `compile()` names for it. Prints the backend, the data, the model summary, a progress bar
 * per epoch, then the loss and metrics on the held-out test samples.
 * `--save DIR` writes model.json (architecture; model.yaml with --save-format yaml),
 * model.safetensors (weights), training.json (optimizer, loss and metrics, for
 * `keraflow evaluate`; not when they include a function), history.json (loss
 * and metrics per epoch) and history.svg (the same as a chart) there. `--from
 * DIR` starts from the weights saved there (a fresh optimizer); without it, the model's
 * `train { weights = "FILE.safetensors" }` (as `keraflow import` writes it) gives them. `--plot OUT.svg`
 * draws the loss and metrics per epoch, training and validation (PNG for .png).
 *
 * `--engine keras` trains in Keras 3 instead (Python: KERAFLOW_PYTHON, else
 * python3; KERAS_BACKEND, else JAX): the model compiled to Python
 * (`compile --target keras`), the same data, settings, progress lines and
 * held-out evaluation (with Keras's names for the metrics), and the trained
 * weights brought back, so that `--save` and `--plot` write what they
 * always do (keras-engine/).
 *
 * Settings: a flag wins over the model's `train { ... }`, which wins over
 * the runtime's defaults (batch size 32, 10 epochs, no validation). A data
 * path in the file is relative to the file; on the command line, to the
 * working directory.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CommandError, runCommand } from '../command-error.ts';
import { positiveInteger } from '../options.ts';
import { describeError } from '../saved-model.ts';
import type { TrainDefaults } from '../../../runtime/training/train-defaults.ts';
import type { EmittedModule } from '../../compile.ts';

interface TrainOptions {
  model?: string;
  data?: string;
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  validationData?: string;
  verbose?: number;
  save?: string;
  saveFormat?: 'json' | 'yaml';
  from?: string;
  plot?: string;
  backend?: 'cpu' | 'wasm' | 'tensorflow';
  engine: 'keraflow' | 'keras';
}

/** The `train { ... }` settings as the emitted `<model>Train` constant holds them, each checked before use (the module is loaded at run time). */
type LoadedTrainDefaults = { [Setting in keyof TrainDefaults]?: unknown };

export const command = new Command('train')
  .description('train a model of a .kf file on a built-in data set (mnist, iris) or a JSON file, and report held-out loss and metrics')
  .argument('<file>', 'the .kf file')
  .option('--model <name>', 'the model to train (default: the first in the file)')
  .option('--data <name-or-path>', "'mnist', 'iris', or a .json file of {x, y} (default: the model's train { data })")
  .option('--epochs <n>', 'passes over the training data', positiveInteger)
  .option('--batch-size <n>', 'samples per gradient update', positiveInteger)
  .option('--validation-split <fraction>', 'fraction of the training samples held out for validation after each epoch', fraction)
  .option('--validation-data <file.json>', 'a JSON file of {x, y} to validate on after each epoch (wins over --validation-split)')
  .addOption(new Option('--verbose <level>', '0: silent, 1: a progress bar per epoch, 2: a line per epoch').choices(['0', '1', '2']).argParser(Number))
  .option('--save <dir>', 'write model.json, model.safetensors, training.json, history.json and history.svg to this directory')
  .addOption(new Option('--save-format <format>', 'the architecture file of --save: model.json or model.yaml').choices(['json', 'yaml']).default('json'))
  .option('--from <dir>', 'start from the weights of a model saved with --save (the same model), instead of new ones')
  .option('--plot <file>', 'write the loss and metrics per epoch as a chart: .svg (or .png)', chartFile)
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .addOption(
    new Option('--engine <name>', 'where training runs: keraflow (TensorFlow.js, here) or keras (Keras 3 in Python: KERAFLOW_PYTHON, else python3)').choices(['keraflow', 'keras']).default('keraflow'),
  )
  .action(async (file: string, options: TrainOptions) => {
    await runCommand(() => train(file, options));
  });

function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number >= 1) {
    throw new InvalidArgumentError(`expected a number from 0 up to (not including) 1, found '${value}'.`);
  }
  return number;
}

/** Checked with the other flags, so that a wrong extension stops before training, not after it. */
function chartFile(value: string): string {
  if (!/\.(svg|png)$/i.test(value)) throw new InvalidArgumentError(`expected a file ending in .svg or .png, found '${value}'.`);
  return value;
}

/** The message alone: runtime errors (KeraflowError, with the .kf line when raised by generated code) are written for people. */
async function train(file: string, options: TrainOptions): Promise<void> {
  // Keras's Python starts first, before the checker is even loaded: its start and `import keras` overlap all of Keraflow's work below.
  const keras = options.engine === 'keras' ? (await import('../keras-engine/prepare.ts')).startKeras(options) : undefined;
  const { isAbsolute, dirname, extname, resolve } = await import('node:path');
  const { relativeName } = await import('../check-files.ts');
  const { compileKfModel } = await import('../compile-kf.ts');
  // The runtime beside this file: runtime/node.ts beside the sources, dist/runtime/node.js beside the built CLI.
  const runtimeUrl = new URL(`../../../runtime/node${extname(import.meta.url)}`, import.meta.url).href;

  // 1. Check and compile: the same diagnostics as `keraflow check`; errors stop here.
  //    The generated modules import the runtime by URL, as this command does: one module instance, one backend, one Model class.
  const { fileName, modelName, exports, modules } = keras
    ? await (await import('../keras-engine/prepare.ts')).compileForKeras(keras, file, options.model, runtimeUrl)
    : await compileKfModel(file, options.model, runtimeUrl);

  // Before any training: a chart with nowhere to go would otherwise fail only after the last epoch.
  if (options.plot) {
    const { existsSync, statSync } = await import('node:fs');
    const folder = dirname(resolve(options.plot));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CommandError(`cannot write --plot ${options.plot}: ${folder} is not a directory`);
  }
  if (options.save) (await import('../save-folder.ts')).prepareSaveFolder(options.save);

  // 2. The backend, before the runtime starts (importing it starts the best one present, or KERAFLOW_BACKEND's).
  if (options.backend) process.env.KERAFLOW_BACKEND = options.backend;
  // Under Keras, Keraflow's model only reads the data and takes the weights back: the cpu backend starts quickest (no wasm, no threads).
  if (keras) process.env.KERAFLOW_BACKEND ??= 'cpu';
  // This command's own runtime, by URL as the generated modules import it: one module instance, one backend, one Model class.
  const runtime = (await import(runtimeUrl)) as typeof import('../../../runtime/node.ts');
  if (options.backend && runtime.getBackend() !== options.backend) await runtime.setBackend(options.backend);

  // 3. Load the compiled code; the model's build function and train defaults are the exports compile() named.
  const generated = await loadGenerated(fileName, modules);
  try {
    const build = generated.module[exports.build];
    const defaults = (generated.module[exports.train] ?? {}) as LoadedTrainDefaults;
    if (typeof build !== 'function') {
      throw new CommandError(`the code compiled from ${relativeName(fileName)} has no ${exports.build}() for model '${modelName}'`);
    }

    // 4. The settings: flags, then the file's train { ... }.
    const dataName = options.data ?? stringSetting(defaults.data, 'data');
    if (dataName === undefined) {
      throw new CommandError(`no data for model '${modelName}': pass --data (mnist, iris, or a .json file) or set train { data = ... } in ${relativeName(fileName)}`);
    }
    const baseDirectory = options.data !== undefined || isAbsolute(dataName) ? process.cwd() : dirname(fileName);
    const fitOptions = {
      batchSize: options.batchSize ?? numberSetting(defaults.batchSize, 'batch_size'),
      epochs: options.epochs ?? numberSetting(defaults.epochs, 'epochs'),
      validationSplit: options.validationSplit ?? numberSetting(defaults.validationSplit, 'validation_split'),
      shuffle: booleanSetting(defaults.shuffle, 'shuffle'),
      verbose: (options.verbose ?? numberSetting(defaults.verbose, 'verbose') ?? 1) as 0 | 1 | 2,
    };
    const validationName = options.validationData ?? stringSetting(defaults.validationData, 'validation_data');
    const validationDirectory = options.validationData !== undefined || (validationName !== undefined && isAbsolute(validationName)) ? process.cwd() : dirname(fileName);

    const { checkDataFitsModel, loadDataset } = await import('../../../runtime/datasets/index.ts');
    // Under Keras, the data loads while the Python is still importing Keras; its line still follows the engine's.
    const loadedEarly = keras ? loadDataset(dataName, { baseDirectory }) : undefined;
    process.stdout.write(keras ? `engine: ${await keras.ready()}\n` : `backend: ${runtime.describeBackend()}\n`);
    const dataset = loadedEarly ?? loadDataset(dataName, { baseDirectory });
    process.stdout.write(`data: ${dataset.description}\n`);

    const built = (build as () => unknown)();
    const model = asModel(built, runtime);
    const weightsName = stringSetting(defaults.weights, 'weights');
    if (keras) (await import('../keras-engine/prepare.ts')).refuseKerasSettings({ weights: weightsName, callbacks: defaults.callbacks });
    if (options.from) await continueFrom(model, options.from);
    else if (weightsName !== undefined) await startFromWeights(model, resolve(dirname(fileName), weightsName));
    checkFits(() => checkDataFitsModel(model, dataset.train), dataName, modelName, '');
    checkFits(() => checkDataFitsModel(model, dataset.test), dataName, modelName, ' (in the held-out test samples)');
    const validation = validationName === undefined ? undefined : await loadValidationData(resolve(validationDirectory, validationName));
    if (validation) checkFits(() => checkDataFitsModel(model, validation), validationName!, modelName, ' (the validation data)');
    process.stdout.write(`${model.summary()}\n`);
    // On wasm, whether fit splits batches across worker threads (runtime/training/parallel), or why not.
    const replicasBefore = !keras && runtime.getBackend() === 'wasm' ? runtime.describeReplicas(model) : undefined;
    if (replicasBefore !== undefined) process.stdout.write(`training: ${replicasBefore}\n`);

    // 5. Train, then measure on the samples training never saw.
    const trainable = built as { fit: typeof model.fit; saveToFile: typeof model.saveToFile };
    let history: { history: Record<string, number[]>; epoch: number[] };
    let scored: [string, number][];
    if (keras) {
      const { fitWithKeras } = await import('../keras-engine/fit.ts');
      const result = await fitWithKeras({
        ...withoutUndefined(fitOptions),
        python: keras,
        model,
        train: dataset.train,
        test: dataset.test,
        validation,
        takeWeights: options.save !== undefined,
      });
      history = result.history;
      scored = Object.entries(result.test);
    } else {
      history = await trainable.fit.call(
        built,
        dataset.train.x,
        dataset.train.y,
        withoutUndefined({
          ...fitOptions,
          sampleWeights: dataset.train.sampleWeights,
          validationData: validation && ([validation.x, validation.y, validation.sampleWeights] as const),
          callbacks: callbacksSetting(defaults.callbacks),
        }),
      );
      // Replicas slower than this thread with the wasm pool were stopped during the fit: say where training went on.
      const replicasAfter = replicasBefore === undefined ? undefined : runtime.describeReplicas(model);
      if (replicasAfter !== replicasBefore) process.stdout.write(`training: then ${replicasAfter}\n`);
      const scores = await model.evaluate(dataset.test.x, dataset.test.y, withoutUndefined({ batchSize: fitOptions.batchSize, sampleWeights: dataset.test.sampleWeights }));
      scored = model.metricsNames.map((name, index) => [name, scores[index]]);
    }
    const testCount = sampleCount(dataset.test.y);
    const line = scored.map(([name, value]) => `${name}: ${value.toFixed(4)}`).join(' - ');
    process.stdout.write(`test (${testCount} held-out samples): ${line}\n`);

    const chart = async () => {
      const { historyToSvg } = await import('../../../runtime/training/history-chart.ts');
      return historyToSvg(history.history, { epochs: history.epoch, title: modelName });
    };
    // Every file is written atomically: a kill leaves the old file or the new one, never a 0-byte history.json.
    const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');
    if (options.save) {
      const { rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const architecture = options.saveFormat === 'yaml' ? 'model.yaml' : 'model.json';
      // An architecture of the other format from an earlier save would leave two models in one directory.
      for (const stale of ['model.json', 'model.yaml', 'model.yml']) if (stale !== architecture) rmSync(join(options.save, stale), { force: true });
      await trainable.saveToFile.call(built, join(options.save, architecture), join(options.save, 'model.safetensors'), { overwrite: true, indent: 2 });
      const trainingConfig = await saveTrainingConfig(model, options.save);
      await writeFileAtomic(join(options.save, 'history.json'), `${JSON.stringify(history.history, null, 2)}\n`, { overwrite: true, argument: '--save' });
      await writeFileAtomic(join(options.save, 'history.svg'), await chart(), { overwrite: true, argument: '--save' });
      process.stdout.write(`saved ${architecture}, model.safetensors, ${trainingConfig ? 'training.json, ' : ''}history.json and history.svg in ${options.save}\n`);
    }
    if (options.plot) {
      const svg = await chart();
      const asPng = options.plot.toLowerCase().endsWith('.png');
      await writeFileAtomic(options.plot, asPng ? await (await import('../../graph/render.ts')).svgToPng(svg, { scale: 2 }) : svg, { overwrite: true, argument: '--plot' });
      process.stdout.write(`plotted the loss and metrics per epoch in ${options.plot}\n`);
    }
  } finally {
    generated.dispose();
  }
}

/** Validation data from a JSON file: every sample of it, with its sample weights. */
async function loadValidationData(path: string) {
  const { loadJsonSamples } = await import('../../../runtime/datasets/json-file.ts');
  const { shownPath } = await import('../saved-model.ts');
  const samples = loadJsonSamples(path, { shownAs: shownPath(path) });
  process.stdout.write(`validation data: ${shownPath(path)}: ${samples.count} samples\n`);
  return samples;
}

/** `--from DIR`: the weights of a model saved with --save, into the model just built from the .kf file (the same names and shapes, or an error naming the first difference). */
/** The file's `train { weights = "..." }`: the weights `keraflow import` wrote beside it. */
async function startFromWeights(model: RuntimeModel, file: string): Promise<void> {
  const { loadWeights } = await import('../../../runtime/saving/model-file.ts');
  await loadWeights(model, file);
  process.stdout.write(`from: the weights in ${file}\n`);
}

async function continueFrom(model: RuntimeModel, directory: string): Promise<void> {
  const { findSavedModel } = await import('../saved-model.ts');
  const { loadWeights } = await import('../../../runtime/saving/model-file.ts');
  const files = findSavedModel(directory);
  await loadWeights(model, files.weights);
  process.stdout.write(`from: the weights in ${files.weights}\n`);
}

/**
 * training.json beside the saved model (optimizer, loss, metrics), for
 * `keraflow evaluate`; none, and any old one removed, when the model was
 * compiled with a function. True when written.
 */
async function saveTrainingConfig(model: RuntimeModel, directory: string): Promise<boolean> {
  const { rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');
  const { describeTrainingConfig } = await import('../../../runtime/training/training-config.ts');
  const described = describeTrainingConfig(model);
  const file = join(directory, 'training.json');
  if ('reason' in described) {
    rmSync(file, { force: true });
    process.stdout.write(`no training.json: ${described.reason}\n`);
    return false;
  }
  await writeFileAtomic(file, `${JSON.stringify(described.config, null, 2)}\n`, { overwrite: true, argument: '--save' });
  return true;
}

/** `--model`, or the first model of the file; an unknown name lists the file's models. */

/**
 * Writes the compiled modules (the file's and every file it imports),
 * transpiled to JavaScript with the TypeScript that ts-morph ships, into a
 * temporary directory laid out as the sources are (an emitted module
 * imports `./blocks.js` for `import "./blocks.kf"`), and imports the file's.
 * Plain JavaScript, so that it runs wherever the built CLI runs, with no
 * TypeScript loader.
 */
export async function loadGenerated(fileName: string, modules: readonly EmittedModule[]) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { dirname, join, relative, sep } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { ts } = await import('ts-morph');

  const root = commonDirectory(
    modules.map((module) => dirname(module.fileName)),
    sep,
  );
  // Removed on exit and on SIGINT/SIGTERM too (temporary-folder.ts).
  const { folder: directory, dispose } = (await import('../temporary-folder.ts')).makeTemporaryFolder('keraflow-train-');
  try {
    // ES modules, as in this package: the runtime they import awaits its backend at the top level.
    writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
    const outputOf = (source: string) => join(directory, relative(root, source).replace(/\.kf$/, '') + '.js');
    const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
    for (const module of modules) {
      const output = outputOf(module.fileName);
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, ts.transpileModule(module.text, { compilerOptions, fileName: output.replace(/\.js$/, '.ts') }).outputText);
    }
    const module = (await import(pathToFileURL(outputOf(fileName)).href)) as Record<string, unknown>;
    return { module, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function commonDirectory(directories: readonly string[], separator: string): string {
  let common = directories[0].split(separator);
  for (const directory of directories.slice(1)) {
    const parts = directory.split(separator);
    let length = 0;
    while (length < common.length && common[length] === parts[length]) length++;
    common = common.slice(0, length);
  }
  return common.join(separator) || separator;
}

type Runtime = typeof import('../../../runtime/node.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

/** The Model behind what a build function returns (a Model, or an Input-headed Sequential). */
function asModel(built: unknown, runtime: Runtime): RuntimeModel {
  if (built instanceof runtime.Model) return built;
  if (built instanceof runtime.Sequential) return built.asModel();
  throw new CommandError(`the build function returned ${typeof built === 'object' && built ? built.constructor.name : String(built)}, not a Model or Sequential`);
}

/**
 * Data that does not fit: the runtime's message names the channel, the expected and the given shape.
 * `part` says when the fault is only in the test samples (a ragged JSON file), whose sample count would puzzle.
 */
function checkFits(check: () => void, dataName: string, modelName: string, part: string): void {
  try {
    check();
  } catch (error) {
    throw new CommandError(`data '${dataName}' does not fit model '${modelName}'${part}: ${describeError(error)}`);
  }
}

function stringSetting(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new CommandError(`train { ${name} } must be a data set name or a path, found ${JSON.stringify(value)}`);
}

function numberSetting(value: unknown, name: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  throw new CommandError(`train { ${name} } must be a number, found ${JSON.stringify(value)}`);
}

/** `train { callbacks = [...] }`: the callback objects the compiled module made. */
function callbacksSetting(value: unknown): TrainDefaults['callbacks'] {
  if (value === undefined || Array.isArray(value)) return value as TrainDefaults['callbacks'];
  throw new CommandError(`train { callbacks } must be a list of callbacks, found ${JSON.stringify(value)}`);
}

function booleanSetting(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new CommandError(`train { ${name} } must be true or false, found ${JSON.stringify(value)}`);
}

/** Options left unset take the runtime's defaults. */
function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/** Samples in one channel's data, or in the first channel of a dict. */
function sampleCount(data: unknown): number {
  const first = data !== null && typeof data === 'object' && !Array.isArray(data) && !('shape' in data) ? Object.values(data)[0] : data;
  if (Array.isArray(first)) return first.length;
  return (first as { shape: number[] }).shape[0];
}
