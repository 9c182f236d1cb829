import * as tf from '@tensorflow/tfjs-core';
import { unzipSync } from 'fflate';
import { describeValue, KeraflowError } from '../errors.ts';
import { symbol } from '../engine/dimension.ts';
import { toCamelCase } from '../engine/naming.ts';
import { Input } from '../engine/input.ts';
import { kerasImportContext, kerasVariables, penaltiesFromKeras, regularizerFromKeras, type KerasImportContext, type KerasMapping, type KerasTarget } from '../engine/keras.ts';
import type { Kensor } from '../engine/kensor.ts';
import type { Layer } from '../engine/layer.ts';
import { Model } from '../engine/model.ts';
import { createLayer, DIALECTS, layerCatalogue } from '../layers/registry.ts';
import { compileFromTrainingConfig } from '../training/training-config.ts';
import { isHdf5, readHdf5 } from './hdf5.ts';
import { kerasLayerOrder, pythonSnakeCase, type LayerEntry } from './keras-archive.ts';
import { kerasDialectLayer, needsKerasDialect } from './keras-dialect-import.ts';
import { trainingConfigFromKeras } from './keras-training-config.ts';

/**
 * Import from Keras 3: a `.keras` archive (as bytes; `Model.loadKeras` reads
 * the file) becomes a Keraflow Model with the same graph, layer names and
 * weights, compiled as the archive's `compile_config` says (when it has
 * one). A model's config (`model.to_json()`) alone gives the graph with
 * fresh weights. Functional models (several inputs and outputs, layers
 * called at several nodes, layers with several outputs, tensors by keyword
 * such as initial_state) and Sequentials (with an InputLayer or a layer's
 * input shape) are read.
 *
 * Each Keras layer becomes the Keraflow layer whose spec's `keras` mapping
 * has its class name and a `fromKeras` way back (the arguments from the
 * config, the parameters from the weights); the weights are found where
 * Keras 3 keeps them (see keras-archive.ts). A layer with no way back, or a
 * config value Keraflow cannot express, is an error naming the layer and
 * its Keras class.
 */
export async function modelFromKerasArchive(bytes: Uint8Array, source: string): Promise<Model> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new KeraflowError(`${source} is not a .keras archive (a zip): ${(error as Error).message}`, { argument: 'file', given: source, expected: 'a .keras archive' });
  }
  for (const name of ['config.json', 'model.weights.h5']) {
    if (!files[name]) throw new KeraflowError(`${source} has no ${name}: not a Keras 3 archive`, { argument: 'file', given: source, expected: `an archive with ${name}` });
  }
  const document = parseJson(new TextDecoder().decode(files['config.json']), `${source} (config.json)`);
  const graph = kerasGraph(document, source);
  // Checked here: the HDF5 library given other bytes prints pages of diagnostics and fails with no useful message.
  if (!isHdf5(files['model.weights.h5'])) {
    throw new KeraflowError(`${source}: model.weights.h5 is not an HDF5 file (it lacks the HDF5 signature)`, { argument: 'file', given: source, expected: 'an HDF5 model.weights.h5' });
  }
  const groups = await readHdf5(files['model.weights.h5']);

  // The weights of each entry, by the group Keras 3 gives it (its place in `model.layers`; a nested model's layers under its own group).
  const weights = new Map<LayerEntry, Record<string, tf.Tensor[]>>();
  const readWeights = (of: KerasGraph, within: string) => {
    const used = new Map<string, number>();
    for (const entry of of.order) {
      const base = pythonSnakeCase(entry.class_name);
      const count = used.get(base);
      used.set(base, (count ?? -1) + 1);
      const prefix = `${within}layers/${count === undefined ? base : `${base}_${count + 1}`}/`;
      if (NESTED_MODELS.has(entry.class_name)) {
        readWeights(nestedGraph(entry, source), prefix);
        continue;
      }
      const own: Record<string, tf.Tensor[]> = {};
      for (const [path, datasets] of groups) {
        if (path.startsWith(prefix) && datasets.length > 0) own[path.slice(prefix.length)] = datasets.map(({ shape, data }) => tf.tensor(data, shape, 'float32'));
      }
      weights.set(entry, own);
    }
  };
  readWeights(graph, '');
  try {
    const { model, layers } = buildModel(graph, source, 'keras3');
    assignWeights(layers, (entry) => weights.get(entry) ?? {}, 'keras3');
    compileAsKeras(model, document, source);
    return model;
  } finally {
    for (const tensors of weights.values())
      Object.values(tensors)
        .flat()
        .forEach((tensor) => tensor.dispose());
  }
}

