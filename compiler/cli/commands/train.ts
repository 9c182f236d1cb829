/**
 * `keraflow train FILE.kf [--model NAME] [--data mnist|iris|PATH] [--epochs N]
 * [--batch-size N] [--validation-split F] [--save DIR] [--plot OUT.svg] [--backend NAME]`:
 * checks the file, compiles it (and the files it imports) to the very
 * TypeScript `keraflow compile` writes, runs that, and trains the model on a
 * data set. Prints the backend, the data, the model summary, a progress bar
 * per epoch, then the loss and metrics on the held-out test samples.
 * `--save DIR` writes model.json (architecture), model.safetensors (weights),
 * history.json (loss and metrics per epoch) and history.svg (the same as a chart) there. `--plot OUT.svg`
 * draws the loss and metrics per epoch, training and validation (PNG for .png).
 *
 * Settings: a flag wins over the model's `train { ... }`, which wins over
 * the runtime's defaults (batch size 32, 10 epochs, no validation). A data
 * path in the file is relative to the file; on the command line, to the
 * working directory.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { TrainDefaults } from '../../../runtime/training/train-defaults.ts';
import type { CheckedFile } from '../../check/types.ts';

interface TrainOptions {
  model?: string;
  data?: string;
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  save?: string;
  plot?: string;
  backend?: 'cpu' | 'wasm' | 'tensorflow';
}

/** The `train { ... }` settings as the emitted `<model>Train` constant holds them, each checked before use (the module is loaded at run time). */
type LoadedTrainDefaults = { [Setting in keyof TrainDefaults]?: unknown };

/** A problem to report in one line, without a stack trace. */
class TrainError extends Error {}

