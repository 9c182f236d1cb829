import * as tf from '@tensorflow/tfjs-core';
import { strToU8, zipSync } from 'fflate';
import { KeraflowError } from '../errors.ts';
import type { Input } from '../engine/input.ts';
import { kerasContext, kerasVariables, type KerasObject } from '../engine/keras.ts';
import type { Shape } from '../engine/dimension.ts';
import type { Kensor } from '../engine/kensor.ts';
import type { Layer } from '../engine/layer.ts';
import type { Model } from '../engine/model.ts';
import { Sequential } from '../engine/sequential.ts';
import { toSnakeCase } from '../engine/naming.ts';
import { graphNodes } from './architecture.ts';
import { writeHdf5, type Hdf5Group } from './hdf5.ts';

/**
 * Export to Keras 3: the `.keras` archive that `keras.saving.load_model`
 * reads, built as bytes in memory (no file system: this module runs in a
 * browser too; runtime/saving/keras-export.ts writes the file). The archive
 * is a zip of
 *
 *   config.json        the functional model (`keras.Model`) as Keras 3 serializes it
 *   metadata.json      the format's version and the date
 *   model.weights.h5   the weights, in HDF5, where Keras 3 looks for them
 *
 * Each layer maps onto its Keras counterpart by its spec's `keras` field (the
 * class name, the config, the weights and where Keras 3 keeps them), the same
 * mapping the TensorFlow.js export reads, with `target: 'keras3'`.
 * Sequentials are flattened into the functional graph; an application with
 * several outputs (LSTM's return_state) is referred to by output index, and
 * tensors by keyword and call options (initial_state, MultiHeadAttention's
 * key and attention_mask) are the node's `kwargs`, as Keras writes them. An Input with a
 * `maskValue` becomes a Keras Masking layer after the input (or, for integer
 * tokens masked at 0 that go into an Embedding, the Embedding's `mask_zero`).
 * A layer or argument with no Keras 3 counterpart is an error naming it.
 *
 * Keras 3 finds a layer's weights by position, not by name: under
 * `layers/<snake_case class>[_n]/vars/<i>`, numbered in the order of
 * `model.layers` of the model it rebuilds from config.json. `kerasLayerOrder`
 * works that order out the way Keras does (keras/src/ops/function.py,
 * `map_graph`).
 *
 * The archive holds no training setup: compile the loaded model in Keras.
 */

/** What `metadata.json` says: the version of the format (Keras 3's), not of a Keras that wrote it. */
const KERAS_FORMAT_VERSION = '3.0.0';

/** A Keras tensor as a node's argument refers to it. */
interface TensorReference {
  readonly layer: string;
  readonly node: number;
  /** Which of the node's outputs (LSTM with return_state gives 3). */
  readonly index: number;
  /** As Keras writes it: null for a size not known before the data. */
  readonly shape: readonly (number | null)[];
  /** As Keraflow's shape rules take it (symbolic sizes included). */
  readonly kensorShape: Shape;
  readonly dtype: string;
  /** Integer tokens whose 0 is masked: only an Embedding (with `mask_zero`) may take them. */
  readonly maskZero?: Input;
}

export interface LayerEntry {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
  build_config?: { input_shape: unknown };
  name: string;
  inbound_nodes: { args: unknown[]; kwargs: Record<string, unknown> }[];
}

/** A node's tensors by keyword and its call options, and the shapes of its outputs, as the graph has them. */
interface NodeCall {
  keywords?: Readonly<Record<string, TensorReference | readonly TensorReference[]>>;
  options?: Readonly<Record<string, unknown>>;
  outputShapes?: readonly Shape[];
}

