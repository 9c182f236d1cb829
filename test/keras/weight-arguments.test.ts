/**
 * Keras 3's weight arguments against Keras 3 itself (on JAX, CPU): models of
 * the Keras dialect with regularizers (kernel, bias, recurrent, embeddings,
 * gamma/beta, activity: also on the layers that compute themselves, and on
 * MultiHeadAttention's four projections as Keras 3 puts it), constraints and
 * initializers are exported; Keras must read the same arguments back,
 * compute the same training loss (its loss plus `model.losses`) and, after
 * one step of SGD with the penalties' gradients and the constraints, predict
 * what Keraflow predicts (test/keras/weight_arguments.py).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constraints, Input, Model, regularizers, SGD } from '../../runtime/node.ts';
import { layers } from '../../runtime/keras/index.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { generator } from './seeded.ts';

const keras = findKerasPython();
const TOLERANCE = 1e-4;

interface Case {
  model: Model;
  x: number[][] | number[][][];
  y: number[][];
  intInput?: boolean;
  /** The weight arguments Keras must read, `layer.key` -> {class_name, config}. */
  arguments: Record<string, { class_name: string; config: Record<string, unknown> }>;
}

interface KerasAnswer {
  arguments?: Record<string, unknown>;
  loss?: number;
  trained?: unknown;
  error?: string;
}

const l1l2 = (l1: number, l2: number) => ({ class_name: 'L1L2', config: { l1, l2 } });

function denseCase(random: () => number): Case {
  const input = new Input([3]);
  const hidden = new layers.Dense(4, {
    activation: 'tanh',
    name: 'hidden',
    biasInitializer: 'ones',
    kernelInitializer: 'truncated_normal',
    kernelRegularizer: new regularizers.L2(0.1),
    biasRegularizer: new regularizers.L1(0.05),
    activityRegularizer: new regularizers.L1L2(0.01, 0.02),
    kernelConstraint: new constraints.MaxNorm(0.8),
    biasConstraint: 'nonneg',
  });
  const output = new layers.Dense(2, {
    name: 'output',
    kernelInitializer: 'lecun_uniform',
    kernelRegularizer: new regularizers.L1L2(0.01, 0.03),
    kernelConstraint: new constraints.MinMaxNorm({ minValue: 0.2, maxValue: 0.9, rate: 0.7 }),
    biasConstraint: new constraints.UnitNorm(),
  });
  const model = new Model(input, output.apply(hidden.apply(input)));
  const x = Array.from({ length: 6 }, () => [0, 0, 0].map(() => random() * 2 - 1));
  return {
    model,
    x,
    y: x.map(([a, b]) => [a - b, a * b]),
    arguments: {
      'hidden.bias_initializer': { class_name: 'Ones', config: {} },
      'hidden.kernel_initializer': { class_name: 'TruncatedNormal', config: { mean: 0, stddev: 0.05 } },
      'output.kernel_initializer': { class_name: 'LecunUniform', config: {} },
      'hidden.kernel_regularizer': l1l2(0, 0.1),
      'hidden.bias_regularizer': l1l2(0.05, 0),
      'hidden.activity_regularizer': l1l2(0.01, 0.02),
      'hidden.kernel_constraint': { class_name: 'MaxNorm', config: { max_value: 0.8, axis: 0 } },
      'hidden.bias_constraint': { class_name: 'NonNeg', config: {} },
      'output.kernel_regularizer': l1l2(0.01, 0.03),
      'output.kernel_constraint': { class_name: 'MinMaxNorm', config: { min_value: 0.2, max_value: 0.9, rate: 0.7, axis: 0 } },
      'output.bias_constraint': { class_name: 'UnitNorm', config: { axis: 0 } },
    },
  };
}

