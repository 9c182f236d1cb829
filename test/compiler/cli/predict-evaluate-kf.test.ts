/** `keraflow predict` and `keraflow evaluate` on a `.kf` file with saved weights: the same numbers as on the saved model directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeraflow } from '../../run-keraflow.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-predict-kf-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: directory, env: { KERAFLOW_BACKEND: 'cpu' } });
}

beforeAll(() => {
  const x = Array.from({ length: 12 }, (_, i) => [i / 12, ((i * 5) % 12) / 12]);
  writeFileSync(join(directory, 'data.json'), JSON.stringify({ x, y: { a: x.map(([u, v]) => [u + v]), b: x.map(([u]) => (u > 0.5 ? 1 : 0)) } }));
  writeFileSync(
    join(directory, 'two.kf'),
    `model Two {
  input x: [2]
  output a = x -> Dense(1)
  output b = x -> Dense(2, activation=softmax)
  loss = {a: mse, b: SparseCategoricalCrossentropy()}
  metrics b = [accuracy]
  train { data = "data.json", epochs = 2, batch_size = 4, verbose = 0 }
}
`,
  );
  const trained = keraflow(['train', 'two.kf', '--save', 'saved']);
  expect(trained.status, trained.stderr).toBe(0);
}, 120_000);

describe('predict and evaluate from a .kf file and weights', () => {
  it("evaluates with the file's loss and metrics, as the saved model with its training.json", () => {
    const fromKf = keraflow(['evaluate', 'two.kf', '--weights', 'saved', '--data', 'data.json', '--format', 'json']);
    const fromSaved = keraflow(['evaluate', 'saved', '--data', 'data.json', '--format', 'json']);
    expect(fromKf.stderr).toBe('');
    expect(fromKf.status).toBe(0);
    const scores = JSON.parse(fromKf.stdout) as Record<string, number>;
    expect(Object.keys(scores)).toEqual(['loss', 'a_loss', 'b_loss', 'b_accuracy']);
    expect(scores).toEqual(JSON.parse(fromSaved.stdout));
  });

  it('predicts to stdout from the .safetensors file, as from the saved directory', () => {
    const fromKf = keraflow(['predict', 'two.kf', '--weights', 'saved/model.safetensors', '--data', 'data.json']);
    expect(fromKf.status, fromKf.stderr).toBe(0);
    const predictions = JSON.parse(fromKf.stdout) as { a: number[][]; b: number[][] };
    expect(predictions.a).toHaveLength(12);
    expect(predictions.b[0]).toHaveLength(2);
    expect(predictions).toEqual(JSON.parse(keraflow(['predict', 'saved', '--data', 'data.json']).stdout));
  });

  it('says what is missing: weights for a .kf file, and --weights with a saved model', () => {
    expect(keraflow(['predict', 'two.kf', '--data', 'data.json']).stderr).toBe(
      'keraflow predict: two.kf is a .kf file: pass --weights (a .safetensors file, or a directory written by keraflow train --save)\n',
    );
    const misplaced = keraflow(['evaluate', 'saved', '--weights', 'saved', '--data', 'data.json']);
    expect(misplaced.status).toBe(1);
    expect(misplaced.stderr).toBe('keraflow evaluate: --weights and --model go with a .kf file; saved is a saved model\n');
  });
});
