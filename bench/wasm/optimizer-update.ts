/**
 * The optimizers' updates on wasm, fused (one pass of Keraflow's
 * WebAssembly per parameter: runtime/backends/wasm/update.ts) against the
 * same rule as tfjs's ops (one kernel a operation), over the parameters of
 * the MLP 784-512-512-10 (670 k values), interleaved rounds, this thread's
 * CPU time per update (the median round).
 *
 *   npx tsx bench/wasm/optimizer-update.ts [--rounds 9]
 */
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '../../runtime/backends/backend.ts';
import { Adadelta, Adagrad, Adam, Adamax, type Optimizer, RMSprop, SGD } from '../../runtime/training/optimizers/index.ts';
import { OPTIMIZER_UPDATE_KERNEL } from '../../runtime/training/optimizers/update-rules.ts';

await setBackend('wasm');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 9;
const fusedKernel = tf.getKernel(OPTIMIZER_UPDATE_KERNEL, 'wasm');
if (!fusedKernel) throw new Error(`${OPTIMIZER_UPDATE_KERNEL} is not registered for wasm`);
/** Registers the fused kernel, or removes it (the optimizers then use tfjs's ops). */
const useFused = (on: boolean) => {
  if (tf.getKernel(OPTIMIZER_UPDATE_KERNEL, 'wasm')) tf.unregisterKernel(OPTIMIZER_UPDATE_KERNEL, 'wasm');
  if (on) tf.registerKernel(fusedKernel);
};

const shapes = [[784, 512], [512], [512, 512], [512], [512, 10], [10]];
const parameters = shapes.map((shape) => tf.variable(tf.randomNormal(shape)));
const gradients = shapes.map((shape) => tf.mul(tf.randomNormal(shape), 0.01));
const optimizers: [string, () => Optimizer][] = [
  ['SGD', () => new SGD({ lr: 0.01 })],
  ['SGD, momentum 0.9', () => new SGD({ lr: 0.01, momentum: 0.9 })],
  ['RMSprop', () => new RMSprop()],
  ['Adam', () => new Adam()],
  ['Adagrad', () => new Adagrad()],
  ['Adadelta', () => new Adadelta()],
  ['Adamax', () => new Adamax()],
];

function cpuMsPerUpdate(optimizer: Optimizer, updates: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < updates; i++) optimizer.applyGradients(parameters, gradients);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / updates;
}

console.log('| optimizer | tfjs ops | fused | |');
console.log('| --- | --- | --- | --- |');
for (const [name, make] of optimizers) {
  const optimizer = make();
  optimizer.prepare(parameters);
  const times: Record<'ops' | 'fused', number[]> = { ops: [], fused: [] };
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? (['fused', 'ops'] as const) : (['ops', 'fused'] as const)) {
      useFused(side === 'fused');
      cpuMsPerUpdate(optimizer, 3);
      times[side].push(cpuMsPerUpdate(optimizer, 30));
    }
  }
  useFused(true);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const [ops, fused] = [median(times.ops), median(times.fused)];
  console.log(`| ${name} | ${ops.toFixed(2)} ms | ${fused.toFixed(2)} ms | ${(ops / fused).toFixed(1)}× |`);
}
