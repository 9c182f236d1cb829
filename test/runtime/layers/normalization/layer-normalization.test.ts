import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Input, LayerNormalization, Model, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const randomScales = (shape: number[]) =>
  tf.tidy(() => ({
    gamma: tf.randomNormal(shape, 1, 0.3).arraySync(),
    beta: tf.randomNormal(shape).arraySync(),
  }));

describeOnBackends('LayerNormalization', () => {
  const cases = [
    { input: [6], axis: -1 as number | number[], kerasAxis: -1 as number | number[], params: [6], symbolic: undefined },
    { input: [4, 6], axis: -1, kerasAxis: -1, params: [6], symbolic: { input: [symbol('T'), 6], bindings: { T: 4 } } },
    { input: [3, 4, 5], axis: [1, 2], kerasAxis: [2, 3], params: [4, 5], symbolic: undefined },
  ];
  for (const { input, axis, kerasAxis, params, symbolic } of cases) {
    it(`matches tf.layers.layerNormalization on [batch, ${input}] (axis ${JSON.stringify(axis)}), output and gradients`, () => {
      const initialWeights = randomScales(params);
      const result = checkLayer({ make: () => new LayerNormalization({ axis, initialWeights }), input, symbolic });
      expect(result.layer.weights.gamma.shape).toEqual(params);
      const oracle = tfl.layers.layerNormalization({ axis: kerasAxis });
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareGradientsWithOracle(result, oracle);
    });
  }

  it('normalizes each sample the same way in training and in inference', () => {
    const layer = new LayerNormalization();
    const input = new Input([5]);
    const model = new Model(input, layer.apply(input));
    const x = tf.randomNormal([3, 5]);
    const [trained, inferred] = tf.tidy(() => [model.execute([x], { training: true })[0], model.execute([x], { training: false })[0]]);
    expect(Array.from(trained.dataSync())).toEqual(Array.from(inferred.dataSync()));
    tf.dispose([x, trained, inferred]);
  });

  it('refuses an axis named twice or out of range, naming the layer', () => {
    expect(() => new LayerNormalization({ axis: [0, -2], name: 'norm' }).apply(new Input([4, 3]))).toThrow(ShapeError);
    expect(() => new LayerNormalization({ axis: [0, -2], name: 'norm' }).apply(new Input([4, 3]))).toThrow(/norm \(LayerNormalization\): axis \[0,-2\] names an axis twice/);
    expect(() => new LayerNormalization({ axis: 3, name: 'norm' }).apply(new Input([4, 3]))).toThrow(/norm \(LayerNormalization\): axis 3 is out of range for the input \[batch, 4, 3\]/);
  });
});
