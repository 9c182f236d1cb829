/**
 * The convolution layers Keras 3 has and TensorFlow.js Layers lacks or runs
 * differently (transposed with output_padding or dilation, 1-D and 3-D
 * transposed; separable and depthwise; dilated and grouped Conv) against
 * Keras 3 itself, both ways: a one-layer model built in Keras with random
 * weights (test/keras/conv_layers.py) loads with Keras's parameter count and
 * output shape and predicts what Keras predicts; exported back to .keras, Keras
 * loads it, predicts the same and trains it (test/keras/check_export.py).
 * The `use keras` conv autoencoder (test/checker/valid/conv_autoencoder.kf),
 * compiled with `--target keras`, builds in Keras with the checker's shapes and
 * parameters and trains (test/keras/summarize_compiled.py).
 * Skipped or failed like the other Keras tests when there is no Python with
 * Keras (test/keras/python.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { Model } from '../../runtime/node.ts';
import { type Built, largestDifference } from './import-models.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

interface ConvCase {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  input_shape: number[];
}

const CASES: ConvCase[] = [
  { name: 'conv2d_transpose_same', class_name: 'Conv2DTranspose', config: { filters: 3, kernel_size: 3, strides: 2, padding: 'same' }, input_shape: [4, 5, 2] },
  { name: 'conv2d_transpose_even_kernel', class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: [4, 2], strides: [2, 3], padding: 'same', activation: 'relu' }, input_shape: [3, 4, 2] },
  { name: 'conv2d_transpose_output_padding', class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: 3, strides: 3, padding: 'same', output_padding: [1, 2] }, input_shape: [3, 4, 2] },
  { name: 'conv2d_transpose_valid_output_padding', class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: [2, 3], strides: 2, output_padding: 1 }, input_shape: [3, 4, 2] },
  { name: 'conv2d_transpose_dilated', class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: 3, dilation_rate: 2, padding: 'same' }, input_shape: [5, 6, 3] },
  {
    name: 'conv2d_transpose_channels_first',
    class_name: 'Conv2DTranspose',
    config: { filters: 2, kernel_size: 3, strides: 2, data_format: 'channels_first', use_bias: false },
    input_shape: [3, 4, 5],
  },
  { name: 'conv1d_transpose', class_name: 'Conv1DTranspose', config: { filters: 3, kernel_size: 4, strides: 2, padding: 'same' }, input_shape: [6, 2] },
  { name: 'conv1d_transpose_dilated', class_name: 'Conv1DTranspose', config: { filters: 3, kernel_size: 3, dilation_rate: 3 }, input_shape: [6, 2] },
  { name: 'conv3d_transpose', class_name: 'Conv3DTranspose', config: { filters: 2, kernel_size: [2, 3, 2], strides: [2, 1, 2], padding: 'same' }, input_shape: [2, 3, 2, 2] },
  { name: 'conv2d_dilated', class_name: 'Conv2D', config: { filters: 3, kernel_size: 3, dilation_rate: [2, 1], padding: 'same' }, input_shape: [7, 6, 2] },
  { name: 'conv1d_dilated', class_name: 'Conv1D', config: { filters: 3, kernel_size: 2, dilation_rate: 3, activation: 'relu' }, input_shape: [9, 2] },
  { name: 'conv3d_dilated', class_name: 'Conv3D', config: { filters: 2, kernel_size: 2, dilation_rate: [1, 2, 2] }, input_shape: [3, 5, 5, 2] },
  { name: 'conv2d_groups', class_name: 'Conv2D', config: { filters: 6, kernel_size: 3, groups: 3, strides: 2, padding: 'same' }, input_shape: [7, 6, 6] },
  { name: 'conv1d_groups_dilated', class_name: 'Conv1D', config: { filters: 4, kernel_size: 3, groups: 2, dilation_rate: 2, use_bias: false }, input_shape: [9, 4] },
  { name: 'conv2d_groups_channels_first', class_name: 'Conv2D', config: { filters: 4, kernel_size: 2, groups: 2, data_format: 'channels_first' }, input_shape: [4, 5, 5] },
  { name: 'depthwise_conv2d', class_name: 'DepthwiseConv2D', config: { kernel_size: [3, 2], depth_multiplier: 2, strides: [2, 1], padding: 'same' }, input_shape: [7, 5, 3] },
  { name: 'depthwise_conv2d_dilated', class_name: 'DepthwiseConv2D', config: { kernel_size: 2, dilation_rate: [2, 3], activation: 'relu' }, input_shape: [6, 7, 2] },
  { name: 'depthwise_conv2d_channels_first', class_name: 'DepthwiseConv2D', config: { kernel_size: 3, data_format: 'channels_first', use_bias: false }, input_shape: [2, 5, 6] },
  { name: 'depthwise_conv1d', class_name: 'DepthwiseConv1D', config: { kernel_size: 3, depth_multiplier: 3, strides: 2, padding: 'same' }, input_shape: [9, 2] },
  { name: 'depthwise_conv1d_dilated_strided', class_name: 'DepthwiseConv1D', config: { kernel_size: 2, strides: 2, dilation_rate: 2 }, input_shape: [9, 2] },
  { name: 'separable_conv2d', class_name: 'SeparableConv2D', config: { filters: 4, kernel_size: 3, depth_multiplier: 2, strides: 2, padding: 'same' }, input_shape: [7, 6, 3] },
  { name: 'separable_conv2d_dilated', class_name: 'SeparableConv2D', config: { filters: 3, kernel_size: [2, 3], dilation_rate: 2, activation: 'tanh' }, input_shape: [6, 7, 2] },
  { name: 'separable_conv1d', class_name: 'SeparableConv1D', config: { filters: 4, kernel_size: 3, depth_multiplier: 2, padding: 'same' }, input_shape: [8, 3] },
  { name: 'separable_conv1d_channels_first', class_name: 'SeparableConv1D', config: { filters: 2, kernel_size: 2, data_format: 'channels_first', use_bias: false }, input_shape: [3, 8] },
];

describe.skipIf(!keras.python && !keras.required)(`convolution layers against Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-keras-conv-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const built = new Map<string, Built>();
  const exported = new Map<string, { outputs?: unknown[]; params?: number; fit_loss?: number; error?: string }>();

  beforeAll(async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    for (const model of runKerasScript(keras.python, 'conv_layers.py', { folder, cases: CASES }) as Built[]) built.set(model.name, model);
    const requests = [];
    for (const testCase of CASES) {
      const model = await Model.loadKeras(built.get(testCase.name)!.archive);
      const archive = join(folder, `${testCase.name}.back.keras`);
      await model.exportKeras(archive);
      requests.push({ archive, inputs: built.get(testCase.name)!.inputs });
    }
    (runKerasScript(keras.python, 'check_export.py', requests) as { outputs?: unknown[] }[]).forEach((answer, i) => exported.set(CASES[i].name, answer));
  }, 600_000);

  it.each(CASES.map((c) => [c.name, c] as const))("%s: loads with Keras's parameters and shape, predicts as Keras, and exports back", async (name) => {
    const expected = built.get(name)!;
    const model = await Model.loadKeras(expected.archive);
    expect(model.countParams().total).toBe(expected.params);
    expect(model.outputs.map((output) => output.shape.slice(1))).toEqual(expected.output_shapes);
    expect(largestDifference(model, expected)).toBeLessThanOrEqual(1e-4);
    const answer = exported.get(name)!;
    expect(answer.error).toBeUndefined();
    expect(answer.params).toBe(expected.params);
    const back = (answer.outputs![0] as number[]).flat(9) as number[];
    const original = (expected.outputs[0] as number[]).flat(9) as number[];
    expect(Math.max(...original.map((value, k) => Math.abs(value - back[k])))).toBeLessThanOrEqual(1e-4);
    expect(Number.isFinite(answer.fit_loss)).toBe(true);
  });
});

interface Summary {
  layers?: { name: string; params: number; outputs: (number | null)[][] }[];
  total?: number;
  fit_loss?: number;
  error?: string;
}

describe.skipIf(!keras.python && !keras.required)(`compile --target keras: a conv autoencoder${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-keras-conv-compile-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("builds in Keras 3 with the checker's shapes and parameters, and trains", () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const fileName = join(import.meta.dirname, '../checker/valid/conv_autoencoder.kf');
    const result = compile(fileName, { target: 'keras' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const module = result.modules.find((m) => m.fileName === fileName)!;
    const path = join(folder, 'conv_autoencoder.py');
    writeFileSync(path, module.text);
    const [summary] = runKerasScript(keras.python, 'summarize_compiled.py', { modules: [{ path, fit: true, builds: module.exports.models.map((m) => m.build) }] }) as Summary[];
    expect(summary.error).toBeUndefined();
    expect(summary.total).toBe(1905);
    const transposes = summary.layers!.filter((layer) => layer.name.startsWith('conv2d_transpose'));
    expect(transposes.map(({ name, params, outputs }) => ({ name, params, outputs }))).toEqual([
      { name: 'conv2d_transpose_1', params: 584, outputs: [[null, 4, 4, 8]] },
      { name: 'conv2d_transpose_2', params: 584, outputs: [[null, 8, 8, 8]] },
    ]);
    expect(Number.isFinite(summary.fit_loss)).toBe(true);
  }, 600_000);
});