export const command = new Command('train')
  .description('train a model of a .kf file on a built-in data set (mnist, iris) or a JSON file, and report held-out loss and metrics')
  .argument('<file>', 'the .kf file')
  .option('--model <name>', 'the model to train (default: the first in the file)')
  .option('--data <name-or-path>', "'mnist', 'iris', or a .json file of {x, y} (default: the model's train { data })")
  .option('--epochs <n>', 'passes over the training data', positiveInteger)
  .option('--batch-size <n>', 'samples per gradient update', positiveInteger)
  .option('--validation-split <fraction>', 'fraction of the training samples held out for validation after each epoch', fraction)
  .option('--save <dir>', 'write model.json, model.safetensors, history.json and history.svg to this directory')
  .option('--plot <file>', 'write the loss and metrics per epoch as a chart: .svg (or .png)', chartFile)
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend (default: the best one present)').choices(['cpu', 'wasm', 'tensorflow']))
  .action(async (file: string, options: TrainOptions) => {
    try {
      await train(file, options);
    } catch (error) {
      process.stderr.write(`keraflow train: error: ${describeError(error)}\n`);
      if (process.env.KERAFLOW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  });

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a positive integer, found '${value}'.`);
  }
  return number;
}

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
function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function train(file: string, options: TrainOptions): Promise<void> {
  const { isAbsolute, dirname, extname, resolve } = await import('node:path');
  const { checkFiles, printAllDiagnostics, relativeName } = await import('../check-files.ts');

  // 1. Check: the same diagnostics as `keraflow check`; errors stop here.
  const checked = checkFiles([file]);
  if (!checked) return;
  const { diagnostics } = checked.check;
  if (diagnostics.length > 0) printAllDiagnostics(diagnostics, checked.texts, process.stderr);
  if (diagnostics.some((d) => d.severity === 'error')) {
    process.exitCode = 1;
    return;
  }
  const fileName = checked.fileNames[0];
  const modelName = chooseModel(checked.check.models.filter((m) => m.location.fileName === fileName).map((m) => m.name), options.model, relativeName(fileName));

  // Before any training: a chart with nowhere to go would otherwise fail only after the last epoch.
  if (options.plot) {
    const { existsSync, statSync } = await import('node:fs');
    const folder = dirname(resolve(options.plot));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new TrainError(`cannot write --plot ${options.plot}: ${folder} is not a directory`);
  }

  // 2. The backend, before the runtime starts (importing it starts the best one present, or KERAFLOW_BACKEND's).
  if (options.backend) process.env.KERAFLOW_BACKEND = options.backend;
  // This command's own runtime: runtime/index.ts beside the sources, dist/runtime/index.js beside the built CLI.
  const runtimeUrl = new URL(`../../../runtime/index${extname(import.meta.url)}`, import.meta.url).href;
  // By URL, as the generated modules import it: one module instance, one backend, one Model class.
  const runtime = (await import(runtimeUrl)) as typeof import('../../../runtime/index.ts');
  if (options.backend && runtime.getBackend() !== options.backend) await runtime.setBackend(options.backend);

  // 3. Compile to TypeScript and load it.
  const generated = await loadGenerated(fileName, checked.check.files, checked.texts, runtimeUrl);
  try {
    const build = generatedExport(generated.module, `build${upperFirst(modelName)}`, 'function');
    const defaults = (generatedExport(generated.module, `${lowerFirst(modelName)}Train`, 'object') ?? {}) as LoadedTrainDefaults;
    if (typeof build !== 'function') {
      throw new TrainError(`the code compiled from ${relativeName(fileName)} has no build${upperFirst(modelName)}() for model '${modelName}'`);
    }

    // 4. The settings: flags, then the file's train { ... }.
    const dataName = options.data ?? stringSetting(defaults.data, 'data');
    if (dataName === undefined) {
      throw new TrainError(`no data for model '${modelName}': pass --data (mnist, iris, or a .json file) or set train { data = ... } in ${relativeName(fileName)}`);
    }
    const baseDirectory = options.data !== undefined || isAbsolute(dataName) ? process.cwd() : dirname(fileName);
    const fitOptions = {
      batchSize: options.batchSize ?? numberSetting(defaults.batchSize, 'batch_size'),
      epochs: options.epochs ?? numberSetting(defaults.epochs, 'epochs'),
      validationSplit: options.validationSplit ?? numberSetting(defaults.validationSplit, 'validation_split'),
      shuffle: booleanSetting(defaults.shuffle, 'shuffle'),
      verbose: 1 as const,
    };

    process.stdout.write(`backend: ${runtime.getBackend()}\n`);
    const { checkDataFitsModel, loadDataset } = await import('../../../runtime/datasets/index.ts');
    const dataset = loadDataset(dataName, { baseDirectory });
    process.stdout.write(`data: ${dataset.description}\n`);

    const built = (build as () => unknown)();
    const model = asModel(built, runtime);
    checkFits(() => checkDataFitsModel(model, dataset.train), dataName, modelName, '');
    checkFits(() => checkDataFitsModel(model, dataset.test), dataName, modelName, ' (in the held-out test samples)');
    process.stdout.write(`${model.summary()}\n`);

    // 5. Train, then measure on the samples training never saw.
    const trainable = built as { fit: typeof model.fit; saveToFile: typeof model.saveToFile };
    const history = await trainable.fit.call(built, dataset.train.x, dataset.train.y, withoutUndefined(fitOptions));
    const scores = await model.evaluate(dataset.test.x, dataset.test.y, { batchSize: fitOptions.batchSize });
    const testCount = sampleCount(dataset.test.y);
    const line = model.metricsNames.map((name, index) => `${name}: ${scores[index].toFixed(4)}`).join(' - ');
    process.stdout.write(`test (${testCount} held-out samples): ${line}\n`);

    const chart = async () => {
      const { historyToSvg } = await import('../../../runtime/training/history-chart.ts');
      return historyToSvg(history.history, { epochs: history.epoch, title: modelName });
    };
    if (options.save) {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      mkdirSync(options.save, { recursive: true });
      await trainable.saveToFile.call(built, join(options.save, 'model.json'), join(options.save, 'model.safetensors'), { overwrite: true, indent: 2 });
      writeFileSync(join(options.save, 'history.json'), `${JSON.stringify(history.history, null, 2)}\n`);
      writeFileSync(join(options.save, 'history.svg'), await chart());
      process.stdout.write(`saved model.json, model.safetensors, history.json and history.svg in ${options.save}\n`);
    }
    if (options.plot) {
      const { writeFileSync } = await import('node:fs');
      const svg = await chart();
      const asPng = options.plot.toLowerCase().endsWith('.png');
      writeFileSync(options.plot, asPng ? await (await import('../../graph/render.ts')).svgToPng(svg, { scale: 2 }) : svg);
      process.stdout.write(`plotted the loss and metrics per epoch in ${options.plot}\n`);
    }
  } finally {
    generated.dispose();
  }
}

/** `--model`, or the first model of the file; an unknown name lists the file's models. */
function chooseModel(models: readonly string[], wanted: string | undefined, file: string): string {
  if (models.length === 0) {
    throw new TrainError(`${file} has no model to train: expected a 'model' or a 'sequential' whose first item is Input(...)`);
  }
  if (wanted === undefined) return models[0];
  if (!models.includes(wanted)) {
    throw new TrainError(`${file} has no model '${wanted}'; its models: ${models.join(', ')}`);
  }
  return wanted;
}

/**
 * Emits the TypeScript of the file and of every file it imports, transpiles
 * each to JavaScript with the TypeScript that ts-morph ships, writes it into
 * a temporary directory laid out as the sources are (an emitted module
 * imports `./blocks.js` for `import "./blocks.kf"`), and imports the file's.
 * Plain JavaScript, so that it runs wherever the built CLI runs, with no
 * TypeScript loader.
 */
async function loadGenerated(fileName: string, files: readonly CheckedFile[], texts: ReadonlyMap<string, string>, runtimeUrl: string) {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { dirname, join, relative, sep } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { ts } = await import('ts-morph');
  const { emitTypeScript } = await import('../../emit/index.ts');

  // The file and every file it imports, with the trees the checker parsed.
  const root = commonDirectory(files.map((file) => dirname(file.fileName)), sep);
  const directory = mkdtempSync(join(tmpdir(), 'keraflow-train-'));
  const dispose = () => rmSync(directory, { recursive: true, force: true });
  try {
    // ES modules, as in this package: the runtime they import awaits its backend at the top level.
    writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
    const outputOf = (source: string) => join(directory, relative(root, source).replace(/\.kf$/, '') + '.js');
    const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
    for (const { fileName: source, ast } of files) {
      const output = outputOf(source);
      const typescript = emitTypeScript(ast, { fileName: source, runtimeImport: runtimeUrl, readFile: (path) => texts.get(path) });
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, ts.transpileModule(typescript, { compilerOptions, fileName: output.replace(/\.js$/, '.ts') }).outputText);
    }
    const module = (await import(pathToFileURL(outputOf(fileName)).href)) as Record<string, unknown>;
    return { module, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * An export of the generated module by the name the emitter gives it
 * (`buildFoo`, `fooTrain`), or that name with `_` appended, which the
 * emitter uses when a `.kf` declaration already took it.
 */
function generatedExport(module: Record<string, unknown>, name: string, type: 'function' | 'object'): unknown {
  for (let candidate = name; candidate in module || candidate === name; candidate += '_') {
    if (typeof module[candidate] === type) return module[candidate];
  }
  return undefined;
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

type Runtime = typeof import('../../../runtime/index.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

/** The Model behind what a build function returns (a Model, or an Input-headed Sequential). */
function asModel(built: unknown, runtime: Runtime): RuntimeModel {
  if (built instanceof runtime.Model) return built;
  if (built instanceof runtime.Sequential) return built.asModel();
  throw new TrainError(`the build function returned ${typeof built === 'object' && built ? built.constructor.name : String(built)}, not a Model or Sequential`);
}

/**
 * Data that does not fit: the runtime's message names the channel, the expected and the given shape.
 * `part` says when the fault is only in the test samples (a ragged JSON file), whose sample count would puzzle.
 */
function checkFits(check: () => void, dataName: string, modelName: string, part: string): void {
  try {
    check();
  } catch (error) {
    throw new TrainError(`data '${dataName}' does not fit model '${modelName}'${part}: ${describeError(error)}`);
  }
}

function stringSetting(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new TrainError(`train { ${name} } must be a data set name or a path, found ${JSON.stringify(value)}`);
}

function numberSetting(value: unknown, name: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  throw new TrainError(`train { ${name} } must be a number, found ${JSON.stringify(value)}`);
}

function booleanSetting(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TrainError(`train { ${name} } must be true or false, found ${JSON.stringify(value)}`);
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

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
