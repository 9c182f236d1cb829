/**
 * Every layer of the catalogue trains one step on wasm (Keraflow's kernels
 * registered) and takes the same step as on cpu: one SGD step (lr 1, so the
 * change of each parameter is minus its gradient) of mse, from the same
 * weights on the same batch. A trainable Dense in front of the layer (on the
 * last axis, same width) carries the gradient of the layer's input into its
 * own step, so layers without parameters are checked too. The cases:
 * test/runtime/layers/cases.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model, SGD, setBackend, type KensorLike } from '../../../runtime/index.ts';
import { caseTitle, layerCases, type LayerCase } from '../layers/cases.ts';
import { expectCloseTo } from './gradient-check.ts';

const BATCH = 3;

function build(testCase: LayerCase): Model {
  const shapes = Array.isArray(testCase.input[0]) ? (testCase.input as number[][]) : [testCase.input as number[]];
  const inputs = shapes.map((shape) => new Input(shape, { dtype: testCase.dtype }));
  // A Dense in front (same width, on the last axis) turns the layer's input gradient into a parameter step.
  const fed: KensorLike[] = testCase.dtype ? inputs : inputs.map((input, i) => new Dense(shapes[i][shapes[i].length - 1]).apply(input));
  const output = testCase.make().apply(fed.length === 1 ? fed[0] : fed);
  return new Model(inputs, output);
}

/** One fit step on `backend` from `initial`; the parameters' changes and the loss. */
async function step(backend: 'cpu' | 'wasm', model: Model, initial: Float32Array[], x: tf.Tensor[], y: tf.Tensor) {
  await setBackend(backend);
  const variables = model.parameters().map((p) => p.variable);
  variables.forEach((variable, i) => variable.assign(tf.tensor(initial[i], variable.shape)));
  model.compile({ optimizer: new SGD({ lr: 1 }), loss: 'mse' });
  const history = await model.fit(x.length === 1 ? x[0] : x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const changes = variables.map((variable, i) => Array.from(variable.dataSync()).map((value, k) => value - initial[i][k]));
  await setBackend('cpu');
  return { changes, loss: history.history.loss[0] as number };
}

describe('every layer of the catalogue trains on wasm as on cpu', () => {
  // Every class of the catalogue has a case: test/runtime/layers/catalogue.test.ts.
  it.each(layerCases.map((c) => [caseTitle(c), c] as const))('%s', async (_, testCase) => {
    await setBackend('cpu');
    const model = build(testCase);
    const x = model.inputs.map((input) =>
      testCase.dtype ? tf.randomUniform([BATCH, ...(input.shape.slice(1) as number[])], 0, 10, 'int32') : tf.randomNormal([BATCH, ...(input.shape.slice(1) as number[])]),
    );
    const y = tf.randomNormal([BATCH, ...(model.outputs[0].shape.slice(1) as number[])]);
    const initial = model.parameters().map((p) => p.variable.dataSync().slice() as Float32Array);
    const wasm = await step('wasm', model, initial, x, y);
    expect(Number.isFinite(wasm.loss), 'wasm loss').toBe(true);
    expect(
      wasm.changes.some((change) => change.some((value) => value !== 0)),
      'some parameter moved on wasm',
    ).toBe(true);
    if (testCase.stochastic) return;
    const cpu = await step('cpu', model, initial, x, y);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    const names = model.parameters().map((p) => `${p.layer.name}/${p.name}`);
    // A parameter's scale is its own largest change, but at least a hundredth of the model's: a gradient that is zero by
    // construction (a Dense bias in front of BatchNormalization) is float32 rounding of sums of the model's size (~1e-7).
    const largest = Math.max(...cpu.changes.flatMap((change) => change.map(Math.abs)));
    cpu.changes.forEach((change, i) => {
      const scale = Math.max(1e-3, 1e-2 * largest, ...change.map(Math.abs));
      expectCloseTo(
        wasm.changes[i].map((v) => v / scale),
        change.map((v) => v / scale),
        1e-4,
        `step of ${names[i]} (wasm vs cpu)`,
      );
    });
  });
});
