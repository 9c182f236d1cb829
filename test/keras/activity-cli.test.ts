/**
 * A `use keras` file whose layers take activity_regularizer (the transposed,
 * depthwise and separable convolutions, MultiHeadAttention, Dense), run as
 * users run it: `keraflow check` accepts it, `keraflow train` trains it,
 * `keraflow export` and `keraflow import` carry them through a .keras archive, and
 * `keraflow compile --target keras` writes Python in which Keras 3 (when a
 * Python with it is here) finds every regularizer and adds their penalties:
 * one per layer, four for MultiHeadAttention's projections.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKerasPython, runKerasScript } from './python.ts';
import { generator } from './seeded.ts';
import { runKeraflow } from '../run-keraflow.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-activity-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const keras = findKerasPython();

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: directory, env: { KERAFLOW_BACKEND: 'cpu' } });
}

const SOURCE = `use keras

model Penalized {
  input x: [6, 2]
  t = x -> Conv1DTranspose(2, 2, activity_regularizer=L2(0.01), name="transposed")
  d = t -> DepthwiseConv1D(2, activity_regularizer=l1, name="depthwise")
  s = d -> SeparableConv1D(3, 2, activity_regularizer=L1L2(0.01, 0.02), name="separable")
  a = MultiHeadAttention(num_heads=2, key_dim=2, activity_regularizer=L2(0.05), name="attention")(s, s)
  output y = a -> GlobalAveragePooling1D() -> Dense(1, activity_regularizer=L1(0.03), name="head")
  loss = mse
  train { data = "data.json", epochs = 2, batch_size = 4, verbose = 2 }
}
`;

const source = generator(11);
const x = Array.from({ length: 16 }, () => Array.from({ length: 6 }, () => [source.int(-100, 100) / 100, source.int(-100, 100) / 100]));
writeFileSync(join(directory, 'penalized.kf'), SOURCE);
writeFileSync(join(directory, 'data.json'), JSON.stringify({ x, y: x.map((steps) => [steps.reduce((sum, step) => sum + step[0], 0)]) }));

describe('activity regularizers from the command line', () => {
  it('check accepts them and train trains with them', () => {
    expect(keraflow(['check', 'penalized.kf'])).toMatchObject({ status: 0, stderr: '' });
    const trained = keraflow(['train', 'penalized.kf']);
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    const losses = [...trained.stdout.matchAll(/loss: ([\d.]+)/g)].map((match) => Number(match[1]));
    expect(losses.length).toBe(3);
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it('export writes them to a .keras archive, and import brings them back in a .kf file that checks and trains', () => {
    expect(keraflow(['export', 'penalized.kf', '--to', 'keras', '-o', 'penalized.keras'])).toMatchObject({ status: 0, stderr: '' });
    expect(keraflow(['import', 'penalized.keras', '-o', 'back.kf'])).toMatchObject({ status: 0, stderr: '' });
    const text = readFileSync(join(directory, 'back.kf'), 'utf8');
    expect(text.startsWith('use keras\n')).toBe(true);
    for (const written of [
      'activity_regularizer=L1L2(l1=0, l2=0.01), name="transposed"',
      'activity_regularizer=L1L2(l1=0.01, l2=0), name="depthwise"',
      'activity_regularizer=L1L2(l1=0.01, l2=0.02), name="separable"',
      'activity_regularizer=L1L2(l1=0, l2=0.05), name="attention"',
      'activity_regularizer=L1L2(l1=0.03, l2=0), name="head"',
    ]) {
      expect(text).toContain(written);
    }
    expect(keraflow(['check', 'back.kf'])).toMatchObject({ status: 0, stderr: '' });
    const trained = keraflow(['train', 'back.kf', '--data', 'data.json', '--epochs', '1']);
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
  });

  it('a misspelt one is an error naming what a regularizer is', () => {
    writeFileSync(join(directory, 'wrong.kf'), SOURCE.replace('activity_regularizer=l1,', 'activity_regularizer=relu,'));
    const result = keraflow(['check', 'wrong.kf']);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `wrong.kf:6:52: error KF203: DepthwiseConv1D: argument 'activity_regularizer' must be a regularizer (l1, l2, L2(0.01), L1L2(l1=..., l2=...)) or none, but got "relu"`,
    );
  });

  it.skipIf(!keras.python && !keras.required)(`compile --target keras writes them, and Keras 3 adds their penalties${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    expect(keraflow(['compile', 'penalized.kf', '--target', 'keras', '-o', 'penalized.py'])).toMatchObject({ status: 0, stderr: '' });
    const [answer] = runKerasScript(keras.python, 'activity_compiled.py', { path: join(directory, 'penalized.py'), build: 'build_penalized', x: x.slice(0, 4) });
    const l1l2 = (l1: number, l2: number) => ({ class_name: 'L1L2', config: { l1, l2 } });
    expect(answer).toEqual({
      regularizers: {
        transposed: l1l2(0, 0.01),
        depthwise: l1l2(0.01, 0),
        separable: l1l2(0.01, 0.02),
        attention: l1l2(0, 0.05),
        head: l1l2(0.03, 0),
      },
      penalties: 8,
    });
  });
});