/** The Keras 3 model config (config.json) and the weights file's groups; the caller disposes the groups' tensors (a tidy scope). */
export function kerasModelConfig(model: Model): { config: Record<string, unknown>; groups: { path: string; name: string; tensors: tf.Tensor[] }[] } {
  const builder = new Keras3Builder();
  const { plan } = graphNodes(model);
  const references = new Map<Kensor, TensorReference>();
  for (const input of model.inputs) references.set(input.output, builder.input(input));
  for (const kensor of plan) {
    const { layer, inputs, keywords, options, outputs } = kensor.origin;
    const keywordReferences = Object.fromEntries(
      Object.entries(keywords ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map((k) => references.get(k)!) : references.get(value as Kensor)!]),
    );
    const produced = outputs ?? [kensor];
    const call = { keywords: keywordReferences, options, outputShapes: produced.map((output) => output.shape) };
    const made = builder.apply(
      layer,
      inputs.map((k) => references.get(k)!),
      true,
      call,
    );
    produced.forEach((output, index) => references.set(output, made[index]));
  }
  const history = (reference: TensorReference) => [reference.layer, reference.node, reference.index];
  const inputs = model.inputs.map((input) => ({ layer: input.name, node: 0 }));
  const outputs = model.outputs.map((output) => references.get(output)!);
  const config = {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: true,
      layers: builder.entries,
      input_layers: model.inputs.map((input) => [input.name, 0, 0]),
      output_layers: outputs.map(history),
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
  const order = kerasLayerOrder(builder.entries, inputs, outputs);
  const used = new Map<string, number>();
  const groups = order.map((entry) => {
    const base = pythonSnakeCase(entry.class_name);
    const count = used.get(base);
    used.set(base, (count ?? -1) + 1);
    return { path: `layers/${count === undefined ? base : `${base}_${count + 1}`}`, name: entry.name, variables: builder.variables.get(entry) ?? {} };
  });
  return {
    config,
    groups: groups.flatMap(({ path, name, variables }) => [
      { path: `${path}/vars`, name, tensors: variables.vars ?? [] },
      ...Object.entries(variables)
        .filter(([group]) => group !== 'vars')
        .map(([group, tensors]) => ({ path: `${path}/${group}`, name, tensors })),
    ]),
  };
}

/** The `.keras` archive of a model, as bytes. */
export async function kerasArchive(model: Model, options: { date?: Date } = {}): Promise<Uint8Array> {
  let config: Record<string, unknown> = {};
  const groups: Hdf5Group[] = [];
  tf.tidy(() => {
    const described = kerasModelConfig(model);
    config = described.config;
    for (const { path, name, tensors } of described.groups) {
      groups.push({
        path,
        attributes: { name },
        datasets: tensors.map((tensor, index) => ({ name: String(index), shape: tensor.shape, data: tensor.dataSync() as Float32Array })),
      });
    }
  });
  groups.push({ path: 'vars', attributes: { name: model.name }, datasets: [] });
  const weights = await writeHdf5(groups);
  const metadata = { keras_version: KERAS_FORMAT_VERSION, date_saved: kerasDate(options.date ?? new Date()), generated_by: 'keraflow' };
  // Stored, not deflated, like Keras's own archives: the weights file can be read in place.
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(JSON.stringify(config)),
      'model.weights.h5': weights,
    },
    { level: 0 },
  );
}

/** Keras's `date_saved` format: 2026-12-06@23:56:12. */
function kerasDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '@');
}

