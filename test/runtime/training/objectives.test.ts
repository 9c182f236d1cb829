import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { symbol } from '../../../runtime/engine/dimension.ts';
import { KeraflowError, metrics, objectives } from '../../../runtime/index.ts';

const EPS = 1e-7;
const Y_TRUE = [
  [0, 1, 0.5],
  [2, -1, 0],
];
const Y_PRED = [
  [0.2, 0.7, 0.5],
  [1.5, 0.5, 0.1],
];

/** An objective's per-sample tensor, as numbers. */
function apply(fn: objectives.Objective, yTrue: number[][], yPred: number[][]): number[] {
  return tf.tidy(() => Array.from(fn(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()));
}

/** Element-wise by hand over the pairs of Y_TRUE and Y_PRED. */
function elementwise(f: (t: number, p: number) => number, yTrue = Y_TRUE, yPred = Y_PRED): number[] {
  return yTrue.flatMap((row, i) => row.map((t, j) => f(t, yPred[i][j])));
}

function expectValues(actual: number[], expected: number[], digits = 5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], digits));
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

describe('objectives on hand-made values', () => {
  it('square_error | se | mse', () => {
    for (const alias of ['square_error', 'se', 'mse'])
      expectValues(
        apply(objectives.get(alias), Y_TRUE, Y_PRED),
        elementwise((t, p) => (p - t) ** 2),
      );
  });

  it('absolute_error | ae | mae', () => {
    for (const alias of ['absolute_error', 'ae', 'mae'])
      expectValues(
        apply(objectives.get(alias), Y_TRUE, Y_PRED),
        elementwise((t, p) => Math.abs(p - t)),
      );
  });

  it('absolute_percentage_error | ape | mape (|y| at least 1e-7)', () => {
    const yTrue = [[1, -2, 0.5]];
    const yPred = [[1.5, -1, 0]];
    for (const alias of ['absolute_percentage_error', 'ape', 'mape']) {
      expectValues(
        apply(objectives.get(alias), yTrue, yPred),
        elementwise((t, p) => (100 * Math.abs(t - p)) / Math.max(Math.abs(t), EPS), yTrue, yPred),
        3,
      );
    }
  });

  it('squared_logarithmic_error | sle | msle (values clipped at 1e-7)', () => {
    const f = (t: number, p: number) => (Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(t, EPS) + 1)) ** 2;
    for (const alias of ['squared_logarithmic_error', 'sle', 'msle']) expectValues(apply(objectives.get(alias), Y_TRUE, Y_PRED), elementwise(f));
  });

  it('hinge and squared_hinge', () => {
    const yTrue = [
      [1, -1, 1],
      [-1, 1, -1],
    ];
    const yPred = [
      [0.3, 0.2, 2],
      [-3, -0.5, 0.9],
    ];
    expectValues(
      apply(objectives.get('hinge'), yTrue, yPred),
      elementwise((t, p) => Math.max(1 - t * p, 0), yTrue, yPred),
    );
    expectValues(
      apply(objectives.get('squared_hinge'), yTrue, yPred),
      elementwise((t, p) => Math.max(1 - t * p, 0) ** 2, yTrue, yPred),
    );
  });

  it('binary_crossentropy (prediction clipped to [1e-7, 1 - 1e-7])', () => {
    const yTrue = [
      [1, 0, 1],
      [0, 1, 0.3],
    ];
    const yPred = [
      [0.9, 0.2, 1],
      [0, 0.5, 0.4],
    ];
    const f = (t: number, p: number) => {
      const q = clip(p, EPS, 1 - EPS);
      return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
    };
    expectValues(apply(objectives.get('binary_crossentropy'), yTrue, yPred), elementwise(f, yTrue, yPred), 3);
  });

  it('categorical_crossentropy: one value per sample, prediction rescaled to sum 1', () => {
    const yTrue = [
      [0, 1, 0],
      [0.2, 0.3, 0.5],
    ];
    const yPred = [
      [0.1, 0.6, 0.3],
      [1, 1, 2],
    ];
    const expected = yTrue.map((row, i) => {
      const sum = yPred[i].reduce((a, b) => a + b, 0);
      return -row.reduce((total, t, j) => total + t * Math.log(clip(yPred[i][j] / sum, EPS, 1 - EPS)), 0);
    });
    expectValues(apply(objectives.get('categorical_crossentropy'), yTrue, yPred), expected);
  });

  it('kullback_leibler_divergence', () => {
    const yTrue = [
      [0.2, 0.8],
      [0.5, 0.5],
    ];
    const yPred = [
      [0.4, 0.6],
      [0.9, 0.1],
    ];
    const expected = yTrue.map((row, i) => row.reduce((total, t, j) => total + clip(t, EPS, 1) * Math.log(clip(t, EPS, 1) / clip(yPred[i][j], EPS, 1)), 0));
    expectValues(apply(objectives.get('kullback_leibler_divergence'), yTrue, yPred), expected);
  });

  it('poisson', () => {
    const yTrue = [[1, 0, 3]];
    const yPred = [[0.5, 2, 3]];
    expectValues(
      apply(objectives.get('poisson'), yTrue, yPred),
      elementwise((t, p) => p - t * Math.log(p + EPS), yTrue, yPred),
    );
  });

  it('cosine_proximity: the negative cosine over the last axis', () => {
    const yTrue = [
      [1, 0],
      [1, 1],
    ];
    const yPred = [
      [3, 4],
      [-2, -2],
    ];
    expectValues(apply(objectives.get('cosine_proximity'), yTrue, yPred), [-0.6, 1]);
  });

  it('every catalogue name, with a doc and a spec', () => {
    const names = [
      'square_error',
      'se',
      'mse',
      'MSE',
      'mean_squared_error',
      'absolute_error',
      'ae',
      'mae',
      'MAE',
      'mean_absolute_error',
      'absolute_percentage_error',
      'ape',
      'mape',
      'MAPE',
      'mean_absolute_percentage_error',
      'squared_logarithmic_error',
      'sle',
      'msle',
      'MSLE',
      'mean_squared_logarithmic_error',
      'hinge',
      'squared_hinge',
      'binary_crossentropy',
      'categorical_crossentropy',
      'kullback_leibler_divergence',
      'kld',
      'KLD',
      'kl_divergence',
      'poisson',
      'cosine_proximity',
      'cosine',
      'cosine_similarity',
      'sparse_categorical_crossentropy',
      'huber',
      'log_cosh',
      'logcosh',
      'categorical_hinge',
    ];
    expect(objectives.registry.names().sort()).toEqual([...names].sort());
    expect(objectives.registry.canonicalName('mse')).toBe('square_error');
    for (const entry of objectives.registry.entries()) {
      expect(entry.doc.length).toBeGreaterThan(0);
      expect(objectives.specOf(entry.name)).toMatchObject({ className: entry.name, args: [] });
    }
  });

  it("Keraflow's and Keras's long and short names are the same functions", () => {
    const same: Record<string, string[]> = {
      square_error: ['se', 'mse', 'MSE', 'mean_squared_error'],
      absolute_error: ['ae', 'mae', 'MAE', 'mean_absolute_error'],
      absolute_percentage_error: ['ape', 'mape', 'MAPE', 'mean_absolute_percentage_error'],
      squared_logarithmic_error: ['sle', 'msle', 'MSLE', 'mean_squared_logarithmic_error'],
      kullback_leibler_divergence: ['kld', 'KLD', 'kl_divergence'],
      cosine_proximity: ['cosine', 'cosine_similarity'],
      log_cosh: ['logcosh'],
    };
    for (const [name, aliases] of Object.entries(same)) {
      for (const alias of aliases) {
        expect(objectives.get(alias)).toBe(objectives.get(name));
        expect(objectives.registry.canonicalName(alias)).toBe(name);
      }
    }
    expect(objectives.meanSquaredError).toBe(objectives.squareError);
    expect(objectives.kld).toBe(objectives.kullbackLeiblerDivergence);
    expect(objectives.cosine).toBe(objectives.cosineProximity);
  });

  it('the Keras names agree with TensorFlow.js Layers (averaged per sample by the model) and, for kld, with a hand computation', () => {
    const yTrue = [
      [0.2, 0.3, 0.5],
      [0.6, 0.3, 0.1],
    ];
    const yPred = [
      [0.1, 0.6, 0.3],
      [0.5, 0.25, 0.25],
    ];
    const layers = (f: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor) => tf.tidy(() => Array.from(f(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()));
    const perSample = (values: number[]) => [0, 1].map((row) => (values[row * 3] + values[row * 3 + 1] + values[row * 3 + 2]) / 3);
    expectValues(perSample(apply(objectives.get('mean_squared_error'), yTrue, yPred)), layers(tfl.metrics.meanSquaredError));
    expectValues(perSample(apply(objectives.get('mean_absolute_error'), yTrue, yPred)), layers(tfl.metrics.meanAbsoluteError));
    expectValues(perSample(apply(objectives.get('MAPE'), yTrue, yPred)), layers(tfl.metrics.MAPE), 3);
    expectValues(apply(objectives.get('cosine'), yTrue, yPred), layers(tfl.metrics.cosineProximity));
    const kld = yTrue.map((row, i) => row.reduce((sum, t, j) => sum + t * Math.log(t / yPred[i][j]), 0));
    expectValues(apply(objectives.get('kld'), yTrue, yPred), kld);
    expectValues(apply(objectives.get('kl_divergence'), yTrue, yPred), kld);
  });

  it('an unknown alias is a KeraflowError with a "did you mean"', () => {
    expect(() => objectives.get('categorical_crosentropy')).toThrow(KeraflowError);
    expect(() => objectives.get('categorical_crosentropy')).toThrow(/unknown objective "categorical_crosentropy".*did you mean 'categorical_crossentropy'/);
  });

  it('shape rules, also on symbolic shapes (for the .kf checker)', () => {
    const check = objectives.specOf('categorical_crossentropy')!.checkShape!;
    expect(check([null, 10])).toBeUndefined();
    expect(check([null, symbol('C')])).toBeUndefined();
    expect(check([null, 1])).toMatch(/2 or more classes/);
    expect(check([null])).toMatch(/rank 2 or more/);
    expect(objectives.specOf('mse')!.checkShape).toBeUndefined();
  });
});

