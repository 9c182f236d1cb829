import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { GRU, Input, LSTM, Model, SimpleRNN, type Recurrent } from '../../../../runtime/index.ts';
import { loadGradients } from '../../../../runtime/training/gradients.ts';
import { expectClose } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('recurrent dropout (dropoutW, dropoutU)', () => {
  // tfjs-core's gradient functions, which fit loads.
  beforeAll(() => loadGradients());
  const makers: [string, (options: object) => Recurrent][] = [
    ['SimpleRNN', (options) => new SimpleRNN(4, options)],
    ['GRU', (options) => new GRU(4, options)],
    ['LSTM', (options) => new LSTM(4, options)],
  ];
  for (const [name, make] of makers) {
    it(`${name}: acts in training only, and gradients flow through it`, () => {
      const layer = make({ dropoutW: 0.5, dropoutU: 0.5, returnSequences: true });
      const x = new Input([6, 3]);
      const model = new Model(x, layer.apply(x));
      const plain = make({ returnSequences: true, initialWeights: Object.fromEntries(Object.entries(layer.weights).map(([n, v]) => [n, v.arraySync()])) });
      const twin = new Input([6, 3]);
      const reference = new Model(twin, plain.apply(twin));
      const data = tf.randomNormal([8, 6, 3]);

      const inference = model.predict(data) as tf.Tensor;
      const expected = reference.predict(data) as tf.Tensor;
      expectClose(inference, expected, 1e-6);

      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.execute([data], { training: true })[0], expected))).dataSync()[0]);
      expect(difference).toBeGreaterThan(1e-3);
      const gradients = tf.tidy(() =>
        Object.values(tf.variableGrads(() => tf.sum(model.execute([data], { training: true })[0]) as tf.Scalar, Object.values(layer.variables)).grads).map((g) => tf.all(tf.isFinite(g)).dataSync()[0]),
      );
      expect(gradients.length).toBe(Object.keys(layer.weights).length);
      expect(gradients.every(Boolean)).toBe(true);
      tf.dispose([data, inference, expected]);
    });
  }
});
