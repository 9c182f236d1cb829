/**
 * Training in a worker, so that the page stays responsive: the text is
 * compiled by `compile()` to the very TypeScript `keraflow compile` writes,
 * transpiled and run against the browser runtime (wasm backend, with threads
 * when the page is cross-origin isolated); the model trains on a built-in
 * data set or a dropped JSON file, reports each batch and epoch, stops when
 * asked after the current batch, and ends with the held-out metrics and the
 * files to download. The compiler (ts-morph, TypeScript) is loaded only
 * here, on the first training.
 */
import type { DataChoice, DownloadFile, TrainMessage, TrainRequest } from './training-protocol.ts';
import type { Dataset } from '../../runtime/datasets/dataset.ts';
import { decodeDataset, type DatasetHeader } from './dataset-file.ts';

const post = (message: TrainMessage) => (self as unknown as Worker).postMessage(message);
let stopRequested = false;

self.addEventListener('message', (event: MessageEvent<TrainRequest | { type: 'stop' }>) => {
  if (event.data.type === 'stop') {
    stopRequested = true;
    return;
  }
  stopRequested = false;
  train(event.data).catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});

type Runtime = typeof import('../../runtime/index.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

async function train(request: TrainRequest): Promise<void> {
  post({ type: 'status', text: 'loading the compiler and the runtime…' });
  const [{ compile }, runtime, { runGenerated }] = await Promise.all([import('../../compiler/compile.ts'), import('../../runtime/index.ts'), import('./run-generated.ts')]);

  // 1. Compile, exactly as `keraflow train` does; errors stop here (the editor shows them).
  const fileName = '/examples/playground.kf';
  const compiled = compile({ fileName, text: request.text });
  const errors = compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    throw new Error(`the text has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: line ${first.range.start.line + 1}: ${first.code} ${first.message}): fix them to train`);
  }
  const models = compiled.models.filter((model) => model.location.fileName === fileName).map((model) => model.name);
  const modelName = request.model ?? models[0];
  if (modelName === undefined || !models.includes(modelName)) {
    throw new Error(
      models.length === 0 ? "the text has no model to train: expected a 'model' or a 'sequential' whose first item is Input(...)" : `no model '${modelName}'; the text's models: ${models.join(', ')}`,
    );
  }
  const names = compiled.modules.find((module) => module.fileName === fileName)!.exports.models.find((model) => model.name === modelName)!;
  const generated = runGenerated(compiled.modules, fileName, runtime);
  const build = generated[names.build];
  if (typeof build !== 'function') throw new Error(`the compiled code has no ${names.build}() for model '${modelName}'`);
  const defaults = (generated[names.train] ?? {}) as { batchSize?: number; epochs?: number; validationSplit?: number; shuffle?: boolean };

  // 2. The data, checked against the model's inputs and outputs with the runtime's own messages.
  post({ type: 'status', text: 'loading the data…' });
  const dataset = await loadData(request.data);
  const built = (build as () => unknown)();
  const model: RuntimeModel = built instanceof runtime.Sequential ? built.asModel() : (built as RuntimeModel);
  for (const [part, samples] of [
    ['', dataset.train],
    [' (the held-out samples)', dataset.test],
  ] as const) {
    try {
      runtime.checkDataFitsModel(model, samples);
    } catch (error) {
      throw new Error(`${dataset.name} does not fit model '${modelName}'${part}: ${(error as Error).message}`);
    }
  }

  // 3. Train, a batch at a time: progress, curves after each epoch, and a chance to stop.
  const epochs = request.epochs ?? defaults.epochs ?? 10;
  const batchSize = defaults.batchSize ?? 32;
  const validationSplit = defaults.validationSplit ?? 0;
  const trainCount = Math.round(sampleCount(dataset.train.y) * (1 - validationSplit));
  const steps = Math.ceil(trainCount / batchSize);
  const history: Record<string, number[]> = {};
  const { historyToSvg } = await import('../../runtime/training/history-chart.ts');
  post({ type: 'status', text: `training ${modelName} on ${dataset.description} (backend: ${runtime.describeBackend()})` });
  const fitted = built as { fit: RuntimeModel['fit']; stopTraining: boolean };
  let epochNow = 0;
  await fitted.fit(dataset.train.x, dataset.train.y, {
    epochs,
    batchSize,
    validationSplit,
    shuffle: defaults.shuffle ?? true,
    verbose: 0,
    callbacks: {
      onEpochBegin: (epoch: number) => void (epochNow = epoch),
      onBatchEnd: async (batch: number) => {
        post({ type: 'progress', epoch: epochNow, epochs, batch: batch + 1, steps });
        // Let the stop message in: it is a task, and the batches are microtasks.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (stopRequested) fitted.stopTraining = true;
      },
      onEpochEnd: async (epoch: number, logs: Record<string, number>) => {
        for (const [name, value] of Object.entries(logs)) (history[name] ??= []).push(value);
        const svg = await historyToSvg(history, { title: modelName });
        post({ type: 'epoch', epoch, logs, svg });
      },
    },
  });

  // 4. Measure on the samples training never saw, and offer the files.
  post({ type: 'status', text: 'measuring on the held-out samples…' });
  const scores = await model.evaluate(dataset.test.x, dataset.test.y, { batchSize });
  const test = Object.fromEntries(model.metricsNames.map((name, index) => [name, scores[index]]));
  post({
    type: 'done',
    model: modelName,
    stopped: stopRequested,
    test,
    testCount: sampleCount(dataset.test.y),
    files: await downloads(model, modelName, compiled.modules.find((module) => module.fileName === fileName)!.text),
  });
}

