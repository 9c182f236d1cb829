import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../activations.ts';
import * as constraints from '../constraints.ts';
import { describeValue, inWording, KeraflowError, ShapeError, typeScriptWording, type ShapeErrorReason, type Worded } from '../errors.ts';
import * as initializations from '../initializations.ts';
import * as regularizers from '../regularizers.ts';
import { assignToSlots, isPlainObject } from './argument-passing.ts';
import { arrayDataRank, arrayDataShape, isArrayData, isTypedArrayWithShape, toTensor } from './data.ts';
import { formatShape, shapesCompatible, type Shape } from './dimension.ts';
import { kerasRegularizer, type KerasMapping, type KerasObject } from './keras.ts';
import { isKensorLike, Kensor, type DType, type KensorLike, type KensorOrigin } from './kensor.ts';
import { sessionLayerNames } from './layer-names.ts';
import { bindArgumentsOrThrow, type AliasCheckers, type ArgSpec, type ClassSpec } from './spec.ts';
import { checkBudget } from './parameter-budget.ts';

export type PerParameter<T> = T | readonly T[] | Readonly<Record<string, T>>;

/** The options every layer takes, after its own positional arguments and options. */
export interface LayerOptions {
  /** A name unique in its model; by default the class name in snake_case and a counter (`dense_1`). */
  name?: string;
  /** False: the layer's parameters are never updated by training. */
  trainable?: boolean;
  /** First values of the parameters, overriding the initialization: one array, a list (parameter order) or a dict (parameter name). */
  initialWeights?: unknown;
  /** Penalties on parameters: one, a list (parameter order) or a dict (parameter name). */
  regularizers?: PerParameter<regularizers.RegularizerLike>;
  /** Constraints on parameters after each update: one, a list or a dict. */
  constraints?: PerParameter<constraints.ConstraintLike>;
}

/** The options every layer takes, as argument specs: their types, defaults and docs for the checker, completion and hover. */
export const COMMON_OPTION_SPECS = [
  { name: 'name', type: 'string', doc: 'A name unique in the model (default: class name and a counter).' },
  { name: 'trainable', type: 'bool', default: true, doc: 'false: the parameters are never updated by training.' },
  {
    name: 'initialWeights',
    type: 'any',
    accepts: 'a dict, list or array of weights',
    doc: 'First values of the parameters, by dict (parameter name), list (parameter order) or one array (the first).',
  },
  {
    name: 'regularizers',
    type: 'any',
    accepts: 'a regularizer, or a dict or list of them',
    doc: 'Penalties on parameters, by dict, list or one value: L1, L2, L1L2.',
  },
  {
    name: 'constraints',
    type: 'any',
    accepts: 'a constraint, or a dict or list of them',
    doc: 'Constraints applied after each update, by dict, list or one value: maxnorm, nonneg, unitnorm.',
  },
] as const satisfies readonly ArgSpec[];

/** The names of the options every layer takes. */
export const COMMON_OPTIONS: readonly (typeof COMMON_OPTION_SPECS)[number]['name'][] = COMMON_OPTION_SPECS.map((option) => option.name);

/** Everything a layer class says about itself: the one source of truth the checker, the editor and saving read. */
export interface LayerSpec extends ClassSpec {
  /** Every parameter the layer may have, in its documented order. */
  readonly params: readonly string[];
  /** The parameters a given configuration has (e.g. no `b` without bias); default `params`. */
  readonly activeParams?: (args: Readonly<Record<string, unknown>>) => readonly string[];
  /** One Kensor, or a list of them. */
  readonly inputs: 'single' | 'list';
  /** The shape rule in words, batch dimension left out (for the layer reference, docs/layers.md): '[..., d] -> [..., output_dim]'. */
  readonly shape?: string;
  /** What the input must hold: floats (the default), integers (Embedding), or either. */
  readonly inputDtype?: DType | 'any';
  /** Its Keras / TensorFlow.js Layers counterpart, for export; none: the layer has no counterpart. */
  readonly keras?: KerasMapping;
  /** What `apply` takes beside the input: tensors by keyword (`initialState`) and call options (`useCausalMask`). */
  readonly call?: readonly CallArgSpec[];
  /** The catalogue it belongs to: 'keras' for the Keras 3 dialect's layers (runtime/keras/); absent: Keraflow's. */
  readonly dialect?: 'keras';
}

/** An argument of a layer's application: a tensor (or a list of them) passed by keyword, or an option of the call. */
export interface CallArgSpec {
  /** camelCase, as in the TypeScript API; the `.kf` form is snake_case. */
  readonly name: string;
  /** 'tensor': one Kensor; 'tensors': a list of Kensors; 'bool': true or false. */
  readonly kind: 'tensor' | 'tensors' | 'bool';
  /** One line for hover and completion. */
  readonly doc: string;
}

/** What `apply` takes beside the input, by the names of the layer's `spec.call`. */
export type ApplyOptions = Readonly<Record<string, unknown>>;

