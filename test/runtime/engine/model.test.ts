import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, ElementWiseSum, Input, KeraflowError, Model, Sequential, ShapeError } from '../../../runtime/index.ts';

/** Dense 1 -> 2 with W = [[1, 2]], b = [3, 4]: f(x) = [x + 3, 2x + 4]. */
const dense = (name?: string) => new Dense(2, { initialWeights: [[[1, 2]], [3, 4]], name });
const values = (t: tf.Tensor | tf.Tensor[]) => (t as tf.Tensor).arraySync();

describe("the graph shapes of Keraflow's model tests", () => {
  it('one Dense with initial weights', () => {
    const input = new Input([1]);
    const model = new Model(input, dense().apply(input));
    expect(values(model.predict([[1]]))).toEqual([[4, 6]]);
  });

  it('several inputs and outputs, with ElementWiseSum', () => {
    const a = new Input([1], { name: 'a' });
    const b = new Input([1], { name: 'b' });
    const sum = new ElementWiseSum().apply([a, b]);
    const out1 = dense('out1').apply(sum);
    const out2 = dense('out2').apply(a);
    const model = new Model([a, b], [out1, out2]);
    expect(model.outputNames).toEqual(['out1', 'out2']);
    const [y1, y2] = model.predict({ a: [[1]], b: [[2]] }) as tf.Tensor[];
    expect(y1.arraySync()).toEqual([[6, 10]]);
    expect(y2.arraySync()).toEqual([[4, 6]]);
  });

  it('a shared Dense summed over two inputs gives twice one use', () => {
    const a = new Input([1]);
    const b = new Input([1]);
    const shared = dense();
    const model = new Model([a, b], new ElementWiseSum().apply([shared.apply(a), shared.apply(b)]));
    expect(values(model.predict([[[1]], [[1]]]))).toEqual([[8, 12]]);
    expect(Object.keys(model.getWeights())).toEqual([shared.name]);
  });

  it('a Sequential as a layer, as a tensor, over a list, nested, shared', () => {
    const input = new Input([1]);
    const asLayer = new Sequential([dense(), new Dense(1, { initialWeights: [[[1], [1]], [0]] })]);
    expect(values(new Model(input, asLayer.apply(input)).predict([[1]]))).toEqual([[10]]);

    const asTensor = new Sequential([new Input([1]), dense()]);
    expect(asTensor.shape).toEqual([null, 2]);
    expect(values(asTensor.predict([[1]]))).toEqual([[4, 6]]);
    expect(values(new Model(asTensor, new Dense(1, { initialWeights: [[[1], [1]], [0]] }).apply(asTensor)).predict([[1]]))).toEqual([[10]]);

    const a = new Input([1]);
    const b = new Input([1]);
    const overList = new Sequential([new ElementWiseSum(), dense()]);
    expect(values(new Model([a, b], overList.apply([a, b])).predict([[[1]], [[2]]]))).toEqual([[6, 10]]);

    const nested = new Sequential([new Sequential([dense()]), new Dense(1, { initialWeights: [[[1], [1]], [0]] })]);
    expect(values(new Model(input, nested.apply(input)).predict([[1]]))).toEqual([[10]]);

    const shared = new Sequential([dense()]);
    const c = new Input([1]);
    const d = new Input([1]);
    const sharedModel = new Model([c, d], new ElementWiseSum().apply([shared.apply(c), shared.apply(d)]));
    expect(values(sharedModel.predict([[[1]], [[1]]]))).toEqual([[8, 12]]);
  });
});

describe('bad input', () => {
  it('feeding an Input is an error', () => {
    const input = new Input([1]);
    expect(() => input.apply()).toThrow(KeraflowError);
  });

  it('a wrong shape for a shared layer is a ShapeError', () => {
    const layer = new Dense(2);
    layer.apply(new Input([3]));
    expect(() => layer.apply(new Input([4]))).toThrow(ShapeError);
  });

  it('an initialWeights key that names no parameter', () => {
    expect(() => new Dense(2, { initialWeights: { V: [[1, 2]] } })).toThrow(/initialWeights names parameter 'V'/);
  });

  it('predict data of the wrong shape', () => {
    const input = new Input([3], { name: 'x' });
    const model = new Model(input, new Dense(2).apply(input));
    expect(() => model.predict([[1, 2]])).toThrow(ShapeError);
  });

  it('no tensor leaks across predict', () => {
    const input = new Input([3]);
    const model = new Model(input, new Dense(2).apply(input));
    (model.predict([[1, 2, 3]]) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    const out = model.predict(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { batchSize: 1 },
    ) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
  });
});
