/**
 * Files the build ships beside the page's code: the wasm backend's three
 * binaries (in assets/, beside the training worker's bundle, where the
 * runtime looks for them) and the built-in data sets (data/mnist.*,
 * data/iris.*), written from the runtime's own loaders.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import type { Dataset } from '../runtime/datasets/dataset.ts';
import type { TypedArrayWithShape } from '../runtime/engine/data.ts';
import { encodeDataset, type ShapedArray } from './src/dataset-file.ts';

const wasmBinaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

export function wasmBinariesPlugin(): Plugin {
  return {
    name: 'keraflow-wasm-binaries',
    apply: 'build',
    generateBundle() {
      // The package's entry is in its dist/, beside the binaries.
      const folder = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
      for (const name of wasmBinaries) this.emitFile({ type: 'asset', fileName: `assets/${name}`, source: readFileSync(join(folder, name)) });
    },
  };
}

/**
 * The MNIST samples the page ships (about 2 MB, fetched only to train on them): every training digit, for the MLP to
 * pass 0.8 held-out accuracy in one epoch as `keraflow train` does (3,000 leave it near 0.76), and 1,000 held out.
 */
const mnistSample = { train: Number.POSITIVE_INFINITY, test: 1000 };

export function datasetsPlugin(): Plugin {
  return {
    name: 'keraflow-datasets',
    apply: 'build',
    async generateBundle() {
      const { loadMnist } = await import('../runtime/datasets/mnist.ts');
      const { loadIris } = await import('../runtime/datasets/iris.ts');
      const datasets = { mnist: sample(loadMnist(), mnistSample), iris: whole(loadIris()) };
      for (const [name, dataset] of Object.entries(datasets)) {
        const { header, body } = encodeDataset(dataset);
        this.emitFile({ type: 'asset', fileName: `data/${name}.json`, source: JSON.stringify(header) });
        this.emitFile({ type: 'asset', fileName: `data/${name}.bin`, source: body });
      }
    },
  };
}

function whole(dataset: Dataset) {
  return sample(dataset, { train: Number.POSITIVE_INFINITY, test: Number.POSITIVE_INFINITY });
}

/** The first samples of each part (the loaders' splits are already shuffled). */
function sample(dataset: Dataset, counts: { train: number; test: number }) {
  const rows = (array: unknown, count: number): ShapedArray => {
    const { data, shape } = array as TypedArrayWithShape;
    const kept = Math.min(count, shape[0]);
    const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    return { data: Float32Array.from(data.subarray(0, kept * rowSize)), shape: [kept, ...shape.slice(1)] };
  };
  const train = { x: rows(dataset.train.x, counts.train), y: rows(dataset.train.y, counts.train) };
  const test = { x: rows(dataset.test.x, counts.test), y: rows(dataset.test.y, counts.test) };
  const complete = train.x.shape[0] === (dataset.train.x as TypedArrayWithShape).shape[0] && test.x.shape[0] === (dataset.test.x as TypedArrayWithShape).shape[0];
  const description = complete ? dataset.description : `${dataset.description.split(';')[0]}; ${train.x.shape[0]} for training, ${test.x.shape[0]} held out for testing`;
  return { description, train, test };
}
