import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Callback, Dense, EarlyStopping, Input, KeraflowError, LearningRateScheduler, Model, ModelCheckpoint, Sequential, SGD, type Logs } from '../../../runtime/node.ts';

function regression() {
  const input = new Input([1]);
  const layer = new Dense(1, { bias: false, initialWeights: [[[0]]] });
  const model = new Model(input, layer.apply(input));
  return { model, layer, x: [[1], [2], [3], [4]], y: [[2], [4], [6], [8]] };
}

/** Records the weight after each epoch. */
class WeightRecorder extends Callback {
  readonly weights: number[] = [];
  constructor(private readonly layer: Dense) {
    super();
  }
  override onEpochEnd() {
    this.weights.push(this.layer.weights.W.dataSync()[0]);
  }
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const { model, x, y } = regression();
    model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const history = await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [stopper] });
    // Epoch 0 sets the best; 1 and 2 do not improve on it.
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(stopper.stoppedEpoch).toBe(2);
  });

  it('keeps going while the value improves; mode max for accuracies', async () => {
    const { model, x, y } = regression();
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse' });
    const history = await model.fit(x, y, { epochs: 5, verbose: 0, validationSplit: 0.25, callbacks: [new EarlyStopping()] });
    expect(history.epoch).toEqual([0, 1, 2, 3, 4]);
    expect(new EarlyStopping({ monitor: 'val_acc' }).plateau.monitor.maximize).toBe(true);
    expect(new EarlyStopping({ monitor: 'loss', mode: 'max' }).plateau.monitor.maximize).toBe(true);
  });

  it('a monitored value this fit does not log is an error before training', async () => {
    const { model, layer, x, y } = regression();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const fit = model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new EarlyStopping()] });
    await expect(fit).rejects.toThrow(KeraflowError);
    await expect(model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new EarlyStopping()] })).rejects.toThrow(
      /EarlyStopping monitors 'val_loss', which this fit does not log \(val_\* values need validationData or validationSplit\); logged: loss/,
    );
    expect(layer.weights.W.dataSync()[0]).toBe(0);
    expect(() => new EarlyStopping({ mode: 'best' as never })).toThrow(/'mode' must be one of 'auto', 'min', 'max'/);
    expect(() => new EarlyStopping({ patince: 3 } as never)).toThrow(/EarlyStopping has no argument 'patince'; did you mean 'patience'/);
  });
});

describe('LearningRateScheduler', () => {
  it("sets the optimizer's rate at each epoch's start", async () => {
    const { model, layer, x, y } = regression();
    const optimizer = new SGD({ lr: 0.01 });
    model.compile({ optimizer, loss: 'mse' });
    const rates: number[] = [];
    const recorder = new WeightRecorder(layer);
    await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [new LearningRateScheduler((epoch) => [0.01, 0, 0.02][epoch]), { onEpochEnd: () => void rates.push(optimizer.lr) }, recorder],
    });
    expect(rates).toEqual([0.01, 0, 0.02]);
    expect(recorder.weights[1]).toBe(recorder.weights[0]); // lr 0: no change
    expect(recorder.weights[2]).not.toBe(recorder.weights[1]);
  });

  it('a schedule that gives no valid rate is an error', async () => {
    const { model, x, y } = regression();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new LearningRateScheduler(() => -1)] })).rejects.toThrow(
      /the schedule gave -1 for epoch 0, but a learning rate must be a finite number ≥ 0/,
    );
    expect(() => new LearningRateScheduler(0.1 as never)).toThrow(/takes a function/);
  });
});

