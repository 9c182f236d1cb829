import * as tf from '@tensorflow/tfjs-core';
import { describeValue, KeraflowError } from '../errors.ts';
import { formatShape } from '../engine/dimension.ts';
import type { Model } from '../engine/model.ts';
import type { Layer } from '../engine/layer.ts';
import { Sequential } from '../engine/sequential.ts';
// Every catalogue layer registers itself on import: loading instantiates only registered classes.
import '../layers/index.ts';
import { dumpArchitecture, parseArchitecture, type ArchitectureFormat, type DumpOptions } from './architecture-file.ts';
import { describeArchitecture } from './architecture.ts';
import { buildArchitecture } from './architecture-reader.ts';
import { decodeSafetensors, encodeSafetensors, type ReadTensor } from './safetensors.ts';
import { maxParameters, withParameterBudget } from '../engine/parameter-budget.ts';

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

/** Options of loading (`loadFromFile`, `loadFromBytes`). */
export interface LoadOptions {
  /**
   * The most parameters the model may have (default: KERAFLOW_MAX_PARAMETERS,
   * else 2^28 = 268,435,456, 1 GiB of float32), checked before each is
   * allocated; an input's sample may not be larger either. A file asking for
   * more is an error instead of gigabytes of memory.
   */
  maxParameters?: number;
}

/** What messages call the two parts: a file's path or name, or 'architecture' / 'weights' for bytes. */
export interface SourceNames {
  architecture: string;
  weights: string;
}

/** The architecture text of a model (or an Input-headed Sequential) and, with `weights`, its safetensors bytes. */
export async function modelToBytes(target: Model | Sequential, format: ArchitectureFormat, dumpOptions: DumpOptions = {}, weights = true): Promise<{ architecture: string; weights?: Uint8Array }> {
  const model = target instanceof Sequential ? target.asModel() : target;
  const architecture = architectureText(target, format, dumpOptions);
  return weights ? { architecture, weights: await encodeWeights(model) } : { architecture };
}

/** The architecture document as text, with top-level `extra` entries (saving to files records its weights' hash there). */
export function architectureText(target: Model | Sequential, format: ArchitectureFormat, dumpOptions: DumpOptions = {}, extra: Record<string, unknown> = {}): string {
  return dumpArchitecture({ ...describeArchitecture(target), ...extra }, format, dumpOptions);
}

/** The options of `saveToBytes`: `indent` alone (the JSON's indentation, default 2). */
export function checkBytesOptions(options: unknown): { indent?: number } {
  if (options === undefined) return {};
  const extra = typeof options === 'object' && options !== null ? Object.keys(options).filter((key) => key !== 'indent') : [];
  const indent = (options as { indent?: unknown } | null)?.indent;
  if (typeof options !== 'object' || options === null || extra.length > 0 || (indent !== undefined && (typeof indent !== 'number' || !(indent >= 0)))) {
    throw new KeraflowError(
      `saveToBytes takes {indent?: number}, but got ${extra.length > 0 ? `the option${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}` : (JSON.stringify(options) ?? String(options))}`,
      {
        argument: extra[0] ?? 'options',
        expected: '{indent?: number}',
        given: extra.join(', ') || String(options),
      },
    );
  }
  return options as { indent?: number };
}

/**
 * The safetensors bytes of a model's weights, named `layerName/weight` as
 * each layer's `weights` names them (or `weightsOf`: keraflow import writes
 * a `use keras` file's weights under Keras's names), in graph order.
 */
export async function encodeWeights(model: Model, weightsOf: (layer: Layer<any>) => Readonly<Record<string, tf.Tensor>> = (layer) => layer.weights): Promise<Uint8Array> {
  const tensors: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (const layer of model.layersWithWeights()) {
    const variables = new Set<tf.Tensor>(Object.values(layer.variables));
    for (const [name, weight] of Object.entries(weightsOf(layer))) {
      tensors.push({ name: `${layer.name}/${name}`, shape: weight.shape, data: (await weight.data()) as Float32Array });
      // A weight joined from several variables is the layer's new tensor.
      if (!variables.has(weight)) weight.dispose();
    }
  }
  return encodeSafetensors(tensors, { format: 'keraflow' });
}

/**
 * Rebuilds a model from its architecture and (optionally) weights bytes: the
 * weights' layout is checked before any layer is made, and every parameter
 * before any is assigned. Any problem is a KeraflowError naming the source;
 * no half-built model remains.
 */
export function modelFromBytes(saved: SavedModel, names: SourceNames = { architecture: 'architecture', weights: 'weights' }, options: LoadOptions = {}): { model: Model; sequential?: Sequential } {
  const format = saved.format ?? 'json';
  const document = parseArchitecture(architectureTextOf(saved.architecture, format, names.architecture), format, names.architecture);
  // An architecture saved to files records its weights' hash; in memory the two parts come together.
  takeWeightsRecord(document, names.architecture);
  return modelFromDocument(document, saved.weights ?? undefined, names, options);
}

/** The architecture's text: as given, or decoded from UTF-8 bytes (a clear error for anything else). */
export function architectureTextOf(architecture: string | Uint8Array, format: ArchitectureFormat, name: string): string {
  return typeof architecture === 'string' ? architecture : decodeUtf8(architecture, format, name);
}

