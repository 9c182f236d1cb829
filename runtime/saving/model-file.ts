import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { KeraflowError } from '../errors.ts';
import type { Model } from '../engine/model.ts';
import { Sequential } from '../engine/sequential.ts';
import { architectureFormat, parseArchitecture, type DumpOptions } from './architecture-file.ts';
import { checkCanWrite, clearStaleTemporaries, readFileOrThrow, writeFileAtomic } from './atomic-write.ts';
import { architectureText, architectureTextOf, assignWeights, encodeWeights, modelFromDocument, takeWeightsRecord, type LoadOptions } from './model-bytes.ts';
import { decodeSafetensors } from './safetensors.ts';
import { clearStaleStagedWeights, foreignWeightsError, placeStagedWeights, readPairedWeights, stagedWeightsPath, weightsDigest, weightsRecord } from './weights-pairing.ts';

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
 * written. The save is all or nothing (weights-pairing.ts): the new weights
 * are staged beside the old ones, the architecture, which records their
 * hash, replaces the old one by a single rename, and only then do the
 * weights take their place. Temporary and staged files that earlier
 * interrupted saves left are removed first.
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
        argument: 'weightPath',
        expected: 'a file path or null',
        given: String(weightPath),
      });
    }
    if (path.resolve(weightPath) === path.resolve(archPath)) {
      throw new KeraflowError(`archPath and weightPath are the same file (${archPath}); the weights go in a separate file`, {
        argument: 'weightPath',
        expected: 'a path other than archPath',
        given: weightPath,
      });
    }
  }
  const model = target instanceof Sequential ? target.asModel() : target;
  const weights = weightPath ? await encodeWeights(model) : undefined;
  const digest = weights && weightsDigest(weights);
  const text = architectureText(target, format, dumpOptions, digest ? { weights: weightsRecord(digest) } : {});

  await checkCanWrite(archPath, { overwrite, argument: 'archPath' });
  if (weightPath) await checkCanWrite(weightPath, { overwrite, argument: 'weightPath' });
  if (weightPath) {
    await clearStaleTemporaries(weightPath);
    await clearStaleStagedWeights(weightPath, await fs.readFile(archPath, 'utf8').catch(() => undefined));
    await writeFileAtomic(stagedWeightsPath(weightPath, digest!), weights!, { overwrite: true, argument: 'weightPath' });
  }
  // The switch: from here on, loading gives the new model.
  await writeFileAtomic(archPath, text, { overwrite, argument: 'archPath' });
  if (weightPath) {
    await placeStagedWeights(weightPath, digest!);
    // Staged weights an earlier save left (the old architecture needed them until the switch).
    await clearStaleStagedWeights(weightPath, text);
  }
}

export type { LoadOptions } from './model-bytes.ts';

/**
 * Loads a model saved by `saveModel`: the architecture, then (when
 * `weightPath` is given) the weights, all checked before any is assigned.
 * Any problem is a KeraflowError, and no half-built model remains.
 */
export async function loadModel(archPath: string, weightPath?: string | null, options: LoadOptions = {}): Promise<{ model: Model; sequential?: Sequential }> {
  const format = architectureFormat(archPath);
  const architectureBytes = await readFileOrThrow(archPath, 'archPath', 'architecture file');
  const document = parseArchitecture(architectureTextOf(architectureBytes, format, archPath), format, archPath);
  const digest = takeWeightsRecord(document, archPath);
  // The weights saved with this architecture: in place, or staged by a save that stopped after switching it.
  const weights = weightPath === undefined || weightPath === null ? undefined : await readPairedWeights(weightPath, digest);
  const loaded = modelFromDocument(document, weights?.bytes, { architecture: archPath, weights: weightPath ?? '' }, options);
  // The layout fits, but these are not the weights saved with it.
  if (weights?.foreign !== undefined) {
    new Set(loaded.model.parameters().map((p) => p.variable)).forEach((variable) => variable.dispose());
    throw foreignWeightsError(weightPath!, archPath, digest!, weights.foreign);
  }
  return loaded;
}

/**
 * Sets a built model's parameters from a weights file saved by `saveModel`
 * (`keraflow train --from`: the model built again from its source, the
 * weights of an earlier run): the same names, shapes and count, or a
 * KeraflowError and nothing changed.
 */
export async function loadWeights(target: Model | Sequential, weightPath: string): Promise<void> {
  const model = target instanceof Sequential ? target.asModel() : target;
  const stored = decodeSafetensors(await readFileOrThrow(weightPath, 'weightPath', 'weights file'), weightPath);
  assignWeights(model, stored.tensors, weightPath, `model ${model.name}`);
}
