import * as tf from '@tensorflow/tfjs-core';
import { describeValue, KeraflowError } from '../errors.ts';
import { assignToSlots, isPlainObject } from './argument-passing.ts';
import { frozenByContainer } from './containers.ts';
import { arrayDataRank, isArrayData, toTensor } from './data.ts';
import { formatShape } from './dimension.ts';
import { Input } from './input.ts';
import { isKensorLike, originSources, type Kensor, type KensorLike, type KensorOrigin } from './kensor.ts';
import { Layer, type CallContext } from './layer.ts';
import { sessionLayerNames } from './layer-names.ts';
import { closestName } from './naming.ts';
import { nodeFeatures } from './node-features.ts';
// Types only: saving is loaded on first use (runtime/saving depends on the engine, not the reverse).
import type { LoadOptions, SaveOptions } from '../saving/model-file.ts';
import type { SavedModel } from '../saving/model-bytes.ts';
import type { TfjsArtifacts } from '../saving/tfjs-export.ts';
import type { Sequential } from './sequential.ts';
// Types only: runtime/training registers its entry points (registerTraining) when it loads.
import type { History } from '../training/callbacks/history.ts';
import type { CompileConfig } from '../training/compile.ts';
import type { EvaluateOptions } from '../training/evaluate.ts';
import type { FitOptions } from '../training/fit.ts';
import type { Optimizer } from '../training/optimizers/optimizer.ts';

export interface ModelOptions {
  name?: string;
  /** The output channels' names (default: the layer that made each output; an Input-headed Sequential's own name). */
  outputNames?: readonly string[];
}

/** Array-like data for a model's inputs or outputs: one value, a list (channel order) or a dict (channel name). */
export type ChannelData = unknown;

/** A parameter of a model, with the layer that owns it. */
export interface ModelParameter {
  readonly layer: Layer<any>;
  readonly name: string;
  readonly variable: tf.Variable;
  /**
   * False when optimizers must leave it alone: the layer (or a Sequential
   * holding it) is not trainable, or the parameter is layer state declared
   * with `addParam(..., {trainable: false})` (BatchNormalization's moving
   * statistics), which the layer updates itself during `fit`.
   */
  readonly trainable: boolean;
}

/**
 * A model: the graph from its Inputs to its output Kensors, run on data.
 * Each output is a channel, named after the layer that produced it.
 */