/** A model from a parsed architecture document and its weights' bytes (see modelFromBytes). */
export function modelFromDocument(document: unknown, weights: Uint8Array | undefined, names: SourceNames, options: LoadOptions = {}): { model: Model; sequential?: Sequential } {
  const limit = maxParameters(options?.maxParameters);
  const stored = weights ? decodeSafetensors(weights, names.weights) : undefined;
  const { model, sequential, layers } = withParameterBudget(limit, () => buildArchitecture(document, names.architecture, stored ? { file: names.weights, tensors: stored.tensors } : undefined));
  if (stored) {
    try {
      assignWeights(model, stored.tensors, names.weights, `the architecture ${names.architecture}`);
    } catch (error) {
      new Set(layers.flatMap((layer) => Object.values(layer.variables))).forEach((variable) => variable.dispose());
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
      argument,
      expected,
      given: String(value),
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

/**
 * Sets every weight from stored weights (`weightsName` in messages): the
 * names each layer's `weights` gives (`layerName/weight`), no more, no
 * fewer, the same shapes as `holder` (the architecture, or the model) has;
 * all or nothing.
 */
export function assignWeights(model: Model, stored: ReadonlyMap<string, ReadTensor>, weightsName: string, holder: string): void {
  const fail = (message: string, key: string, layer?: string, expected?: string, given?: string): never => {
    throw new KeraflowError(`${weightsName}: ${message}`, { argument: 'weightPath', key, layer, expected, given });
  };
  const layers = model.layersWithWeights();
  const expectedKeys = new Set<string>();
  tf.tidy(() => {
    for (const layer of layers) {
      const weights = layer.weights;
      const keys = Object.keys(weights).map((name) => `${layer.name}/${name}`);
      keys.forEach((key) => expectedKeys.add(key));
      refuseVariableNames(layer, Object.keys(weights), stored, weightsName);
      for (const [name, weight] of Object.entries(weights)) {
        const key = `${layer.name}/${name}`;
        const tensor = stored.get(key);
        const expected = formatShape(weight.shape, { batch: false });
        if (!tensor) fail(`parameter '${key}' is missing (${holder} has it, shape ${expected})`, key, layer.name, expected, 'nothing');
        if (tensor!.shape.length !== weight.shape.length || tensor!.shape.some((size, i) => size !== weight.shape[i])) {
          const given = formatShape(tensor!.shape, { batch: false });
          fail(`parameter '${key}' has shape ${given}, but ${holder} needs ${expected}`, key, layer.name, expected, given);
        }
      }
    }
  });
  const extra = [...stored.keys()].filter((key) => !expectedKeys.has(key));
  if (extra.length > 0) {
    fail(`holds parameter${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}, which ${holder} does not have`, extra[0], undefined, [...expectedKeys].join(', '), extra.join(', '));
  }
  tf.tidy(() => {
    for (const layer of layers) {
      const weights = Object.fromEntries(Object.keys(layer.weights).map((name) => [name, storedTensor(stored.get(`${layer.name}/${name}`)!)]));
      const variables = layer.variables;
      for (const [name, value] of Object.entries(layer.variablesFromWeights(weights))) variables[name].assign(value);
    }
  });
}

function storedTensor(tensor: ReadTensor): tf.Tensor {
  return tf.tensor(tensor.data, tensor.shape, 'float32');
}

/**
 * A weights file that names a layer's weights by its variables (a Keras
 * dialect layer saved before it had Keras's names: `dense/W`, not
 * `dense/kernel`) is refused, naming both, rather than read as something else.
 */
function refuseVariableNames(layer: Layer<any>, weightNames: readonly string[], stored: ReadonlyMap<string, ReadTensor>, weightsName: string): void {
  const variableNames = Object.keys(layer.variables);
  const has = (name: string) => stored.has(`${layer.name}/${name}`);
  if (weightNames.every(has) || !variableNames.every(has)) return;
  throw new KeraflowError(
    `${weightsName}: layer '${layer.name}' (${layer.className}) is stored as ${variableNames.join(', ')}, but its weights are ${weightNames.join(', ')} (Keras 3's names): save the weights again with this version of Keraflow`,
    { argument: 'weightPath', key: `${layer.name}/${variableNames[0]}`, layer: layer.name, expected: weightNames.join(', '), given: variableNames.join(', ') },
  );
}

/**
 * The weights digest an architecture document records, removed from the
 * document (the layers' reader does not know the key); undefined for a file
 * without one.
 */
export function takeWeightsRecord(document: unknown, archPath: string): string | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !Object.hasOwn(document, 'weights')) return undefined;
  const record = (document as Record<string, unknown>).weights;
  delete (document as Record<string, unknown>).weights;
  const digest = typeof record === 'object' && record !== null ? (record as Record<string, unknown>).sha256 : undefined;
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest) || Object.keys(record as object).length !== 1) {
    throw new KeraflowError(`${archPath}: weights must be {sha256: <64 hexadecimal digits>}, but is ${describeValue(record)}`, {
      argument: 'archPath',
      key: 'weights',
      expected: '{sha256: <64 hexadecimal digits>}',
      given: describeValue(record),
    });
  }
  return digest;
}
