/**
 * Layers as `.kf` makes and applies them: a constructor call of a catalogue
 * layer (a runtime layer, built by the runtime's own constructor), an
 * instance of a block or of a layer-like sequential (their layers made once,
 * at the first application, and reused by later ones: shared weights), or a
 * named `layer`. And tensor expressions: names, applications, chains, lists.
 */
import type * as ast from '../../grammar/ast.ts';
import { COMMON_OPTIONS, type Layer } from '../../runtime/engine/layer.ts';
import { Input } from '../../runtime/engine/input.ts';
import { closestName, toCamelCase, toSnakeCase } from '../../runtime/engine/naming.ts';
import type { ArgSpec, ClassSpec } from '../../runtime/engine/spec.ts';
import { KeraflowError } from '../../runtime/errors.ts';
import { createLayer, hasLayerClass, getLayerClass, layerCatalogue } from '../../runtime/layers/index.ts';
import { constraints, optimizers, regularizers } from './aliases.ts';
import { bindCall, type BoundCall } from './arguments.ts';
import { classify, type ModelGraph, type TensorInput } from './graph.ts';
import { snakeCaseNames, type Reporter } from './report.ts';
import { describeEntity, Scope, type Entity, type FileScope } from './scope.ts';
import type { Location } from './types.ts';
import { evaluate, UNKNOWN, type Value } from './values.ts';

export type LayerInstance =
  | { kind: 'runtime'; id: number }
  | { kind: 'block'; id: number; entity: Extract<Entity, { kind: 'block' }>; values: Record<string, Value>; cache: Map<ast.Node, LayerInstance> }
  | { kind: 'sequential'; id: number; entity: Extract<Entity, { kind: 'sequential' }>; cache: Map<ast.Node, LayerInstance> };

export interface Site {
  reporter: Reporter;
  fileName: string;
  scope: Scope;
  graph: ModelGraph;
  /** The scope of each file, to check a block's body where it was written. */
  fileScope(fileName: string): FileScope;
  /** Inside a block or sequential instance: its layers by the node that makes them (shared across applications). */
  cache?: Map<ast.Node, LayerInstance>;
  /** Names this body defines further down, for "used before it is defined". */
  later?: Map<string, ast.Range>;
}

type Constructible = ast.Call | ast.Name | ast.QualifiedName;

const at = (site: Site, node: { range: ast.Range }): Location => ({ fileName: site.fileName, range: node.range });

// ------------------------------------------------------------- constructing

/** What a callee names: an entity of the scope, or a runtime class by name. */
type Target =
  | { kind: 'entity'; entity: Entity; name: string }
  | { kind: 'layerClass'; name: string }
  | { kind: 'object'; spec: ClassSpec; make: (bound: BoundCall) => object; name: string };

function resolveCallee(callee: ast.Expression, site: Site, what: 'layer' | 'value'): Target | undefined {
  if (callee.kind === 'QualifiedName') {
    const qualifier = site.scope.lookup(callee.qualifier.name);
    if (qualifier?.kind === 'import' && qualifier.scope.broken) return undefined;
    if (!qualifier || qualifier.kind !== 'import') {
      site.reporter.report('unknownName', { name: callee.qualifier.name, what: 'import', suggestion: closestName(callee.qualifier.name, importNames(site.scope)) }, at(site, callee.qualifier));
      return undefined;
    }
    site.reporter.use(qualifier.symbol, at(site, callee.qualifier));
    const member = qualifier.scope.exported.get(callee.member.name);
    if (!member) {
      site.reporter.report('unknownMember', {
        qualifier: callee.qualifier.name, name: callee.member.name, suggestion: closestName(callee.member.name, qualifier.scope.exported.keys()),
      }, at(site, callee.member));
      return undefined;
    }
    site.reporter.use(member.symbol, at(site, callee.member));
    return { kind: 'entity', entity: member, name: callee.member.name };
  }
  if (callee.kind !== 'Name') {
    site.reporter.report('wrongKind', { name: sourceText(callee), is: 'not a name', expected: `a ${what === 'layer' ? 'layer' : 'constructor'}` }, at(site, callee));
    return undefined;
  }
  const entity = site.scope.lookup(callee.name);
  if (entity) {
    site.reporter.use(entity.symbol, at(site, callee));
    return { kind: 'entity', entity, name: callee.name };
  }
  if (hasLayerClass(callee.name)) return { kind: 'layerClass', name: callee.name };
  for (const registry of [regularizers.registry, constraints.registry]) {
    if (registry.has(callee.name)) {
      const cls = registry.get(callee.name) as unknown as { spec: ClassSpec; new (...args: unknown[]): object };
      return { kind: 'object', spec: cls.spec, name: callee.name, make: (bound) => new cls(...positionalThenOptions(cls.spec, bound)) };
    }
  }
  if (optimizers.registry.has(callee.name)) {
    const cls = optimizers.registry.get(callee.name);
    return { kind: 'object', spec: cls.spec, name: callee.name, make: (bound) => new cls(bound.options as never) };
  }
  const candidates = [...layerCatalogue().keys(), ...site.scope.names()];
  site.reporter.report('unknownConstructor', { name: callee.name, suggestion: closestName(callee.name, candidates) }, at(site, callee));
  return undefined;
}

