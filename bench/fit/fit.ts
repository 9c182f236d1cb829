/**
 * Training throughput, three ways in one run on one backend:
 *   keraflow   model.fit (runtime/training)
 *   tf.layers  the same model with @tensorflow/tfjs-layers' model.fit
 *   hand loop  tfjs ops written out, tf.variableGrads + optimizer.applyGradients
 *              in one tf.tidy per batch: the floor for that backend
 *   hand loop over Keraflow's layers: the same loop around `model.execute`,
 *              to tell the fit loop's own cost from the layers' math (the
 *              LSTMs of Keraflow, tf.layers and the hand loop differ in how
 *              they make the gates' products: the hand loop projects all
 *              steps' inputs at once and unstacks the projection, which on
 *              wasm copies the whole projection per step, see README)
 * Same architecture, initial weights, data, batch size, Adam settings and
 * shuffling (a gather by a permutation per batch) for all. The machine is
 * shared, so the contestants run interleaved, one short epoch each per round,
 * in a rotating order; ratios are the median over rounds of each round's
 * ratio, throughputs the median epoch.
 *
 *   npx tsx bench/fit/fit.ts --backend cpu
 *   npx tsx bench/fit/fit.ts --backend wasm [--rounds 7] [--model mlp|lstm|cnn|lstm40] [--batches 4]
 *
 * Models: mlp (784-512-512-10), lstm (20 steps × 32 features, 64 units),
 * cnn (conv 3×3×32 relu, max 2, conv 3×3×64 relu, max 2, flatten, dense 10
 * softmax; 28×28×1 channels last, batch 64) and lstm40 (40 steps × 8
 * features, 64 units, dense 10 softmax, batch 64). --batches sets the batches
 * per epoch (default: per model and backend).
 *
 * Times are the process's CPU time (user + system), not wall time: on a
 * machine shared with other work, CPU time barely moves when the scheduler
 * lends the cores to someone else, and everything here runs on this
 * process's threads. GFLOP counts the multiply-adds of the matrix products
 * only, three times the forward pass's (forward, and the two products of the
 * backward pass).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adam, Convolution2D, Dense, Flatten, Input, LSTM, Model, Pooling2D, setBackend, type BackendName } from '../../runtime/index.ts';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const backend = argument('backend', 'wasm') as BackendName;
const rounds = Number(argument('rounds', '15'));
const only = argument('model', 'all');
const batchesOverride = process.argv.includes('--batches') ? Number(argument('batches', '0')) : undefined;
/** Batches per epoch: --batches, else the model's default for the backend. */
const batchesPerEpoch = (cpu: number, wasm: number) => batchesOverride ?? (backend === 'cpu' ? cpu : wasm);
await setBackend(backend);

interface Contestant {
  readonly name: string;
  /** One epoch over the data. */
  epoch(): Promise<void>;
  dispose?(): void;
}

interface Bench {
  readonly title: string;
  readonly samples: number;
  readonly flopsPerSample: number;
  readonly contestants: Contestant[];
  dispose(): void;
}

const LR = 0.001;

/** The hand loop's epoch around a Keraflow model's own forward pass. */
function keraflowLayersInHandLoop(model: Model, x: tf.Tensor, y: tf.Tensor, batchSize: number): Contestant {
  const variables = model
    .parameters()
    .filter((p) => p.trainable)
    .map((p) => p.variable);
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-7);
  return {
    name: 'hand+kf layers',
    epoch: async () => handEpoch(x, y, batchSize, variables, optimizer, (xb) => model.execute([xb], { training: true })[0]),
    dispose: () => optimizer.dispose(),
  };
}
/** What every model's bench compares: the same model in Keraflow, in tf.layers, as a hand loop, and Keraflow's layers in the hand loop. */
interface Setup {
  keraflow: Model;
  layers: tfl.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
  batchSize: number;
  /** The hand loop's parameters, optimizer and forward pass. */
  variables: tf.Variable[];
  handOptimizer: tf.Optimizer;
  forward: (x: tf.Tensor) => tf.Tensor;
  /** Tensors the setup made besides these (initial weights). */
  others: tf.Tensor[];
}

