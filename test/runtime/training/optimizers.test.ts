import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { snakeName } from '../../../runtime/engine/spec.ts';
import { Adadelta, Adagrad, Adam, Adamax, KeraflowError, optimizers, RMSprop, SGD, type Optimizer } from '../../../runtime/index.ts';

const START = [0.5, -1.5, 2.0];
const GRADIENTS = [
  [0.1, -0.2, 0.3],
  [-0.05, 0.4, 0.25],
  [0.2, 0.1, -0.3],
];

/** Runs the optimizer on one parameter through GRADIENTS; the values after each step. */
function run(optimizer: Optimizer, gradients = GRADIENTS): number[][] {
  const parameter = tf.variable(tf.tensor1d(START));
  optimizer.prepare([parameter]);
  const before = tf.memory().numTensors;
  const steps = gradients.map((g) => {
    tf.tidy(() => optimizer.applyGradients([parameter], [tf.tensor1d(g)]));
    return Array.from(parameter.dataSync());
  });
  expect(tf.memory().numTensors).toBe(before);
  optimizer.dispose();
  parameter.dispose();
  return steps;
}

/** The same rule by hand, element by element, in double precision. */
function byHand(state: (i: number) => Record<string, number>, update: (p: number, g: number, s: Record<string, number>, t: number) => number): number[][] {
  const p = [...START];
  const states = START.map((_, i) => state(i));
  return GRADIENTS.map((g, step) => {
    for (let i = 0; i < p.length; i++) p[i] = update(p[i], g[i], states[i], step + 1);
    return [...p];
  });
}

function expectSteps(actual: number[][], expected: number[][]) {
  actual.forEach((step, s) => step.forEach((value, i) => expect(value).toBeCloseTo(expected[s][i], 5)));
}

describe('optimizers, by hand over three steps', () => {
  it('SGD: plain, with decay', () => {
    expectSteps(
      run(new SGD({ lr: 0.1 })),
      byHand(
        () => ({}),
        (p, g) => p - 0.1 * g,
      ),
    );
    expectSteps(
      run(new SGD({ lr: 0.1, decay: 0.5 })),
      byHand(
        () => ({}),
        (p, g, _, t) => p - (0.1 / (1 + 0.5 * (t - 1))) * g,
      ),
    );
  });

  it('SGD with momentum and Nesterov momentum (Keraflow: v = m·v - lr·g)', () => {
    const momentum = (nesterov: boolean) =>
      byHand(
        () => ({ v: 0 }),
        (p, g, s) => {
          s.v = 0.9 * s.v - 0.1 * g;
          return nesterov ? p + 0.9 * s.v - 0.1 * g : p + s.v;
        },
      );
    expectSteps(run(new SGD({ lr: 0.1, momentum: 0.9 })), momentum(false));
    expectSteps(run(new SGD({ lr: 0.1, momentum: 0.9, nesterov: true })), momentum(true));
  });

  it('RMSprop: epsilon outside the root, √a + ε', () => {
    expectSteps(
      run(new RMSprop({ lr: 0.01, rho: 0.8, epsilon: 0.1 })),
      byHand(
        () => ({ a: 0 }),
        (p, g, s) => {
          s.a = 0.8 * s.a + 0.2 * g * g;
          return p - (0.01 * g) / (Math.sqrt(s.a) + 0.1);
        },
      ),
    );
  });

  it('Adagrad: the sum of squares starts at 0, √a + ε', () => {
    expectSteps(
      run(new Adagrad({ lr: 0.1, epsilon: 0.1 })),
      byHand(
        () => ({ a: 0 }),
        (p, g, s) => {
          s.a += g * g;
          return p - (0.1 * g) / (Math.sqrt(s.a) + 0.1);
        },
      ),
    );
  });

  it('Adadelta', () => {
    expectSteps(
      run(new Adadelta({ lr: 0.5, rho: 0.9, epsilon: 0.01 })),
      byHand(
        () => ({ a: 0, d: 0 }),
        (p, g, s) => {
          s.a = 0.9 * s.a + 0.1 * g * g;
          const u = (g * Math.sqrt(s.d + 0.01)) / Math.sqrt(s.a + 0.01);
          s.d = 0.9 * s.d + 0.1 * u * u;
          return p - 0.5 * u;
        },
      ),
    );
  });

  it('Adam: bias correction folded into the rate, ε added to √v', () => {
    expectSteps(
      run(new Adam({ lr: 0.01, beta1: 0.8, beta2: 0.9, epsilon: 0.1 })),
      byHand(
        () => ({ m: 0, v: 0 }),
        (p, g, s, t) => {
          s.m = 0.8 * s.m + 0.2 * g;
          s.v = 0.9 * s.v + 0.1 * g * g;
          const lr = (0.01 * Math.sqrt(1 - 0.9 ** t)) / (1 - 0.8 ** t);
          return p - (lr * s.m) / (Math.sqrt(s.v) + 0.1);
        },
      ),
    );
  });

  it('Adamax', () => {
    expectSteps(
      run(new Adamax({ lr: 0.02, beta1: 0.8, beta2: 0.9, epsilon: 0.01 })),
      byHand(
        () => ({ m: 0, u: 0 }),
        (p, g, s, t) => {
          s.m = 0.8 * s.m + 0.2 * g;
          s.u = Math.max(0.9 * s.u, Math.abs(g));
          return p - ((0.02 / (1 - 0.8 ** t)) * s.m) / (s.u + 0.01);
        },
      ),
    );
  });

  it('a missing gradient leaves its parameter (and its state) alone', () => {
    const a = tf.variable(tf.tensor1d([1]));
    const b = tf.variable(tf.tensor1d([1]));
    const optimizer = new SGD({ lr: 0.5, momentum: 0.5 });
    optimizer.prepare([a, b]);
    tf.tidy(() => optimizer.applyGradients([a, b], [tf.tensor1d([1]), null]));
    expect(a.dataSync()[0]).toBeCloseTo(0.5);
    expect(b.dataSync()[0]).toBe(1);
    optimizer.dispose();
    tf.dispose([a, b]);
  });
});

