import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { KeraflowError } from '../errors.ts';
import { formatShape } from '../engine/dimension.ts';
import type { Model } from '../engine/model.ts';
import { maxParameters, withParameterBudget } from '../engine/parameter-budget.ts';
import { Sequential } from '../engine/sequential.ts';
// Every catalogue layer registers itself on import: loading instantiates only registered classes.
import '../layers/index.ts';
import { architectureFormat, dumpArchitecture, parseArchitecture, type DumpOptions } from './architecture-file.ts';
import { describeArchitecture } from './architecture.ts';
import { buildArchitecture } from './architecture-reader.ts';
import { checkCanWrite, clearStaleTemporaries, readFileOrThrow, writeFileAtomic } from './atomic-write.ts';
import { decodeSafetensors, encodeSafetensors, type ReadTensor } from './safetensors.ts';
import {
  clearStaleStagedWeights, foreignWeightsError, placeStagedWeights, readPairedWeights, stagedWeightsPath, takeWeightsRecord, weightsDigest, weightsRecord,
} from './weights-pairing.ts';

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
        argument: 'weightPath', expected: 'a file path or null', given: String(weightPath),
      });
    }
    if (path.resolve(weightPath) === path.resolve(archPath)) {
      throw new KeraflowError(`archPath and weightPath are the same file (${archPath}); the weights go in a separate file`, {
        argument: 'weightPath', expected: 'a path other than archPath', given: weightPath,
      });
    }
  }
  const model = target instanceof Sequential ? target.asModel() : target;
  const weights = weightPath ? await encodeWeights(model) : undefined;
  const digest = weights && weightsDigest(weights);
  const document = describeArchitecture(target);
  const text = dumpArchitecture(digest ? { ...document, weights: weightsRecord(digest) } : document, format, dumpOptions);

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

/** The safetensors bytes of a model's parameters, named `layerName/param`, in graph order. */
export async function encodeWeights(model: Model): Promise<Uint8Array> {
  const tensors = await Promise.all(model.parameters().map(async ({ layer, name, variable }) => ({
    name: `${layer.name}/${name}`, shape: variable.shape, data: (await variable.data()) as Float32Array,
  })));
  return encodeSafetensors(tensors, { format: 'keraflow' });
}

/** Options of `loadFromFile`. */
export interface LoadOptions {
  /**
   * The most parameters the model may have (default: KERAFLOW_MAX_PARAMETERS,
   * else 2^28 = 268,435,456, 1 GiB of float32), checked before each is
   * allocated; an input's sample may not be larger either. A file asking for
   * more is an error instead of gigabytes of memory.
   */
  maxParameters?: number;
}

/**
 * Loads a model saved by `saveModel`: the architecture, then (when
 * `weightPath` is given) the weights, all checked before any is assigned.
 * Any problem is a KeraflowError, and no half-built model remains.
 */
export async function loadModel(archPath: string, weightPath?: string | null, options: LoadOptions = {}): Promise<{ model: Model; sequential?: Sequential }> {
  const limit = maxParameters(options?.maxParameters);
  const format = architectureFormat(archPath);
  const architectureBytes = await readFileOrThrow(archPath, 'archPath', 'architecture file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(architectureBytes);
  } catch {
    throw new KeraflowError(`${archPath}: malformed ${format === 'json' ? 'JSON' : 'YAML'}: the file is not UTF-8 text`, { argument: 'archPath', given: archPath });
  }
  const document = parseArchitecture(text, format, archPath);
  const digest = takeWeightsRecord(document, archPath);
  // The weights saved with this architecture: in place, or staged by a save that stopped after switching it.
  const weights = weightPath === undefined || weightPath === null ? undefined : await readPairedWeights(weightPath, digest);
  // The weights' layout is checked before any layer is made.
  const stored = weights && decodeSafetensors(weights.bytes, weightPath!);
  const { model, sequential, layers } = withParameterBudget(limit, () => buildArchitecture(document, archPath, stored ? { file: weightPath!, tensors: stored.tensors } : undefined));
  if (stored) {
    try {
      assignWeights(model, stored.tensors, weightPath!, archPath);
      // The layout fits, but these are not the weights saved with it.
      if (weights.foreign !== undefined) throw foreignWeightsError(weightPath!, archPath, digest!, weights.foreign);
    } catch (error) {
      new Set(layers.flatMap((layer) => Object.values(layer.weights))).forEach((variable) => variable.dispose());
      throw error;
    }
  }
  return { model, sequential };
}

/** Sets every parameter from the file: the same names, no more, no fewer, the same shapes; all or nothing. */
function assignWeights(model: Model, stored: ReadonlyMap<string, ReadTensor>, weightPath: string, archPath: string): void {
  const parameters = model.parameters().map((p) => ({ ...p, key: `${p.layer.name}/${p.name}` }));
  const fail = (message: string, key: string, layer?: string, expected?: string, given?: string): never => {
    throw new KeraflowError(`${weightPath}: ${message}`, { argument: 'weightPath', key, layer, expected, given });
  };
  for (const { key, layer, variable } of parameters) {
    const tensor = stored.get(key);
    if (!tensor) {
      fail(`parameter '${key}' is missing (the architecture ${archPath} has it, shape ${formatShape(variable.shape, { batch: false })})`, key, layer.name, formatShape(variable.shape, { batch: false }), 'nothing');
    }
    if (tensor!.shape.length !== variable.shape.length || tensor!.shape.some((size, i) => size !== variable.shape[i])) {
      const expected = formatShape(variable.shape, { batch: false });
      const given = formatShape(tensor!.shape, { batch: false });
      fail(`parameter '${key}' has shape ${given}, but the architecture ${archPath} needs ${expected}`, key, layer.name, expected, given);
    }
  }
  const expectedKeys = new Set(parameters.map((p) => p.key));
  const extra = [...stored.keys()].filter((key) => !expectedKeys.has(key));
  if (extra.length > 0) {
    fail(`holds parameter${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}, which the architecture ${archPath} does not have`, extra[0], undefined, [...expectedKeys].join(', '), extra.join(', '));
  }
  tf.tidy(() => {
    for (const { key, variable } of parameters) {
      const tensor = stored.get(key)!;
      variable.assign(tf.tensor(tensor.data, tensor.shape, 'float32'));
    }
  });
}
