/**
 * A Keraflow model (as `keraflow import` reads it from Keras) written as
 * `.kf` source: its inputs, its layers (each with its own name, so that the
 * weights saved beside the file find them), the wiring, the loss, metrics
 * and optimizer it was compiled with, and a `train { }` block that starts
 * from those weights. The text is unformatted; the caller runs the
 * formatter over it.
 *
 * Layout: a layer applied at several nodes (shared) is declared once with
 * `layer NAME = ...` and called by name; every other layer is written where
 * it is applied, with `name="..."`. A tensor used once, by a one-input
 * layer, continues a chain (`x -> A -> B`); others get a name of their own.
 * A layer with several outputs is destructured (`[seq, h, c] = ...`); one
 * given tensors by keyword or call options is called with them
 * (`LSTM(64)(x, initial_state=[h, c])`).
 *
 * A model with a layer only the Keras dialect has (Average, Rescaling) is
 * written as a `use keras` file: each of its Keraflow layers then as the
 * Keras dialect's layer of its Keras class, read from its Keras 3 config.
 */
import { keywords } from '../../grammar/index.ts';
import { formatDim, type Shape } from '../../runtime/engine/dimension.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import type { ArgSpec } from '../../runtime/engine/spec.ts';
import { snakeName } from '../../runtime/engine/spec.ts';
import { type Kensor, originSources } from '../../runtime/engine/kensor.ts';
import type { Layer, LayerSpec } from '../../runtime/engine/layer.ts';
import type { Model } from '../../runtime/engine/model.ts';
import { KeraflowError } from '../../runtime/errors.ts';
import { dialectOf, getLayerClass } from '../../runtime/layers/registry.ts';
import { graphNodes } from '../../runtime/saving/architecture.ts';
import { kerasLayerObject } from '../../runtime/saving/keras-archive.ts';
import { initializerFromKeras } from '../../runtime/engine/keras.ts';
import { Initializer, type InitializerClass } from '../../runtime/keras/initializers.ts';
import * as initializations from '../../runtime/initializations.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import { describeTrainingConfig } from '../../runtime/training/training-config.ts';

export interface KfSourceOptions {
  /** The safetensors file of the weights, as the `.kf` file names it (relative to it). */
  weights?: string;
  /** Comment lines for the top of the file (without `#`). */
  header?: readonly string[];
}

/** The `.kf` source of a model. */
export function kfSource(model: Model, options: KfSourceOptions = {}): string {
  return writtenSource(model, options, writesKerasDialect(model));
}

/**
 * Whether kfSource writes the model in the Keras dialect (`use keras`), and
 * so whether its weights file takes Keras's weight names: when a layer has no
 * other dialect, or when an initializer has settings only Keras's objects
 * hold (HeNormal(seed=1)) and the Keras dialect can write every layer; else
 * Keraflow's dialect writes the initializer's name (its settings dropped:
 * the weights are the archive's).
 */
export function writesKerasDialect(model: Model): boolean {
  const layers = [...graphNodes(model).nodesOf.keys()];
  if (layers.some((layer) => dialectOf(layer.spec) === 'keras')) return true;
  if (!layers.some(hasInitializerObject)) return false;
  try {
    writtenSource(model, {}, true);
    return true;
  } catch (error) {
    if (!(error instanceof KeraflowError)) throw error;
    return false;
  }
}