/**
 * A layer from a constructor expression (`Dense(10)`, `Residual(64)`,
 * `Encoder()`, or a bare `Flatten` in a chain); undefined after an error.
 */
/** Regularizer and constraint constructors take their positional arguments by position only (`L1L2(l1, l2)`, `MaxNorm(m, {axis})`). */
function positionalThenOptions(spec: ClassSpec, bound: BoundCall): unknown[] {
  const positional = spec.args.filter((arg) => arg.positional).map((arg) => bound.values[arg.name]);
  const options = Object.fromEntries(spec.args.filter((arg) => !arg.positional && Object.hasOwn(bound.options, arg.name)).map((arg) => [arg.name, bound.options[arg.name]]));
  return [...positional, options];
}

export function constructLayer(expression: Constructible, site: Site, layerName?: string): LayerInstance | undefined {
  const cached = site.cache?.get(expression);
  if (cached) return cached;
  const call = expression.kind === 'Call' ? expression : undefined;
  const callee = call ? call.callee : expression;
  const target = resolveCallee(callee, site, 'layer');
  if (!target) return undefined;
  let instance: LayerInstance | undefined;
  if (target.kind === 'layerClass') {
    instance = constructRuntimeLayer(target.name, call, expression, site, layerName);
  } else if (target.kind === 'object') {
    site.reporter.report('wrongKind', { name: target.name, is: `a ${target.spec.className === target.name ? 'constructor' : 'alias'} of ${describeObject(target.name)}`, expected: 'a layer' }, at(site, callee));
  } else {
    const entity = target.entity;
    if (entity.kind === 'block') {
      instance = instantiateBlock(entity, call, expression, site, layerName);
    } else if (entity.kind === 'sequential' && !entity.trainable) {
      if (call && call.arguments.length > 0) {
        site.reporter.report('tooManyArguments', { detail: `sequential ${entity.declaration.name.name} takes no arguments, but ${call.arguments.length} were given` }, at(site, call.arguments[0]));
      }
      const id = site.graph.addLayer(layerName ?? site.graph.autoName(entity.declaration.name.name), entity.declaration.name.name, at(site, expression), `sequential ${entity.declaration.name.name}`);
      instance = { kind: 'sequential', id, entity, cache: new Map() };
    } else if (entity.kind === 'layer' && !call) {
      return entity.instance;
    } else {
      site.reporter.report('wrongKind', { name: target.name, is: describeEntity(entity), expected: 'a layer' }, at(site, callee));
    }
  }
  if (instance) site.cache?.set(expression, instance);
  return instance;
}

/**
 * A runtime layer from bound arguments: a positional argument given by name
 * (`Dense(output_dim=4)`) goes to its place, as the runtime's `createLayer` puts it.
 */
function newLayer(className: string, bound: BoundCall, name?: string): Layer<any> {
  const spec = getLayerClass(className).spec;
  const positionalSpecs = spec.args.filter((arg) => arg.positional);
  const values: Record<string, unknown> = {};
  const options: Record<string, unknown> = name === undefined ? {} : { name };
  bound.positional.forEach((value, index) => (values[positionalSpecs[index].name] = value));
  for (const [key, value] of Object.entries(bound.options)) {
    if (spec.args.some((arg) => arg.name === key)) values[key] = value;
    else options[key] = value;
  }
  return createLayer(className, values, options);
}

