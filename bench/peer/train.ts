/**
 * Keraflow on wasm against what a user would otherwise train with, in one
 * run: the MLP, CNN and LSTM of bench/wasm/models.ts (SGD lr 0.01,
 * categorical crossentropy, the same batch), trained by
 *   Keraflow fit, 1 thread   model.fit on wasm, the pool set to one thread
 *   Keraflow fit, N threads  the same with N threads (KERAFLOW_THREADS, else
 *                            the available cores): N replicas of the model,
 *                            on the main thread and N-1 worker threads, or N
 *                            (data-parallel fit), started before the rounds;
 *                            CPU time per step by thread is reported too (Linux)
 *   Keraflow fit, N threads, no replicas
 *                            the same with replicas off: the wasm backend's
 *                            pool alone splits products and convolutions, as
 *                            fit does when it finds its replicas slower; the
 *                            faster of the two N-thread sides is fit's choice,
 *                            which the ratios to the peers use
 *   tf.layers wasm           stock tf.layers 4.22 in a child process (tfjs's
 *                            own wasm build: one thread in Node)
 *   Keras 3 JAX              keras_peer.py, when a Python with keras and jax
 *                            is found (KERAFLOW_PYTHON, else .venv-keras/):
 *                            XLA on the CPU, all cores
 *   Keras 3 JAX, 1 core      the same pinned to one CPU (Linux): the peer's
 *                            own scaling from 1 to N cores, beside Keraflow's
 *
 *   npx tsx bench/peer/train.ts [--rounds 3] [--model mlp,lstm,cnn] [--steps 10] [--threads-only] [--workers-only]
 *
 * --threads-only runs the two Keraflow sides alone (more rounds in the time).
 * --workers-only has N workers compute the N slices, the main thread only
 * handing them out and applying the sum, instead of the main thread and N-1
 * workers (replicaPolicy.mainThreadSlice). --spin-ms sets how long a thread
 * waiting for another polls before it sleeps (replicaPolicy.spinMs; 0: it
 * sleeps at once).
 *
 * Threads make CPU time a sum over threads, so every figure here is wall
 * time per step, and the machine being shared, the contestants run
 * interleaved, in a rotating order, for several rounds; ratios are the
 * median of each round's ratio. GFLOP counts the products' and convolutions'
 * multiply-adds (bench/wasm/models.ts). The scaling is also given from each
 * side's best round, the one least slowed by other work on the machine.
 */