/** An application's call arguments as shape rules see them: keyword tensors by shape, options by value. */
export interface CallShapes {
  readonly tensors: Readonly<Record<string, Shape | readonly Shape[]>>;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface CallContext {
  /** True inside `fit` only: Dropout and the like act then. */
  readonly training: boolean;
  /**
   * The input's mask, when it has one (single-input layers): a bool tensor
   * [batch, time], true where a time step is kept. Recurrent layers skip the
   * other steps. Masks start at an Input with a `maskValue`; see `computeMask`.
   */
  readonly mask?: tf.Tensor;
  /** The tensors passed by keyword when the layer was applied (`initialState`, `attentionMask`). */
  readonly tensors?: Readonly<Record<string, tf.Tensor | readonly tf.Tensor[]>>;
  /** The call options given when the layer was applied (`useCausalMask`). */
  readonly callOptions?: Readonly<Record<string, unknown>>;
  /** In training: where layers put penalties of the forward pass (Keras's activity regularizers), which the training loss adds. */
  readonly losses?: tf.Scalar[];
}

export interface ParamDeclaration {
  readonly name: string;
  readonly shape: Shape;
  /** False for state the layer updates itself (BatchNormalization's moving statistics): optimizers never touch it. */
  readonly trainable?: boolean;
}

export interface ParamOptions {
  /** False: state the layer updates itself, never by an optimizer (default true). Saved and loaded like any parameter. */
  trainable?: boolean;
}

type Shapes = Shape | Shape[];
type TensorsFor<S extends Shapes> = S extends Shape[] ? tf.Tensor[] : tf.Tensor;

/** How a layer's arguments of the alias and layer types are checked: by the activation, initialization, regularizer and constraint catalogues, and the Layer class. */
export const layerArgumentKinds: AliasCheckers = {
  activation: (name) => activations.registry.has(name),
  initialization: (name) => initializations.registry.has(name),
  regularizer: (name) => regularizers.registry.has(name),
  constraint: (name) => constraints.registry.has(name),
  layer: (value) => value instanceof Layer,
  aliases: (type) => ({ activation: activations.registry, initialization: initializations.registry, regularizer: regularizers.registry, constraint: constraints.registry })[type].names(),
};

const defaultSpec: LayerSpec = { className: 'Layer', doc: '', args: [], params: [], inputs: 'single' };

/**
 * A layer turns one Kensor (or, for a MultiInputLayer, a list of them) into a
 * new Kensor. Subclasses declare a static `spec`, and implement what they
 * need of: `checkInputShape`, `outputShape`, `initParams`, `call`. A layer
 * with several outputs (LSTM with returnState) or keyword tensors also
 * implements `outputShapes` and `callAll`.
 */
export abstract class Layer<S extends Shapes = Shape> {
  static readonly spec: LayerSpec = defaultSpec;

  readonly name: string;
  trainable: boolean;
  /** Every spec argument, given or defaulted, by camelCase name. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The spec arguments the caller gave. */
  readonly givenArgs: ReadonlySet<string>;
  /** As given, for saving: `initialWeights` is dropped once the weights exist. */
  readonly options: Readonly<LayerOptions>;
  /** Keras's activity_regularizer, for a layer whose spec takes it: a penalty on its outputs in training. */
  readonly activityRegularizer?: regularizers.Regularizer;

  private readonly parameters = new Map<string, tf.Variable>();
  /** Parameters declared with `trainable: false` (updated by the layer itself). */
  private readonly stateParams = new Set<string>();
  private declared?: ParamDeclaration[];
  private readonly resolvedRegularizers = new Map<string, regularizers.Regularizer>();
  private readonly resolvedConstraints = new Map<string, constraints.Constraint>();
  /** The regularizers and constraints that came from weight arguments (`kernelRegularizer`), saved as those arguments. */
  private readonly weightArgumentItems = new Set<unknown>();
  private recording?: ParamDeclaration[];
  private pendingInitialWeights?: Map<string, tf.Tensor>;
  private builtFor?: S;
  /** Layers used inside this one, whose parameters this one adopted. */
  private readonly embedded: Layer<any>[] = [];

  /** `options`: the layer's own options (by its spec) and the common ones (LayerOptions). */
  constructor(positional: readonly unknown[] = [], options: LayerOptions = {}) {
    const spec = this.spec;
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new KeraflowError(`${spec.className}: name must be a non-empty string, but got ${describeValue(options.name)}`, {
        layer: spec.className,
        argument: 'name',
        expected: 'a non-empty string',
        given: describeValue(options.name),
      });
    }
    this.name = options.name ?? sessionLayerNames.next(spec.className);
    if (options.trainable !== undefined && typeof options.trainable !== 'boolean') {
      throw new KeraflowError(`${this.name}: trainable must be true or false, but got ${describeValue(options.trainable)}`, {
        layer: this.name,
        argument: 'trainable',
        expected: 'true or false',
        given: describeValue(options.trainable),
      });
    }
    this.trainable = options.trainable ?? true;
    const bound = bindArgumentsOrThrow(spec, positional, options as Readonly<Record<string, unknown>>, COMMON_OPTIONS, this.name, layerArgumentKinds);
    this.args = bound.values;
    this.givenArgs = bound.given;
    this.options = {
      name: options.name,
      trainable: options.trainable,
      initialWeights: options.initialWeights,
      regularizers: options.regularizers,
      constraints: options.constraints,
    };
    const activity = this.args.activityRegularizer as regularizers.RegularizerLike | null | undefined;
    if (activity !== null && activity !== undefined) this.activityRegularizer = regularizers.get(activity, { layer: this.name, argument: 'activityRegularizer' });
    // Parameter names are known now for catalogue layers: check the keys early.
    if (spec.params.length > 0) this.resolvePerParameterOptions(this.paramNames());
  }

