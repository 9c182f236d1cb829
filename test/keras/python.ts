/**
 * The Python with Keras 3 (on JAX) that checks our exports against Keras
 * itself: $KERAFLOW_PYTHON, else the virtual environment .ci/run makes in
 * .venv-keras/. Without one, the Keras tests are skipped with the reason in
 * their name, except under CI (CI=true), where they fail instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface KerasPython {
  /** The interpreter, or undefined when there is none with Keras 3. */
  readonly python?: string;
  /** Why there is none (shown in the skipped tests' names). */
  readonly reason: string;
  /** Whether the tests must run (CI): then a missing Python fails them. */
  readonly required: boolean;
}

function environment(): NodeJS.ProcessEnv {
  return { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3', PYTHONDONTWRITEBYTECODE: '1' };
}

const kerasInstalled = [
  'from importlib.metadata import version',
  'from importlib.util import find_spec',
  "assert version('keras').startswith('3'), 'keras ' + version('keras')",
  "assert find_spec('jax') and find_spec('jaxlib'), 'no module named jax'",
].join('\n');

export function findKerasPython(): KerasPython {
  const required = process.env.CI === 'true' || process.env.CI === '1';
  const candidate = process.env.KERAFLOW_PYTHON || join(root, '.venv-keras/bin/python');
  if (!existsSync(candidate)) {
    return { required, reason: `no Python with Keras 3: set KERAFLOW_PYTHON or run .ci/run to make .venv-keras/ (looked for ${candidate})` };
  }
  // Installed, by the packages' metadata: importing Keras and JAX takes seconds, which every file of Keras tests would pay again
  // (an installation that is there but does not import fails the tests, with Python's error, instead of skipping them).
  const probe = spawnSync(candidate, ['-c', kerasInstalled], { env: environment(), encoding: 'utf8' });
  if (probe.status !== 0) {
    return { required, reason: `${candidate} has no Keras 3 on JAX: ${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)}` };
  }
  return { python: candidate, required, reason: '' };
}

/** Runs one of test/keras/*.py with `input` as JSON on stdin; its stdout's lines, each parsed as JSON. */
export function runKerasScript(python: string, script: string, input: unknown): unknown[] {
  const result = spawnSync(python, [join(import.meta.dirname, script)], {
    env: environment(),
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status ?? result.signal}): ${result.stderr.slice(-3000)}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
