import * as tf from '@tensorflow/tfjs-core';
import { KeraflowError } from '../errors.ts';
import { Input } from '../engine/input.ts';
import { kerasContext, keras3OnlyError, type KerasObject } from '../engine/keras.ts';
import type { Kensor } from '../engine/kensor.ts';
import type { Layer } from '../engine/layer.ts';
import type { Model } from '../engine/model.ts';
import { Sequential } from '../engine/sequential.ts';
import { checkExportableNode, graphNodes } from './architecture.ts';

/**
 * Export to the TensorFlow.js Layers format: `model.json` (the Keras
 * topology of a functional model, and a weights manifest) beside binary
 * weight shards, which `tf.loadLayersModel('file://DIR/model.json')` (or
 * `http://`, or Keras through `tensorflowjs_converter`) loads.
 *
 * Each layer maps onto its Keras counterpart by its spec's `keras` field (the
 * class name, the config, the weight layout). Sequentials are flattened into
 * the functional graph (a shared Sequential's layers become shared Keras
 * layers); an Input with a `maskValue` becomes an InputLayer followed by a
 * Keras Masking layer. A layer with no counterpart is an error naming it.
 *
 * TensorFlow.js applies a layer's constraints to the weights it loads (Keras
 * and Keraflow apply them after each update only): weights that break their
 * constraints — an untrained model's — are projected there, and predict
 * differently. A model trained with its constraints predicts the same.
 *
 * This module builds the format in memory (browser-safe); tfjs-export-file.ts
 * writes it to a directory (Node).
 */

const TENSOR_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

type NodeReference = [string, number, number, Record<string, never>];

interface KerasLayerEntry {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: NodeReference[][];
}

export interface KerasTopology {
  /** The `modelTopology` of model.json. */
  topology: Record<string, unknown>;
  /** The weights in manifest order, by their Keras names (`dense_1/kernel`). */
  weights: { name: string; tensor: tf.Tensor }[];
}

