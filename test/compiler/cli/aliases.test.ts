/**
 * Every long and short name of the runtime's catalogues (objectives,
 * metrics, optimizers, activations, initializations, regularizers,
 * constraints) is accepted in `.kf`: the checker reads the runtime's alias
 * tables. One run of `keraflow check` as users run it, then every name in
 * process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.ts';
import * as activations from '../../../runtime/activations.ts';
import * as constraints from '../../../runtime/constraints.ts';
import * as initializations from '../../../runtime/initializations.ts';
import * as regularizers from '../../../runtime/regularizers.ts';
import * as metrics from '../../../runtime/training/metrics.ts';
import * as objectives from '../../../runtime/training/objectives.ts';
import * as optimizers from '../../../runtime/training/optimizers/index.ts';
import { runKeraflow } from '../../run-keraflow.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-aliases-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The tutorial's multi-output compile, with Keras's long names. */
const tutorial = `model Tutorial {
  input x: [4]
  h = x -> Dense(8, init=GlorotUniform, activation=relu, regularizers={W: l1_l2}, constraints={W: max_norm, b: non_neg})
  output output1 = h -> Dense(3, init=zeros, activation=softmax)
  output output2 = h -> Dense(2, init=random_normal, constraints=[unit_norm])

  loss output1 = kullback_leibler_divergence
  loss output2 = mean_squared_error
  metrics output1 = [acc, cosine_similarity]
  metrics output2 = [mean_absolute_error, MAPE, msle]
  optimizer = RMSprop
}
`;

const errorsOf = (text: string) => check({ fileName: join(directory, 'snippet.kf'), text }).diagnostics.filter((d) => d.severity === 'error');

describe('.kf accepts every alias of the runtime', () => {
  it("keraflow check passes the tutorial's compile written with Keras's names", () => {
    writeFileSync(join(directory, 'tutorial.kf'), tutorial);
    expect(runKeraflow(['check', 'tutorial.kf'], { cwd: directory })).toEqual({ status: 0, stdout: '', stderr: '' });
  }, 120_000);

  it('every objective and metric name, as a loss and as a metric', () => {
    const model = (loss: string, metric: string) => `model M {\n  input x: [4]\n  output y = x -> Dense(3, activation=softmax)\n  loss = ${loss}\n  metrics = [${metric}]\n}\n`;
    for (const name of objectives.registry.names()) expect(errorsOf(model(name, 'acc')), name).toEqual([]);
    for (const name of metrics.registry.names()) expect(errorsOf(model('mse', name)), name).toEqual([]);
    // Not vacuous: a misspelt name is still an error.
    expect(
      errorsOf(model('mean_sqared_error', 'acc'))
        .map((d) => d.message)
        .join('\n'),
    ).toMatch(/did you mean 'mean_squared_error'/);
  });

  it('every optimizer, activation, initialization, regularizer and constraint name', () => {
    const model = (optimizer: string, layer: string) => `model M {\n  input x: [4]\n  output y = x -> ${layer}\n  loss = mse\n  optimizer = ${optimizer}\n}\n`;
    for (const name of optimizers.registry.names()) expect(errorsOf(model(name, 'Dense(4)')), name).toEqual([]);
    for (const name of activations.registry.names()) expect(errorsOf(model('sgd', `Dense(4, activation=${name})`)), name).toEqual([]);
    // identity needs a square W: [4, 4].
    for (const name of initializations.registry.names()) expect(errorsOf(model('sgd', `Dense(4, init=${name})`)), name).toEqual([]);
    for (const name of regularizers.registry.names()) expect(errorsOf(model('sgd', `Dense(4, regularizers={W: ${name}})`)), name).toEqual([]);
    for (const name of constraints.registry.names()) expect(errorsOf(model('sgd', `Dense(4, constraints=[${name}])`)), name).toEqual([]);
  });
});