/** A Keras model config (`model.to_json()`, or an archive's config.json) as a Keraflow model with fresh weights, compiled as its `compile_config` says. */
export function modelFromKerasConfig(text: string, source: string): Model {
  const document = parseJson(text, source);
  const { model } = buildModel(kerasGraph(document, source), source, 'keras3');
  compileAsKeras(model, document, source);
  return model;
}

/**
 * A TensorFlow.js Layers `model.json` (its text) as a Keraflow model, with
 * the weights of its shards (`readFile` gives a shard's bytes by its path
 * in the manifest, relative to model.json). TensorFlow.js follows Keras 2:
 * its nodes are lists of `[layer, node, tensor, kwargs]`, its weights are
 * listed by name (`dense_1/kernel`) in each layer's Keras order, and its
 * hard_sigmoid is Keraflow's.
 */
export async function modelFromTfjsFiles(text: string, readFile: (path: string) => Uint8Array | Promise<Uint8Array>, source: string): Promise<Model> {
  const artifacts = parseJson(text, source, 'modelTopology') as unknown as {
    modelTopology: KerasDocument & { config: { layers: (LayerEntry & { inbound_nodes: unknown })[] } };
    weightsManifest?: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  };
  // Keras 2's nodes as Keras 3 writes them.
  const topology = artifacts.modelTopology;
  const layers = topology.config.layers.map((entry) => ({
    ...entry,
    name: entry.name ?? (entry.config.name as string),
    inbound_nodes: ((entry.inbound_nodes ?? []) as unknown as [string, number, number][][]).map((references) => {
      const tensors = references.map(([layer, node, index]) => ({ class_name: '__keras_tensor__', config: { keras_history: [layer, node, index] } }));
      return { args: [tensors.length === 1 ? tensors[0] : tensors], kwargs: {} };
    }),
  }));
  const document = { ...topology, class_name: topology.class_name === 'Model' ? 'Functional' : topology.class_name, config: { ...topology.config, layers } };
  const { model, layers: built } = buildModel(kerasGraph(document as KerasDocument, source), source, 'tfjs');

  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const group of artifacts.weightsManifest ?? []) {
      const shards = await Promise.all(group.paths.map((path) => readFile(path)));
      const bytes = new Uint8Array(shards.reduce((n, shard) => n + shard.byteLength, 0));
      let offset = 0;
      for (const shard of shards) {
        bytes.set(shard, offset);
        offset += shard.byteLength;
      }
      offset = 0;
      for (const { name, shape, dtype } of group.weights) {
        if (dtype !== 'float32')
          throw new KeraflowError(`${source}: the weight ${name} is ${dtype}; only float32 weights are imported`, { argument: 'weightsManifest', given: dtype, expected: 'float32' });
        const size = shape.reduce((a, b) => a * b, 1);
        if (offset + size * 4 > bytes.byteLength) throw new KeraflowError(`${source}: the weight shards end before ${name}`, { argument: 'weightsManifest', given: name });
        tensors.set(name, tf.tensor(new Float32Array(bytes.slice(offset, offset + size * 4).buffer), shape, 'float32'));
        offset += size * 4;
      }
    }
    // A layer's weights, in manifest order, fill the groups Keras 3 would keep them in (the layer's mapping says which).
    assignWeights(
      built,
      (entry, layer) => {
        const own = [...tensors].filter(([name]) => name.startsWith(`${entry.name}/`)).map(([, tensor]) => tensor);
        const layout = tf.tidy(() => Object.entries(kerasVariables(layer.spec.keras!, layer.variables as Record<string, tf.Tensor>, layer.args)).map(([group, list]) => [group, list.length] as const));
        const needed = layout.reduce((n, [, count]) => n + count, 0);
        if (own.length !== needed) {
          throw new KeraflowError(`${source}: ${entry.name} has ${own.length} weights in the manifest, and its Keras ${entry.class_name} has ${needed}`, {
            layer: entry.name,
            argument: 'weightsManifest',
            expected: `${needed} weights`,
            given: String(own.length),
          });
        }
        let next = 0;
        return Object.fromEntries(layout.map(([group, count]) => [group, own.slice(next, (next += count))]));
      },
      'tfjs',
    );
    return model;
  } finally {
    tensors.forEach((tensor) => tensor.dispose());
  }
}

