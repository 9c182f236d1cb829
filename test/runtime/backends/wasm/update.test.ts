/**
 * The optimizers' fused updates on wasm (runtime/backends/wasm/update.ts):
 * one kernel where tfjs ran one per operation, giving the same float32 bits
 * as tfjs's ops on cpu (each op rounded to float32), over lengths that end
 * in the 4-wide loop and in the one-at-a-time tail; and the module's
 * functions against the scalar JavaScript ones used without SIMD.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GEMM_WASM } from '../../../../runtime/backends/wasm/gemm/binary.ts';
import { scalarKernels } from '../../../../runtime/backends/wasm/gemm/scalar.ts';
import { applyUpdate } from '../../../../runtime/training/optimizers/update.ts';
import { newValues, OPTIMIZER_UPDATE_KERNEL, UPDATE_RULES, type UpdateRuleName } from '../../../../runtime/training/optimizers/update-rules.ts';
import { on } from '../gradient-check.ts';

/** A deterministic value in [-1, 1) for index i of a stream. */
const value = (stream: number, i: number) => (((i * 2654435761 + stream * 40503) >>> 0) % 2000) / 1000 - 1;

/** Each rule's coefficients (its order) as an optimizer passes them. */
const COEFFICIENTS: Record<UpdateRuleName, number[]> = {
  sgd: [0.01],
  momentum: [0.05, 0.9],
  nesterov: [0.05, 0.9],
  rmsprop: [0.9, 1 - 0.9, 0.001, 1e-7],
  adam: [0.9, 1 - 0.9, 0.999, 1 - 0.999, (0.002 * Math.sqrt(1 - 0.999 ** 3)) / (1 - 0.9 ** 3), 1e-7],
  adagrad: [0.01, 1e-7],
  adadelta: [0.95, 1 - 0.95, 1, 1e-7],
  adamax: [0.9, 1 - 0.9, 0.999, 0.002 / (1 - 0.9 ** 3), 1e-7],
};

/** The rule's tensors (squared averages non-negative, as they always are) of `length` values. */
function inputsOf(name: UpdateRuleName, length: number): Float32Array[] {
  return UPDATE_RULES[name].tensors.map((tensor, stream) => {
    const values = Float32Array.from({ length }, (_, i) => value(stream + 1, i));
    // Accumulated squares (and Adamax's norm) are never negative.
    return ['a', 's', 'd', 'u'].includes(tensor) || (name === 'adam' && tensor === 'v') ? values.map(Math.abs) : values;
  });
}

/** The new values of the rule's tensors after applyUpdate on `backend`, and the kernels it ran. */
async function updated(backend: 'cpu' | 'wasm', name: UpdateRuleName, length: number): Promise<{ values: Float32Array[]; kernels: string[] }> {
  return on(backend, async () => {
    const tensors = inputsOf(name, length).map((values) => tf.variable(tf.tensor1d(values)));
    const profile = await tf.profile(() => tf.tidy(() => applyUpdate(name, tensors, COEFFICIENTS[name])));
    const values = tensors.map((tensor) => tensor.dataSync() as Float32Array);
    tf.dispose(tensors);
    return { values, kernels: profile.kernelNames };
  });
}

const LENGTHS = [1, 3, 4, 7, 64, 1001];

describe('optimizer updates on wasm', () => {
  it.each(Object.keys(UPDATE_RULES) as UpdateRuleName[])('%s: one kernel, the bits of the same ops on cpu', async (name) => {
    for (const length of LENGTHS) {
      const [fused, ops] = [await updated('wasm', name, length), await updated('cpu', name, length)];
      expect(fused.kernels).toEqual([OPTIMIZER_UPDATE_KERNEL]);
      expect(ops.kernels).not.toContain(OPTIMIZER_UPDATE_KERNEL);
      // Each updated tensor changed (the test is not comparing untouched inputs) and matches bit for bit.
      const inputs = inputsOf(name, length);
      for (const output of newValues(UPDATE_RULES[name])) {
        const index = UPDATE_RULES[name].tensors.indexOf(output.slice(0, -1) as never);
        expect(fused.values[index]).not.toEqual(inputs[index]);
        expect(new Uint32Array(fused.values[index].buffer), `${name} ${output} over ${length}`).toEqual(new Uint32Array(ops.values[index].buffer));
      }
    }
  });

  it('falls back to the ops for tensors the kernel does not take (a gradient of another dtype)', async () => {
    await on('wasm', () => {
      const parameter = tf.variable(tf.tensor1d([1, 2, 3]));
      applyUpdate('sgd', [parameter, tf.tensor1d([1, 1, 1], 'int32')], [0.5]);
      expect(Array.from(parameter.dataSync())).toEqual([0.5, 1.5, 2.5]);
      parameter.dispose();
    });
  });
});

describe('update functions: the module against the scalar JavaScript kernels', () => {
  type Update = (...args: number[]) => void;
  const instances = () => {
    const [moduleMemory, scalarMemory] = [new WebAssembly.Memory({ initial: 4 }), new WebAssembly.Memory({ initial: 4 })];
    const module = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(GEMM_WASM.plain, 'base64')), { env: { memory: moduleMemory } }).exports as unknown as Record<string, Update>;
    return [
      { memory: moduleMemory, kernels: module },
      { memory: scalarMemory, kernels: scalarKernels(scalarMemory) as unknown as Record<string, Update> },
    ];
  };

  it.each(Object.keys(UPDATE_RULES) as UpdateRuleName[])('%s: the same bits, and only the block asked for', (name) => {
    const rule = UPDATE_RULES[name];
    // 7 rows of 143: rows [1, 6), columns [5, 138) updated (ends in the one-at-a-time tail: 133 columns).
    const [rows, columns, length] = [7, 143, 7 * 143];
    const inBlock = (i: number) => Math.floor(i / columns) >= 1 && Math.floor(i / columns) < 6 && i % columns >= 5 && i % columns < 138;
    const inputs = inputsOf(name, length);
    const results = instances().map(({ memory, kernels }) => {
      const f32 = new Float32Array(memory.buffer);
      // Inputs, then NaN-filled outputs, 16 floats apart.
      const addresses = [...inputs, ...newValues(rule)].map((_, index) => 16 + index * (length + 16));
      inputs.forEach((values, index) => f32.set(values, addresses[index]));
      for (const address of addresses.slice(inputs.length)) f32.fill(Number.NaN, address - 4, address + length + 4);
      kernels[name](...addresses.map((address) => address * 4), 1, 6, 5, 138, columns, ...COEFFICIENTS[name]);
      return addresses.slice(inputs.length).map((address) => f32.slice(address - 4, address + length + 4));
    });
    expect(rows * columns).toBe(length);
    for (const [moduleOutput, scalarOutput] of results[0].map((output, index) => [output, results[1][index]])) {
      const values = Array.from(moduleOutput.slice(4, 4 + length));
      expect(values.every((v, i) => Number.isNaN(v) !== inBlock(i))).toBe(true);
      expect([...moduleOutput.slice(0, 4), ...moduleOutput.slice(-4)].every(Number.isNaN)).toBe(true);
      expect(new Uint32Array(moduleOutput.buffer)).toEqual(new Uint32Array(scalarOutput.buffer));
    }
  });
});