export class Model {
  readonly name: string;
  readonly inputs: readonly Input[];
  readonly outputs: readonly Kensor[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Every layer of the graph, Inputs first, then in the order they run. */
  readonly layers: readonly Layer<any>[];
  /** The Kensors to compute, in an order where each one's inputs come first. */
  private readonly plan: readonly Kensor[];

  constructor(inputs: KensorLike | readonly KensorLike[], outputs: KensorLike | readonly KensorLike[], options: ModelOptions = {}) {
    this.name = options.name ?? sessionLayerNames.next('Model');
    const inputList = Array.isArray(inputs) ? inputs : [inputs as KensorLike];
    const outputList = Array.isArray(outputs) ? outputs : [outputs as KensorLike];
    if (inputList.length === 0) throw new KeraflowError(`${this.name}: a model needs at least one input`, { layer: this.name, argument: 'inputs' });
    if (outputList.length === 0) throw new KeraflowError(`${this.name}: a model needs at least one output`, { layer: this.name, argument: 'outputs' });

    this.inputs = inputList.map((item, index) => this.toInput(item, index));
    this.outputs = outputList.map((item, index) => {
      if (!isKensorLike(item)) {
        throw new KeraflowError(`${this.name}: output ${index} must be a Kensor, but got ${describeValue(item)}`, {
          layer: this.name,
          argument: 'outputs',
          key: index,
          expected: 'a Kensor',
          given: describeValue(item),
        });
      }
      return item.asKensor();
    });
    this.inputNames = uniqueNames(this.inputs.map((input) => input.name));
    // An Input-headed Sequential names its channel; a Kensor is named after the layer that made it.
    this.outputNames =
      options.outputNames === undefined
        ? uniqueNames(outputList.map((item, index) => (item instanceof Layer ? item.name : this.outputs[index].origin.layer.name)))
        : this.checkOutputNames(options.outputNames);
    this.plan = this.planGraph();
    this.layers = [...new Set<Layer<any>>([...this.inputs, ...this.plan.map((k) => k.origin.layer)])];
    this.checkUniqueLayerNames();
  }

  private checkOutputNames(names: readonly string[]): string[] {
    const valid = Array.isArray(names) && names.length === this.outputs.length && names.every((n) => typeof n === 'string' && n !== '') && new Set(names).size === names.length;
    if (!valid) {
      throw new KeraflowError(`${this.name}: outputNames must be ${this.outputs.length} distinct non-empty strings, one per output, but got ${describeValue(names)}`, {
        layer: this.name,
        argument: 'outputNames',
        expected: `${this.outputs.length} distinct names`,
        given: describeValue(names),
      });
    }
    return [...names];
  }

  private toInput(item: KensorLike, index: number): Input {
    if (item instanceof Input) return item;
    const first = item instanceof Layer ? item.containedLayers()[0] : undefined;
    if (first instanceof Input) return first;
    throw new KeraflowError(`${this.name}: input ${index} must be an Input (or a Sequential that starts with one), but got ${describeValue(item)}`, {
      layer: this.name,
      argument: 'inputs',
      key: index,
      expected: 'an Input',
      given: describeValue(item),
    });
  }

  private planGraph(): Kensor[] {
    const order: Kensor[] = [];
    const done = new Set<Kensor>();
    const visit = (kensor: Kensor, path: readonly string[]) => {
      if (done.has(kensor)) return;
      const layer = kensor.origin.layer;
      if (layer instanceof Input) {
        if (!this.inputs.includes(layer)) {
          throw new KeraflowError(`${this.name}: an output depends on Input '${layer.name}', which is not among the model's inputs (${this.inputs.map((i) => `'${i.name}'`).join(', ')})`, {
            layer: this.name,
            argument: 'inputs',
            expected: `inputs including '${layer.name}'`,
            given: this.inputs.map((i) => i.name).join(', '),
          });
        }
      } else {
        for (const input of originSources(kensor.origin)) visit(input, [...path, layer.name]);
        order.push(kensor);
      }
      done.add(kensor);
    };
    this.outputs.forEach((output) => visit(output, []));
    return order;
  }

  private checkUniqueLayerNames(): void {
    const seen = new Map<string, Layer<any>>();
    for (const layer of this.allLayers()) {
      const other = seen.get(layer.name);
      if (other && other !== layer) {
        throw new KeraflowError(`${this.name}: two different layers are named '${layer.name}'; layer names must be unique in a model`, {
          layer: this.name,
          argument: 'name',
          given: layer.name,
        });
      }
      seen.set(layer.name, layer);
    }
  }

  /** Every layer, including those inside Sequentials, once each. */
  allLayers(): Layer<any>[] {
    const result = new Set<Layer<any>>();
    const visit = (layer: Layer<any>) => {
      result.add(layer);
      layer.containedLayers().forEach(visit);
    };
    this.layers.forEach(visit);
    return [...result];
  }

  /** Every parameter once (shared layers once), with its owner, in graph order. */
  parameters(): ModelParameter[] {
    const result: ModelParameter[] = [];
    const seen = new Set<Layer<any>>();
    const visit = (layer: Layer<any>, trainable: boolean) => {
      const contained = layer.containedLayers();
      if (contained.length > 0) {
        contained.forEach((child) => visit(child, trainable && layer.trainable));
        return;
      }
      if (seen.has(layer)) return;
      seen.add(layer);
      for (const [name, variable] of Object.entries(layer.variables)) {
        result.push({ layer, name, variable, trainable: trainable && layer.trainable && !frozenByContainer(layer) && layer.isTrainableParam(name) });
      }
    };
    this.layers.forEach((layer) => visit(layer, true));
    return result;
  }

  // ------------------------------------------------------------------ running

  /** @internal Runs the graph on one tensor per input; the caller owns the tidy scope. */
  execute(inputs: readonly tf.Tensor[], context: CallContext): tf.Tensor[] {
    return this.executeWithMasks(inputs, context).outputs;
  }

  /**
   * @internal As `execute`, and each output's mask ([batch, time] bool, or
   * undefined): masks start at Inputs with a `maskValue` and follow the
   * layers' `computeMask`.
   */
  executeWithMasks(inputs: readonly tf.Tensor[], context: CallContext): { outputs: tf.Tensor[]; masks: (tf.Tensor | undefined)[] } {
    const values = new Map<Kensor, tf.Tensor>();
    const masks = new Map<Kensor, tf.Tensor | undefined>();
    this.inputs.forEach((input, index) => {
      values.set(input.output, inputs[index]);
      masks.set(input.output, input.computeMask([inputs[index]], [], inputs[index]));
    });
    // A layer with several outputs runs once for all of them: its results wait here for the other outputs.
    const ran = new Map<KensorOrigin, { outputs: tf.Tensor[]; masks: (tf.Tensor | undefined)[] }>();
    for (const kensor of this.plan) {
      const origin = kensor.origin;
      let result = ran.get(origin);
      if (!result) {
        const { layer, inputs: sources, list, keywords, options } = origin;
        const tensors =
          keywords && Object.fromEntries(Object.entries(keywords).map(([name, value]) => [name, Array.isArray(value) ? value.map((source) => values.get(source)!) : values.get(value as Kensor)!]));
        const callContext = { ...context, ...(tensors ? { tensors } : {}), ...(options ? { callOptions: options } : {}) };
        result = layer.runAll(
          sources.map((source) => values.get(source)!),
          list,
          callContext,
          sources.map((source) => masks.get(source)),
        );
        ran.set(origin, result);
      }
      values.set(kensor, result.outputs[kensor.outputIndex]);
      masks.set(kensor, result.masks[kensor.outputIndex]);
    }
    return { outputs: this.outputs.map((output) => values.get(output)!), masks: this.outputs.map((output) => masks.get(output)) };
  }

  /**
   * Lets the layers fed straight from the Inputs check the data's values
   * (Embedding: indices in the vocabulary) before any computation; `inputs`
   * in input order. `standardizeData` calls this for `x`.
   */
  checkInputValues(inputs: readonly tf.Tensor[]): void {
    const data = new Map<Kensor, tf.Tensor>(this.inputs.map((input, index) => [input.output, inputs[index]]));
    for (const kensor of this.plan) {
      const { layer, inputs: sources, list } = kensor.origin;
      if (!sources.every((source) => data.has(source))) continue;
      const tensors = sources.map((source) => data.get(source)!);
      layer.checkInputValues(list ? tensors : tensors[0]);
    }
  }

  /** Clears the state that stateful layers keep across batches. */
  resetStates(): void {
    this.layers.forEach((layer) => layer.resetStates());
  }

  /**
   * One tensor per channel from data given as one value, a list or a dict;
   * every channel must be present, with the channel's shape and one sample
   * count for all. Tensors the caller passed in are returned as they are.
   */
  standardizeData(data: ChannelData, argument: string, channels: readonly { name: string; shape: readonly (number | null | object)[]; dtype: 'float32' | 'int32' }[]): tf.Tensor[] {
    const firstRank = channels[0]?.shape.length ?? 0;
    const byName = assignToSlots<unknown>(
      data,
      channels.map((c) => c.name),
      {
        owner: this.name,
        argument,
        slotKind: argument === 'x' ? 'input' : 'output',
        isSingle: (value) => isArrayData(value) && (!Array.isArray(value) || isSingleNestedArray(value, firstRank)),
      },
    );
    const created: tf.Tensor[] = [];
    try {
      const tensors = channels.map((channel) => {
        const value = byName.get(channel.name);
        if (value === undefined) {
          throw new KeraflowError(`${this.name}: ${argument} has no data for ${argument === 'x' ? 'input' : 'output'} '${channel.name}'`, {
            layer: this.name,
            argument,
            key: channel.name,
            expected: `data for ${channels.map((c) => `'${c.name}'`).join(', ')}`,
            given: 'nothing',
          });
        }
        const tensor = toTensor(value, [null, ...channel.shape.slice(1)] as never, channel.dtype, { owner: this.name, argument, channel: channel.name });
        if (tensor !== value) created.push(tensor);
        return tensor;
      });
      const counts = tensors.map((t) => t.shape[0]);
      if (counts.some((count) => count !== counts[0])) {
        throw new KeraflowError(`${this.name}: every channel of ${argument} must have the same number of samples, but found ${channels.map((c, i) => `'${c.name}': ${counts[i]}`).join(', ')}`, {
          layer: this.name,
          argument,
          expected: 'one sample count',
          given: counts.join(', '),
        });
      }
      if (argument === 'x' && channels.length === this.inputs.length && channels.every((c, i) => c.name === this.inputs[i].name)) {
        this.checkInputValues(tensors);
      }
      return tensors;
    } catch (error) {
      created.forEach((t) => t.dispose());
      throw error;
    }
  }

  /** The batch size an Input fixes (`batchSize`, which stateful layers need), if any: the default batch size of predict. */
  fixedBatchSize(): number | undefined {
    return this.inputs.map((input) => input.shape[0]).find((dim): dim is number => typeof dim === 'number');
  }

  /** The model's inputs as data channels. */
  inputChannels() {
    return this.inputs.map((input) => ({ name: input.name, shape: input.shape, dtype: input.dtype }));
  }

  /** The model's outputs as data channels. */
  outputChannels() {
    return this.outputs.map((output, index) => ({ name: this.outputNames[index], shape: output.shape, dtype: 'float32' as const }));
  }

  /**
   * Runs the model on `x` (one array, a list in input order, or a dict by input
   * name) in batches; one tensor for one output, a list for several.
   */
  predict(x: ChannelData, options: { batchSize?: number } = {}): tf.Tensor | tf.Tensor[] {
    const batchSize = options.batchSize ?? this.fixedBatchSize() ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new KeraflowError(`${this.name}: batchSize must be a positive integer, but got ${describeValue(batchSize)}`, {
        layer: this.name,
        argument: 'batchSize',
        expected: 'a positive integer',
        given: describeValue(batchSize),
      });
    }
    const given = new Set(collectTensors(x));
    const inputs = this.standardizeData(x, 'x', this.inputChannels());
    try {
      const count = inputs[0].shape[0];
      const results = tf.tidy(() => {
        const batches: tf.Tensor[][] = [];
        for (let start = 0; start === 0 || start < count; start += batchSize) {
          const size = Math.min(batchSize, count - start);
          const slices = inputs.map((t) => (size === count ? t : tf.slice(t, start, size)));
          batches.push(this.execute(slices, { training: false }));
        }
        const outputs = this.outputs.map((_, i) => (batches.length === 1 ? batches[0][i] : tf.concat(batches.map((b) => b[i]))));
        // Each result is the caller's own tensor: not an input (an identity layer returns it), not another result.
        return outputs.map((output, i) => (inputs.includes(output) || outputs.indexOf(output) < i ? tf.clone(output) : output));
      });
      return results.length === 1 ? results[0] : results;
    } finally {
      inputs.forEach((t) => given.has(t) || t.dispose());
    }
  }