/** Sets each layer's parameters from its Keras 3 variable groups (as `KerasMapping.variables` gives them), through its mapping's way back. */
function assignWeights(layers: Map<LayerEntry, Layer<any>>, groupsOf: (entry: LayerEntry, layer: Layer<any>) => Record<string, tf.Tensor[]>, dialect: KerasTarget): void {
  const updates: [tf.Variable, tf.Tensor][] = [];
  for (const [entry, layer] of layers) {
    if (layer.paramNames().length === 0) continue;
    const own = groupsOf(entry, layer);
    if (Object.keys(own).length === 0) continue;
    const fromKeras = mappingOf(entry).fromKeras!;
    if (!fromKeras.params) throw noWayBack(entry, 'its mapping does not say where its weights go');
    // The mapping's way back gives the variables (by Keraflow parameter name), not the weights users see.
    const variables = layer.variables;
    for (const [name, value] of Object.entries(fromKeras.params(own, entry.config, importContext(entry, dialect)))) {
      const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
      if (!variable || !tf.util.arraysEqual(variable.shape, value.shape)) {
        throw new KeraflowError(
          `${entry.name}: Keras's weights give parameter '${name}' of shape [${value.shape.join(', ')}], but the layer has ${variable ? `[${variable.shape.join(', ')}]` : 'no such parameter'}`,
          {
            layer: entry.name,
            key: name,
            expected: variable ? `[${variable.shape.join(', ')}]` : Object.keys(variables).join(', '),
            given: `[${value.shape.join(', ')}]`,
          },
        );
      }
      updates.push([variable, value]);
    }
  }
  for (const [variable, value] of updates) variable.assign(value);
}

/** A Keras model's graph: its layer entries with their nodes, inputs and outputs, and the order of `model.layers` (the weights' groups). */
interface KerasGraph {
  name: string;
  layers: LayerEntry[];
  inputs: Reference[];
  outputs: Reference[];
  order: LayerEntry[];
}

interface Reference {
  layer: string;
  node: number;
  /** Which of the node's outputs. */
  index: number;
}

type History = [string, number, number];

interface KerasDocument {
  class_name?: unknown;
  config?: { name?: string; layers?: LayerEntry[]; input_layers?: History | History[]; output_layers?: History | History[] };
  compile_config?: unknown;
}

function parseJson(text: string, source: string, key: 'config' | 'modelTopology' = 'config'): KerasDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new KeraflowError(`${source} is not JSON: ${(error as Error).message}`, { argument: 'file', given: source, expected: 'a Keras model config (JSON)' });
  }
  const outer = key === 'config' ? document : (document as { modelTopology?: unknown } | null)?.modelTopology;
  const config = (outer as KerasDocument | null)?.config;
  if (typeof document !== 'object' || document === null || typeof config !== 'object' || config === null || !Array.isArray(config.layers)) {
    throw new KeraflowError(`${source} is not a Keras model config: expected {"class_name": "Functional" or "Sequential", "config": {"layers": [...]}}, found ${describeValue(document)}`, {
      argument: 'file',
      given: source,
      expected: 'a Keras model config',
    });
  }
  return document as KerasDocument;
}

