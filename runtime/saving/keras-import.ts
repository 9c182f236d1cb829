import * as tf from '@tensorflow/tfjs-core';
import { unzipSync } from 'fflate';
import { KeraflowError } from '../errors.ts';
import { Input } from '../engine/input.ts';
import { kerasImportContext, type KerasMapping } from '../engine/keras.ts';
import type { Kensor } from '../engine/kensor.ts';
import type { Layer } from '../engine/layer.ts';
import { Model } from '../engine/model.ts';
import { createLayer, layerCatalogue } from '../layers/registry.ts';
import { readHdf5 } from './hdf5.ts';
import { kerasLayerOrder, pythonSnakeCase, type LayerEntry } from './keras-archive.ts';

/**
 * Import from Keras 3: a `.keras` archive (as bytes; `Model.loadKeras` reads
 * the file) becomes a Keraflow Model with the same graph and weights. Each
 * Keras layer becomes the Keraflow layer whose spec's `keras` mapping has its
 * class name and a `fromKeras` way back (the arguments from the config, the
 * parameters from the weights); the weights are found where Keras 3 keeps
 * them (see keras-archive.ts). A layer with no way back is an error naming
 * it and its Keras class.
 *
 * So far: functional models (a Sequential's config is an error) of the
 * layers whose mappings have `fromKeras`.
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
  const document = JSON.parse(new TextDecoder().decode(files['config.json'])) as { class_name: string; config: FunctionalConfig };
  if (document.class_name !== 'Functional' && document.class_name !== 'Model') {
    throw new KeraflowError(`${source} holds a Keras ${document.class_name}; only functional models (keras.Model(inputs, outputs)) are imported so far`, {
      argument: 'file', given: document.class_name, expected: 'a Functional model',
    });
  }
  const config = document.config;
  const groups = await readHdf5(files['model.weights.h5']);
  // One input (output) is written as one reference, several as a list of them.
  const references = (list: History | History[]) => (typeof list[0] === 'string' ? [list as History] : (list as History[])).map(([layer, node]) => ({ layer, node }));
  const inputs = references(config.input_layers);
  const outputs = references(config.output_layers);

  // The weights of each entry, by the group Keras 3 gives it.
  const weights = new Map<LayerEntry, Record<string, tf.Tensor[]>>();
  const used = new Map<string, number>();
  for (const entry of kerasLayerOrder(config.layers, inputs, outputs)) {
    const base = pythonSnakeCase(entry.class_name);
    const count = used.get(base);
    used.set(base, (count ?? -1) + 1);
    const prefix = `layers/${count === undefined ? base : `${base}_${count + 1}`}/`;
    const own: Record<string, tf.Tensor[]> = {};
    for (const [path, datasets] of groups) {
      if (path.startsWith(prefix) && datasets.length > 0) own[path.slice(prefix.length)] = datasets.map(({ shape, data }) => tf.tensor(data, shape, 'float32'));
    }
    weights.set(entry, own);
  }

  const kensors = new Map<string, Kensor>();
  const layers = new Map<LayerEntry, Layer<any>>();
  const pending = config.layers.flatMap((entry) => (entry.class_name === 'InputLayer' ? [] : entry.inbound_nodes.map((node, index) => ({ entry, node, index }))));
  try {
    for (const entry of config.layers.filter((e) => e.class_name === 'InputLayer')) {
      const input = makeInput(entry);
      layers.set(entry, input);
      kensors.set(`${entry.name}:0`, input.output);
    }
    // Nodes in the order their inputs exist (Keras's own loader does the same).
    while (pending.length > 0) {
      const ready = pending.findIndex(({ node }) => tensorsOf(node.args[0]).every((history) => kensors.has(key(history))));
      if (ready < 0) throw new KeraflowError(`${source}: the graph is disconnected at ${pending[0].entry.name}`, { layer: pending[0].entry.name });
      const [{ entry, node, index }] = pending.splice(ready, 1);
      const layer = layers.get(entry) ?? makeLayer(entry);
      layers.set(entry, layer);
      const argument = node.args[0];
      const given = tensorsOf(argument).map((history) => kensors.get(key(history))!);
      kensors.set(`${entry.name}:${index}`, layer.apply(Array.isArray(argument) ? given : given[0]));
    }
    const model = new Model(
      inputs.map(({ layer }) => layers.get(config.layers.find((e) => e.name === layer)!) as Input),
      outputs.map(({ layer, node }) => kensors.get(`${layer}:${node}`)!),
      { name: config.name },
    );
    const values: Record<string, Record<string, tf.Tensor>> = {};
    for (const [entry, layer] of layers) {
      const own = weights.get(entry) ?? {};
      if (Object.keys(own).length === 0) continue;
      const fromKeras = mappingOf(entry).fromKeras!;
      if (!fromKeras.params) throw noWayBack(entry, 'its mapping does not say where its weights go');
      values[layer.name] = fromKeras.params(own, entry.config);
    }
    model.setWeights(values);
    return model;
  } finally {
    for (const tensors of weights.values()) Object.values(tensors).flat().forEach((tensor) => tensor.dispose());
  }
}

interface FunctionalConfig {
  name: string;
  layers: LayerEntry[];
  input_layers: History | History[];
  output_layers: History | History[];
}

type History = [string, number, number];

function tensorsOf(argument: unknown): History[] {
  const list = Array.isArray(argument) ? argument : [argument];
  return list.map((tensor) => (tensor as { config: { keras_history: History } }).config.keras_history);
}

function key([layer, node]: History): string {
  return `${layer}:${node}`;
}

function makeInput(entry: LayerEntry): Input {
  const shape = (entry.config.batch_shape ?? entry.config.batch_input_shape) as (number | null)[];
  const sizes = shape.slice(1);
  if (sizes.some((size) => size === null)) {
    throw new KeraflowError(`${entry.name} (Keras InputLayer) cannot be imported: its shape ${JSON.stringify(sizes)} has unknown sizes, which are not imported yet`, {
      layer: entry.name, argument: 'batch_shape', given: JSON.stringify(shape), expected: 'known sizes',
    });
  }
  const dtype = entry.config.dtype === 'int32' || entry.config.dtype === 'int64' ? 'int32' : 'float32';
  return new Input(sizes as number[], { name: entry.name, dtype });
}

function makeLayer(entry: LayerEntry): Layer<any> {
  const mapping = mappingOf(entry);
  const context = kerasImportContext(entry.class_name, entry.name, entry.config);
  const args = mapping.fromKeras!.args(entry.config, context);
  const layerClass = [...layerCatalogue().entries()].find(([, c]) => c.spec.keras === mapping)![0];
  return createLayer(layerClass, args, { name: entry.name, trainable: entry.config.trainable ?? true });
}

/** The mapping of the Keraflow layer that a Keras class comes back as. */
function mappingOf(entry: LayerEntry): KerasMapping {
  for (const layerClass of layerCatalogue().values()) {
    const mapping = layerClass.spec.keras;
    if (mapping?.fromKeras && mapping.className === entry.class_name) return mapping;
  }
  throw noWayBack(entry, 'Keraflow has no layer that imports it yet');
}

function noWayBack(entry: LayerEntry, why: string): KeraflowError {
  return new KeraflowError(`${entry.name} (Keras ${entry.class_name}) cannot be imported: ${why}`, {
    layer: entry.name, expected: 'a Keras layer with a Keraflow counterpart', given: entry.class_name,
  });
}
