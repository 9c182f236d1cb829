import { describe, expect, it } from 'vitest';
import { decodeDataset, encodeDataset } from '../../playground/src/dataset-file.ts';

/** The built-in data sets as the page ships them: pixels k/255 as bytes, anything else as float32, the same numbers back. */
describe('dataset files', () => {
  const shaped = (values: number[], shape: number[]) => ({ data: Float32Array.from(values), shape });

  it('round-trips pixels as bytes and measurements as floats', () => {
    const dataset = {
      description: 'two samples',
      train: { x: shaped([0, 1, 128 / 255, 3 / 255], [2, 2]), y: shaped([1, 0, 0, 1], [2, 2]) },
      test: { x: shaped([5.1, 3.5], [1, 2]), y: shaped([0, 1], [1, 2]) },
    };
    const { header, body } = encodeDataset(dataset);
    expect(header.train.x).toEqual({ shape: [2, 2], encoding: 'uint8/255' });
    expect(header.test.x).toEqual({ shape: [1, 2], encoding: 'float32' });
    const decoded = decodeDataset(header, body);
    expect(decoded.description).toBe('two samples');
    expect([...decoded.train.x.data]).toEqual([...dataset.train.x.data]);
    expect([...decoded.train.y.data]).toEqual([1, 0, 0, 1]);
    expect([...decoded.test.x.data]).toEqual([...Float32Array.from([5.1, 3.5])]);
    expect(decoded.test.y.shape).toEqual([1, 2]);
  });

  it('refuses a body that does not match its header', () => {
    const { header, body } = encodeDataset({
      description: 'one',
      train: { x: shaped([0.5], [1, 1]), y: shaped([1], [1, 1]) },
      test: { x: shaped([0.25], [1, 1]), y: shaped([1], [1, 1]) },
    });
    const wrong = { ...header, test: { ...header.test, y: { shape: [2, 1], encoding: 'uint8/255' as const } } };
    expect(() => decodeDataset(wrong, body)).toThrow(/^the data file holds 10 bytes, but its header describes 11$/);
  });
});