function contestantsOf(setup: Setup): Pick<Bench, 'contestants' | 'dispose'> {
  const { keraflow, layers, x, y, batchSize, variables, handOptimizer, forward } = setup;
  return {
    contestants: [
      { name: 'keraflow', epoch: async () => void (await keraflow.fit(x, y, { epochs: 1, batchSize, verbose: 0 })) },
      { name: 'tf.layers', epoch: async () => void (await layers.fit(x, y, { epochs: 1, batchSize, verbose: 0, shuffle: true })) },
      { name: 'hand loop', epoch: async () => handEpoch(x, y, batchSize, variables, handOptimizer, forward) },
      keraflowLayersInHandLoop(keraflow, x, y, batchSize),
    ],
    dispose: () => {
      tf.dispose([x, y, ...setup.others, ...variables, ...keraflow.parameters().map((p) => p.variable)]);
      keraflow.optimizer!.dispose();
      handOptimizer.dispose();
      layers.dispose();
      (layers.optimizer as tf.Optimizer).dispose();
    },
  };
}

const BATCH = 128;

/** The categorical cross-entropy tf.layers computes, for the hand loop. */
function crossEntropy(yTrue: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  const p = tf.clipByValue(tf.div(probabilities, tf.sum(probabilities, -1, true)), 1e-7, 1 - 1e-7);
  return tf.mean(tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1)));
}

/** A hand-written epoch: a permutation, then per batch one tidy with the gradient and the update. */
function handEpoch(x: tf.Tensor, y: tf.Tensor, batchSize: number, variables: tf.Variable[], optimizer: tf.Optimizer, forward: (x: tf.Tensor) => tf.Tensor): void {
  const count = x.shape[0];
  const order = tf.util.createShuffledIndices(count);
  const permutation = tf.tensor1d(Int32Array.from(order), 'int32');
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    tf.tidy(() => {
      const indices = tf.slice(permutation, start, size);
      const xb = tf.gather(x, indices);
      const yb = tf.gather(y, indices);
      const { grads } = tf.variableGrads(() => crossEntropy(yb, forward(xb)), variables);
      optimizer.applyGradients(grads);
    });
  }
  permutation.dispose();
}

function oneHot(count: number, classes: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([count], 0, classes, 'int32'), classes), 'float32'));
}

