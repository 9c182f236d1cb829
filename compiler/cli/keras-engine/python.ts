/**
 * The Python that `keraflow train --engine keras` runs: $KERAFLOW_PYTHON,
 * else `python3`, with Keras 3 on a backend (KERAS_BACKEND, else JAX). A
 * missing interpreter, Keras or backend is one line saying which.
 */
import { spawnSync } from 'node:child_process';
import { CommandError } from '../command-error.ts';

export interface KerasPython {
  /** The interpreter to run. */
  command: string;
  /** The environment to run it in (the backend chosen). */
  env: NodeJS.ProcessEnv;
  /** `Keras 3.15.1 on jax`. */
  description: string;
}

export function findKerasPython(): KerasPython {
  const command = process.env.KERAFLOW_PYTHON || 'python3';
  const env = { ...process.env, KERAS_BACKEND: process.env.KERAS_BACKEND || 'jax', TF_CPP_MIN_LOG_LEVEL: '3', PYTHONDONTWRITEBYTECODE: '1' };
  const probe = spawnSync(command, ['-c', 'import keras; print(keras.__version__, keras.backend.backend())'], { env, encoding: 'utf8' });
  const where = process.env.KERAFLOW_PYTHON ? `KERAFLOW_PYTHON (${command})` : 'python3';
  if (probe.error) {
    throw new CommandError(
      `--engine keras needs Python with Keras 3, but ${where} cannot be run: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}; set KERAFLOW_PYTHON to a Python that has keras and jax`,
    );
  }
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').at(-1) ?? '';
    const module = /No module named '([^']+)'/.exec(last)?.[1];
    const missing = module ? `has no module '${module}'` : `fails to import keras (${last})`;
    throw new CommandError(
      `--engine keras needs Python with Keras 3 and a backend (KERAS_BACKEND=${env.KERAS_BACKEND}), but ${where} ${missing}; install them (pip install keras ${env.KERAS_BACKEND}) or set KERAFLOW_PYTHON`,
    );
  }
  const [version, backend] = probe.stdout.trim().split(/\s+/);
  if (!version.startsWith('3.')) throw new CommandError(`--engine keras needs Keras 3, but ${where} has Keras ${version}; install keras>=3 or set KERAFLOW_PYTHON`);
  return { command, env, description: `Keras ${version} on ${backend}` };
}