function constructRuntimeLayer(className: string, call: ast.Call | undefined, expression: Constructible, site: Site, layerName?: string): LayerInstance | undefined {
  const layerClass = getLayerClass(className);
  if (layerClass === (Input as unknown) || className === 'Sequential') {
    site.reporter.report(className === 'Input' ? 'feedingInput' : 'wrongKind', { name: className, is: 'declared with `sequential Name { ... }`', expected: 'a layer' }, at(site, expression));
    return undefined;
  }
  const spec = layerClass.spec;
  const bound = bindCall(spec, call, evaluationContext(site), { extraOptions: COMMON_OPTIONS, ownerRange: (call ?? expression).range });
  const name = typeof bound?.options.name === 'string' ? bound.options.name : layerName ?? site.graph.autoName(className);
  let layer: Layer<any> | undefined;
  if (bound) {
    try {
      layer = newLayer(className, bound, name);
    } catch (error) {
      reportConstructionError(error, bound, call ?? expression, site);
    }
  }
  const id = site.graph.addLayer(name, className, at(site, expression), spec.doc, layer);
  return { kind: 'runtime', id };
}

/** A runtime constructor's error, on the argument it names when it names one. */
function reportConstructionError(error: unknown, bound: BoundCall, fallback: { range: ast.Range }, site: Site): void {
  if (!(error instanceof KeraflowError)) throw error;
  const argument = error.argument ? bound.nodes.get(error.argument) : undefined;
  let node: { range: ast.Range } = argument?.value ?? fallback;
  if (argument && argument.value.kind === 'Dict' && typeof error.key === 'string') {
    node = argument.value.entries.find((e) => (e.key.kind === 'Identifier' ? e.key.name : e.key.value) === error.key)?.key ?? node;
  }
  let problem = classify(error);
  if (error.argument === 'regularizers' || error.argument === 'constraints') {
    problem = /unknown (regularizer|constraint)/.test(error.message) ? 'unknownAlias' : 'unknownParameterKey';
  } else if (problem === 'shapeMismatch' && !(error.name === 'ShapeError')) {
    problem = 'wrongArgumentType';
  }
  site.reporter.report(problem, { detail: snakeCaseNames(error.message) }, at(site, node));
}

function describeObject(name: string): string {
  if (regularizers.registry.has(name)) return 'a regularizer';
  if (constraints.registry.has(name)) return 'a constraint';
  return 'an optimizer';
}

/** A constructor call inside a value: a regularizer, constraint or optimizer object, or a layer for a wrapper. */
export function constructValue(expression: Constructible, site: Site): Value {
  const call = expression.kind === 'Call' ? expression : undefined;
  const callee = call ? call.callee : expression;
  if (!call && callee.kind === 'QualifiedName') {
    const target = resolveCallee(callee, site, 'value');
    if (target?.kind === 'entity' && target.entity.kind === 'constant') return target.entity.value;
    if (target) site.reporter.report('wrongKind', { name: sourceText(callee), is: target.kind === 'entity' ? describeEntity(target.entity) : 'a constructor', expected: 'a value' }, at(site, callee));
    return UNKNOWN;
  }
  const target = resolveCallee(callee, site, 'value');
  if (!target) return UNKNOWN;
  if (target.kind === 'object') {
    const bound = bindCall(target.spec, call, evaluationContext(site), { ownerRange: (call ?? expression).range });
    if (!bound) return UNKNOWN;
    try {
      return target.make(bound);
    } catch (error) {
      reportConstructionError(error, bound, call ?? expression, site);
      return UNKNOWN;
    }
  }
  if (target.kind === 'layerClass') {
    // A layer given to a wrapper (TimeDistributed(Dense(8))): built by the wrapper, not a node of the graph.
    const layerClass = getLayerClass(target.name);
    const bound = bindCall(layerClass.spec, call, evaluationContext(site), { extraOptions: COMMON_OPTIONS, ownerRange: (call ?? expression).range });
    if (!bound) return UNKNOWN;
    try {
      return newLayer(target.name, bound);
    } catch (error) {
      reportConstructionError(error, bound, call ?? expression, site);
      return UNKNOWN;
    }
  }
  const entity = target.entity;
  site.reporter.report('wrongKind', {
    name: target.name, is: describeEntity(entity), expected: entity.kind === 'block' ? 'a value (a block cannot be given to a wrapper: apply it to a tensor)' : 'a value',
  }, at(site, callee));
  return UNKNOWN;
}

