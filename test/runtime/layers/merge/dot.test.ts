/** Dot in both dialects by hand (tf.layers' oracle is in the cases table): its axes, normalize, and its errors. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dot, Input, Model, ShapeError } from '../../../../runtime/node.ts';
import { layers as keras } from '../../../../runtime/keras/index.ts';
import { symbol } from '../harness.ts';

describe('Dot', () => {
  it("multiplies along one axis of each input: the first's other axes, then the second's (hand computation)", () => {
    const [a, b] = [new Input([3, 4]), new Input([5, 3])];
    const model = new Model([a, b], new Dot([0, 1]).apply([a, b]));
    const [x, y] = [tf.randomNormal([2, 3, 4]), tf.randomNormal([2, 5, 3])];
    const output = (model.predict([x, y]) as tf.Tensor).arraySync() as number[][][];
    const [xs, ys] = [x.arraySync() as number[][][], y.arraySync() as number[][][]];
    expect([output.length, output[0].length, output[0][0].length]).toEqual([2, 4, 5]);
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 5; j++) {
          const sum = [0, 1, 2].reduce((total, k) => total + xs[n][k][i] * ys[n][j][k], 0);
          expect(output[n][i][j]).toBeCloseTo(sum, 5);
        }
      }
    }
  });

  it('with normalize, gives the cosine similarity of two vectors as [batch, 1]', () => {
    const [a, b] = [new Input([2]), new Input([2])];
    const model = new Model([a, b], new Dot(-1, { normalize: true }).apply([a, b]));
    const output = model.predict([
      tf.tensor([
        [3, 4],
        [1, 0],
      ]),
      tf.tensor([
        [4, 3],
        [0, 2],
      ]),
    ]) as tf.Tensor;
    expect(output.shape).toEqual([2, 1]);
    const [[first], [second]] = output.arraySync() as number[][];
    expect(first).toBeCloseTo(24 / 25, 6);
    expect(second).toBeCloseTo(0, 6);
  });

  it('writes symbolic sizes and keeps them apart', () => {
    const T = symbol('T'),
      S = symbol('S');
    const shape = new Dot(-1).apply([new Input([T, 8], { symbolicGraph: true }), new Input([S, 8], { symbolicGraph: true })]).shape;
    expect(shape.map(String)).toEqual(['null', 'T', 'S']);
  });

  it('refuses axes of other sizes, a list of other than two, and (Keras) the batch axis, saying what was expected', () => {
    const [a, b] = [new Input([3, 4]), new Input([5, 3])];
    expect(() => new Dot(1, { name: 'dot' }).apply([a, b])).toThrow(ShapeError);
    expect(() => new Dot(1, { name: 'dot' }).apply([a, b])).toThrow(
      /dot \(Dot\) multiplies axis 1 of input 0 \(size 4\) with axis 1 of input 1 \(size 3\): the sizes must be equal, but got \[\[batch, 3, 4\], \[batch, 5, 3\]\]/,
    );
    expect(() => new Dot(0, { name: 'dot' }).apply([a, b, a])).toThrow(/dot \(Dot\) takes a list of two tensors, found 3/);
    expect(() => new keras.Dot(0, { name: 'dot' }).apply([a, b])).toThrow(
      /dot \(Dot\): axes: axis 0 is out of range for input 0 .*accepted: 1 to 2, or -2 to -1 from the end; the batch axis must stay first/,
    );
    expect(() => new Dot(2).apply([a, b])).toThrow(/axis 2 is out of range for input 0/);
  });

  it("Keras's axes count the batch axis: keras Dot((1, 2)) is Keraflow's Dot([0, 1])", () => {
    const [a, b] = [new Input([3, 4]), new Input([5, 3])];
    const [x, y] = [tf.randomNormal([2, 3, 4]), tf.randomNormal([2, 5, 3])];
    const ours = new Model([a, b], new Dot([0, 1]).apply([a, b])).predict([x, y]) as tf.Tensor;
    const theirs = new Model([a, b], new keras.Dot([1, 2]).apply([a, b])).predict([x, y]) as tf.Tensor;
    expect(theirs.arraySync()).toEqual(ours.arraySync());
  });
});