/** Keras's `naming.to_snake_case` (the name of a layer's group in the weights file). */
export function pythonSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * `model.layers` of the Keras model rebuilt from these entries: by depth (the
 * longest path to an output), deepest first, and within a depth in the order
 * a depth-first walk from the outputs first meets them (Keras's `map_graph`).
 */
export function kerasLayerOrder(entries: readonly LayerEntry[], inputs: readonly { layer: string; node: number }[], outputs: readonly { layer: string; node: number }[]): LayerEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const key = (reference: { layer: string; node: number }) => `${reference.layer}\u0000${reference.node}`;
  const parents = (reference: { layer: string; node: number }): { layer: string; node: number }[] => {
    const node = byName.get(reference.layer)!.inbound_nodes[reference.node];
    if (!node) return []; // an InputLayer's own node
    // Keras's order: the arguments, then the keyword arguments by sorted name (tree.flatten((args, kwargs))).
    const kwargs = Object.keys(node.kwargs)
      .sort()
      .map((name) => node.kwargs[name]);
    const tensors = [...node.args, ...kwargs].flat(2).filter(isKerasTensor);
    return tensors.map((tensor) => ({ layer: tensor.config.keras_history[0], node: tensor.config.keras_history[1] }));
  };
  const finished = new Set<string>();
  const nodesInDecreasingDepth: { layer: string; node: number }[] = [];
  const operationIndex = new Map<string, number>();
  const visit = (reference: { layer: string; node: number }) => {
    if (finished.has(key(reference))) return;
    if (!operationIndex.has(reference.layer)) operationIndex.set(reference.layer, operationIndex.size);
    for (const parent of parents(reference)) visit(parent);
    finished.add(key(reference));
    nodesInDecreasingDepth.push(reference);
  };
  outputs.forEach(visit);
  const nodeDepth = new Map<string, number>();
  const operationDepth = new Map<string, number>();
  for (const reference of [...nodesInDecreasingDepth].reverse()) {
    const depth = Math.max(nodeDepth.get(key(reference)) ?? 0, operationDepth.get(reference.layer) ?? 0);
    operationDepth.set(reference.layer, depth);
    nodeDepth.set(key(reference), depth);
    for (const parent of parents(reference)) {
      if (!finished.has(key(parent))) continue;
      nodeDepth.set(key(parent), Math.max(depth + 1, nodeDepth.get(key(parent)) ?? 0));
    }
  }
  // Inputs no output depends on.
  for (const input of inputs) {
    if (!operationDepth.has(input.layer)) {
      operationDepth.set(input.layer, 0);
      operationIndex.set(input.layer, -1);
    }
  }
  const names = [...operationDepth.keys()];
  names.sort((a, b) => operationDepth.get(b)! - operationDepth.get(a)! || operationIndex.get(a)! - operationIndex.get(b)!);
  return names.map((name) => byName.get(name)!);
}

/** Builds Keras 3 layer entries for the functional graph, and gathers each entry's weights. */
class Keras3Builder {
  readonly entries: LayerEntry[] = [];
  readonly variables = new Map<LayerEntry, Record<string, tf.Tensor[]>>();
  private readonly byLayer = new Map<Layer<any>, LayerEntry>();
  private readonly names = new Map<string, Layer<any>>();