export function evaluationContext(site: Site) {
  return {
    reporter: site.reporter,
    fileName: site.fileName,
    scope: site.scope,
    construct: (expression: Constructible) => constructValue(expression, site),
  };
}

// ------------------------------------------------------------------ blocks

const parameterTypes = ['int', 'float', 'bool', 'string', 'shape', 'activation', 'initialization'] as const;

/** A block's parameters as an argument spec, so that its calls bind exactly as a layer's do. */
export function blockSpec(block: ast.Block, site: Site): ClassSpec {
  const context = evaluationContext(site);
  return {
    className: block.name.name,
    doc: `block ${block.name.name}`,
    args: block.parameters.map((parameter) => {
      const type = parameter.type?.name;
      const known = type && (parameterTypes as readonly string[]).includes(type) ? (type as (typeof parameterTypes)[number]) : undefined;
      const defaultValue = parameter.default ? evaluate(parameter.default, context) : undefined;
      return {
        name: toCamelCase(parameter.name.name), positional: true, required: parameter.default === undefined,
        type: known ?? 'any', nullable: true, default: defaultValue, doc: `${parameter.name.name}${type ? `: ${type}` : ''}`,
      } satisfies ArgSpec;
    }),
  };
}

function instantiateBlock(entity: Extract<Entity, { kind: 'block' }>, call: ast.Call | undefined, expression: Constructible, site: Site, layerName?: string): LayerInstance | undefined {
  const blockSite = { ...site, fileName: entity.unit.fileName, scope: site.fileScope(entity.unit.fileName) };
  const spec = blockSpec(entity.declaration, blockSite);
  const bound = bindCall(spec, call, evaluationContext(site), { ownerRange: (call ?? expression).range });
  if (!bound) return undefined;
  const name = entity.declaration.name.name;
  const id = site.graph.addLayer(layerName ?? site.graph.autoName(name), name, at(site, expression), `block ${name}`);
  return { kind: 'block', id, entity, values: bound.values, cache: new Map() };
}

// ------------------------------------------------------------------ tensors

export function evaluateTensor(expression: ast.Expression, site: Site): TensorInput | undefined {
  switch (expression.kind) {
    case 'Name':
      return tensorByName(expression, site);
    case 'List': {
      const ids: number[] = [];
      let complete = true;
      for (const element of expression.elements) {
        const item = evaluateTensor(element, site);
        if (item?.kind === 'one') ids.push(item.id);
        else {
          if (item) site.reporter.report('listOrSingle', { detail: 'a list of tensors cannot hold another list' }, at(site, element));
          complete = false;
        }
      }
      return complete ? { kind: 'list', ids } : undefined;
    }
    case 'Call':
      return evaluateApplication(expression, site);
    case 'Chain': {
      let current = evaluateTensor(expression.source, site);
      for (const stage of expression.stages) {
        const layer = layerOf(stage, site);
        if (!current || !layer) {
          current = undefined;
          continue;
        }
        current = { kind: 'one', id: applyLayer(layer, current, at(site, stage), site) };
      }
      return current;
    }
    case 'Missing':
      return undefined;
    default:
      site.reporter.report('wrongKind', { is: describeNode(expression), expected: 'a tensor' }, at(site, expression));
      return undefined;
  }
}

function tensorByName(name: ast.Name, site: Site): TensorInput | undefined {
  const entity = site.scope.lookup(name.name);
  if (entity?.kind === 'tensor') {
    site.reporter.use(entity.symbol, at(site, name));
    return { kind: 'one', id: entity.tensor };
  }
  if (entity) {
    site.reporter.use(entity.symbol, at(site, name));
    site.reporter.report('wrongKind', { name: name.name, is: describeEntity(entity), expected: 'a tensor' }, at(site, name));
    return undefined;
  }
  const later = site.later?.get(name.name);
  if (later) {
    site.reporter.report('usedBeforeDefined', { name: name.name }, at(site, name), [{ message: `'${name.name}' is defined here`, range: later, fileName: site.fileName }]);
    return undefined;
  }
  const tensorNames = site.scope.names().filter((n) => site.scope.lookup(n)?.kind === 'tensor');
  site.reporter.report('unknownName', { name: name.name, what: 'tensor', suggestion: closestName(name.name, tensorNames) }, at(site, name));
  return undefined;
}

