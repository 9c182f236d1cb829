/**
 * Keraflow in Node: everything of runtime/index.ts (the browser entry), plus
 * what needs Node — `saveToFile` / `loadFromFile` with paths and
 * `exportTfjs(directory)` (files, written atomically), the native
 * `tensorflow` backend (@tensorflow/tfjs-node, when installed), and the data
 * sets `keraflow train` reads (`loadDataset`: the embedded MNIST and iris,
 * JSON files), and the training curves as SVG (`historyToSvg`: Vega, 1.5 MB
 * that a page bundle need not carry). In Node, `import ... from 'keraflow'`
 * resolves here (the "node" export condition; also 'keraflow/node'); a
 * bundler building for the browser resolves runtime/index.ts.
 */
// First: the native backend and the file features are provided before index.ts starts a backend.
import './node-setup.ts';

export * from './index.ts';
export { loadDataset, builtInDatasets } from './datasets/index.ts';
export { historyToSvg, historyChartSpec, type HistoryChartOptions } from './training/history-chart.ts';
