import type * as tf from '@tensorflow/tfjs-core';
import { describeValue, KeraflowError } from '../errors.ts';
import { recordContainer } from './containers.ts';
import type { Shape } from './dimension.ts';
import { Input } from './input.ts';
import type { DType, Kensor, KensorLike } from './kensor.ts';
import { Layer, type ApplyOptions, type CallContext, type LayerSpec } from './layer.ts';
import { downloadSaved, loadSaved, Model, training, type ChannelData } from './model.ts';
import { nodeFeatures } from './node-features.ts';
import type { SaveOptions } from '../saving/model-file.ts';
import type { SavedModel } from '../saving/model-bytes.ts';
import type { TfjsArtifacts } from '../saving/tfjs-export.ts';
import type { History } from '../training/callbacks/history.ts';
import type { CompileConfig } from '../training/compile.ts';
import type { EvaluateOptions } from '../training/evaluate.ts';
import type { FitOptions } from '../training/fit.ts';
import type { Optimizer } from '../training/optimizers/optimizer.ts';

export interface SequentialOptions {
  name?: string;
  /** False: no layer inside is updated by training. */
  trainable?: boolean;
}

/**
 * Layers in a chain, in two roles:
 *  - first layer an Input: the Sequential *is a tensor* (its last layer's
 *    output); it goes wherever a Kensor goes and trains as a model;
 *  - otherwise it is *a layer*, taking what its first layer takes; it can be
 *    nested and shared (every use runs the same layers, the same parameters).
 */
export class Sequential extends Layer<any> implements KensorLike {
  static override readonly spec: LayerSpec = {
    className: 'Sequential',
    doc: 'Layers applied one after another; a tensor when the first is an Input, otherwise a layer.',
    shape: "the shape its layers give, each applied to the last one's output",
    args: [],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
  };

  private readonly chain: Layer<any>[] = [];
  private tail?: Kensor;
  private model?: Model;

  constructor(layers: readonly Layer<any>[] = [], options: SequentialOptions = {}) {
    super([], options as Record<string, unknown>);
    if (!Array.isArray(layers)) {
      throw new KeraflowError(`${this.name}: Sequential takes a list of layers, but got ${describeValue(layers)}`, {
        layer: this.name,
        argument: 'layers',
        expected: 'a list of layers',
        given: describeValue(layers),
      });
    }
    layers.forEach((layer) => this.add(layer));
  }

  /** Appends a layer; with an Input first, it is applied to the output so far at once. */
  add(layer: Layer<any>): this {
    if (!(layer instanceof Layer)) {
      throw new KeraflowError(`${this.name}: add takes a layer, but got ${describeValue(layer)}`, {
        layer: this.name,
        argument: 'layer',
        expected: 'a layer',
        given: describeValue(layer),
      });
    }
    if (layer instanceof Input && this.chain.length > 0) {
      throw new KeraflowError(`${this.name}: an Input can only be the first layer of a Sequential, but ${layer.name} comes after ${this.chain.at(-1)!.name}`, {
        layer: this.name,
        argument: 'layer',
        expected: 'a layer that is not an Input',
        given: layer.name,
      });
    }
    if (this.built && !this.tail) {
      throw new KeraflowError(`${this.name}: layers cannot be added once the Sequential has been applied`, { layer: this.name });
    }
    recordContainer(this, layer);
    if (layer instanceof Input) this.tail = layer.output;
    else if (this.tail) this.tail = layer.apply(this.tail);
    this.chain.push(layer);
    this.model = undefined;
    return this;
  }

  get layers(): readonly Layer<any>[] {
    return this.chain;
  }

  override containedLayers(): readonly Layer<any>[] {
    return this.chain;
  }

  /** The layers that hold parameters, inside nested Sequentials too, each once (a layer used twice counts once). */
  private parameterLayers(): Layer<any>[] {
    const found = new Set<Layer<any>>();
    const visit = (layer: Layer<any>) => {
      const contained = layer.containedLayers();
      if (contained.length > 0) contained.forEach(visit);
      else found.add(layer);
    };
    this.chain.forEach(visit);
    return [...found];
  }

  /** The number of scalars in the parameters of every layer inside (a shared layer once), as Keras's `count_params()`. */
  override countParams(): number {
    return this.parameterLayers().reduce((total, layer) => total + layer.countParams(), 0);
  }