  /** The spec of this layer's class (a custom class without one gets its class name). */
  get spec(): LayerSpec {
    const cls = this.constructor as typeof Layer;
    return Object.hasOwn(cls, 'spec') ? cls.spec : { ...defaultSpec, className: cls.name, inputs: this.defaultInputs() };
  }

  /** @internal */
  protected defaultInputs(): 'single' | 'list' {
    return 'single';
  }

  get className(): string {
    return this.spec.className;
  }

  /** The parameters this layer has (or will have), in order. */
  paramNames(): readonly string[] {
    if (this.declared) return this.declared.map((p) => p.name);
    if (this.parameters.size > 0) return [...this.parameters.keys()];
    return this.spec.activeParams?.(this.args) ?? this.spec.params;
  }

  /** Whether `apply` takes a list of Kensors. */
  takesList(): boolean {
    return this.spec.inputs === 'list';
  }

  // ---------------------------------------------------------------- linking

  /**
   * Links a Kensor (a list of them, for a multi-input layer) to a new Kensor.
   * A layer with several outputs gives the first, which destructures into
   * all of them: `const [sequence, h, c] = lstm.apply(x)`. `options`: tensors
   * by keyword and call options, as the layer's `spec.call` names them.
   */
  apply(input: KensorLike | readonly KensorLike[], options: ApplyOptions = {}): Kensor {
    return this.applyAll(input, options)[0];
  }

  /** As `apply`, always a list: every output of the application. */
  applyAll(input: KensorLike | readonly KensorLike[], options: ApplyOptions = {}): Kensor[] {
    const list = Array.isArray(input);
    if (list !== this.takesList()) {
      throw new KeraflowError(
        (words) =>
          this.takesList()
            ? `${this.name} (${this.className}) takes a list of ${words.tensor}s, but was given one`
            : `${this.name} (${this.className}) takes one ${words.tensor}, but was given a list of ${(input as unknown[]).length}`,
        { layer: this.name, expected: this.takesList() ? 'a list of Kensors' : 'one Kensor', given: list ? 'a list' : 'one Kensor', reason: 'list' },
      );
    }
    const inputs = (list ? (input as readonly KensorLike[]) : [input as KensorLike]).map((item, index) => {
      if (!isKensorLike(item)) {
        throw new KeraflowError((words) => `${this.name}: input${list ? ` ${index}` : ''} must be a ${words.tensor} (or an Input), but got ${describeValue(item)}`, {
          layer: this.name,
          expected: 'a Kensor',
          given: describeValue(item),
        });
      }
      return item.asKensor();
    });
    const shapes = (list ? inputs.map((k) => k.shape) : inputs[0].shape) as S;
    const dtypes = inputs.map((k) => k.dtype);
    const { keywords, callOptions } = this.bindCallArguments(options);
    const call: CallShapes = {
      tensors: Object.fromEntries(Object.entries(keywords).map(([name, value]) => [name, Array.isArray(value) ? value.map((k) => k.shape) : (value as Kensor).shape])),
      options: callOptions,
    };
    const symbolicGraph = this.inSymbolicGraph([...inputs, ...Object.values(keywords).flat()]);
    const linked = this.linkAll(shapes, dtypes, call, symbolicGraph);
    const outputs: Kensor[] = [];
    const origin: KensorOrigin = {
      layer: this,
      inputs,
      list,
      outputs,
      ...(Object.keys(keywords).length > 0 ? { keywords } : {}),
      ...(Object.keys(callOptions).length > 0 ? { options: callOptions } : {}),
    };
    outputs.push(...linked.shapes.map((shape, index) => new Kensor(shape, linked.dtypes[index], origin, index, symbolicGraph)));
    return outputs;
  }

  /** Whether the inputs belong to a symbolic graph (Kensor.symbolicGraph); a graph of each kind in one application is an error. */
  private inSymbolicGraph(inputs: readonly Kensor[]): boolean {
    const symbolic = inputs.filter((kensor) => kensor.symbolicGraph).length;
    if (symbolic > 0 && symbolic < inputs.length) {
      throw new KeraflowError(`${this.name} (${this.className}) takes inputs from one graph, but some come from a symbolic graph (the checker's) and some from a real one`, {
        layer: this.name,
        expected: 'inputs from one graph',
        given: 'inputs from a symbolic and a real graph',
      });
    }
    return symbolic > 0;
  }