describe('metrics on hand-made values', () => {
  it('binary_accuracy thresholds at 0.5', () => {
    expectValues(apply(metrics.get('binary_accuracy'), [[1], [0], [1], [0]], [[0.7], [0.2], [0.5], [0.51]]), [1, 1, 0, 0]);
  });

  it('categorical_accuracy compares the largest entries', () => {
    expectValues(
      apply(
        metrics.get('categorical_accuracy'),
        [
          [0, 1, 0],
          [1, 0, 0],
          [0, 0, 1],
        ],
        [
          [0.1, 0.8, 0.1],
          [0.2, 0.7, 0.1],
          [0.3, 0.3, 0.4],
        ],
      ),
      [1, 0, 1],
    );
  });

  it('accuracy | acc: binary for one value on the last axis, categorical otherwise', () => {
    for (const alias of ['accuracy', 'acc']) {
      expectValues(apply(metrics.get(alias), [[1], [0]], [[0.9], [0.9]]), [1, 0]);
      expectValues(
        apply(
          metrics.get(alias),
          [
            [0, 1],
            [1, 0],
          ],
          [
            [0.4, 0.6],
            [0.4, 0.6],
          ],
        ),
        [1, 0],
      );
    }
  });

  it('every objective is a metric too', () => {
    for (const name of objectives.registry.names()) {
      if (name !== 'cosine_similarity') expect(metrics.get(name)).toBe(objectives.get(name));
    }
    expect(metrics.registry.has('acc')).toBe(true);
    expect(() => metrics.get('accuracyy')).toThrow(/unknown metric "accuracyy".*did you mean 'accuracy'/);
    expect(metrics.checkShape('categorical_accuracy', [null, 1])).toMatch(/2 or more classes/);
  });
});

describe("Keras's cosine_similarity", () => {
  it('is the negative cosine as a loss and the cosine as a metric, as in Keras', () => {
    const yTrue = [
      [1, 0],
      [1, 1],
    ];
    const yPred = [
      [3, 4],
      [-2, -2],
    ];
    expectValues(apply(objectives.get('cosine_similarity'), yTrue, yPred), [-0.6, 1]);
    expectValues(apply(metrics.get('cosine_similarity'), yTrue, yPred), [0.6, -1]);
    expectValues(apply(metrics.get('cosine'), yTrue, yPred), [-0.6, 1]);
  });
});

describe('the catalogue as functions', () => {
  it('objectives and metrics are exported by their names and short aliases', () => {
    expect(objectives.mse).toBe(objectives.get('mse'));
    expect(objectives.categoricalCrossentropy).toBe(objectives.get('categorical_crossentropy'));
    expect(metrics.mae).toBe(metrics.get('mae'));
    expect(metrics.acc).toBe(metrics.get('acc'));
    expect(metrics.binaryAccuracy).toBe(metrics.get('binary_accuracy'));
  });
});
