/**
 * What `keraflow predict`, `keraflow evaluate` and `keraflow train --from`
 * share: finding a saved model's files (as `keraflow train --save` writes
 * them), loading it, its training config, and reading data from JSON.
 *
 * A saved model directory holds the architecture (`model.json`, or
 * `model.yaml` / `model.yml`), the weights (`model.safetensors`) and, when
 * the model was compiled with aliases only, its training config
 * (`training.json`: optimizer, loss, metrics).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, isAbsolute } from 'node:path';
import type { JsonSamples } from '../../runtime/datasets/json-file.ts';

/** A problem to report in one line, without a stack trace. */
export { CommandError } from './command-error.ts';
import { CommandError } from './command-error.ts';

export interface SavedModelFiles {
  readonly architecture: string;
  readonly weights: string;
  /** training.json, when there is one. */
  readonly trainingConfig?: string;
}

export const ARCHITECTURE_NAMES = ['model.json', 'model.yaml', 'model.yml'];
export const WEIGHTS_NAME = 'model.safetensors';
export const TRAINING_CONFIG_NAME = 'training.json';

/**
 * The files of a saved model: a directory written by `keraflow train
 * --save`, or an architecture file with its weights beside it
 * (`net.yaml` and `net.safetensors`).
 */
export function findSavedModel(path: string): SavedModelFiles {
  if (!existsSync(path)) throw new CommandError(`no saved model at ${path}: no such file or directory`);
  if (statSync(path).isDirectory()) {
    const found = ARCHITECTURE_NAMES.map((name) => join(path, name)).filter((file) => existsSync(file));
    if (found.length === 0) {
      throw new CommandError(
        `${path} holds no saved model: expected ${ARCHITECTURE_NAMES.slice(0, -1).join(', ')} or ${ARCHITECTURE_NAMES.at(-1)} with ${WEIGHTS_NAME} (as keraflow train --save writes them)`,
      );
    }
    if (found.length > 1) throw new CommandError(`${path} holds ${found.map((f) => basename(f)).join(' and ')}: keep one architecture file, or name it`);
    return withWeights(found[0], join(path, WEIGHTS_NAME), join(path, TRAINING_CONFIG_NAME));
  }
  if (!['.json', '.yaml', '.yml'].includes(extname(path).toLowerCase())) {
    throw new CommandError(`${path} is not a saved model: give its directory, or its architecture file (.json, .yaml or .yml)`);
  }
  const stem = join(dirname(path), basename(path, extname(path)));
  return withWeights(path, `${stem}.safetensors`, join(dirname(path), TRAINING_CONFIG_NAME));
}

function withWeights(architecture: string, weights: string, trainingConfig: string): SavedModelFiles {
  if (!existsSync(weights)) throw new CommandError(`${architecture} has no weights: expected ${weights}`);
  return { architecture, weights, ...(existsSync(trainingConfig) ? { trainingConfig } : {}) };
}

type Runtime = typeof import('../../runtime/node.ts');
type RuntimeModel = InstanceType<Runtime['Model']>;

/** The saved model, with its weights (the runtime started first: loading makes variables on its backend). */
export async function loadSavedModel(files: SavedModelFiles): Promise<RuntimeModel> {
  const { loadModel } = await import('../../runtime/saving/model-file.ts');
  return (await loadModel(files.architecture, files.weights)).model;
}

/** training.json's content, or a one-line error when it is not JSON. */
export function readTrainingConfig(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CommandError(`cannot read the training config ${file}: ${(error as Error).message}`);
  }
}

/** A JSON data file, whole (no split); at least one sample. */
export async function readDataFile(path: string, needY: boolean): Promise<JsonSamples> {
  const { loadJsonSamples } = await import('../../runtime/datasets/json-file.ts');
  if (!path.toLowerCase().endsWith('.json')) throw new CommandError(`--data must be a .json file of ${needY ? '{"x": ..., "y": ...}' : '{"x": ...}'}, found '${path}'`);
  const samples = loadJsonSamples(path, { shownAs: shownPath(path), needY });
  if (samples.count === 0) throw new CommandError(`data file '${shownPath(path)}' has no samples`);
  return samples;
}

/** A path as people type it: relative to the working directory when inside it. */
export function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

/** Sets the backend before the runtime starts, and loads the runtime. */
export async function startRuntime(backend: string | undefined): Promise<Runtime> {
  if (backend) process.env.KERAFLOW_BACKEND = backend;
  const runtime = await import('../../runtime/node.ts');
  if (backend && runtime.getBackend() !== backend) await runtime.setBackend(backend as never);
  return runtime;
}

/** The message alone: runtime errors (KeraflowError) are written for people. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