function recurrentCase(random: () => number): Case {
  const input = new Input([4, 3]);
  const lstm = new layers.LSTM(3, {
    name: 'lstm',
    returnSequences: true,
    kernelRegularizer: new regularizers.L2(0.05),
    recurrentRegularizer: new regularizers.L1(0.02),
    biasRegularizer: new regularizers.L2(0.1),
    activityRegularizer: new regularizers.L2(0.01),
    recurrentConstraint: new constraints.MaxNorm(0.7),
  });
  // L1 only on weights away from 0: at 0, JAX's gradient of |w| is 1 and TensorFlow's (and TensorFlow.js's) 0, and the biases start there.
  const gru = new layers.GRU(2, { name: 'gru', recurrentRegularizer: new regularizers.L2(0.2), biasRegularizer: new regularizers.L2(0.1), kernelConstraint: 'unitnorm' });
  const model = new Model(input, gru.apply(lstm.apply(input)));
  const x = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => [0, 0, 0].map(() => random() * 2 - 1)));
  return {
    model,
    x,
    y: x.map((steps) => [steps[0][0], steps[3][1]]),
    arguments: {
      'lstm.recurrent_initializer': { class_name: 'Orthogonal', config: { gain: 1 } },
      'lstm.kernel_regularizer': l1l2(0, 0.05),
      'lstm.recurrent_regularizer': l1l2(0.02, 0),
      'lstm.bias_regularizer': l1l2(0, 0.1),
      'lstm.activity_regularizer': l1l2(0, 0.01),
      'lstm.recurrent_constraint': { class_name: 'MaxNorm', config: { max_value: 0.7, axis: 0 } },
      'gru.recurrent_regularizer': l1l2(0, 0.2),
      'gru.bias_regularizer': l1l2(0, 0.1),
      'gru.kernel_constraint': { class_name: 'UnitNorm', config: { axis: 0 } },
    },
  };
}

function embeddingCase(random: () => number): Case {
  const input = new Input([5], { dtype: 'int32' });
  const embedding = new layers.Embedding(10, 4, {
    name: 'embedding',
    embeddingsInitializer: 'lecun_normal',
    embeddingsRegularizer: new regularizers.L2(0.1),
    embeddingsConstraint: new constraints.MaxNorm(0.1),
  });
  const normalization = new layers.LayerNormalization({
    name: 'layer_norm',
    gammaRegularizer: new regularizers.L2(0.1),
    betaRegularizer: new regularizers.L1(0.2),
    betaInitializer: 'ones',
    betaConstraint: 'nonneg',
  });
  const batchNorm = new layers.BatchNormalization({ name: 'batch_norm', gammaRegularizer: new regularizers.L1(0.1), gammaInitializer: 'normal' });
  const flat = new layers.Flatten().apply(batchNorm.apply(normalization.apply(embedding.apply(input))));
  const model = new Model(input, new layers.Dense(2, { name: 'head' }).apply(flat));
  const x = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => Math.floor(random() * 10)));
  return {
    model,
    x,
    y: x.map((tokens) => [tokens[0] / 10, tokens[4] / 10]),
    intInput: true,
    arguments: {
      'embedding.embeddings_initializer': { class_name: 'LecunNormal', config: {} },
      'embedding.embeddings_regularizer': l1l2(0, 0.1),
      'embedding.embeddings_constraint': { class_name: 'MaxNorm', config: { max_value: 0.1, axis: 0 } },
      'layer_norm.gamma_regularizer': l1l2(0, 0.1),
      'layer_norm.beta_regularizer': l1l2(0.2, 0),
      'layer_norm.beta_initializer': { class_name: 'Ones', config: {} },
      'layer_norm.beta_constraint': { class_name: 'NonNeg', config: {} },
      'batch_norm.gamma_regularizer': l1l2(0.1, 0),
      'batch_norm.gamma_initializer': { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.05 } },
    },
  };
}

