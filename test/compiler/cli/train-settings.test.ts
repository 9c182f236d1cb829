/**
 * `keraflow train` with the training settings of a `.kf` file: losses and
 * metrics per output, loss objects, loss weights, validation data and
 * callbacks. Run as users run it: a child process on small JSON files.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKeraflow } from '../../run-keraflow.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-train-settings-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: directory, env: { KERAFLOW_BACKEND: 'cpu' } });
}

function write(name: string, text: string): string {
  writeFileSync(join(directory, name), text);
  return join(directory, name);
}

/** 20 samples of 4 features; `a` a one-hot class of 3 (the largest of the first three features), `b` their sum. */
function twoOutputData(): { x: number[][]; y: { a: number[][]; b: number[][] } } {
  const x = Array.from({ length: 20 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 7 + j * 3) % 10) / 10));
  const a = x.map((row) => [0, 1, 2].map((k) => (row.slice(0, 3).indexOf(Math.max(...row.slice(0, 3))) === k ? 1 : 0)));
  const b = x.map((row) => [row.reduce((sum, v) => sum + v, 0)]);
  return { x, y: { a, b } };
}

/** The held-out scores line: `name: value` pairs. */
function testScores(stdout: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('test ('));
  expect(line, stdout).toBeDefined();
  return Object.fromEntries(
    line!
      .replace(/^test \(\d+ held-out samples\): /, '')
      .split(' - ')
      .map((part) => {
        const [name, value] = part.split(': ');
        return [name, Number(value)];
      }),
  );
}

describe('keraflow train with per-output losses and metrics', () => {
  it('trains a model with two outputs from `loss = [...]` and `metrics = {...}`, reporting each output', () => {
    write('two.json', JSON.stringify(twoOutputData()));
    const file = write(
      'two.kf',
      `model Two {
  input x: [4]
  output a = x -> Dense(3, activation=softmax)
  output b = x -> Dense(1)
  loss = [categorical_crossentropy, mse]
  metrics = {a: accuracy, b: [mae]}
  train { data = "two.json", epochs = 2, batch_size = 4, verbose = 2 }
}
`,
    );
    const result = keraflow(['train', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const scores = testScores(result.stdout);
    expect(Object.keys(scores)).toEqual(['loss', 'a_loss', 'b_loss', 'a_accuracy', 'b_mae']);
    // The total loss is the sum of the outputs' losses (weights 1), to the printed precision.
    expect(scores.loss).toBeCloseTo(scores.a_loss + scores.b_loss, 3);
  });

  it('trains on integer labels with a loss object and loss_weights: the total is the weighted sum', () => {
    const { x, y } = twoOutputData();
    write('sparse.json', JSON.stringify({ x, y: { a: y.a.map((row) => row.indexOf(1)), b: y.b } }));
    const file = write(
      'sparse.kf',
      `model Sparse {
  input x: [4]
  output a = x -> Dense(3)
  output b = x -> Dense(1)
  loss = {a: SparseCategoricalCrossentropy(from_logits=true), b: Huber(delta=0.5)}
  loss_weights = {a: 1.0, b: 0.2}
  metrics a = [sparse_categorical_accuracy]
  train { data = "sparse.json", epochs = 2, batch_size = 4, verbose = 0 }
}
`,
    );
    const result = keraflow(['train', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const scores = testScores(result.stdout);
    expect(Object.keys(scores)).toEqual(['loss', 'a_loss', 'b_loss', 'a_sparse_categorical_accuracy']);
    expect(scores.loss).toBeCloseTo(scores.a_loss + 0.2 * scores.b_loss, 3);
    // verbose = 0: no line per epoch.
    expect(result.stdout).not.toContain('Epoch 1/2');
  });
});

describe('keraflow train with callbacks and validation data from train { }', () => {
  it('stops early, checkpoints the best model and validates on the file named', () => {
    write('cb.json', JSON.stringify(twoOutputData()));
    const file = write(
      'callbacks.kf',
      `model Cb {
  input x: [4]
  output a = x -> Dense(3, activation=softmax)
  output b = x -> Dense(1)
  loss = [categorical_crossentropy, mse]
  train {
    data = "cb.json", epochs = 20, batch_size = 4, verbose = 2, validation_data = "cb.json"
    callbacks = [EarlyStopping(monitor=val_loss, patience=1, min_delta=100), ReduceLROnPlateau(monitor="loss", patience=5), ModelCheckpoint("best.json")]
  }
}
`,
    );
    const result = keraflow(['train', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('validation data: cb.json: 20 samples');
    // The first epoch improves on nothing; the second is not 100 better: patience 1 stops there.
    const epochs = result.stdout.split('\n').filter((line) => line.startsWith('Epoch '));
    expect(epochs).toHaveLength(2);
    expect(epochs[1]).toMatch(/^Epoch 2\/20 .* - val_loss: \d+\.\d{4} - val_a_loss/);
    expect(existsSync(join(directory, 'best.json')) && existsSync(join(directory, 'best.safetensors'))).toBe(true);
  });

  it('reports an unknown callback and a wrong argument at their ranges, before training', () => {
    const file = write(
      'bad-callbacks.kf',
      `model M {
  input x: [4]
  output y = x -> Dense(1)
  loss = mse
  train { data = "cb.json", callbacks = [EarlyStoping(patience=3), ReduceLROnPlateau(factor=2)] }
}
`,
    );
    const result = keraflow(['train', file]);
    expect(result.stdout).not.toContain('Epoch');
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("bad-callbacks.kf:5:42: error KF202: unknown constructor 'EarlyStoping'; did you mean 'EarlyStopping'?");
    expect(result.stdout + result.stderr).toContain("bad-callbacks.kf:5:93: error KF208: ReduceLROnPlateau: argument 'factor' must be a number > 0 and < 1, but got 2");
  });
});
