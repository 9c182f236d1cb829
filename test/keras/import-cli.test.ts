/**
 * `keraflow import`, run as users run it (a child process), on models built
 * and saved in Keras 3 (test/keras/build_models.py): the .kf it writes
 * passes `keraflow check`, `keraflow summary` gives Keras's parameter
 * count, the .kf with the weights written beside it predicts what Keras
 * predicts (built from the .kf by `keraflow export --weights`, read back),
 * and `keraflow train` trains it from those weights. Also from a
 * `to_json()` file (architecture only) and a TensorFlow.js model.json, and
 * the one-line errors of bad inputs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model } from '../../runtime/node.ts';
import { type Built, largestDifference } from './import-models.ts';
import { findKerasPython, runKerasScript } from './python.ts';
import { runKeraflow } from '../run-keraflow.ts';

const root = join(import.meta.dirname, '../..');
const keras = findKerasPython();

/** Each test runs the CLI a few times (a process each, from the sources): slow on a busy machine. */
const CLI_TIMEOUT = 600_000;

function keraflow(args: string[]) {
  return runKeraflow(args, { cwd: root, env: { KERAFLOW_BACKEND: 'cpu' } });
}

describe.skipIf(!keras.python && !keras.required)(`keraflow import: models built in Keras 3${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'keraflow-import-cli-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const built = new Map<string, Built>();
  const out = (name: string) => join(folder, 'out', name);

  beforeAll(() => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    mkdirSync(join(folder, 'out'));
    const only = ['several', 'sequential', 'convolutional', 'recurrent', 'lambda', 'merged', 'nested_names'];
    for (const model of runKerasScript(keras.python, 'build_models.py', { folder, only }) as Built[]) built.set(model.name, model);
  }, 600_000);

  it.each(['several', 'sequential', 'convolutional', 'recurrent', 'merged', 'nested_names'])(
    "%s: a .kf that checks, with Keras's parameter count, and with its weights predicts as Keras",
    async (name) => {
      const { archive, params } = built.get(name)!;
      const imported = keraflow(['import', archive, '-o', out(`${name}.kf`)]);
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(new RegExp(`^imported \\w+ \\(${params} parameters\\) from .*${name}\\.keras to .*${name}\\.kf, weights to .*${name}\\.safetensors\\n$`));
      expect(keraflow(['check', out(`${name}.kf`)])).toMatchObject({ status: 0, stderr: '' });
      expect(keraflow(['summary', out(`${name}.kf`)]).stdout).toContain(`\nTotal params: ${params}\n`);
      // The .kf built with the weights beside it, as a Keras archive, read back: what Keras predicted.
      const back = out(`${name}-back.keras`);
      expect(keraflow(['export', out(`${name}.kf`), '--to', 'keras', '--weights', out(`${name}.safetensors`), '-o', back])).toMatchObject({ status: 0, stderr: '' });
      expect(largestDifference(await Model.loadKeras(back), built.get(name)!)).toBeLessThanOrEqual(1e-4);
    },
    CLI_TIMEOUT,
  );

  it(
    'writes readable, formatted source: inputs, the shared layer declared once, named layers in chains, loss, metrics, optimizer and the weights',
    () => {
      keraflow(['import', built.get('several')!.archive, '-o', out('readable.kf')]);
      expect(readFileSync(out('readable.kf'), 'utf8')).toBe(`# Imported from several.keras by keraflow import; the weights are in readable.safetensors.
#   keraflow train readable.kf --data DATA.json
model several {
  input a: [5]
  input b: [3, 4]

  layer shared = Dense(6, activation=tanh)

  shared_1 = a -> Dense(5, activation=relu, name="left") -> shared
  shared_2 = b -> Flatten(name="flat") -> Dense(5, name="right") -> shared
  gated = ElementWiseMult(name="gated")([shared_1, shared_2])
  output kind = Concatenate(axis=-1, name="joined")([shared_1, shared_2, gated]) ->
    Dropout(0.3, name="drop") ->
    Dense(3, activation=softmax, name="kind")
  output squash = ElementWiseSum(name="total")([shared_1, shared_2]) ->
    Dense(1, bias=false, name="score") ->
    Activation(sigmoid, name="squash")

  loss kind = categorical_crossentropy
  loss squash = binary_crossentropy
  metrics kind = [accuracy]
  metrics squash = [accuracy]
  optimizer = RMSprop(lr=0.002, epsilon=1e-7)
  train { weights = "readable.safetensors" }
}
`);
      // Already formatted: keraflow fmt --check has nothing to change.
      expect(keraflow(['fmt', '--check', out('readable.kf')]).status).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it(
    'Average, Maximum and Minimum, which only the Keras dialect has: a formatted `use keras` file with Keras names throughout, that trains from the weights',
    () => {
      keraflow(['import', built.get('merged')!.archive, '-o', out('merged-keras.kf')]);
      const text = readFileSync(out('merged-keras.kf'), 'utf8');
      expect(text.startsWith('use keras\n')).toBe(true);
      for (const call of ['Dense(3, use_bias=false, kernel_initializer=he_normal, name="right")', 'Average(name="mean")([left, right])', 'Maximum(name="high")', 'Minimum(name="low")'])
        expect(text).toContain(call);
      expect(keraflow(['fmt', '--check', out('merged-keras.kf')]).status).toBe(0);
      const samples = 6;
      const row = () => Array.from({ length: 4 }, () => Math.random());
      writeFileSync(
        out('merged-data.json'),
        JSON.stringify({ x: { a: Array.from({ length: samples }, row), b: Array.from({ length: samples }, row) }, y: Array.from({ length: samples }, (_, i) => [i % 2, 1 - (i % 2)]) }),
      );
      const trained = keraflow(['train', out('merged-keras.kf'), '--data', out('merged-data.json'), '--epochs', '1', '--verbose', '2']);
      expect(trained.stderr).toBe('');
      expect(trained.stdout).toContain(`from: the weights in ${out('merged-keras.safetensors')}\n`);
    },
    CLI_TIMEOUT,
  );

  it(
    'keraflow train continues from the imported weights with no extra flag',
    () => {
      const samples = 12;
      const random = (...shape: number[]): unknown => (shape.length === 0 ? Math.random() : Array.from({ length: shape[0] }, () => random(...shape.slice(1))));
      const oneHot = Array.from({ length: samples }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0)));
      writeFileSync(out('several-data.json'), JSON.stringify({ x: { a: random(samples, 5), b: random(samples, 3, 4) }, y: { kind: oneHot, squash: oneHot.map((row) => [row[0]]) } }));
      keraflow(['import', built.get('several')!.archive, '-o', out('trained.kf')]);
      const trained = keraflow(['train', out('trained.kf'), '--data', out('several-data.json'), '--epochs', '1', '--verbose', '2']);
      expect(trained.stderr).toBe('');
      expect(trained.status).toBe(0);
      expect(trained.stdout).toContain(`from: the weights in ${out('trained.safetensors')}\n`);
      expect(trained.stdout).toMatch(/epoch 1\/1/i);
    },
    CLI_TIMEOUT,
  );

  it(
    'a to_json() file gives the architecture only: a .kf that checks, no weights file',
    () => {
      const { config, params } = built.get('sequential')!;
      const imported = keraflow(['import', config, '-o', out('from-json.kf')]);
      expect(imported).toMatchObject({ status: 0, stderr: '' });
      expect(existsSync(out('from-json.safetensors'))).toBe(false);
      expect(readFileSync(out('from-json.kf'), 'utf8')).not.toContain('weights =');
      expect(keraflow(['summary', out('from-json.kf')]).stdout).toContain(`\nTotal params: ${params}\n`);
    },
    CLI_TIMEOUT,
  );

  it(
    'a TensorFlow.js model.json (our own export) with its shards: the weights come along',
    async () => {
      const exported = join(folder, 'recurrent-tfjs');
      await (await Model.loadKeras(built.get('recurrent')!.archive)).exportTfjs(exported);
      expect(keraflow(['import', join(exported, 'model.json'), '-o', out('from-tfjs.kf')])).toMatchObject({ status: 0, stderr: '' });
      const back = out('from-tfjs-back.keras');
      expect(keraflow(['export', out('from-tfjs.kf'), '--to', 'keras', '--weights', out('from-tfjs.safetensors'), '-o', back]).status).toBe(0);
      expect(largestDifference(await Model.loadKeras(back), built.get('recurrent')!)).toBeLessThanOrEqual(1e-4);
    },
    CLI_TIMEOUT,
  );

  it(
    'bad inputs are one-line errors, and nothing is written',
    () => {
      writeFileSync(join(folder, 'text.keras'), 'not a zip');
      const cases: [string[], string][] = [
        [
          ['import', built.get('lambda')!.archive, '-o', out('lambda.kf')],
          'keraflow import: double (Keras Lambda) cannot be imported: it is a Lambda layer (Python code), which has no Keraflow counterpart\n',
        ],
        [['import', join(folder, 'missing.keras'), '-o', out('missing.kf')], `keraflow import: ${join(folder, 'missing.keras')}: no such file\n`],
        [['import', built.get('sequential')!.archive, '-o', out('model.py')], `keraflow import: -o ${out('model.py')}: expected a file ending in .kf\n`],
        [['import', folder, '-o', out('folder.kf')], `keraflow import: ${folder} is a directory: expected a .keras archive or a .json file (Keras model.to_json(), or TensorFlow.js model.json)\n`],
      ];
      for (const [args, message] of cases) {
        const result = keraflow(args);
        expect(result.stderr).toBe(message);
        expect(result.status).toBe(1);
        expect(existsSync(args[3])).toBe(false);
      }
      const notZip = keraflow(['import', join(folder, 'text.keras'), '-o', out('text.kf')]);
      expect(notZip.stderr).toMatch(new RegExp(`^keraflow import: ${join(folder, 'text.keras')} is not a \\.keras archive \\(a zip\\): .*\n$`));
      writeFileSync(out('taken.kf'), '');
      expect(keraflow(['import', built.get('sequential')!.archive, '-o', out('taken.kf')]).stderr).toBe(`keraflow import: ${out('taken.kf')} already exists; pass --overwrite to replace it\n`);
    },
    CLI_TIMEOUT,
  );
});
