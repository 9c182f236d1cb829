import * as constraints from '../constraints.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { isSymbolic } from '../engine/dimension.ts';
import { Input } from '../engine/input.ts';
import { originSources, type Kensor, type KensorOrigin } from '../engine/kensor.ts';
import { Layer } from '../engine/layer.ts';
import type { Model } from '../engine/model.ts';
import { keysToSnakeCase, toSnakeCase } from '../engine/naming.ts';
import { Sequential } from '../engine/sequential.ts';
import type { ClassSpec } from '../engine/spec.ts';
import { getLayerClass, hasLayerClass, savedClassName } from '../layers/registry.ts';
import type { AliasRegistry } from '../engine/registry.ts';
import * as regularizers from '../regularizers.ts';
import * as initializers from '../keras/initializers.ts';

/**
 * A model's architecture as plain data (written as JSON or YAML by
 * architecture-file.ts; read back by architecture-reader.ts):
 *
 *   format: keraflow
 *   format_version: 1
 *   class_name: Model            # or Sequential (an Input-headed one)
 *   name: model_1
 *   layers:                      # every layer of the graph, Inputs first, in the order they first run
 *     - class_name: Dense        # a registered layer class
 *       name: dense_1
 *       trainable: true
 *       config: {output_dim: 2}  # the constructor arguments the caller gave, snake_case
 *       regularizers: {W: {class_name: L2, config: {l2: 0.01}}}   # only when there are some
 *       constraints: {W: {class_name: MaxNorm, config: {m: 2, axis: 0}}}
 *       inbound_nodes:           # one entry per application of the layer (node 0, 1, ...)
 *         - [{layer: input_1, node: 0}]   # the Kensors fed to it: a layer's output at one node
 *         - {inputs: [{layer: input_2, node: 0}],                    # with tensors by keyword or call options:
 *            keywords: {initial_state: [{layer: lstm_1, node: 0, output: 1}, ...]}, options: {use_causal_mask: true}}
 *       # `output: i` picks the i-th output of a layer with several (LSTM with return_state); default 0
 *   inputs: [input_1]            # the Input layers, in order
 *   outputs: [{layer: dense_1, node: 0}]
 *   output_names: [dense_1]      # the output channels' names
 *
 * A Sequential's config is `{layers: [...]}`, its layers written in full; a
 * wrapper's inner layer (an argument of type 'layer') is written in full in
 * the config too. A layer met a second time (shared between containers, or
 * used both inside a Sequential and in the graph) is `{shared: name}`.
 *
 * Only the arguments the caller gave are written (what `getConfig` returns):
 * the file says what the model's author said, and defaults come from the
 * spec when loading, so a file loads exactly as the constructor call ran.
 * Functions (Lambda, a custom activation or initialization) cannot be
 * written: an error names the layer and the argument.
 */

export const ARCHITECTURE_FORMAT = 'keraflow';
export const ARCHITECTURE_FORMAT_VERSION = 1;

/** A reference to a Kensor: the output of `layer` at its application number `node` (its `output`-th, when it gives several). */
export interface TensorReference {
  layer: string;
  node: number;
  output?: number;
}

/** The architecture document of a model, or of an Input-headed Sequential. */
export function describeArchitecture(target: Model | Sequential): Record<string, unknown> {
  const writer = new EntryWriter();
  const header = { format: ARCHITECTURE_FORMAT, format_version: ARCHITECTURE_FORMAT_VERSION };
  if (target instanceof Sequential) {
    target.asKensor(); // only an Input-headed Sequential is a model
    return { ...header, ...writer.entry(target) };
  }
  const { nodesOf, reference } = graphNodes(target);
  const layers = target.layers.map((layer) => {
    const entry = writer.entry(layer);
    if (layer instanceof Input) return entry;
    return { ...entry, inbound_nodes: nodesOf.get(layer)!.map((kensor) => describeNode(kensor.origin, reference)) };
  });
  return {
    ...header,
    class_name: 'Model',
    name: target.name,
    layers,
    inputs: target.inputs.map((input) => input.name),
    outputs: target.outputs.map(reference),
    output_names: [...target.outputNames],
  };
}

