/**
 * Data-parallel training (runtime/training/parallel/): the slices'
 * gradients add up to the whole batch's (sample weights, two outputs with
 * loss weights, a regularizer), a fit on two replicas (the main thread and a
 * worker thread, each applying the summed gradients with its own optimizer)
 * gives the history and weights of a fit on one thread (to 1e-5) with every
 * optimizer's state, schedules, constraints and callbacks that change the
 * learning rate or the weights, and a model that replicas cannot train says why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  BatchNormalization,
  Callback,
  constraints,
  Dense,
  Input,
  LearningRateScheduler,
  Model,
  RMSprop,
  SGD,
  Sequential,
  type Optimizer,
  regularizers,
  schedules,
  setBackend,
  setThreads,
} from '../../../../runtime/node.ts';
import type { Layer } from '../../../../runtime/engine/layer.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import { setupOf } from '../../../../runtime/training/compile.ts';
import { loadGradients } from '../../../../runtime/training/gradients.ts';
import { combineLogged, batchCounts, Replica } from '../../../../runtime/training/parallel/replica.ts';
import { describeReplicas, replicaGroupOf, replicaPolicy, replicaStepsDone, whenReplicasReady } from '../../../../runtime/training/parallel/replicas.ts';
import { Trainer } from '../../../../runtime/training/trainer.ts';
import { generator } from '../../../keras/seeded.ts';

const random = generator(22);
const values = (rows: number, columns: number) => Array.from({ length: rows }, () => Array.from({ length: columns }, () => random.int(-1000, 1000) / 700));

/**
 * Input 6 → Dense 8 (relu, L2, max-norm 1.5 unless unconstrained) → a softmax head of 3 and a linear head of 1,
 * named so that two builds share weights by name. SGD at a rate that does not
 * amplify rounding over the steps (float sums in another order differ by ~1e-7).
 */
function twoHeads(lr = 0.1, optimizer: () => Optimizer = () => new SGD({ lr }), constrained = true): Model {
  const input = new Input([6], { name: 'x' });
  const constraint = constrained ? { constraints: { W: new constraints.MaxNorm(1.5) } } : {};
  const hidden = new Dense(8, { activation: 'relu', name: 'hidden', regularizers: { W: new regularizers.L2(0.01) }, ...constraint }).apply(input);
  const model = new Model(input, [new Dense(3, { activation: 'softmax', name: 'classes' }).apply(hidden), new Dense(1, { name: 'value' }).apply(hidden)], { name: 'two_heads' });
  model.compile({ optimizer: optimizer(), loss: ['categorical_crossentropy', 'mse'], metrics: ['acc'], lossWeights: [1, 0.5] });
  return model;
}

function copyWeights(from: Model, to: Model): void {
  const arrays = Object.fromEntries(Object.entries(from.getWeights()).map(([layer, parameters]) => [layer, Object.fromEntries(Object.entries(parameters).map(([name, v]) => [name, v.arraySync()]))]));
  to.setWeights(arrays);
}

function flatWeights(model: Model): number[] {
  return model.parameters().flatMap(({ variable }) => Array.from(variable.dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const worst = actual.reduce((max, value, i) => Math.max(max, Math.abs(value - expected[i]) / Math.max(1, Math.abs(expected[i]))), 0);
  expect(worst, what).toBeLessThanOrEqual(1e-5);
}

const classes = (rows: number) => Array.from({ length: rows }, () => [0, 1, 2].map((c, _, all) => (c === random.int(0, all.length - 1) ? 1 : 0)));
const x = values(40, 6);
const y = [classes(40), values(40, 1)];
const sampleWeights = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 0 : (i % 3) + 0.5));

// Replicas run on wasm (the suite's default backend is cpu); the in-process step takes gradients itself, without fit.
beforeAll(async () => {
  await setBackend('wasm');
  await loadGradients();
});

