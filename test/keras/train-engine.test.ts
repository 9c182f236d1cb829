/**
 * `keraflow train --engine keras`, run as users run it (a child process):
 * iris trains in Keras 3 (on JAX, CPU), with Keraflow's progress and test
 * lines, and `--save` writes Keraflow's own files holding the weights Keras
 * trained: the saved model, loaded by Keraflow, scores on the held-out
 * samples what Keras reported. A missing Python or Keras is one line naming
 * it. Without a Python with Keras 3 the training test is skipped (its name
 * says why), except under CI, where it fails: see test/keras/python.ts.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Model } from '../../runtime/node.ts';
import { loadDataset } from '../../runtime/datasets/index.ts';
import { findKerasPython } from './python.ts';
import { runKeraflow } from '../run-keraflow.ts';

const keras = findKerasPython();
const root = join(import.meta.dirname, '../..');
const directory = mkdtempSync(join(tmpdir(), 'keraflow-train-keras-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function keraflow(args: string[], python: string | undefined) {
  return runKeraflow(args, { cwd: root, env: { KERAFLOW_PYTHON: python ?? '', JAX_PLATFORMS: 'cpu' } });
}

describe.skipIf(!keras.python && !keras.required)(`keraflow train --engine keras${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  it("trains iris in Keras, prints the same lines as the Keraflow engine, and saves the trained weights in Keraflow's format", async () => {
    if (!keras.python) throw new Error(keras.reason);
    const save = join(directory, 'iris');
    const result = keraflow(['train', 'examples/iris.kf', '--engine', 'keras', '--epochs', '3', '--verbose', '2', '--save', save], keras.python);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^engine: Keras 3\.\d+\.\d+ on jax$/);
    expect(lines[1]).toMatch(/^data: iris: /);
    expect(lines.filter((line) => line.startsWith('Epoch '))).toEqual(
      [1, 2, 3].map((epoch) => expect.stringMatching(new RegExp(`^Epoch ${epoch}/3 - 120 samples - .* - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}$`))),
    );
    const testLine = /^test \(30 held-out samples\): loss: (\d+\.\d{4}) - accuracy: (\d\.\d{4})$/.exec(lines.find((line) => line.startsWith('test (')) ?? '');
    expect(testLine).not.toBeNull();
    expect(lines).toContain(`saved model.json, model.safetensors, training.json, history.json and history.svg in ${save}`);

    const history = JSON.parse(readFileSync(join(save, 'history.json'), 'utf8')) as Record<string, number[]>;
    expect(Object.keys(history)).toEqual(['loss', 'accuracy']);
    expect(history.loss).toHaveLength(3);
    // The weights Keras trained, in Keraflow's files: Keraflow scores the held-out samples as Keras did.
    const model = await Model.loadFromFile(join(save, 'model.json'), join(save, 'model.safetensors'));
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const test = loadDataset('iris').test;
    const [loss, accuracy] = await model.evaluate(test.x, test.y);
    expect(Math.abs(loss - Number(testLine![1]))).toBeLessThan(2e-4);
    expect(accuracy.toFixed(4)).toBe(testLine![2]);
  }, 600_000);

  it("refuses a train { callbacks } it cannot run yet, before training (prepare.ts holds the engine's refusals)", () => {
    if (!keras.python) throw new Error(keras.reason);
    const file = join(directory, 'with-callbacks.kf');
    writeFileSync(file, readFileSync(join(root, 'examples/iris.kf'), 'utf8').replace('train { data = iris,', 'train { data = iris, callbacks = [EarlyStopping(patience=3)],'));
    const result = keraflow(['train', file, '--engine', 'keras'], keras.python);
    expect(result.stderr).toBe('keraflow train: train { callbacks = [...] } is not taken with --engine keras yet: train with the Keraflow engine, or leave the callbacks out\n');
    expect(result.status).toBe(1);
  });
});

describe('keraflow train --engine keras without a usable Python', () => {
  it('names a Python that cannot be run', () => {
    const missing = join(directory, 'no-python');
    const result = keraflow(['train', 'examples/iris.kf', '--engine', 'keras'], missing);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `keraflow train: --engine keras needs Python with Keras 3, but KERAFLOW_PYTHON (${missing}) cannot be run: ENOENT; set KERAFLOW_PYTHON to a Python that has keras and jax\n`,
    });
  });

  it('names the module a Python lacks', () => {
    // A stand-in for a Python that starts but has no keras: it fails the probe in Python's words.
    const fake = join(directory, 'python-without-keras');
    writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'keras\'" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const result = keraflow(['train', 'examples/iris.kf', '--engine', 'keras'], fake);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `keraflow train: --engine keras needs Python with Keras 3 and a backend (KERAS_BACKEND=jax), but KERAFLOW_PYTHON (${fake}) has no module 'keras'; install them (pip install keras jax) or set KERAFLOW_PYTHON\n`,
    });
  });

  it('refuses --backend, which chooses a TensorFlow.js backend', () => {
    const result = keraflow(['train', 'examples/iris.kf', '--engine', 'keras', '--backend', 'cpu'], '/nonexistent');
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: "keraflow train: --backend chooses a TensorFlow.js backend, and --engine keras trains in Keras: set KERAS_BACKEND to choose Keras's (jax by default)\n",
    });
  });
});