/** The Keras functional-model topology of a model and its weights; the caller disposes the weights' tensors in a tidy scope. */
export function kerasTopology(model: Model): KerasTopology {
  const builder = new TopologyBuilder();
  const { plan } = graphNodes(model);
  const refs = new Map<Kensor, NodeReference>();
  for (const input of model.inputs) refs.set(input.output, builder.input(input));
  for (const kensor of plan) {
    checkExportableNode(kensor, 'TensorFlow.js');
    const { layer, inputs } = kensor.origin;
    refs.set(
      kensor,
      builder.apply(
        layer,
        inputs.map((k) => refs.get(k)!),
        inputs.map((k) => k.shape as (number | null)[]),
        true,
      ).reference,
    );
  }
  const topology = {
    class_name: 'Model',
    config: {
      name: model.name,
      layers: builder.entries,
      input_layers: model.inputs.map((input) => [input.name, 0, 0]),
      output_layers: model.outputs.map((output) => refs.get(output)!.slice(0, 3)),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  return { topology, weights: builder.weights };
}

class TopologyBuilder {
  readonly entries: KerasLayerEntry[] = [];
  readonly weights: { name: string; tensor: tf.Tensor }[] = [];
  private readonly byLayer = new Map<Layer<any>, KerasLayerEntry>();
  private readonly names = new Set<string>();

  input(input: Input): NodeReference {
    const entry = this.entry(input, [input.shape as (number | null)[]], false);
    const reference: NodeReference = [entry.name, 0, 0, {}];
    if (input.maskValue === null) return reference;
    // Keras masks with a layer after the input: time steps whose every value is maskValue are skipped by recurrent layers.
    const name = this.uniqueName(`${input.name}_masking`, input);
    const masking: KerasLayerEntry = {
      class_name: 'Masking',
      name,
      config: { name, trainable: true, dtype: 'float32', mask_value: input.maskValue },
      inbound_nodes: [[reference]],
    };
    this.entries.push(masking);
    return [name, 0, 0, {}];
  }

  /** One application of a layer (a Sequential: of each layer in it, in turn); the reference of its output. */
  apply(layer: Layer<any>, inputs: NodeReference[], shapes: (number | null)[][], trainable: boolean): { reference: NodeReference; shape: (number | null)[] } {
    if (layer instanceof Sequential) {
      let current = { references: inputs, shapes };
      for (const child of layer.layers) {
        const output = this.apply(child, current.references, current.shapes, trainable && layer.trainable);
        current = { references: [output.reference], shapes: [output.shape] };
      }
      return { reference: current.references[0], shape: current.shapes[0] };
    }
    const entry = this.byLayer.get(layer) ?? this.entry(layer, shapes, trainable && layer.trainable);
    entry.inbound_nodes.push(inputs);
    const shape = layer.outputShape(layer.takesList() ? shapes : shapes[0]) as (number | null)[];
    return { reference: [entry.name, entry.inbound_nodes.length - 1, 0, {}], shape };
  }

  /** The Keras entry of a layer (made on its first application), with its weights. */
  private entry(layer: Layer<any>, shapes: (number | null)[][], trainable: boolean): KerasLayerEntry {
    // A Keras dialect layer is exported as the Keraflow layer it runs (same name, same parameters).
    const source = layer.kerasCounterpart();
    const { class_name, config } = this.describe(layer, shapes, trainable);
    const entry: KerasLayerEntry = { class_name, name: this.uniqueName(layer.name, layer), config, inbound_nodes: [] };
    this.byLayer.set(layer, entry);
    this.entries.push(entry);
    const mapping = source.spec.keras!;
    const params = layer.variables;
    if (Object.keys(params).length > 0) {
      if (!mapping.weights) throw noCounterpart(layer, 'its Keras mapping gives no weight layout');
      for (const [name, tensor] of Object.entries(mapping.weights(params, source.args))) {
        if (tensor !== undefined) this.weights.push({ name: `${entry.name}/${name}`, tensor });
      }
    }
    return entry;
  }

  /** `{class_name, config}` of a layer (also of a wrapper's inner layer, nested in the wrapper's config). */
  private describe(layer: Layer<any>, shapes: (number | null)[][], trainable: boolean): KerasObject {
    const overrides = layer.kerasConfigOverrides();
    // The error names the layer as written (GlobalMaxPooling3D), not the Keraflow layer it runs (GlobalPooling3D).
    const written = layer;
    layer = layer.kerasCounterpart();
    const mapping = layer.spec.keras;
    if (!mapping || !Object.hasOwn(layer.constructor, 'spec')) throw noCounterpart(layer, 'it has no Keras counterpart');
    if (mapping.tfjs === 'never') throw keras3OnlyError(written);
    const nested = (inner: Layer<any>) => this.describe(inner, [], trainable && inner.trainable);
    const context = kerasContext(layer, shapes, nested);
    const className = typeof mapping.className === 'function' ? mapping.className(layer.args) : mapping.className;
    const base = layer instanceof Input ? { name: layer.name } : { name: layer.name, trainable, dtype: 'float32' };
    return { class_name: className, config: { ...base, ...mapping.config(layer.args, context), ...overrides } };
  }

  private uniqueName(name: string, layer: Layer<any>): string {
    if (!TENSOR_NAME.test(name)) {
      throw new KeraflowError(`${name} (${layer.className}) cannot be exported: TensorFlow.js layer names must match ${TENSOR_NAME} (letters, digits, '-', '.', '_', '/'); rename the layer`, {
        layer: layer.name,
        argument: 'name',
        expected: String(TENSOR_NAME),
        given: name,
      });
    }
    if (this.names.has(name)) {
      throw new KeraflowError(`${name} (${layer.className}) cannot be exported: another Keras layer already has that name`, { layer: layer.name, argument: 'name', given: name });
    }
    this.names.add(name);
    return name;
  }
}

function noCounterpart(layer: Layer<any>, why: string): KeraflowError {
  return new KeraflowError(`${layer.name} (${layer.className}) cannot be exported to TensorFlow.js / Keras: ${why}`, {
    layer: layer.name,
    expected: 'a layer with a Keras counterpart',
    given: layer.className,
  });
}

/**
 * The TensorFlow.js Layers format in memory, as `tf.io.ModelArtifacts`:
 * `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads it, and
 * `weightData` holds every weight in `weightSpecs` order.
 */
export interface TfjsArtifacts {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: Record<string, unknown>;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  weightData: ArrayBuffer;
}

export function tfjsArtifacts(model: Model): TfjsArtifacts {
  return tidyValues(() => {
    const { topology, weights } = kerasTopology(model);
    const weightSpecs = weights.map(({ name, tensor }) => ({ name, shape: tensor.shape, dtype: 'float32' as const }));
    // Copy out inside the tidy: the tensors a mapping makes (concatenated gates) die with it.
    const buffers = weights.map(({ tensor }) => tensor.dataSync() as Float32Array);
    return { format: 'layers-model', generatedBy: 'keraflow', convertedBy: null, modelTopology: topology, weightSpecs, weightData: concatenate(buffers).buffer as ArrayBuffer };
  });
}

/** `tf.tidy` for a function that returns plain values (no tensors escape). */
function tidyValues<T>(make: () => T): T {
  let result: T;
  tf.tidy(() => {
    result = make();
  });
  return result!;
}

function concatenate(buffers: readonly Float32Array[]): Uint8Array {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    bytes.set(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), offset);
    offset += buffer.byteLength;
  }
  return bytes;
}