function ownMathCase(random: () => number): Case {
  const image = new Input([5, 5, 2]);
  const transposed = new layers.Conv2DTranspose(2, 2, {
    name: 'transposed',
    strides: 2,
    kernelRegularizer: new regularizers.L2(0.05),
    biasRegularizer: new regularizers.L2(0.1),
    activityRegularizer: new regularizers.L2(0.01),
    kernelConstraint: new constraints.MaxNorm(0.9),
    biasInitializer: 'ones',
  });
  const depthwise = new layers.DepthwiseConv2D(3, {
    name: 'depthwise',
    depthwiseRegularizer: new regularizers.L2(0.1),
    activityRegularizer: new regularizers.L1(0.02),
    depthwiseConstraint: new constraints.UnitNorm(),
    biasConstraint: 'nonneg',
  });
  const separable = new layers.SeparableConv2D(3, 2, {
    name: 'separable',
    depthwiseRegularizer: new regularizers.L2(0.02),
    pointwiseRegularizer: new regularizers.L1L2(0.01, 0.03),
    biasRegularizer: new regularizers.L2(0.2),
    activityRegularizer: new regularizers.L1L2(0.01, 0.03),
    pointwiseConstraint: new constraints.MaxNorm(0.6),
  });
  const prelu = new layers.PReLU({ name: 'prelu', alphaInitializer: 'ones', alphaRegularizer: new regularizers.L2(0.1), alphaConstraint: new constraints.MinMaxNorm({ maxValue: 0.5 }) });
  const pooled = new layers.GlobalAveragePooling2D().apply(prelu.apply(separable.apply(depthwise.apply(transposed.apply(image)))));
  const model = new Model(image, new layers.Dense(2, { name: 'head' }).apply(pooled));
  const x = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => [random() * 2 - 1, random() * 2 - 1])));
  return {
    model,
    x: x as never,
    y: x.map((rows) => [rows[0][0][0], rows[4][4][1]]),
    arguments: {
      'transposed.bias_initializer': { class_name: 'Ones', config: {} },
      'transposed.kernel_regularizer': l1l2(0, 0.05),
      'transposed.bias_regularizer': l1l2(0, 0.1),
      'transposed.activity_regularizer': l1l2(0, 0.01),
      'transposed.kernel_constraint': { class_name: 'MaxNorm', config: { max_value: 0.9, axis: 0 } },
      'depthwise.depthwise_regularizer': l1l2(0, 0.1),
      'depthwise.activity_regularizer': l1l2(0.02, 0),
      'depthwise.depthwise_constraint': { class_name: 'UnitNorm', config: { axis: 0 } },
      'depthwise.bias_constraint': { class_name: 'NonNeg', config: {} },
      'separable.depthwise_regularizer': l1l2(0, 0.02),
      'separable.pointwise_regularizer': l1l2(0.01, 0.03),
      'separable.bias_regularizer': l1l2(0, 0.2),
      'separable.activity_regularizer': l1l2(0.01, 0.03),
      'separable.pointwise_constraint': { class_name: 'MaxNorm', config: { max_value: 0.6, axis: 0 } },
      'prelu.alpha_initializer': { class_name: 'Ones', config: {} },
      'prelu.alpha_regularizer': l1l2(0, 0.1),
      'prelu.alpha_constraint': { class_name: 'MinMaxNorm', config: { min_value: 0, max_value: 0.5, rate: 1, axis: 0 } },
    },
  };
}

function attentionCase(random: () => number): Case {
  const sequence = new Input([4, 3]);
  const attention = new layers.MultiHeadAttention(2, 2, {
    name: 'attention',
    kernelRegularizer: new regularizers.L2(0.1),
    biasRegularizer: new regularizers.L2(0.05),
    activityRegularizer: new regularizers.L1L2(0.02, 0.05),
    kernelConstraint: new constraints.MaxNorm(0.8),
    biasInitializer: 'ones',
  });
  const flat = new layers.Flatten().apply(attention.apply([sequence, sequence]));
  const model = new Model(sequence, new layers.Dense(2, { name: 'head' }).apply(flat));
  const x = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => [0, 0, 0].map(() => random() * 2 - 1)));
  return {
    model,
    x,
    y: x.map((steps) => [steps[0][0], steps[3][2]]),
    arguments: {
      'attention.bias_initializer': { class_name: 'Ones', config: {} },
      'attention.kernel_regularizer': l1l2(0, 0.1),
      'attention.bias_regularizer': l1l2(0, 0.05),
      'attention.activity_regularizer': l1l2(0.02, 0.05),
      'attention.kernel_constraint': { class_name: 'MaxNorm', config: { max_value: 0.8, axis: 0 } },
    },
  };
}

