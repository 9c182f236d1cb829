/**
 * reversed_tokens, generated: source sequences of 6 tokens (1–9), and
 * their reverse to write, one-hot y [n, 6, 10]. x is a dict: `source`
 * [n, 6] and `shifted` [n, 6], the reversed sequence shifted right with 0
 * first (what a decoder reads in training: teacher forcing), both int32.
 * 3000 samples from a fixed seed, 600 of them held out.
 */
import { applySplit, seededSplit, type Dataset } from './dataset.ts';
import { seededRandom } from './random.ts';

const length = 6;
const vocabulary = 10;
const count = 3000;
const seed = 2014; // The year of "Sequence to sequence learning with neural networks".

/** One sample's shapes, for `keraflow check` without generating the set. */
export const reversedTokensSampleShapes = {
  x: { source: { shape: [length], integers: true }, shifted: { shape: [length], integers: true } },
  y: { shape: [length, vocabulary], integers: true },
};

export function loadReversedTokens(): Dataset {
  const random = seededRandom(seed);
  const source = new Int32Array(count * length);
  const shifted = new Int32Array(count * length);
  const reversed = new Float32Array(count * length * vocabulary);
  for (let sample = 0; sample < count; sample++) {
    const offset = sample * length;
    for (let step = 0; step < length; step++) source[offset + step] = 1 + Math.floor(random() * (vocabulary - 1));
    for (let step = 0; step < length; step++) {
      const target = source[offset + length - 1 - step];
      reversed[(offset + step) * vocabulary + target] = 1;
      if (step + 1 < length) shifted[offset + step + 1] = target;
    }
  }
  const x = { source: { data: source, shape: [count, length] }, shifted: { data: shifted, shape: [count, length] } };
  const split = seededSplit(count, 0.2, seed);
  return {
    ...applySplit(x, { data: reversed, shape: [count, length, vocabulary] }, split),
    description: `reversed_tokens: [${length}] tokens (and the target shifted right), one-hot [${length}, ${vocabulary}] the tokens reversed; ${split.train.length} for training, ${split.test.length} held out for testing`,
  };
}
