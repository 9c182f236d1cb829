/** `keraflow train`, run as users run it: a child process, on iris and small JSON files, a few epochs. */
import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Model } from '../../../runtime/node.ts';
import { loadDataset } from '../../../runtime/datasets/index.ts';
import { keraflowCommand, runKeraflow } from '../../run-keraflow.ts';

const root = join(import.meta.dirname, '../../..');

function keraflow(args: string[], cwd = root) {
  return runKeraflow(args, { cwd, env: { KERAFLOW_BACKEND: 'cpu' } });
}

/** The final line: each of `names` with its value. */
function testScores(stdout: string): { count: number; scores: Record<string, number> } {
  const line = stdout.split('\n').find((l) => l.startsWith('test ('));
  expect(line).toBeDefined();
  const match = /^test \((\d+) held-out samples\): (.*)$/.exec(line!)!;
  const scores = Object.fromEntries(
    match[2].split(' - ').map((part) => {
      const [name, value] = part.split(': ');
      expect(value).toMatch(/^\d+\.\d{4}$/);
      return [name, Number(value)];
    }),
  );
  return { count: Number(match[1]), scores };
}

const directory = mkdtempSync(join(tmpdir(), 'keraflow-train-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(directory, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('keraflow train', () => {
  it('trains examples/iris.kf: backend, data, summary, a line per epoch, then held-out loss and accuracy', () => {
    const result = keraflow(['train', 'examples/iris.kf', '--epochs', '2', '--backend', 'cpu']);
    expect(result.status).toBe(0);
    // Nothing on stderr: not even TensorFlow.js's banner for the cpu backend in Node.
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('backend: cpu');
    expect(lines[1]).toBe('data: iris: [4] measurements in cm, one-hot [3] species (setosa, versicolor, virginica); 120 for training, 30 held out for testing');
    expect(lines[2]).toBe('Model: Iris');
    expect(result.stdout).toContain('measurements (Input)  [batch, 4]');
    expect(result.stdout).toContain('Total params: 403\n');
    expect(lines.filter((l) => l.startsWith('Epoch '))).toEqual([
      expect.stringMatching(/^Epoch 1\/2 - 120 samples - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/),
      expect.stringMatching(/^Epoch 2\/2 - 120 samples - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/),
    ]);
    const { count, scores } = testScores(result.stdout);
    expect(count).toBe(30);
    expect(Object.keys(scores)).toEqual(['loss', 'accuracy']);
    expect(scores.loss).toBeGreaterThan(0);
    // Accuracy over 30 samples is a multiple of 1/30.
    expect(Math.abs(scores.accuracy * 30 - Math.round(scores.accuracy * 30))).toBeLessThan(0.01);
  });

  it('lets flags win over the file: --validation-split holds out samples and reports val_ metrics', () => {
    const result = keraflow(['train', 'examples/iris.kf', '--epochs', '1', '--batch-size', '40', '--validation-split', '0.25']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Epoch 1\/1 - 90 samples - .* - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/m);
    expect(result.stdout).not.toContain('Epoch 2/');
  });

  it('saves the architecture, the weights and the history with --save; the saved model scores as printed', async () => {
    const save = join(directory, 'saved');
    const result = keraflow(['train', 'examples/iris.kf', '--epochs', '3', '--save', save]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`saved model.json, model.safetensors, training.json, history.json and history.svg in ${save}\n`);
    const history = JSON.parse(readFileSync(join(save, 'history.json'), 'utf8')) as Record<string, number[]>;
    const chart = readFileSync(join(save, 'history.svg'), 'utf8');
    expect(chart).toMatch(/^<svg[^>]*>/);
    expect(chart).toContain('loss');
    expect(Object.keys(history).sort()).toEqual(['accuracy', 'loss']);
    expect(history.loss).toHaveLength(3);
    expect(history.loss.every((value) => Number.isFinite(value) && value > 0)).toBe(true);

    const model = await Model.loadFromFile(join(save, 'model.json'), join(save, 'model.safetensors'));
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const test = loadDataset('iris').test;
    const [loss, accuracy] = await model.evaluate(test.x, test.y);
    const { scores } = testScores(result.stdout);
    expect(loss.toFixed(4)).toBe(scores.loss.toFixed(4));
    expect(accuracy.toFixed(4)).toBe(scores.accuracy.toFixed(4));
  });

  it('takes the file’s train settings, with a data path relative to the file, across imported files', () => {
    write('lib/blocks.kf', 'block Hidden(units: int)(x) {\n  return x -> Dense(units, activation=tanh)\n}\n');
    write(
      'models/data/xor.json',
      JSON.stringify({
        x: { a: [[0], [0], [1], [1], [0], [1], [1], [0], [0], [1]], b: [[0], [1], [0], [1], [1], [1], [0], [0], [1], [0]] },
        y: [[0], [1], [1], [0], [1], [0], [1], [0], [1], [1]],
      }),
    );
    write(
      'models/xor.kf',
      [
        'import "../lib/blocks.kf"',
        '',
        'model First {',
        '  input a: [1]',
        '  output y = a -> Dense(1, activation=sigmoid)',
        '  loss = binary_crossentropy',
        '  optimizer = sgd',
        '}',
        '',
        'model Xor {',
        '  input a: [1]',
        '  input b: [1]',
        '  output y = Concatenate()([a, b]) -> Hidden(8) -> Dense(1, activation=sigmoid)',
        '  loss = binary_crossentropy',
        '  metrics = [accuracy]',
        '  optimizer = adam',
        '  train { data = "data/xor.json", epochs = 3, batch_size = 4 }',
        '}',
        '',
      ].join('\n'),
    );
    const result = keraflow(['train', 'models/xor.kf', '--model', 'Xor'], directory);
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`data: ${join('models', 'data', 'xor.json')}: 8 samples for training, 2 held out for testing\n`);
    expect(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('Epoch '))
        .map((l) => l.slice(0, 20)),
    ).toEqual(['Epoch 1/3 - 8 sample', 'Epoch 2/3 - 8 sample', 'Epoch 3/3 - 8 sample']);
    expect(testScores(result.stdout).count).toBe(2);
  });

  it('trains a model whose build function and defaults were renamed (a constant took the name): by the exports compile() names', () => {
    write(
      'renamed/data/xor.json',
      JSON.stringify({
        x: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
        y: [[0], [1], [1], [0], [1], [0], [1], [0]],
      }),
    );
    write(
      'renamed/tiny.kf',
      [
        'let buildTiny = 2',
        'let tinyTrain = 1',
        '',
        'model Tiny {',
        '  input x: [buildTiny]',
        '  output y = x -> Dense(tinyTrain, activation=sigmoid)',
        '  loss = binary_crossentropy',
        '  train { data = "data/xor.json", epochs = 2, batch_size = 4 }',
        '}',
        '',
      ].join('\n'),
    );
    const result = keraflow(['train', 'renamed/tiny.kf'], directory);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('Epoch '))
        .map((l) => l.slice(0, 9)),
    ).toEqual(['Epoch 1/2', 'Epoch 2/2']);
  });

  it('checks --save before any epoch: an existing file, a path under a file, /proc; one line each, and it never loops', () => {
    const file = write('taken/model-file', 'not a folder');
    const cases: [string, string][] = [
      [file, `keraflow train: cannot save to --save ${file}: it is a file, not a directory\n`],
      [join(file, 'inner', 'deeper'), `keraflow train: cannot save to --save ${join(file, 'inner', 'deeper')}: ${file} is a file, not a directory\n`],
      ['/proc/keraflow-save/model', 'keraflow train: cannot save to --save /proc/keraflow-save/model: cannot make the folder /proc/keraflow-save: the system does not let folders be made there\n'],
    ];
    for (const [save, stderr] of cases) {
      const result = keraflow(['train', 'examples/iris.kf', '--epochs', '1', '--save', save]);
      expect(result).toEqual({ status: 1, stdout: '', stderr });
    }
    // Missing levels are made, one by one.
    const fresh = join(directory, 'new', 'a', 'b');
    const made = keraflow(['train', 'examples/iris.kf', '--epochs', '1', '--save', fresh]);
    expect(made.status).toBe(0);
    expect(readdirSync(fresh).sort()).toEqual(['history.json', 'history.svg', 'model.json', 'model.safetensors', 'training.json']);
  }, 300_000);

  it('writes history.json, history.svg and the --plot chart atomically, removing what killed writes left', () => {
    const save = join(directory, 'atomic');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const name of ['history.json', 'history.svg', 'chart.svg']) {
      write(`atomic/${name}`, 'old');
      linkSync(join(save, name), join(save, `${name}.link`));
      write(`atomic/.${name}.${dead}.0123456789ab.tmp`, '');
    }
    const result = keraflow(['train', 'examples/iris.kf', '--epochs', '1', '--save', save, '--plot', join(save, 'chart.svg')]);
    expect(result.status).toBe(0);
    for (const name of ['history.json', 'history.svg', 'chart.svg']) {
      expect(readFileSync(join(save, name), 'utf8')).not.toBe('old');
      // Replaced by a rename: the other link still has the old content (a write in place would have changed both).
      expect(readFileSync(join(save, `${name}.link`), 'utf8')).toBe('old');
    }
    expect(readdirSync(save).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 300_000);

  it('leaves no temporary folder behind: not on SIGINT or SIGTERM, and one a SIGKILL left goes at the next run', async () => {
    const temporary = join(directory, 'tmp');
    mkdirSync(temporary, { recursive: true });
    const ours = () => readdirSync(temporary).filter((name) => name.startsWith('keraflow-train-'));
    /** Starts a long training, waits until its generated code is loaded (the data line), then sends `signal`. */
    const interrupted = (signal: NodeJS.Signals) =>
      new Promise<{ signal: NodeJS.Signals | null; left: string[] }>((resolve) => {
        const child = spawn(process.execPath, keraflowCommand(['train', 'examples/iris.kf', '--epochs', '100000']), {
          cwd: root,
          env: { ...process.env, KERAFLOW_BACKEND: 'cpu', TMPDIR: temporary },
        });
        let output = '';
        let left: string[] = [];
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('\ndata: ') && child.exitCode === null && left.length === 0) {
            left = ours();
            child.kill(signal);
          }
        });
        child.on('exit', (_code, received) => resolve({ signal: received, left }));
      });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const { signal: received, left } = await interrupted(signal);
      expect(left).toHaveLength(1);
      expect(received).toBe(signal);
      expect(ours()).toEqual([]);
    }
    const { left } = await interrupted('SIGKILL');
    expect(ours()).toEqual(left);
    const next = spawnSync(process.execPath, keraflowCommand(['train', 'examples/iris.kf', '--epochs', '1']), {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, KERAFLOW_BACKEND: 'cpu', TMPDIR: temporary },
    });
    expect(next.status).toBe(0);
    expect(ours()).toEqual([]);
  }, 300_000);

  it('lists the file’s models for an unknown --model', () => {
    const result = keraflow(['train', 'examples/iris.kf', '--model', 'Irsi']);
    expect(result).toEqual({ status: 1, stdout: '', stderr: "keraflow train: examples/iris.kf has no model 'Irsi'; its models: Iris\n" });
  });

  it('lists the data sets it knows for an unknown --data', () => {
    const result = keraflow(['train', 'examples/iris.kf', '--data', 'cifar10']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`keraflow train: unknown dataset 'cifar10': expected mnist, iris, token_order, reversed_tokens, or the path of a .json file with {"x": ..., "y": ...}\n`);
    expect(result.stdout).not.toContain('Epoch');
  });

  it('names the channel, the expected and the given shape when the data does not fit the model', () => {
    const data = write('wide.json', JSON.stringify({ x: Array.from({ length: 5 }, () => [1, 2, 3]), y: Array.from({ length: 5 }, () => [1, 0, 0]) }));
    const result = keraflow(['train', 'examples/iris.kf', '--data', data]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`keraflow train: data '${data}' does not fit model 'Iris': Iris: x for 'measurements' has shape [4, 3], but [batch, 4] was expected\n`);
    expect(result.stdout).not.toContain('Epoch');
    // One short row, at the index the seeded split holds out (the split depends on the sample count alone).
    const indices = Array.from({ length: 5 }, (_, index) => [index]);
    const [[heldOut]] = loadDataset(write('indices.json', JSON.stringify({ x: indices, y: indices }))).test.x as number[][];
    const rows = indices.map(([index]) => (index === heldOut ? [1, 2, 3] : [1, 2, 3, 4]));
    const ragged = write('ragged.json', JSON.stringify({ x: rows, y: rows.map(() => [1, 0, 0]) }));
    const short = keraflow(['train', 'examples/iris.kf', '--data', ragged]);
    expect(short.status).toBe(1);
    expect(short.stderr).toBe(`keraflow train: data '${ragged}' does not fit model 'Iris' (in the held-out test samples): Iris: x for 'measurements' has shape [1, 3], but [batch, 4] was expected\n`);
  });

  it('says so when the data file cannot be read or is not JSON', () => {
    const missing = keraflow(['train', 'examples/iris.kf', '--data', join(directory, 'missing.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`keraflow train: cannot read data file '${join(directory, 'missing.json')}': no such file\n`);
    const broken = write('broken.json', '{"x": [[1, 2, 3, 4]], "y": ');
    const invalid = keraflow(['train', 'examples/iris.kf', '--data', broken]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(new RegExp(`^keraflow train: data file '${broken}' is not valid JSON: .+\\n$`));
    const folder = join(directory, 'folder.json');
    mkdirSync(folder, { recursive: true });
    expect(keraflow(['train', 'examples/iris.kf', '--data', folder]).stderr).toBe(`keraflow train: cannot read data file '${folder}': it is a directory\n`);
  });

  it('says so when the .kf file cannot be read', () => {
    const result = keraflow(['train', 'examples/nowhere.kf']);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow train: cannot read examples/nowhere.kf: no such file\n' });
    const folder = join(directory, 'folder.kf');
    mkdirSync(folder, { recursive: true });
    expect(keraflow(['train', folder])).toEqual({ status: 1, stdout: '', stderr: `keraflow train: cannot read ${folder}: it is a directory\n` });
  });

  it('prints the diagnostics of a file with errors and trains nothing', () => {
    const result = keraflow(['train', 'examples/errors.kf', '--data', 'iris']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('examples/errors.kf:12:23: error KF301: ');
    expect(result.stdout).toBe('');
  });

  it('says what a model is when the file has none', () => {
    const file = write('blocks-only.kf', 'sequential Encoder {\n  Dense(8)\n}\n');
    const result = keraflow(['train', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^keraflow train: .*blocks-only\.kf has no model to train: expected a 'model' or a 'sequential' whose first item is Input\(\.\.\.\)\n$/);
  });

  it('asks for data when neither the file nor the flags give any', () => {
    const file = write('nodata.kf', 'model NoData {\n  input x: [4]\n  output y = x -> Dense(3, activation=softmax)\n  loss = categorical_crossentropy\n  optimizer = sgd\n}\n');
    const result = keraflow(['train', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^keraflow train: no data for model 'NoData': pass --data \(mnist, iris, or a \.json file\) or set train \{ data = \.\.\. \} in .*nodata\.kf\n$/);
  });

  it('refuses flag values out of range before doing anything', () => {
    const epochs = keraflow(['train', 'examples/iris.kf', '--epochs', '0']);
    expect(epochs.status).toBe(1);
    expect(epochs.stderr).toContain("error: option '--epochs <n>' argument '0' is invalid. expected a positive integer, found '0'.");
    const split = keraflow(['train', 'examples/iris.kf', '--validation-split', '1']);
    expect(split.status).toBe(1);
    expect(split.stderr).toContain("expected a number from 0 up to (not including) 1, found '1'.");
    const plot = keraflow(['train', 'examples/iris.kf', '--plot', join(directory, 'chart.txt')]);
    expect(plot.status).toBe(1);
    expect(plot.stderr).toContain(`expected a file ending in .svg or .png, found '${join(directory, 'chart.txt')}'.`);
    expect(plot.stdout).toBe('');
    const nowhere = join(directory, 'no-such-folder', 'chart.svg');
    expect(keraflow(['train', 'examples/iris.kf', '--plot', nowhere])).toEqual({
      status: 1,
      stdout: '',
      stderr: `keraflow train: cannot write --plot ${nowhere}: ${join(directory, 'no-such-folder')} is not a directory\n`,
    });
  });
});
