/**
 * README's "Outgrow one machine" runs as shown: the Python script, taken from
 * the README itself, loads the exported examples/sequence_lstm.kf model in
 * Keras 3 and trains it data-parallel (keras.distribution.DataParallel) on
 * the devices there are — here one CPU. Skipped or failed like the other
 * Keras tests when there is no Python with Keras (test/keras/python.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKerasPython } from './python.ts';

const root = join(import.meta.dirname, '../..');
const keras = findKerasPython();

/** The one ```python block of a README section. */
function pythonOf(section: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${section}\n`);
  expect(start, `README has a section "${section}"`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const match = /```python\n([\s\S]*?)```/.exec(body);
  expect(match, `the section "${section}" shows a Python script`).not.toBeNull();
  return match![1];
}

describe.skipIf(!keras.python && !keras.required)(`README: Outgrow one machine${keras.python ? '' : ` (skipped: ${keras.reason})`}`, () => {
  const directory = mkdtempSync(join(tmpdir(), 'keraflow-readme-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('the data-parallel script trains the exported model in Keras 3 and saves it', async () => {
    if (!keras.python) throw new Error(`CI is set, so the Keras tests must run: ${keras.reason}`);
    const script = pythonOf('Outgrow one machine');
    expect(script).toContain('keras.distribution.DataParallel');
    // What the README's two commands make (the model untrained here: training it is not what this tests).
    const { buildMajority } = await import('../../examples/sequence_lstm.ts');
    await buildMajority().exportKeras(join(directory, 'majority.keras'));
    mkdirSync(join(directory, 'examples/data'), { recursive: true });
    symlinkSync(join(root, 'examples/data/sequences.json'), join(directory, 'examples/data/sequences.json'));
    writeFileSync(join(directory, 'train.py'), script);

    const result = spawnSync(keras.python, ['train.py'], {
      cwd: directory,
      encoding: 'utf8',
      env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    expect(result.status, result.stderr.slice(-3000)).toBe(0);
    expect(result.stdout).toMatch(/Epoch 2\/2/);
    expect(result.stdout).toMatch(/val_accuracy/);
    expect(existsSync(join(directory, 'majority-trained.keras'))).toBe(true);
  }, 600_000);
});
