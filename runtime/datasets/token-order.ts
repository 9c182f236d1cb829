/**
 * token_order, generated: sequences of 10 tokens in which the tokens 1 and
 * 2 occur once each, at random places, among random tokens 3–9; the label
 * (y [n, 1]) is 1 when 1 comes before 2. Every sequence holds the same
 * multiset of marker tokens, so a bag of tokens cannot tell the classes
 * apart: the order matters. x is a dict: `tokens` [n, 10] and `positions`
 * [n, 10] (0, 1, ..., 9, for position embeddings), both int32. 4000
 * samples from a fixed seed, 800 of them held out.
 */
import { applySplit, seededSplit, type Dataset } from './dataset.ts';
import { seededRandom } from './random.ts';

const length = 10;
const count = 4000;
const seed = 2017; // The year of "Attention is all you need".

/** One sample's shapes, for `keraflow check` without generating the set. */
export const tokenOrderSampleShapes = {
  x: { tokens: { shape: [length], integers: true }, positions: { shape: [length], integers: true } },
  y: { shape: [1], integers: true },
};

export function loadTokenOrder(): Dataset {
  const random = seededRandom(seed);
  const tokens = new Int32Array(count * length);
  const positions = new Int32Array(count * length);
  const labels = new Float32Array(count);
  for (let sample = 0; sample < count; sample++) {
    const row = tokens.subarray(sample * length, (sample + 1) * length);
    for (let step = 0; step < length; step++) {
      row[step] = 3 + Math.floor(random() * 7);
      positions[sample * length + step] = step;
    }
    const first = Math.floor(random() * length);
    const second = (first + 1 + Math.floor(random() * (length - 1))) % length;
    row[first] = 1;
    row[second] = 2;
    labels[sample] = first < second ? 1 : 0;
  }
  const x = { tokens: { data: tokens, shape: [count, length] }, positions: { data: positions, shape: [count, length] } };
  const split = seededSplit(count, 0.2, seed, (index) => labels[index]);
  return {
    ...applySplit(x, { data: labels, shape: [count, 1] }, split),
    description: `token_order: [${length}] tokens and their positions, [1] whether token 1 comes before token 2; ${split.train.length} for training, ${split.test.length} held out for testing`,
  };
}
