/**
 * Tensor expressions (names, applications `L(t)`, chains `t -> L1 -> L2`,
 * lists for multi-input layers) and applying layers to tensors: a runtime
 * layer through the model graph, a block's or sequential's body with its
 * arguments, reported at the application.
 */
import type * as ast from '../../grammar/ast.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import { closestName, toCamelCase, toSnakeCase } from '../../runtime/engine/naming.ts';
import { constructLayer } from './constructors.ts';
import { sequentialTensor } from './sequential-tensors.ts';
import type { CallInput, TensorInput } from './graph.ts';
import { at, sourceText, type LayerInstance, type Site } from './instances.ts';
import { describeEntity, resolutionOf, Scope } from './scope.ts';
import type { Location } from './types.ts';
import { UNKNOWN } from './values.ts';

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
          if (item) site.reporter.report('listOrSingle', { case: 'nestedList' }, at(site, element));
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
        current = outputsAsInput(applyLayerAll(layer, current, at(site, stage), site));
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
  if (entity) site.reporter.resolve(site.fileName, name, resolutionOf(name.name, entity));
  if (entity?.kind === 'tensor') {
    site.reporter.use(entity.symbol, at(site, name));
    return { kind: 'one', id: entity.tensor };
  }
  if (entity) {
    site.reporter.use(entity.symbol, at(site, name));
    const sequential = entity.kind === 'sequential' && entity.trainable;
    site.reporter.report(
      'wrongKind',
      { name: name.name, is: describeEntity(entity), expected: sequential ? `a tensor (\`${name.name}()\` makes the sequential's tensor)` : 'a tensor' },
      at(site, name),
    );
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
  const sequential = calleeIsLayerName ? undefined : sequentialTensor(call, site);
  if (sequential) return sequential.tensor;
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
  const positional = call.arguments.filter((argument) => !argument.name);
  const keywords = call.arguments.filter((argument) => argument.name);
  if (positional.length === 0 || (keywords.length > 0 && layer?.kind !== 'runtime')) {
    site.reporter.report('listOrSingle', { case: 'applicationArguments', count: call.arguments.length }, at(site, call));
    return undefined;
  }
  // `L(q, v)` is `L([q, v])`: several tensors are a multi-input layer's list.
  const items = positional.map((argument) => evaluateTensor(argument.value, site));
  let input: TensorInput | undefined;
  if (items.length === 1) input = items[0];
  else if (items.every((item) => item?.kind === 'one')) input = { kind: 'list', ids: items.map((item) => (item as { id: number }).id) };
  else items.forEach((item, index) => item?.kind === 'list' && site.reporter.report('listOrSingle', { case: 'nestedList' }, at(site, positional[index])));
  const callInput = layer?.kind === 'runtime' ? evaluateCallArguments(keywords, site.graph.runtimeLayer(layer.id), site) : { tensors: {}, options: {} };
  if (!layer || !input || !callInput) return undefined;
  return outputsAsInput(applyLayerAll(layer, input, at(site, call), site, callInput));
}

/** One output as one tensor; several (LSTM with return_state) as a list, which `[a, b, c] = ...` names. */
function outputsAsInput(ids: readonly number[]): TensorInput {
  return ids.length === 1 ? { kind: 'one', id: ids[0] } : { kind: 'list', ids: [...ids] };
}

/**
 * The keyword arguments of an application, `LSTM(8)(x, initial_state=[h, c])`,
 * by the layer's call arguments (`spec.call`): tensors, lists of tensors, or
 * true/false. Undefined after a problem, which is reported.
 */
