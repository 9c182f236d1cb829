/**
 * Making layers and values from constructor calls: a catalogue layer (the
 * runtime's own constructor, its arguments bound by its spec), a block or a
 * layer-like sequential instance, a named layer, and the regularizer,
 * constraint, optimizer and wrapped-layer objects arguments hold.
 */
import type * as ast from '../../grammar/ast.ts';
import { COMMON_OPTIONS, type Layer } from '../../runtime/engine/layer.ts';
import { Input } from '../../runtime/engine/input.ts';
import { closestName, toCamelCase } from '../../runtime/engine/naming.ts';
import { splitArguments, type ArgSpec, type ClassSpec } from '../../runtime/engine/spec.ts';
import { KeraflowError, ShapeError } from '../../runtime/errors.ts';
import { createLayer, hasLayerClass, getLayerClass, layerCatalogue, type Dialect } from '../../runtime/layers/index.ts';
import { callbacks, constraints, initializers, kerasConstraints, kerasRegularizers, optimizers, regularizers, schedules } from './aliases.ts';
import { bindCall, type BoundCall } from './arguments.ts';
import { dialectOfFile, otherDialectName } from './dialect.ts';
import { classify } from './graph.ts';
import { Reporter } from './report.ts';
import { runtimeProblem } from './report.ts';
import { at, sourceText, type Constructible, type LayerInstance, type Site } from './instances.ts';
import { describeEntity, resolutionOf, type Entity, type Scope } from './scope.ts';
import { evaluate, UNKNOWN, type Value } from './values.ts';

/** What a callee names: an entity of the scope, or a runtime class by name. */
type Target =
  | { kind: 'entity'; entity: Entity; name: string }
  | { kind: 'layerClass'; name: string; dialect: Dialect }
  | { kind: 'object'; spec: ClassSpec; make: (bound: BoundCall) => object; name: string };

function resolveCallee(callee: ast.Expression, site: Site, what: 'layer' | 'value', call?: ast.Call): Target | undefined {
  if (callee.kind === 'QualifiedName') {
    const qualifier = site.scope.lookup(callee.qualifier.name);
    if (qualifier?.kind === 'import' && qualifier.scope.broken) return undefined;
    if (qualifier?.kind !== 'import') {
      site.reporter.report('unknownName', { name: callee.qualifier.name, what: 'import', suggestion: closestName(callee.qualifier.name, importNames(site.scope)) }, at(site, callee.qualifier));
      return undefined;
    }
    site.reporter.use(qualifier.symbol, at(site, callee.qualifier));
    const member = qualifier.scope.exported.get(callee.member.name);
    if (!member) {
      site.reporter.report(
        'unknownMember',
        {
          qualifier: callee.qualifier.name,
          name: callee.member.name,
          suggestion: closestName(callee.member.name, qualifier.scope.exported.keys()),
        },
        at(site, callee.member),
      );
      return undefined;
    }
    site.reporter.use(member.symbol, at(site, callee.member));
    site.reporter.resolve(site.fileName, callee, resolutionOf(callee.member.name, member));
    return { kind: 'entity', entity: member, name: callee.member.name };
  }
  if (callee.kind !== 'Name') {
    site.reporter.report('wrongKind', { name: sourceText(callee), is: 'not a name', expected: `a ${what === 'layer' ? 'layer' : 'constructor'}` }, at(site, callee));
    return undefined;
  }
  const entity = site.scope.lookup(callee.name);
  if (entity) {
    site.reporter.use(entity.symbol, at(site, callee));
    site.reporter.resolve(site.fileName, callee, resolutionOf(callee.name, entity));
    return { kind: 'entity', entity, name: callee.name };
  }
  const dialect = siteDialect(site);
  const isInitializer = initializers.registry.has(callee.name);
  const isObjectClass =
    (dialect === 'keras' && isInitializer) ||
    regularizers.registry.has(callee.name) ||
    constraints.registry.has(callee.name) ||
    optimizers.registry.has(callee.name) ||
    schedules.registry.has(callee.name) ||
    callbacks.registry.has(callee.name);
  if (hasLayerClass(callee.name, dialect) || isObjectClass) {
    site.reporter.resolve(site.fileName, callee, { kind: 'class', name: callee.name, ...(dialect === 'keras' ? { dialect } : {}) });
  }
  if (hasLayerClass(callee.name, dialect)) return { kind: 'layerClass', name: callee.name, dialect };
  if (dialect === 'keras' && isInitializer) {
    const cls = initializers.registry.get(callee.name) as unknown as { spec: ClassSpec; new (settings: Record<string, unknown>): object };
    return { kind: 'object', spec: cls.spec, name: callee.name, make: (bound) => new cls(bound.values) };
  }
  // Initializer objects are Keras's: a Keraflow file names its initializations (`init=he_normal`).
  if (isInitializer && call) {
    site.reporter.report('otherDialectName', { name: callee.name, dialect: 'keras' }, at(site, callee));
    return undefined;
  }
  // The Keras dialect's regularizers and constraints: Keraflow's under Keras's argument names and defaults (MaxNorm(max_value), L1L2() no penalty).
  const objectRegistries = dialect === 'keras' ? [kerasRegularizers.registry, kerasConstraints.registry] : [regularizers.registry, constraints.registry];
  for (const registry of [...objectRegistries, schedules.registry, callbacks.registry]) {
    if (registry.has(callee.name)) {
      const cls = registry.get(callee.name) as unknown as { spec: ClassSpec; new (...args: unknown[]): object };
      return { kind: 'object', spec: cls.spec, name: callee.name, make: (bound) => new cls(...positionalThenOptions(cls.spec, bound)) };
    }
  }
  if (optimizers.registry.has(callee.name)) {
    const cls = optimizers.registry.get(callee.name);
    return { kind: 'object', spec: cls.spec, name: callee.name, make: (bound) => new cls(bound.options as never) };
  }
  const other = otherDialectName(callee.name, dialect, (spec) => {
    // Bound quietly: the call is only read to spell it in this file's dialect.
    const quiet = { ...evaluationContext(site), reporter: new Reporter() };
    return bindCall(spec, call, quiet, { extraOptions: COMMON_OPTIONS, ownerRange: (call ?? callee).range });
  });
  if (other) {
    site.reporter.report('otherDialectName', other, at(site, callee));
    return undefined;
  }
  const objectClasses = [regularizers, constraints, optimizers, schedules, callbacks].flatMap((catalogue) => catalogue.registry.names());
  const candidates = [...layerCatalogue(dialect).keys(), ...objectClasses, ...site.scope.names()];
  const suggestion = closestName(callee.name, candidates);
  site.reporter.report('unknownConstructor', { name: callee.name, suggestion, ...(what === 'layer' ? {} : { what: 'constructor' as const }) }, at(site, callee));
  return undefined;
}

