import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Convolution2D, Dense, Embedding, Input, KeraflowError, LSTM, Model, ShapeError, TimeDistributed } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** The inner layer's weights in Keras/tf.layers order and layout, from its own Keras mapping. */
const kerasLayout = (layer: TimeDistributed) => (weights: Record<string, tf.Tensor>) => Object.values(layer.layer.spec.keras!.weights!(weights, layer.layer.args)) as tf.Tensor[];

describeOnBackends('TimeDistributed', (backend) => {
  it('matches tf.layers.timeDistributed around a Dense, output and gradients', () => {
    const result = checkLayer({
      make: () => new TimeDistributed(new Dense(3, { activation: 'tanh' })),
      input: [5, 4],
      symbolic: { input: [symbol('T'), 4], bindings: { T: 5 } },
    });
    expect(Object.keys(result.layer.weights)).toEqual(['W', 'b']);
    const oracle = tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 3, activation: 'tanh' }) });
    compareWithOracle(result, oracle, undefined, 1e-4);
    compareGradientsWithOracle(result, oracle);
  });

  it('matches tf.layers.timeDistributed around a Convolution2D, on frames of images', (context) => {
    const result = checkLayer({
      make: () => new TimeDistributed(new Convolution2D(2, 3, 3)),
      input: [3, 6, 6, 2],
      symbolic: { input: [symbol('T'), symbol('H'), symbol('W'), 2], bindings: { T: 3, H: 6, W: 6 } },
    });
    expect(result.y.shape).toEqual([3, 3, 4, 4, 2]);
    const oracle = tfl.layers.timeDistributed({ layer: tfl.layers.conv2d({ filters: 2, kernelSize: 3 }) });
    compareWithOracle(result, oracle, kerasLayout(result.layer as TimeDistributed), 1e-4);
    // The gradients need Conv2DBackpropFilter: skipped, named, where the backend has none.
    if (!tf.getKernel('Conv2DBackpropFilter', backend)) context.skip(`no Conv2DBackpropFilter kernel on ${backend}`);
    compareGradientsWithOracle(result, oracle, kerasLayout(result.layer as TimeDistributed));
  });

  it('around an Embedding takes integer input, and checks its indices', () => {
    const x = new Input([4, 2], { dtype: 'int32' });
    const model = new Model(x, new TimeDistributed(new Embedding(5, 3, { name: 'words' })).apply(x));
    const y = model.predict([
      [
        [0, 1],
        [2, 3],
        [4, 0],
        [1, 1],
      ],
    ]) as tf.Tensor;
    expect(y.shape).toEqual([1, 4, 2, 3]);
    y.dispose();
    expect(() =>
      model.predict([
        [
          [0, 1],
          [2, 3],
          [4, 7],
          [1, 1],
        ],
      ]),
    ).toThrow(/words \(Embedding\): index 7 at \[0\]\[2\]\[1\]/);
    expect(() => new TimeDistributed(new Embedding(5, 3)).apply(new Input([4, 2]))).toThrow(/takes integer input, but input is float32/);
  });

  it('refuses a layer that cannot take one time step, at link time, naming both layers and the shapes', () => {
    const wrapper = new TimeDistributed(new LSTM(2, { name: 'inner' }), { name: 'each_step' });
    expect(() => wrapper.apply(new Input([5, 3]))).toThrow(ShapeError);
    expect(() => wrapper.apply(new Input([5, 3]))).toThrow(
      /each_step \(TimeDistributed\): the wrapped layer inner \(LSTM\) cannot take one time step \[batch, 3\] of the input \[batch, 5, 3\]: inner \(LSTM\) takes sequences/,
    );
    const symbolic = () => new TimeDistributed(new Convolution2D(2, 3, 3, { name: 'conv' })).apply(new Input([symbol('T'), 8], { symbolicGraph: true }));
    expect(symbolic).toThrow(/the wrapped layer conv \(Convolution2D\) cannot take one time step \[batch, 8\] of the input \[batch, T, 8\]/);
    expect(() => new TimeDistributed(new Dense(2)).apply(new Input([5]))).toThrow(/takes sequences \[batch, time, \.\.\.\] \(rank 3 or more\), but got \[batch, 5\]/);
  });

  it('refuses an Input or a multi-input layer', () => {
    expect(() => new TimeDistributed(new Input([3]))).toThrow(KeraflowError);
    expect(() => new TimeDistributed(new Input([3]))).toThrow(/TimeDistributed wraps a single-input layer/);
  });

  it('passes the mask on, so a recurrent layer after it skips padded steps', () => {
    const dense = new TimeDistributed(new Dense(3));
    const lstm = new LSTM(2);
    const x = new Input([5, 4], { maskValue: 0 });
    const model = new Model(x, lstm.apply(dense.apply(x)));
    const sequence = tf.add(tf.randomUniform([1, 2, 4]), 0.1);
    const padded = tf.pad(sequence, [
      [0, 0],
      [0, 3],
      [0, 0],
    ]);
    const y = model.predict(padded) as tf.Tensor;
    const short = new Input([2, 4]);
    const expected = new Model(short, lstm.apply(dense.apply(short))).predict(sequence) as tf.Tensor;
    expectClose(y, expected, 1e-5);
    tf.dispose([sequence, padded, y, expected]);
  });
});
