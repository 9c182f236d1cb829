import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, Input, Model, ShapeError } from '../../../runtime/node.ts';
import { builtInDatasets, checkDataFitsModel, loadDataset } from '../../../runtime/datasets/index.ts';
import { dataShapes, isBuiltInDataset } from '../../../runtime/datasets/shapes.ts';
import * as tf from '@tensorflow/tfjs-core';
import { errorOf } from './error-of.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-datasets-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('loadDataset', () => {
  it('knows the built-in data sets by name', () => {
    expect(loadDataset('iris').description).toMatch(/^iris: /);
  });

  it('reads a JSON file by path, relative to the base directory', () => {
    writeFileSync(join(directory, 'tiny.json'), JSON.stringify({ x: [[1], [2], [3], [4], [5]], y: [[0], [1], [0], [1], [0]] }));
    const data = loadDataset('tiny.json', { baseDirectory: directory });
    expect((data.train.x as number[][]).length + (data.test.x as number[][]).length).toBe(5);
  });

  it('lists what it accepts for an unknown name', () => {
    const error = errorOf(() => loadDataset('cifar10', { baseDirectory: directory }));
    expect(error.message).toBe(`unknown dataset 'cifar10': expected mnist, iris, token_order, reversed_tokens, or the path of a .json file with {"x": ..., "y": ...}`);
    expect([error.argument, error.given]).toEqual(['data', 'cifar10']);
  });

  it('reports a missing .json file as unreadable, not as an unknown name', () => {
    expect(errorOf(() => loadDataset('nowhere.json', { baseDirectory: directory })).message).toBe(`cannot read data file '${join(directory, 'nowhere.json')}': no such file`);
  });
});

describe('checkDataFitsModel', () => {
  function irisModel(features: number, classes: number) {
    const input = new Input([features], { name: 'measurements' });
    return new Model(input, new Dense(classes, { name: 'species' }).apply(input), { name: 'Flowers' });
  }

  it('accepts data whose shapes are the model’s, leaving no tensors behind', () => {
    const before = tf.memory().numTensors;
    const model = irisModel(4, 3);
    const tensorsOfModel = tf.memory().numTensors - before;
    checkDataFitsModel(model, loadDataset('iris').train);
    expect(tf.memory().numTensors - before).toBe(tensorsOfModel);
  });

  it('names the channel, the expected and the given shape of an input that does not fit', () => {
    const error = errorOf(() => checkDataFitsModel(irisModel(5, 3), loadDataset('iris').train));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe(`Flowers: x for 'measurements' has shape [120, 4], but [batch, 5] was expected`);
    expect([error.key, error.expected, error.given]).toEqual(['measurements', '[batch, 5]', '[120, 4]']);
  });

  it('names the output channel of targets that do not fit', () => {
    const error = errorOf(() => checkDataFitsModel(irisModel(4, 2), loadDataset('iris').test));
    expect(error.message).toBe(`Flowers: y for 'species' has shape [30, 3], but [batch, 2] was expected`);
  });
});

describe('the built-in data sets’ sample shapes (what keraflow check compares without loading)', () => {
  it('are known for every built-in data set', () => {
    expect(Object.keys(builtInDatasets).filter((name) => !isBuiltInDataset(name))).toEqual([]);
  });

  it.each(['token_order', 'reversed_tokens'])('are those of the generated %s', (name) => {
    const shapes = dataShapes(name) as unknown as { x: Record<string, { shape: number[] }>; y: { shape: number[] } };
    const { train } = loadDataset(name);
    const x = train.x as Record<string, { shape: number[] }>;
    expect(Object.fromEntries(Object.entries(x).map(([key, samples]) => [key, samples.shape.slice(1)]))).toEqual(
      Object.fromEntries(Object.entries(shapes.x).map(([key, channel]) => [key, channel.shape])),
    );
    expect((train.y as { shape: number[] }).shape.slice(1)).toEqual(shapes.y.shape);
  });
});