  input(input: Input): TensorReference {
    const name = this.uniqueName(input.name, input);
    const shape = input.shape.map(concrete);
    const dtype = input.args.dtype as string;
    const entry: LayerEntry = {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: shape, dtype, sparse: false, name },
      registered_name: null,
      name,
      inbound_nodes: [],
    };
    this.byLayer.set(input, entry);
    this.entries.push(entry);
    const reference: TensorReference = { layer: name, node: 0, index: 0, shape, kensorShape: input.shape, dtype };
    if (input.maskValue === null) return reference;
    if (shape.length === 2) {
      // Keras's Masking masks a time step whose *vector* is all mask_value: tokens need the Embedding's mask_zero.
      if (input.maskValue !== 0) throw unsupported(input, 'maskValue', `is ${input.maskValue} on a sequence of single values; Keras masks such a sequence only at 0 (Embedding's mask_zero)`);
      return { ...reference, maskZero: input };
    }
    const maskingName = this.uniqueName(`${input.name}_masking`, input);
    const masking: LayerEntry = {
      module: 'keras.layers',
      class_name: 'Masking',
      config: { name: maskingName, trainable: true, dtype: 'float32', mask_value: input.maskValue },
      registered_name: null,
      build_config: { input_shape: shape },
      name: maskingName,
      inbound_nodes: [{ args: [kerasTensor(reference)], kwargs: {} }],
    };
    this.entries.push(masking);
    return { layer: maskingName, node: 0, index: 0, shape, kensorShape: input.shape, dtype: 'float32' };
  }

  /** One application of a layer (of a Sequential: of each layer in it, in turn); the references to its outputs. */
  apply(layer: Layer<any>, inputs: TensorReference[], trainable: boolean, call: NodeCall = {}): TensorReference[] {
    if (layer instanceof Sequential) {
      let current = inputs;
      for (const child of layer.layers) current = this.apply(child, current, trainable && layer.trainable);
      return current;
    }
    const shapes = inputs.map((input) => input.kensorShape);
    const keywords = Object.entries(call.keywords ?? {});
    // Keras builds a layer called with several tensor arguments from their shapes by name: the call builds it when the model loads.
    const positional = POSITIONAL_INPUTS.has(layer.kerasCounterpart().className);
    const buildable = keywords.length === 0 && !positional;
    const entry = this.byLayer.get(layer) ?? this.entry(layer, shapes, trainable && layer.trainable, buildable);
    const masked = inputs.find((input) => input.maskZero);
    if (masked) {
      if (entry.class_name !== 'Embedding') {
        throw unsupported(masked.maskZero!, 'maskValue', `masks integer tokens that go into ${layer.name} (${layer.className}); Keras masks tokens only in an Embedding (mask_zero)`);
      }
      entry.config.mask_zero = true;
    }
    const tensors = inputs.map(kerasTensor);
    const args = positional ? tensors : [layer.takesList() ? tensors : tensors[0]];
    const kwargs: Record<string, unknown> = Object.fromEntries([
      ...keywords.map(([name, value]) => [toSnakeCase(name), Array.isArray(value) ? value.map(kerasTensor) : kerasTensor(value as TensorReference)]),
      ...Object.entries(call.options ?? {}).map(([name, value]) => [toSnakeCase(name), value]),
    ]);
    entry.inbound_nodes.push({ args, kwargs });
    const node = entry.inbound_nodes.length - 1;
    const outputShapes = call.outputShapes ?? [layer.outputShape(layer.takesList() ? shapes : shapes[0]) as Shape];
    return outputShapes.map((kensorShape, index) => ({ layer: entry.name, node, index, shape: kensorShape.map(concrete), kensorShape, dtype: 'float32' }));
  }

  /** The entry of a layer (made on its first application), with its weights; `buildable`: whether Keras can build it from `input_shape`. */
  private entry(layer: Layer<any>, shapes: Shape[], trainable: boolean, buildable: boolean): LayerEntry {
    // A Keras dialect layer is exported as the Keraflow layer it runs (same name, same parameters).
    const source = layer.kerasCounterpart();
    const described = kerasLayerObject(layer, shapes, trainable);
    const name = this.uniqueName(layer.name, layer);
    const known = shapes.map((shape) => shape.map(concrete));
    const entry: LayerEntry = {
      ...described,
      ...(buildable ? { build_config: { input_shape: layer.takesList() ? known : known[0] } } : {}),
      name,
      inbound_nodes: [],
    };
    this.byLayer.set(layer, entry);
    this.entries.push(entry);
    const params = layer.variables as Record<string, tf.Tensor>;
    if (Object.keys(params).length > 0) {
      const mapping = source.spec.keras!;
      if (!mapping.weights && !mapping.variables) throw noCounterpart(layer, 'its Keras mapping gives no weight layout');
      this.variables.set(entry, kerasVariables(mapping, params, source.args));
    }
    return entry;
  }

  private uniqueName(name: string, layer: Layer<any>): string {
    if (name.includes('/')) {
      throw new KeraflowError(`${name} (${layer.className}) cannot be exported to Keras: Keras layer names cannot contain '/'; rename the layer`, {
        layer: layer.name,
        argument: 'name',
        expected: "a name without '/'",
        given: name,
      });
    }
    const earlier = this.names.get(name);
    if (earlier && earlier !== layer) {
      throw new KeraflowError(`${name} (${layer.className}) cannot be exported to Keras: another Keras layer already has that name`, { layer: layer.name, argument: 'name', given: name });
    }
    this.names.set(name, layer);
    return name;
  }
}

