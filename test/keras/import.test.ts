/**
 * Model.loadKeras against Keras 3 itself: models built and saved in Keras
 * (test/keras/build_models.py: sequential, functional with several inputs
 * and outputs, a shared layer, recurrent, convolutional, an LSTM's states
 * as another's initial_state, attention with a key, masks and its scores,
 * a Sequential and a functional model used as layers), every weight set
 * to random values, load with Keras's parameter count and output shapes,
 * predict what Keras predicts (to 1e-4) and are compiled as Keras compiled
 * them. The same models' `to_json()` files give the graph, and our own
 * TensorFlow.js export of them comes back with the weights. A Keras layer
 * Keraflow cannot express is an error naming it and what it is. Skipped or
 * failed like the other Keras tests when there is no Python with Keras
 * (test/keras/python.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../compiler/index.ts';
import { format } from '../../compiler/format/format.ts';
import { kfSource } from '../../compiler/import/kf-source.ts';
import { KeraflowError, Model } from '../../runtime/node.ts';
import { initializers } from '../../runtime/keras/index.ts';
import { kerasModelConfig, type LayerEntry } from '../../runtime/saving/keras-archive.ts';
import { modelFromKerasConfig, modelFromTfjsFiles } from '../../runtime/saving/keras-import.ts';
import { describeTrainingConfig } from '../../runtime/training/training-config.ts';
import { type Built, largestDifference } from './import-models.ts';
import { findKerasPython, runKerasScript } from './python.ts';

const keras = findKerasPython();

/** An output's shape after the batch as Keras gives it: an unknown (symbolic) size is null. */
const knownShape = (output: { shape: readonly unknown[] }) => output.shape.slice(1).map((size) => (typeof size === 'number' ? size : null));

/** The models Keraflow imports; the others are errors. */
const IMPORTED = [
  'several',
  'sequential',
  'sequential_shape',
  'convolutional',
  'recurrent',
  'sequence',
  'masked',
  'gru_reset_after',
  'penalized',
  'bias_init',
  'states',
  'attention',
  'nested',
  'nested_sequential',
  'nested_names',
];

