/**
 * The Model API as a user meets it: predict's data forms (one value, list,
 * dict, TypedArray with a shape, tf.Tensor, a 1-D column), errors naming the
 * channel, getWeights/setWeights, no tensor leaks, and graph mistakes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Concatenate, Dense, ElementWiseSum, Flatten, Input, KeraflowError, Lambda, Model, Sequential, ShapeError } from '../../../runtime/index.ts';

/** y = 2a + 3b on inputs a [2] and b [1]: Concatenate then Dense 3 -> 1, W = [[2], [2], [3]], no bias. */
function twoInputModel(): Model {
  const a = new Input([2], { name: 'a' });
  const b = new Input([1], { name: 'b' });
  const joined = new Concatenate().apply([a, b]);
  const y = new Dense(1, { name: 'out', bias: false, initialWeights: [[2], [2], [3]] }).apply(joined);
  return new Model([a, b], y, { name: 'm' });
}

/** y = x · [[1], [1]] + 1 on one input x [2]: sums the row, plus 1. */
function oneInputModel(): Model {
  const x = new Input([2], { name: 'x' });
  return new Model(x, new Dense(1, { name: 'sum', initialWeights: [[[1], [1]], [1]] }).apply(x), { name: 'single' });
}

const run = (model: Model, x: unknown) => {
  const y = model.predict(x) as tf.Tensor;
  const values = y.arraySync();
  y.dispose();
  return values;
};

function errorOf(action: () => unknown): KeraflowError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KeraflowError);
    return error as KeraflowError;
  }
  throw new Error('expected an error');
}

