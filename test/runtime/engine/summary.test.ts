/**
 * Parameter counts as Keras gives them (issue 17, item 6): an Input-headed
 * Sequential counts and lists its layers' parameters; `trainable: false`
 * (on a layer, or on a Sequential holding it) moves its parameters to the
 * non-trainable count and keeps training away from them; a branch that feeds
 * no output is not part of the model. Keras's numbers: Dense(n) on m inputs
 * has m·n + n parameters.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model, Sequential, SGD } from '../../../runtime/index.ts';

const totals = (summary: string) => summary.split('\n').slice(-3);

describe('Sequential.countParams and .weights', () => {
  it("an Input-headed Sequential counts its layers' parameters and lists them by layer/param", () => {
    const seq = new Sequential([new Input([3]), new Dense(4, { name: 'hidden' }), new Dense(2, { name: 'out' })]);
    expect(seq.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
    expect(Object.keys(seq.weights)).toEqual(['hidden/W', 'hidden/b', 'out/W', 'out/b']);
    expect(seq.weights['hidden/W'].shape).toEqual([3, 4]);
    expect(seq.weights['out/b']).toBe(seq.getWeights().out.b);
  });

  it('a Sequential layer counts once it is built, nested Sequentials and a layer used twice included once', () => {
    const shared = new Dense(3, { name: 'shared' });
    const inner = new Sequential([new Dense(3, { name: 'inner' })]);
    const seq = new Sequential([shared, inner, shared]);
    expect(seq.countParams()).toBe(0);
    seq.apply(new Input([3]));
    expect(seq.countParams()).toBe(2 * (3 * 3 + 3));
    expect(Object.keys(seq.weights)).toEqual(['shared/W', 'shared/b', 'inner/W', 'inner/b']);
  });
});

describe('Model.summary agrees with Keras', () => {
  it('trainable: false on a layer: its parameters are non-trainable', () => {
    const x = new Input([3]);
    const model = new Model(x, new Dense(2, { trainable: false }).apply(new Dense(4).apply(x)));
    expect(totals(model.summary())).toEqual(['Total params: 26', 'Trainable params: 16', 'Non-trainable params: 10']);
    expect(model.countParams()).toEqual({ total: 26, trainable: 16 });
  });

  it('trainable: false on an Input-headed Sequential freezes every layer in it, also where a model uses it as a tensor', async () => {
    const seq = new Sequential([new Input([3]), new Dense(4), new Dense(2)], { trainable: false });
    expect(totals(seq.summary())).toEqual(['Total params: 26', 'Trainable params: 0', 'Non-trainable params: 26']);
    const head = new Dense(1);
    const model = new Model(seq, head.apply(seq));
    expect(totals(model.summary())).toEqual(['Total params: 29', 'Trainable params: 3', 'Non-trainable params: 26']);

    // And training leaves them alone.
    const before = Object.values(seq.weights).map((w) => Array.from(w.dataSync()));
    model.compile({ optimizer: new SGD({ lr: 0.1 }), loss: 'mse' });
    await model.fit(
      [
        [1, 2, 3],
        [3, 2, 1],
      ],
      [[1], [0]],
      { epochs: 2, verbose: 0 },
    );
    expect(Object.values(seq.weights).map((w) => Array.from(w.dataSync()))).toEqual(before);

    // Set later, as Keras users do, it counts too.
    const later = new Sequential([new Input([3]), new Dense(2)]);
    later.trainable = false;
    expect(later.asModel().countParams()).toEqual({ total: 8, trainable: 0 });
  });

  it('an input that feeds no output: its branch is not counted (Keras builds the model from its outputs)', () => {
    const a = new Input([10], { name: 'a' });
    const b = new Input([20], { name: 'b' });
    new Dense(100).apply(b); // a dead branch
    const model = new Model([a, b], new Dense(5, { name: 'out' }).apply(a));
    const summary = model.summary();
    expect(summary).toContain('b (Input)');
    expect(summary).not.toMatch(/\b2100\b/);
    expect(totals(summary)).toEqual(['Total params: 55', 'Trainable params: 55', 'Non-trainable params: 0']);
  });
});

describe('Input(n)', () => {
  it('an integer is a 1-D shape, as Keraflow writes it', () => {
    const x = new Input(100);
    expect(x.shape).toEqual([null, 100]);
    expect(x.args.shape).toEqual([100]);
    expect(new Dense(10).apply(x).shape).toEqual([null, 10]);
    expect(new Input(4, { batchSize: 8 }).shape).toEqual([8, 4]);
  });

  it('a size that is not a positive integer is refused as in a list', () => {
    expect(() => new Input(0)).toThrow(/shape/);
    expect(() => new Input(2.5)).toThrow(/shape/);
  });
});