/** The graph of a Functional or a Sequential config; a Sequential's layers are chained after its input. */
function kerasGraph(document: KerasDocument, source: string): KerasGraph {
  const config = document.config!;
  const name = config.name ?? 'model';
  if (document.class_name === 'Functional' || document.class_name === 'Model') {
    // One input (output) is written as one reference, several as a list of them.
    const references = (list: History | History[] | undefined) =>
      (list === undefined ? [] : typeof list[0] === 'string' ? [list as History] : (list as History[])).map(([layer, node, index]) => ({ layer, node, index: index ?? 0 }));
    const inputs = references(config.input_layers);
    const outputs = references(config.output_layers);
    return { name, layers: config.layers!, inputs, outputs, order: kerasLayerOrder(config.layers!, inputs, outputs) };
  }
  if (document.class_name !== 'Sequential') {
    throw new KeraflowError(`${source} holds a Keras ${String(document.class_name)}; expected a Functional or Sequential model`, {
      argument: 'file',
      given: String(document.class_name),
      expected: 'a Functional or Sequential model',
    });
  }
  const entries = config.layers!.map((entry) => ({ ...entry, name: entry.config.name as string, inbound_nodes: [] as LayerEntry['inbound_nodes'] }));
  const [first, ...rest] = entries;
  if (!first) throw new KeraflowError(`${source}: the Sequential ${name} has no layers`, { argument: 'file', given: 'no layers', expected: 'a Sequential with layers' });
  let input = first;
  if (first.class_name !== 'InputLayer') {
    // Older configs give the input shape on the first layer.
    const shape = first.config.batch_shape ?? first.config.batch_input_shape ?? first.build_config?.input_shape;
    if (!Array.isArray(shape)) {
      throw new KeraflowError(`${source}: the Sequential ${name} has no input shape (no InputLayer, and its first layer ${first.name} has none): build it in Keras with keras.Input(shape) first`, {
        argument: 'file',
        given: 'no input shape',
        expected: 'a Sequential with an InputLayer or an input shape',
      });
    }
    input = { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: shape, dtype: 'float32' }, registered_name: null, name: `${name}_input`, inbound_nodes: [] };
    rest.unshift(first);
  }
  let previous: History = [input.name, 0, 0];
  for (const entry of rest) {
    entry.inbound_nodes.push({ args: [{ class_name: '__keras_tensor__', config: { keras_history: previous } }], kwargs: {} });
    previous = [entry.name, 0, 0];
  }
  // A Sequential's `model.layers` leaves its InputLayer out.
  return { name, layers: [input, ...rest], inputs: [{ layer: input.name, node: 0, index: 0 }], outputs: [{ layer: previous[0], node: 0, index: 0 }], order: rest };
}

/** The Keraflow model of a graph, and the layer each entry became. */
function buildModel(graph: KerasGraph, source: string, dialect: KerasTarget): { model: Model; layers: Map<LayerEntry, Layer<any>> } {
  const layers = new Map<LayerEntry, Layer<any>>();
  const inputs: Input[] = [];
  const outputs = runGraph(graph, source, dialect, layers, inputs, layerNames(graph, source));
  return { model: new Model(inputs, outputs, { name: graph.name }), layers };
}

/**
 * The Kensors a graph's outputs are, its layers made (once per entry, into
 * `layers`) and applied node by node. The model's own graph makes its Inputs
 * (into `inputs`); a nested model's graph (a Sequential or a Functional used
 * as a layer) starts from the Kensors it is `given`, its layers inlined in the outer model.
 */
