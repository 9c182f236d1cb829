/**
 * The graph API in a few lines: two inputs, one shared layer, a merge, and
 * predictions. Run with `npx tsx examples/quickstart.ts`.
 */
import { Dense, ElementWiseSum, Input, Model, getBackend } from '../runtime/index.ts';

const left = new Input([4], { name: 'left' });
const right = new Input([4], { name: 'right' });

// One Dense applied to both inputs: one W and one b, shared.
const encoder = new Dense(8, { activation: 'relu', name: 'encoder' });
const merged = new ElementWiseSum().apply([encoder.apply(left), encoder.apply(right)]);
const score = new Dense(1, { activation: 'sigmoid', name: 'score' }).apply(merged);

const model = new Model([left, right], score, { name: 'siamese' });
console.log(`backend: ${getBackend()}`);
console.log(model.summary());

const prediction = model.predict({
  left: [[1, 0, 0, 1], [0, 1, 1, 0]],
  right: [[1, 0, 0, 1], [1, 1, 1, 1]],
});
console.log('predictions:', (prediction as { arraySync(): unknown }).arraySync());
