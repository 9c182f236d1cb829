/**
 * What reading the loss back every batch costs, against keeping the running
 * sums on the device and reading them once per epoch (what fit does unless a
 * callback has batch hooks). A small model, so that per-batch costs show:
 * MLP 64-128-10, batch 32, 64 batches per epoch. Interleaved rounds, CPU time.
 *
 *   npx tsx bench/fit/read-back.ts --backend cpu|wasm
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dense, Input, Model, SGD, setBackend, type BackendName } from '../../runtime/index.ts';

const index = process.argv.indexOf('--backend');
const backend = (index >= 0 ? process.argv[index + 1] : 'wasm') as BackendName;
await setBackend(backend);

const input = new Input([64]);
const model = new Model(input, new Dense(10, { activation: 'softmax' }).apply(new Dense(128, { activation: 'relu' }).apply(input)));
model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'categorical_crossentropy', metrics: ['acc'] });
const x = tf.randomNormal([2048, 64]);
const y = tf.cast(tf.oneHot(tf.randomUniform([2048], 0, 10, 'int32'), 10), 'float32');

const ways = {
  'sums on the device, one read per epoch': () => model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 }),
  'a read (and a check) every batch': () => model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, callbacks: [{ onBatchEnd() {} }] }),
};
const times = new Map<string, number[]>(Object.keys(ways).map((k) => [k, []]));
for (const way of Object.values(ways)) await way();
for (let round = 0; round < 21; round++) {
  for (const [name, way] of Object.entries(ways)) {
    const start = process.cpuUsage();
    await way();
    const used = process.cpuUsage(start);
    times.get(name)!.push((used.user + used.system) / 1000);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`MLP 64-128-10, batch 32, 64 batches per epoch — ${backend}, median CPU ms per epoch of 21 rounds`);
for (const [name, t] of times) console.log(`${name.padEnd(40)} ${median(t).toFixed(1)} ms`);
tf.dispose([x, y]);
