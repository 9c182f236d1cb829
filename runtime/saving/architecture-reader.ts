import * as constraints from '../constraints.ts';
import { describeValue, KeraflowError } from '../errors.ts';
import { Input } from '../engine/input.ts';
import { checkBudget } from '../engine/parameter-budget.ts';
import { isPlainObject } from '../engine/argument-passing.ts';
import type { Kensor } from '../engine/kensor.ts';
import { layerArgumentKinds, type Layer } from '../engine/layer.ts';
import { Model } from '../engine/model.ts';
import { closestName, keysToCamelCase, toCamelCase, toSnakeCase } from '../engine/naming.ts';
import type { AliasRegistry } from '../engine/registry.ts';
import { Sequential } from '../engine/sequential.ts';
import { bindArguments, splitArguments, type ClassSpec } from '../engine/spec.ts';
import { createLayer, getLayerClass, type LayerClass } from '../layers/registry.ts';
import * as regularizers from '../regularizers.ts';
import * as initializers from '../keras/initializers.ts';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_FORMAT_VERSION } from './architecture.ts';

/**
 * Rebuilds a model from an architecture document (see architecture.ts for
 * the format). Only registered layer, regularizer and constraint classes are
 * instantiated, through their specs; every problem is a KeraflowError naming
 * the file, where in it, and what was wrong. On failure the parameters of
 * every layer made so far are disposed: no partly loaded model remains.
 */
export function buildArchitecture(document: unknown, file: string, weights?: StoredWeights): { model: Model; sequential?: Sequential; layers: Layer<any>[] } {
  const reader = new Reader(file, weights);
  try {
    const top = reader.object(document, '');
    const format = top.format;
    if (format !== ARCHITECTURE_FORMAT) {
      reader.fail('', `is not a Keraflow architecture file: 'format' is ${describeValue(format)}, expected '${ARCHITECTURE_FORMAT}'`);
    }
    const version = top.format_version;
    if (version !== ARCHITECTURE_FORMAT_VERSION) {
      reader.fail(
        'format_version',
        `is ${describeValue(version)}, but this Keraflow reads version ${ARCHITECTURE_FORMAT_VERSION}${
          typeof version === 'number' && version > ARCHITECTURE_FORMAT_VERSION ? ' (the file was written by a newer Keraflow)' : ''
        }`,
      );
    }
    if (top.class_name === 'Sequential') {
      const sequential = reader.layer(top, '', ['format', 'format_version']) as Sequential;
      if (!sequential.isTensor) reader.fail('config.layers', 'must start with an Input: only an Input-headed Sequential is a model');
      return { model: sequential.asModel(), sequential, layers: reader.made };
    }
    if (top.class_name !== 'Model') reader.fail('class_name', `is ${describeValue(top.class_name)}, expected 'Model' or 'Sequential'`);
    reader.keys(top, '', ['format', 'format_version', 'class_name', 'name', 'layers', 'inputs', 'outputs', 'output_names']);
    return { model: reader.model(top), layers: reader.made };
  } catch (error) {
    const variables = new Set(reader.made.flatMap((layer) => Object.values(layer.variables)));
    variables.forEach((variable) => variable.dispose());
    throw error;
  }
}

type Entry = Record<string, unknown>;

/**
 * The tensors of a weights file, by `layerName/param`. A layer is built with
 * those it declares as its `initialWeights`, so that loading does not first
 * draw random values to throw away; the caller still checks and assigns
 * every parameter afterwards.
 */
export interface StoredWeights {
  readonly file: string;
  readonly tensors: ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: Float32Array }>;
}

class Reader {
  /** Every layer made, for disposal on failure and for the weights. */
  readonly made: Layer<any>[] = [];
  private readonly byName = new Map<string, Layer<any>>();

  constructor(
    private readonly file: string,
    private readonly weights?: StoredWeights,
  ) {}