function writtenSource(model: Model, options: KfSourceOptions, useKeras: boolean): string {
  const names = new Identifiers();
  const { plan, nodesOf } = graphNodes(model);
  const constructorCall = (layer: Layer<any>, name?: string) => {
    if (!useKeras || dialectOf(layer.spec) === 'keras') return ownCall(layer, name);
    return kerasDialectCall(
      layer,
      nodesOf.get(layer)![0].origin.inputs.map((input) => input.shape),
      name,
    );
  };
  const lines: string[] = [];
  const inputs = model.inputs.map((input) => {
    const name = names.take(input.name);
    const shape = `[${input.shape.slice(1).map(formatDim).join(', ')}]`;
    const int = input.args.dtype === 'int32';
    // The full form when the input is masked.
    const masked = input.maskValue === null ? undefined : `Input(${shape}${int ? ', dtype=int32' : ''}, mask_value=${input.maskValue})`;
    lines.push(masked ? `input ${name} = ${masked}` : `input ${name}: ${shape}${int ? ' int32' : ''}`);
    return [input.output, name] as const;
  });
  const tensorNames = new Map<Kensor, string>(inputs);
  const outputNames = new Map<Kensor, string>(model.outputs.map((output, i) => [output, names.take(model.outputNames[i])]));

  // Shared layers, declared once.
  const declared = new Map<Layer<any>, string>();
  const declarations: string[] = [];
  for (const [layer, nodes] of nodesOf) {
    if (nodes.length < 2) continue;
    const name = names.take(layer.name);
    declared.set(layer, name);
    declarations.push(`layer ${name} = ${constructorCall(layer, name === layer.name ? undefined : layer.name)}`);
  }
  if (declarations.length > 0) lines.push('', ...declarations);

  // How many times each tensor is used: a tensor used once, by a one-input layer, is not named.
  const uses = new Map<Kensor, number>();
  for (const kensor of plan) for (const input of originSources(kensor.origin)) uses.set(input, (uses.get(input) ?? 0) + 1);
  const chained = (kensor: Kensor) => uses.get(kensor) === 1 && !outputNames.has(kensor) && !tensorNames.has(kensor) && !several(kensor) && consumerTakesOne(kensor, plan);

  // The steps of the chain that makes a tensor: `a`, `Dense(5, name="left")`, `shared`.
  const chain = (kensor: Kensor): string[] => {
    const { layer, inputs: given, keywords: byKeyword, options } = kensor.origin;
    const call = declared.get(layer) ?? constructorCall(layer, layer.name);
    const named = (input: Kensor) => tensorNames.get(input)!;
    if (byKeyword || options) {
      // `MultiHeadAttention(2, 16)(q, v, key=k)`, `LSTM(64)(x, initial_state=[h, c])`.
      const keywordArguments = Object.entries(byKeyword ?? {}).map(([name, value]) => `${toSnakeCase(name)}=${Array.isArray(value) ? `[${value.map(named).join(', ')}]` : named(value as Kensor)}`);
      const optionArguments = Object.entries(options ?? {}).map(([name, value]) => `${toSnakeCase(name)}=${kfValue(value)}`);
      return [`${call}(${[...given.map(named), ...keywordArguments, ...optionArguments].join(', ')})`];
    }
    if (layer.takesList()) return [`${call}([${given.map(named).join(', ')}])`];
    const input = given[0];
    if (!chained(input)) return declared.has(layer) ? [`${call}(${tensorNames.get(input)})`] : [tensorNames.get(input)!, call];
    return [...chain(input), call];
  };
  // A long chain puts each step on a line of its own.
  const expression = (kensor: Kensor) => {
    const steps = chain(kensor);
    return steps.join(' -> ').length > 100 ? steps.join(' ->\n    ') : steps.join(' -> ');
  };

  lines.push('');
  for (const kensor of plan) {
    if (chained(kensor)) continue;
    const output = outputNames.get(kensor);
    // A shared layer's tensors: its identifier and the node's number (shared_1, shared_2); another's: its layer's name.
    const { layer } = kensor.origin;
    const base = declared.has(layer) ? `${declared.get(layer)}_${nodesOf.get(layer)!.indexOf(kensor) + 1}` : layer.name;
    if (several(kensor)) {
      // Each output its own name (an output channel's, or the layer's and its number), then the channels among them.
      const produced = kensor.origin.outputs!;
      const targets = produced.map((each, k) => outputNames.get(each) ?? names.take(k === 0 ? base : `${base}_${k}`));
      lines.push(`[${targets.join(', ')}] = ${expression(kensor)}`);
      produced.forEach((each, k) => tensorNames.set(each, targets[k]));
      lines.push(...produced.filter((each) => outputNames.has(each)).map((each) => `output ${outputNames.get(each)}`));
      continue;
    }
    const name = output ?? names.take(base);
    lines.push(`${output ? 'output ' : ''}${name} = ${expression(kensor)}`);
    tensorNames.set(kensor, name);
  }
  lines.push(
    ...trainingLines(
      model,
      model.outputs.map((output) => outputNames.get(output)!),
      options.weights,
    ),
  );

  const header = [...(useKeras ? ['use keras'] : []), ...(options.header ?? []).map((line) => `# ${line}`)];
  return `${[...header, `model ${names.take(model.name)} {`, ...lines.map((line) => (line ? `  ${line}` : '')), '}'].join('\n')}\n`;
}

/** Whether the one layer that takes this tensor takes it alone, with no keyword tensors or call options (so the tensor can continue a chain). */
function consumerTakesOne(kensor: Kensor, plan: readonly Kensor[]): boolean {
  const consumer = plan.find((other) => other.origin.inputs.includes(kensor));
  return consumer !== undefined && !consumer.origin.layer.takesList() && !consumer.origin.keywords && !consumer.origin.options;
}

/**
 * Whether `kfSource` writes the model as a `use keras` file: Keras's names
 * and arguments throughout when a layer has no other (then its weights go
 * under Keras's names too).
 */
/** Whether the application that made this tensor gave several (LSTM with return_state). */
function several(kensor: Kensor): boolean {
  return (kensor.origin.outputs?.length ?? 1) > 1;
}

/** A layer as its own dialect writes it. */
function ownCall(layer: Layer<any>, name?: string): string {
  return layerCall(layer.spec, layer.spec.dialect === 'keras' ? withInitializerCalls(layer) : layer.args, [
    ...perParameter('regularizers', layer.regularizers, layer),
    ...perParameter('constraints', layer.constraints, layer),
    ...(layer.trainable ? [] : ['trainable=false']),
    ...(name === undefined ? [] : [`name=${JSON.stringify(name)}`]),
  ]);
}

/** The Keras config keys that are not arguments of a layer. */
const KERAS_BOOKKEEPING = new Set(['name', 'trainable', 'dtype']);

/** Keras config entries that a Keras dialect layer without that argument implies: its layers are channels-last (Flatten). */
const KERAS_IMPLIED: Readonly<Record<string, unknown>> = { data_format: 'channels_last' };

/** A layer's initialization arguments that hold a Keras initializer object: one whose settings no Keraflow initialization name means. */
function initializerObjectArgs(layer: Layer<any>): ArgSpec[] {
  return (layer.spec.args as readonly ArgSpec[]).filter((arg) => arg.type === 'initialization' && layer.args[arg.name] instanceof Initializer);
}

function hasInitializerObject(layer: Layer<any>): boolean {
  return initializerObjectArgs(layer).length > 0;
}

/** A Keras dialect layer's arguments, its Keras initializer objects as their calls (`Constant(value=0.5)`): their settings kept. */
function withInitializerCalls(layer: Layer<any>): Record<string, unknown> {
  return { ...layer.args, ...Object.fromEntries(initializerObjectArgs(layer).map((arg) => [arg.name, initializerText(layer.args[arg.name] as Initializer)])) };
}

/** A Keras initializer as a `use keras` file writes it: its name with Keras's default settings (`he_normal`), else its call with the settings that differ (`HeNormal(seed=1)`). */
function initializerText(initializer: Initializer): string | WrittenCall {
  const spec = (initializer.constructor as InitializerClass).spec;
  const differing = spec.args.filter((arg) => JSON.stringify(initializer.settings[arg.name]) !== JSON.stringify(arg.default));
  if (differing.length === 0) return toSnakeCase(spec.className);
  return new WrittenCall(`${spec.className}(${differing.map((arg) => `${snakeName(arg)}=${kfValue(initializer.settings[arg.name])}`).join(', ')})`);
}

/** A Keraflow layer as a `use keras` file writes it: its Keras 3 config, each key the Keras dialect's argument of that name. */
function kerasDialectCall(layer: Layer<any>, shapes: readonly Shape[], name?: string): string {
  const { class_name: className, config } = kerasLayerObject(layer, shapes, layer.trainable);
  const spec = getLayerClass(className, 'keras').spec;
  const cannot = (why: string) =>
    new KeraflowError(`${layer.name} (${layer.className}) cannot be written in a \`use keras\` file: ${why}`, {
      layer: layer.name,
      expected: `an argument of the Keras dialect's ${className}`,
      given: why,
    });
  const known = new Set((spec.args as readonly ArgSpec[]).map(snakeName));
  for (const [key, value] of Object.entries(config)) {
    if (!known.has(key) && !KERAS_BOOKKEEPING.has(key) && value !== null && KERAS_IMPLIED[key] !== value)
      throw cannot(`Keras's ${key}=${JSON.stringify(value)} is no argument of the Keras dialect's ${className}`);
  }
  const argument = (spec: ArgSpec, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const { class_name: objectClass, config: settings } = value as { class_name: string; config: Record<string, unknown> };
    if (spec.type === 'initialization')
      return initializerText(
        initializerFromKeras(value, (why) => {
          throw cannot(`its ${snakeName(spec)} ${why}`);
        }),
      );
    // Keras's config keys are the Keras dialect's argument names (MaxNorm(max_value=2, axis=0)).
    if (spec.type === 'regularizer' || spec.type === 'constraint')
      return new WrittenCall(
        `${objectClass}(${Object.entries(settings)
          .map(([key, setting]) => `${key}=${kfValue(setting)}`)
          .join(', ')})`,
      );
    throw cannot(`its ${snakeName(spec)} is a Keras ${objectClass}, which keraflow import does not write in the Keras dialect yet`);
  };
  const args = Object.fromEntries((spec.args as readonly ArgSpec[]).filter((arg) => config[snakeName(arg)] !== undefined).map((arg) => [arg.name, argument(arg, config[snakeName(arg)])]));
  return layerCall(spec, args, [...(layer.trainable ? [] : ['trainable=false']), ...(name === undefined ? [] : [`name=${JSON.stringify(name)}`])]);
}

/** Source text already written as `.kf` (a regularizer's constructor call). */
class WrittenCall {
  constructor(readonly text: string) {}
}

/** `Dense(3, activation=softmax, name="kind")`: positional arguments, then the others that differ from their defaults, then `extra`. */
function layerCall(spec: LayerSpec, args: Readonly<Record<string, unknown>>, extra: readonly string[]): string {
  const specs = spec.args as readonly ArgSpec[];
  const differs = (spec: ArgSpec) => spec.required || JSON.stringify(args[spec.name]) !== JSON.stringify(spec.default);
  const positional = specs.filter((spec) => spec.positional);
  const lastPositional = positional.findLastIndex(differs);
  const written = [
    ...positional.slice(0, lastPositional + 1).map((spec) => kfValue(args[spec.name], spec)),
    ...specs.filter((spec) => !spec.positional && args[spec.name] !== undefined && differs(spec)).map((spec) => `${snakeName(spec)}=${kfValue(args[spec.name], spec)}`),
    ...extra,
  ];
  return `${spec.className}(${written.join(', ')})`;
}

/** `regularizers={W: L2(l2=0.01), b: L1(l1=0.02)}`: a layer's regularizers (or constraints) by parameter, when it has some. */
function perParameter(option: string, items: ReadonlyMap<string, object>, layer: Layer<any>): string[] {
  // Those of weight arguments (`kernel_regularizer`) are written as those arguments.
  const own = [...items].filter(([, item]) => !layer.fromWeightArgument(item));
  if (own.length === 0) return [];
  return [`${option}={${own.map(([param, item]) => `${param}: ${objectCall(item)}`).join(', ')}}`];
}

/** A regularizer or constraint object as its constructor call, every argument by keyword: `MaxNorm(m=2, axis=0)`. */
function objectCall(item: object): string {
  const className = (item.constructor as { spec?: { className?: string } }).spec?.className;
  const getConfig = (item as { getConfig?: () => Record<string, unknown> }).getConfig;
  if (className === undefined || typeof getConfig !== 'function') throw new Error(`kfSource: cannot write ${String(item)} as a .kf constructor call`);
  return `${className}(${Object.entries(getConfig.call(item))
    .map(([key, value]) => `${toSnakeCase(key)}=${kfValue(value)}`)
    .join(', ')})`;
}

/** A value as `.kf` writes it: names of activations, initializations and choices bare, layers as their constructor calls. */
function kfValue(value: unknown, spec?: ArgSpec): string {
  if (value === null || value === undefined) return 'none';
  if (value instanceof WrittenCall) return value.text;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const bare = spec && ['activation', 'initialization', 'regularizer', 'constraint', 'enum'].includes(spec.type) && isIdentifier(value);
    return bare ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => kfValue(item)).join(', ')}]`;
  if (spec?.type === 'layer') return ownCall(value as Layer<any>);
  // A regularizer or constraint argument (activity_regularizer, kernel_constraint) given as an object.
  if (spec?.type === 'regularizer' || spec?.type === 'constraint') return objectCall(value as object);
  // A Keras initializer in Keraflow's dialect: Keraflow's name of its class (HeNormal), its settings left out.
  if (value instanceof Initializer && initializations.registry.has(value.className)) return value.className;
  throw new Error(`kfSource: cannot write ${String(value)} as a .kf value`);
}

function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && !keywords.includes(text);
}

/** The loss, metrics, optimizer and train block of a compiled model (of an uncompiled one: losses chosen by the outputs' activations). */
function trainingLines(model: Model, outputs: readonly string[], weights: string | undefined): string[] {
  const described = describeTrainingConfig(model);
  const lines: string[] = [''];
  if ('config' in described) {
    const { loss, metrics, optimizer } = described.config;
    const perOutput = (keyword: string, value: unknown, write: (item: unknown) => string) => {
      if (outputs.length === 1) return [`${keyword} = ${write(Array.isArray(value) && keyword === 'loss' ? value[0] : value)}`];
      const items = Array.isArray(value) ? value : outputs.map((_, i) => (value as Record<string, unknown>)[model.outputNames[i]]);
      return outputs.flatMap((output, i) => (items[i] === undefined ? [] : [`${keyword} ${output} = ${write(items[i])}`]));
    };
    const alias = (item: unknown) => (typeof item === 'string' && isIdentifier(item) ? item : kfValue(item));
    lines.push(...perOutput('loss', loss, alias));
    if (metrics !== undefined) lines.push(...perOutput('metrics', metrics, (item) => `[${(Array.isArray(item) ? item : [item]).map(alias).join(', ')}]`));
    lines.push(`optimizer = ${optimizerCall(optimizer.class_name, optimizer.config)}`);
  } else {
    lines.push(...guessedLosses(model, outputs));
  }
  if (weights !== undefined) lines.push(`train { weights = ${JSON.stringify(weights)} }`);
  return lines;
}

/**
 * The losses of a model that was not compiled (a .kf model needs one per
 * output), chosen by the activation of each output's layer and said so:
 * softmax, categorical cross-entropy; sigmoid, binary; else mean squared error.
 */
function guessedLosses(model: Model, outputs: readonly string[]): string[] {
  const lossOf = (output: Kensor) => {
    const activation = output.origin.layer.args.activation;
    return activation === 'softmax' ? 'categorical_crossentropy' : activation === 'sigmoid' ? 'binary_crossentropy' : 'mse';
  };
  const losses = model.outputs.map((output, i) => (outputs.length === 1 ? `loss = ${lossOf(output)}` : `loss ${outputs[i]} = ${lossOf(output)}`));
  return ["# The Keras model was not compiled: each loss follows its output's activation (change it to fit the data).", ...losses];
}

/** `Adam(lr=0.01)`: the arguments that differ from Keraflow's defaults. */
function optimizerCall(className: string, config: Readonly<Record<string, unknown>>): string {
  const spec = optimizers.registry.get(className).spec;
  const written = (spec.args as readonly ArgSpec[])
    .filter((arg) => config[snakeName(arg)] !== undefined && JSON.stringify(config[snakeName(arg)]) !== JSON.stringify(arg.default))
    .map((arg) => `${snakeName(arg)}=${kfValue(config[snakeName(arg)], arg)}`);
  return `${spec.className}(${written.join(', ')})`;
}

/** Identifiers of one model, each taken once: a Keras name that is not one (or is a keyword, or taken) gets a suffix or its characters replaced. */
class Identifiers {
  private readonly taken = new Set<string>();

  take(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let name = base;
    for (let n = 2; this.taken.has(name) || keywords.includes(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}