  /** The variables of the layers inside, by `layerName/variableName`, in layer order (as `weights`, before any layer's Keras names). */
  override get variables(): Readonly<Record<string, tf.Variable>> {
    const variables: Record<string, tf.Variable> = {};
    for (const layer of this.parameterLayers()) {
      for (const [name, variable] of Object.entries(layer.variables)) variables[`${layer.name}/${name}`] = variable;
    }
    return variables;
  }

  /** Every parameter of the layers inside, by `layerName/paramName` (the names of the weights file), in layer order. */
  override get weights(): Readonly<Record<string, tf.Tensor>> {
    const weights: Record<string, tf.Tensor> = {};
    for (const layer of this.parameterLayers()) {
      for (const [name, variable] of Object.entries(layer.weights)) weights[`${layer.name}/${name}`] = variable;
    }
    return weights;
  }

  /** True when the first layer is an Input: then this Sequential is a tensor. */
  get isTensor(): boolean {
    return this.tail !== undefined;
  }

  asKensor(): Kensor {
    if (!this.tail) {
      throw new KeraflowError(`${this.name} does not start with an Input, so it is a layer, not a tensor: apply it to a Kensor (${this.name}.apply(x))`, {
        layer: this.name,
        expected: 'a Sequential that starts with an Input',
        given: 'a Sequential layer',
      });
    }
    return this.tail;
  }

  /** The output shape, when this Sequential is a tensor. */
  get shape(): Shape {
    return this.asKensor().shape;
  }

  override takesList(): boolean {
    return this.chain[0]?.takesList() ?? false;
  }

  override applyAll(input: KensorLike | readonly KensorLike[], options: ApplyOptions = {}): Kensor[] {
    if (this.tail) {
      throw new KeraflowError(`${this.name} starts with an Input, so it is a tensor: nothing can be fed to it`, {
        layer: this.name,
        expected: 'no input',
        given: 'an input',
      });
    }
    if (this.chain.length === 0) {
      throw new KeraflowError(`${this.name} is empty: add layers before applying it`, { layer: this.name });
    }
    return super.applyAll(input, options);
  }

  override link(shapes: any, dtypes: readonly DType[], symbolicGraph: boolean): { shape: Shape; dtype: DType } {
    let current: { shape: Shape; dtype: DType } | undefined;
    for (const layer of this.chain) {
      current = current ? layer.link(current.shape, [current.dtype], symbolicGraph) : layer.link(shapes, dtypes, symbolicGraph);
    }
    this.ensureBuilt(shapes, symbolicGraph);
    return current!;
  }

  call(input: tf.Tensor | tf.Tensor[], context: CallContext): tf.Tensor {
    return this.run(Array.isArray(input) ? input : [input], Array.isArray(input), context, [context.mask]).output;
  }

  /** Runs the chain, each layer's output mask going to the next layer. */
  override run(inputs: readonly tf.Tensor[], list: boolean, context: CallContext, masks: readonly (tf.Tensor | undefined)[] = []): { output: tf.Tensor; mask?: tf.Tensor } {
    let current = this.chain[0].run(inputs, list, context, masks);
    for (const layer of this.chain.slice(1)) current = layer.run([current.output], false, context, [current.mask]);
    return current;
  }

  /** @internal As `run`: a Sequential has one output. */
  override runAll(inputs: readonly tf.Tensor[], list: boolean, context: CallContext, masks: readonly (tf.Tensor | undefined)[] = []): { outputs: tf.Tensor[]; masks: (tf.Tensor | undefined)[] } {
    const { output, mask } = this.run(inputs, list, context, masks);
    return { outputs: [output], masks: [mask] };
  }

  /** The data reaches the first layer. */
  override checkInputValues(input: tf.Tensor | tf.Tensor[]): void {
    this.chain[0]?.checkInputValues(input);
  }

  /** The model this Sequential is, when it starts with an Input. */
  asModel(): Model {
    this.asKensor();
    this.model ??= new Model(this.chain[0] as Input, this, { name: this.name });
    return this.model;
  }

  predict(x: ChannelData, options: { batchSize?: number } = {}): tf.Tensor {
    return this.asModel().predict(x, options) as tf.Tensor;
  }

  getWeights(): Record<string, Record<string, tf.Tensor>> {
    return this.asModel().getWeights();
  }