/** Regularizer and constraint constructors take their positional arguments by position only (`L1L2(l1, l2)`, `MaxNorm(m, {axis})`). */
function positionalThenOptions(spec: ClassSpec, bound: BoundCall): unknown[] {
  const values = Object.fromEntries(spec.args.filter((arg) => arg.positional || Object.hasOwn(bound.options, arg.name)).map((arg) => [arg.name, bound.values[arg.name]]));
  const { positional, options } = splitArguments(spec, values);
  return [...positional, options];
}

/**
 * A layer from a constructor expression (`Dense(10)`, `Residual(64)`,
 * `Encoder()`, or a bare `Flatten` in a chain); undefined after an error.
 */
export function constructLayer(expression: Constructible, site: Site, layerName?: string): LayerInstance | undefined {
  const cached = site.cache?.get(expression);
  if (cached) return cached;
  const call = expression.kind === 'Call' ? expression : undefined;
  const callee = call ? call.callee : expression;
  const target = resolveCallee(callee, site, 'layer', call);
  if (!target) return undefined;
  let instance: LayerInstance | undefined;
  if (target.kind === 'layerClass') {
    instance = constructRuntimeLayer(target.name, target.dialect, call, expression, site, layerName);
  } else if (target.kind === 'object') {
    site.reporter.report(
      'wrongKind',
      { name: target.name, is: `a ${target.spec.className === target.name ? 'constructor' : 'alias'} of ${describeObject(target.name)}`, expected: 'a layer' },
      at(site, callee),
    );
  } else {
    const entity = target.entity;
    if (entity.kind === 'block') {
      instance = instantiateBlock(entity, call, expression, site, layerName);
    } else if (entity.kind === 'sequential' && !entity.trainable) {
      if (call && call.arguments.length > 0) {
        site.reporter.report(
          'tooManyArguments',
          { problem: 'tooMany', constructor: `sequential ${entity.declaration.name.name}`, positional: [], given: call.arguments.length, noOptions: true },
          at(site, call.arguments[0]),
        );
      }
      const id = site.graph.addLayer(layerName ?? site.graph.autoName(entity.declaration.name.name), entity.declaration.name.name, at(site, expression), `sequential ${entity.declaration.name.name}`);
      instance = { kind: 'sequential', id, entity, cache: new Map() };
    } else if (entity.kind === 'layer' && !call) {
      return entity.instance;
    } else if (entity.kind === 'sequential') {
      const name = entity.declaration.name.name;
      site.reporter.report(
        'wrongKind',
        { name, is: 'a sequential starting with Input, so a tensor', expected: `a layer (use \`${name}()\` where a tensor goes: \`${name}() -> Dense(2)\`)` },
        at(site, callee),
      );
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
function newLayer(className: string, dialect: Dialect, bound: BoundCall, name?: string): Layer<any> {
  const spec = getLayerClass(className, dialect).spec;
  const positionalSpecs = spec.args.filter((arg) => arg.positional);
  const values: Record<string, unknown> = {};
  const options: Record<string, unknown> = name === undefined ? {} : { name };
  bound.positional.forEach((value, index) => (values[positionalSpecs[index].name] = value));
  for (const [key, value] of Object.entries(bound.options)) {
    if (spec.args.some((arg) => arg.name === key)) values[key] = value;
    else options[key] = value;
  }
  return createLayer(className, values, options, dialect);
}

function constructRuntimeLayer(className: string, dialect: Dialect, call: ast.Call | undefined, expression: Constructible, site: Site, layerName?: string): LayerInstance | undefined {
  const layerClass = getLayerClass(className, dialect);
  if (layerClass === (Input as unknown) || className === 'Sequential') {
    site.reporter.report(className === 'Input' ? 'feedingInput' : 'wrongKind', { name: className, is: 'declared with `sequential Name { ... }`', expected: 'a layer' }, at(site, expression));
    return undefined;
  }
  const spec = layerClass.spec;
  const bound = bindCall(spec, call, evaluationContext(site), { extraOptions: COMMON_OPTIONS, ownerRange: (call ?? expression).range });
  // Named and listed by its class, as the runtime names it, whatever alias the file wrote (MaxPool2D is a MaxPooling2D).
  const name = typeof bound?.options.name === 'string' ? bound.options.name : (layerName ?? site.graph.autoName(spec.className));
  let layer: Layer<any> | undefined;
  if (bound) {
    try {
      layer = newLayer(className, dialect, bound, name);
    } catch (error) {
      reportConstructionError(error, bound, call ?? expression, site);
    }
  }
  const argumentRanges = new Map([...(bound?.nodes ?? [])].map(([argument, node]) => [argument, node.value.range]));
  const id = site.graph.addLayer(name, spec.className, at(site, expression), spec.doc, layer, argumentRanges);
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
  const data = runtimeProblem(error);
  if (error.argument === 'regularizers' || error.argument === 'constraints') {
    site.reporter.report(error.reason === 'unknownAlias' ? 'unknownAlias' : 'unknownParameterKey', data, at(site, node));
    return;
  }
  const problem = classify(error);
  if (problem === 'symbolicSize') site.reporter.report(problem, { ...data, symbols: [] }, at(site, node));
  else site.reporter.report(problem === 'shapeMismatch' && !(error instanceof ShapeError) ? 'wrongArgumentType' : problem, data, at(site, node));
}

function describeObject(name: string): string {
  if (regularizers.registry.has(name)) return 'a regularizer';
  if (constraints.registry.has(name)) return 'a constraint';
  if (initializers.registry.has(name)) return 'an initializer';
  if (schedules.registry.has(name)) return 'a learning-rate schedule';
  if (callbacks.registry.has(name)) return 'a callback';
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
  const target = resolveCallee(callee, site, 'value', call);
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
    const layerClass = getLayerClass(target.name, target.dialect);
    const bound = bindCall(layerClass.spec, call, evaluationContext(site), { extraOptions: COMMON_OPTIONS, ownerRange: (call ?? expression).range });
    if (!bound) return UNKNOWN;
    try {
      return newLayer(target.name, target.dialect, bound);
    } catch (error) {
      reportConstructionError(error, bound, call ?? expression, site);
      return UNKNOWN;
    }
  }
  const entity = target.entity;
  site.reporter.report(
    'wrongKind',
    {
      name: target.name,
      is: describeEntity(entity),
      expected: entity.kind === 'block' ? 'a value (a block cannot be given to a wrapper: apply it to a tensor)' : 'a value',
    },
    at(site, callee),
  );
  return UNKNOWN;
}

/** The dialect of the file the site is in (a block's body: the block's file). */
export function siteDialect(site: Site): Dialect {
  return dialectOfFile(site.fileScope(site.fileName).unit?.ast);
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

/** The types a block parameter may declare: argument types of the runtime's specs. */
export const blockParameterTypes = ['int', 'float', 'bool', 'string', 'shape', 'activation', 'initialization'] as const;

/** A block's parameters as an argument spec, so that its calls bind exactly as a layer's do. */
export function blockSpec(block: ast.Block, site: Site): ClassSpec {
  const context = evaluationContext(site);
  return {
    className: block.name.name,
    doc: `block ${block.name.name}`,
    args: block.parameters.map((parameter) => {
      const type = parameter.type?.name;
      const known = type && (blockParameterTypes as readonly string[]).includes(type) ? (type as (typeof blockParameterTypes)[number]) : undefined;
      const defaultValue = parameter.default ? evaluate(parameter.default, context) : undefined;
      return {
        name: toCamelCase(parameter.name.name),
        positional: true,
        required: parameter.default === undefined,
        type: known ?? 'any',
        nullable: true,
        default: defaultValue,
        doc: `${parameter.name.name}${type ? `: ${type}` : ''}`,
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

function importNames(scope: Scope): string[] {
  return scope.names().filter((name) => scope.lookup(name)?.kind === 'import');
}
