/**
 * The noise, masking and scaling layers of the Keras dialect (GaussianNoise,
 * GaussianDropout, AlphaDropout, SpatialDropout1D/2D/3D, PReLU, Masking,
 * Embedding's mask_zero, Rescaling, UnitNormalization) against Keras 3 itself:
 * exported to .keras, Keras loads each model and predicts what Keraflow
 * predicts (the noise layers are the identity there, the masks skip the
 * padded steps) with the same parameter count; Keras saves it again, and
 * Keraflow's import of Keras's own archive predicts the same too. And a
 * `use keras` file with all of them, compiled to Python, builds in Keras
 * with the checker's shapes and parameter counts, and trains a step.
 * Without a Python with Keras 3 the suite is skipped (see test/keras/python.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { layers } from '../../runtime/keras/index.ts';
import { Input, Model } from '../../runtime/node.ts';
import { modelFromKerasArchive } from '../../runtime/saving/keras-import.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();
const TOLERANCE = 1e-4;

interface Case {
  model: Model;
  x: tf.Tensor[];
}

/** Sequences of 6 steps, the last ones of some of them padding (all 0). */
function paddedSteps(): tf.Tensor {
  const values = tf.add(tf.randomUniform([4, 6, 3]), 0.1);
  const kept = tf.expandDims(
    tf.tensor([
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0, 0],
      [1, 0, 0, 0, 0, 0],
      [1, 1, 1, 1, 1, 0],
    ]),
    -1,
  );
  return tf.mul(values, kept);
}

const cases: Record<string, () => Case> = {
  'masked sequence, noise and PReLU': () => {
    const steps = new Input([6, 3], { name: 'steps' });
    const masked = new layers.Masking({ name: 'skip_padding' }).apply(steps);
    const noisy = new layers.SpatialDropout1D(0.2).apply(new layers.GaussianNoise(0.1).apply(masked));
    const sequence = new layers.LSTM(4, { returnSequences: true }).apply(noisy);
    const dropped = new layers.GaussianDropout(0.2).apply(new layers.AlphaDropout(0.1).apply(sequence));
    const activated = new layers.PReLU({ alphaInitializer: 'uniform', sharedAxes: [1] }).apply(dropped);
    const output = new layers.UnitNormalization({ axis: [1, 2] }).apply(new layers.LSTM(3, { returnSequences: true }).apply(activated));
    return { model: new Model(steps, output, { name: 'sequence' }), x: [paddedSteps()] };
  },
  'images: Rescaling, spatial dropout, PReLU per channel': () => {
    const image = new Input([5, 5, 3], { name: 'image' });
    const scaled = new layers.Rescaling(1 / 255, { offset: -0.5 }).apply(image);
    const features = new layers.Conv2D(4, 3).apply(new layers.SpatialDropout2D(0.3).apply(scaled));
    const activated = new layers.PReLU({ alphaInitializer: 'uniform', sharedAxes: [1, 2] }).apply(features);
    const volume = new Input([2, 3, 3, 2], { name: 'volume' });
    const dropped = new layers.SpatialDropout3D(0.3, { dataFormat: 'channels_first' }).apply(volume);
    const joined = new layers.Concatenate().apply([new layers.Flatten().apply(activated), new layers.Flatten().apply(dropped)]);
    const output = new layers.UnitNormalization().apply(new layers.Dense(3).apply(joined));
    return { model: new Model([image, volume], output, { name: 'images' }), x: [tf.randomUniform([4, 5, 5, 3], 0, 255), tf.randomNormal([4, 2, 3, 3, 2])] };
  },
  'tokens: Embedding(mask_zero=True) before an LSTM': () => {
    const tokens = new Input([6], { name: 'tokens', dtype: 'int32' });
    const output = new layers.LSTM(3).apply(new layers.Embedding(10, 4, { maskZero: true }).apply(tokens));
    const x = tf.tensor(
      [
        [3, 1, 4, 0, 0, 0],
        [2, 7, 1, 8, 2, 0],
        [5, 0, 0, 0, 0, 0],
        [9, 2, 6, 5, 3, 5],
      ],
      undefined,
      'int32',
    );
    return { model: new Model(tokens, output, { name: 'tokens' }), x: [x] };
  },
};

function largestDifference(expected: number[], actual: number[]): number {
  return Math.max(...expected.map((value, i) => Math.abs(value - actual[i])));
}

