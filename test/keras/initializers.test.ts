/**
 * Keras 3's initializer objects against Keras 3 itself (on JAX, CPU): the
 * statistics of Keraflow's draws equal those of Keras's own draws of the
 * same configs; and a `use keras` .kf with initializer objects, run as
 * users run it (child processes), checks, trains, exports to a .keras that
 * Keras reads with the same configs, and `keraflow import` of the archive
 * Keras saves again writes a .kf that keeps every setting and checks
 * (test/keras/initializers.py).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Model } from '../../runtime/node.ts';
import { initializerFromKeras } from '../../runtime/engine/keras.ts';
import { initializers } from '../../runtime/keras/index.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { runKeraflow } from '../run-keraflow.ts';

const root = join(import.meta.dirname, '../..');
const keras = findKerasPython();

/** Each CLI run is a process of its own, from the sources: slow on a busy machine. */
const CLI_TIMEOUT = 600_000;

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: root, env: { KERAFLOW_BACKEND: 'cpu' } });
}

interface Statistics {
  mean: number;
  deviation: number;
  min: number;
  max: number;
}

const SHAPE = [200, 300];
/** Keras configs, as an archive holds them; each drawn by Keras and by Keraflow (read through the import's own path). `tails`: not cut (normal-like), so its extremes vary more. */
const DRAWS: { class_name: string; config: Record<string, unknown>; tails?: boolean }[] = [
  { class_name: 'HeNormal', config: { seed: null } },
  { class_name: 'GlorotNormal', config: { seed: null } },
  { class_name: 'LecunNormal', config: { seed: null } },
  { class_name: 'GlorotUniform', config: { seed: null } },
  { class_name: 'VarianceScaling', config: { scale: 3, mode: 'fan_out', distribution: 'truncated_normal', seed: null } },
  { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal', seed: null }, tails: true },
  { class_name: 'VarianceScaling', config: { scale: 0.5, mode: 'fan_in', distribution: 'uniform', seed: null } },
  { class_name: 'TruncatedNormal', config: { mean: 0.1, stddev: 0.02, seed: null } },
  { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.3, seed: null }, tails: true },
  { class_name: 'RandomUniform', config: { minval: -1, maxval: 2, seed: null } },
  { class_name: 'Orthogonal', config: { gain: 2, seed: null }, tails: true },
];

const SOURCE = `use keras

model Flowers {
  input measurements: [4]

  output species = measurements
    -> Dense(16, activation=relu, kernel_initializer=HeNormal(seed=1), bias_initializer=Constant(0.1))
    -> Dense(16, activation=relu, kernel_initializer=VarianceScaling(2.0, "fan_out", "uniform", seed=4))
    -> Dense(8, activation=tanh, kernel_initializer=Orthogonal(gain=0.5), bias_initializer=RandomUniform(minval=-0.2, maxval=0.2))
    -> Dense(3, activation=softmax, kernel_initializer=TruncatedNormal(mean=0, stddev=0.02, seed=3), bias_initializer=Zeros())

  loss = categorical_crossentropy
  metrics = [accuracy]
  optimizer = Adam(learning_rate=0.01)
  train { data = iris, batch_size = 16, epochs = 2 }
}
`;

/** What Keras must read from the export (its 3.15 input_axes/output_axes left out by the script). */
const EXPECTED = {
  'dense_1.kernel_initializer': { class_name: 'HeNormal', config: { seed: 1 } },
  'dense_1.bias_initializer': { class_name: 'Constant', config: { value: 0.1 } },
  'dense_2.kernel_initializer': { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 } },
  'dense_2.bias_initializer': { class_name: 'Zeros', config: {} },
  'dense_3.kernel_initializer': { class_name: 'Orthogonal', config: { gain: 0.5, seed: null } },
  'dense_3.bias_initializer': { class_name: 'RandomUniform', config: { minval: -0.2, maxval: 0.2, seed: null } },
  'dense_4.kernel_initializer': { class_name: 'TruncatedNormal', config: { mean: 0, stddev: 0.02, seed: 3 } },
  'dense_4.bias_initializer': { class_name: 'Zeros', config: {} },
};