function runGraph(
  graph: KerasGraph,
  source: string,
  dialect: KerasTarget,
  layers: Map<LayerEntry, Layer<any>>,
  inputs: Input[],
  names: ReadonlyMap<LayerEntry, string>,
  given?: readonly Kensor[],
): Kensor[] {
  const kensors = new Map<string, Kensor>();
  const find = ({ layer }: Reference) => {
    const entry = graph.layers.find((e) => e.name === layer);
    if (!entry) throw new KeraflowError(`${source}: the model names ${layer} as an input or output, but has no layer of that name`, { layer });
    return entry;
  };
  if (given) {
    if (given.length !== graph.inputs.length) {
      throw new KeraflowError(`${source}: the nested model ${graph.name} takes ${graph.inputs.length} inputs, and is given ${given.length}`, { layer: graph.name });
    }
    graph.inputs.forEach((reference, i) => kensors.set(key([find(reference).name, 0, 0]), given[i]));
  } else {
    const masks = inputMasks(graph);
    for (const entry of graph.layers.filter((e) => e.class_name === 'InputLayer')) {
      const input = makeInput(entry, masks.get(entry.name) ?? null);
      layers.set(entry, input);
      kensors.set(key([entry.name, 0, 0]), input.output);
    }
    inputs.push(...graph.inputs.map((reference) => layers.get(find(reference)) as Input));
  }
  // A Masking right after an input is that Input's maskValue: its output is the input's. Elsewhere it is a Masking layer.
  const folded = (entry: LayerEntry) => !given && maskedInputOf(graph, entry) !== undefined;
  const foldedMaskings = graph.layers.filter((e) => e.class_name === 'Masking' && folded(e));
  for (const entry of foldedMaskings) kensors.set(key([entry.name, 0, 0]), kensors.get(key(tensorsOf(entry.inbound_nodes[0].args[0])[0]))!);
  const maskOnly = maskComputations(graph);
  const pending = graph.layers.flatMap((entry) =>
    entry.class_name === 'InputLayer' || foldedMaskings.includes(entry) || maskOnly.has(entry.name) ? [] : entry.inbound_nodes.map((node, index) => ({ entry, node, index })),
  );
  // Nodes in the order their inputs exist (Keras's own loader does the same).
  const calls = new Map(pending.map(({ node }) => [node, nodeCall(node)]));
  while (pending.length > 0) {
    const ready = pending.findIndex(({ node }) => calls.get(node)!.sources.every((history) => kensors.has(key(history))));
    if (ready < 0) throw new KeraflowError(`${source}: the graph is disconnected at ${pending[0].entry.name}`, { layer: pending[0].entry.name });
    const [{ entry, node, index }] = pending.splice(ready, 1);
    const call = calls.get(node)!;
    const kensor = (history: History) => kensors.get(key(history))!;
    const given = call.inputs.map(kensor);
    if (NESTED_MODELS.has(entry.class_name)) {
      runGraph(nestedGraph(entry, source), source, dialect, layers, inputs, names, given).forEach((output, k) => kensors.set(key([entry.name, index, k]), output));
      continue;
    }
    // An Embedding's mask_zero on an Input's tokens is that Input's maskValue 0.
    const named = names.get(entry) === entry.name ? entry : { ...entry, name: names.get(entry)! };
    const layer = layers.get(entry) ?? makeLayer(entry.config.mask_zero === true && folded(entry) ? { ...named, config: { ...named.config, mask_zero: false } } : named, dialect);
    layers.set(entry, layer);
    const keywords = Object.fromEntries(Object.entries(call.keywords).map(([name, value]) => [name, typeof value[0] === 'string' ? kensor(value as History) : (value as History[]).map(kensor)]));
    const outputs = layer.applyAll(call.list ? given : given[0], { ...keywords, ...call.options });
    outputs.forEach((output, k) => kensors.set(key([entry.name, index, k]), output));
  }
  return graph.outputs.map((reference) => {
    find(reference);
    return kensors.get(key([reference.layer, reference.node, reference.index]))!;
  });
}

/** Keras models used as layers of another: their layers are inlined where they are called. */
const NESTED_MODELS: ReadonlySet<string> = new Set(['Sequential', 'Functional', 'Model']);

/** The graph of a nested model's entry: one per entry, so that a nested model called twice shares its layers and the weights find them. */
const nestedGraphs = new WeakMap<LayerEntry, KerasGraph>();

/**
 * The name of each layer the model is made of, once inlined: a layer of a
 * nested model keeps its name unless a layer around it (or one named before
 * it) has it; then it is `<nested model>_<name>` (and `_2`, `_3`... if that
 * is taken too).
 */
