/**
 * Learning-rate schedules against Keras 3's (keras.optimizers.schedules):
 * the rate at each step, from the same `{class_name, config}` training.json
 * holds. Skipped without a Python with Keras 3, except under CI: see python.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { schedules } from '../../runtime/index.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();
const steps = [0, 1, 5, 9, 10, 11, 25, 50, 99, 100, 101, 400];

const cases: { class_name: string; config: Record<string, unknown> }[] = [
  { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5 } },
  { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5, staircase: true } },
  { class_name: 'PiecewiseConstantDecay', config: { boundaries: [10, 100], values: [1, 0.5, 0.1] } },
  { class_name: 'CosineDecay', config: { initial_learning_rate: 0.2, decay_steps: 100 } },
  { class_name: 'CosineDecay', config: { initial_learning_rate: 0.2, decay_steps: 100, alpha: 0.1 } },
];

describe.skipIf(!keras.python && !keras.required)(`learning-rate schedules against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  let kerasRates: number[][] = [];
  beforeAll(() => {
    if (!keras.python) throw new Error(keras.reason);
    kerasRates = (
      runKerasScript(
        keras.python,
        'schedules.py',
        cases.map((c) => ({ ...c, steps })),
      ) as { rates: number[] }[]
    ).map((line) => line.rates);
  }, 120_000);

  cases.forEach((testCase, index) => {
    it(`${testCase.class_name} ${JSON.stringify(testCase.config)}`, () => {
      const schedule = schedules.fromJSON(testCase);
      expect(schedule.toJSON()).toMatchObject(testCase);
      steps.forEach((step, i) => expect(schedule.at(step), `step ${step}`).toBeCloseTo(kerasRates[index][i], 6));
    });
  });
});
