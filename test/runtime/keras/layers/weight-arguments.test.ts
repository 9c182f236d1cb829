/**
 * Keras 3's weight arguments on the Keras dialect's layers: regularizers
 * (kernel, bias, recurrent, embeddings, gamma/beta, activity), constraints
 * and the initializers Keraflow's layers lack (bias, gamma, beta...). The
 * penalties are checked against the training loss computed by hand.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constraints, Input, Model, regularizers, SGD, TimeDistributed } from '../../../../runtime/node.ts';
import { layers } from '../../../../runtime/keras/index.ts';
import { KeraflowError } from '../../../../runtime/errors.ts';

/** The training loss of one epoch, one batch, with a learning rate of 0 (the weights stay as they are). */
async function trainingLoss(model: Model, x: number[][], y: number[][]): Promise<number> {
  model.compile({ optimizer: new SGD({ lr: 0 }), loss: 'mse' });
  const history = await model.fit(x, y, { epochs: 1, batchSize: x.length, shuffle: false, verbose: 0 });
  return history.history.loss[0];
}

describe('Keras weight arguments', () => {
  it('Dense: kernel_regularizer, bias_regularizer and activity_regularizer add their penalties to the training loss', async () => {
    const input = new Input([2]);
    const dense = new layers.Dense(1, {
      kernelRegularizer: new regularizers.L2(0.5),
      biasRegularizer: 'l1',
      activityRegularizer: new regularizers.L1L2(0.1, 0.2),
      initialWeights: { kernel: [[1], [-2]], bias: [3] },
    });
    const model = new Model(input, dense.apply(input));
    const x = [
      [1, 1],
      [2, 0],
    ];
    const y = [[0], [0]];
    // Outputs: 1 - 2 + 3 = 2 and 2 + 3 = 5; mse (4 + 25) / 2 = 14.5.
    // Kernel: 0.5 · (1 + 4) = 2.5. Bias: 0.01 · 3 = 0.03. Activity: (0.1 · (2 + 5) + 0.2 · (4 + 25)) / batch 2 = 3.25.
    expect(await trainingLoss(model, x, y)).toBeCloseTo(14.5 + 2.5 + 0.03 + 3.25, 4);
    const [evaluated] = await model.evaluate(x, y);
    expect(evaluated).toBeCloseTo(14.5, 4);
  });

  it('the recurrent kernel, embeddings and gamma/beta regularizers penalize the weights they name', async () => {
    const sum = (tensors: tf.Tensor[]) => tensors.reduce((total, t) => total + tf.sum(tf.square(t)).dataSync()[0], 0);

    const sequence = new Input([3, 2]);
    const lstm = new layers.LSTM(2, { recurrentRegularizer: new regularizers.L2(0.1) });
    const lstmModel = new Model(sequence, lstm.apply(sequence));
    const recurrent = ['U_i', 'U_f', 'U_c', 'U_o'].map((name) => lstm.variables[name]);
    const zeros = [
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ];
    // Zero input, zero state: the output is 0 whatever the weights, so the loss is the penalty alone.
    expect(await trainingLoss(lstmModel, zeros as never, [[0, 0]])).toBeCloseTo(0.1 * sum(recurrent), 4);

    const tokens = new Input([2], { dtype: 'int32' });
    const embedding = new layers.Embedding(4, 2, {
      embeddingsRegularizer: new regularizers.L1(0.5),
      initialWeights: [
        [
          [1, -1],
          [0, 0],
          [2, 0],
          [0, 3],
        ],
      ],
    });
    const embeddingModel = new Model(tokens, new layers.Flatten().apply(embedding.apply(tokens)));
    // Looks up rows 1 and 1 (zeros); the penalty covers the whole table: 0.5 · (1 + 1 + 2 + 3).
    expect(await trainingLoss(embeddingModel, [[1, 1]], [[0, 0, 0, 0]])).toBeCloseTo(3.5, 4);

    const features = new Input([2]);
    const normalization = new layers.LayerNormalization({ gammaRegularizer: new regularizers.L2(1), betaRegularizer: new regularizers.L2(2) });
    const normalized = new Model(features, normalization.apply(features));
    // Equal features normalize to 0 · gamma + beta = beta = 0; gamma starts at ones: 1 · (1 + 1).
    expect(await trainingLoss(normalized, [[5, 5]], [[0, 0]])).toBeCloseTo(2, 4);
  });

  it('kernel_constraint and bias_constraint apply after each update; a regularizer by alias is resolved', async () => {
    const input = new Input([2]);
    const dense = new layers.Dense(2, {
      kernelConstraint: new constraints.MaxNorm(1),
      biasConstraint: 'nonneg',
      kernelRegularizer: 'l2',
      initialWeights: {
        kernel: [
          [3, 0],
          [4, 0.5],
        ],
        bias: [-1, 2],
      },
    });
    const model = new Model(input, dense.apply(input));
    expect(dense.regularizers.get('W')).toBeInstanceOf(regularizers.L2);
    await trainingLoss(model, [[0, 0]], [[0, 0]]);
    // Column norms 5 and 0.5: the first scaled to 1, the second kept; the negative bias set to 0.
    const kernel = dense.weights.kernel.arraySync() as number[][];
    expect(kernel[0][0]).toBeCloseTo(0.6, 5);
    expect(kernel[1][0]).toBeCloseTo(0.8, 5);
    expect(kernel[1][1]).toBeCloseTo(0.5, 5);
    expect(dense.weights.bias.arraySync()).toEqual([0, 2]);
  });

  it('MinMaxNorm moves each column norm into its range at its rate', () => {
    const weight = tf.tensor([
      [3, 0.1],
      [4, 0],
    ]);
    const clipped = new constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2 }).apply(weight).arraySync() as number[][];
    // Norms 5 and 0.1 become 2 and 0.5.
    expect(clipped[0][0]).toBeCloseTo(1.2, 5);
    expect(clipped[1][0]).toBeCloseTo(1.6, 5);
    expect(clipped[0][1]).toBeCloseTo(0.5, 5);
    const halfway = new constraints.MinMaxNorm({ minValue: 0, maxValue: 1, rate: 0.5 }).apply(tf.tensor([[3], [4]])).arraySync() as number[][];
    // Desired norm 0.5 · 1 + 0.5 · 5 = 3.
    expect(halfway[0][0]).toBeCloseTo(1.8, 5);
    expect(() => new constraints.MinMaxNorm({ minValue: 2, maxValue: 1 })).toThrow(/min_value 2 is above max_value 1/);
  });

  it('bias_initializer, gamma_initializer and beta_initializer start the weights Keraflow starts at 0 or 1; initialWeights win', () => {
    const input = new Input([3]);
    const dense = new layers.Dense(2, { biasInitializer: 'ones' });
    const norm = new layers.BatchNormalization({ gammaInitializer: 'zeros', betaInitializer: 'ones', movingVarianceInitializer: 'zeros' });
    new Model(input, norm.apply(dense.apply(input)));
    expect(dense.weights.bias.arraySync()).toEqual([1, 1]);
    expect(norm.weights.gamma.arraySync()).toEqual([0, 0]);
    expect(norm.weights.beta.arraySync()).toEqual([1, 1]);
    expect(norm.weights.moving_variance.arraySync()).toEqual([0, 0]);
    const given = new layers.Dense(1, { biasInitializer: 'ones', initialWeights: { kernel: [[1], [1], [1]], bias: [5] } });
    new Model(input, given.apply(input));
    expect(given.weights.bias.arraySync()).toEqual([5]);
  });

  it("the Keras dialect's orthogonal has Keras's gain 1 (Keraflow's orthogonal 1.1)", () => {
    const input = new Input([4, 3]);
    const lstm = new layers.LSTM(3);
    new Model(input, lstm.apply(input));
    tf.tidy(() => {
      const recurrent = lstm.variables.U_f;
      const gram = tf.matMul(recurrent, recurrent, true, false);
      expect(tf.max(tf.abs(tf.sub(gram, tf.eye(3)))).dataSync()[0]).toBeLessThan(1e-4);
    });
  });

  it('a weight argument and the common option for the same kind is an error naming both; a wrong value names what is expected', () => {
    const both = () => new layers.Dense(2, { kernelRegularizer: 'l2', regularizers: { b: 'l1' } });
    expect(both).toThrow(KeraflowError);
    expect(both).toThrow(/give kernelRegularizer or regularizers, not both/);
    expect(() => new layers.Dense(2, { kernelRegularizer: 'l3' })).toThrow(/kernelRegularizer' must be a regularizer .*but got "l3"; did you mean 'l1'\?/);
    expect(() => new layers.Conv2D(2, 3, { biasConstraint: 3 as never })).toThrow(/biasConstraint' must be a constraint/);
  });

  it('the layers that run their own math put their weight arguments on their own weights: Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, MultiHeadAttention, PReLU', async () => {
    const image = new Input([1, 1, 1]);
    const transposed = new layers.Conv2DTranspose(1, 2, {
      kernelRegularizer: new regularizers.L2(0.5),
      biasRegularizer: new regularizers.L1(0.25),
      initialWeights: {
        kernel: [
          [[[1]], [[2]]],
          [[[-1]], [[3]]],
        ],
        bias: [-2],
      },
    });
    const transposedModel = new Model(image, new layers.Flatten().apply(transposed.apply(image)));
    // Zero input: the output is the bias everywhere, mse 4 over four values; kernel 0.5 · (1 + 4 + 1 + 9) = 7.5; bias 0.25 · 2 = 0.5.
    expect(await trainingLoss(transposedModel, [[[[0]]]] as never, [[0, 0, 0, 0]])).toBeCloseTo(4 + 7.5 + 0.5, 4);

    const separable = new layers.SeparableConv2D(1, 1, {
      depthwiseRegularizer: new regularizers.L2(1),
      pointwiseRegularizer: new regularizers.L1(2),
      initialWeights: { depthwise_kernel: [[[[3]]]], pointwise_kernel: [[[[-0.5]]]], bias: [0] },
    });
    const separableModel = new Model(image, new layers.Flatten().apply(separable.apply(image)));
    // Zero input, zero bias: the loss is the penalties, 1 · 9 + 2 · 0.5.
    expect(await trainingLoss(separableModel, [[[[0]]]] as never, [[0]])).toBeCloseTo(10, 4);

    const depthwise = new layers.DepthwiseConv2D(1, { depthwiseConstraint: 'nonneg', biasConstraint: new constraints.MaxNorm(1), initialWeights: { kernel: [[[[-3]]]], bias: [4] } });
    const depthwiseModel = new Model(image, new layers.Flatten().apply(depthwise.apply(image)));
    await trainingLoss(depthwiseModel, [[[[0]]]] as never, [[4]]);
    expect(depthwise.weights.kernel.arraySync()).toEqual([[[[0]]]]);
    expect((depthwise.weights.bias.arraySync() as number[])[0]).toBeCloseTo(1, 5);

    const sequence = new Input([2, 2]);
    const attention = new layers.MultiHeadAttention(1, 1, { kernelRegularizer: new regularizers.L1(1), useBias: false });
    const attentionModel = new Model(sequence, new layers.Flatten().apply(attention.apply([sequence, sequence])));
    expect([...attention.regularizers.keys()].sort()).toEqual(['W_key', 'W_output', 'W_query', 'W_value']);
    const kernels = ['W_query', 'W_key', 'W_value', 'W_output'].reduce((total, name) => total + tf.sum(tf.abs(attention.variables[name])).dataSync()[0], 0);
    // Zero input and no biases: the output is 0, so the loss is the L1 penalty of the four kernels.
    expect(
      await trainingLoss(
        attentionModel,
        [
          [
            [0, 0],
            [0, 0],
          ],
        ] as never,
        [[0, 0, 0, 0]],
      ),
    ).toBeCloseTo(kernels, 4);

    const prelu = new layers.PReLU({ alphaRegularizer: new regularizers.L2(1), alphaInitializer: 'ones', alphaConstraint: new constraints.MaxNorm(0.5) });
    const features = new Input([1]);
    const preluModel = new Model(features, prelu.apply(features));
    // x = -2, alpha 1: output -2, mse 4; penalty 1 · 1.
    expect(await trainingLoss(preluModel, [[-2]], [[0]])).toBeCloseTo(5, 4);
    expect((prelu.weights.alpha.arraySync() as number[])[0]).toBeCloseTo(0.5, 5);

    expect(() => new layers.Conv2DTranspose(1, 2, { kernelRegularizer: 'l2', regularizers: { bias: 'l1' } })).toThrow(/give kernelRegularizer or regularizers, not both/);
    expect(() => new layers.SeparableConv2D(1, 1, { pointwiseConstraint: 'maxnorm3' as never })).toThrow(/pointwiseConstraint' must be a constraint/);
  });

  it('exported to a .keras archive and imported back, the weight arguments of the layers with their own math are kept', async () => {
    const image = new Input([4, 4, 2]);
    const transposed = new layers.Conv2DTranspose(2, 2, { name: 'transposed', kernelRegularizer: new regularizers.L2(0.1), biasConstraint: 'nonneg' });
    const separable = new layers.SeparableConv2D(2, 2, { name: 'separable', pointwiseRegularizer: new regularizers.L1L2(0.1, 0.2), depthwiseConstraint: new constraints.MaxNorm(2) });
    const prelu = new layers.PReLU({ name: 'prelu', alphaRegularizer: new regularizers.L1(0.3) });
    const model = new Model(image, prelu.apply(separable.apply(transposed.apply(image))));
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-weight-arguments-'));
    const archive = path.join(directory, 'model.keras');
    await model.exportKeras(archive);
    const imported = await Model.loadKeras(archive);
    const layer = (name: string) => imported.layers.find((candidate) => candidate.name === name)!;
    expect((layer('transposed').regularizers.get('kernel') as regularizers.L1L2).l2).toBe(0.1);
    expect(layer('transposed').constraints.get('bias')).toBeInstanceOf(constraints.NonNeg);
    const pointwise = layer('separable').regularizers.get('pointwise_kernel') as regularizers.L1L2;
    expect([pointwise.l1, pointwise.l2]).toEqual([0.1, 0.2]);
    expect((layer('separable').constraints.get('depthwise_kernel') as constraints.MaxNorm).m).toBe(2);
    expect(layer('separable').regularizers.has('depthwise_kernel')).toBe(false);
    expect((layer('prelu').regularizers.get('alpha') as regularizers.L1L2).l1).toBe(0.3);
    // Exported again, the archive's config is the same.
    const again = path.join(directory, 'again.keras');
    await imported.exportKeras(again);
    const configOf = async (file: string) => {
      const { unzipSync, strFromU8 } = await import('fflate');
      return JSON.parse(strFromU8(unzipSync(fs.readFileSync(file))['config.json']));
    };
    expect(await configOf(again)).toEqual(await configOf(archive));
    // Saved in Keraflow's format, the weight arguments are saved as themselves (not as the regularizers option too) and load back.
    await model.saveToFile(path.join(directory, 'model.json'), path.join(directory, 'model.safetensors'));
    const loaded = await Model.loadFromFile(path.join(directory, 'model.json'), path.join(directory, 'model.safetensors'));
    const copy = loaded.layers.find((candidate) => candidate.name === 'separable') as layers.SeparableConv2D;
    expect(copy.args.pointwiseRegularizer).toBeInstanceOf(regularizers.L1L2);
    expect((copy.constraints.get('depthwise_kernel') as constraints.MaxNorm).m).toBe(2);
    expect(copy.options.regularizers).toBeUndefined();
  });

  it('the layers with their own math take activity_regularizer: divided by the batch size, MultiHeadAttention on its four projections', async () => {
    const sequence = new Input([2, 1]);
    const transposed = new layers.Conv1DTranspose(1, 1, { activityRegularizer: new regularizers.L1(0.5), useBias: false, kernelInitializer: 'ones' });
    const transposedModel = new Model(sequence, transposed.apply(sequence));
    // The output is the input: mse of [1, -2] and [3, 0] against 0 is (1 + 4 + 9) / 4 = 3.5; L1 0.5 · (1 + 2 + 3) / batch 2 = 1.5.
    const x = [
      [[1], [-2]],
      [[3], [0]],
    ];
    expect(
      await trainingLoss(
        transposedModel,
        x as never,
        [
          [[0], [0]],
          [[0], [0]],
        ] as never,
      ),
    ).toBeCloseTo(3.5 + 1.5, 4);
    const [evaluated] = await transposedModel.evaluate(
      x as never,
      [
        [[0], [0]],
        [[0], [0]],
      ] as never,
    );
    expect(evaluated).toBeCloseTo(3.5, 4);

    // One head of size 1, every kernel 1 and no bias: query, key and value projections are the input, the output projection too.
    const attention = new layers.MultiHeadAttention(1, 1, { activityRegularizer: new regularizers.L2(0.1), useBias: false, kernelInitializer: 'ones' });
    const one = new Input([1, 1]);
    const attentionModel = new Model(one, attention.apply([one, one]));
    // Input 2 and 3: each of the four projections is the input, so the penalty is 4 · 0.1 · (4 + 9) / batch 2 = 2.6; mse (4 + 9) / 2 = 6.5.
    expect(await trainingLoss(attentionModel, [[[2]], [[3]]] as never, [[[0]], [[0]]] as never)).toBeCloseTo(6.5 + 2.6, 4);
  });

  it('wrapped, as in Keras 3: TimeDistributed adds no activity penalty of its layer, and Bidirectional refuses a layer with one', async () => {
    const steps = new Input([2, 2, 1]);
    const depthwise = new layers.DepthwiseConv1D(1, { activityRegularizer: new regularizers.L1(1), useBias: false, depthwiseInitializer: 'ones' });
    const distributed = new Model(steps, new TimeDistributed(depthwise).apply(steps));
    // The output is the input: mse (1 + 4 + 9 + 16) / 4 = 7.5, and no penalty (Keras 3's TimeDistributed runs its layer's call).
    const x = [
      [
        [[1], [2]],
        [[3], [4]],
      ],
    ];
    expect(
      await trainingLoss(
        distributed,
        x as never,
        [
          [
            [[0], [0]],
            [[0], [0]],
          ],
        ] as never,
      ),
    ).toBeCloseTo(7.5, 4);
    const lstm = new layers.LSTM(2, { name: 'lstm', activityRegularizer: 'l2' });
    expect(() => new layers.Bidirectional(lstm, { name: 'bi' })).toThrow("bi (Bidirectional): its layer 'lstm' has an activity_regularizer, which Bidirectional does not apply; remove it");
  });

  it('exported to a .keras archive and imported back, the activity regularizers of the layers with their own math are kept', async () => {
    const sequence = new Input([6, 2]);
    const transposed = new layers.Conv1DTranspose(2, 2, { name: 'transposed', activityRegularizer: new regularizers.L2(0.1) });
    const depthwise = new layers.DepthwiseConv1D(2, { name: 'depthwise', activityRegularizer: new regularizers.L1(0.2) });
    const separable = new layers.SeparableConv1D(2, 2, { name: 'separable', activityRegularizer: new regularizers.L1L2(0.3, 0.4) });
    const features = separable.apply(depthwise.apply(transposed.apply(sequence)));
    const attention = new layers.MultiHeadAttention(2, 2, { name: 'attention', activityRegularizer: 'l2' });
    const model = new Model(sequence, attention.apply([features, features]));
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-activity-'));
    const archive = path.join(directory, 'model.keras');
    await model.exportKeras(archive);
    const imported = await Model.loadKeras(archive);
    const activity = (name: string) => {
      const regularizer = imported.layers.find((candidate) => candidate.name === name)!.activityRegularizer as regularizers.L1L2;
      return [regularizer.l1, regularizer.l2];
    };
    expect(activity('transposed')).toEqual([0, 0.1]);
    expect(activity('depthwise')).toEqual([0.2, 0]);
    expect(activity('separable')).toEqual([0.3, 0.4]);
    expect(activity('attention')).toEqual([0, 0.01]);
    const again = path.join(directory, 'again.keras');
    await imported.exportKeras(again);
    const { unzipSync, strFromU8 } = await import('fflate');
    const configOf = (file: string) => JSON.parse(strFromU8(unzipSync(fs.readFileSync(file))['config.json']));
    expect(configOf(again)).toEqual(configOf(archive));
    expect(JSON.stringify(configOf(archive))).toContain('"activity_regularizer":{"module":"keras.regularizers","class_name":"L1L2","config":{"l1":0.3,"l2":0.4}');
  });

  it("exported to a .keras archive, the layers that run a Keraflow layer come back as the Keras dialect's with their activity regularizers, weights and training loss", async () => {
    const tokens = new Input([4], { dtype: 'int32' });
    const embedded = new layers.Embedding(7, 3, { name: 'embedding', activityRegularizer: new regularizers.L2(0.1) }).apply(tokens);
    const convolved = new layers.Conv1D(3, 2, { name: 'conv', padding: 'same', activityRegularizer: new regularizers.L1(0.05) }).apply(embedded);
    const sequence = new layers.LSTM(3, { name: 'lstm', returnSequences: true, activityRegularizer: new regularizers.L1L2(0.01, 0.02) }).apply(convolved);
    const gru = new layers.GRU(2, { name: 'gru', returnSequences: true, activityRegularizer: 'l2' }).apply(sequence);
    const last = new layers.SimpleRNN(2, { name: 'rnn', activityRegularizer: new regularizers.L2(0.3) }).apply(gru);
    const model = new Model(tokens, new layers.Dense(1, { name: 'head', kernelRegularizer: 'l1', activityRegularizer: new regularizers.L1(0.2) }).apply(last));
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-activity-'));
    const archive = path.join(directory, 'model.keras');
    await model.exportKeras(archive);
    const imported = await Model.loadKeras(archive);
    const names = ['embedding', 'conv', 'lstm', 'gru', 'rnn', 'head'];
    const layer = (name: string) => imported.layers.find((candidate) => candidate.name === name)!;
    expect(names.map((name) => `${layer(name).spec.dialect} ${layer(name).className}`)).toEqual(['keras Embedding', 'keras Conv1D', 'keras LSTM', 'keras GRU', 'keras SimpleRNN', 'keras Dense']);
    const penalty = (name: string) => {
      const regularizer = layer(name).activityRegularizer as regularizers.L1L2;
      return [regularizer.l1, regularizer.l2];
    };
    expect(names.map(penalty)).toEqual([
      [0, 0.1],
      [0.05, 0],
      [0.01, 0.02],
      [0, 0.01],
      [0, 0.3],
      [0.2, 0],
    ]);
    expect(layer('head').regularizers.get('W')).toMatchObject({ l1: 0.01 });
    const x = [
      [1, 2, 3, 4],
      [6, 5, 0, 1],
    ];
    const y = [[0.5], [-0.5]];
    expect(await trainingLoss(imported, x, y)).toBeCloseTo(await trainingLoss(model, x, y), 5);
    const { unzipSync, strFromU8 } = await import('fflate');
    const configOf = (file: string) => JSON.parse(strFromU8(unzipSync(fs.readFileSync(file))['config.json']));
    const again = path.join(directory, 'again.keras');
    await imported.exportKeras(again);
    expect(configOf(again)).toEqual(configOf(archive));
  });

  it('save and load keep the weight arguments: regularizer and constraint objects, aliases, initializers', async () => {
    const input = new Input([3]);
    const dense = new layers.Dense(2, {
      kernelRegularizer: new regularizers.L1L2(0.1, 0.2),
      biasRegularizer: 'l1',
      activityRegularizer: new regularizers.L2(0.3),
      kernelConstraint: new constraints.MinMaxNorm({ maxValue: 2, rate: 0.5 }),
      biasInitializer: 'ones',
      name: 'dense',
    });
    const model = new Model(input, dense.apply(input));
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-weight-arguments-'));
    const file = path.join(directory, 'model.json');
    await model.saveToFile(file, path.join(directory, 'model.safetensors'));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('"kernel_regularizer"');
    const loaded = await Model.loadFromFile(file, path.join(directory, 'model.safetensors'));
    const copy = loaded.layers.find((layer) => layer.name === 'dense') as layers.Dense;
    expect(copy).toBeInstanceOf(layers.Dense);
    const kernel = copy.regularizers.get('W') as regularizers.L1L2;
    expect([kernel.l1, kernel.l2]).toEqual([0.1, 0.2]);
    expect(copy.regularizers.get('b')).toBeInstanceOf(regularizers.L1);
    expect((copy.activityRegularizer as regularizers.L2).l2).toBe(0.3);
    const constraint = copy.constraints.get('W') as constraints.MinMaxNorm;
    expect([constraint.minValue, constraint.maxValue, constraint.rate]).toEqual([0, 2, 0.5]);
    expect(copy.weights.bias.arraySync()).toEqual(dense.weights.bias.arraySync());
    await loaded.saveToFile(path.join(directory, 'again.json'), path.join(directory, 'again.safetensors'));
    expect(fs.readFileSync(path.join(directory, 'again.json'), 'utf8')).toBe(text);
  });
});