function layerNames(graph: KerasGraph, source: string): Map<LayerEntry, string> {
  const names = new Map<LayerEntry, string>();
  const taken = new Set<string>();
  const own = (each: KerasGraph) => each.layers.filter((entry) => !NESTED_MODELS.has(entry.class_name));
  for (const entry of own(graph)) {
    names.set(entry, entry.name);
    taken.add(entry.name);
  }
  const visit = (outer: KerasGraph) => {
    for (const nested of outer.layers.filter((entry) => NESTED_MODELS.has(entry.class_name))) {
      const inner = nestedGraph(nested, source);
      for (const entry of own(inner).filter((each) => each.class_name !== 'InputLayer')) {
        let name = entry.name;
        for (let n = 1; taken.has(name); n++) name = n === 1 ? `${nested.name}_${entry.name}` : `${nested.name}_${entry.name}_${n}`;
        names.set(entry, name);
        taken.add(name);
      }
      visit(inner);
    }
  };
  visit(graph);
  return names;
}

function nestedGraph(entry: LayerEntry, source: string): KerasGraph {
  let graph = nestedGraphs.get(entry);
  if (!graph) {
    graph = kerasGraph({ class_name: entry.class_name, config: entry.config as KerasDocument['config'] }, `${source} (${entry.name})`);
    nestedGraphs.set(entry, graph);
  }
  return graph;
}

function tensorsOf(argument: unknown): History[] {
  const list = Array.isArray(argument) ? argument : [argument];
  return list.map((tensor) => (tensor as { config: { keras_history: History } }).config.keras_history);
}

function key([layer, node, index]: History): string {
  return `${layer}:${node}:${index ?? 0}`;
}

/** Keras's own call arguments that Keraflow does not take: the mask comes from the Input, training from fit/predict. */
const KERAS_ONLY_KWARGS = new Set(['mask', 'training']);

/**
 * A node's call as Keraflow's `applyAll` takes it: the input tensors (one, or
 * a list; MultiHeadAttention's query and value are separate arguments in
 * Keras and a list in Keraflow), the tensors by keyword and the call options
 * (camelCase), and every tensor it reads.
 */
function nodeCall(node: LayerEntry['inbound_nodes'][number]): {
  inputs: History[];
  list: boolean;
  keywords: Record<string, History | History[]>;
  options: Record<string, unknown>;
  sources: History[];
} {
  const list = node.args.length > 1 || Array.isArray(node.args[0]);
  const inputs = node.args.length > 1 ? node.args.flatMap(tensorsOf) : tensorsOf(node.args[0]);
  const keywords: Record<string, History | History[]> = {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node.kwargs ?? {})) {
    if (KERAS_ONLY_KWARGS.has(name) || value === null || value === undefined) continue;
    const isTensor = (item: unknown) => typeof item === 'object' && item !== null && (item as { class_name?: unknown }).class_name === '__keras_tensor__';
    if (isTensor(value)) keywords[toCamelCase(name)] = tensorsOf(value)[0];
    else if (Array.isArray(value) && value.every(isTensor)) keywords[toCamelCase(name)] = tensorsOf(value);
    else options[toCamelCase(name)] = value;
  }
  const sources = [...inputs, ...Object.values(keywords).flatMap((value) => (typeof value[0] === 'string' ? [value as History] : (value as History[])))];
  return { inputs, list, keywords, options, sources };
}

/**
 * Keras 3 writes how it computes masks (`NotEqual`, `Any`) as nodes that
 * feed only other nodes' `mask` argument. Keraflow's masks come from the
 * Input (see inputMasks), so these are left out: the names of such entries.
 */