  /** Sorts `apply`'s options by the layer's `spec.call`: Kensors by keyword, and call options; anything else is an error naming it. */
  private bindCallArguments(options: ApplyOptions): { keywords: Record<string, Kensor | Kensor[]>; callOptions: Record<string, unknown> } {
    const keywords: Record<string, Kensor | Kensor[]> = {};
    const callOptions: Record<string, unknown> = {};
    if (!isPlainObject(options)) {
      throw new KeraflowError(`${this.name} (${this.className}): apply's options must be a dict of call arguments, but got ${describeValue(options)}`, {
        layer: this.name,
        argument: 'options',
        expected: 'a dict',
        given: describeValue(options),
      });
    }
    const specs = this.spec.call ?? [];
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined) continue;
      const spec = specs.find((candidate) => candidate.name === name);
      if (!spec) {
        const known = specs.map((candidate) => candidate.name);
        throw new KeraflowError(
          (words) => `${this.name} (${this.className}) takes no call argument ${words.argument(name)}; ${known.length > 0 ? `it takes ${known.map(words.argument).join(', ')}` : 'it takes none'}`,
          { layer: this.name, argument: name, expected: known.length > 0 ? known.join(', ') : 'no call arguments', given: name },
        );
      }
      if (spec.kind === 'bool') {
        if (typeof value !== 'boolean') {
          throw new KeraflowError((words) => `${this.name} (${this.className}): ${words.argument(name)} must be true or false, but got ${describeValue(value)}`, {
            layer: this.name,
            argument: name,
            expected: 'true or false',
            given: describeValue(value),
          });
        }
        callOptions[name] = value;
        continue;
      }
      const items = spec.kind === 'tensors' && Array.isArray(value) ? value : [value];
      if ((spec.kind === 'tensors') !== Array.isArray(value) || !items.every(isKensorLike)) {
        const expected = spec.kind === 'tensors' ? 'a list of Kensors' : 'a Kensor';
        throw new KeraflowError(
          (words) =>
            `${this.name} (${this.className}): ${words.argument(name)} must be ${spec.kind === 'tensors' ? `a list of ${words.tensor}s` : `a ${words.tensor}`}, but got ${describeValue(value)}`,
          { layer: this.name, argument: name, expected, given: describeValue(value) },
        );
      }
      const kensors = items.map((item) => (item as KensorLike).asKensor());
      keywords[name] = spec.kind === 'tensors' ? kensors : kensors[0];
    }
    return { keywords, callOptions };
  }

  /**
   * As `link`, for every output, with the keyword tensors' shapes and the
   * call options (`call`): the shapes and dtypes of all the outputs.
   */
  linkAll(shapes: S, dtypes: readonly DType[], call: CallShapes, symbolicGraph: boolean): { shapes: Shape[]; dtypes: DType[] } {
    const { shape, dtype } = this.link(shapes, dtypes, symbolicGraph);
    const all = this.outputShapes(shapes, call, shape);
    return { shapes: all, dtypes: all.map((_, index) => (index === 0 ? dtype : 'float32')) };
  }

  /**
   * Every output's shape, from the input shapes, the call arguments and the
   * first output's shape (`outputShape`'s); throws a ShapeError for a keyword
   * tensor of the wrong shape. Default: the one output. Layers with several
   * outputs or keyword tensors override it.
   */
  outputShapes(_shapes: S, _call: CallShapes, first: Shape): Shape[] {
    return [first];
  }

  /** Checks the input, builds the parameters (once), and gives the output's shape and dtype. */
  link(shapes: S, dtypes: readonly DType[], symbolicGraph: boolean): { shape: Shape; dtype: DType } {
    this.checkInputDtypes(dtypes);
    this.checkInputShape(shapes);
    this.ensureBuilt(shapes, symbolicGraph);
    return { shape: this.outputShape(shapes), dtype: this.outputDtype(dtypes) };
  }

  /** The rank (batch included) the input must have; undefined: any. Used by the default `checkInputShape`. */
  inputDimension(): number | undefined {
    return undefined;
  }

  /** Throws a ShapeError when the layer cannot take this input shape. */
  checkInputShape(shapes: S): void {
    const expectedRank = this.inputDimension();
    if (expectedRank === undefined) return;
    for (const shape of (this.takesList() ? shapes : [shapes]) as Shape[]) {
      if (shape.length !== expectedRank) {
        throw this.shapeError(`takes inputs of rank ${expectedRank} (batch included)`, shape, { reason: 'rank' });
      }
    }
  }

  /** The output shape for an input shape (batch first). Default: the input's shape. */
  outputShape(shapes: S): Shape {
    return (this.takesList() ? (shapes as Shape[])[0] : shapes) as Shape;
  }

  checkInputDtypes(dtypes: readonly DType[]): void {
    const required = this.spec.inputDtype ?? 'float32';
    if (required === 'any') return;
    dtypes.forEach((dtype, index) => {
      if (dtype !== required) {
        throw new ShapeError(`${this.name} (${this.className}) takes ${required === 'int32' ? 'integer' : 'float'} input, but input${dtypes.length > 1 ? ` ${index}` : ''} is ${dtype}`, {
          layer: this.name,
          expected: required,
          given: dtype,
          reason: 'dtype',
        });
      }
    });
  }

  outputDtype(dtypes: readonly DType[]): DType {
    return (this.spec.inputDtype ?? 'float32') === 'any' ? dtypes[0] : 'float32';
  }

  /**
   * A ShapeError naming this layer, what it needs and the shape it got.
   * `reason` sorts it for tools (the .kf checker's codes): a wrong rank, a
   * size that must be concrete, ...; absent: any other shape rule.
   */
  shapeError(needs: Worded, given: Shape | readonly Shape[], options: { expected?: string; reason?: ShapeErrorReason } = {}): ShapeError {
    const shown = Array.isArray(given[0]) || (given.length === 0 && this.takesList()) ? `[${(given as readonly Shape[]).map((s) => formatShape(s)).join(', ')}]` : formatShape(given as Shape);
    return new ShapeError((wording) => `${this.name} (${this.className}) ${inWording(needs, wording)}, but got ${shown}`, {
      layer: this.name,
      expected: options.expected ?? inWording(needs, typeScriptWording),
      given: shown,
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }

  // -------------------------------------------------------------- parameters

  /** Registers the parameters for an input shape, in order, with `addParam` (and `embed`). */
  protected initParams(_shapes: S): void {}

  /**
   * Declares parameter `name`: records its shape when building symbolically,
   * else creates it. `{trainable: false}` marks state the layer updates itself
   * (in `call`, when `context.training`): optimizers never touch it.
   */
  protected addParam(name: string, shape: Shape, initialization: (shape: number[]) => tf.Tensor, options: ParamOptions = {}): void {
    const trainable = options.trainable ?? true;
    if (this.recording) {
      this.recording.push(trainable ? { name, shape } : { name, shape, trainable });
      return;
    }
    const sizes = shape.map((dim) => {
      if (typeof dim !== 'number') throw this.shapeError(`needs concrete sizes for parameter ${name}`, shape, { reason: 'concrete' });
      return dim;
    });
    checkBudget(
      sizes.reduce((n, size) => n * size, 1),
      `${this.name}: parameter '${name}' of shape [${sizes.join(', ')}]`,
      this.name,
    );
    const initial = this.pendingInitialWeights?.get(name);
    const value = initial ?? this.initialValue(name, sizes, initialization);
    this.parameters.set(name, tf.variable(value, trainable, undefined, 'float32'));
    if (!trainable) this.stateParams.add(name);
    value.dispose();
  }

  /** Runs an initialization: a failure (identity of a non-square matrix) or a wrong result is a KeraflowError naming the parameter. */
  private initialValue(name: string, sizes: number[], initialization: (shape: number[]) => tf.Tensor): tf.Tensor {
    const expected = `a tensor of shape [${sizes.join(', ')}]`;
    let value: unknown;
    try {
      value = tf.tidy(() => initialization(sizes));
    } catch (error) {
      if (error instanceof KeraflowError) throw error;
      throw new KeraflowError(`${this.name}: cannot initialize parameter '${name}' of shape [${sizes.join(', ')}]: ${(error as Error).message}`, {
        layer: this.name,
        key: name,
        expected,
        given: (error as Error).message,
      });
    }
    const fits = value instanceof tf.Tensor && value.shape.length === sizes.length && value.shape.every((size: number, i: number) => size === sizes[i]);
    if (!fits) {
      const given = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : describeValue(value);
      if (value instanceof tf.Tensor) value.dispose();
      throw new KeraflowError(`${this.name}: the initialization of parameter '${name}' gave ${given}, but ${expected} was expected`, {
        layer: this.name,
        key: name,
        expected,
        given,
      });
    }
    return value as tf.Tensor;
  }

  /** False for a parameter declared with `trainable: false` (layer state such as moving statistics). */
  isTrainableParam(name: string): boolean {
    if (this.declared) return this.declared.find((p) => p.name === name)?.trainable ?? true;
    return !this.stateParams.has(name);
  }

  /**
   * Uses `layer` inside this one: builds it for `shape` and adopts its
   * parameters, regularizers and constraints as this layer's own, their
   * names prefixed by `prefix` (Bidirectional: `forward_W`, `backward_W`).
   */
  protected embed<T extends Shapes>(layer: Layer<T>, shape: T, options: { prefix?: string } = {}): void {
    const prefix = options.prefix ?? '';
    if (this.recording) {
      this.recording.push(...layer.describeParams(shape).map((p) => ({ ...p, name: prefix + p.name })));
      return;
    }
    layer.ensureBuilt(shape, false);
    this.embedded.push(layer);
    for (const [name, variable] of layer.parameters) {
      const initial = this.pendingInitialWeights?.get(prefix + name);
      if (initial) variable.assign(initial);
      this.parameters.set(prefix + name, variable);
      if (layer.stateParams.has(name)) this.stateParams.add(prefix + name);
    }
    layer.resolvedRegularizers.forEach((r, name) => this.resolvedRegularizers.has(prefix + name) || this.resolvedRegularizers.set(prefix + name, r));
    layer.resolvedConstraints.forEach((c, name) => this.resolvedConstraints.has(prefix + name) || this.resolvedConstraints.set(prefix + name, c));
  }

  /** The parameters this layer would have for an input shape, without creating any. */
  describeParams(shapes: S): ParamDeclaration[] {
    const outer = this.recording;
    this.recording = [];
    try {
      this.initParams(shapes);
      return this.recording;
    } finally {
      this.recording = outer;
    }
  }

  /**
   * Builds the parameters on the first application (in a symbolic graph,
   * records their shapes only); checks later applications against them.
   */
  ensureBuilt(shapes: S, symbolicGraph: boolean): void {
    if (this.builtFor !== undefined) {
      const existing = this.paramDeclarations();
      const wanted = this.describeParams(shapes);
      const mismatch = wanted.length !== existing.length || wanted.some((p, i) => p.name !== existing[i].name || !shapesCompatible(p.shape, existing[i].shape));
      if (mismatch) {
        const built = this.takesList() ? (this.builtFor as Shape[]).map((s) => formatShape(s)).join(', ') : formatShape(this.builtFor as Shape);
        throw this.shapeError(`was built for input ${built} (a shared layer takes one input shape)`, shapes, { expected: built, reason: 'shared' });
      }
      return;
    }
    const declarations = this.describeParams(shapes);
    this.resolvePerParameterOptions(declarations.map((p) => p.name));
    const initial = this.resolveInitialWeights(declarations, !symbolicGraph);
    if (symbolicGraph) {
      this.declared = declarations;
    } else {
      this.pendingInitialWeights = initial;
      try {
        this.initParams(shapes);
      } finally {
        this.pendingInitialWeights = undefined;
        initial.forEach((tensor) => tensor.dispose());
      }
    }
    this.builtFor = shapes;
  }

  /** Whether the parameters exist (or were declared symbolically). */
  get built(): boolean {
    return this.builtFor !== undefined;
  }

  /** Name and shape of every parameter, built or declared. */
  paramDeclarations(): ParamDeclaration[] {
    if (this.declared) return this.declared;
    return [...this.parameters].map(([name, variable]) => (this.stateParams.has(name) ? { name, shape: variable.shape, trainable: false } : { name, shape: variable.shape }));
  }

  /**
   * The variables the layer's math runs on, by parameter name, in order:
   * what optimizers, regularizers and constraints update. For a Keras
   * dialect layer they are its sibling's (`W`, `U_i`...), which users see
   * under Keras's names through `weights`.
   */
  get variables(): Readonly<Record<string, tf.Variable>> {
    return Object.fromEntries(this.parameters);
  }

  /**
   * Each weight by name, in the documented order, as users see, save and
   * load them: by default the variables themselves. A Keras dialect layer
   * gives Keras 3's names and layouts (see KerasLayer), where Keras joins
   * several variables into one weight as a new tensor the caller disposes.
   */
  get weights(): Readonly<Record<string, tf.Tensor>> {
    return this.variables;
  }

  /**
   * The values of the variables (by variable name) for weights given as
   * `weights` names and shapes them, all of them: by default the same. A
   * layer presenting its variables otherwise converts them back.
   */
  variablesFromWeights(weights: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
    return { ...weights };
  }

  /** The number of scalars in the parameters (symbolic sizes count as unknown: NaN). */
  countParams(): number {
    return this.paramDeclarations().reduce((total, p) => total + p.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : NaN), 1), 0);
  }

  get regularizers(): ReadonlyMap<string, regularizers.Regularizer> {
    return this.resolvedRegularizers;
  }

  get constraints(): ReadonlyMap<string, constraints.Constraint> {
    return this.resolvedConstraints;
  }

  /** The layer whose Keras mapping (`spec.keras`) exports this one: itself, or for a Keras dialect layer the Keraflow layer it runs. */
  kerasCounterpart(): Layer<any> {
    return this;
  }

  /**
   * Keras config entries this layer sets over those its counterpart's
   * mapping writes: activity_regularizer, for a layer whose spec takes it
   * (a Keras dialect layer's Keraflow counterpart lacks it); a Keras dialect
   * layer adds its bias_initializer.
   */
  kerasConfigOverrides(): Record<string, KerasObject | null> {
    if (!this.spec.args.some((arg) => arg.name === 'activityRegularizer')) return {};
    const regularizer = this.activityRegularizer;
    if (!regularizer) return { activity_regularizer: null };
    const unsupported = (why: string): never => {
      throw new KeraflowError(`${this.name} (${this.className}) cannot be exported to Keras: activityRegularizer ${why}`, {
        layer: this.name,
        argument: 'activityRegularizer',
        expected: 'a value Keras can express',
        given: why,
      });
    };
    return { activity_regularizer: kerasRegularizer(regularizer, unsupported) };
  }

  /** Whether training this layer adds activity penalties: its own activity regularizer, or one of the layers it uses or holds. */
  hasActivityPenalty(): boolean {
    return this.activityRegularizer !== undefined || [...this.embedded, ...this.containedLayers()].some((layer) => layer.hasActivityPenalty());
  }

  /** Layers a container (Sequential) holds; their parameters stay theirs. */
  containedLayers(): readonly Layer<any>[] {
    return [];
  }

  /** Layers used inside this one (their parameters are this one's). */
  get sublayers(): readonly Layer<any>[] {
    return this.embedded;
  }

  private resolvePerParameterOptions(names: readonly string[]): void {
    const context = (argument: string) => ({
      owner: this.name,
      argument,
      slotKind: 'parameter',
      isSingle: (value: unknown) => !Array.isArray(value) && !isPlainObject(value),
    });
    this.resolvedRegularizers.clear();
    this.weightArgumentItems.clear();
    for (const [name, value] of assignToSlots<regularizers.RegularizerLike>(this.options.regularizers, names, context('regularizers'))) {
      this.resolvedRegularizers.set(name, regularizers.get(value, { layer: this.name, argument: 'regularizers' }));
    }
    if (isPlainObject(this.options.initialWeights) && !isTypedArrayWithShape(this.options.initialWeights)) {
      // Only the keys can be checked before the shapes are known; values are checked at build.
      assignToSlots(this.options.initialWeights, names, { ...context('initialWeights'), isSingle: () => false });
    }
    this.resolvedConstraints.clear();
    for (const [name, value] of assignToSlots<constraints.ConstraintLike>(this.options.constraints, names, context('constraints'))) {
      this.resolvedConstraints.set(name, constraints.get(value, { layer: this.name, argument: 'constraints' }));
    }
    this.resolveWeightArguments(names, 'Regularizer', this.resolvedRegularizers, (value, argument) => regularizers.get(value as regularizers.RegularizerLike, { layer: this.name, argument }));
    this.resolveWeightArguments(names, 'Constraint', this.resolvedConstraints, (value, argument) => constraints.get(value as constraints.ConstraintLike, { layer: this.name, argument }));
  }

  /**
   * Keras's weight arguments of this layer's own spec (`kernelRegularizer`,
   * `biasConstraint`), each Keras weight with the parameters that hold it
   * (`kernel: ['kernel']`), for a layer whose spec is Keras's. Default: none.
   */
  protected ownWeightParams(): Readonly<Record<string, readonly string[]>> {
    return {};
  }

  /** Whether this regularizer or constraint comes from a weight argument (`kernelRegularizer`), not the common option. */
  fromWeightArgument(item: unknown): boolean {
    return this.weightArgumentItems.has(item);
  }

  /** Puts the `<weight>Regularizer` (or Constraint) arguments on their parameters; with the common option as well it is an error. */
  private resolveWeightArguments<T>(names: readonly string[], suffix: 'Regularizer' | 'Constraint', resolved: Map<string, T>, get: (value: unknown, argument: string) => T): void {
    const option = suffix === 'Regularizer' ? 'regularizers' : 'constraints';
    for (const [weight, params] of Object.entries(this.ownWeightParams())) {
      const argument = `${weight}${suffix}`;
      const value = this.args[argument];
      if (value === null || value === undefined) continue;
      if (this.options[option] !== undefined) {
        throw new KeraflowError((words) => `${this.name} (${this.spec.className}): give ${words.argument(argument)} or ${words.argument(option)}, not both`, {
          layer: this.name,
          argument: option,
          expected: `either ${argument} or ${option}`,
          given: 'both',
        });
      }
      for (const param of params) {
        if (!names.includes(param)) continue;
        const item = get(value, argument);
        resolved.set(param, item);
        this.weightArgumentItems.add(item);
      }
    }
  }

  /**
   * `initialWeights` for these parameters: by dict, by list, or one array for
   * the first. A bare nested array whose rank is the first parameter's is one
   * weight; a deeper one is a list of weights.
   */
  private resolveInitialWeights(declarations: readonly ParamDeclaration[], makeTensors: boolean): Map<string, tf.Tensor> {
    const names = declarations.map((p) => p.name);
    const firstRank = declarations[0]?.shape.length ?? 0;
    const given = assignToSlots<unknown>(this.options.initialWeights, names, {
      owner: this.name,
      argument: 'initialWeights',
      slotKind: 'parameter',
      isSingle: (value) => isArrayData(value) && (!Array.isArray(value) || arrayDataRank(value) === firstRank),
    });
    const tensors = new Map<string, tf.Tensor>();
    for (const declaration of declarations) {
      if (!given.has(declaration.name)) continue;
      const value = given.get(declaration.name);
      const context = { owner: this.name, argument: 'initialWeights', channel: declaration.name };
      if (makeTensors) {
        const tensor = toTensor(value, declaration.shape, 'float32', context);
        // The caller's tensor stays the caller's: the weights are disposed once they are copied in.
        tensors.set(declaration.name, tensor === value ? tf.clone(tensor) : tensor);
      } else if (isArrayData(value)) {
        const found = arrayDataShape(value);
        const fits = 'shape' in found && found.shape.length === declaration.shape.length && declaration.shape.every((dim, i) => typeof dim !== 'number' || dim === found.shape[i]);
        if (!fits) {
          const shown = 'shape' in found ? formatShape(found.shape, { batch: false }) : found.problem;
          throw new ShapeError(
            (words) => `${this.name}: ${words.argument('initialWeights')} for '${declaration.name}' has shape ${shown}, but ${formatShape(declaration.shape, { batch: false })} was expected`,
            { layer: this.name, argument: 'initialWeights', key: declaration.name, expected: formatShape(declaration.shape, { batch: false }), given: shown },
          );
        }
      }
    }
    return tensors;
  }

  // ------------------------------------------------------------------- math

  /** The layer's math on tensors. */
  abstract call(input: TensorsFor<S>, context: CallContext): tf.Tensor;

  /** Every output of the layer's math (the first is `call`'s); layers with several outputs override it. */
  callAll(input: TensorsFor<S>, context: CallContext): tf.Tensor[] {
    return [this.call(input, context)];
  }

  /**
   * @internal As `run`, for every output of the application: the first
   * output's mask comes from `computeMask`, the others have none.
   */
  runAll(inputs: readonly tf.Tensor[], list: boolean, context: CallContext, masks: readonly (tf.Tensor | undefined)[] = []): { outputs: tf.Tensor[]; masks: (tf.Tensor | undefined)[] } {
    const outputs = this.callAll((list ? inputs : inputs[0]) as TensorsFor<S>, { ...context, mask: list ? undefined : masks[0] });
    this.penalizeActivity(this.activityPenalized(outputs), context);
    return { outputs, masks: outputs.map((output, index) => (index === 0 ? this.computeMask(inputs, masks, output) : undefined)) };
  }

  /**
   * @internal Runs `call` on a node's input tensors and their masks (one per
   * input, undefined where none); gives the output and the output's mask.
   */
  run(inputs: readonly tf.Tensor[], list: boolean, context: CallContext, masks: readonly (tf.Tensor | undefined)[] = []): { output: tf.Tensor; mask?: tf.Tensor } {
    const output = this.call((list ? inputs : inputs[0]) as TensorsFor<S>, { ...context, mask: list ? undefined : masks[0] });
    this.penalizeActivity(this.activityPenalized([output]), context);
    return { output, mask: this.computeMask(inputs, masks, output) };
  }

  /** The outputs the activity regularizer penalizes: all of them, as Keras 3's Layer does; a layer that applies it elsewhere narrows them. */
  protected activityPenalized(outputs: readonly tf.Tensor[]): readonly tf.Tensor[] {
    return outputs;
  }

  /** In training, adds the activity regularizer's penalty of each tensor, divided by its batch size (first axis) as Keras 3 does, to the loss. */
  protected penalizeActivity(tensors: readonly tf.Tensor[], context: CallContext): void {
    const regularizer = this.activityRegularizer;
    if (!regularizer || !context.training || !context.losses) return;
    for (const tensor of tensors) {
      const penalty = regularizer.penalty(tensor);
      context.losses.push(tensor.rank > 0 ? (tf.div(penalty, tensor.shape[0]) as tf.Scalar) : penalty);
    }
  }

  /**
   * The output's mask from the inputs' masks ([batch, time] bool, true =
   * step kept). By default a mask goes through a layer whose output keeps
   * the input's rank (3 or more) and time axis (axis 1), as Dense or Dropout
   * on a sequence, and stops elsewhere (Flatten, pooling, a recurrent layer
   * returning its last output); several masks combine with AND. A layer
   * that reorders axes, or masks by itself, overrides this.
   */
  computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    let combined: tf.Tensor | undefined;
    for (const [index, mask] of masks.entries()) {
      if (!mask) continue;
      const input = inputs[index];
      const keepsTime = output.rank >= 3 && input.rank === output.rank && input.shape[0] === output.shape[0] && input.shape[1] === output.shape[1];
      if (!keepsTime) return undefined;
      combined = combined ? tf.logicalAnd(combined, mask) : mask;
    }
    return combined;
  }

  /**
   * Checks the values of data fed straight from the model's Inputs, before
   * any computation (Embedding: indices inside the vocabulary). Throws a
   * KeraflowError naming the layer. Default: nothing to check.
   */
  checkInputValues(_input: TensorsFor<S>): void {}

  /** Clears state kept across batches (stateful recurrent layers); reaches the layers used inside. */
  resetStates(): void {
    for (const layer of [...this.embedded, ...this.containedLayers()]) layer.resetStates();
  }

  /** Constructor arguments the caller gave (camelCase) and the common options, for saving. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const name of this.givenArgs) config[name] = this.args[name];
    return config;
  }

  toString(): string {
    return `${this.className}(${this.name})`;
  }
}

/** A layer that takes a list of Kensors (Concatenate, ElementWiseSum, or a user's own). */
export abstract class MultiInputLayer extends Layer<Shape[]> {
  protected override defaultInputs(): 'single' | 'list' {
    return 'list';
  }
  override takesList(): boolean {
    return true;
  }
}
