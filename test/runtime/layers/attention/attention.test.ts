/**
 * MultiHeadAttention, Attention and AdditiveAttention against Keras 3 (the
 * same weights, inputs, masks and call options; tf.layers has none of
 * them), their gradients against finite differences, and their errors.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the gradients of tfjs-core's ops (as training does when it loads).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { AdditiveAttention, Attention, Input, Model, MultiHeadAttention, ShapeError, type Kensor, type Layer } from '../../../../runtime/index.ts';
import { findKerasPython, runKerasScript } from '../../../keras/python.ts';
import { describeOnBackends } from '../on-backends.ts';

interface Case {
  readonly title: string;
  readonly className: string;
  readonly config: Record<string, unknown>;
  readonly make: () => Layer<any>;
  /** Feature shapes (no batch) of query, value and maybe key. */
  readonly inputs: readonly (readonly number[])[];
  /** Tensors by keyword: their shapes (no batch), 0/1 masks. */
  readonly tensors?: Readonly<Record<string, readonly number[] | readonly (readonly number[])[]>>;
  readonly options?: Readonly<Record<string, boolean>>;
}

const cases: readonly Case[] = [
  {
    title: 'MultiHeadAttention, query and value of other sizes',
    className: 'MultiHeadAttention',
    config: { num_heads: 2, key_dim: 3 },
    make: () => new MultiHeadAttention(2, 3),
    inputs: [
      [4, 5],
      [6, 7],
    ],
  },
  {
    title: 'MultiHeadAttention with a key, value_dim, output_shape, an attention mask and the scores',
    className: 'MultiHeadAttention',
    config: { num_heads: 3, key_dim: 2, value_dim: 4, output_shape: 5 },
    make: () => new MultiHeadAttention(3, 2, { valueDim: 4, outputShape: 5 }),
    inputs: [
      [4, 3],
      [6, 2],
      [6, 3],
    ],
    tensors: { attention_mask: [4, 6] },
    options: { return_attention_scores: true },
  },
  {
    title: 'MultiHeadAttention over itself with a causal mask and no biases',
    className: 'MultiHeadAttention',
    config: { num_heads: 2, key_dim: 4, use_bias: false },
    make: () => new MultiHeadAttention(2, 4, { useBias: false }),
    inputs: [
      [5, 6],
      [5, 6],
    ],
    options: { use_causal_mask: true },
  },
  {
    title: 'Attention with a learned scale, masks and the scores',
    className: 'Attention',
    config: { use_scale: true },
    make: () => new Attention({ useScale: true }),
    inputs: [
      [4, 3],
      [5, 2],
      [5, 3],
    ],
    tensors: { mask: [[4], [5]] },
    options: { return_attention_scores: true },
  },
  {
    title: "Attention with score_mode 'concat' and a causal mask",
    className: 'Attention',
    config: { score_mode: 'concat', use_scale: true },
    make: () => new Attention({ scoreMode: 'concat', useScale: true }),
    inputs: [
      [4, 3],
      [4, 3],
    ],
    options: { use_causal_mask: true },
  },
  {
    title: 'AdditiveAttention with a key and masks',
    className: 'AdditiveAttention',
    config: {},
    make: () => new AdditiveAttention(),
    inputs: [
      [4, 3],
      [5, 2],
      [5, 3],
    ],
    tensors: { mask: [[4], [5]] },
  },
];

const keras = findKerasPython();
const toCamel = (name: string) => name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());

/** 0/1 values, each row keeping at least its first position (a row all masked has no meaning). */
function randomMask(shape: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const random = tf.cast(tf.greater(tf.randomUniform([2, ...shape]), 0.4), 'float32');
    const first = tf.oneHot(tf.zeros([2, ...shape.slice(0, -1)], 'int32'), shape.at(-1)!);
    return tf.maximum(random, first);
  });
}

