/** Keras 3's merges by hand: Subtract (which tf.layers lacks) and the batch-counting axis of Concatenate. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras merges', () => {
  it('Subtract takes exactly two tensors and gives the first minus the second', () => {
    const [a, b] = [new Input([2]), new Input([2])];
    const model = new Model([a, b], new layers.Subtract().apply([a, b]));
    const y = model.predict([
      tf.tensor([
        [5, 1],
        [0, -2],
      ]),
      tf.tensor([
        [2, 3],
        [1, 1],
      ]),
    ]) as tf.Tensor;
    expect(y.arraySync()).toEqual([
      [3, -2],
      [-1, -3],
    ]);
    expect(() => new layers.Subtract().apply([a, b, a])).toThrow(/subtract_\d+ \(Subtract\) takes a list of exactly two tensors, but got \[\[batch, 2\], \[batch, 2\], \[batch, 2\]\]/);
  });

  it("Concatenate's axis counts the batch axis: axis=1 is Keraflow's axis 0, and the default -1 the last axis", () => {
    const [a, b] = [new Input([1, 2]), new Input([1, 2])];
    expect(new layers.Concatenate({ axis: 1 }).apply([a, b]).shape).toEqual([null, 2, 2]);
    expect(new layers.Concatenate().apply([a, b]).shape).toEqual([null, 1, 4]);
    expect(() => new layers.Concatenate({ axis: 3 }).apply([a, b])).toThrow(/axis/);
  });
});