function maskComputations(graph: KerasGraph): Set<string> {
  const consumers = new Map<string, Set<string>>();
  const masks = new Set<string>();
  for (const entry of graph.layers) {
    for (const node of entry.inbound_nodes) {
      for (const [source] of tensorsOf(node.args[0])) consumers.set(source, (consumers.get(source) ?? new Set()).add(entry.name));
      const mask = (node.kwargs as { mask?: unknown }).mask;
      if (mask) for (const [source] of tensorsOf(mask)) masks.add(source);
    }
  }
  const outputs = new Set(graph.outputs.map(({ layer }) => layer));
  // Upstream of a mask: an entry whose every consumer is a mask computation is one too.
  for (let grown = true; grown; ) {
    grown = false;
    for (const entry of graph.layers) {
      const used = consumers.get(entry.name);
      if (masks.has(entry.name) || entry.class_name === 'InputLayer' || outputs.has(entry.name) || !used) continue;
      if ([...used].every((consumer) => masks.has(consumer))) {
        masks.add(entry.name);
        grown = true;
      }
    }
  }
  for (const name of masks) if (graph.layers.find((e) => e.name === name)?.class_name === 'InputLayer' || [...(consumers.get(name) ?? [])].some((c) => !masks.has(c))) masks.delete(name);
  return masks;
}

/**
 * The mask value of each input that Keras masks: with a Masking layer right
 * after it, or with an Embedding's mask_zero on its integer tokens. Keraflow
 * masks there at the Input (its maskValue); elsewhere the Masking layer or
 * the Embedding's maskZero does.
 */
function inputMasks(graph: KerasGraph): Map<string, number> {
  const masks = new Map<string, number>();
  for (const entry of graph.layers) {
    const input = maskedInputOf(graph, entry);
    if (input) masks.set(input.name, entry.class_name === 'Masking' ? ((entry.config.mask_value ?? 0) as number) : 0);
  }
  return masks;
}

/** The InputLayer that a Masking or a mask_zero Embedding takes its only input from, if it does. */
function maskedInputOf(graph: KerasGraph, entry: LayerEntry): LayerEntry | undefined {
  if (entry.class_name !== 'Masking' && !(entry.class_name === 'Embedding' && entry.config.mask_zero === true)) return undefined;
  const sources = entry.inbound_nodes.map((node) => graph.layers.find((e) => e.name === tensorsOf(node.args[0])[0][0]));
  return sources.length === 1 && sources[0]?.class_name === 'InputLayer' ? sources[0] : undefined;
}

/**
 * An InputLayer; a size Keras leaves unknown (None) becomes a symbolic size
 * named by its axis: T on the first axis after the batch, T2 on the second...
 * Two inputs' unknown sizes on one axis are then one size, as the models that
 * add or join two inputs' sequences (a Transformer's tokens and positions) need.
 */
function makeInput(entry: LayerEntry, maskValue: number | null): Input {
  const shape = (entry.config.batch_shape ?? entry.config.batch_input_shape) as (number | null)[];
  const sizes = shape.slice(1).map((size, axis) => (size === null ? symbol(axis === 0 ? 'T' : `T${axis + 1}`) : size));
  const dtype = entry.config.dtype === 'int32' || entry.config.dtype === 'int64' ? 'int32' : 'float32';
  return new Input(sizes, { name: entry.name, dtype, maskValue });
}

function makeLayer(entry: LayerEntry, dialect: KerasTarget): Layer<any> {
  const mapping = mappingOf(entry);
  const context = importContext(entry, dialect);
  const keraflowClass = [...layerCatalogue('keraflow').values()].find((c) => c.spec.keras === mapping);
  if (dialect === 'keras3' && keraflowClass && needsKerasDialect(entry, keraflowClass)) return kerasDialectLayer(entry, mapping, (config) => importContext(config, dialect));
  const args = mapping.fromKeras!.args(entry.config, context);
  const weightParams = mapping.fromKeras!.weightParams;
  // Without a place for them, regularizers and constraints that are set are an error naming them.
  if (!weightParams) context.none(...Object.keys(entry.config).filter((key) => /_(regularizer|constraint)$/.test(key)));
  const penalties = weightParams ? penaltiesFromKeras(entry.config, weightParams(entry.config), context.unsupported) : {};
  // Keraflow's layer where it has one; else the Keras dialect's (PReLU, Masking).
  for (const catalogue of DIALECTS) {
    const found = [...layerCatalogue(catalogue).entries()].find(([, c]) => c.spec.keras === mapping);
    if (!found) continue;
    const activity = entry.config.activity_regularizer;
    // Every layer whose spec takes activity_regularizer (Layer applies it); the mapping of one that does not refuses a set one.
    if (activity !== null && activity !== undefined && found[1].spec.args.some((arg) => arg.name === 'activityRegularizer')) {
      args.activityRegularizer = regularizerFromKeras(activity, (why) => context.unsupported('activity_regularizer', why));
    }
    return createLayer(found[0], args, { name: entry.name, trainable: entry.config.trainable ?? true, ...penalties }, catalogue);
  }
  throw noWayBack(entry, 'Keraflow has no layer that imports it yet');
}

