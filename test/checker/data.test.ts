/** Data checked before training: the shapes of the data a model names, against its inputs and outputs, at `data = ...`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../../compiler/index.ts';
import { describeDiagnostics } from './helpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-data-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function checkWith(text: string, files: Record<string, unknown>, options: CheckOptions = { data: {} }) {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), JSON.stringify(content));
  const fileName = join(directory, 'model.kf');
  const result = check({ fileName, text }, options);
  return describeDiagnostics(result.diagnostics, fileName);
}

const images = {
  x: [
    [
      [1, 2],
      [3, 4],
    ],
    [
      [0, 1],
      [1, 0],
    ],
  ],
  y: [1, 2],
};

describe('training data against the model', () => {
  it('images without a channel axis, integer labels for a softmax: each at `data =`, with the input or output as a note', () => {
    const text = 'model M {\n  input image: [2, 2, 1]\n  output digit = image -> Flatten -> Dense(3, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = "images.json" }\n}\n';
    expect(checkWith(text, { 'images.json': images })).toEqual([
      "5:18 error KF530 data 'images.json': samples are [2, 2], but input 'image' expects [2, 2, 1]: add a channel axis",
      "  related 2:9 input 'image' is declared here",
      "5:18 error KF530 data 'images.json': labels are one integer per sample, but output 'digit' expects [3]: use sparse_categorical_crossentropy (it takes class indices), or one-hot them (a [3] row per sample)",
      "  related 3:10 output 'digit' is declared here",
    ]);
  });

  it('integer labels fit a loss that takes class indices (sparse_categorical_crossentropy, as an alias or a loss object)', () => {
    for (const loss of ['sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy(from_logits=true)']) {
      const text = `model M {\n  input image: [2, 2]\n  output digit = image -> Flatten -> Dense(3)\n  loss = ${loss}\n  train { data = "labels.json" }\n}\n`;
      expect(checkWith(text, { 'labels.json': images })).toEqual([]);
    }
  });

  it('data that fits reports nothing; without the data option nothing is read', () => {
    const text = 'model M {\n  input image: [2, 2]\n  output value = image -> Flatten -> Dense(1)\n  loss = mse\n  train { data = "fits.json" }\n}\n';
    expect(checkWith(text, { 'fits.json': images })).toEqual([]);
    const wrong = 'model M {\n  input image: [5]\n  output value = image -> Dense(1)\n  loss = mse\n  train { data = "missing.json" }\n}\n';
    expect(checkWith(wrong, {}, {})).toEqual([]);
  });

  it('built-in data sets by their known shapes: a sample axis in the input, a reshape that keeps the values', () => {
    const text =
      'sequential Axis {\n  Input([120, 4])\n  Flatten\n  Dense(3, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = iris }\n}\n' +
      'sequential Digits {\n  Input([28, 28, 1])\n  Flatten\n  Dense(10, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = mnist }\n}\n';
    const lines = checkWith(text, {}).filter((line) => !line.startsWith(' '));
    expect(lines).toEqual([
      "6:18 error KF530 data 'iris': samples are [4], but input 'input' expects [120, 4]: its shape includes the sample axis; declare it as [4]",
      "13:18 error KF530 data 'mnist': samples are [784], but input 'input' expects [28, 28, 1] (the same number of values): reshape the samples, or start the model with Reshape([28, 28, 1])",
    ]);
  });

  it('channels by name: a missing one, one array for several inputs; a file that cannot be read is KF531', () => {
    const text = 'model M {\n  input a: [2]\n  input b: [2]\n  output y = Concatenate()([a, b]) -> Dense(1)\n  loss = mse\n  train { data = "pairs.json" }\n}\n';
    expect(checkWith(text, { 'pairs.json': { x: { a: [[1, 2]], c: [[1, 2]] }, y: [[1]] } }).filter((line) => !line.startsWith(' '))).toEqual([
      `6:18 error KF530 data 'pairs.json' has no "x" for input 'b' (it has "a", "c")`,
    ]);
    expect(checkWith(text, { 'pairs.json': { x: [[1, 2]], y: [[1]] } })).toEqual([
      `6:18 error KF530 data 'pairs.json': "x" is one array, but the model has 2 inputs (a, b): give a dict by input name`,
    ]);
    const missing = text.replace('pairs.json', 'none.json');
    expect(checkWith(missing, {})).toEqual(["6:18 error KF531 cannot read data 'none.json': no such file"]);
    writeFileSync(join(directory, 'broken.json'), '{"x": [1, 2');
    expect(checkWith(text.replace('pairs.json', 'broken.json'), {})[0]).toMatch(/^6:18 error KF531 cannot read data 'broken.json': it is not valid JSON/);
  });

  it("data given for every model (check --data) is compared at each model's name, relative to the base directory", () => {
    const text = 'model M {\n  input x: [3]\n  output y = x -> Dense(2)\n  loss = mse\n  train { data = iris }\n}\n';
    writeFileSync(join(directory, 'three.json'), JSON.stringify({ x: [[1, 2, 3]], y: [[1, 2]] }));
    expect(checkWith(text, {}, { data: { override: 'three.json', baseDirectory: directory } })).toEqual([]);
    expect(checkWith(text, {}, { data: { override: 'iris' } }).filter((line) => !line.startsWith(' '))).toEqual([
      "1:7 error KF530 data 'iris': \"x\" samples are [4], but input 'x' expects [3]",
      "1:7 error KF530 data 'iris': \"y\" samples are [3], but output 'y' expects [2]",
    ]);
  });
});