/** A layer as Keras 3 serializes it, without its name and graph links. */
export type KerasLayerObject = Omit<LayerEntry, 'name' | 'inbound_nodes'>;

/**
 * A layer as a Keras 3 object (also a wrapper's inner layer, nested in the
 * wrapper's config), for the input shapes it is built for: what this archive
 * and the Python that `keraflow compile --target keras` writes both say, so
 * they cannot disagree. A layer or argument with no Keras 3 counterpart is a
 * KeraflowError naming it.
 */
export function kerasLayerObject(layer: Layer<any>, shapes: readonly Shape[], trainable: boolean): KerasLayerObject {
  // A Keras dialect layer is written as the Keraflow layer it runs (same name, same parameters), with the Keras arguments that one lacks.
  const overrides = layer.kerasConfigOverrides();
  layer = layer.kerasCounterpart();
  const mapping = layer.spec.keras;
  if (!mapping || !Object.hasOwn(layer.constructor, 'spec')) throw noCounterpart(layer, 'it has no Keras counterpart');
  const nested = (inner: Layer<any>): KerasObject => kerasLayerObject(inner, [], trainable && inner.trainable) as KerasObject;
  const context = kerasContext(layer, shapes as (number | null)[][], nested, 'keras3');
  const className = typeof mapping.className === 'function' ? mapping.className(layer.args) : mapping.className;
  const config: Record<string, unknown> = { name: layer.name, trainable, dtype: 'float32' };
  for (const [key, value] of Object.entries({ ...mapping.config(layer.args, context), ...overrides })) config[key] = keras3Object(key, value);
  return { module: 'keras.layers', class_name: className, config, registered_name: null };
}

/** A symbolic size is unknown to Keras. */
function concrete(size: unknown): number | null {
  return typeof size === 'number' ? size : null;
}

/** Keras 3 layers that take their input tensors as separate arguments (`mha(query, value)`), not as one list. */
const POSITIONAL_INPUTS: ReadonlySet<string> = new Set(['MultiHeadAttention']);

function kerasTensor(reference: TensorReference): KerasTensor {
  return {
    class_name: '__keras_tensor__',
    config: { shape: reference.shape, dtype: reference.dtype, keras_history: [reference.layer, reference.node, reference.index] },
  };
}

interface KerasTensor {
  class_name: '__keras_tensor__';
  config: { shape: readonly (number | null)[]; dtype: string; keras_history: [string, number, number] };
}

function isKerasTensor(value: unknown): value is KerasTensor {
  return typeof value === 'object' && value !== null && (value as { class_name?: unknown }).class_name === '__keras_tensor__';
}

/** The Keras module of an initializer, regularizer or constraint in a layer config, by the key that holds it. */
const OBJECT_MODULES: readonly [RegExp, string][] = [
  [/_initializer$/, 'keras.initializers'],
  [/_regularizer$/, 'keras.regularizers'],
  [/_constraint$/, 'keras.constraints'],
];

/** A `{class_name, config}` value of a layer config as Keras 3 serializes it: with its module. */
function keras3Object(key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('class_name' in value) || 'module' in value) return value;
  const module = OBJECT_MODULES.find(([pattern]) => pattern.test(key))?.[1];
  return module === undefined ? value : { module, ...value, registered_name: null };
}

function unsupported(layer: Layer<any>, argument: string, why: string): KeraflowError {
  return new KeraflowError(`${layer.name} (${layer.className}) cannot be exported to Keras: ${argument} ${why}`, {
    layer: layer.name,
    argument,
    expected: 'a value Keras can express',
    given: why,
  });
}

function noCounterpart(layer: Layer<any>, why: string): KeraflowError {
  return new KeraflowError(`${layer.name} (${layer.className}) cannot be exported to Keras: ${why}`, {
    layer: layer.name,
    expected: 'a layer with a Keras counterpart',
    given: layer.className,
  });
}
