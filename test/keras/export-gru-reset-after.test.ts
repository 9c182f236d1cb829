/**
 * A GRU with resetAfter (Keras 3's default) exported by exportKeras: Keras 3 loads it with its
 * [2, 3 * units] bias, counts the same parameters, predicts what Keraflow predicts (to 1e-4) and trains
 * (test/keras/check_export.py). Sigmoid gates, and hard_sigmoid ones, whose export scales both bias rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { GRU, Input, Model } from '../../runtime/node.ts';
import { layers } from '../../runtime/keras/index.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

function flatten(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value as number];
}

/** Every bias random: zeros would not tell the two rows apart. */
function withRandomBiases(model: Model): Model {
  const weights = model.layers.find((layer) => layer.className === 'GRU')!.variables;
  expect(Object.keys(weights)).toContain('br_h');
  for (const [name, weight] of Object.entries(weights)) {
    if (name.startsWith('b')) weight.assign(tf.randomNormal(weight.shape));
  }
  return model;
}

function gruModel(make: () => { apply: (x: never) => unknown }): Model {
  const input = new Input([5, 3]);
  return withRandomBiases(new Model(input, make().apply(input.output as never) as never));
}

describe.skipIf(!keras.python && !keras.required)(`GRU resetAfter exported to Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-gru-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each([
    ['keras GRU (defaults)', () => gruModel(() => new layers.GRU(4, { returnSequences: true }))],
    ['Keraflow GRU resetAfter, hard_sigmoid gates', () => gruModel(() => new GRU(3, { resetAfter: true, goBackwards: true }))],
  ])(
    '%s: Keras loads it, the same parameters and predictions, and trains',
    async (name, build) => {
      if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
      const model = build();
      const archive = join(folder, `${name.replace(/\W+/g, '_')}.keras`);
      await model.exportKeras(archive);
      const x = tf.randomNormal([2, 5, 3]);
      const expected = Array.from((model.predict(x) as tf.Tensor).dataSync());
      const [answer] = runKerasScript(keras.python, 'check_export.py', [{ archive, inputs: [x.arraySync()], int_inputs: [] }]) as {
        outputs?: unknown[];
        params?: number;
        fit_loss?: number;
        error?: string;
      }[];
      expect(answer.error).toBeUndefined();
      expect(answer.params).toBe(model.countParams().total);
      const actual = flatten(answer.outputs![0]);
      expect(Math.max(...expected.map((value, k) => Math.abs(value - actual[k])))).toBeLessThanOrEqual(1e-4);
      expect(Number.isFinite(answer.fit_loss)).toBe(true);
    },
    300_000,
  );
});