  // ----------------------------------------------------------------- weights

  /** @internal Every layer with parameters once, in graph order (as `parameters`). */
  layersWithWeights(): Layer<any>[] {
    return [...new Set(this.parameters().map((p) => p.layer))];
  }

  /**
   * `{[layerName]: {[weightName]: tensor}}` for every layer that has
   * parameters, each layer's as its `weights` gives them (Keras 3's names for
   * a Keras dialect layer; tensors it joins are new, for the caller to dispose).
   */
  getWeights(): Record<string, Record<string, tf.Tensor>> {
    return Object.fromEntries(this.layersWithWeights().map((layer) => [layer.name, { ...layer.weights }]));
  }

  /** Sets any subset of the weights, given as `getWeights` returns them; all or nothing. */
  setWeights(weights: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
    if (!isPlainObject(weights)) {
      throw new KeraflowError(`${this.name}: setWeights takes {layerName: {paramName: array}}, but got ${describeValue(weights)}`, {
        layer: this.name,
        argument: 'weights',
        expected: '{layerName: {paramName: array}}',
        given: describeValue(weights),
      });
    }
    const layers = new Map(this.layersWithWeights().map((layer) => [layer.name, layer]));
    tf.tidy(() => {
      const updates: [tf.Variable, tf.Tensor][] = [];
      for (const [layerName, given] of Object.entries(weights)) {
        const layer = layers.get(layerName);
        if (!layer) {
          const suggestion = closestName(layerName, [...layers.keys()]);
          throw new KeraflowError(
            `${this.name}: setWeights names layer '${layerName}', which has no parameters in this model` +
              (suggestion ? `; did you mean '${suggestion}'?` : `; layers with parameters: ${[...layers.keys()].join(', ')}`),
            { layer: this.name, argument: 'weights', key: layerName, expected: [...layers.keys()].join(', '), given: layerName },
          );
        }
        if (!isPlainObject(given)) {
          throw new KeraflowError(`${this.name}: setWeights for layer '${layerName}' must be {paramName: array}, but got ${describeValue(given)}`, {
            layer: layerName,
            argument: 'weights',
            key: layerName,
            expected: '{paramName: array}',
            given: describeValue(given),
          });
        }
        // The weights not given keep their values: a layer converts all of them back to its variables at once.
        const current = layer.weights;
        const next: Record<string, tf.Tensor> = { ...current };
        for (const [weightName, value] of Object.entries(given)) {
          const weight = Object.hasOwn(current, weightName) ? current[weightName] : undefined;
          if (!weight) {
            throw new KeraflowError(`${layerName}: setWeights names parameter '${weightName}', but the layer has ${Object.keys(current).join(', ')}`, {
              layer: layerName,
              argument: 'weights',
              key: weightName,
              expected: Object.keys(current).join(', '),
              given: weightName,
            });
          }
          next[weightName] = toTensor(value, weight.shape, 'float32', { owner: layerName, argument: 'weights', channel: weightName });
        }
        const variables = layer.variables;
        for (const [name, value] of Object.entries(layer.variablesFromWeights(next))) if (value !== variables[name]) updates.push([variables[name], value]);
      }
      for (const [variable, value] of updates) variable.assign(value);
    });
  }