function mlpBench(): Bench {
  const sizes = [784, 512, 512, 10];
  const samples = BATCH * batchesPerEpoch(2, 8);
  const x = tf.randomNormal([samples, 784]);
  const y = oneHot(samples, 10);
  const initial = sizes.slice(1).flatMap((out, i) => [tf.randomNormal([sizes[i], out], 0, Math.sqrt(2 / (sizes[i] + out))), tf.zeros([out])]);

  const input = new Input([784]);
  let kensor = input.output;
  for (let i = 1; i < sizes.length; i++) {
    kensor = new Dense(sizes[i], { activation: i === sizes.length - 1 ? 'softmax' : 'relu', initialWeights: [initial[2 * i - 2], initial[2 * i - 1]] }).apply(kensor);
  }
  const keraflow = new Model(input, kensor);
  keraflow.compile({ optimizer: new Adam({ lr: LR, epsilon: 1e-7 }), loss: 'categorical_crossentropy' });

  const layers = tfl.sequential({
    layers: sizes.slice(1).map((units, i) => tfl.layers.dense({ units, activation: i === sizes.length - 2 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [784] } : {}) })),
  });
  layers.setWeights(initial);
  layers.compile({ optimizer: tf.train.adam(LR, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy' });

  const variables = initial.map((t) => tf.variable(t.clone()));
  const handOptimizer = tf.train.adam(LR, 0.9, 0.999, 1e-7);
  const forward = (xb: tf.Tensor) => {
    let h = xb;
    for (let i = 0; i < 3; i++) {
      h = tf.add(tf.matMul(h, variables[2 * i]), variables[2 * i + 1]);
      h = i === 2 ? tf.softmax(h) : tf.relu(h);
    }
    return h;
  };

  const macs = sizes.slice(1).reduce((total, out, i) => total + sizes[i] * out, 0);
  return {
    title: `MLP 784-512-512-10, batch ${BATCH}, Adam`,
    samples,
    flopsPerSample: 3 * 2 * macs,
    ...contestantsOf({ keraflow, layers, x, y, batchSize: BATCH, variables, handOptimizer, forward, others: [...initial] }),
  };
}

function lstmBench(steps: number, features: number): Bench {
  const units = 64;
  const classes = 10;
  const batch = 64;
  const samples = batch * batchesPerEpoch(2, 6);
  const x = tf.randomNormal([samples, steps, features]);
  const y = oneHot(samples, classes);
  const glorot = (rows: number, columns: number) => tf.randomNormal([rows, columns], 0, Math.sqrt(2 / (rows + columns)));
  // Gates in Keras's order i, f, c, o, side by side in one kernel as tf.layers keeps them.
  const kernel = glorot(features, 4 * units);
  const recurrentKernel = glorot(units, 4 * units);
  const bias = tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]);
  const denseW = glorot(units, classes);
  const denseB = tf.zeros([classes]);
  const gate = (t: tf.Tensor, g: number) => tf.slice(t, [0, g * units], [-1, units]);
  const gateB = (g: number) => tf.slice(bias, [g * units], [units]);

  const input = new Input([steps, features]);
  const lstm = new LSTM(units, {
    innerActivation: 'hard_sigmoid',
    initialWeights: {
      W_i: gate(kernel, 0),
      W_f: gate(kernel, 1),
      W_c: gate(kernel, 2),
      W_o: gate(kernel, 3),
      U_i: gate(recurrentKernel, 0),
      U_f: gate(recurrentKernel, 1),
      U_c: gate(recurrentKernel, 2),
      U_o: gate(recurrentKernel, 3),
      b_i: gateB(0),
      b_f: gateB(1),
      b_c: gateB(2),
      b_o: gateB(3),
    },
  });
  const keraflow = new Model(input, new Dense(classes, { activation: 'softmax', initialWeights: [denseW, denseB] }).apply(lstm.apply(input)));
  keraflow.compile({ optimizer: new Adam({ lr: LR, epsilon: 1e-7 }), loss: 'categorical_crossentropy' });

  const layers = tfl.sequential({
    layers: [
      tfl.layers.lstm({ units, inputShape: [steps, features], recurrentActivation: 'hardSigmoid', recurrentInitializer: 'glorotNormal', implementation: 2 }),
      tfl.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
  layers.setWeights([kernel, recurrentKernel, bias, denseW, denseB]);
  layers.compile({ optimizer: tf.train.adam(LR, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy' });

  const variables = [kernel, recurrentKernel, bias, denseW, denseB].map((t) => tf.variable(t.clone()));
  const handOptimizer = tf.train.adam(LR, 0.9, 0.999, 1e-7);
  const hardSigmoid = (t: tf.Tensor) => tf.clipByValue(tf.add(tf.mul(t, 0.2), 0.5), 0, 1);
  const forward = (xb: tf.Tensor) => {
    const [W, U, b, V, c] = variables;
    const n = xb.shape[0];
    // Time-major input products, one matrix product for all steps.
    const inputs = tf.reshape(tf.add(tf.matMul(tf.reshape(tf.transpose(xb, [1, 0, 2]), [steps * n, features]), W), b), [steps, n, 4 * units]);
    let h: tf.Tensor = tf.zeros([n, units]);
    let cell: tf.Tensor = tf.zeros([n, units]);
    for (const z of tf.unstack(inputs)) {
      const [i, f, g, o] = tf.split(tf.add(z, tf.matMul(h, U)), 4, 1);
      cell = tf.add(tf.mul(hardSigmoid(f), cell), tf.mul(hardSigmoid(i), tf.tanh(g)));
      h = tf.mul(hardSigmoid(o), tf.tanh(cell));
    }
    return tf.softmax(tf.add(tf.matMul(h, V), c));
  };

  const macs = steps * 4 * units * (features + units) + units * classes;
  return {
    title: `LSTM ${steps} steps × ${features} -> ${units} units -> Dense ${classes}, batch ${batch}, Adam`,
    samples,
    flopsPerSample: 3 * 2 * macs,
    ...contestantsOf({ keraflow, layers, x, y, batchSize: batch, variables, handOptimizer, forward, others: [kernel, recurrentKernel, bias, denseW, denseB] }),
  };
}

/** Conv 3×3×32 relu, max 2, conv 3×3×64 relu, max 2, flatten, dense 10 softmax on 28×28×1 (channels last), valid padding. */
function cnnBench(): Bench {
  const batch = 64;
  const classes = 10;
  const samples = batch * batchesPerEpoch(2, 4);
  const x = tf.randomNormal([samples, 28, 28, 1]);
  const y = oneHot(samples, classes);
  // Glorot normal over fan-in + fan-out (receptive field × channels), as both libraries' default glorot.
  const glorot = (shape: number[], fanIn: number, fanOut: number) => tf.randomNormal(shape, 0, Math.sqrt(2 / (fanIn + fanOut)));
  const conv1W = glorot([3, 3, 1, 32], 9 * 1, 9 * 32);
  const conv1B = tf.zeros([32]);
  const conv2W = glorot([3, 3, 32, 64], 9 * 32, 9 * 64);
  const conv2B = tf.zeros([64]);
  const denseW = glorot([5 * 5 * 64, classes], 5 * 5 * 64, classes);
  const denseB = tf.zeros([classes]);
  const initial = [conv1W, conv1B, conv2W, conv2B, denseW, denseB];

  const input = new Input([28, 28, 1]);
  let kensor = new Convolution2D(32, 3, 3, { activation: 'relu', initialWeights: [conv1W, conv1B] }).apply(input.output);
  kensor = new Pooling2D('max', { poolSize: [2, 2] }).apply(kensor);
  kensor = new Convolution2D(64, 3, 3, { activation: 'relu', initialWeights: [conv2W, conv2B] }).apply(kensor);
  kensor = new Pooling2D('max', { poolSize: [2, 2] }).apply(kensor);
  kensor = new Flatten().apply(kensor);
  kensor = new Dense(classes, { activation: 'softmax', initialWeights: [denseW, denseB] }).apply(kensor);
  const keraflow = new Model(input, kensor);
  keraflow.compile({ optimizer: new Adam({ lr: LR, epsilon: 1e-7 }), loss: 'categorical_crossentropy' });

  const layers = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
  layers.setWeights(initial);
  layers.compile({ optimizer: tf.train.adam(LR, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy' });

  const variables = initial.map((t) => tf.variable(t.clone()));
  const handOptimizer = tf.train.adam(LR, 0.9, 0.999, 1e-7);
  const forward = (xb: tf.Tensor) => {
    const [w1, b1, w2, b2, v, c] = variables;
    let h = tf.relu(tf.add(tf.conv2d(xb as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid'), b1)) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.relu(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'valid'), b2)) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, 'valid');
    return tf.softmax(tf.add(tf.matMul(tf.reshape(h, [h.shape[0], -1]), v), c));
  };

  // Multiply-adds of the convolutions (26×26 and 11×11 output positions) and the dense layer.
  const macs = 26 * 26 * 9 * 1 * 32 + 11 * 11 * 9 * 32 * 64 + 5 * 5 * 64 * classes;
  return {
    title: `CNN conv 3×3×32, max 2, conv 3×3×64, max 2, Dense ${classes}; 28×28×1, batch ${batch}, Adam`,
    samples,
    flopsPerSample: 3 * 2 * macs,
    ...contestantsOf({ keraflow, layers, x, y, batchSize: batch, variables, handOptimizer, forward, others: [...initial] }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(bench: Bench): Promise<void> {
  const names = bench.contestants.map((c) => c.name);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  const leaks = new Map<string, number>();
  for (const contestant of bench.contestants) await contestant.epoch(); // warm-up: kernels, shapes, lazy loads
  for (let round = 0; round < rounds; round++) {
    const order = bench.contestants.map((_, i) => bench.contestants[(i + round) % bench.contestants.length]);
    for (const contestant of order) {
      const tensors = tf.memory().numTensors;
      const start = process.cpuUsage();
      await contestant.epoch();
      const used = process.cpuUsage(start);
      times.get(contestant.name)!.push((used.user + used.system) / 1000);
      leaks.set(contestant.name, Math.max(leaks.get(contestant.name) ?? 0, tf.memory().numTensors - tensors));
    }
  }
  // Ratios within each round (contestants a few hundred ms apart) are fairer on a shared machine than ratios of medians.
  const ratio = (name: string) => median(times.get(name)!.map((ms, round) => ms / times.get('keraflow')![round]));
  console.log(`\n${bench.title} — ${backend}, ${bench.samples} samples per epoch, ${rounds} rounds`);
  console.log("contestant   samples per CPU s   GFLOP per CPU s   median epoch CPU ms   its time / keraflow's (median per round)");
  for (const name of names) {
    const ms = median(times.get(name)!);
    const perSecond = (bench.samples * 1000) / ms;
    const gflops = (perSecond * bench.flopsPerSample) / 1e9;
    console.log(`${name.padEnd(14)} ${perSecond.toFixed(0).padStart(15)}   ${gflops.toFixed(2).padStart(15)}   ${ms.toFixed(0).padStart(19)}   ${name === 'keraflow' ? '' : ratio(name).toFixed(3)}`);
  }
  console.log(
    `keraflow speed: ${ratio('tf.layers').toFixed(3)}× tf.layers', ${ratio('hand loop').toFixed(3)}× the hand loop's, ${ratio('hand+kf layers').toFixed(3)}× the hand loop over its own layers (≥ 1: Keraflow faster)`,
  );
  console.log(`tensors left behind by an epoch, at most: ${names.map((name) => `${name} ${leaks.get(name)}`).join(', ')}`);
  bench.contestants.forEach((c) => c.dispose?.());
  bench.dispose();
}

if (only === 'all' || only === 'mlp') await run(mlpBench());
if (only === 'all' || only === 'lstm') await run(lstmBench(20, 32));
if (only === 'all' || only === 'cnn') await run(cnnBench());
if (only === 'all' || only === 'lstm40') await run(lstmBench(40, 8));
