/**
 * The graph API in a few lines: two inputs, one shared layer, a merge,
 * training, and predictions. Run with `npx tsx examples/quickstart.ts`.
 *
 * The task: are two 4-bit vectors equal? A siamese network sees both
 * through the same encoder.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Concatenate, Dense, ElementWiseMult, Input, Model, getBackend } from '../runtime/index.ts';

const left = new Input([4], { name: 'left' });
const right = new Input([4], { name: 'right' });

// One Dense applied to both inputs: one W and one b, shared.
const encoder = new Dense(16, { activation: 'tanh', name: 'encoder' });
const a = encoder.apply(left);
const b = encoder.apply(right);
const merged = new Concatenate().apply([a, b, new ElementWiseMult().apply([a, b])]);
const hidden = new Dense(16, { activation: 'relu' }).apply(merged);
const same = new Dense(1, { activation: 'sigmoid', name: 'same' }).apply(hidden);

const model = new Model([left, right], same, { name: 'siamese' });
console.log(`backend: ${getBackend()}`);
console.log(model.summary());

// Every pair of 4-bit vectors: 256 samples, 16 of them equal (weighted up).
const bits = (n: number) => [0, 1, 2, 3].map((i) => (n >> i) & 1);
const pairs = Array.from({ length: 256 }, (_, i) => [i & 15, i >> 4]);
const x = { left: pairs.map(([l]) => bits(l)), right: pairs.map(([, r]) => bits(r)) };
const y = pairs.map(([l, r]) => [l === r ? 1 : 0]);
const sampleWeights = pairs.map(([l, r]) => (l === r ? 15 : 1));

model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
const history = await model.fit(x, y, { epochs: 150, batchSize: 32, sampleWeights, verbose: 0 });
const [loss, accuracy] = await model.evaluate(x, y);
console.log(`after ${history.history.loss.length} epochs: loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(3)}`);

const prediction = model.predict({ left: [[1, 0, 0, 1], [0, 1, 1, 0]], right: [[1, 0, 0, 1], [1, 1, 1, 1]] }) as tf.Tensor;
console.log('same?', prediction.arraySync());
