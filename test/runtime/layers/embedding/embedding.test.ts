import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { Embedding, Input, KeraflowError, Model, ShapeError } from '../../../../runtime/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

describeOnBackends('Embedding', (backend) => {
  const lookup = () =>
    checkLayer({
      make: () => new Embedding(10, 4),
      input: [5],
      dtype: 'int32',
      intRange: [0, 9],
      symbolic: { input: [symbol('T')], bindings: { T: 5 } },
    });

  it('matches tf.layers.embedding', () => {
    const result = lookup();
    expect(result.y.shape).toEqual([3, 5, 4]);
    compareWithOracle(result, tfl.layers.embedding({ inputDim: 10, outputDim: 4 }), undefined, 1e-4);
  });

  it('matches tf.layers.embedding on the gradient of W', (context) => {
    // The gradient of a lookup (tf.gather) is a scatter-add: skipped, named, where the backend has no UnsortedSegmentSum.
    if (!tf.getKernel('UnsortedSegmentSum', backend)) context.skip(`no UnsortedSegmentSum kernel on ${backend}`);
    const result = lookup();
    const oracle = tfl.layers.embedding({ inputDim: 10, outputDim: 4 });
    compareWithOracle(result, oracle, undefined, 1e-4);
    compareGradientsWithOracle(result, oracle);
  });

  it('takes indices of any rank from 2 up', () => {
    const result = checkLayer({ make: () => new Embedding(6, 3), input: [2, 4], dtype: 'int32', intRange: [0, 5] });
    expect(result.y.shape).toEqual([3, 2, 4, 3]);
    compareWithOracle(result, tfl.layers.embedding({ inputDim: 6, outputDim: 3 }), undefined, 1e-4);
  });

  it('refuses float input at link time, naming the layer', () => {
    const layer = new Embedding(10, 4, { name: 'words' });
    expect(() => layer.apply(new Input([5]))).toThrow(ShapeError);
    expect(() => layer.apply(new Input([5]))).toThrow(/words \(Embedding\) takes integer input, but input is float32/);
  });

  it('refuses a batch of scalars, naming the layer and the shape', () => {
    expect(() => new Embedding(10, 4, { name: 'words' }).apply(new Input([], { dtype: 'int32' }))).toThrow(/words \(Embedding\) takes integer inputs of rank 2 or more .*, but got \[batch\]/);
  });

  it('refuses an index outside the vocabulary in the data, before computing', () => {
    const x = new Input([3], { dtype: 'int32' });
    const model = new Model(x, new Embedding(5, 2, { name: 'words' }).apply(x));
    const before = tf.memory().numTensors;
    expect(() =>
      model.predict([
        [0, 1, 2],
        [4, 5, 1],
      ]),
    ).toThrow(KeraflowError);
    expect(() =>
      model.predict([
        [0, 1, 2],
        [4, 5, 1],
      ]),
    ).toThrow(/words \(Embedding\): index 5 at \[1\]\[1\] of input \[2,3\] is outside the vocabulary \(0 to 4, vocabularySize 5\)/);
    expect(() => model.predict([[0, -1, 2]])).toThrow(/index -1 at \[0\]\[1\]/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses non-integer data for its int32 input, naming the channel and the value', () => {
    const x = new Input([3], { dtype: 'int32', name: 'tokens' });
    const model = new Model(x, new Embedding(5, 2).apply(x));
    expect(() => model.predict([[0, 1.5, 2]])).toThrow(/x for 'tokens' must hold integers \(the input is int32\), but has 1.5 at \[0\]\[1\]/);
  });

  it('drops whole rows (words), scaled, in training only', () => {
    const layer = new Embedding(4, 50, { dropout: 0.5, init: 'one' });
    const x = new Input([8], { dtype: 'int32' });
    layer.apply(x);
    const indices = tf.tensor2d([[0, 1, 2, 3, 0, 1, 2, 3]], undefined, 'int32');
    const trained = tf.tidy(() => layer.call(indices, { training: true }).arraySync() as number[][][]);
    const rows = trained[0];
    for (const row of rows) expect(row.every((v) => v === row[0]) && (row[0] === 0 || row[0] === 2)).toBe(true);
    // The same word is dropped or kept at every position.
    expect(rows[4]).toEqual(rows[0]);
    const inference = tf.tidy(() => layer.call(indices, { training: false }).arraySync() as number[][][]);
    expect(inference[0].flat().every((v) => v === 1)).toBe(true);
    indices.dispose();
  });
});