describe.skipIf(!keras.python && !keras.required)(`noise, masking and scaling layers against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-noise-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const results = new Map<string, { built: Case; expected: number[]; answer: { outputs?: unknown[]; params?: number; error?: string }; resaved: string }>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const requests = [];
    for (const [name, make] of Object.entries(cases)) {
      const built = make();
      const archive = join(folder, `${built.model.name}.keras`);
      const resaved = join(folder, `${built.model.name}-resaved.keras`);
      await built.model.exportKeras(archive);
      const expected = Array.from((built.model.predict(built.x.length === 1 ? built.x[0] : built.x) as tf.Tensor).dataSync());
      results.set(name, { built, expected, answer: {}, resaved });
      requests.push({ archive, resaved, inputs: built.x.map((t) => t.arraySync()), int_inputs: built.x.flatMap((t, i) => (t.dtype === 'int32' ? [i] : [])) });
    }
    const answers = runKerasScript(keras.python, 'resave.py', requests) as { outputs?: unknown[]; params?: number; error?: string }[];
    [...results.values()].forEach((result, i) => (result.answer = answers[i]));
  }, 600_000);

  it.each(Object.keys(cases))('%s: Keras loads the export, counts the same parameters and predicts the same', (name) => {
    const { built, expected, answer } = results.get(name)!;
    expect(answer.error).toBeUndefined();
    expect(answer.params).toBe(built.model.countParams().total);
    const actual = [answer.outputs![0]].flat(Number.POSITIVE_INFINITY) as number[];
    expect(actual.length).toBe(expected.length);
    expect(largestDifference(expected, actual)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(Object.keys(cases))('%s: the archive Keras saves comes back through the import, predicting the same', async (name) => {
    const { built, expected, resaved } = results.get(name)!;
    const imported = await modelFromKerasArchive(readFileSync(resaved), `${name}.keras`);
    expect(imported.countParams().total).toBe(built.model.countParams().total);
    const predicted = imported.predict(built.x.length === 1 ? built.x[0] : built.x) as tf.Tensor;
    expect(largestDifference(expected, Array.from(predicted.dataSync()))).toBeLessThanOrEqual(TOLERANCE);
    predicted.dispose();
  });
});

const SOURCE = `use keras

model Noisy {
  input steps: [6, 3]
  input image: [5, 5, 3]
  input tokens: [T] int32

  sequence = steps -> Masking(mask_value=0.0) -> GaussianNoise(0.1) -> SpatialDropout1D(0.2)
    -> LSTM(4, return_sequences=true) -> AlphaDropout(0.1) -> GaussianDropout(0.2) -> PReLU(shared_axes=[1]) -> LSTM(3)
  picture = image -> Rescaling(0.004, offset=-0.5) -> SpatialDropout2D(0.3, data_format="channels_last") -> Conv2D(4, 3)
    -> PReLU(alpha_initializer=ones, shared_axes=[1, 2]) -> Flatten()
  words = tokens -> Embedding(10, 4, mask_zero=true) -> LSTM(3)
  output label = Concatenate()([sequence, picture, words]) -> UnitNormalization() -> Dense(2, activation=softmax)
  loss = categorical_crossentropy
  optimizer = adam
}
`;

describe.skipIf(!keras.python && !keras.required)(`a use keras file with these layers, compiled to Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  it("builds in Keras with the checker's output shapes and parameter counts, and trains a step", () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const folder = mkdtempSync(join(tmpdir(), 'keraflow-noise-kf-'));
    try {
      const fileName = join(folder, 'noisy.kf');
      const result = compile([{ fileName, text: SOURCE }], { target: 'keras', readFile: undefined });
      expect(result.diagnostics).toEqual([]);
      const [module] = result.modules;
      const path = join(folder, 'noisy.py');
      writeFileSync(path, module.text);
      const [report] = runKerasScript(keras.python, 'summarize_compiled.py', { modules: [{ path, fit: true, builds: module.exports.models.map((m) => m.build) }] }) as {
        layers?: { name: string; params: number; outputs: (number | null)[][] }[];
        total?: number;
        fit_loss?: number;
        error?: string;
      }[];
      expect(report.error).toBeUndefined();
      const [model] = result.models;
      const checked = model.layers
        .filter((layer) => layer.runtime && layer.uses.length > 0)
        .map((layer) => ({
          name: layer.name,
          params: layer.params.reduce((n, param) => n + param.shape.reduce<number>((m, d) => m * (d as number), 1), 0),
          outputs: layer.uses.map((node) => model.tensors[model.nodes[node].output].shape!.map((d) => (typeof d === 'number' ? d : null))),
        }));
      // Keras lists its layers in its own order: compared by name.
      const byName = (layers: { name: string; params: number; outputs: unknown }[]) => Object.fromEntries(layers.map(({ name, params, outputs }) => [name, { params, outputs }]));
      expect(byName(report.layers!)).toEqual(byName(checked));
      expect(report.total).toBe(checked.reduce((n, layer) => n + layer.params, 0));
      expect(Number.isFinite(report.fit_loss)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 600_000);
});