describe('slices of a batch', () => {
  it("add up to the whole batch's gradient and logged values (sample weights, loss weights, a regularizer)", () => {
    const model = twoHeads(1, undefined, false); // no constraint: the update is minus the gradient
    const setup = setupOf(model, 'fit');
    const replica = new Replica(model, setup);
    const batch = {
      inputs: [tf.tensor2d(x.slice(0, 11))],
      targets: [tf.tensor2d(y[0].slice(0, 11)), tf.tensor2d(y[1].slice(0, 11))],
      weights: [0, 1].map(() => tf.tensor1d(sampleWeights.slice(0, 11))),
    };
    const counts = batchCounts(batch, 11);
    expect(counts).toEqual([8, 8]); // samples 0, 5 and 10 weigh 0
    const rows = (t: tf.Tensor, begin: number, end: number) => tf.slice(t, begin, end - begin);
    const part = (begin: number, end: number) => ({
      inputs: batch.inputs.map((t) => rows(t, begin, end)),
      targets: batch.targets.map((t) => rows(t, begin, end)),
      weights: batch.weights.map((t) => rows(t, begin, end)),
    });
    const slices = [replica.compute(part(0, 4), counts, true), replica.compute(part(4, 11), counts, false)];
    const summed = slices[0].gradients.map((gradient, index) => Array.from(tf.add(gradient!, slices[1].gradients[index]!).dataSync()));
    const logged = combineLogged(
      setup,
      slices.map((s) => s.sums),
      counts,
    );

    // The one-thread step on the same batch: with SGD at lr 1 the update is minus the gradient.
    const before = model.parameters().map(({ variable }) => Array.from(variable.dataSync()));
    const trainer = new Trainer(model, setup);
    const data = { inputs: batch.inputs, targets: batch.targets, weights: batch.weights, count: 11, created: [] };
    const { values: stepValues, sums } = trainer.step({ data, offset: 0, count: 11 }, 0, 11, undefined, tf.zeros([trainer.logSize]), { epoch: 0, epochs: 1, batch: 0, batches: 1 });
    sums.dispose();
    const updates = model.parameters().map(({ variable }, index) => Array.from(variable.dataSync(), (value, i) => before[index][i] - value));
    summed.forEach((gradient, index) => expectClose(gradient, updates[index], `gradient of ${model.parameters()[index].layer.name}/${model.parameters()[index].name}`));
    expectClose(logged, Array.from(stepValues!), 'logged values (loss, per-output losses, acc)');
    expect(logged.length).toBe(4);
  });
});