function evaluateCallArguments(keywords: readonly ast.Argument[], layer: Layer<any> | undefined, site: Site): CallInput | undefined {
  const tensors: Record<string, TensorInput> = {};
  const options: Record<string, unknown> = {};
  let complete = true;
  const specs = layer?.spec.call ?? [];
  for (const argument of keywords) {
    const name = argument.name!;
    const spec = specs.find((candidate) => candidate.name === toCamelCase(name.name));
    if (!layer) {
      complete = false;
      continue;
    }
    if (!spec) {
      const choices = specs.map((candidate) => toSnakeCase(candidate.name));
      site.reporter.report(
        'unknownArgument',
        {
          problem: 'unknown',
          constructor: `applying ${layer.className}`,
          argument: name.name,
          choices,
          suggestion: closestName(name.name, choices),
        },
        at(site, name),
      );
      complete = false;
      continue;
    }
    if (spec.kind === 'bool') {
      const value = argument.value;
      if (value.kind !== 'Boolean') {
        site.reporter.report(
          'wrongArgumentType',
          {
            problem: 'value',
            constructor: `applying ${layer.className}`,
            argument: name.name,
            expected: 'true or false',
            given: sourceText(value),
          },
          at(site, value),
        );
        complete = false;
      } else options[spec.name] = value.value;
      continue;
    }
    const value = evaluateTensor(argument.value, site);
    if (value && (value.kind === 'list') !== (spec.kind === 'tensors')) {
      site.reporter.report(
        'wrongArgumentType',
        {
          problem: 'value',
          constructor: `applying ${layer.className}`,
          argument: name.name,
          expected: spec.kind === 'tensors' ? 'a list of tensors' : 'one tensor',
          given: value.kind === 'list' ? 'a list of tensors' : 'one tensor',
        },
        at(site, argument.value),
      );
      complete = false;
    } else if (value) tensors[spec.name] = value;
    else complete = false;
  }
  return complete ? { tensors, options } : undefined;
}

/**
 * `[a, b, c] = value`: one tensor id per name (undefined where unknown);
 * a count that differs from the value's outputs is reported (KF308).
 */
export function destructure(statement: ast.Destructuring, site: Site): (number | undefined)[] {
  const value = evaluateTensor(statement.value, site);
  const ids = value === undefined ? undefined : value.kind === 'one' ? [value.id] : value.ids;
  // An unknown tensor (after a problem, or in a block's own pass) may stand for any number of outputs.
  const unknown = ids?.length === 1 && site.graph.kensor(ids[0]) === undefined;
  if (ids && !unknown && ids.length !== statement.names.length) {
    site.reporter.report('outputCount', { names: statement.names.length, outputs: ids.length }, at(site, statement.value));
    return statement.names.map(() => undefined);
  }
  return statement.names.map((_, index) => (unknown ? undefined : ids?.[index]));
}