  /** The stored values of the parameters a layer will declare, as its `initialWeights`. */
  private initialWeights(
    spec: ClassSpec & { params: readonly string[]; dialect?: string; activeParams?: (args: Readonly<Record<string, unknown>>) => readonly string[] },
    values: Record<string, unknown>,
    name: string,
  ): Record<string, unknown> | undefined {
    // A Keras dialect layer's stored weights are Keras's, not the parameters its spec lists: assignWeights sets them.
    if (!this.weights || spec.dialect === 'keras') return undefined;
    const { bound, problems } = bindArguments(spec, [], values, [], layerArgumentKinds);
    if (problems.length > 0) return undefined; // the constructor reports them
    const initial: Record<string, unknown> = Object.create(null);
    for (const param of spec.activeParams?.(bound.values) ?? spec.params) {
      const stored = this.weights.tensors.get(`${name}/${param}`);
      if (stored) initial[param] = { data: stored.data, shape: [...stored.shape] };
    }
    return Object.keys(initial).length > 0 ? initial : undefined;
  }

  /**
   * A stored tensor whose shape the layer did not accept, said as a problem
   * of the weights file (the layer's own message speaks of initialWeights).
   */
  private weightsError(error: unknown): never | void {
    if (!(error instanceof KeraflowError) || error.argument !== 'initialWeights' || !this.weights || error.layer === undefined) return;
    const key = `${error.layer}/${error.key}`;
    throw new KeraflowError(`${this.weights.file}: parameter '${key}' has shape ${error.given}, but the architecture ${this.file} needs ${error.expected}`, {
      argument: 'weightPath',
      key,
      layer: error.layer,
      expected: error.expected,
      given: error.given,
    });
  }

  fail(where: string, problem: string, details: { layer?: string; key?: string } = {}): never {
    throw new KeraflowError(`${this.file}: ${where || 'the document'} ${problem}`, { argument: 'archPath', key: details.key ?? where, layer: details.layer, given: this.file });
  }

