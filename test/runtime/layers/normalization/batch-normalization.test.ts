import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { BatchNormalization, Input, Model, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, expectClose, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

/** Random statistics and scales (a positive variance), as nested arrays. */
function randomState(features: number) {
  return tf.tidy(() => ({
    gamma: tf.randomNormal([features], 1, 0.3).arraySync() as number[],
    beta: tf.randomNormal([features]).arraySync() as number[],
    moving_mean: tf.randomNormal([features]).arraySync() as number[],
    moving_variance: tf.randomUniform([features], 0.5, 2).arraySync() as number[],
  }));
}

describeOnBackends('BatchNormalization', () => {
  const cases = [
    { input: [4], axis: -1, kerasAxis: -1, symbolic: undefined },
    { input: [5, 3], axis: -1, kerasAxis: 2, symbolic: { input: [symbol('T'), 3], bindings: { T: 5 } } },
  ];
  for (const { input, axis, kerasAxis, symbolic } of cases) {
    it(`matches tf.layers.batchNormalization in inference on [batch, ${input}] (axis ${axis}), output and gradients`, () => {
      const initialWeights = randomState(input[axis < 0 ? input.length + axis : axis]);
      const result = checkLayer({ make: () => new BatchNormalization({ axis, initialWeights }), input, symbolic });
      const oracle = tfl.layers.batchNormalization({ axis: kerasAxis });
      compareWithOracle(result, oracle, undefined, 1e-4);
      compareGradientsWithOracle(result, oracle);
    });
  }

  it('matches tf.layers.batchNormalization on channels first (axis 0), output and gradients', () => {
    const result = checkLayer({
      make: () => new BatchNormalization({ axis: 0, initialWeights: randomState(3) }),
      input: [3, 4, 4],
      symbolic: { input: [3, symbol('H'), symbol('W')], bindings: { H: 4, W: 4 } },
    });
    // tf.layers with axis 1 runs the cpu BatchNorm kernel, which reads its statistics as if the axis were last:
    // the oracle is tf.layers on the last axis, between two transpositions.
    const oracle = tfl.sequential({
      layers: [tfl.layers.permute({ dims: [2, 3, 1], inputShape: [3, 4, 4] }), tfl.layers.batchNormalization({ axis: -1 }), tfl.layers.permute({ dims: [3, 1, 2] })],
    });
    compareWithOracle(result, oracle, undefined, 1e-4);
    compareGradientsWithOracle(result, oracle);
  });

  it('in training matches tf.layers: batch statistics, the moving statistics updated, gradients of gamma and beta', () => {
    const layer = new BatchNormalization({ momentum: 0.9, initialWeights: randomState(3) });
    const input = new Input([2, 3]);
    const model = new Model(input, layer.apply(input));
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([6, 2, 3]), 2), 1));
    const oracle = tfl.layers.batchNormalization({ momentum: 0.9 });
    oracle.apply(x);
    oracle.setWeights(Object.values(layer.weights));

    const ours = tf.tidy(() => model.execute([x], { training: true })[0]);
    const theirs = oracle.apply(x, { training: true }) as tf.Tensor;
    expectClose(ours, theirs, 1e-4);
    const oracleWeights = oracle.getWeights();
    expectClose(layer.weights.moving_mean, oracleWeights[2], 1e-5);
    expectClose(layer.weights.moving_variance, oracleWeights[3], 1e-5);

    compareGradientsWithOracle({ layer, model, x: [x], y: ours }, oracle, undefined, 1e-4, { training: true });
    tf.dispose([x, ours, theirs]);
  });

  it('predict uses the moving statistics and leaves them alone', () => {
    const state = randomState(2);
    const layer = new BatchNormalization({ initialWeights: { moving_mean: state.moving_mean, moving_variance: state.moving_variance }, center: false, scale: false });
    const input = new Input([2]);
    const model = new Model(input, layer.apply(input));
    const y = model.predict([
      [1, 2],
      [3, 4],
    ]) as tf.Tensor;
    const expected = [
      [1, 2],
      [3, 4],
    ].map((row) => row.map((v, i) => (v - state.moving_mean[i]) / Math.sqrt(state.moving_variance[i] + 1e-3)));
    expectClose(y, tf.tensor(expected), 1e-5);
    expect(layer.weights.moving_mean.dataSync()).toEqual(Float32Array.from(state.moving_mean));
    y.dispose();
  });

  it('reports the moving statistics as non-trainable parameters, declared so symbolically too', () => {
    const layer = new BatchNormalization();
    const input = new Input([3]);
    const model = new Model(input, layer.apply(input));
    expect(model.parameters().map((p) => [p.name, p.trainable])).toEqual([
      ['gamma', true],
      ['beta', true],
      ['moving_mean', false],
      ['moving_variance', false],
    ]);
    expect(model.countParams()).toEqual({ total: 12, trainable: 6 });
    expect(layer.variables.moving_mean.trainable).toBe(false);
    const twin = new BatchNormalization();
    twin.apply(new Input([3], { symbolicGraph: true }));
    const declared = twin.paramDeclarations();
    expect(declared.map((p) => p.trainable ?? true)).toEqual([true, true, false, false]);
    layer.trainable = false;
    expect(model.parameters().every((p) => !p.trainable)).toBe(true);
  });

  it('without center and scale has only the moving statistics', () => {
    const { layer } = checkLayer({ make: () => new BatchNormalization({ center: false, scale: false }), input: [3] });
    expect(Object.keys(layer.weights)).toEqual(['moving_mean', 'moving_variance']);
    expect(layer.paramNames()).toEqual(['moving_mean', 'moving_variance']);
  });

  it('refuses an axis out of range, or a symbolic feature axis, naming the layer and the shape', () => {
    expect(() => new BatchNormalization({ axis: 2, name: 'norm' }).apply(new Input([4, 3]))).toThrow(ShapeError);
    expect(() => new BatchNormalization({ axis: 2, name: 'norm' }).apply(new Input([4, 3]))).toThrow(/norm \(BatchNormalization\): axis 2 is out of range for the input \[batch, 4, 3\]/);
    expect(() => new BatchNormalization({ name: 'norm' }).apply(new Input([3, symbol('C')], { symbolicGraph: true }))).toThrow(
      /norm \(BatchNormalization\) needs a concrete size on its feature axis, found C, but got \[batch, 3, C\]/,
    );
  });
});