describe('predict: the forms of x', () => {
  it('one value for a one-input model: nested array, TypedArray with a shape, tf.Tensor', () => {
    const model = oneInputModel();
    expect(
      run(model, [
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([[4], [8]]);
    expect(run(model, { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] })).toEqual([[4], [8]]);
    const tensor = tf.tensor([[1, 2]]);
    expect(run(model, tensor)).toEqual([[4]]);
    expect(tensor.isDisposed).toBe(false);
    tensor.dispose();
  });

  it('a list in input order, or a dict by input name', () => {
    const model = twoInputModel();
    const a = [
      [1, 1],
      [0, 2],
    ];
    const b = [[1], [2]];
    expect(run(model, [a, b])).toEqual([[7], [10]]);
    expect(run(model, { b, a })).toEqual([[7], [10]]);
    expect(run(model, { a: tf.tensor(a), b: { data: new Float64Array([1, 2]), shape: [2, 1] } })).toEqual([[7], [10]]);
  });

  it('a 1-D array for a 2-D input is taken as a column', () => {
    const model = twoInputModel();
    expect(
      run(model, {
        a: [
          [1, 1],
          [0, 2],
        ],
        b: [1, 2],
      }),
    ).toEqual([[7], [10]]);
    expect(
      run(model, {
        a: [
          [1, 1],
          [0, 2],
        ],
        b: tf.tensor([1, 2]),
      }),
    ).toEqual([[7], [10]]);
  });

  it('in batches, the same as in one go', () => {
    const model = oneInputModel();
    const x = Array.from({ length: 7 }, (_, i) => [i, 1]);
    const y = model.predict(x, { batchSize: 3 }) as tf.Tensor;
    expect(y.arraySync()).toEqual(x.map(([v]) => [v + 2]));
    y.dispose();
  });

  it('several outputs come as a list in output order', () => {
    const x = new Input([1]);
    const first = new Dense(1, { name: 'first', initialWeights: [[[2]], [0]] }).apply(x);
    const second = new Dense(1, { name: 'second', initialWeights: [[[3]], [0]] }).apply(x);
    const model = new Model(x, [second, first]);
    expect(model.outputNames).toEqual(['second', 'first']);
    const [y1, y2] = model.predict([[1]]) as tf.Tensor[];
    expect([y1.arraySync(), y2.arraySync()]).toEqual([[[3]], [[2]]]);
    tf.dispose([y1, y2]);
  });
});

describe('predict: errors name the channel', () => {
  it('a wrong shape, before any computation', () => {
    const error = errorOf(() => twoInputModel().predict({ a: [[1, 2, 3]], b: [[1]] }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe("m: x for 'a' has shape [1, 3], but [batch, 2] was expected");
    expect(error).toMatchObject({ layer: 'm', argument: 'x', key: 'a' });
  });

  it('a missing input', () => {
    const error = errorOf(() => twoInputModel().predict({ a: [[1, 2]] }));
    expect(error.message).toBe("m: x has no data for input 'b'");
    expect(error).toMatchObject({ argument: 'x', key: 'b' });
    expect(errorOf(() => twoInputModel().predict([[[1, 2]]])).message).toBe("m: x has no data for input 'b'");
  });

  it('an unknown dict key, with a did-you-mean', () => {
    const error = errorOf(() => twoInputModel().predict({ a: [[1, 2]], bb: [[1]] }));
    expect(error.message).toBe("m: x names input 'bb', which does not exist; did you mean 'b'? expected 2 inputs ('a', 'b')");
    expect(error).toMatchObject({ argument: 'x', key: 'bb' });
  });

  it('a list longer than the inputs, and different sample counts', () => {
    expect(errorOf(() => twoInputModel().predict([[[1, 2]], [[1]], [[1]]])).message).toBe("m: x is a list of 3, but there are only 2 inputs ('a', 'b')");
    expect(
      errorOf(() =>
        twoInputModel().predict({
          a: [
            [1, 2],
            [3, 4],
          ],
          b: [[1]],
        }),
      ).message,
    ).toBe("m: every channel of x must have the same number of samples, but found 'a': 2, 'b': 1");
  });

  it('data that is not an array, or is ragged', () => {
    expect(errorOf(() => oneInputModel().predict({ x: 'text' })).message).toBe('single: x for \'x\' must be a nested array, a TypedArray with a shape, or a tf.Tensor, but got "text"');
    expect(errorOf(() => oneInputModel().predict([[1, 2], [3]])).message).toBe("single: x for 'x' is not a rectangular array of numbers: expected 2 elements at [1] (as in the first row), found 1");
    expect(errorOf(() => oneInputModel().predict({ data: new Float32Array(3), shape: [2, 2] })).message).toMatch(
      /single: x for 'x' is not a rectangular array of numbers: expected 4 values for shape \[2, 2\], found 3/,
    );
  });
});

describe('no tensor leaks', () => {
  const counted = (action: () => void) => {
    const before = tf.memory().numTensors;
    action();
    return tf.memory().numTensors - before;
  };

  it('predict leaves only its result, for every form of x and on errors', () => {
    const model = twoInputModel();
    run(model, { a: [[1, 2]], b: [[1]] }); // builds whatever is built once
    expect(counted(() => run(model, { a: [[1, 2]], b: [1] }))).toBe(0);
    expect(counted(() => run(model, [{ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }, [[1], [2]]]))).toBe(0);
    expect(counted(() => errorOf(() => model.predict({ a: [[1, 2]], b: [[1, 2]] })))).toBe(0);
    const zeros = tf.zeros([2, 2]);
    expect(counted(() => errorOf(() => model.predict({ a: zeros, b: [[1]] })))).toBe(0);
    expect(zeros.isDisposed).toBe(false);
    zeros.dispose();
    const a = tf.tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const b = tf.tensor([[1], [2], [3]]);
    expect(counted(() => run(model, { a, b }))).toBe(0);
    expect(counted(() => (model.predict({ a, b }, { batchSize: 2 }) as tf.Tensor).dispose())).toBe(0);
    tf.dispose([a, b]);
  });

  it('an identity model returns a tensor of its own, not the input', () => {
    const x = new Input([2]);
    const model = new Model(x, new Lambda((t) => t).apply(x));
    const input = tf.tensor([[1, 2]]);
    const y = model.predict(input) as tf.Tensor;
    expect(y).not.toBe(input);
    y.dispose();
    expect(input.isDisposed).toBe(false);
    expect(run(model, [[1, 2]])).toEqual([[1, 2]]);
    input.dispose();
  });

  it('one Kensor given as two outputs gives two tensors', () => {
    const x = new Input([1]);
    const y = new Dense(1).apply(x);
    const [first, second] = new Model(x, [y, y]).predict([[1]]) as tf.Tensor[];
    expect(first).not.toBe(second);
    first.dispose();
    expect(second.isDisposed).toBe(false);
    second.dispose();
  });
});

describe('getWeights and setWeights', () => {
  it("getWeights gives each layer's parameters by name", () => {
    const weights = twoInputModel().getWeights();
    expect(Object.keys(weights)).toEqual(['out']);
    expect(weights.out.W.arraySync()).toEqual([[2], [2], [3]]);
  });

  it('setWeights sets any subset', () => {
    const model = oneInputModel();
    model.setWeights({ sum: { b: [10] } });
    expect(run(model, [[1, 2]])).toEqual([[13]]);
    model.setWeights({ sum: { W: tf.tensor([[0], [1]]), b: { data: new Float32Array([0]), shape: [1] } } });
    expect(run(model, [[1, 2]])).toEqual([[2]]);
  });

  it('is all or nothing: one bad entry changes nothing', () => {
    const model = oneInputModel();
    const error = errorOf(() => model.setWeights({ sum: { b: [10], W: [[1, 2, 3]] } }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe("sum: weights for 'W' has shape [1, 3], but [2, 1] was expected");
    expect(run(model, [[1, 2]])).toEqual([[4]]);
  });

  it('unknown layers and parameters are named', () => {
    const model = oneInputModel();
    expect(errorOf(() => model.setWeights({ summ: { b: [1] } })).message).toBe("single: setWeights names layer 'summ', which has no parameters in this model; did you mean 'sum'?");
    expect(errorOf(() => model.setWeights({ sum: { bias: [1] } })).message).toBe("sum: setWeights names parameter 'bias', but the layer has W, b");
    expect(errorOf(() => model.setWeights({ sum: [[1]] } as never)).message).toMatch(/setWeights for layer 'sum' must be \{paramName: array\}/);
  });

  it('leaks nothing', () => {
    const model = oneInputModel();
    const before = tf.memory().numTensors;
    model.setWeights({ sum: { W: [[1], [2]], b: [0] } });
    errorOf(() => model.setWeights({ sum: { b: [1], W: [[1]] } }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('graph mistakes', () => {
  it('a list to a single-input layer, and one Kensor to a multi-input layer', () => {
    const [a, b] = [new Input([2]), new Input([2])];
    expect(errorOf(() => new Dense(2, { name: 'd' }).apply([a, b])).message).toBe('d (Dense) takes one Kensor, but was given a list of 2');
    expect(errorOf(() => new Flatten({ name: 'f' }).apply([a])).message).toBe('f (Flatten) takes one Kensor, but was given a list of 1');
    expect(errorOf(() => new ElementWiseSum({ name: 's' }).apply(a)).message).toBe('s (ElementWiseSum) takes a list of Kensors, but was given one');
    expect(errorOf(() => new Concatenate({ name: 'c' }).apply(a)).message).toBe('c (Concatenate) takes a list of Kensors, but was given one');
  });

  it('a Sequential takes what its first layer takes', () => {
    const [a, b] = [new Input([2]), new Input([2])];
    expect(errorOf(() => new Sequential([new ElementWiseSum(), new Dense(1)], { name: 'seq' }).apply(a)).message).toMatch(/seq \(Sequential\) takes a list of Kensors/);
    expect(errorOf(() => new Sequential([new Dense(1)], { name: 'seq2' }).apply([a, b])).message).toMatch(/seq2 \(Sequential\) takes one Kensor/);
  });

  it('something that is not a Kensor', () => {
    expect(errorOf(() => new Dense(2, { name: 'd' }).apply([[1, 2]] as never)).message).toMatch(/d \(Dense\) takes one Kensor, but was given a list/);
    expect(errorOf(() => new Dense(2, { name: 'd' }).apply(tf.zeros([1, 2]) as never)).message).toMatch(/d: input must be a Kensor \(or an Input\), but got a Tensor/);
  });

  it('two layers with one name in a model', () => {
    const x = new Input([2]);
    const y = new Dense(2, { name: 'twin' }).apply(new Dense(2, { name: 'twin' }).apply(x));
    const error = errorOf(() => new Model(x, y, { name: 'm' }));
    expect(error.message).toBe("m: two different layers are named 'twin'; layer names must be unique in a model");
    expect(error).toMatchObject({ layer: 'm', argument: 'name', given: 'twin' });
  });

  it('an output that depends on an Input the model does not have', () => {
    const [a, b] = [new Input([1], { name: 'a' }), new Input([1], { name: 'b' })];
    const sum = new ElementWiseSum().apply([a, b]);
    expect(errorOf(() => new Model(a, sum, { name: 'm' })).message).toBe("m: an output depends on Input 'b', which is not among the model's inputs ('a')");
  });
});
