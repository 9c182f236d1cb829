import * as tf from '@tensorflow/tfjs-core';
import { KeraflowError } from '../errors.ts';
import { formatShape } from '../engine/dimension.ts';
import type { Model } from '../engine/model.ts';
import { Sequential } from '../engine/sequential.ts';
// Every catalogue layer registers itself on import: loading instantiates only registered classes.
import '../layers/index.ts';
import { dumpArchitecture, parseArchitecture, type ArchitectureFormat, type DumpOptions } from './architecture-file.ts';
import { describeArchitecture } from './architecture.ts';
import { buildArchitecture } from './architecture-reader.ts';
import { decodeSafetensors, encodeSafetensors, type ReadTensor } from './safetensors.ts';

/**
 * A model in memory, as `saveToFile` writes it to two files: the
 * architecture (JSON text) and the weights (safetensors bytes). Browser-safe:
 * nothing here touches a file system (runtime/saving/model-file.ts does).
 */
export interface SavedModel {
  /** The architecture: JSON text (or its UTF-8 bytes; YAML when `format` says so). */
  architecture: string | Uint8Array;
  /** The weights in the safetensors layout; without them the model keeps fresh weights. */
  weights?: Uint8Array | null;
  /** The architecture's format (default 'json'). */
  format?: ArchitectureFormat;
}

/** What messages call the two parts: a file's path or name, or 'architecture' / 'weights' for bytes. */
export interface SourceNames {
  architecture: string;
  weights: string;
}

/** The architecture text of a model (or an Input-headed Sequential) and, with `weights`, its safetensors bytes. */
export async function modelToBytes(target: Model | Sequential, format: ArchitectureFormat, dumpOptions: DumpOptions = {}, weights = true): Promise<{ architecture: string; weights?: Uint8Array }> {
  const model = target instanceof Sequential ? target.asModel() : target;
  const architecture = dumpArchitecture(describeArchitecture(target), format, dumpOptions);
  return weights ? { architecture, weights: await encodeWeights(model) } : { architecture };
}

/** The options of `saveToBytes`: `indent` alone (the JSON's indentation, default 2). */
export function checkBytesOptions(options: unknown): { indent?: number } {
  if (options === undefined) return {};
  const extra = typeof options === 'object' && options !== null ? Object.keys(options).filter((key) => key !== 'indent') : [];
  const indent = (options as { indent?: unknown } | null)?.indent;
  if (typeof options !== 'object' || options === null || extra.length > 0 || (indent !== undefined && (typeof indent !== 'number' || !(indent >= 0)))) {
    throw new KeraflowError(`saveToBytes takes {indent?: number}, but got ${extra.length > 0 ? `the option${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}` : JSON.stringify(options) ?? String(options)}`, {
      argument: extra[0] ?? 'options', expected: '{indent?: number}', given: extra.join(', ') || String(options),
    });
  }
  return options as { indent?: number };
}

/** The safetensors bytes of a model's parameters, named `layerName/param`, in graph order. */
export async function encodeWeights(model: Model): Promise<Uint8Array> {
  const tensors = await Promise.all(model.parameters().map(async ({ layer, name, variable }) => ({
    name: `${layer.name}/${name}`, shape: variable.shape, data: (await variable.data()) as Float32Array,
  })));
  return encodeSafetensors(tensors, { format: 'keraflow' });
}

/**
 * Rebuilds a model from its architecture and (optionally) weights bytes: the
 * weights' layout is checked before any layer is made, and every parameter
 * before any is assigned. Any problem is a KeraflowError naming the source;
 * no half-built model remains.
 */
