/**
 * Training on the wasm backend: Keraflow (its wasm kernels registered)
 * against stock TensorFlow.js Layers 4.22, side by side in one run.
 *
 *   npx tsx bench/wasm/train.ts [--rounds 3] [--model mlp|cnn] [--cpu-steps 2]
 *
 * Contestants, per model:
 *   Keraflow fit     model.compile + model.fit, in this process, on wasm
 *   Keraflow step    a hand-written step over the same Keraflow model
 *                    (tf.variableGrads + optimizer.applyGradients in one tf.tidy)
 *   tf.layers wasm   stock tf.layers model.fit, in a child process (so none of
 *                    Keraflow's kernels are registered), on wasm
 *   tf.layers cpu    the same on the cpu backend (what a wasm user without
 *                    Keraflow falls back to when wasm cannot train the model)
 * SGD (lr 0.01), categorical crossentropy, the same synthetic data and batch.
 * The machine is shared: contestants run interleaved, in a rotating order,
 * several rounds; times are each process's CPU time per step (user + system),
 * ratios the median over rounds of each round's ratio. GFLOP/s counts the
 * matrix products' and convolutions' multiply-adds (forward, weight
 * gradients, input gradients past the first layer).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '../../runtime/index.ts';
import { loadGradients } from '../../runtime/training/gradients.ts';
import { cpuMilliseconds, timeFit, timeHandWrittenSteps } from './keraflow.ts';
import { MODELS, type ModelName } from './models.ts';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const rounds = Number(argument('rounds', '3'));
const cpuSteps = Number(argument('cpu-steps', '2'));
const models = argument('model', 'mlp,cnn').split(',') as ModelName[];
const WASM_STEPS: Record<ModelName, number> = { mlp: 20, cnn: 20, lstm: 20 };

await setBackend('wasm');
await loadGradients();

interface Result {
  msPerStep?: number;
  error?: string;
}

const run = promisify(execFile);
async function stock(model: ModelName, backend: 'wasm' | 'cpu', steps: number): Promise<Result> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', new URL('./stock.ts', import.meta.url).pathname, model, backend, String(steps)], {
    maxBuffer: 1 << 20,
  });
  const line =
    stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .pop() ?? '{"error":"no output"}';
  return JSON.parse(line) as Result;
}

async function keraflow(kind: 'fit' | 'step', model: ModelName): Promise<Result> {
  const timing = kind === 'fit' ? await timeFit(model, WASM_STEPS[model]) : await timeHandWrittenSteps(model, WASM_STEPS[model]);
  return { msPerStep: timing.msPerStep };
}

/** The machine's wasm matrix-multiply rate right now: a plain 128×784 · 784×512 product, its packed operand cached. */
async function wasmMatMulRate(): Promise<number> {
  const a = tf.randomNormal([128, 784]);
  const b = tf.randomNormal([784, 512]);
  tf.tidy(() => void tf.matMul(a, b).dataSync());
  const { cpu } = await cpuMilliseconds(() => {
    for (let i = 0; i < 20; i++) tf.tidy(() => void tf.matMul(a, b).dataSync());
  });
  a.dispose();
  b.dispose();
  return (2 * 128 * 784 * 512 * 20) / cpu / 1e6;
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

const contestants = ['Keraflow fit', 'Keraflow step', 'tf.layers wasm', 'tf.layers cpu'] as const;
type Contestant = (typeof contestants)[number];

for (const model of models) {
  const spec = MODELS[model];
  const times: Record<Contestant, number[]> = { 'Keraflow fit': [], 'Keraflow step': [], 'tf.layers wasm': [], 'tf.layers cpu': [] };
  const errors: Partial<Record<Contestant, string>> = {};
  for (let round = 0; round < rounds; round++) {
    const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]);
    for (const contestant of order) {
      // tf.layers on cpu is slow (seconds a step): fewer steps, and the MLP only once.
      if (contestant === 'tf.layers cpu' && model === 'mlp' && round > 0) continue;
      if (errors[contestant]) continue;
      const result =
        contestant === 'Keraflow fit'
          ? await keraflow('fit', model)
          : contestant === 'Keraflow step'
            ? await keraflow('step', model)
            : contestant === 'tf.layers wasm'
              ? await stock(model, 'wasm', WASM_STEPS[model])
              : await stock(model, 'cpu', cpuSteps);
      if (result.error) errors[contestant] = result.error;
      else times[contestant].push(result.msPerStep!);
      process.stderr.write(`${model} round ${round + 1}: ${contestant} ${result.error ?? `${result.msPerStep!.toFixed(1)} ms/step`}\n`);
    }
  }
  const rate = await wasmMatMulRate();
  console.log(`\n${spec.title}: ${(spec.flopsPerStep / 1e9).toFixed(3)} GFLOP a step; wasm matmul now ${rate.toFixed(1)} GFLOP/s`);
  console.log('| contestant | CPU ms/step | GFLOP/s | Keraflow fit is faster by |');
  console.log('| --- | --- | --- | --- |');
  for (const contestant of contestants) {
    if (errors[contestant]) {
      console.log(`| ${contestant} | cannot train: ${errors[contestant]} | | |`);
      continue;
    }
    const ms = median(times[contestant]);
    // Per-round ratios against Keraflow fit of the same round (the cpu MLP ran in round 1 only).
    const ratios = times[contestant].map((t, i) => t / times['Keraflow fit'][i]);
    const ratio = contestant === 'Keraflow fit' ? '' : `${median(ratios).toFixed(1)}× (rounds: ${ratios.map((r) => r.toFixed(1)).join(', ')})`;
    console.log(`| ${contestant} | ${ms.toFixed(1)} | ${(spec.flopsPerStep / ms / 1e6).toFixed(2)} | ${ratio} |`);
  }
}