  /** The number of scalars in the parameters; shared layers count once. */
  countParams(): { total: number; trainable: number } {
    let total = 0;
    let trainable = 0;
    for (const p of this.parameters()) {
      total += p.variable.size;
      if (p.trainable) trainable += p.variable.size;
    }
    return { total, trainable };
  }

  /** A table of layers, output shapes and parameter counts, as Keras prints it. */
  summary(): string {
    const rows: [string, string, string][] = [['Layer (type)', 'Output shape', 'Param #']];
    const counted = new Set<Layer<any>>();
    for (const input of this.inputs) rows.push([`${input.name} (Input)`, formatShape(input.shape), '0']);
    const shown = new Set<KensorOrigin>();
    for (const kensor of this.plan) {
      const layer = kensor.origin.layer;
      // One row per application: a layer with several outputs lists their shapes.
      if (shown.has(kensor.origin)) continue;
      shown.add(kensor.origin);
      const count = counted.has(layer) ? 0 : layer.containedLayers().length ? countContained(layer) : layer.countParams();
      counted.add(layer);
      rows.push([`${layer.name} (${layer.className})`, [...kensor].map((output) => formatShape(output.shape)).join(', '), String(count)]);
    }
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)) + 2);
    const line = (row: [string, string, string]) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('')
        .trimEnd();
    const { total, trainable } = this.countParams();
    const rule = '='.repeat(widths.reduce((a, b) => a + b, 0));
    return [
      `Model: ${this.name}`,
      rule,
      line(rows[0]),
      rule,
      ...rows.slice(1).map(line),
      rule,
      `Total params: ${total}`,
      `Trainable params: ${trainable}`,
      `Non-trainable params: ${total - trainable}`,
    ].join('\n');
  }

  // ---------------------------------------------------------------- training

  /** Set to true (by a callback) to end `fit` after the current batch. */
  stopTraining = false;

  /** Sets the optimizer, the loss of every output and the metrics: see runtime/training/compile.ts. */
  compile(config: CompileConfig): void {
    training().compile(this, config);
  }

  /** Trains on (x, y); the History holds each epoch's loss, metrics and val_* values. See runtime/training/fit.ts. */
  fit(x: ChannelData, y: ChannelData, options: FitOptions = {}): Promise<History> {
    return training().fit(this, x, y, options, this);
  }

  /** `[loss, ...metrics]` over the whole data (sample-weighted; in `metricsNames` order). See runtime/training/evaluate.ts. */
  evaluate(x: ChannelData, y: ChannelData, options: EvaluateOptions = {}): Promise<number[]> {
    return training().evaluate(this, x, y, options);
  }

  /** The compiled optimizer (undefined before `compile`). */
  get optimizer(): Optimizer | undefined {
    return training().optimizer(this);
  }

  /** The names of `evaluate`'s values and the History's keys: `loss`, per-output losses (several outputs), metrics. */
  get metricsNames(): string[] {
    return training().metricsNames(this);
  }

  // ------------------------------------------------------------------ saving

  /**
   * Saves the architecture to `archPath` (JSON or YAML, by its extension:
   * .json, .yaml, .yml) and, when `weightPath` is given, the weights to it
   * (safetensors). `overwrite` (default false) replaces existing files;
   * other options go to JSON.stringify (`indent`) or js-yaml's `dump`.
   * Node only: in a browser, `saveToBytes` or `download`.
   */
  async saveToFile(archPath: string, weightPath?: string | null, options: SaveOptions = {}): Promise<void> {
    await nodeFeatures('saveToFile', 'saveToBytes() or download()').saveModel(this, archPath, weightPath, options);
  }

  /**
   * A model saved by `saveToFile`: the same graph, names, arguments,
   * regularizers, constraints and (with `weightPath`) weights. Paths need
   * Node; in a browser, pass the Files a user picked or dropped (the
   * architecture's extension, .json/.yaml/.yml, chooses its format).
   * `maxParameters` (default KERAFLOW_MAX_PARAMETERS, else 2^28) caps what the file may make allocate.
   */
  static async loadFromFile(archPath: string | Blob, weightPath?: string | Blob | null, options: LoadOptions = {}): Promise<Model> {
    return (await loadSaved(archPath, weightPath, 'Model.loadFromFile', options)).model;
  }

  /** The model in memory: `{architecture, weights}`, the JSON text and the safetensors bytes that `saveToFile` would write. */
  async saveToBytes(options: { indent?: number } = {}): Promise<{ architecture: string; weights: Uint8Array }> {
    const { checkBytesOptions, modelToBytes } = await import('../saving/model-bytes.ts');
    return (await modelToBytes(this, 'json', checkBytesOptions(options))) as { architecture: string; weights: Uint8Array };
  }

  /** A model from what `saveToBytes` returned (or the two files' bytes); `weights` may be null for fresh weights. */
  static async loadFromBytes(saved: SavedModel): Promise<Model> {
    const { checkSavedModel, modelFromBytes } = await import('../saving/model-bytes.ts');
    return modelFromBytes(checkSavedModel(saved)).model;
  }

  /** In a browser page: offers `<name>.json` (architecture) and `<name>.safetensors` (weights) as downloads; `loadFromFile` reads them back. */
  async download(name: string = this.name): Promise<void> {
    await downloadSaved(this, name, 'download');
  }

  /**
   * Writes `directory/model.json` and weight shards in the TensorFlow.js
   * Layers format, which `tf.loadLayersModel('file://directory/model.json')`
   * loads. A layer with no Keras counterpart is an error naming it. Node
   * only: in a browser, `exportTfjsArtifacts`.
   */
  async exportTfjs(directory: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await nodeFeatures('exportTfjs', 'exportTfjsArtifacts()').exportTfjs(this, directory, options);
  }

  /**
   * Writes a Keras 3 `.keras` archive (config.json, metadata.json,
   * model.weights.h5) that `keras.saving.load_model` loads, predicting what
   * this model predicts. A layer with no Keras 3 counterpart is an error naming it. Node only.
   */
  async exportKeras(file: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await nodeFeatures('exportKeras', 'exportTfjsArtifacts() (a .keras archive is written in Node)').exportKeras(this, file, options);
  }

  /**
   * A Keras 3 `.keras` archive as a Keraflow model: the same graph, layer
   * names and weights, compiled as the archive's `compile_config` says.
   * Functional models and Sequentials of layers with a Keras counterpart; a
   * Lambda, a custom layer or a setting Keraflow lacks is an error naming
   * the layer (see runtime/saving/keras-import.ts). A path needs Node; the
   * archive's bytes work anywhere.
   */
  static async loadKeras(file: string | Uint8Array): Promise<Model> {
    const { modelFromKerasArchive } = await import('../saving/keras-import.ts');
    if (file instanceof Uint8Array) return modelFromKerasArchive(file, 'the Keras archive');
    return modelFromKerasArchive(await nodeFeatures('loadKeras', "the archive's bytes (a Uint8Array)").readFile(file, 'file', 'Keras archive'), file);
  }

  /** The TensorFlow.js Layers format in memory: `tf.loadLayersModel(tf.io.fromMemory(artifacts))` loads it. */
  async exportTfjsArtifacts(): Promise<TfjsArtifacts> {
    const { tfjsArtifacts } = await import('../saving/tfjs-export.ts');
    return tfjsArtifacts(this);
  }
}

