/**
 * The stock side of the wasm training benchmark, run as a child process so
 * that none of Keraflow's kernels are registered: tf.layers (4.22) training
 * the same model with model.fit on the backend given.
 *
 *   npx tsx bench/wasm/stock.ts <mlp|cnn> <wasm|cpu> <steps>
 *
 * Prints one JSON line: {side, backend, steps, msPerStep} or {error}.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { MODELS, stockModel, syntheticData, type ModelName, type Timing } from './models.ts';

const [name, backend, stepsArgument] = process.argv.slice(2) as [ModelName, string, string];
const steps = Number(stepsArgument);
const spec = MODELS[name];

try {
  await tf.setBackend(backend);
  const model = stockModel(tfl, name);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const { x, y } = syntheticData(spec, spec.batchSize * steps);
  const xs = tf.tensor(x, [spec.batchSize * steps, ...spec.inputShape]);
  const ys = tf.tensor(y, [spec.batchSize * steps, spec.classes]);
  // One warm-up step: kernel setup, XNNPACK operators, first allocations.
  const first = (t: tf.Tensor) => tf.slice(t, 0, spec.batchSize);
  await model.fit(first(xs), first(ys), { batchSize: spec.batchSize, epochs: 1, verbose: 0 });
  const wallStart = performance.now();
  const start = process.cpuUsage();
  await model.fit(xs, ys, { batchSize: spec.batchSize, epochs: 1, verbose: 0, shuffle: false });
  const used = process.cpuUsage(start);
  // CPU time of this process: robust to other processes on a shared machine.
  const timing: Timing & { wallMsPerStep: number } = {
    side: 'tf.layers',
    backend,
    steps,
    msPerStep: (used.user + used.system) / 1000 / steps,
    wallMsPerStep: (performance.now() - wallStart) / steps,
  };
  console.log(JSON.stringify(timing));
} catch (error) {
  console.log(JSON.stringify({ error: String((error as Error).message ?? error).split('\n')[0] }));
}
