/**
 * The Keraflow side of the wasm training benchmark: the same models built
 * from Keraflow's layers, trained in this process on the backend the
 * runtime selected (with its kernels registered), two ways:
 *  - `fit`: model.compile + model.fit (runtime/training), as a user trains;
 *  - `step`: a hand-written tfjs step over the model's parameters
 *    (tf.variableGrads + optimizer.applyGradients in one tf.tidy), the
 *    floor for the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Convolution2D, Dense, Flatten, Input, LSTM, Model, Pooling2D, type Kensor } from '../../runtime/index.ts';
import { MODELS, syntheticData, type ModelName, type Timing } from './models.ts';

export function keraflowModel(name: ModelName): Model {
  const input = new Input(MODELS[name].inputShape);
  let y: Kensor;
  if (name === 'mlp') {
    y = new Dense(512, { activation: 'relu' }).apply(input);
    y = new Dense(512, { activation: 'relu' }).apply(y);
    y = new Dense(10, { activation: 'softmax' }).apply(y);
  } else if (name === 'lstm') {
    y = new LSTM(64, { innerActivation: 'hard_sigmoid' }).apply(input);
    y = new Dense(10, { activation: 'softmax' }).apply(y);
  } else {
    y = new Convolution2D(32, 3, 3, { activation: 'relu' }).apply(input);
    y = new Pooling2D('max', { poolSize: 2 }).apply(y);
    y = new Convolution2D(64, 3, 3, { activation: 'relu' }).apply(y);
    y = new Pooling2D('max', { poolSize: 2 }).apply(y);
    y = new Flatten().apply(y);
    y = new Dense(10, { activation: 'softmax' }).apply(y);
  }
  return new Model(input, y);
}

/** Milliseconds of this process's CPU time (user + system) around `run`: robust to other processes on a shared machine. */
export async function cpuMilliseconds(run: () => Promise<void> | void): Promise<{ cpu: number; wall: number }> {
  const wallStart = performance.now();
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wallStart };
}

/** A hand-written training step, the tfjs floor: forward, categorical crossentropy, gradients, SGD update, in one tidy. */
export async function timeHandWrittenSteps(name: ModelName, steps: number): Promise<Timing & { wallMsPerStep: number }> {
  const spec = MODELS[name];
  const model = keraflowModel(name);
  const variables = model.parameters().map((p) => p.variable);
  const optimizer = tf.train.sgd(0.01);
  const { x, y } = syntheticData(spec, spec.batchSize * steps);
  const xs = tf.tensor(x, [spec.batchSize * steps, ...spec.inputShape]);
  const ys = tf.tensor(y, [spec.batchSize * steps, spec.classes]);
  const step = (i: number) =>
    tf.tidy(() => {
      const batchX = tf.slice(xs, i * spec.batchSize, spec.batchSize);
      const batchY = tf.slice(ys, i * spec.batchSize, spec.batchSize);
      const loss = () => {
        const [p] = model.execute([batchX], { training: true });
        return tf.neg(tf.mean(tf.sum(tf.mul(batchY, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1))) as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(loss, variables);
      optimizer.applyGradients(grads);
      return value;
    });
  step(0).dispose(); // warm-up
  const timing = await cpuMilliseconds(() => {
    for (let i = 0; i < steps; i++) step(i).dataSync();
  });
  xs.dispose();
  ys.dispose();
  return { side: 'Keraflow step', backend: tf.getBackend(), steps, msPerStep: timing.cpu / steps, wallMsPerStep: timing.wall / steps };
}

/** model.compile + model.fit, as a user trains (on a new model, or on `model`, one of keraflowModel(name)'s: its replicas kept). */
export async function timeFit(name: ModelName, steps: number, model = keraflowModel(name)): Promise<Timing & { wallMsPerStep: number }> {
  const spec = MODELS[name];
  model.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
  const { x, y } = syntheticData(spec, spec.batchSize * steps);
  const xs = tf.tensor(x, [spec.batchSize * steps, ...spec.inputShape]);
  const ys = tf.tensor(y, [spec.batchSize * steps, spec.classes]);
  const first = (t: tf.Tensor) => tf.slice(t, 0, spec.batchSize);
  await model.fit(first(xs), first(ys), { batchSize: spec.batchSize, epochs: 1, verbose: 0 }); // warm-up
  const timing = await cpuMilliseconds(() => model.fit(xs, ys, { batchSize: spec.batchSize, epochs: 1, verbose: 0, shuffle: false }).then(() => undefined));
  xs.dispose();
  ys.dispose();
  return { side: 'Keraflow fit', backend: tf.getBackend(), steps, msPerStep: timing.cpu / steps, wallMsPerStep: timing.wall / steps };
}