describe('ModelCheckpoint (with runtime/saving)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'keraflow-checkpoint-'));
  });
  afterAll(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('every epoch: weights and architecture, {epoch} and log values in the names', async () => {
    const { model, layer, x, y } = regression();
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse' });
    const recorder = new WeightRecorder(layer);
    const weights = path.join(directory, 'every-{epoch}-{loss:.1f}.safetensors');
    const history = await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [recorder, new ModelCheckpoint(weights)] });
    const files = (await fs.readdir(directory)).filter((f) => f.startsWith('every-')).sort();
    const names = history.history.loss.map((loss, epoch) => `every-${epoch + 1}-${loss.toFixed(1)}`);
    expect(files).toEqual(names.flatMap((name) => [`${name}.json`, `${name}.safetensors`]).sort());
    const loaded = await Model.loadFromFile(path.join(directory, `${names[1]}.json`), path.join(directory, `${names[1]}.safetensors`));
    expect(Object.values(loaded.getWeights())[0].W.dataSync()[0]).toBe(recorder.weights[1]);
  });

  it('saveOnImprovement: only when the monitored value improves', async () => {
    const { model, layer, x, y } = regression();
    model.compile({ optimizer: new SGD({ lr: 0.01 }), loss: 'mse' });
    const recorder = new WeightRecorder(layer);
    // The loss falls every epoch, so in 'max' mode only the first epoch is an improvement.
    const checkpoint = new ModelCheckpoint(path.join(directory, 'best-{epoch}.yaml'), { monitor: 'loss', mode: 'max', saveOnImprovement: true });
    expect(checkpoint.weightPath).toBe(path.join(directory, 'best-{epoch}.safetensors'));
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [recorder, checkpoint] });
    const files = (await fs.readdir(directory)).filter((f) => f.startsWith('best-')).sort();
    expect(files).toEqual(['best-1.safetensors', 'best-1.yaml']);
    const loaded = await Model.loadFromFile(path.join(directory, 'best-1.yaml'), path.join(directory, 'best-1.safetensors'));
    expect(Object.values(loaded.getWeights())[0].W.dataSync()[0]).toBe(recorder.weights[0]);
  });

  it('a Sequential is saved as a Sequential; a fixed path is overwritten', async () => {
    const sequential = new Sequential([new Input([1]), new Dense(1)]);
    sequential.compile({ optimizer: 'sgd', loss: 'mse' });
    const file = path.join(directory, 'sequential.safetensors');
    await sequential.fit([[1], [2]], [[1], [2]], { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(file)] });
    const loaded = await Sequential.loadFromFile(path.join(directory, 'sequential.json'), file);
    expect(loaded.predict([[3]]).dataSync()[0]).toBeCloseTo(sequential.predict([[3]]).dataSync()[0], 6);
  });

  it('placeholders must name logged values', async () => {
    const { model, x, y } = regression();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(path.join(directory, 'w-{los}.safetensors'))] })).rejects.toThrow(
      /the path .* has \{los\}, which this fit does not log; did you mean \{loss\}\? available: epoch, loss/,
    );
  });

  it('a model without saveToFile is a clear error', async () => {
    const checkpoint = new ModelCheckpoint('never.safetensors');
    checkpoint.setModel({ name: 'double', stopTraining: false, optimizer: undefined, predict: () => [], evaluate: async () => [], getWeights: () => ({}), setWeights: () => {} });
    await expect(checkpoint.onEpochEnd(0, {} as Logs)).rejects.toThrow(/double has no saveToFile method/);
  });
});

describe('user callbacks', () => {
  it('hooks as a plain object; unknown hook names are errors', async () => {
    const { model, x, y } = regression();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const calls: string[] = [];
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
      callbacks: {
        onTrainBegin: () => void calls.push('train'),
        onEpochBegin: (epoch: number) => void calls.push(`epoch ${epoch}`),
        onBatchBegin: (batch: number) => void calls.push(`batch ${batch}`),
        onBatchEnd: (batch: number) => void calls.push(`batch ${batch} end`),
        onEpochEnd: (epoch: number, logs: Logs) => void calls.push(`epoch ${epoch} end ${Object.keys(logs)}`),
        onTrainEnd: () => void calls.push('end'),
      },
    });
    expect(calls).toEqual(['train', 'epoch 0', 'batch 0', 'batch 0 end', 'epoch 0 end loss', 'end']);
    await expect(model.fit(x, y, { verbose: 0, callbacks: [{ onEpochEnds() {} } as never] })).rejects.toThrow(
      /callbacks\[0\] has 'onEpochEnds', which is no callback hook; did you mean 'onEpochEnd'\?/,
    );
    await expect(model.fit(x, y, { verbose: 0, callbacks: [tf.scalar(1) as never] })).rejects.toThrow(/callbacks\[0\] must be a Callback/);
  });
});