/** `loadFromFile` of Model and Sequential: paths through Node, Files and Blobs through their bytes. */
export async function loadSaved(archPath: string | Blob, weightPath: string | Blob | null | undefined, method: string, options: LoadOptions = {}): Promise<{ model: Model; sequential?: Sequential }> {
  const { isBlob, blobName, readBlob } = await import('../saving/browser-files.ts');
  if (!isBlob(archPath)) {
    if (isBlob(weightPath)) {
      throw new KeraflowError(`${method}: archPath is a path but weightPath a File; pass two paths (Node) or two Files`, { argument: 'weightPath', expected: 'a path or null', given: 'a File' });
    }
    return nodeFeatures(method, 'File objects (from <input type="file">) or loadFromBytes()').loadModel(archPath, weightPath, options);
  }
  if (weightPath !== undefined && weightPath !== null && !isBlob(weightPath)) {
    throw new KeraflowError(`${method}: archPath is a File but weightPath is not; pass the weights as a File too (or null)`, {
      argument: 'weightPath',
      expected: 'a File or null',
      given: typeof weightPath,
    });
  }
  const { architectureFormat } = await import('../saving/architecture-file.ts');
  const { modelFromBytes } = await import('../saving/model-bytes.ts');
  const names = { architecture: blobName(archPath, 'architecture'), weights: weightPath ? blobName(weightPath, 'weights') : '' };
  // A File's extension chooses the format, as a path's does; a Blob without a name is JSON.
  const format = names.architecture === 'architecture' ? 'json' : architectureFormat(names.architecture);
  const architecture = await readBlob(archPath, names.architecture, 'archPath');
  const weights = weightPath ? await readBlob(weightPath, names.weights, 'weightPath') : undefined;
  return modelFromBytes({ architecture, weights, format }, names, options);
}