describe.skipIf(!keras.python && !keras.required)(`Model.loadKeras: models built in Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-keras-import-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const built = new Map<string, Built>();

  beforeAll(() => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    for (const model of runKerasScript(keras.python, 'build_models.py', { folder }) as Built[]) built.set(model.name, model);
  }, 600_000);

  it.each(IMPORTED)("%s: Keras's parameter count, output shapes and predictions", async (name) => {
    const model = await Model.loadKeras(built.get(name)!.archive);
    const expected = built.get(name)!;
    expect(model.countParams().total).toBe(expected.params);
    expect(model.outputs.map(knownShape)).toEqual(expected.output_shapes);
    expect(largestDifference(model, expected)).toBeLessThanOrEqual(1e-4);
  });

  it('a functional model with several inputs and outputs and a shared layer keeps its names and shares the layer', async () => {
    const model = await Model.loadKeras(built.get('several')!.archive);
    expect(model.name).toBe('several');
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.outputNames).toEqual(['kind', 'squash']);
    const shared = model.layers.filter((layer) => layer.name === 'shared');
    expect(shared.map((layer) => layer.className)).toEqual(['Dense']);
  });

  it("nested models' layers named as outer ones are renamed <nested model>_<name> (the outer ones keep theirs), and a nested model called twice shares its layers", async () => {
    const model = await Model.loadKeras(built.get('nested_names')!.archive);
    expect(model.layers.map((layer) => layer.name).sort()).toEqual(['hidden', 'inner_hidden', 'joined', 'out', 'side_hidden', 'x']);
  });

  it('compile_config: the optimizer, losses and metrics as Keras compiled them, by Keraflow names', async () => {
    const configs = await Promise.all(
      ['several', 'sequential', 'sequential_shape', 'recurrent'].map(async (name) => {
        const described = describeTrainingConfig(await Model.loadKeras(built.get(name)!.archive));
        return 'config' in described ? described.config : described.reason;
      }),
    );
    expect(configs).toEqual([
      {
        optimizer: { class_name: 'RMSprop', config: { lr: 0.002, rho: 0.9, epsilon: 1e-7 } },
        loss: { kind: 'categorical_crossentropy', squash: 'binary_crossentropy' },
        metrics: { kind: ['accuracy'], squash: ['accuracy'] },
      },
      { optimizer: { class_name: 'Adam', config: { lr: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
      { optimizer: { class_name: 'SGD', config: { lr: 0.01, momentum: 0, nesterov: false } }, loss: 'mean_squared_error', metrics: ['mean_absolute_error'] },
      { optimizer: { class_name: 'SGD', config: { lr: 0.05, momentum: 0.9, nesterov: false } }, loss: 'mse' },
    ]);
    const uncompiled = describeTrainingConfig(await Model.loadKeras(built.get('sequence')!.archive));
    expect(uncompiled).toEqual({ reason: 'sequence was not compiled' });
  });

  it.each(IMPORTED)('%s: its to_json() file gives the same graph (fresh weights)', (name) => {
    const model = modelFromKerasConfig(readFileSync(built.get(name)!.config, 'utf8'), `${name}.json`);
    expect(model.countParams().total).toBe(built.get(name)!.params);
    expect(model.outputs.map(knownShape)).toEqual(built.get(name)!.output_shapes);
  });

  it.each(['several', 'recurrent', 'sequence'])("%s: our TensorFlow.js export of it comes back with the weights (Keras 2 nodes, hard_sigmoid as Keraflow's)", async (name) => {
    const exported = join(folder, `${name}-tfjs`);
    await (await Model.loadKeras(built.get(name)!.archive)).exportTfjs(exported);
    const model = await modelFromTfjsFiles(readFileSync(join(exported, 'model.json'), 'utf8'), (path) => readFileSync(join(exported, path)), 'model.json');
    expect(model.countParams().total).toBe(built.get(name)!.params);
    expect(largestDifference(model, built.get(name)!)).toBeLessThanOrEqual(1e-4);
  });

  it.each([
    ['lambda', 'double (Keras Lambda) cannot be imported: it is a Lambda layer (Python code), which has no Keraflow counterpart'],
    ['custom', 'scaled (Keras Scale) cannot be imported: it is a custom layer (test>Scale), which has no Keraflow counterpart'],
  ])('%s: an error naming the layer, its Keras class and what it is', async (name, message) => {
    const error = await Model.loadKeras(built.get(name)!.archive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect((error as KeraflowError).message).toBe(message);
    expect((error as KeraflowError).layer).toBe(message.split(' ')[0]);
  });

  it('regularizers and constraints come in on the parameters that hold their weights, the .kf source writes them, and it checks', async () => {
    const model = await Model.loadKeras(built.get('penalized')!.archive);
    const layer = (name: string) => model.layers.find((candidate) => candidate.name === name)!;
    const listed = (items: ReadonlyMap<string, object>) => Object.fromEntries([...items].map(([param, item]) => [param, [item.constructor.name, (item as { getConfig(): unknown }).getConfig()]]));
    // Keras 3 keeps L1's factor as a float32.
    const l1 = Math.fround(0.02);
    expect(listed(layer('hidden').regularizers)).toEqual({ W: ['L2', { l2: 0.01 }], b: ['L1', { l1 }] });
    expect(listed(layer('hidden').constraints)).toEqual({ W: ['MaxNorm', { m: 2, axis: 0 }], b: ['NonNeg', {}] });
    // One Keras kernel, four gates: the same penalty on each (their sum is the joined kernel's).
    expect(listed(layer('memory').regularizers)).toEqual(Object.fromEntries(['W_i', 'W_f', 'W_c', 'W_o'].map((name) => [name, ['L1L2', { l1: 0.01, l2: 0.02 }]])));
    expect(listed(layer('memory').constraints)).toEqual(Object.fromEntries(['U_i', 'U_f', 'U_c', 'U_o'].map((name) => [name, ['UnitNorm', { axis: 0 }]])));
    expect(listed(layer('norm').regularizers)).toEqual({ gamma: ['L2', { l2: 0.1 }] });
    expect(listed(layer('norm').constraints)).toEqual({ beta: ['MinMaxNorm', { minValue: 0.1, maxValue: 1, rate: 0.5, axis: 0 }] });
    // Keras's 'l2' is L2(0.01). A TruncatedNormal initializer comes in with its settings, as Keras's object.
    expect(listed(layer('out').regularizers)).toEqual({ W: ['L2', { l2: 0.01 }] });
    expect(layer('out').args.init).toBeInstanceOf(initializers.TruncatedNormal);
    expect((layer('out').args.init as initializers.Initializer).getConfig()).toEqual({ mean: 0, stddev: 0.02, seed: null });

    // The Keras dialect would keep its settings, but cannot write this LSTM (its use_bias): Keraflow's dialect writes the initializer's name.
    const text = format(kfSource(model)).text;
    expect(text).toContain(`Dense(5, activation=relu, regularizers={W: L2(l2=0.01), b: L1(l1=${l1})}, constraints={W: MaxNorm(m=2, axis=0), b: NonNeg()}, name="hidden")`);
    expect(text).toContain('Dense(2, init=TruncatedNormal, regularizers={W: L2(l2=0.01)}, name="out")');
    const checked = check({ fileName: 'penalized.kf', text });
    expect(checked.diagnostics).toEqual([]);
  });

  it("an activity regularizer, which Keraflow's Dense has no place for, brings the Keras dialect's Dense, and the .kf written is a `use keras` file", async () => {
    const model = await Model.loadKeras(built.get('activity')!.archive);
    const out = model.layers.find((layer) => layer.name === 'out')!;
    expect(out.spec.dialect).toBe('keras');
    expect(out.activityRegularizer).toMatchObject({ l2: 0.01 });
    const text = format(kfSource(model)).text;
    expect(text).toContain('output out = x -> Dense(2, bias_initializer=zero, activity_regularizer=L2(l2=0.01), name="out")');
    expect(check({ fileName: 'activity.kf', text }).diagnostics).toEqual([]);
  });

  it("a bias initializer other than zeros, which Keraflow's layers have no place for, brings the Keras dialect's layer and comes back out", async () => {
    const model = await Model.loadKeras(built.get('bias_init')!.archive);
    const layer = (name: string) => model.layers.find((l) => l.name === name)!;
    for (const name of ['conv', 'out']) expect(layer(name).spec.dialect).toBe('keras');
    expect((layer('conv').args.biasInitializer as initializers.Initializer).getConfig()).toEqual({ value: 0.5 });
    const text = format(kfSource(model)).text;
    expect(text).toContain('Dense(2, bias_initializer=one, name="out")');
    expect(text).toMatch(/Conv1D\(3, \[2\], .*bias_initializer=Constant\(value=0\.5\), name="conv"\)/);
    expect(check({ fileName: 'bias_init.kf', text }).diagnostics).toEqual([]);
    // Exported again, Keras reads the same initializers.
    const entries = (kerasModelConfig(model).config.config as { layers: LayerEntry[] }).layers;
    const bias = (name: string) => entries.find((entry) => entry.name === name)!.config.bias_initializer as { class_name: string; config: unknown };
    expect(bias('conv')).toMatchObject({ class_name: 'Constant', config: { value: 0.5 } });
    expect(bias('out')).toMatchObject({ class_name: 'Ones' });
  });

  it('a bias initializer other than zeros on a layer no dialect has a place for is an error naming it, not a setting lost', () => {
    const config = JSON.parse(readFileSync(built.get('recurrent')!.config, 'utf8'));
    const gru = config.config.layers.find((entry: { name: string }) => entry.name === 'gru');
    gru.config.bias_initializer = { module: 'keras.initializers', class_name: 'Ones', config: {}, registered_name: null };
    expect(() => modelFromKerasConfig(JSON.stringify(config), 'recurrent.json')).toThrow(
      /gru \(Keras GRU\) cannot be imported: bias_initializer is "Ones", and Keraflow's layer starts its bias at zero/,
    );
  });

  it('a Keras class Keraflow does not know is an error naming the layer and the class', () => {
    const text = readFileSync(built.get('sequential')!.config, 'utf8').replace('"class_name": "Dense"', '"class_name": "NoSuchLayer"');
    expect(() => modelFromKerasConfig(text, 'renamed.json')).toThrow('dense (Keras NoSuchLayer) cannot be imported: Keraflow has no layer that imports it yet');
  });
});

describe('Model.loadKeras: files that are not Keras models', () => {
  it('bytes that are not a zip, and JSON that is not a model config, are errors saying what was expected', async () => {
    const error = await Model.loadKeras(new TextEncoder().encode('{"not": "a zip"}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect((error as KeraflowError).message).toMatch(/^the Keras archive is not a \.keras archive \(a zip\): /);
    expect(() => modelFromKerasConfig('{"class_name": "Functional"}', 'x.json')).toThrow(
      'x.json is not a Keras model config: expected {"class_name": "Functional" or "Sequential", "config": {"layers": [...]}}, found',
    );
    expect(() => modelFromKerasConfig('{"class_name": "Sequential", "config": {"name": "s", "layers": []}}', 's.json')).toThrow('s.json: the Sequential s has no layers');
  });
});