/** Throws for an application the TensorFlow.js export cannot write yet: several outputs, tensors by keyword, call options. */
export function checkExportableNode(kensor: Kensor, format: string): void {
  const { layer, outputs, keywords, options } = kensor.origin;
  const what = (outputs?.length ?? 1) > 1 ? `gives ${outputs!.length} outputs` : keywords ? 'takes tensors by keyword' : options ? 'takes call options' : undefined;
  if (what) {
    throw new KeraflowError(`${layer.name} (${layer.className}) ${what}, which the ${format} export cannot write yet; save the model with saveToFile instead`, {
      layer: layer.name,
      expected: 'an application with one output and no keyword tensors',
      given: what,
    });
  }
}

/** A node's entry: the list of its inputs, or with keyword tensors or call options `{inputs, keywords, options}` (snake_case names). */
function describeNode(origin: KensorOrigin, reference: (kensor: Kensor) => TensorReference): unknown {
  const inputs = origin.inputs.map(reference);
  if (!origin.keywords && !origin.options) return inputs;
  const keywords = Object.entries(origin.keywords ?? {}).map(([name, value]) => [toSnakeCase(name), Array.isArray(value) ? value.map(reference) : reference(value as Kensor)]);
  return {
    inputs,
    ...(keywords.length > 0 ? { keywords: Object.fromEntries(keywords) } : {}),
    ...(origin.options ? { options: keysToSnakeCase(origin.options) } : {}),
  };
}

/**
 * The applications (nodes) of each layer in the model, in an order where a
 * node's inputs come first (each node once, by its first output), and the
 * reference of each Kensor.
 */
export function graphNodes(model: Model): { plan: Kensor[]; nodesOf: Map<Layer<any>, Kensor[]>; reference: (kensor: Kensor) => TensorReference } {
  const nodesOf = new Map<Layer<any>, Kensor[]>(model.layers.map((layer) => [layer, []]));
  const index = new Map<KensorOrigin, number>();
  const plan: Kensor[] = [];
  for (const input of model.inputs) index.set(input.output.origin, 0);
  const visit = (kensor: Kensor) => {
    if (index.has(kensor.origin)) return;
    originSources(kensor.origin).forEach(visit);
    const nodes = nodesOf.get(kensor.origin.layer)!;
    index.set(kensor.origin, nodes.length);
    nodes.push(kensor);
    plan.push(kensor);
  };
  model.outputs.forEach(visit);
  return {
    plan,
    nodesOf,
    reference: (kensor) => ({ layer: kensor.origin.layer.name, node: index.get(kensor.origin)!, ...(kensor.outputIndex > 0 ? { output: kensor.outputIndex } : {}) }),
  };
}

/** Writes layer entries, each layer in full once and as `{shared: name}` after that. */
class EntryWriter {
  private readonly written = new Map<string, Layer<any>>();

  entry(layer: Layer<any>): Record<string, unknown> {
    const earlier = this.written.get(layer.name);
    if (earlier === layer) return { shared: layer.name };
    if (earlier) {
      throw new KeraflowError(`${layer.name}: two different layers are named '${layer.name}' (${earlier.className} and ${layer.className}); a saved model needs unique layer names`, {
        layer: layer.name,
        argument: 'name',
        given: layer.name,
        expected: 'unique layer names',
      });
    }
    this.written.set(layer.name, layer);
    const className = savedClassName(layer.spec);
    if (!hasLayerClass(className) || getLayerClass(className) !== layer.constructor) {
      throw new KeraflowError(`${layer.name}: its class ${layer.className} is not registered, so it could not be loaded; call registerLayer(${(layer.constructor as { name: string }).name}) first`, {
        layer: layer.name,
        argument: 'className',
        given: layer.className,
        expected: 'a registered layer class',
      });
    }
    const entry: Record<string, unknown> = { class_name: className, name: layer.name, trainable: layer.trainable };
    entry.config = layer instanceof Sequential ? { layers: layer.layers.map((child) => this.entry(child)) } : this.config(layer);
    const regularizerEntries = this.ownEntries(layer, layer.regularizers, (l) => l.regularizers, regularizers.registry, 'regularizers');
    const constraintEntries = this.ownEntries(layer, layer.constraints, (l) => l.constraints, constraints.registry, 'constraints');
    if (Object.keys(regularizerEntries).length > 0) entry.regularizers = regularizerEntries;
    if (Object.keys(constraintEntries).length > 0) entry.constraints = constraintEntries;
    return entry;
  }