/** `download` of Model and Sequential. */
export async function downloadSaved(target: Model | Sequential, name: string, method: string): Promise<void> {
  if (typeof name !== 'string' || name === '' || /[/\\]/.test(name)) {
    throw new KeraflowError(`${method}: name must be a file name without folders (the downloads are <name>.json and <name>.safetensors), but got ${JSON.stringify(name) ?? String(name)}`, {
      argument: 'name',
      expected: 'a file name',
      given: String(name),
    });
  }
  const { modelToBytes } = await import('../saving/model-bytes.ts');
  const { downloadFiles } = await import('../saving/browser-files.ts');
  const { architecture, weights } = await modelToBytes(target, 'json');
  downloadFiles(
    [
      { name: `${name}.json`, data: architecture, type: 'application/json' },
      { name: `${name}.safetensors`, data: weights!, type: 'application/octet-stream' },
    ],
    method,
  );
}

/** runtime/training's entry points; `facade` is what callbacks see as the model (the Sequential when fit was called on one). */
export interface TrainingEntry {
  compile(model: Model, config: CompileConfig): void;
  fit(model: Model, x: ChannelData, y: ChannelData, options: FitOptions, facade: Model | Layer<any>): Promise<History>;
  evaluate(model: Model, x: ChannelData, y: ChannelData, options: EvaluateOptions): Promise<number[]>;
  optimizer(model: Model): Optimizer | undefined;
  metricsNames(model: Model): string[];
}

