/** Keras 3's Embedding takes float indices, as Keras does, and casts them. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Input, Model } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';

describe('Keras Embedding', () => {
  it('looks up float indices as their integers, and checks them against the vocabulary', () => {
    const tokens = new Input([3]);
    const embedding = new layers.Embedding(4, 2, {
      initialWeights: [
        [0, 0],
        [1, 10],
        [2, 20],
        [3, 30],
      ],
    });
    const model = new Model(tokens, embedding.apply(tokens));
    expect(model.outputs[0].shape).toEqual([null, 3, 2]);
    const y = model.predict(tf.tensor([[3, 1, 0]])) as tf.Tensor;
    expect(y.arraySync()).toEqual([
      [
        [3, 30],
        [1, 10],
        [0, 0],
      ],
    ]);
    expect(() => model.predict(tf.tensor([[4, 0, 0]]))).toThrow(/index 4 at \[0\]\[0\] of input \[1,3\] is outside the vocabulary \(0 to 3/);
  });
});
