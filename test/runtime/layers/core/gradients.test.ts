/**
 * Every core and merge layer trains on every backend: the gradients of a
 * weighted sum of the output, with respect to the input and the
 * parameters, exist on wasm and equal those on cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGradients } from '../../../../runtime/training/gradients.ts';
import {
  Activation,
  Concatenate,
  Dropout,
  ElementWiseMult,
  ExpandDims,
  Flatten,
  getBackend,
  Highway,
  Input,
  Lambda,
  Model,
  PermuteDims,
  Repeat,
  Reshape,
  setBackend,
  type BackendName,
  type Layer,
} from '../../../../runtime/index.ts';

interface GradientCase {
  make: () => Layer<any>;
  inputs: number[][];
}

const cases: Record<string, GradientCase> = {
  Activation: { make: () => new Activation('softmax'), inputs: [[3, 4]] },
  Flatten: { make: () => new Flatten(), inputs: [[2, 3, 2]] },
  Reshape: { make: () => new Reshape([-1, 3]), inputs: [[2, 3, 2]] },
  ExpandDims: { make: () => new ExpandDims(1), inputs: [[3, 2]] },
  PermuteDims: { make: () => new PermuteDims([2, 0, 1]), inputs: [[2, 3, 4]] },
  Repeat: { make: () => new Repeat(3, { axis: -1 }), inputs: [[2, 2, 2, 2]] },
  Highway: { make: () => new Highway({ activation: 'relu' }), inputs: [[3, 4]] },
  Lambda: { make: () => new Lambda((x) => tf.mul(x, x)), inputs: [[4]] },
  Concatenate: {
    make: () => new Concatenate({ axis: -1 }),
    inputs: [
      [2, 3],
      [2, 1],
    ],
  },
  ElementWiseMult: {
    make: () => new ElementWiseMult(),
    inputs: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  },
};

/** Gradients (input first, then parameters) of sum(output · weighting), as numbers, on `backend`. */
async function gradients(model: Model, layer: Layer<any>, x: number[][][], weighting: number[], backend: BackendName): Promise<number[][]> {
  await setBackend(backend);
  return tf.tidy(() => {
    const inputs = x.map((values) => tf.tensor(values));
    const params = Object.values(layer.variables);
    const loss = (...values: tf.Tensor[]) => {
      const y = model.execute(values, { training: false })[0];
      return tf.sum(tf.mul(y, tf.reshape(tf.tensor(weighting.slice(0, y.size)), y.shape))) as tf.Scalar;
    };
    const inputGradients = tf.grads(loss)(inputs);
    const { grads } = params.length ? tf.variableGrads(() => loss(...inputs), params) : { grads: {} as Record<string, tf.Tensor> };
    return [...inputGradients, ...params.map((p) => grads[p.name])].map((g) => Array.from(g.dataSync()));
  });
}

describe('gradients on wasm equal those on cpu', () => {
  const initial = getBackend() as BackendName;
  beforeAll(() => loadGradients());
  afterAll(() => setBackend(initial));

  for (const [name, testCase] of Object.entries(cases)) {
    it(name, async () => {
      await setBackend('cpu');
      const inputs = testCase.inputs.map((shape) => new Input(shape));
      const layer = testCase.make();
      const model = new Model(inputs, layer.apply(testCase.inputs.length > 1 ? inputs : inputs[0]));
      const x = testCase.inputs.map((shape) => tf.tidy(() => tf.randomNormal([2, ...shape]).arraySync() as number[][]));
      const weighting = Array.from({ length: 256 }, (_, i) => Math.sin(i + 1));
      const onCpu = await gradients(model, layer, x, weighting, 'cpu');
      const onWasm = await gradients(model, layer, x, weighting, 'wasm');
      expect(onWasm.length).toBe(onCpu.length);
      onCpu.forEach((values, i) => {
        expect(values.some((v) => v !== 0)).toBe(true);
        values.forEach((v, j) => expect(onWasm[i][j]).toBeCloseTo(v, 4));
      });
    });
  }

  it('Dropout in training passes gradients on wasm', async () => {
    await setBackend('wasm');
    const input = new Input([10]);
    const model = new Model(input, new Dropout(0.5).apply(input));
    const gradient = tf.tidy(() =>
      Array.from(
        tf
          .grad((x: tf.Tensor) => tf.sum(model.execute([x], { training: true })[0]))(tf.ones([4, 10]))
          .dataSync(),
      ),
    );
    expect(gradient.every((v) => v === 0 || v === 2)).toBe(true);
  });
});