import { spawn, spawnSync, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
// First: the Node entry provides the threaded wasm build before the runtime starts its backend.
import { describeBackend, setBackend, setThreads } from '../../runtime/node.ts';
import * as tf from '@tensorflow/tfjs-core';
import { threadCount } from '../../runtime/backends/wasm-threads.ts';
import { loadGradients } from '../../runtime/training/gradients.ts';
import { keraflowModel, timeFit } from '../wasm/keraflow.ts';
import type { Model } from '../../runtime/index.ts';
import { describeReplicas, replicaCpuMs, replicaFailure, replicaPolicy, replicaStepsDone, whenReplicasReady } from '../../runtime/training/parallel/replicas.ts';
import { MODELS, type ModelName } from '../wasm/models.ts';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const rounds = Number(argument('rounds', '3'));
const steps = Number(argument('steps', '10'));
// The CNN last: its convolutions give XNNPACK's pool the threads for the rest of the process (runtime/backends/README.md, Threads),
// where the others' element-wise ops would then meet it.
const models = argument('model', 'mlp,lstm,cnn').split(',') as ModelName[];

await setBackend('wasm');
await loadGradients();
const threads = threadCount();
process.stderr.write(`backend: ${describeBackend()}\n`);

/** A Python with Keras 3 on JAX, or why there is none. */
function kerasPython(): { python?: string; reason: string } {
  const candidate = process.env.KERAFLOW_PYTHON || new URL('../../.venv-keras/bin/python', import.meta.url).pathname;
  if (!existsSync(candidate)) return { reason: `no Python at ${candidate} (set KERAFLOW_PYTHON)` };
  const probe = spawnSync(candidate, ['-c', 'import keras, jax'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, encoding: 'utf8' });
  return probe.status === 0 ? { python: candidate, reason: '' } : { reason: `${candidate} lacks keras or jax` };
}

/** keras_peer.py for one model, kept running: each epoch() trains one epoch and resolves to its wall ms per step. */
async function startKeras(python: string, model: ModelName, cores?: number): Promise<{ epoch(): Promise<number>; stop(): void }> {
  const child = spawn(python, [new URL('./keras_peer.py', import.meta.url).pathname, model, String(steps), ...(cores ? [String(cores)] : [])], {
    env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`keras_peer.py ${model} ended`);
    return JSON.parse(value) as { msPerStep?: number };
  };
  await next(); // ready: compiled and warmed up
  return {
    epoch: async () => {
      child.stdin.write('epoch\n');
      return (await next()).msPerStep!;
    },
    stop: () => child.stdin.end(),
  };
}

const run = promisify(execFile);
/** Why stock tf.layers cannot train a model on wasm (the CNN: a gradient kernel is missing), by model. */
const stockErrors = new Map<ModelName, string>();
async function stockWasm(model: ModelName): Promise<number> {
  if (stockErrors.has(model)) return Number.NaN;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', new URL('../wasm/stock.ts', import.meta.url).pathname, model, 'wasm', String(steps)]);
  const result = JSON.parse(
    stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .pop()!,
  ) as { wallMsPerStep?: number; error?: string };
  if (result.error) stockErrors.set(model, result.error);
  return result.wallMsPerStep ?? Number.NaN;
}

/** Per model, the one trained on N threads: its replicas' worker threads start once, before the rounds, and stay. */
const replicated = new Map<ModelName, Model>();
/** CPU ms per step, by model: the whole process on 1 thread; on N, the whole process, the main thread's and each worker's. */
const cpu = new Map<ModelName, { one: number[]; many: number[]; main: number[]; replicas: number[][]; rest: number[] }>();

/** The calling thread's CPU ms (Linux: /proc/thread-self, 10 ms ticks). */
function mainThreadCpuMs(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function keraflowFit(model: ModelName, count: number): Promise<number> {
  await setThreads(count);
  const record = cpu.get(model) ?? { one: [], many: [], main: [], replicas: [], rest: [] };
  cpu.set(model, record);
  if (count === 1) {
    const timing = await timeFit(model, steps);
    record.one.push(timing.msPerStep);
    return timing.wallMsPerStep;
  }
  let trained = replicated.get(model);
  if (!trained) {
    trained = keraflowModel(model);
    replicated.set(model, trained);
    // Started at once, and kept even when slower (a busy machine): the bench measures them.
    Object.assign(replicaPolicy, { minStepMs: 0, minRemainingMs: 0, warmUpSteps: 1, timedSteps: 1, judgeAfterSteps: Infinity });
    await timeFit(model, 2, trained);
    const ready = await whenReplicasReady(trained);
    process.stderr.write(`${model}: training on ${ready ? describeReplicas(trained) : `1 replica (${replicaFailure(trained) ?? describeReplicas(trained)})`}\n`);
  }
  const [stepsBefore, cpuBefore, mainBefore] = [replicaStepsDone(trained), replicaCpuMs(trained), mainThreadCpuMs()];
  const timing = await timeFit(model, steps, trained);
  const mainMs = (mainThreadCpuMs() - mainBefore) / (steps + 1);
  // The timed fit and its one-batch warm-up: every step on the replicas once they are ready.
  const onReplicas = replicaStepsDone(trained) - stepsBefore;
  if (onReplicas < steps + 1) process.stderr.write(`${model}: only ${onReplicas} of ${steps + 1} steps ran on replicas\n`);
  const perReplica = replicaCpuMs(trained).map((ms, index) => (ms - cpuBefore[index]) / onReplicas);
  record.many.push(timing.msPerStep);
  record.main.push(mainMs);
  record.rest.push(timing.msPerStep - mainMs - perReplica.reduce((a, b) => a + b, 0));
  record.replicas.push(perReplica);
  return timing.wallMsPerStep;
}

/** A fit on `count` threads without replicas: the wasm pool alone splits the products and convolutions (fit's other way to use the threads). */
async function keraflowPoolFit(model: ModelName, count: number): Promise<number> {
  // After a fit on replicas the pool has lent its threads: setThreads gives it `count` again.
  await setThreads(count);
  const policy = { ...replicaPolicy };
  replicaPolicy.minStepMs = Infinity;
  try {
    return (await timeFit(model, steps)).wallMsPerStep;
  } finally {
    Object.assign(replicaPolicy, policy);
  }
}

/** The wasm matrix-multiply rate on `count` threads: a 128×784 · 784×512 product, the same operands each call (the SIMD ceiling). */
async function matMulRate(count: number): Promise<number> {
  await setThreads(count);
  const [a, b] = [tf.randomNormal([128, 784]), tf.randomNormal([784, 512])];
  tf.tidy(() => void tf.matMul(a, b).dataSync());
  // The products' helper threads start with the first large product; their workers load meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let i = 0; i < 5; i++) tf.tidy(() => void tf.matMul(a, b).dataSync());
  const start = performance.now();
  for (let i = 0; i < 20; i++) tf.tidy(() => void tf.matMul(a, b).dataSync());
  const ms = performance.now() - start;
  tf.dispose([a, b]);
  return (2 * 128 * 784 * 512 * 20) / ms / 1e6;
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

const threadsOnly = process.argv.includes('--threads-only');
replicaPolicy.mainThreadSlice = !process.argv.includes('--workers-only');
replicaPolicy.spinMs = Number(argument('spin-ms', String(replicaPolicy.spinMs)));
const keras = threadsOnly ? { reason: '--threads-only' } : kerasPython();
if (!keras.python) process.stderr.write(`Keras 3 on JAX: skipped, ${keras.reason}\n`);
const one = 'Keraflow, 1 thread';
const many = `Keraflow, ${threads} threads`;
const pool = `Keraflow, ${threads} threads, no replicas`;
const peerOneCore = 'Keras 3 JAX, 1 core';
// Pinning a process to CPUs (os.sched_setaffinity) is Linux's.
const peerScaling = keras.python !== undefined && process.platform === 'linux' && threads > 1;
const contestants = [one, many, pool, ...(threadsOnly ? [] : ['tf.layers wasm']), ...(keras.python ? ['Keras 3 JAX'] : []), ...(peerScaling ? [peerOneCore] : [])];

// Before the models: once a convolution has grown XNNPACK's pool, its polling threads share the cores with the products' helpers.
const ceiling = [await matMulRate(1), await matMulRate(threads)];
const rows: string[] = [];
const cpuRows: string[] = [];
for (const model of models) {
  const spec = MODELS[model];
  const peer = keras.python ? await startKeras(keras.python, model) : undefined;
  const peerOnOneCore = peerScaling ? await startKeras(keras.python!, model, 1) : undefined;
  const times: Record<string, number[]> = Object.fromEntries(contestants.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const contestant of contestants.map((_, i) => contestants[(i + round) % contestants.length])) {
      const ms =
        contestant === one
          ? await keraflowFit(model, 1)
          : contestant === many
            ? await keraflowFit(model, threads)
            : contestant === pool
              ? await keraflowPoolFit(model, threads)
              : contestant === 'tf.layers wasm'
                ? await stockWasm(model)
                : contestant === peerOneCore
                  ? await peerOnOneCore!.epoch()
                  : await peer!.epoch();
      times[contestant][round] = ms;
      process.stderr.write(`${model} round ${round + 1}: ${contestant} ${ms.toFixed(1)} ms/step\n`);
    }
  }
  peer?.stop();
  peerOnOneCore?.stop();
  const samplesPerSecond = (name: string) => (spec.batchSize * 1000) / median(times[name]);
  const gflops = (name: string) => spec.flopsPerStep / median(times[name]) / 1e6;
  // Fit's choice on N threads: replicas, or the pool alone when they are slower (fit judges its replicas after a few steps).
  const speedUp = (side: string) => median(times[one].map((ms, round) => ms / times[side][round]));
  const chosen = speedUp(pool) > speedUp(many) ? pool : many;
  /** Median over rounds of `name`'s time over Keraflow-on-N-threads' time (fit's choice; > 1: Keraflow faster). */
  const ratio = (name: string) => median(times[name].map((ms, round) => ms / times[chosen][round])).toFixed(2);
  const scalingOf = (side: string) => `${speedUp(side).toFixed(2)}× (best: ${(Math.min(...times[one]) / Math.min(...times[side])).toFixed(2)}×)`;
  const scaling = `${chosen === many ? '**' : ''}${scalingOf(many)}${chosen === many ? '**' : ''} | ${chosen === pool ? '**' : ''}${scalingOf(pool)}${chosen === pool ? '**' : ''}`;
  const stock = threadsOnly ? 'not run' : stockErrors.has(model) ? `cannot train: ${stockErrors.get(model)}` : ratio('tf.layers wasm');
  const peerColumn = keras.python ? `${ratio('Keras 3 JAX')} (${samplesPerSecond('Keras 3 JAX').toFixed(0)} samples/s)` : 'not run';
  const peerScalingColumn = peerScaling ? `${median(times[peerOneCore].map((ms, round) => ms / times['Keras 3 JAX'][round])).toFixed(2)}×` : 'not run';
  const sides = `${samplesPerSecond(one).toFixed(0)} (${gflops(one).toFixed(1)}) | ${samplesPerSecond(chosen).toFixed(0)} (${gflops(chosen).toFixed(1)})`;
  rows.push(`| ${spec.title} | ${sides} | ${scaling} | ${stock} | ${peerColumn} | ${peerScalingColumn} |`);
  const use = cpu.get(model)!;
  const mainMs = median(use.main);
  const replicaMs = use.replicas[0].map((_, index) => median(use.replicas.map((round) => round[index])));
  // The main thread and the workers run at once: a step takes at least its busiest thread's time, and at least the whole CPU time shared by the cores.
  const critical = Math.max(mainMs, ...replicaMs, median(use.many) / threads);
  cpuRows.push(
    `| ${spec.title} | ${median(use.one).toFixed(1)} | ${median(use.many).toFixed(1)} | ${mainMs.toFixed(1)} | ${replicaMs.map((ms) => ms.toFixed(1)).join(', ')} | ${median(use.rest).toFixed(1)} | ${(median(use.one) / critical).toFixed(2)}× |`,
  );
}

console.log(`\nwasm SIMD product 128×784·784×512 at the start: ${ceiling[0].toFixed(1)} GFLOP/s on 1 thread, ${ceiling[1].toFixed(1)} on ${threads}; ${rounds} rounds of ${steps} steps, wall time`);
console.log(`scaling 1 → ${threads}: median of per-round ratios (best rounds), on replicas and on the pool alone; in bold the faster, fit's choice, which the other columns use`);
console.log(
  `| model | Keraflow 1 thread: samples/s (GFLOP/s) | ${threads} threads | scaling, replicas | scaling, pool alone | vs tf.layers wasm | vs Keras 3 JAX (its samples/s) | Keras 3 JAX's own scaling 1 → ${threads} cores |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
// CPU time is what the load average does not change much: on N threads a step lasts at least as long as its busiest thread, and as the whole CPU time over N cores.
const slicing = replicaPolicy.mainThreadSlice ? 'the main thread computes one slice and each worker one' : 'each worker computes one slice, the main thread hands them out and applies the sum';
console.log(
  `\nCPU ms per step (thread CPU, Linux, 10 ms ticks; medians over rounds; each timed fit and its one-step warm-up sync the replicas once: 2 syncs per ${steps + 1} steps). On ${threads} threads ${slicing};`,
);
console.log(`bound = 1 thread ÷ max(busiest thread, all threads ÷ ${threads}): the scaling an idle ${threads}-core machine would allow`);
console.log(`| model | 1 thread | ${threads} threads: all | main thread | each worker | other threads (the main backend's pool) | bound 1 → ${threads} |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of cpuRows) console.log(row);