/** Keraflow's loss of one full batch at learning rate 0, then its predictions after one step of SGD(0.1) from the same weights. */
async function keraflowAnswer({ model, x, y }: Case): Promise<{ loss: number; trained: number[] }> {
  const start = model.getWeights();
  const saved = Object.fromEntries(Object.entries(start).map(([layer, weights]) => [layer, Object.fromEntries(Object.entries(weights).map(([name, v]) => [name, v.arraySync()]))]));
  model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
  const frozen = await model.fit(x, y, { epochs: 1, batchSize: x.length, shuffle: false, verbose: 0 });
  model.setWeights(saved);
  model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: x.length, shuffle: false, verbose: 0 });
  const predicted = model.predict(x) as tf.Tensor;
  const trained = Array.from(predicted.dataSync());
  predicted.dispose();
  return { loss: frozen.history.loss[0], trained };
}

const flatten = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flatten) : [value as number]);

describe.skipIf(!keras.python && !keras.required)(`Keras weight arguments: Keras 3 reads them and trains the same${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-weight-arguments-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const names = ['Dense', 'LSTM and GRU', 'Embedding and normalizations', 'transposed, depthwise and separable convolutions, PReLU', 'MultiHeadAttention'];
  const results = new Map<string, { expected: Case['arguments']; keraflow: { loss: number; trained: number[] }; keras: KerasAnswer }>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const source = generator(7);
    const random = () => source.int(0, 9999) / 10000;
    const cases = [denseCase(random), recurrentCase(random), embeddingCase(random), ownMathCase(random), attentionCase(random)];
    const requests = [];
    for (const [index, testCase] of cases.entries()) {
      const archive = join(folder, `case_${index}.keras`);
      await testCase.model.exportKeras(archive);
      requests.push({ archive, x: testCase.x, y: testCase.y, int_input: testCase.intInput === true });
      results.set(names[index], { expected: testCase.arguments, keraflow: await keraflowAnswer(testCase), keras: {} });
    }
    const answers = runKerasScript(keras.python, 'weight_arguments.py', requests) as KerasAnswer[];
    names.forEach((name, index) => (results.get(name)!.keras = answers[index]));
  }, 600_000);

  it.each(names)('%s', (name) => {
    const { expected, keraflow, keras: answer } = results.get(name)!;
    expect(answer.error).toBeUndefined();
    // Every regularizer and constraint Keras read is one we set; the initializers we set are among those it read (it reads them all).
    expect(answer.arguments).toMatchObject(expected);
    const penalties = Object.keys(answer.arguments ?? {}).filter((key) => !key.endsWith('_initializer'));
    expect(penalties.sort()).toEqual(
      Object.keys(expected)
        .filter((key) => !key.endsWith('_initializer'))
        .sort(),
    );
    expect(Math.abs(answer.loss! - keraflow.loss), `training loss: Keras ${answer.loss}, Keraflow ${keraflow.loss}`).toBeLessThanOrEqual(TOLERANCE);
    const trained = flatten(answer.trained);
    expect(trained.length).toBe(keraflow.trained.length);
    const worst = Math.max(...trained.map((value, k) => Math.abs(value - keraflow.trained[k])));
    expect(worst, 'predictions after one training step, largest difference').toBeLessThanOrEqual(TOLERANCE);
  });
});
