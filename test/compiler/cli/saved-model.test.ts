/**
 * A saved model on the command line (issue 17, item 5): `keraflow train`
 * with sample weights in its JSON data and --save in YAML, then `keraflow
 * predict` and `keraflow evaluate` on the saved directory, and `keraflow
 * train --from` to go on from it. Child processes, as users run them; the
 * numbers are compared with the runtime's own in this process.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.ts';
import { Dense, Input, Model, Sequential } from '../../../runtime/node.ts';
import { runKeraflow } from '../../run-keraflow.ts';

/** Each case runs up to three child processes, each compiling the CLI: generous on a busy machine. */
const slow = 240_000;
const directory = mkdtempSync(join(tmpdir(), 'keraflow-saved-model-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: directory, env: { KERAFLOW_BACKEND: 'cpu' } });
}

const path = (name: string) => join(directory, name);
function write(name: string, content: unknown): string {
  writeFileSync(path(name), typeof content === 'string' ? content : JSON.stringify(content));
  return path(name);
}

// Three classes by the first of four values; every other sample weighs 2.
const count = 20;
const x = Array.from({ length: count }, (_, i) => [(i % 10) / 10, 0.5, (i % 3) / 3, 1 - (i % 10) / 10]);
const y = x.map(([first]) => (first < 0.33 ? [1, 0, 0] : first < 0.66 ? [0, 1, 0] : [0, 0, 1]));
const sampleWeights = x.map((_, i) => 1 + (i % 2));

const kf = (lr: number) => `sequential Net {
  Input([4])
  Dense(8, activation=tanh)
  Dense(3, activation=softmax)

  loss = categorical_crossentropy
  metrics = [acc]
  optimizer = SGD(lr=${lr}, momentum=0.9)
  train { data = "data.json", batch_size = 4 }
}
`;

let trained: ReturnType<typeof keraflow>;
beforeAll(() => {
  write('data.json', { x, y, sample_weights: sampleWeights });
  write('inputs.json', { x: x.slice(0, 3) });
  write('net.kf', kf(0.1));
  trained = keraflow(['train', 'net.kf', '--epochs', '2', '--save', 'saved', '--save-format', 'yaml']);
}, slow);

describe('keraflow train --save, with sample weights and --save-format yaml', () => {
  it(
    'trains on the weighted file and saves model.yaml, the weights and training.json',
    () => {
      expect(trained.stderr).toBe('');
      expect(trained.status).toBe(0);
      expect(trained.stdout).toContain('data: data.json: 16 samples for training, 4 held out for testing, sample-weighted\n');
      expect(trained.stdout).toContain('saved model.yaml, model.safetensors, training.json, history.json and history.svg in saved\n');
      expect(existsSync(path('saved/model.json'))).toBe(false);
      expect(readFileSync(path('saved/model.yaml'), 'utf8')).toMatch(/^format: keraflow\n/);
      expect(JSON.parse(readFileSync(path('saved/training.json'), 'utf8'))).toEqual({
        optimizer: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9 } },
        loss: 'categorical_crossentropy',
        metrics: ['acc'],
      });
    },
    slow,
  );
});

describe('keraflow predict', () => {
  it(
    'writes the predictions of the saved model on the x of a JSON file, as JSON on stdout',
    async () => {
      const result = keraflow(['predict', 'saved', '--data', 'inputs.json']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const predictions = JSON.parse(result.stdout) as number[][];
      const model = await Model.loadFromFile(path('saved/model.yaml'), path('saved/model.safetensors'));
      const expected = (model.predict(x.slice(0, 3)) as tf.Tensor).arraySync() as number[][];
      expect(predictions).toHaveLength(3);
      predictions.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 5)));
    },
    slow,
  );

  it(
    'several outputs: a dict by output name; to a file, which it will not replace without --overwrite',
    async () => {
      const input = new Input(2, { name: 'pair' });
      const sum = new Dense(1, { name: 'sum', bias: false, initialWeights: [[[1], [1]]] }).apply(input);
      const difference = new Dense(1, { name: 'difference', bias: false, initialWeights: [[[1], [-1]]] }).apply(input);
      mkdirSync(path('two'));
      await new Model(input, [sum, difference]).saveToFile(path('two/model.json'), path('two/model.safetensors'));
      write('pairs.json', {
        x: [
          [1, 2],
          [5, 3],
        ],
      });
      expect(keraflow(['predict', 'two', '--data', 'pairs.json', '-o', 'out.json'])).toMatchObject({ status: 0, stdout: '' });
      expect(JSON.parse(readFileSync(path('out.json'), 'utf8'))).toEqual({ sum: [[3], [8]], difference: [[-1], [2]] });
      expect(keraflow(['predict', 'two', '--data', 'pairs.json', '-o', 'out.json'])).toEqual({
        status: 1,
        stdout: '',
        stderr: 'keraflow predict: out.json already exists: pass --overwrite to replace it\n',
      });
      expect(keraflow(['predict', 'two/model.json', '--data', 'pairs.json', '-o', 'out.json', '--overwrite']).status).toBe(0);
    },
    slow,
  );

  it(
    'says what is missing: no saved model there, no x in the data',
    () => {
      mkdirSync(path('empty'));
      expect(keraflow(['predict', 'empty', '--data', 'inputs.json']).stderr).toBe(
        'keraflow predict: empty holds no saved model: expected model.json, model.yaml or model.yml with model.safetensors (as keraflow train --save writes them)\n',
      );
      write('no-x.json', { y: [[1]] });
      expect(keraflow(['predict', 'saved', '--data', 'no-x.json']).stderr).toBe(`keraflow predict: data file 'no-x.json' has no "x"; expected an object {"x": ...}\n`);
    },
    slow,
  );
});