describe('gradient clipping, by hand', () => {
  /** One SGD step (lr 1) on two parameters with gradients [3, 4] and [0, 12]: global norm 13. */
  function clippedStep(options: { clipnorm?: number; clipvalue?: number }): number[][] {
    const a = tf.variable(tf.zeros([2]));
    const b = tf.variable(tf.zeros([2]));
    const optimizer = new SGD({ lr: 1, ...options });
    tf.tidy(() => optimizer.applyGradients([a, b], [tf.tensor1d([3, 4]), tf.tensor1d([0, 12])]));
    const result = [Array.from(a.dataSync()), Array.from(b.dataSync())].map((p) => p.map((v) => -v));
    tf.dispose([a, b]);
    return result;
  }

  it('clipnorm rescales all gradients together when their global norm exceeds it', () => {
    const steps = clippedStep({ clipnorm: 6.5 }); // scale 6.5 / 13 = 0.5
    expectSteps(steps, [
      [1.5, 2],
      [0, 6],
    ]);
  });

  it('clipnorm leaves gradients under the norm alone', () => {
    expectSteps(clippedStep({ clipnorm: 20 }), [
      [3, 4],
      [0, 12],
    ]);
  });

  it('clipvalue clips each value', () => {
    expectSteps(clippedStep({ clipvalue: 3.5 }), [
      [3, 3.5],
      [0, 3.5],
    ]);
  });

  it('clipnorm first, then clipvalue', () => {
    expectSteps(clippedStep({ clipnorm: 6.5, clipvalue: 4 }), [
      [1.5, 2],
      [0, 4],
    ]);
  });
});

describe('optimizer arguments', () => {
  it("Keraflow's defaults", () => {
    const sgd = new SGD();
    expect([sgd.lr, sgd.momentum, sgd.decay, sgd.nesterov, sgd.clipnorm, sgd.clipvalue]).toEqual([0.01, 0, 0, false, null, null]);
    const rmsprop = new RMSprop();
    expect([rmsprop.lr, rmsprop.rho, rmsprop.epsilon]).toEqual([0.001, 0.9, 1e-8]);
    expect(new Adagrad().lr).toBe(0.01);
    const adadelta = new Adadelta();
    expect([adadelta.lr, adadelta.rho]).toEqual([1, 0.95]);
    const adam = new Adam();
    expect([adam.lr, adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.001, 0.9, 0.999, 1e-8]);
    expect(new Adamax().lr).toBe(0.002);
  });

  it('aliases and class names resolve; an instance is itself', () => {
    for (const [alias, cls] of [
      ['sgd', SGD],
      ['SGD', SGD],
      ['rmsprop', RMSprop],
      ['adagrad', Adagrad],
      ['adadelta', Adadelta],
      ['adam', Adam],
      ['adamax', Adamax],
    ] as const) {
      expect(optimizers.get(alias)).toBeInstanceOf(cls);
    }
    const mine = new Adam({ lr: 0.1 });
    expect(optimizers.get(mine)).toBe(mine);
  });

  it('an unknown alias says what it might be', () => {
    expect(() => optimizers.get('adan')).toThrow(KeraflowError);
    expect(() => optimizers.get('adan')).toThrow(/unknown optimizer "adan".*did you mean 'adam'/);
    expect(() => optimizers.get(3 as never)).toThrow(/optimizer must be an alias .* but got 3/);
  });

  it('specs check arguments: names (with a hint), bounds, types', () => {
    expect(() => new Adam({ beta_1: 0.5 } as never)).toThrow(/Adam has no argument 'beta_1'; did you mean 'beta1'/);
    expect(() => new SGD({ lr: -1 })).toThrow(/'lr' must be a number ≥ 0, but got -1/);
    expect(() => new SGD({ nesterov: 'yes' } as never)).toThrow(/'nesterov' must be true or false/);
    expect(() => new RMSprop({ clipnorm: 0 })).toThrow(/'clipnorm' must be a number > 0 or none/);
    expect(() => new Adam({ beta2: 1 })).toThrow(/'beta2' must be a number ≥ 0 and < 1/);
    expect(() => new SGD(0.1 as never)).toThrow(/SGD takes its arguments as options/);
  });

  it('snake_case names for .kf come from naming.ts (beta1 ↔ beta_1)', () => {
    expect(Adam.spec.args.map(snakeName)).toEqual(['lr', 'beta_1', 'beta_2', 'epsilon', 'learning_rate', 'clipnorm', 'clipvalue']);
    for (const cls of [SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax]) {
      expect(cls.spec.args.every((arg) => arg.doc.length > 0)).toBe(true);
      expect(cls.spec.args.map((arg) => arg.name)).toContain('clipnorm');
    }
  });

  it('the learning rate can be changed, to a finite number ≥ 0 only; getConfig has it', () => {
    const sgd = new SGD({ momentum: 0.5 });
    sgd.lr = 0.2;
    expect(sgd.getConfig()).toEqual({ momentum: 0.5, lr: 0.2 });
    expect(() => (sgd.lr = Number.NaN)).toThrow(/learning rate must be a finite number ≥ 0, but got NaN/);
  });
});