/** The context a mapping's `fromKeras` gets for an entry: a nested layer config (a wrapper's) is imported as a layer of its own. */
function importContext(entry: LayerEntry, dialect: KerasTarget): KerasImportContext {
  const asEntry = (object: unknown, key: string): LayerEntry => {
    const nested = object as { class_name?: unknown; config?: Record<string, unknown> } | null;
    if (typeof nested?.class_name !== 'string' || typeof nested.config !== 'object' || nested.config === null) {
      throw new KeraflowError(`${entry.name} (Keras ${entry.class_name}) cannot be imported: its ${key} is not a Keras layer config`, { layer: entry.name, argument: key });
    }
    return { module: 'keras.layers', class_name: nested.class_name, config: nested.config, registered_name: null, name: String(nested.config.name), inbound_nodes: [] };
  };
  return kerasImportContext(
    entry.class_name,
    entry.name,
    entry.config,
    {
      layer: (object, key) => makeLayer(asEntry(object, key), dialect),
      params: (object, groups) => {
        const nested = asEntry(object, 'layer');
        const params = mappingOf(nested).fromKeras!.params;
        if (!params) throw noWayBack(nested, 'its mapping does not say where its weights go');
        return params(groups, nested.config, importContext(nested, dialect));
      },
    },
    dialect,
  );
}

/** The mapping of the Keraflow layer that a Keras class comes back as. */
function mappingOf(entry: LayerEntry): KerasMapping {
  for (const layerClass of DIALECTS.flatMap((catalogue) => [...layerCatalogue(catalogue).values()])) {
    const mapping = layerClass.spec.keras;
    if (!mapping?.fromKeras) continue;
    const names = mapping.fromKeras.classNames ?? (typeof mapping.className === 'string' ? [mapping.className] : []);
    if (names.includes(entry.class_name)) return mapping;
  }
  throw noWayBack(entry, KNOWN_UNIMPORTABLE[entry.class_name] ?? 'Keraflow has no layer that imports it yet');
}

/** What Keras layers that Keraflow cannot express are, for their errors. */
const KNOWN_UNIMPORTABLE: Readonly<Record<string, string>> = {
  Lambda: 'it is a Lambda layer (Python code), which has no Keraflow counterpart',
  TFOpLambda: 'it is a TensorFlow operation (Python code), which has no Keraflow counterpart',
};

function noWayBack(entry: LayerEntry, why: string): KeraflowError {
  const custom = entry.registered_name !== null && entry.registered_name !== undefined && !(entry.module ?? '').startsWith('keras');
  return new KeraflowError(`${entry.name} (Keras ${entry.class_name}) cannot be imported: ${custom ? `it is a custom layer (${entry.registered_name}), which has no Keraflow counterpart` : why}`, {
    layer: entry.name,
    expected: 'a Keras layer with a Keraflow counterpart',
    given: entry.class_name,
  });
}

/** Compiles the model as the Keras document's `compile_config` says; a document without one (or an empty one) leaves it uncompiled. */
function compileAsKeras(model: Model, document: KerasDocument, source: string): void {
  const compileConfig = document.compile_config;
  if (compileConfig === undefined || compileConfig === null || (typeof compileConfig === 'object' && Object.keys(compileConfig).length === 0)) return;
  compileFromTrainingConfig(model, trainingConfigFromKeras(compileConfig, model.outputNames, source), `${source} (compile_config)`);
}