/** The case's model on our side: its inputs (query, value, key?, then keyword tensors) and every output. */
function buildCase(testCase: Case) {
  const layer = testCase.make();
  const inputs = testCase.inputs.map((shape) => new Input([...shape]));
  const keywordInputs: Record<string, Input | Input[]> = {};
  for (const [name, shape] of Object.entries(testCase.tensors ?? {})) {
    keywordInputs[toCamel(name)] = Array.isArray(shape[0]) ? (shape as number[][]).map((s) => new Input(s)) : new Input([...(shape as number[])]);
  }
  const options = Object.fromEntries(Object.entries(testCase.options ?? {}).map(([name, value]) => [toCamel(name), value]));
  const outputs = layer.applyAll(inputs, { ...keywordInputs, ...options });
  const modelInputs = [...inputs, ...Object.values(keywordInputs).flat()];
  return { layer, outputs, model: new Model(modelInputs, outputs) };
}

describe.skipIf(!keras.python && !keras.required)(`attention layers against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  it('give what Keras 3 gives on the same weights, inputs, masks and call options', () => {
    if (!keras.python) throw new Error(keras.reason);
    const requests = cases.map((testCase) => {
      const { layer, outputs, model } = buildCase(testCase);
      const data = testCase.inputs.map((shape) => tf.randomNormal([2, ...shape]));
      const maskData: Record<string, tf.Tensor | tf.Tensor[]> = {};
      for (const [name, shape] of Object.entries(testCase.tensors ?? {})) {
        maskData[name] = Array.isArray(shape[0]) ? (shape as number[][]).map(randomMask) : randomMask(shape as number[]);
      }
      const ours = model.predict([...data, ...Object.values(maskData).flat()]);
      return {
        testCase,
        outputs,
        ours: Array.isArray(ours) ? ours : [ours],
        request: {
          class_name: testCase.className,
          config: testCase.config,
          options: testCase.options ?? {},
          weights: Object.values(layer.weights).map((w) => w.arraySync()),
          inputs: data.map((t) => t.arraySync()),
          tensors: Object.fromEntries(Object.entries(maskData).map(([name, value]) => [name, Array.isArray(value) ? value.map((t) => t.arraySync()) : value.arraySync()])),
        },
      };
    });
    const answers = runKerasScript(keras.python, 'attention_layers.py', { cases: requests.map((r) => r.request) }) as number[][][];
    requests.forEach(({ testCase, outputs, ours }, index) => {
      const expected = answers[index];
      expect(ours.length, testCase.title).toBe(expected.length);
      ours.forEach((tensor, output) => {
        expect(tensor.shape.slice(1), `${testCase.title}: output ${output}`).toEqual((outputs[output] as Kensor).shape.slice(1));
        const difference = tf.max(tf.abs(tf.sub(tensor, tf.tensor(expected[output])))).dataSync()[0];
        expect(difference, `${testCase.title}: output ${output}`).toBeLessThan(1e-4);
      });
    });
  }, 120_000);
});

describeOnBackends('attention layers', () => {
  for (const testCase of cases.filter((c) => c.title.includes('mask'))) {
    it(`${testCase.title}: gradients match finite differences`, () => {
      const { layer } = buildCase(testCase);
      const inputs = testCase.inputs.map((shape) => tf.randomNormal([2, ...shape]));
      const tensors: Record<string, tf.Tensor | tf.Tensor[]> = {};
      for (const [name, shape] of Object.entries(testCase.tensors ?? {})) {
        tensors[toCamel(name)] = Array.isArray(shape[0]) ? (shape as number[][]).map(randomMask) : randomMask(shape as number[]);
      }
      const callOptions = Object.fromEntries(Object.entries(testCase.options ?? {}).map(([name, value]) => [toCamel(name), value]));
      const weights = Object.values(layer.variables);
      const upstream = layer.callAll(inputs, { training: false, tensors, callOptions }).map((output) => tf.randomNormal(output.shape));
      const loss = (...values: tf.Tensor[]) => {
        const outputs = layer.callAll(values, { training: false, tensors, callOptions });
        return outputs.map((output, i) => tf.sum(tf.mul(output, upstream[i]))).reduce((a, b) => tf.add(a, b)) as tf.Scalar;
      };
      const analytic = tf.grads(loss)(inputs);
      const parameters = tf.variableGrads(() => loss(...inputs), weights);
      const step = 1e-2;
      inputs.forEach((input, which) => {
        const values = input.dataSync().slice();
        const at = (index: number, delta: number) => {
          const moved = values.slice();
          moved[index] += delta;
          return loss(...inputs.map((other, i) => (i === which ? tf.tensor(moved, input.shape) : other))).dataSync()[0];
        };
        for (const index of [0, 3, input.size - 1]) {
          expect(analytic[which].dataSync()[index]).toBeCloseTo((at(index, step) - at(index, -step)) / (2 * step), 1);
        }
      });
      for (const variable of weights) {
        const gradient = parameters.grads[variable.name].dataSync();
        const values = variable.dataSync().slice();
        const index = values.length - 1;
        const at = (delta: number) => {
          const moved = values.slice();
          moved[index] += delta;
          variable.assign(tf.tensor(moved, variable.shape));
          return loss(...inputs).dataSync()[0];
        };
        const estimate = (at(step) - at(-step)) / (2 * step);
        variable.assign(tf.tensor(values, variable.shape));
        expect(gradient[index]).toBeCloseTo(estimate, 1);
      }
    });
  }
});

describe('attention layer errors', () => {
  it('name the layer and what it expected', () => {
    const query = new Input([4, 8]);
    const value = new Input([6, 8]);
    expect(() => new MultiHeadAttention(2, 4, { name: 'mha' }).apply(query)).toThrow(/mha \(MultiHeadAttention\) takes a list of Kensors, but was given one/);
    expect(() => new MultiHeadAttention(2, 4, { name: 'mha' }).apply([query, value], { attentionMask: new Input([4, 5]) })).toThrow(ShapeError);
    expect(() => new MultiHeadAttention(2, 4, { name: 'mha' }).apply([query, value], { attentionMask: new Input([4, 5]) })).toThrow(
      /mha \(MultiHeadAttention\) takes an attention mask of shape \[batch, 4, 6\], but got \[batch, 4, 5\]/,
    );
    expect(() => new MultiHeadAttention(2, 4, { name: 'mha' }).apply([query, value, value], { key: value })).toThrow(/mha \(MultiHeadAttention\) takes the key once/);
    expect(() => new MultiHeadAttention(2, 4, { attentionAxes: [2] })).toThrow(/attentionAxes may only be the time axis/);
    expect(() => new Attention({ name: 'att' }).apply([query, new Input([6, 5])])).toThrow(
      /att \(Attention\) needs query and key of one feature size, but query has \[batch, 4, 8\] and key \[batch, 6, 5\]/,
    );
    expect(() => new Attention({ name: 'att' }).apply([query, new Input([5, 8]), new Input([6, 8])])).toThrow(/att \(Attention\) needs value and key of one length/);
  });

  it('MultiHeadAttention takes the key by keyword as in the list', () => {
    const query = new Input([4, 8]);
    const value = new Input([6, 2]);
    const key = new Input([6, 3]);
    const layer = new MultiHeadAttention(2, 4);
    const output = layer.apply([query, value], { key });
    expect(output.shape).toEqual([null, 4, 8]);
    expect(layer.weights['key/kernel'].shape).toEqual([3, 2, 4]);
    const model = new Model([query, value, key], output);
    const data = [tf.randomNormal([1, 4, 8]), tf.randomNormal([1, 6, 2]), tf.randomNormal([1, 6, 3])];
    const byKeyword = model.predict(data) as tf.Tensor;
    const inList = new Model([query, value, key], layer.apply([query, value, key])).predict(data) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(byKeyword, inList))).dataSync()[0]).toBe(0);
  });
});