/** `L(t)`: a layer (a constructor call, a named layer, a block instance) applied to a tensor or list. */
function evaluateApplication(call: ast.Call, site: Site): TensorInput | undefined {
  const callee = call.callee;
  const calleeIsLayerName = callee.kind === 'Name' && site.scope.lookup(callee.name)?.kind === 'layer';
  if (!calleeIsLayerName && callee.kind !== 'Call') {
    // `Dense(10)` alone makes a layer; a tensor is made by applying it.
    const target = callee.kind === 'Name' ? site.scope.lookup(callee.name) : undefined;
    if (target?.kind === 'tensor') {
      site.reporter.report('wrongKind', { name: sourceText(callee), is: 'a tensor', expected: 'a layer' }, at(site, callee));
    } else {
      site.reporter.report('wrongKind', { name: sourceText(call), is: 'a layer', expected: 'a tensor (apply the layer to one: `Layer(...)(x)` or `x -> Layer(...)`)' }, at(site, call));
    }
    return undefined;
  }
  const layer = layerOf(callee, site);
  if (call.arguments.length !== 1 || call.arguments[0].name) {
    site.reporter.report('listOrSingle', { detail: `a layer is applied to one tensor or one list of tensors, but ${call.arguments.length} argument${call.arguments.length === 1 ? ' was' : 's were'} given` }, at(site, call));
    return undefined;
  }
  const input = evaluateTensor(call.arguments[0].value, site);
  if (!layer || !input) return undefined;
  return { kind: 'one', id: applyLayer(layer, input, at(site, call), site) };
}

/** A chain stage or a callee as a layer: a named layer, or a construction (bare names allowed). */
export function layerOf(expression: ast.Expression, site: Site): LayerInstance | undefined {
  if (expression.kind === 'Name') {
    const entity = site.scope.lookup(expression.name);
    if (entity?.kind === 'layer') {
      site.reporter.use(entity.symbol, at(site, expression));
      return entity.instance;
    }
    if (entity?.kind === 'tensor') {
      site.reporter.use(entity.symbol, at(site, expression));
      if (!entity.failed) site.reporter.report('wrongKind', { name: expression.name, is: 'a tensor', expected: 'a layer' }, at(site, expression));
      return undefined;
    }
    return constructLayer(expression, site);
  }
  if (expression.kind === 'Call' || expression.kind === 'QualifiedName') return constructLayer(expression, site);
  if (expression.kind !== 'Missing') site.reporter.report('wrongKind', { name: sourceText(expression), is: 'not a layer', expected: 'a layer' }, at(site, expression));
  return undefined;
}

/** Applies any layer instance; gives the output tensor (unknown after a problem). */
export function applyLayer(instance: LayerInstance, input: TensorInput, location: Location, site: Site): number {
  if (instance.kind === 'runtime') return site.graph.applyRuntime(instance.id, input, location);
  const graph = site.graph;
  const declaration = instance.entity.declaration;
  const what = `${instance.kind} ${declaration.name.name}`;
  if (graph.applying.has(declaration)) {
    site.reporter.report('recursiveDefinition', { kind: instance.kind, name: declaration.name.name }, location);
    return graph.addTensor(undefined, location);
  }
  graph.applying.add(declaration);
  graph.parents.push(instance.id);
  try {
    return site.reporter.within(location, what, () =>
      instance.kind === 'block' ? applyBlock(instance, input, location, site) : applySequential(instance, input, location, site),
    );
  } finally {
    graph.parents.pop();
    graph.applying.delete(declaration);
  }
}

function applyBlock(instance: Extract<LayerInstance, { kind: 'block' }>, input: TensorInput, location: Location, site: Site): number {
  const block = instance.entity.declaration;
  const unit = instance.entity.unit;
  const inputs = input.kind === 'one' ? [input.id] : input.ids;
  const unknownOutput = () => site.graph.addTensor(undefined, location);
  const wantsList = block.inputs.length !== 1;
  if (wantsList !== (input.kind === 'list') || inputs.length !== block.inputs.length) {
    site.reporter.report('listOrSingle', {
      detail: `block ${block.name.name} takes ${wantsList ? `a list of ${block.inputs.length} tensors` : 'one tensor'}, but was given ${input.kind === 'list' ? `a list of ${inputs.length}` : 'one tensor'}`,
    }, location);
    return unknownOutput();
  }
  const scope = new Scope(site.fileScope(unit.fileName));
  for (const parameter of block.parameters) {
    scope.set(parameter.name.name, { kind: 'parameter', value: instance.values[toCamelCase(parameter.name.name)] ?? UNKNOWN, symbol: quietSymbol(parameter.name.name, unit.fileName, parameter.name.range) });
  }
  block.inputs.forEach((name, index) => scope.set(name.name, { kind: 'tensor', tensor: inputs[index], symbol: quietSymbol(name.name, unit.fileName, name.range) }));
  const inner: Site = { ...site, fileName: unit.fileName, scope, cache: instance.cache, later: undefined };
  return runBlockBody(block, inner) ?? unknownOutput();
}