describe.skipIf(!keras.python && !keras.required)(`Keras initializer objects against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-initializers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const at = (name: string) => join(folder, name);

  it("Keraflow's draws have the statistics of Keras's draws of the same configs", () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const [answer] = runKerasScript(keras.python, 'initializers.py', { draws: DRAWS.map(({ class_name, config }) => ({ class_name, config, shape: SHAPE })) }) as [{ draws: Statistics[] }];
    DRAWS.forEach((draw, i) => {
      const theirs = answer.draws[i];
      const initializer = initializerFromKeras(draw, (why) => {
        throw new Error(why);
      });
      const values = Array.from(tf.tidy(() => initializer(SHAPE).dataSync()));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const ours = { mean, deviation: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length), min: Math.min(...values), max: Math.max(...values) };
      const where = `${draw.class_name} ${JSON.stringify(draw.config)}`;
      expect(Math.abs(ours.mean - theirs.mean), where).toBeLessThan(0.03 * theirs.deviation);
      expect(Math.abs(ours.deviation / theirs.deviation - 1), where).toBeLessThan(0.03);
      // The extremes of a draw of 60,000: the same cut (two deviations, a uniform's bounds), or tails near 4.3 deviations. Two
      // such maxima differ by a logistic variable of scale ≈ 0.21 deviations: beyond 1.5 in 0.2% of draws, beyond 2 in 0.02%.
      const spread = draw.tails ? 2 : 0.5;
      expect(Math.abs(ours.max - theirs.max), where).toBeLessThan(spread * theirs.deviation);
      expect(Math.abs(ours.min - theirs.min), where).toBeLessThan(spread * theirs.deviation);
    });
  });

  it(
    'a `use keras` .kf with initializer objects checks, trains, exports with the same configs, and imports back keeping them',
    async () => {
      if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
      writeFileSync(at('flowers.kf'), SOURCE);
      expect(keraflow(['check', at('flowers.kf')])).toMatchObject({ status: 0, stderr: '' });
      const trained = keraflow(['train', at('flowers.kf'), '--verbose', '0']);
      expect(trained.stderr).toBe('');
      expect(trained.status).toBe(0);
      expect(keraflow(['export', at('flowers.kf'), '--to', 'keras', '-o', at('flowers.keras')])).toMatchObject({ status: 0, stderr: '' });

      const [answer] = runKerasScript(keras.python, 'initializers.py', { draws: [], archive: at('flowers.keras'), resaved: at('resaved.keras') }) as [{ initializers: Record<string, unknown> }];
      expect(answer.initializers).toEqual(EXPECTED);

      // Keras's own archive, read back: the model holds the kernel initializers, the .kf writes each with the settings that differ from Keras's defaults.
      const model = await Model.loadKeras(at('resaved.keras'));
      const init = model.layers.find((layer) => layer.name === 'dense_2')!.args.init;
      expect(init).toBeInstanceOf(initializers.VarianceScaling);
      expect((init as initializers.Initializer).getConfig()).toEqual({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 4 });
      expect(keraflow(['import', at('resaved.keras'), '-o', at('back.kf')])).toMatchObject({ status: 0, stderr: '' });
      const written = readFileSync(at('back.kf'), 'utf8');
      expect(written.startsWith('use keras\n')).toBe(true);
      for (const text of [
        'kernel_initializer=HeNormal(seed=1)',
        'kernel_initializer=VarianceScaling(scale=2, mode="fan_out", distribution="uniform", seed=4)',
        'kernel_initializer=Orthogonal(gain=0.5)',
        'kernel_initializer=TruncatedNormal(stddev=0.02, seed=3)',
      ]) {
        expect(written).toContain(text);
      }
      expect(keraflow(['check', at('back.kf')])).toMatchObject({ status: 0, stderr: '' });
    },
    CLI_TIMEOUT,
  );
});
