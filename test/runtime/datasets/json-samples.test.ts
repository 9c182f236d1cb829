/** JSON data files with sample weights, and whole files read for predict, evaluate and validation. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJsonDataset, loadJsonSamples } from '../../../runtime/datasets/json-file.ts';
import { checkDataFitsModel } from '../../../runtime/datasets/index.ts';
import { Dense, Input, Model } from '../../../runtime/index.ts';
import { errorOf } from './error-of.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-json-samples-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const ten = (f: (i: number) => unknown) => Array.from({ length: 10 }, (_, i) => f(i));

describe('sample_weights in a JSON data file', () => {
  it('one array: split with the samples, each weight staying with its sample', () => {
    const data = loadJsonDataset(file('weighted.json', { x: ten((i) => [i]), y: ten((i) => [i]), sample_weights: ten((i) => i / 10) }));
    for (const part of [data.train, data.test]) {
      const x = part.x as number[][];
      expect(part.sampleWeights).toEqual(x.map(([i]) => i / 10));
    }
    expect(data.description).toMatch(/: 8 samples for training, 2 held out for testing, sample-weighted$/);
  });

  it('a dict by output name, or a list in output order: each split the same way', () => {
    const byName = loadJsonDataset(file('by-name.json', { x: ten((i) => [i]), y: { a: ten((i) => [i]), b: ten((i) => [i]) }, sample_weights: { b: ten((i) => i) } }));
    expect(byName.test.sampleWeights).toEqual({ b: (byName.test.x as number[][]).map(([i]) => i) });
    const list = loadJsonDataset(file('list.json', { x: ten((i) => [i]), y: { a: ten((i) => [i]), b: ten((i) => [i]) }, sample_weights: [ten((i) => i), ten((i) => 2 * i)] }));
    const x = list.train.x as number[][];
    expect(list.train.sampleWeights).toEqual([x.map(([i]) => i), x.map(([i]) => 2 * i)]);
  });

  it('the weights must be numbers, one per sample; a near miss of the key is named', () => {
    const short = file('short.json', { x: ten((i) => [i]), y: ten((i) => [i]), sample_weights: [1, 2, 3] });
    expect(errorOf(() => loadJsonDataset(short)).message).toBe(`data file '${short}': every channel must have the same number of samples, but found x: 10, y: 10, sample_weights: 3`);
    const words = file('words.json', { x: [[1], [2]], y: [[1], [2]], sample_weights: ['a', 'b'] });
    expect(errorOf(() => loadJsonDataset(words)).message).toBe(
      `data file '${words}': "sample_weights" must be an array of one weight per sample (or a list or dict of them by output), but is ["a","b"]`,
    );
    const keras = file('keras.json', { x: [[1], [2]], y: [[1], [2]], sample_weight: [1, 1] });
    expect(errorOf(() => loadJsonDataset(keras)).message).toBe(`data file '${keras}' has "sample_weight"; did you mean "sample_weights"?`);
    // Other keys (a description, say) are left alone.
    expect(loadJsonDataset(file('described.json', { x: [[1], [2]], y: [[1], [2]], about: 'two samples' })).train.x).toHaveLength(1);
  });

  it('the weights are checked against the model with the data', () => {
    const input = new Input([1]);
    const model = new Model(input, new Dense(1).apply(input));
    const data = loadJsonDataset(file('negative.json', { x: ten((i) => [i]), y: ten((i) => [i]), sample_weights: ten(() => 1) }));
    expect(() => checkDataFitsModel(model, data.train)).not.toThrow();
    expect(() => checkDataFitsModel(model, { ...data.train, sampleWeights: ten(() => -1).slice(0, 8) })).toThrow(/sampleWeights for 'dense_\d+' must be finite numbers ≥ 0, but sample 0 has -1/);
  });
});

describe('a whole JSON data file (predict, evaluate, validation data)', () => {
  it('every sample, in file order, with the weights', () => {
    const path = file('whole.json', { x: [[1], [2], [3]], y: [[0], [1], [0]], sample_weights: [1, 0, 1] });
    expect(loadJsonSamples(path)).toEqual({ x: [[1], [2], [3]], y: [[0], [1], [0]], sampleWeights: [1, 0, 1], count: 3 });
  });

  it('x alone when y is not needed (predict); one sample is enough', () => {
    const path = file('inputs.json', { x: [[1, 2]] });
    expect(loadJsonSamples(path, { needY: false })).toEqual({ x: [[1, 2]], y: undefined, count: 1 });
    expect(errorOf(() => loadJsonSamples(path)).message).toBe(`data file '${path}' has no "y"; expected an object {"x": ..., "y": ...}`);
    const none = file('none.json', { y: [[1]] });
    expect(errorOf(() => loadJsonSamples(none, { needY: false, shownAs: 'none.json' })).message).toBe(`data file 'none.json' has no "x"; expected an object {"x": ...}`);
  });
});