describe('fit on replicas in worker threads', () => {
  const policy = { ...replicaPolicy };
  afterAll(() => Object.assign(replicaPolicy, policy));

  it('gives the history and weights of one thread, to 1e-5', async () => {
    await setThreads(2).catch(() => {}); // the replicas count is what is asked; the backend's own pool may have started with one thread
    const parallel = twoHeads();
    const single = twoHeads();
    copyWeights(parallel, single);
    const initial = twoHeads();
    copyWeights(parallel, initial);
    const options = { sampleWeights, batchSize: 16, epochs: 2, shuffle: false, verbose: 0 as const };
    expect(describeReplicas(parallel)).toBe('2 replicas (this thread and 1 worker thread) once its first steps are timed and the fit is long enough');
    replicaPolicy.mainThreadSlice = false;
    expect(describeReplicas(parallel)).toBe('2 replicas (2 worker threads) once its first steps are timed and the fit is long enough');

    // Replicas start after a timed step (here no longer warm-up), in the background; the next fit runs on them once they are ready (and stays, however fast).
    // Here every waiting thread sleeps at once (spinMs 0); the other tests keep the default, which polls first.
    Object.assign(replicaPolicy, { minStepMs: 0, minRemainingMs: 0, warmUpSteps: 1, timedSteps: 1, judgeAfterSteps: Infinity, spinMs: 0 });
    await parallel.fit(x, y, { ...options, epochs: 1 });
    expect(await whenReplicasReady(parallel, 300_000)).toBe(true);
    copyWeights(initial, parallel);
    const doneBefore = replicaStepsDone(parallel);
    const onReplicas = await parallel.fit(x, y, options);
    expect(replicaStepsDone(parallel) - doneBefore, 'every step ran on the replicas').toBe(6);

    Object.assign(replicaPolicy, { minStepMs: Infinity });
    const onOneThread = await single.fit(x, y, options);
    expect(replicaStepsDone(single)).toBe(0);
    for (const key of ['loss', 'classes_loss', 'value_loss', 'classes_acc']) expectClose(onReplicas.history[key], onOneThread.history[key], key);
    expectClose(flatWeights(parallel), flatWeights(single), 'the weights after two epochs');

    // Replicas slower than the main thread's steps are stopped, and the fit goes on without them.
    replicaGroupOf(parallel)!.mainStepMs = 0;
    replicaPolicy.judgeAfterSteps = 1;
    const after = await parallel.fit(x, y, options);
    expect(after.history.loss.every(Number.isFinite)).toBe(true);
    expect(replicaGroupOf(parallel)).toBeUndefined();
    expect(describeReplicas(parallel)).toBe('1 replica: its replicas were slower than this thread with the wasm pool');
    replicaPolicy.spinMs = policy.spinMs;
  }, 600_000);

  /**
   * Shrinks the hidden layer's bias at each epoch's end (a change on the main thread, which replicas must follow)
   * and records each batch's loss (fit then checks each batch's loss before its update).
   */
  class Meddler extends Callback {
    readonly losses: number[] = [];
    override onBatchEnd(_: number, logs: Record<string, number>): void {
      this.losses.push(logs.loss);
    }
    override onEpochEnd(): void {
      const hidden = this.model.getWeights().hidden;
      (this.model as unknown as Model).setWeights({ hidden: { b: tf.mul(hidden.b, 0.5).arraySync() as number[] } });
    }
  }
  const halving = () => new LearningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2));

  // Half of them with the main thread computing a slice (N-1 workers), half with N workers.
  const optimizers: [string, () => Optimizer, boolean, boolean][] = [
    ['SGD with Nesterov momentum and decay, a rate halved by a callback, weights changed by one', () => new SGD({ lr: 0.05, momentum: 0.9, nesterov: true, decay: 0.01 }), true, true],
    ['Adam', () => new Adam({ lr: 0.01 }), false, false],
    ['RMSprop, clipnorm', () => new RMSprop({ lr: 0.005, clipnorm: 0.5 }), false, true],
    ['SGD on an ExponentialDecay schedule', () => new SGD({ learningRate: new schedules.ExponentialDecay(0.1, 2, 0.5) }), false, false],
  ];
  it.each(optimizers)(
    "%s: the replicas' optimizer state follows one thread's, to 1e-5",
    async (_, optimizer, meddle) => {
      await setThreads(2).catch(() => {});
      const parallel = twoHeads(0, optimizer);
      const single = twoHeads(0, optimizer);
      copyWeights(parallel, single);
      const meddlers = [new Meddler(), new Meddler()];
      const options = (which: number) => ({ sampleWeights, batchSize: 16, epochs: 3, shuffle: false, verbose: 0 as const, callbacks: meddle ? [halving(), meddlers[which]] : [] });

      // A first fit on each, on the main thread (its optimizer state is what the replicas must take over), which starts the replicas of `parallel`.
      Object.assign(replicaPolicy, { minStepMs: 0, minRemainingMs: 0, warmUpSteps: 1, timedSteps: 1, judgeAfterSteps: Infinity });
      const firstParallel = await parallel.fit(x, y, { ...options(0), epochs: 1 });
      Object.assign(replicaPolicy, { minStepMs: Infinity });
      const firstSingle = await single.fit(x, y, { ...options(1), epochs: 1 });
      expectClose(firstParallel.history.loss, firstSingle.history.loss, 'the first fit');
      expect(await whenReplicasReady(parallel, 300_000)).toBe(true);

      Object.assign(replicaPolicy, { minStepMs: 0 });
      const doneBefore = replicaStepsDone(parallel);
      const onReplicas = await parallel.fit(x, y, options(0));
      expect(replicaStepsDone(parallel) - doneBefore, 'every step ran on the replicas').toBe(9);
      Object.assign(replicaPolicy, { minStepMs: Infinity });
      const onOneThread = await single.fit(x, y, options(1));
      for (const key of ['loss', 'classes_loss', 'value_loss', 'classes_acc']) expectClose(onReplicas.history[key], onOneThread.history[key], key);
      expectClose(meddlers[0].losses, meddlers[1].losses, "each batch's loss");
      expectClose(flatWeights(parallel), flatWeights(single), 'the weights');
      expect(parallel.optimizer!.iterations).toBe(single.optimizer!.iterations);
      expectClose(
        parallel.optimizer!.stateVariables().flatMap((v) => Array.from(v.dataSync())),
        single.optimizer!.stateVariables().flatMap((v) => Array.from(v.dataSync())),
        'the optimizer state',
      );
      replicaGroupOf(parallel)?.stop();
    },
    600_000,
  );

  it('a non-finite loss stops fit at its batch with the weights from before it, and the replicas train on from there', async () => {
    await setThreads(2).catch(() => {});
    replicaPolicy.mainThreadSlice = true;
    const parallel = twoHeads();
    const single = twoHeads();
    copyWeights(parallel, single);
    const options = { sampleWeights, batchSize: 16, epochs: 2, shuffle: false, verbose: 0 as const };
    Object.assign(replicaPolicy, { minStepMs: 0, minRemainingMs: 0, warmUpSteps: 1, timedSteps: 1, judgeAfterSteps: Infinity });
    await parallel.fit(x, y, { ...options, epochs: 1 });
    Object.assign(replicaPolicy, { minStepMs: Infinity });
    await single.fit(x, y, { ...options, epochs: 1 });
    expect(await whenReplicasReady(parallel, 300_000)).toBe(true);

    // NaN in the second batch. Without batch callbacks fit finds it at the epoch's end and replays the epoch batch by batch; with them, at once.
    const bad = x.map((row, index) => (index === 20 ? row.map(() => Number.NaN) : row));
    for (const callbacks of [[], [{ onBatchEnd() {} }]]) {
      Object.assign(replicaPolicy, { minStepMs: 0 });
      const doneBefore = replicaStepsDone(parallel);
      const onReplicas = await parallel.fit(bad, y, { ...options, callbacks }).catch((error: Error) => error);
      expect(replicaStepsDone(parallel)).toBeGreaterThan(doneBefore);
      Object.assign(replicaPolicy, { minStepMs: Infinity });
      const onOneThread = await single.fit(bad, y, { ...options, callbacks }).catch((error: Error) => error);
      expect((onReplicas as Error).message).toMatch(/training loss is NaN at epoch 1\/2, batch 2\/3; fit stopped there/);
      expect((onReplicas as Error).message).toBe((onOneThread as Error).message);
      expectClose(flatWeights(parallel), flatWeights(single), 'the weights kept');
    }

    Object.assign(replicaPolicy, { minStepMs: 0 });
    const doneBefore = replicaStepsDone(parallel);
    const onReplicas = await parallel.fit(x, y, options);
    expect(replicaStepsDone(parallel) - doneBefore, 'every step ran on the replicas').toBe(6);
    Object.assign(replicaPolicy, { minStepMs: Infinity });
    const onOneThread = await single.fit(x, y, options);
    expectClose(onReplicas.history.loss, onOneThread.history.loss, 'loss');
    expectClose(flatWeights(parallel), flatWeights(single), 'the weights after training on');
    replicaGroupOf(parallel)?.stop();
  }, 600_000);

  it('says why a model trains on one replica', () => {
    const input = new Input([4]);
    const normalized = new Model(input, new Dense(2).apply(new BatchNormalization({ name: 'norm' }).apply(input)));
    normalized.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(describeReplicas(normalized)).toBe("1 replica: its layer 'norm' updates 'moving_mean' while training, which replicas would split");
    const fixed = new Input([4], { batchSize: 8 });
    const fixedBatch = new Model(fixed, new Dense(2).apply(fixed));
    fixedBatch.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(describeReplicas(fixedBatch)).toBe('1 replica: its Input fixes the batch size (8), which replicas would split');
    const custom = new Model(input, new Dense(2).apply(input));
    custom.compile({
      optimizer: 'sgd',
      loss: function halfSquare(t: tf.Tensor, p: tf.Tensor) {
        return tf.mul(0.5, tf.square(tf.sub(t, p)));
      },
    });
    expect(describeReplicas(custom)).toBe('1 replica: its loss uses the function halfSquare, which a file cannot hold');
  });

  it('refuses every layer with an activity regularizer: one that runs a Keraflow layer, one that computes itself, one held by a Sequential', () => {
    const sequence = new Input([6, 2]);
    const blocked = (layer: Layer<any>, name: string) => {
      const model = new Model(sequence, layer.apply(sequence));
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      expect(describeReplicas(model)).toBe(`1 replica: its layer '${name}' has an activity regularizer, which replicas would scale by their slice`);
    };
    blocked(new layers.Dense(2, { name: 'dense', activityRegularizer: 'l2' }), 'dense');
    blocked(new layers.Conv1DTranspose(2, 3, { name: 'transposed', activityRegularizer: 'l1' }), 'transposed');
    blocked(new Sequential([new Dense(2), new layers.DepthwiseConv1D(3, { activityRegularizer: 'l2' })], { name: 'block' }), 'block');
    const plain = new Model(sequence, new layers.Conv1DTranspose(2, 3).apply(sequence));
    plain.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(describeReplicas(plain)).toBe('2 replicas (this thread and 1 worker thread) once its first steps are timed and the fit is long enough');
  });
});