  setWeights(weights: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
    this.asModel().setWeights(weights);
  }

  summary(): string {
    return this.asModel().summary();
  }

  /** Set to true (by a callback) to end `fit` after the current batch. */
  stopTraining = false;

  /** Compiles the model this (Input-headed) Sequential is: see `Model.compile`. */
  compile(config: CompileConfig): void {
    this.asModel().compile(config);
  }

  /** Trains this (Input-headed) Sequential: see `Model.fit`; callbacks see the Sequential as their model. */
  fit(x: ChannelData, y: ChannelData, options: FitOptions = {}): Promise<History> {
    return training().fit(this.asModel(), x, y, options, this);
  }

  /** See `Model.evaluate`. */
  evaluate(x: ChannelData, y: ChannelData, options: EvaluateOptions = {}): Promise<number[]> {
    return this.asModel().evaluate(x, y, options);
  }

  get optimizer(): Optimizer | undefined {
    return this.asModel().optimizer;
  }

  get metricsNames(): string[] {
    return this.asModel().metricsNames;
  }

  /** Saves this (Input-headed) Sequential: see `Model.saveToFile`; the file records a Sequential. */
  async saveToFile(archPath: string, weightPath?: string | null, options: SaveOptions = {}): Promise<void> {
    this.asKensor();
    await nodeFeatures('saveToFile', 'saveToBytes() or download()').saveModel(this, archPath, weightPath, options);
  }

  /** An Input-headed Sequential saved by `saveToFile` (a file holding a Model is an error: use `Model.loadFromFile`); paths in Node, Files in a browser. */
  static async loadFromFile(archPath: string | Blob, weightPath?: string | Blob | null): Promise<Sequential> {
    const name = typeof archPath === 'string' ? archPath : 'the architecture';
    return onlySequential(await loadSaved(archPath, weightPath, 'Sequential.loadFromFile'), name, 'Model.loadFromFile');
  }

  /** This (Input-headed) Sequential in memory: see `Model.saveToBytes`. */
  async saveToBytes(options: { indent?: number } = {}): Promise<{ architecture: string; weights: Uint8Array }> {
    this.asKensor();
    const { checkBytesOptions, modelToBytes } = await import('../saving/model-bytes.ts');
    return (await modelToBytes(this, 'json', checkBytesOptions(options))) as { architecture: string; weights: Uint8Array };
  }

  /** An Input-headed Sequential from what `saveToBytes` returned: see `Model.loadFromBytes`. */
  static async loadFromBytes(saved: SavedModel): Promise<Sequential> {
    const { checkSavedModel, modelFromBytes } = await import('../saving/model-bytes.ts');
    return onlySequential(modelFromBytes(checkSavedModel(saved)), 'the architecture', 'Model.loadFromBytes');
  }

  /** In a browser page: offers `<name>.json` and `<name>.safetensors` as downloads: see `Model.download`. */
  async download(name: string = this.name): Promise<void> {
    this.asKensor();
    await downloadSaved(this, name, 'download');
  }

  /** The TensorFlow.js Layers format in memory: see `Model.exportTfjsArtifacts`. */
  async exportTfjsArtifacts(): Promise<TfjsArtifacts> {
    return this.asModel().exportTfjsArtifacts();
  }

  /** Exports this (Input-headed) Sequential to the TensorFlow.js Layers format: see `Model.exportTfjs`. */
  async exportTfjs(directory: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.asModel().exportTfjs(directory, options);
  }

  /** Exports this (Input-headed) Sequential to a Keras 3 `.keras` archive: see `Model.exportKeras`. */
  async exportKeras(file: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.asModel().exportKeras(file, options);
  }
}

/** A loaded Sequential; a loaded Model is disposed and refused, pointing to the Model loader. */
function onlySequential(loaded: { model: Model; sequential?: Sequential }, name: string, modelLoader: string): Sequential {
  if (!loaded.sequential) {
    new Set(loaded.model.parameters().map((p) => p.variable)).forEach((variable) => variable.dispose());
    throw new KeraflowError(`${name} holds a Model, not a Sequential; load it with ${modelLoader}`, {
      argument: 'archPath',
      expected: 'a Sequential architecture',
      given: 'a Model',
    });
  }
  return loaded.sequential;
}
