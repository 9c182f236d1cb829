import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { KeraflowError } from '../errors.ts';
import { formatShape } from '../engine/dimension.ts';
import type { Model } from '../engine/model.ts';
import { Sequential } from '../engine/sequential.ts';
// Every catalogue layer registers itself on import: loading instantiates only registered classes.
import '../layers/index.ts';
import { architectureFormat, dumpArchitecture, parseArchitecture, type DumpOptions } from './architecture-file.ts';
import { describeArchitecture } from './architecture.ts';
import { buildArchitecture } from './architecture-reader.ts';
import { checkCanWrite, readFileOrThrow, writeFileAtomic } from './atomic-write.ts';
import { decodeSafetensors, encodeSafetensors, type ReadTensor } from './safetensors.ts';

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
  const model = target instanceof Sequential ? target.asModel() : target;
  const text = dumpArchitecture(describeArchitecture(target), format, dumpOptions);
  const weights = weightPath ? await encodeWeights(model) : undefined;

  await checkCanWrite(archPath, { overwrite, argument: 'archPath' });
  if (weightPath) await checkCanWrite(weightPath, { overwrite, argument: 'weightPath' });
  if (weightPath) await writeFileAtomic(weightPath, weights!, { overwrite, argument: 'weightPath' });
  await writeFileAtomic(archPath, text, { overwrite, argument: 'archPath' });
}

/** The safetensors bytes of a model's parameters, named `layerName/param`, in graph order. */
export async function encodeWeights(model: Model): Promise<Uint8Array> {
  const tensors = await Promise.all(model.parameters().map(async ({ layer, name, variable }) => ({
    name: `${layer.name}/${name}`, shape: variable.shape, data: (await variable.data()) as Float32Array,
  })));
  return encodeSafetensors(tensors, { format: 'keraflow' });
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
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(architectureBytes);
  } catch {
    throw new KeraflowError(`${archPath}: malformed ${format === 'json' ? 'JSON' : 'YAML'}: the file is not UTF-8 text`, { argument: 'archPath', given: archPath });
  }
  const document = parseArchitecture(text, format, archPath);
  // The weights' layout is checked before any layer is made.
  const stored = weightBytes && decodeSafetensors(weightBytes, weightPath!);
  const { model, sequential, layers } = buildArchitecture(document, archPath, stored ? { file: weightPath!, tensors: stored.tensors } : undefined);
  if (stored) {
    try {
      assignWeights(model, stored.tensors, weightPath!, `the architecture ${archPath}`);
    } catch (error) {
      new Set(layers.flatMap((layer) => Object.values(layer.weights))).forEach((variable) => variable.dispose());
      throw error;
    }
  }
  return { model, sequential };
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

/** Sets every parameter from the file: the same names, no more, no fewer, the same shapes; all or nothing. `holder`: what has the parameters, in messages. */
function assignWeights(model: Model, stored: ReadonlyMap<string, ReadTensor>, weightPath: string, holder: string): void {
  const parameters = model.parameters().map((p) => ({ ...p, key: `${p.layer.name}/${p.name}` }));
  const fail = (message: string, key: string, layer?: string, expected?: string, given?: string): never => {
    throw new KeraflowError(`${weightPath}: ${message}`, { argument: 'weightPath', key, layer, expected, given });
  };
  for (const { key, layer, variable } of parameters) {
    const tensor = stored.get(key);
    if (!tensor) {
      fail(`parameter '${key}' is missing (${holder} has it, shape ${formatShape(variable.shape, { batch: false })})`, key, layer.name, formatShape(variable.shape, { batch: false }), 'nothing');
    }
    if (tensor!.shape.length !== variable.shape.length || tensor!.shape.some((size, i) => size !== variable.shape[i])) {
      const expected = formatShape(variable.shape, { batch: false });
      const given = formatShape(tensor!.shape, { batch: false });
      fail(`parameter '${key}' has shape ${given}, but ${holder} needs ${expected}`, key, layer.name, expected, given);
    }
  }
  const expectedKeys = new Set(parameters.map((p) => p.key));
  const extra = [...stored.keys()].filter((key) => !expectedKeys.has(key));
  if (extra.length > 0) {
    fail(`holds parameter${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}, which ${holder} does not have`, extra[0], undefined, [...expectedKeys].join(', '), extra.join(', '));
  }
  tf.tidy(() => {
    for (const { key, variable } of parameters) {
      const tensor = stored.get(key)!;
      variable.assign(tf.tensor(tensor.data, tensor.shape, 'float32'));
    }
  });
}