let trainingEntry: TrainingEntry | undefined;

/** Called once by runtime/training/index.ts: the engine does not import training's code. */
export function registerTraining(entry: TrainingEntry): void {
  trainingEntry = entry;
}

/** @internal The registered training entry points. */
export function training(): TrainingEntry {
  if (!trainingEntry) {
    throw new KeraflowError("training is not loaded: import the runtime from 'keraflow' (runtime/index.ts), which loads runtime/training");
  }
  return trainingEntry;
}

function countContained(layer: Layer<any>): number {
  const contained = layer.containedLayers();
  return contained.length ? contained.reduce((n, child) => n + countContained(child), 0) : layer.countParams();
}

/** Channel names made unique: a second `dense_1` becomes `dense_1_2`. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/**
 * Whether a nested array is one channel's data rather than a list of
 * channels: its rank is the channel's (batch included), or one less where a
 * 1-D array stands for a column.
 */
function isSingleNestedArray(value: readonly unknown[], channelRank: number): boolean {
  // Numbers nest only in arrays: a tensor or a TypedArray with a shape anywhere in the list makes it a list of channels.
  if (value.some((item) => item instanceof tf.Tensor || (isArrayData(item) && !Array.isArray(item)))) return false;
  const rank = arrayDataRank(value as never);
  return rank === channelRank || (channelRank === 2 && rank === 1);
}

/** The tensors the caller passed in (which we must not dispose). */
export function collectTensors(data: unknown): tf.Tensor[] {
  if (data instanceof tf.Tensor) return [data];
  if (Array.isArray(data)) return data.filter((item): item is tf.Tensor => item instanceof tf.Tensor);
  if (isPlainObject(data)) return Object.values(data).filter((item): item is tf.Tensor => item instanceof tf.Tensor);
  return [];
}
