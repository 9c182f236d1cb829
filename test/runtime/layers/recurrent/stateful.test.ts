import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { GRU, Input, KeraflowError, LSTM, Model, ShapeError } from '../../../../runtime/index.ts';
import { expectClose } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('stateful recurrent layers', () => {
  it('two batches in a row equal one long sequence; resetStates starts again', () => {
    for (const make of [(options: object) => new LSTM(4, options), (options: object) => new GRU(4, options)]) {
      const stateful = make({ stateful: true });
      const x = new Input([3, 2], { batchSize: 2 });
      const model = new Model(x, stateful.apply(x));
      const weights = Object.fromEntries(Object.entries(stateful.weights).map(([name, v]) => [name, v.arraySync()]));
      const whole = new Input([6, 2]);
      const reference = new Model(whole, make({ initialWeights: weights }).apply(whole));

      const sequence = tf.randomNormal([2, 6, 2]);
      const [first, second] = tf.split(sequence, 2, 1);
      const before = tf.memory().numTensors;
      const y1 = model.predict(first) as tf.Tensor;
      const y2 = model.predict(second) as tf.Tensor;
      expect(tf.memory().numTensors).toBe(before + 2);
      const expected = reference.predict(sequence) as tf.Tensor;
      expectClose(y2, expected, 1e-5);

      model.resetStates();
      const again = model.predict(first) as tf.Tensor;
      expectClose(again, y1, 1e-6);
      tf.dispose([sequence, first, second, y1, y2, again, expected]);
    }
  });

  it('predict batches by the Input batch size, each sample carrying its state to the same row of the next batch', () => {
    const layer = new LSTM(2, { stateful: true });
    const x = new Input([2, 3], { batchSize: 2 });
    const model = new Model(x, layer.apply(x));
    const data = tf.randomNormal([4, 2, 3]);
    const y = model.predict(data) as tf.Tensor;
    expect(y.shape).toEqual([4, 2]);
    tf.dispose([data, y]);
  });

  it('without a fixed batch size is a ShapeError at link time, naming the layer and the shape', () => {
    const layer = new LSTM(4, { stateful: true, name: 'memory' });
    expect(() => layer.apply(new Input([3, 2]))).toThrow(ShapeError);
    expect(() => layer.apply(new Input([3, 2]))).toThrow(/memory \(LSTM\) is stateful and needs a fixed batch size \(give the Input a batchSize\), but got \[batch, 3, 2\]/);
  });

  it('a batch of another size is a KeraflowError before computing', () => {
    const layer = new LSTM(2, { stateful: true, name: 'memory' });
    const x = new Input([2, 3], { batchSize: 2 });
    const model = new Model(x, layer.apply(x));
    const data = tf.randomNormal([3, 2, 3]);
    expect(() => model.predict(data, { batchSize: 3 })).toThrow(KeraflowError);
    expect(() => model.predict(data, { batchSize: 3 })).toThrow(/memory \(LSTM\) is stateful with batch size 2, but got a batch of 3/);
    data.dispose();
  });
});
