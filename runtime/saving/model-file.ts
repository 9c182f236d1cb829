import * as path from 'node:path';
import { KeraflowError } from '../errors.ts';
import type { Model } from '../engine/model.ts';
import type { Sequential } from '../engine/sequential.ts';
import { architectureFormat, type DumpOptions } from './architecture-file.ts';
import { checkCanWrite, readFileOrThrow, writeFileAtomic } from './atomic-write.ts';
import { modelFromBytes, modelToBytes } from './model-bytes.ts';

/**
 * Saving to and loading from files (Node only: runtime/node.ts provides it).
 * The bytes are made and read by model-bytes.ts, as in a browser.
 */

/** Options of `saveToFile`: `overwrite`, and the dump options of the architecture's format. */
export interface SaveOptions extends DumpOptions {
  /** Replace existing files (default false: an existing file is an error and stays untouched). */
  overwrite?: boolean;
}

/**
 * Saves the architecture (JSON or YAML, by `archPath`'s extension) and, when
 * `weightPath` is given, the weights (safetensors, `layerName/param`). Both
 * are prepared in memory and the targets checked before anything is
 * written; each file is written atomically.
 */
export async function saveModel(target: Model | Sequential, archPath: string, weightPath?: string | null, options: SaveOptions = {}): Promise<void> {
  const { overwrite = false, ...dumpOptions } = options ?? {};
  if (typeof overwrite !== 'boolean') {
    throw new KeraflowError(`saveToFile: overwrite must be true or false, but got ${JSON.stringify(overwrite)}`, { argument: 'overwrite', expected: 'true or false' });
  }
  const format = architectureFormat(archPath);
  if (weightPath !== undefined && weightPath !== null) {
    if (typeof weightPath !== 'string' || weightPath === '') {
      throw new KeraflowError(`weightPath must be a file path (or null for no weights), but got ${JSON.stringify(weightPath)}`, {
        argument: 'weightPath', expected: 'a file path or null', given: String(weightPath),
      });
    }
    if (path.resolve(weightPath) === path.resolve(archPath)) {
      throw new KeraflowError(`archPath and weightPath are the same file (${archPath}); the weights go in a separate file`, {
        argument: 'weightPath', expected: 'a path other than archPath', given: weightPath,
      });
    }
  }
  const { architecture, weights } = await modelToBytes(target, format, dumpOptions, Boolean(weightPath));

  await checkCanWrite(archPath, { overwrite, argument: 'archPath' });
  if (weightPath) await checkCanWrite(weightPath, { overwrite, argument: 'weightPath' });
  if (weightPath) await writeFileAtomic(weightPath, weights!, { overwrite, argument: 'weightPath' });
  await writeFileAtomic(archPath, architecture, { overwrite, argument: 'archPath' });
}

/**
 * Loads a model saved by `saveModel`: the architecture, then (when
 * `weightPath` is given) the weights, all checked before any is assigned.
 * Any problem is a KeraflowError, and no half-built model remains.
 */
export async function loadModel(archPath: string, weightPath?: string | null): Promise<{ model: Model; sequential?: Sequential }> {
  const format = architectureFormat(archPath);
  const architectureBytes = await readFileOrThrow(archPath, 'archPath', 'architecture file');
  const weightBytes = weightPath === undefined || weightPath === null ? undefined : await readFileOrThrow(weightPath, 'weightPath', 'weights file');
  return modelFromBytes({ architecture: architectureBytes, weights: weightBytes, format }, { architecture: archPath, weights: weightPath ?? '' });
}
