/**
 * A `use keras` model's weights go to and from files under Keras 3's names
 * and layouts: `keraflow train --save` writes `rnn/kernel` (the LSTM's four
 * gates side by side), `predict --weights` reads them back to the same
 * numbers, and a file with Keraflow's parameter names for a Keras layer is
 * refused in one line naming both.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../../runtime/saving/safetensors.ts';
import { runKeraflow } from '../../run-keraflow.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-keras-names-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: directory, env: { KERAFLOW_BACKEND: 'cpu' } });
}

beforeAll(() => {
  const x = Array.from({ length: 8 }, (_, i) => Array.from({ length: 4 }, (_, t) => [Math.sin(i + t), Math.cos(i * t), (i + t) / 10]));
  writeFileSync(join(directory, 'data.json'), JSON.stringify({ x, y: x.map((steps) => [steps[3][0] - steps[0][1]]) }));
  writeFileSync(
    join(directory, 'seq.kf'),
    `use keras
model Seq {
  input x: [4, 3]
  output y = x -> LSTM(5, name="rnn") -> BatchNormalization(name="norm") -> Dense(1, name="out")
  loss = mse
  optimizer = Adam(learning_rate=0.01)
  train { data = "data.json", epochs = 2, batch_size = 4, verbose = 0 }
}
`,
  );
  const trained = keraflow(['train', 'seq.kf', '--save', 'saved']);
  expect(trained.status, trained.stderr).toBe(0);
}, 120_000);

describe('a use keras model saved and loaded under Keras 3 weight names', () => {
  it("keraflow train --save writes Keras's names and shapes", () => {
    const { tensors } = decodeSafetensors(readFileSync(join(directory, 'saved/model.safetensors')), 'model.safetensors');
    expect(Object.fromEntries([...tensors].map(([name, tensor]) => [name, tensor.shape]))).toEqual({
      'rnn/kernel': [3, 20],
      'rnn/recurrent_kernel': [5, 20],
      'rnn/bias': [20],
      'norm/gamma': [5],
      'norm/beta': [5],
      'norm/moving_mean': [5],
      'norm/moving_variance': [5],
      'out/kernel': [5, 1],
      'out/bias': [1],
    });
  });

  it('predict --weights on the .kf file gives what the saved model gives', () => {
    const fromKf = keraflow(['predict', 'seq.kf', '--weights', 'saved/model.safetensors', '--data', 'data.json']);
    expect(fromKf.status, fromKf.stderr).toBe(0);
    const fromSaved = keraflow(['predict', 'saved', '--data', 'data.json']);
    expect(JSON.parse(fromKf.stdout)).toEqual(JSON.parse(fromSaved.stdout));
  });

  it("refuses a file with Keraflow's parameter names for a Keras layer, naming both", () => {
    const { tensors } = decodeSafetensors(readFileSync(join(directory, 'saved/model.safetensors')), 'model.safetensors');
    const renamed: Record<string, string> = { 'out/kernel': 'out/W', 'out/bias': 'out/b' };
    const entries = [...tensors].map(([name, tensor]) => ({ name: renamed[name] ?? name, shape: [...tensor.shape], data: tensor.data }));
    writeFileSync(join(directory, 'old.safetensors'), encodeSafetensors(entries, { format: 'keraflow' }));
    const refused = keraflow(['predict', 'seq.kf', '--weights', 'old.safetensors', '--data', 'data.json']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      "keraflow predict: old.safetensors: layer 'out' (Dense) is stored as W, b, but its weights are kernel, bias (Keras 3's names): save the weights again with this version of Keraflow\n",
    );
  });
});