/** A chain stage or a callee as a layer: a named layer, or a construction (bare names allowed). */
export function layerOf(expression: ast.Expression, site: Site): LayerInstance | undefined {
  if (expression.kind === 'Name') {
    const entity = site.scope.lookup(expression.name);
    if (entity?.kind === 'layer' || entity?.kind === 'tensor') site.reporter.resolve(site.fileName, expression, resolutionOf(expression.name, entity));
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

/** Applies any layer instance; gives every output tensor (several for LSTM with return_state; one unknown after a problem). */
export function applyLayerAll(instance: LayerInstance, input: TensorInput, location: Location, site: Site, call?: CallInput): number[] {
  if (instance.kind === 'runtime') return site.graph.applyRuntimeAll(instance.id, input, location, call);
  return [applyLayer(instance, input, location, site)];
}

/** Applies any layer instance; gives the (first) output tensor (unknown after a problem). */
export function applyLayer(instance: LayerInstance, input: TensorInput, location: Location, site: Site): number {
  if (instance.kind === 'runtime') return site.graph.applyRuntime(instance.id, input, location);
  const graph = site.graph;
  const declaration = instance.entity.declaration;
  const what = `${instance.kind} ${declaration.name.name}`;
  // Applied to an unknown shape (after an error, or in a block's own declaration pass), a body can only give
  // unknown shapes: it is not walked. This keeps a block's declaration pass from walking every block it applies.
  const inputs = input.kind === 'one' ? [input.id] : input.ids;
  if (inputs.some((id) => graph.kensor(id) === undefined)) return graph.addTensor(undefined, location);
  if (graph.applying.has(declaration)) {
    site.reporter.report('recursiveDefinition', { kind: instance.kind, name: declaration.name.name }, location);
    return graph.addTensor(undefined, location);
  }
  graph.applying.add(declaration);
  graph.parents.push(instance.id);
  try {
    if (instance.kind === 'block') return site.reporter.within(location, what, () => applyBlock(instance, input, location, site));
    const first = graph.nodes.length;
    const output = site.reporter.within(location, what, () => applySequential(instance, input, location, site));
    // One holding a block is not a runtime Sequential (a block is not a layer): it is built as its layers.
    const holdsBlock = [...instance.cache.values()].some((item) => item.kind === 'block');
    if (!holdsBlock) graph.sequentialApplications.push({ layer: instance.id, nodes: Array.from({ length: graph.nodes.length - first }, (_, i) => first + i), output });
    return output;
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
    site.reporter.report(
      'listOrSingle',
      {
        case: 'blockInputs',
        block: block.name.name,
        inputs: block.inputs.length,
        ...(input.kind === 'list' ? { givenList: inputs.length } : {}),
      },
      location,
    );
    return unknownOutput();
  }
  const scope = new Scope(site.fileScope(unit.fileName));
  for (const parameter of block.parameters) {
    scope.set(parameter.name.name, {
      kind: 'parameter',
      value: instance.values[toCamelCase(parameter.name.name)] ?? UNKNOWN,
      symbol: quietSymbol(parameter.name.name, unit.fileName, parameter.name.range),
    });
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
      const instance =
        site.cache?.get(statement) ??
        (statement.value.kind === 'Call' || statement.value.kind === 'Name' || statement.value.kind === 'QualifiedName' ? constructLayer(statement.value, site, statement.name.name) : undefined);
      if (instance) site.cache?.set(statement, instance);
      if (instance)
        site.scope.set(statement.name.name, { kind: 'layer', instance, symbol: site.reporter.define(statement.name.name, 'layer', at(site, statement.name), { container: block.name.name }) });
    } else if (statement.kind === 'Assignment') {
      const value = evaluateTensor(statement.value, site);
      if (value?.kind === 'one') {
        site.scope.set(statement.name.name, {
          kind: 'tensor',
          tensor: value.id,
          symbol: site.reporter.define(statement.name.name, 'tensor', at(site, statement.name), { container: block.name.name }),
        });
      }
    } else if (statement.kind === 'Destructuring') {
      destructure(statement, site).forEach((known, index) => {
        const name = statement.names[index];
        const id = known ?? site.graph.addTensor(undefined, at(site, name));
        site.scope.set(name.name, { kind: 'tensor', tensor: id, failed: known === undefined, symbol: site.reporter.define(name.name, 'tensor', at(site, name), { container: block.name.name }) });
      });
    } else if (statement.kind === 'Return') {
      const value = evaluateTensor(statement.value, site);
      if (value?.kind === 'one') result = value.id;
      else if (value) site.reporter.report('listOrSingle', { case: 'returnedList' }, at(site, statement.value));
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

/** What a value expression is, in words. */
function describeNode(expression: ast.Expression): string {
  switch (expression.kind) {
    case 'Number':
      return `the number ${expression.text}`;
    case 'String':
      return 'a string';
    case 'Boolean':
      return `the value ${expression.value}`;
    case 'None':
      return 'none';
    case 'Binary':
    case 'Unary':
      return 'arithmetic on constants';
    case 'Tuple':
      return 'a tuple';
    case 'Dict':
      return 'a dict';
    default:
      return 'a value';
  }
}

/** Short text for a node in a message. */