/** The statements of a block: named layers, tensors, and the returned tensor's id. */
export function runBlockBody(block: ast.Block, site: Site): number | undefined {
  let result: number | undefined;
  for (const statement of block.body) {
    if (statement.kind === 'Layer') {
      const instance = site.cache?.get(statement) ?? (statement.value.kind === 'Call' || statement.value.kind === 'Name' || statement.value.kind === 'QualifiedName'
        ? constructLayer(statement.value, site, statement.name.name)
        : undefined);
      if (instance) site.cache?.set(statement, instance);
      if (instance) site.scope.set(statement.name.name, { kind: 'layer', instance, symbol: site.reporter.define(statement.name.name, 'layer', at(site, statement.name), { container: block.name.name }) });
    } else if (statement.kind === 'Assignment') {
      const value = evaluateTensor(statement.value, site);
      if (value?.kind === 'one') {
        site.scope.set(statement.name.name, { kind: 'tensor', tensor: value.id, symbol: site.reporter.define(statement.name.name, 'tensor', at(site, statement.name), { container: block.name.name }) });
      }
    } else if (statement.kind === 'Return') {
      const value = evaluateTensor(statement.value, site);
      if (value?.kind === 'one') result = value.id;
      else if (value) site.reporter.report('listOrSingle', { detail: 'a block returns one tensor, not a list' }, at(site, statement.value));
    }
  }
  return result;
}

function applySequential(instance: Extract<LayerInstance, { kind: 'sequential' }>, input: TensorInput, location: Location, site: Site): number {
  const declaration = instance.entity.declaration;
  const unit = instance.entity.unit;
  const inner: Site = { ...site, fileName: unit.fileName, scope: site.fileScope(unit.fileName), cache: instance.cache, later: undefined };
  let current: TensorInput | undefined = input;
  for (const item of declaration.layers) {
    const layer = layerOf(item, inner);
    if (!layer || !current) {
      current = undefined;
      continue;
    }
    current = { kind: 'one', id: applyLayer(layer, current, at(inner, item), inner) };
  }
  if (current?.kind === 'one') return current.id;
  return site.graph.addTensor(undefined, location);
}

/** A name inside a block being applied: resolvable, but not recorded again as a symbol. */
function quietSymbol(name: string, fileName: string, range: ast.Range) {
  return { name, kind: 'parameter' as const, definition: { fileName, range }, references: [] };
}

function importNames(scope: Scope): string[] {
  return scope.names().filter((name) => scope.lookup(name)?.kind === 'import');
}

/** What a value expression is, in words. */
function describeNode(expression: ast.Expression): string {
  switch (expression.kind) {
    case 'Number': return `the number ${expression.text}`;
    case 'String': return 'a string';
    case 'Boolean': return `the value ${expression.value}`;
    case 'None': return 'none';
    case 'Binary': case 'Unary': return 'arithmetic on constants';
    case 'Tuple': return 'a tuple';
    case 'Dict': return 'a dict';
    default: return 'a value';
  }
}

/** Short text for a node in a message. */
export function sourceText(expression: ast.Expression): string {
  switch (expression.kind) {
    case 'Name': return expression.name;
    case 'QualifiedName': return `${expression.qualifier.name}.${expression.member.name}`;
    case 'Call': return `${sourceText(expression.callee)}(...)`;
    case 'Number': return expression.text;
    case 'String': return JSON.stringify(expression.value);
    case 'Boolean': return String(expression.value);
    case 'None': return 'none';
    case 'List': return '[...]';
    case 'Tuple': return '(...)';
    case 'Dict': return '{...}';
    case 'Chain': return `${sourceText(expression.source)} -> ...`;
    default: return 'this expression';
  }
}

export { toSnakeCase };