export function modelFromBytes(saved: SavedModel, names: SourceNames = { architecture: 'architecture', weights: 'weights' }): { model: Model; sequential?: Sequential } {
  const format = saved.format ?? 'json';
  const text = typeof saved.architecture === 'string' ? saved.architecture : decodeUtf8(saved.architecture, format, names.architecture);
  const document = parseArchitecture(text, format, names.architecture);
  const stored = saved.weights ? decodeSafetensors(saved.weights, names.weights) : undefined;
  const { model, sequential, layers } = buildArchitecture(document, names.architecture, stored ? { file: names.weights, tensors: stored.tensors } : undefined);
  if (stored) {
    try {
      assignWeights(model, stored.tensors, names);
    } catch (error) {
      new Set(layers.flatMap((layer) => Object.values(layer.weights))).forEach((variable) => variable.dispose());
      throw error;
    }
  }
  return { model, sequential };
}

/** Checks the arguments of `loadFromBytes` (they come from storage a program does not control). */
export function checkSavedModel(saved: unknown): SavedModel {
  const given = saved as Partial<SavedModel> | null;
  const fail = (argument: string, expected: string, value: unknown): never => {
    throw new KeraflowError(`loadFromBytes: ${argument} must be ${expected}, but got ${value === null ? 'null' : typeof value}`, {
      argument, expected, given: String(value),
    });
  };
  if (typeof given !== 'object' || given === null) fail('saved', 'an object {architecture, weights} (what saveToBytes returns)', given);
  if (typeof given!.architecture !== 'string' && !(given!.architecture instanceof Uint8Array)) {
    fail('architecture', 'the architecture as JSON text or UTF-8 bytes', given!.architecture);
  }
  if (given!.weights !== undefined && given!.weights !== null && !(given!.weights instanceof Uint8Array)) {
    fail('weights', 'the safetensors bytes (a Uint8Array) or null', given!.weights);
  }
  if (given!.format !== undefined && given!.format !== 'json' && given!.format !== 'yaml') fail('format', "'json' or 'yaml'", given!.format);
  return given as SavedModel;
}

function decodeUtf8(bytes: Uint8Array, format: ArchitectureFormat, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KeraflowError(`${name}: malformed ${format === 'json' ? 'JSON' : 'YAML'}: the file is not UTF-8 text`, { argument: 'archPath', given: name });
  }
}

/** Sets every parameter from the file: the same names, no more, no fewer, the same shapes; all or nothing. */
function assignWeights(model: Model, stored: ReadonlyMap<string, ReadTensor>, names: SourceNames): void {
  const parameters = model.parameters().map((p) => ({ ...p, key: `${p.layer.name}/${p.name}` }));
  const fail = (message: string, key: string, layer?: string, expected?: string, given?: string): never => {
    throw new KeraflowError(`${names.weights}: ${message}`, { argument: 'weightPath', key, layer, expected, given });
  };
  for (const { key, layer, variable } of parameters) {
    const tensor = stored.get(key);
    if (!tensor) {
      fail(`parameter '${key}' is missing (the architecture ${names.architecture} has it, shape ${formatShape(variable.shape, { batch: false })})`, key, layer.name, formatShape(variable.shape, { batch: false }), 'nothing');
    }
    if (tensor!.shape.length !== variable.shape.length || tensor!.shape.some((size, i) => size !== variable.shape[i])) {
      const expected = formatShape(variable.shape, { batch: false });
      const given = formatShape(tensor!.shape, { batch: false });
      fail(`parameter '${key}' has shape ${given}, but the architecture ${names.architecture} needs ${expected}`, key, layer.name, expected, given);
    }
  }
  const expectedKeys = new Set(parameters.map((p) => p.key));
  const extra = [...stored.keys()].filter((key) => !expectedKeys.has(key));
  if (extra.length > 0) {
    fail(`holds parameter${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}, which the architecture ${names.architecture} does not have`, extra[0], undefined, [...expectedKeys].join(', '), extra.join(', '));
  }
  tf.tidy(() => {
    for (const { key, variable } of parameters) {
      const tensor = stored.get(key)!;
      variable.assign(tf.tensor(tensor.data, tensor.shape, 'float32'));
    }
  });
}