  object(value: unknown, where: string): Entry {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, `must be a mapping, but is ${describeValue(value)}`);
    return value as Entry;
  }

  list(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(where, `must be a list, but is ${describeValue(value)}`);
    return value as unknown[];
  }

  string(value: unknown, where: string): string {
    if (typeof value !== 'string' || value === '') this.fail(where, `must be a non-empty string, but is ${describeValue(value)}`);
    return value as string;
  }

  keys(entry: Entry, where: string, allowed: readonly string[]): void {
    for (const key of Object.keys(entry)) {
      if (!allowed.includes(key)) {
        const suggestion = closestName(key, allowed);
        this.fail(where ? `${where}.${key}` : key, `is not a known key${suggestion ? `; did you mean '${suggestion}'?` : `; expected ${allowed.join(', ')}`}`);
      }
    }
  }

  /** The layer an entry defines, or the earlier one it names (`{shared: name}`). */
  layer(value: unknown, where: string, extraKeys: readonly string[] = []): Layer<any> {
    const entry = this.object(value, where);
    const at = (key: string) => (where ? `${where}.${key}` : key);
    if (Object.hasOwn(entry, 'shared')) {
      this.keys(entry, where, ['shared', ...extraKeys]);
      const name = this.string(entry.shared, at('shared'));
      const layer = this.byName.get(name);
      if (!layer) this.fail(at('shared'), `names layer '${name}', which is not defined before it in the file`);
      return layer!;
    }
    this.keys(entry, where, ['class_name', 'name', 'trainable', 'config', 'regularizers', 'constraints', ...extraKeys]);
    const className = this.string(entry.class_name, at('class_name'));
    const name = this.string(entry.name, at('name'));
    if (this.byName.has(name)) this.fail(at('name'), `is '${name}', which an earlier layer already has; names are unique (a layer used again is {shared: ${name}})`);
    const trainable = entry.trainable ?? true;
    if (typeof trainable !== 'boolean') this.fail(at('trainable'), `must be true or false, but is ${describeValue(trainable)}`);
    const config = entry.config === undefined ? (Object.create(null) as Entry) : this.object(entry.config, at('config'));

    let layerClass: LayerClass | undefined;
    try {
      layerClass = getLayerClass(className);
    } catch (error) {
      this.fail(at('class_name'), `names an ${(error as Error).message}`, { layer: name });
    }
    let layer: Layer<any>;
    try {
      if (layerClass === Sequential || layerClass!.prototype instanceof Sequential) {
        this.keys(config, at('config'), ['layers']);
        const children = this.list(config.layers ?? [], at('config.layers')).map((child, i) => this.layer(child, `${at('config.layers')}[${i}]`));
        if (entry.regularizers !== undefined || entry.constraints !== undefined) this.fail(where, 'is a Sequential, which has no regularizers or constraints of its own');
        layer = new (layerClass as unknown as typeof Sequential)(children, { name, trainable: trainable as boolean });
      } else {
        const values = this.arguments(layerClass!.spec, config, at('config'), name);
        const options: Record<string, unknown> = { name, trainable };
        const initialWeights = this.initialWeights(layerClass!.spec, values, name);
        if (initialWeights) options.initialWeights = initialWeights;
        if (entry.regularizers !== undefined) options.regularizers = this.perParameter(entry.regularizers, at('regularizers'), regularizers.registry, name);
        if (entry.constraints !== undefined) options.constraints = this.perParameter(entry.constraints, at('constraints'), constraints.registry, name);
        layer = createLayer(className, values, options);
      }
    } catch (error) {
      if (error instanceof KeraflowError && error.message.startsWith(`${this.file}:`)) throw error;
      this.weightsError(error);
      const message = (error as Error).message;
      this.fail(where || 'the model', `(${name}, ${className}): ${message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message}`, { layer: name });
    }
    if (layer! instanceof Input) {
      // A sample of this input is a tensor the model will make: its size is charged like a parameter's.
      const sizes = layer.shape.filter((dim): dim is number => typeof dim === 'number');
      try {
        checkBudget(
          sizes.reduce((n, size) => n * size, 1),
          `${name}: an input of shape [${sizes.join(', ')}] per sample`,
          name,
          false,
        );
      } catch (error) {
        this.fail(where || 'the model', `(${name}, ${className}): ${(error as Error).message.slice(name.length + 2)}`, { layer: name });
      }
    }
    this.byName.set(name, layer!);
    this.made.push(layer!);
    return layer!;
  }

  /** A layer's constructor arguments from its config: snake_case keys of its spec, nested layers for 'layer' arguments. */
  private arguments(spec: ClassSpec, config: Entry, where: string, layerName: string): Record<string, unknown> {
    const values: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(config)) {
      const arg = spec.args.find((a) => a.name === toCamelCase(key));
      if (!arg) {
        const names = spec.args.map((a) => toSnakeCase(a.name));
        const suggestion = closestName(key, names);
        this.fail(
          `${where}.${key}`,
          `is not an argument of ${spec.className}${suggestion ? `; did you mean '${suggestion}'?` : names.length ? `; its arguments: ${names.join(', ')}` : ' (it takes none)'}`,
          { layer: layerName },
        );
      }
      const at = `${where}.${key}`;
      if (arg!.type === 'layer') values[arg!.name] = this.layer(value, at);
      else if (arg!.type === 'regularizer' && isPlainObject(value)) values[arg!.name] = this.registeredObject(value, at, regularizers.registry, layerName);
      else if (arg!.type === 'constraint' && isPlainObject(value)) values[arg!.name] = this.registeredObject(value, at, constraints.registry, layerName);
      else if (arg!.type === 'initialization' && isPlainObject(value)) values[arg!.name] = this.registeredObject(value, at, initializers.registry, layerName);
      else values[arg!.name] = value;
    }
    return values;
  }

  /** `{param: {class_name, config}}` → `{param: instance}`, through the registry only. */
  private perParameter(value: unknown, where: string, registry: AliasRegistry<{ readonly spec: ClassSpec; new (...args: never[]): unknown }>, layerName: string): Record<string, unknown> {
    const result: Record<string, unknown> = Object.create(null);
    for (const [param, item] of Object.entries(this.object(value, where))) result[param] = this.registeredObject(item, `${where}.${param}`, registry, layerName);
    return result;
  }

  /** `{class_name, config}` → an instance, through the registry only. */
  private registeredObject(item: unknown, at: string, registry: AliasRegistry<{ readonly spec: ClassSpec; new (...args: never[]): unknown }>, layerName: string): unknown {
    const entry = this.object(item, at);
    this.keys(entry, at, ['class_name', 'config']);
    const className = this.string(entry.class_name, `${at}.class_name`);
    if (!registry.has(className)) {
      this.fail(`${at}.class_name`, `is '${className}', which is not a registered ${registry.kind}; expected one of ${registry.names().join(', ')}`, { layer: layerName });
    }
    const itemClass = registry.get(className);
    const config: Record<string, unknown> = Object.create(null);
    for (const [key, v] of Object.entries(entry.config === undefined ? {} : this.object(entry.config, `${at}.config`))) config[toCamelCase(key)] = v;
    const { problems } = bindArguments(itemClass.spec, [], config);
    if (problems.length > 0) this.fail(`${at}.config`, `is not a valid ${itemClass.spec.className} config: ${problems[0].message}`, { layer: layerName });
    const { positional, options } = splitArguments(itemClass.spec, config);
    return new (itemClass as unknown as new (...args: unknown[]) => unknown)(...positional, options);
  }

  /** A functional model: layers, then their applications in dependency order, then inputs and outputs. */
  model(top: Entry): Model {
    const name = this.string(top.name, 'name');
    const graphLayers = this.list(top.layers, 'layers').map((value, index) => {
      const where = `layers[${index}]`;
      const layer = this.layer(value, where, ['inbound_nodes']);
      const nodes = this.list((value as Entry).inbound_nodes ?? [], `${where}.inbound_nodes`).map((node, n) => this.node(node, `${where}.inbound_nodes[${n}]`));
      if (layer instanceof Input && nodes.length > 0) this.fail(`${where}.inbound_nodes`, `must be empty: '${layer.name}' is an Input, and nothing can be fed to it`);
      return { layer, nodes, where };
    });
    // Each layer's nodes, each node's outputs (several for LSTM with returnState).
    const outputsOf = new Map<string, Kensor[][]>();
    for (const { layer } of graphLayers) outputsOf.set(layer.name, layer instanceof Input ? [[layer.output]] : []);
    const find = (ref: { layer: string; node: number; output: number }) => outputsOf.get(ref.layer)?.[ref.node]?.[ref.output];

    // Apply each layer's nodes in their order, as soon as their inputs exist (a shared layer may run at several depths).
    const next = graphLayers.map(() => 0);
    for (let progress = true; progress; ) {
      progress = false;
      graphLayers.forEach(({ layer, nodes, where }, index) => {
        while (next[index] < nodes.length) {
          const node = nodes[next[index]];
          const inputs = node.inputs.map(find);
          const keywords = Object.entries(node.keywords).map(([name, refs]) => [toCamelCase(name), Array.isArray(refs) ? refs.map(find) : find(refs)] as const);
          if (inputs.some((k) => k === undefined) || keywords.some(([, k]) => k === undefined || (Array.isArray(k) && k.some((item) => item === undefined)))) return;
          const at = `${where}.inbound_nodes[${next[index]}]`;
          if (!layer.takesList() && inputs.length !== 1) this.fail(at, `feeds ${inputs.length} Kensors to '${layer.name}', which takes one`, { layer: layer.name });
          try {
            const options = { ...Object.fromEntries(keywords), ...keysToCamelCase(node.options) };
            outputsOf.get(layer.name)!.push(layer.applyAll(layer.takesList() ? (inputs as Kensor[]) : inputs[0]!, options));
          } catch (error) {
            this.weightsError(error);
            this.fail(at, `cannot be applied: ${(error as Error).message}`, { layer: layer.name });
          }
          next[index]++;
          progress = true;
        }
      });
    }
    graphLayers.forEach(({ nodes, where }, index) => {
      if (next[index] === nodes.length) return;
      const at = `${where}.inbound_nodes[${next[index]}]`;
      const node = nodes[next[index]];
      for (const ref of [...node.inputs, ...Object.values(node.keywords).flat()]) {
        const owner = graphLayers.find((g) => g.layer.name === ref.layer);
        if (!owner) this.fail(at, `refers to layer '${ref.layer}', which is not among the model's layers`);
        if (ref.node >= (owner!.layer instanceof Input ? 1 : owner!.nodes.length)) {
          this.fail(at, `refers to node ${ref.node} of '${ref.layer}', which has ${owner!.layer instanceof Input ? 1 : owner!.nodes.length} node(s)`);
        }
      }
      this.fail(at, 'is part of a cycle: its inputs depend on its own output');
    });

    const inputs = this.list(top.inputs, 'inputs').map((value, i) => {
      const inputName = this.string(value, `inputs[${i}]`);
      const layer = this.byName.get(inputName);
      if (!(layer instanceof Input)) this.fail(`inputs[${i}]`, `names '${inputName}', which is not an Input layer of the file`);
      return layer as Input;
    });
    const outputs = this.list(top.outputs, 'outputs').map((value, i) => {
      const ref = this.reference(value, `outputs[${i}]`);
      const kensor = find(ref);
      if (!kensor) this.fail(`outputs[${i}]`, `refers to node ${ref.node}${ref.output > 0 ? ` output ${ref.output}` : ''} of '${ref.layer}', which the model does not have`);
      return kensor!;
    });
    const outputNames = top.output_names === undefined ? undefined : this.list(top.output_names, 'output_names').map((value, i) => this.string(value, `output_names[${i}]`));
    if (outputNames && outputNames.length !== outputs.length) this.fail('output_names', `has ${outputNames.length} names for ${outputs.length} outputs`);
    try {
      return new Model(inputs, outputs, { name, outputNames });
    } catch (error) {
      return this.fail('the model', `cannot be built: ${(error as Error).message}`);
    }
  }

  private reference(value: unknown, where: string): { layer: string; node: number; output: number } {
    const entry = this.object(value, where);
    this.keys(entry, where, ['layer', 'node', 'output']);
    const layer = this.string(entry.layer, `${where}.layer`);
    const node = entry.node ?? 0;
    if (typeof node !== 'number' || !Number.isInteger(node) || node < 0) this.fail(`${where}.node`, `must be a node index (an integer ≥ 0), but is ${describeValue(node)}`);
    const output = entry.output ?? 0;
    if (typeof output !== 'number' || !Number.isInteger(output) || output < 0) this.fail(`${where}.output`, `must be an output index (an integer ≥ 0), but is ${describeValue(output)}`);
    return { layer, node: node as number, output: output as number };
  }

  /** A node: a list of references, or `{inputs, keywords, options}` for one with tensors by keyword or call options. */
  private node(value: unknown, where: string) {
    if (Array.isArray(value)) return { inputs: value.map((ref, r) => this.reference(ref, `${where}[${r}]`)), keywords: {}, options: {} };
    const entry = this.object(value, where);
    this.keys(entry, where, ['inputs', 'keywords', 'options']);
    const inputs = this.list(entry.inputs, `${where}.inputs`).map((ref, r) => this.reference(ref, `${where}.inputs[${r}]`));
    const keywords = Object.fromEntries(
      Object.entries(this.object(entry.keywords ?? {}, `${where}.keywords`)).map(([name, refs]) => [
        name,
        Array.isArray(refs) ? refs.map((ref, r) => this.reference(ref, `${where}.keywords.${name}[${r}]`)) : this.reference(refs, `${where}.keywords.${name}`),
      ]),
    );
    return { inputs, keywords, options: this.object(entry.options ?? {}, `${where}.options`) };
  }
}
