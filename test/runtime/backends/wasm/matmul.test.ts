/**
 * BatchMatMul and _FusedMatMul on wasm: Keraflow's product kernels take
 * every transposed or batched form; results and gradients must equal cpu's
 * and finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { checkGradients, expectCloseTo, forward, grid, kernelFunction, on, tensorOf } from '../gradient-check.ts';

const forms: [string, number[], number[], boolean, boolean][] = [
  ['plain', [5, 7], [7, 3], false, false],
  ['transposeA', [7, 5], [7, 3], true, false],
  ['transposeB', [5, 7], [3, 7], false, true],
  ['both transposed', [7, 5], [3, 7], true, true],
  ['batched', [2, 5, 7], [2, 7, 3], false, false],
  ['batched, both transposed', [2, 7, 5], [2, 3, 7], true, true],
  ['batch times one matrix', [2, 3, 5, 7], [7, 3], false, false],
  ['one matrix times a batch', [5, 7], [4, 7, 3], false, false],
  ['batch times one transposed matrix', [2, 7, 5], [1, 3, 7], true, true],
];

describe('BatchMatMul (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('BatchMatMul', 'wasm')).not.toBe(shippedKernel('BatchMatMul'));
  });

  it.each(forms)('%s: the same product as cpu', async (_, aShape, bShape, transposeA, transposeB) => {
    const inputs = [grid(aShape, 1), grid(bShape, 2)];
    const op = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, transposeA, transposeB);
    const wasm = await on('wasm', () => forward(op, inputs));
    const cpu = await on('cpu', () => forward(op, inputs));
    expectCloseTo(wasm, cpu, 1e-6, 'product');
  });

  it.each(forms.slice(0, 6))('%s: gradients match cpu and finite differences', async (_, aShape, bShape, transposeA, transposeB) => {
    await checkGradients({ op: (a, b) => tf.matMul(a, b, transposeA, transposeB), inputs: [grid(aShape, 3), grid(bShape, 4)] });
  });

  it('handles empty products', async () => {
    const value = await on('wasm', () => Array.from(tf.matMul(tf.zeros([2, 0]), tf.zeros([0, 3])).dataSync()));
    expect(value).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('leaves no tensor and no heap buffer behind', async () => {
    await on('wasm', () => {
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const [a, b] = [tensorOf(grid([6, 4], 5)), tensorOf(grid([3, 4], 6))];
      const before = [tf.memory().numTensors, backend.numDataIds()];
      tf.tidy(() => {
        tf.matMul(a, b, false, true);
        tf.matMul(tf.reshape(a, [2, 3, 4]), tf.reshape(b, [1, 3, 4]), false, true);
      });
      expect([tf.memory().numTensors, backend.numDataIds()]).toEqual(before);
    });
  });
});

describe('_FusedMatMul (wasm)', () => {
  // The shipped kernel adds the bias at wrong places whenever it leaves XNNPACK (a transpose, a batch).
  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
  it.each(forms.slice(0, 6).flatMap((form) => activations.map((activation) => [`${form[0]}, ${activation}`, ...form.slice(1), activation] as const)))(
    '%s, with a bias: the same as cpu',
    async (_, aShape, bShape, transposeA, transposeB, activation) => {
      const inputs = [grid(aShape as number[], 1), grid(bShape as number[], 2), grid([3], 3), grid([3], 4)];
      const op = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, alpha: tf.Tensor) =>
        tf.fused.matMul({
          a,
          b,
          transposeA: transposeA as boolean,
          transposeB: transposeB as boolean,
          bias,
          activation: activation as (typeof activations)[number],
          preluActivationWeights: alpha,
          leakyreluAlpha: 0.3,
        });
      const wasm = await on('wasm', () => forward(op, inputs));
      const cpu = await on('cpu', () => forward(op, inputs));
      expectCloseTo(wasm, cpu, 1e-6, 'fused product');
    },
  );

  it.each(forms.slice(0, 4))('%s, with a bias: gradients match cpu and finite differences', async (_, aShape, bShape, transposeA, transposeB) => {
    const op = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) => tf.fused.matMul({ a, b, transposeA, transposeB, bias });
    await checkGradients({ op, inputs: [grid(aShape, 5), grid(bShape, 6), grid([3], 7)] });
  });
});
