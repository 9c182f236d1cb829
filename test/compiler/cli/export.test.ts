/** `keraflow export`, run as users run it: a child process, from a saved model directory and from a .kf file with its weights. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../runtime/node.ts';
import { findKerasPython, runKerasScript } from '../../keras/python.ts';
import { runKeraflow } from '../../run-keraflow.ts';

const root = join(import.meta.dirname, '../../..');
const keras = findKerasPython();

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: root, env: { KERAFLOW_BACKEND: 'cpu' } });
}

const directory = mkdtempSync(join(tmpdir(), 'keraflow-export-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** examples/iris.kf's model with weights of its own, saved as `train --save` saves it. */
async function savedIris(): Promise<{ saved: string; model: Model }> {
  const { buildIris } = (await import('../../../examples/iris.ts')) as { buildIris: () => Model };
  const model = buildIris();
  tf.tidy(() => {
    for (const { variable } of model.parameters()) variable.assign(tf.randomNormal(variable.shape));
  });
  const saved = join(directory, 'iris');
  mkdirSync(saved);
  await model.saveToFile(join(saved, 'model.json'), join(saved, 'model.safetensors'));
  return { saved, model };
}

describe('keraflow export --to keras', () => {
  it('writes a saved directory and the .kf with those weights as the same .keras archive, which Keras predicts from as Keraflow does', async () => {
    const { saved, model } = await savedIris();
    const fromDirectory = join(directory, 'from-directory.keras');
    const fromSource = join(directory, 'from-source.keras');
    const first = keraflow(['export', saved, '--to', 'keras', '-o', fromDirectory]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`exported Iris (403 parameters, weights from ${join(saved, 'model.safetensors')}) to ${fromDirectory}\n`);
    const second = keraflow(['export', 'examples/iris.kf', '--to', 'keras', '-o', fromSource, '--weights', saved]);
    expect(second.status).toBe(0);

    const [a, b] = [fromDirectory, fromSource].map((file) => unzipSync(readFileSync(file)));
    expect(Object.keys(a).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    expect(new TextDecoder().decode(a['config.json'])).toBe(new TextDecoder().decode(b['config.json']));

    if (!keras.python) return; // the Keras comparison itself: test/keras/export.test.ts, which says why it is skipped
    const x = tf.randomNormal([5, 4]);
    const expected = Array.from((model.predict(x) as tf.Tensor).dataSync());
    const answers = runKerasScript(
      keras.python,
      'check_export.py',
      [fromDirectory, fromSource].map((archive) => ({ archive, inputs: [x.arraySync()] })),
    ) as { outputs: number[][][] }[];
    for (const answer of answers) {
      const actual = answer.outputs[0].flat();
      expect(Math.max(...expected.map((value, i) => Math.abs(value - actual[i])))).toBeLessThanOrEqual(1e-4);
    }
  }, 300_000);

  it('refuses, in one line and with exit status 1: a layer Keras 3 cannot express, a name not ending in .keras, an existing file', () => {
    const source = join(directory, 'hard.kf');
    writeFileSync(source, 'model M {\n  input x: [3]\n  output y = x -> Dense(2, activation=hard_sigmoid, name="gate")\n  loss = mse\n  optimizer = sgd\n}\n');
    const output = join(directory, 'hard.keras');
    const hard = keraflow(['export', source, '--to', 'keras', '-o', output]);
    expect(hard.status).toBe(1);
    expect(hard.stderr).toMatch(/^keraflow export: gate \(Dense\) cannot be exported to Keras: activation is 'hard_sigmoid'.*\n$/);
    expect(existsSync(output)).toBe(false);

    const wrongName = keraflow(['export', 'examples/iris.kf', '--to', 'keras', '-o', join(directory, 'iris.h5')]);
    expect(wrongName.status).toBe(1);
    expect(wrongName.stderr).toContain('must end in .keras');

    const existing = join(directory, 'existing.keras');
    writeFileSync(existing, 'old');
    const refused = keraflow(['export', 'examples/iris.kf', '--to', 'keras', '-o', existing]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`keraflow export: ${existing} already exists; pass --overwrite to replace it\n`);
    expect(readFileSync(existing, 'utf8')).toBe('old');
    expect(keraflow(['export', 'examples/iris.kf', '--to', 'keras', '-o', existing, '--overwrite']).status).toBe(0);
  }, 300_000);
});
