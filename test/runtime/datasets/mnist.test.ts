import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TypedArrayWithShape } from '../../../runtime/engine/data.ts';
import type { Dataset } from '../../../runtime/datasets/dataset.ts';
import { loadMnist } from '../../../runtime/datasets/mnist.ts';

const packageDigits = createRequire(import.meta.url)('mnist') as { raw: number[]; length: number }[];

/** A fingerprint of each image (its pixels as text), for comparing sets of images. */
function images(data: TypedArrayWithShape): string[] {
  const result: string[] = [];
  for (let row = 0; row < data.shape[0]; row++) result.push(data.data.subarray(row * 784, (row + 1) * 784).join(','));
  return result;
}

function labels(y: TypedArrayWithShape): number[] {
  const result: number[] = [];
  for (let row = 0; row < y.shape[0]; row++) {
    const hot = [...y.data.subarray(row * 10, (row + 1) * 10)];
    expect(hot.filter((v) => v === 1)).toHaveLength(1);
    expect(hot.filter((v) => v === 0)).toHaveLength(9);
    result.push(hot.indexOf(1));
  }
  return result;
}

let mnist: Dataset;
beforeAll(() => {
  mnist = loadMnist();
});

describe('mnist', () => {
  it('has 8,000 training and 2,000 test digits as [n, 784] pixels and one-hot [n, 10] labels', () => {
    expect((mnist.train.x as TypedArrayWithShape).shape).toEqual([8000, 784]);
    expect((mnist.train.y as TypedArrayWithShape).shape).toEqual([8000, 10]);
    expect((mnist.test.x as TypedArrayWithShape).shape).toEqual([2000, 784]);
    expect((mnist.test.y as TypedArrayWithShape).shape).toEqual([2000, 10]);
    expect((mnist.train.x as TypedArrayWithShape).data).toBeInstanceOf(Float32Array);
    expect(mnist.description).toBe('mnist: 28×28 digits as [784] floats in [0, 1], one-hot [10] labels; 8000 for training, 2000 held out for testing');
  });

  it('has pixels in [0, 1], using the whole range', () => {
    for (const part of [mnist.train, mnist.test]) {
      const pixels = (part.x as TypedArrayWithShape).data;
      let min = Infinity;
      let max = -Infinity;
      for (const value of pixels) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      expect([min, max]).toEqual([0, 1]);
    }
  });

  it('holds out 20% of each digit, and together the parts are exactly the package’s 10,000 digits', () => {
    const trainLabels = labels(mnist.train.y as TypedArrayWithShape);
    const testLabels = labels(mnist.test.y as TypedArrayWithShape);
    for (let digit = 0; digit < 10; digit++) {
      const total = packageDigits[digit].length;
      expect(trainLabels.filter((l) => l === digit)).toHaveLength(Math.round(total * 0.8));
      expect(testLabels.filter((l) => l === digit)).toHaveLength(total - Math.round(total * 0.8));
    }
    const ours = [...images(mnist.train.x as TypedArrayWithShape), ...images(mnist.test.x as TypedArrayWithShape)].map((image, index) => `${[...trainLabels, ...testLabels][index]}:${image}`).sort();
    const theirs = packageDigits
      .flatMap((digit, label) =>
        Array.from(
          { length: digit.length },
          (_, sample) =>
            `${label}:${digit.raw
              .slice(sample * 784, (sample + 1) * 784)
              .map(Math.fround)
              .join(',')}`,
        ),
      )
      .sort();
    // Compared item by item: a failing toEqual would print 10,000 images.
    expect(ours.length).toBe(theirs.length);
    expect(ours.findIndex((image, index) => image !== theirs[index])).toBe(-1);
  });

  it('mixes the digits in the training part, so that its last 10% (fit’s validation split) has every digit', () => {
    const trainLabels = labels(mnist.train.y as TypedArrayWithShape);
    expect(new Set(trainLabels.slice(7200)).size).toBe(10);
    expect(new Set(trainLabels.slice(0, 100)).size).toBe(10);
  });

  it('splits the same way every time', () => {
    const again = loadMnist();
    // Byte for byte (toEqual on 6 million floats takes a while).
    const bytes = (data: TypedArrayWithShape) => Buffer.from(data.data.buffer, data.data.byteOffset, data.data.byteLength);
    for (const part of ['train', 'test'] as const) {
      for (const key of ['x', 'y'] as const) {
        expect(bytes(again[part][key] as TypedArrayWithShape).equals(bytes(mnist[part][key] as TypedArrayWithShape))).toBe(true);
      }
    }
  });
});