describe('keraflow evaluate', () => {
  it(
    "scores the saved model on a whole file with its training.json and the file's sample weights, as the runtime does",
    async () => {
      const result = keraflow(['evaluate', 'saved', '--data', 'data.json', '--format', 'json']);
      expect(result.stderr).toBe('');
      const scores = JSON.parse(result.stdout) as Record<string, number>;
      expect(Object.keys(scores)).toEqual(['loss', 'acc']);
      const model = await Model.loadFromFile(path('saved/model.yaml'), path('saved/model.safetensors'));
      model.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['acc'] });
      const [loss, acc] = await model.evaluate(x, y, { sampleWeights });
      expect(scores.loss).toBeCloseTo(loss, 4);
      expect(scores.acc).toBeCloseTo(acc, 4);
      expect(keraflow(['evaluate', 'saved', '--data', 'data.json']).stdout).toBe(`data.json (20 samples): loss: ${loss.toFixed(4)} - acc: ${acc.toFixed(4)}\n`);
    },
    slow,
  );

  it(
    '--loss and --metrics win; without training.json they are needed',
    () => {
      const result = keraflow(['evaluate', 'two', '--data', 'pairs.json']);
      expect(result.stderr).toBe('keraflow evaluate: two has no training.json to say its loss: pass --loss (and --metrics)\n');
      write('pair-targets.json', {
        x: [
          [1, 2],
          [5, 3],
        ],
        y: { sum: [[3], [6]], difference: [[-1], [2]] },
      });
      // sum is off by 2 on the second sample: mse 4 / 2 = 2, mae 1; difference is exact.
      const scored = keraflow(['evaluate', 'two', '--data', 'pair-targets.json', '--loss', 'mean_squared_error,mse', '--metrics', 'sum=mae', '--format', 'json']);
      expect(JSON.parse(scored.stdout)).toEqual({ loss: 2, sum_loss: 2, difference_loss: 0, sum_mae: 1 });
    },
    slow,
  );
});

describe('keraflow train --from', () => {
  it(
    'starts from the saved weights: with a learning rate of 0 it saves them unchanged',
    () => {
      write('frozen.kf', kf(0));
      const result = keraflow(['train', 'frozen.kf', '--epochs', '1', '--from', 'saved', '--save', 'again']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`from: the weights in ${join('saved', 'model.safetensors')}\n`);
      expect(readFileSync(path('again/model.safetensors'))).toEqual(readFileSync(path('saved/model.safetensors')));
      // Saved again in the other format, the directory still holds one model.
      expect(keraflow(['train', 'frozen.kf', '--epochs', '1', '--verbose', '0', '--save', 'again', '--save-format', 'yaml']).status).toBe(0);
      expect([existsSync(path('again/model.yaml')), existsSync(path('again/model.json'))]).toEqual([true, false]);
    },
    slow,
  );

  it(
    'a saved model of another shape is an error naming the parameter',
    () => {
      const other = new Sequential([new Input([4]), new Dense(5, { name: 'dense_1' })]);
      mkdirSync(path('other'));
      return other.saveToFile(path('other/model.json'), path('other/model.safetensors')).then(() => {
        const result = keraflow(['train', 'net.kf', '--epochs', '1', '--from', 'other']);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe(`keraflow train: ${join('other', 'model.safetensors')}: parameter 'dense_1/W' has shape [4, 5], but model Net needs [4, 8]\n`);
      });
    },
    slow,
  );
});

describe('train { validation_data, verbose }', () => {
  it(
    'validates on a JSON file after each epoch, with a line per epoch at verbose = 2; --verbose 0 is silent',
    () => {
      write('val.json', { x: x.slice(0, 6), y: y.slice(0, 6) });
      write('validated.kf', kf(0.1).replace('batch_size = 4 }', 'batch_size = 4, epochs = 2, validation_data = "val.json", verbose = 2 }'));
      const result = keraflow(['train', 'validated.kf']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('validation data: val.json: 6 samples\n');
      const epochs = result.stdout.split('\n').filter((line) => line.startsWith('Epoch '));
      expect(epochs).toEqual([
        expect.stringMatching(/^Epoch 1\/2 - 16 samples - .* - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/),
        expect.stringMatching(/^Epoch 2\/2 - 16 samples - .* - val_acc: \d\.\d{4}$/),
      ]);
      const silent = keraflow(['train', 'validated.kf', '--verbose', '0']);
      expect(silent.status).toBe(0);
      expect(silent.stdout).not.toContain('Epoch ');
    },
    slow,
  );

  it(
    'the checker knows both settings and their types',
    () => {
      const errors = (settings: string) =>
        check({ fileName: path('settings.kf'), text: kf(0.1).replace('batch_size = 4 }', settings) })
          .diagnostics.filter((d) => d.severity === 'error')
          .map((d) => d.message);
      expect(errors('validation_data = "val.json", verbose = 0 }')).toEqual([]);
      expect(errors('verbose = 3 }')).toEqual([expect.stringMatching(/training setting 'verbose' must be .*≤ 2.*, but got 3/)]);
      expect(errors('validation_data = 5 }')).toEqual([expect.stringMatching(/training setting 'validation_data' must be .*, but got 5/)]);
    },
    slow,
  );
});