  /** The given arguments in spec order, snake_case. */
  private config(layer: Layer<any>): Record<string, unknown> {
    const given = layer.getConfig();
    const config: Record<string, unknown> = {};
    for (const arg of layer.spec.args) {
      if (Object.hasOwn(given, arg.name) && given[arg.name] !== undefined) {
        config[toSnakeCase(arg.name)] = this.value(layer, arg.name, given[arg.name]);
      }
    }
    const unknown = Object.keys(given).filter((name) => !layer.spec.args.some((arg) => arg.name === name));
    if (unknown.length > 0) {
      throw new KeraflowError(`${layer.name}: getConfig gives ${unknown.map((n) => `'${n}'`).join(', ')}, which ${layer.className}'s spec does not have, so it could not be loaded`, {
        layer: layer.name,
        argument: unknown[0],
        expected: 'arguments of the spec',
        given: unknown.join(', '),
      });
    }
    return config;
  }

  private value(layer: Layer<any>, argument: string, value: unknown): unknown {
    const fail = (what: string): never => {
      throw new KeraflowError(
        `${layer.name} (${layer.className}): argument '${argument}' is ${what}, which cannot be saved to an architecture file${
          typeof value === 'function' ? ' (use a registered alias instead of a function)' : ''
        }`,
        {
          layer: layer.name,
          argument,
          expected: 'a value a file can hold (number, string, boolean, list, alias, layer)',
          given: describeValue(value),
        },
      );
    };
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : fail(String(value));
    // A Keras initializer object (kernel_initializer=HeNormal(1)), callable as Keras's are.
    if (value instanceof initializers.Initializer) return registeredObject(layer, value, initializers.registry, argument, `of argument '${argument}'`);
    if (typeof value === 'function') return fail('a function');
    if (value instanceof Layer) return this.entry(value);
    // A Keras weight argument's regularizer or constraint object (kernel_regularizer=L2(0.01)).
    const type = layer.spec.args.find((arg) => arg.name === argument)?.type;
    if (type === 'regularizer') return registeredObject(layer, value, regularizers.registry, argument, `of argument '${argument}'`);
    if (type === 'constraint') return registeredObject(layer, value, constraints.registry, argument, `of argument '${argument}'`);
    if (isSymbolic(value as never)) return fail(`the symbolic size ${String(value)}`);
    if (Array.isArray(value)) return value.map((item) => this.value(layer, argument, item));
    if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.value(layer, argument, item)]));
    }
    return fail(describeValue(value));
  }

  /**
   * The regularizers (or constraints) a layer has of its own, by parameter,
   * as {class_name, config}; those adopted from an embedded layer are that
   * layer's, saved with it.
   */
  private ownEntries<T>(
    layer: Layer<any>,
    items: ReadonlyMap<string, T>,
    of: (layer: Layer<any>) => ReadonlyMap<string, T>,
    registry: AliasRegistry<{ readonly spec: ClassSpec }>,
    argument: string,
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const order = layer.paramNames();
    const sorted = [...items].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    for (const [param, item] of sorted) {
      if (layer.sublayers.some((inner) => [...of(inner).values()].includes(item))) continue;
      // Saved as its weight argument (`kernel_regularizer`).
      if (layer.fromWeightArgument(item)) continue;
      result[param] = registeredObject(layer, item, registry, argument, `of parameter '${param}'`, param);
    }
    return result;
  }
}

/** A regularizer or constraint object as {class_name, config}; one of no registered class cannot be saved. */
function registeredObject(layer: Layer<any>, item: unknown, registry: AliasRegistry<{ readonly spec: ClassSpec }>, argument: string, where: string, key?: string): Record<string, unknown> {
  const itemClass = (item as object).constructor as { spec?: ClassSpec } | undefined;
  const className = itemClass?.spec?.className;
  const getConfig = (item as { getConfig?: () => Record<string, unknown> }).getConfig;
  // A subclass that only renames arguments (the Keras dialect's MaxNorm) is saved as its registered class.
  if (!className || !registry.has(className) || !(item instanceof (registry.get(className) as unknown as new () => object)) || typeof getConfig !== 'function') {
    throw new KeraflowError(`${layer.name}: the ${registry.kind} ${where} is ${describeValue(item)}, which cannot be saved; use a registered ${registry.kind} class (${registry.names().join(', ')})`, {
      layer: layer.name,
      argument,
      ...(key === undefined ? {} : { key }),
      expected: `a registered ${registry.kind}`,
      given: describeValue(item),
    });
  }
  return { class_name: className, config: keysToSnakeCase(getConfig.call(item)) };
}