/** A data set as `keraflow train` has it, and the name the page showed for it. */
interface LoadedData extends Dataset {
  name: string;
}

async function loadData(choice: DataChoice): Promise<LoadedData> {
  if ('file' in choice) {
    // The runtime's own reader of JSON data files, on the page's small in-memory disk.
    const { addFile } = await import('../shims/node-fs.ts');
    const { loadJsonDataset } = await import('../../runtime/datasets/json-file.ts');
    const path = `/data/${choice.file.name}`;
    addFile(path, choice.file.text);
    return { name: choice.file.name, ...loadJsonDataset(path, choice.file.name) };
  }
  // data/ is beside assets/, where this worker's bundle is (a variable, not import.meta.url itself: Vite would take the URL for a file to bundle).
  const bundleUrl = import.meta.url;
  const base = new URL(`../data/${choice.builtIn}`, bundleUrl).href;
  const [header, body] = await Promise.all([
    fetch(`${base}.json`).then((response) => checked(response).json() as Promise<DatasetHeader>),
    fetch(`${base}.bin`).then(async (response) => new Uint8Array(await checked(response).arrayBuffer())),
  ]);
  return { name: choice.builtIn, ...decodeDataset(header, body) };
}

function checked(response: Response): Response {
  if (!response.ok) throw new Error(`cannot fetch ${response.url}: HTTP ${response.status}`);
  return response;
}

function sampleCount(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (data && typeof data === 'object' && 'shape' in data) return (data as { shape: number[] }).shape[0];
  if (data && typeof data === 'object') return sampleCount(Object.values(data)[0]);
  return 0;
}

async function downloads(model: RuntimeModel, name: string, typescript: string): Promise<{ keraflow: DownloadFile[]; tfjs: DownloadFile[]; typescript: DownloadFile[] }> {
  const saved = await model.saveToBytes({ indent: 2 });
  const keraflow = [
    { name: `${name}.json`, type: 'application/json', bytes: saved.architecture },
    { name: `${name}.safetensors`, type: 'application/octet-stream', bytes: saved.weights },
  ];
  let tfjs: DownloadFile[] = [];
  try {
    const artifacts = await model.exportTfjsArtifacts();
    const weightsFile = `${name}.weights.bin`;
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
    };
    tfjs = [
      { name: `${name}.tfjs.json`, type: 'application/json', bytes: `${JSON.stringify(modelJson, null, 2)}\n` },
      { name: weightsFile, type: 'application/octet-stream', bytes: new Uint8Array(artifacts.weightData) },
    ];
  } catch {
    // A layer without a TensorFlow.js counterpart: the Keraflow files still hold the model.
  }
  return { keraflow, tfjs, typescript: [{ name: `${name}.ts`, type: 'text/typescript', bytes: typescript }] };
}
