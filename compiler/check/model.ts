/**
 * Checking a model: a functional `model` statement by statement, or a
 * `sequential` that starts with `Input(...)`; then the graph checks (no
 * outputs, inputs that feed nothing) and the training checks.
 */
import type * as ast from '../../grammar/ast.ts';
import { Input } from '../../runtime/engine/input.ts';
import { symbol, type Dim } from '../../runtime/engine/dimension.ts';
import { KeraflowError } from '../../runtime/errors.ts';
import { bindCall } from './arguments.ts';
import { ModelGraph, plannedNodes } from './graph.ts';
import { constructLayer, evaluationContext } from './constructors.ts';
import type { Site } from './instances.ts';
import { applyLayer, destructure, evaluateTensor, layerOf } from './tensors.ts';
import { runtimeProblem, type Reporter } from './report.ts';
import { Scope, type FileScope } from './scope.ts';
import { checkTraining } from './training.ts';
import { nodeSources, type CheckedModel, type Location } from './types.ts';
import { containsUnknown, describe, evaluate, isSymbolicValue, type Value } from './values.ts';

export interface ModelContext {
  reporter: Reporter;
  fileName: string;
  fileScope(fileName: string): FileScope;
}

const at = (fileName: string, node: { range: ast.Range }): Location => ({ fileName, range: node.range });

export function checkModel(declaration: ast.Model, context: ModelContext): CheckedModel {
  const { reporter, fileName } = context;
  const graph = new ModelGraph(reporter);
  const scope = new Scope(context.fileScope(fileName));
  const site: Site = { reporter, fileName, scope, graph, fileScope: context.fileScope, later: new Map() };
  const model = emptyModel(declaration.name.name, 'model', fileName, declaration, graph);
  site.modelInput = (item, name, itemSite) => addSequentialInput(item, name, itemSite, model);
  graph.dimensionLocation = (name) => model.dimensions.find((d) => d.name === name)?.location;
  const container = declaration.name.name;

  // Every name this body defines, for "used before it is defined".
  const definitions = declaration.body.flatMap((s): ast.Identifier[] =>
    s.kind === 'Input' || s.kind === 'Layer' || s.kind === 'Assignment' || (s.kind === 'Output' && !namesOutput(s)) ? [s.name] : s.kind === 'Destructuring' ? s.names : [],
  );
  for (const name of definitions) if (!site.later!.has(name.name)) site.later!.set(name.name, name.range);

  const defineName = (name: ast.Identifier, define: () => void) => {
    const existing = scope.own(name.name);
    if (existing) {
      reporter.report('definedTwice', { name: name.name }, at(fileName, name), [
        { message: `'${name.name}' is first defined here`, range: existing.symbol.definition.range, fileName: existing.symbol.definition.fileName },
      ]);
      return;
    }
    define();
  };

  for (const statement of declaration.body) {
    if (statement.kind === 'Input') {
      const tensor = checkInput(statement, site, model);
      defineName(statement.name, () => {
        const id = tensor ?? graph.addTensor(undefined, at(fileName, statement.name));
        graph.tensors[id].name = statement.name.name;
        graph.tensors[id].location = at(fileName, statement.name);
        model.inputs.push(id);
        scope.set(statement.name.name, { kind: 'tensor', tensor: id, symbol: reporter.define(statement.name.name, 'input', at(fileName, statement.name), { container, tensor: id }) });
      });
    } else if (statement.kind === 'Layer') {
      const value = statement.value;
      const instance = value.kind === 'Call' || value.kind === 'Name' || value.kind === 'QualifiedName' ? constructLayer(value, site, statement.name.name) : undefined;
      if (!instance && !(value.kind === 'Call' || value.kind === 'Name' || value.kind === 'QualifiedName' || value.kind === 'Missing')) {
        reporter.report('wrongKind', { name: statement.name.name, is: 'not given a layer constructor', expected: 'a layer (`layer name = Dense(8)`)' }, at(fileName, value));
      }
      defineName(statement.name, () => {
        if (instance) scope.set(statement.name.name, { kind: 'layer', instance, symbol: reporter.define(statement.name.name, 'layer', at(fileName, statement.name), { container }) });
      });
      site.later!.delete(statement.name.name);
    } else if (statement.kind === 'Output' && namesOutput(statement)) {
      // `output h`: the tensor named h is an output, its channel named h.
      const value = evaluateTensor(statement.value, site);
      if (value?.kind !== 'one') continue;
      const first = model.outputs.find((output) => output.name === statement.name.name);
      if (first)
        reporter.report('definedTwice', { name: statement.name.name }, at(fileName, statement.name), [
          { message: `output '${first.name}' is first declared here`, ...graph.tensors[first.tensor].location },
        ]);
      else model.outputs.push({ name: statement.name.name, tensor: value.id });
    } else if (statement.kind === 'Assignment' || statement.kind === 'Output') {
      site.later!.delete(statement.name.name);
      const value = evaluateTensor(statement.value, site);
      if (value?.kind === 'list') reporter.report('listOrSingle', { case: 'assignedList', name: statement.name.name }, at(fileName, statement.value));
      const id = value?.kind === 'one' ? value.id : graph.addTensor(undefined, at(fileName, statement.name));
      defineName(statement.name, () => {
        const tensor = graph.tensors[id];
        if (tensor.name === undefined) {
          tensor.name = statement.name.name;
          tensor.location = at(fileName, statement.name);
        }
        const kind = statement.kind === 'Output' ? 'output' : 'tensor';
        const failed = value === undefined;
        scope.set(statement.name.name, { kind: 'tensor', tensor: id, failed, symbol: reporter.define(statement.name.name, kind, at(fileName, statement.name), { container, tensor: id }) });
        if (statement.kind === 'Output') model.outputs.push({ name: statement.name.name, tensor: id });
      });
    }
    if (statement.kind === 'Destructuring') {
      for (const name of statement.names) site.later!.delete(name.name);
      destructure(statement, site).forEach((known, index) => {
        const name = statement.names[index];
        const id = known ?? graph.addTensor(undefined, at(fileName, name));
        defineName(name, () => {
          const tensor = graph.tensors[id];
          if (tensor.name === undefined) {
            tensor.name = name.name;
            tensor.location = at(fileName, name);
          }
          scope.set(name.name, { kind: 'tensor', tensor: id, failed: known === undefined, symbol: reporter.define(name.name, 'tensor', at(fileName, name), { container, tensor: id }) });
        });
      });
    }
    if (statement.kind === 'Input') site.later!.delete(statement.name.name);
  }

  if (model.outputs.length === 0) reporter.report('noOutputs', { model: container }, at(fileName, declaration.name));
  else reportUnusedInputs(model, graph, reporter);
  checkTraining(declaration.body.filter(isTrainingStatement), model, site);
  return finish(model, graph);
}

/** The Input item of a sequential used as a tensor, as an input of the model named `name` (`name_2`, ... when taken). */
function addSequentialInput(item: ast.Expression, name: string, itemSite: Site, model: CheckedModel): { id: number; name: string } {
  const graph = itemSite.graph;
  const taken = new Set([...model.inputs.map((id) => graph.tensors[id].name), ...graph.layers.map((layer) => layer.name)]);
  let unique = name;
  for (let count = 2; taken.has(unique); count++) unique = `${name}_${count}`;
  const identifier: ast.Identifier = { kind: 'Identifier', name: unique, range: item.range };
  const id = checkInput({ kind: 'Input', form: 'call', name: identifier, value: item, range: item.range }, itemSite, model) ?? graph.addTensor(undefined, at(itemSite.fileName, item));
  graph.tensors[id].name = unique;
  model.inputs.push(id);
  return { id, name: unique };
}

/** `output h` (no `= ...`): names a tensor defined before as an output; the parser gives it the name itself as its value. */
function namesOutput(statement: ast.Output): boolean {
  return statement.value.kind === 'Name' && statement.value.range.start.offset === statement.name.range.start.offset;
}

/** `input x: [T, 16] int32` or `input x = Input([...], ...)`: the Input's tensor (undefined after an error). */
function checkInput(statement: ast.Input, site: Site, model: CheckedModel): number | undefined {
  const { reporter, fileName } = site;
  if (statement.form === 'shape') {
    const shape = evaluateShape(statement.shape.elements, site, model);
    const dtype = statement.dtype?.name ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'int32') {
      reporter.report('wrongArgumentType', { case: 'inputDtype', dtype }, at(fileName, statement.dtype!));
      return undefined;
    }
    if (!shape) return undefined;
    return makeInput(shape, { name: statement.name.name, dtype }, site, statement);
  }
  const call = statement.value;
  if (call.kind !== 'Call' || call.callee.kind !== 'Name' || call.callee.name !== 'Input') {
    reporter.report('wrongKind', { name: statement.name.name, is: 'not given an Input', expected: 'an input (`input x = Input([784])` or `input x: [784]`)' }, at(fileName, call));
    return undefined;
  }
  reporter.resolve(fileName, call.callee, { kind: 'class', name: 'Input' });
  const shapeArgument = call.arguments.find((a) => !a.name || a.name.name === 'shape');
  // The shape is evaluated as a shape (symbolic names allowed), the rest as values.
  const sizes = shapeArgument ? shapeSizes(shapeArgument.value) : undefined;
  const shape = sizes ? evaluateShape(sizes, site, model) : undefined;
  const rest = { ...call, arguments: call.arguments.filter((a) => a !== shapeArgument) };
  const bound = bindCall({ ...Input.spec, args: Input.spec.args.filter((a) => a.name !== 'shape') }, rest, evaluationContext(site), { ownerRange: call.range, extraOptions: ['name'], record: false });
  if (!shapeArgument) reporter.report('missingArgument', { problem: 'missing', constructor: 'Input', argument: 'shape', doc: 'the shape of one sample, batch dimension excluded' }, at(fileName, call));
  if (shapeArgument && !sizes) reporter.report('wrongArgumentType', { case: 'inputShapeNotList' }, at(fileName, shapeArgument.value));
  if (!bound) return undefined;
  // Recorded whole, the shape with the rest, for the emitters (an Input heading a sequential as well as `input x = Input(...)`).
  if (shapeArgument) {
    const nameOf = new Map([...bound.nodes].map(([name, argument]) => [argument, name]));
    nameOf.set(shapeArgument, 'shape');
    const inOrderWritten = call.arguments.flatMap((argument) => (nameOf.has(argument) ? [[nameOf.get(argument)!, argument] as const] : []));
    reporter.bound(fileName, call, { spec: Input.spec, arguments: new Map(inOrderWritten) });
  }
  if (!shape) return undefined;
  return makeInput(shape, { ...bound.options, name: statement.name.name }, site, statement);
}

function makeInput(shape: Dim[], options: Record<string, Value>, site: Site, node: { range: ast.Range }): number | undefined {
  try {
    const input = new Input(shape, { ...options, symbolicGraph: true } as never);
    const id = site.graph.addTensor(input.output, at(site.fileName, node));
    site.graph.tensors[id].input = input;
    return id;
  } catch (error) {
    if (!(error instanceof KeraflowError)) throw error;
    site.reporter.report(error.argument === 'shape' ? 'argumentOutOfRange' : 'wrongArgumentType', runtimeProblem(error), at(site.fileName, node));
    return undefined;
  }
}

/** An Input's shape argument as its sizes: a list or tuple of them, or one size for a 1-D shape (`Input(100)`, as the runtime takes it). */
function shapeSizes(value: ast.Expression): readonly ast.Expression[] | undefined {
  if (value.kind === 'List' || value.kind === 'Tuple') return value.elements;
  return value.kind === 'Number' || value.kind === 'Name' || value.kind === 'Binary' || value.kind === 'Unary' ? [value] : undefined;
}

/** An input's shape: sizes, constants, arithmetic, and symbolic names (bound here if new to the model). */
function evaluateShape(sizes: readonly ast.Expression[], site: Site, model: CheckedModel): Dim[] | undefined {
  const { reporter, fileName, scope } = site;
  const dims: Dim[] = [];
  let known = true;
  const unresolved: ast.Name[] = [];
  for (const element of sizes) {
    // First bind new symbolic names: an identifier that names nothing else is a size.
    for (const name of namesIn(element)) {
      if (scope.lookup(name.name) || site.later?.has(name.name)) continue;
      const dimension = symbol(name.name);
      scope.set(name.name, { kind: 'dimension', dimension, symbol: reporter.define(name.name, 'dimension', at(fileName, name), { container: model.name }) });
      model.dimensions.push({ name: name.name, location: at(fileName, name) });
    }
    const value = evaluate(element, { ...evaluationContext(site), unresolved });
    if (containsUnknown(value)) {
      known = false;
    } else if (typeof value === 'number' ? Number.isInteger(value) && value >= 1 : isSymbolicValue(value)) {
      dims.push(value as Dim);
    } else {
      reporter.report('wrongArgumentType', { case: 'size', given: describe(value) }, at(fileName, element));
      known = false;
    }
  }
  return known ? dims : undefined;
}

function namesIn(expression: ast.Expression): ast.Name[] {
  if (expression.kind === 'Name') return [expression];
  if (expression.kind === 'Binary') return [...namesIn(expression.left), ...namesIn(expression.right)];
  if (expression.kind === 'Unary') return namesIn(expression.operand);
  return [];
}

/** A `sequential` whose first item is `Input(...)`: a model with one input and one output. */
export function checkSequentialModel(declaration: ast.Sequential, context: ModelContext): CheckedModel {
  const { reporter, fileName } = context;
  const graph = new ModelGraph(reporter);
  const scope = new Scope(context.fileScope(fileName));
  const site: Site = { reporter, fileName, scope, graph, fileScope: context.fileScope };
  const model = emptyModel(declaration.name.name, 'sequential', fileName, declaration, graph);
  graph.dimensionLocation = (name) => model.dimensions.find((d) => d.name === name)?.location;
  const [first, ...rest] = declaration.layers;
  const inputId = checkInput({ kind: 'Input', form: 'call', name: { kind: 'Identifier', name: 'input', range: first.range }, value: first, range: first.range }, site, model);
  const input = inputId ?? graph.addTensor(undefined, at(fileName, first));
  graph.tensors[input].name = 'input';
  model.inputs.push(input);
  let current: number | undefined = input;
  let lastLayer: string | undefined;
  for (const item of rest) {
    const layer = layerOf(item, site);
    if (!layer || current === undefined) {
      current = undefined;
      continue;
    }
    current = applyLayer(layer, { kind: 'one', id: current }, at(fileName, item), site);
    lastLayer = graph.layers[layer.id].name;
  }
  if (rest.length === 0) reporter.report('noOutputs', { model: declaration.name.name }, at(fileName, declaration.name));
  else {
    const output = current ?? graph.addTensor(undefined, at(fileName, declaration.name));
    model.outputs.push({ name: lastLayer ?? 'output', tensor: output });
  }
  checkTraining(declaration.training, model, site);
  return finish(model, graph);
}

function emptyModel(name: string, kind: 'model' | 'sequential', fileName: string, declaration: ast.Model | ast.Sequential, graph: ModelGraph): CheckedModel {
  return {
    name,
    kind,
    location: at(fileName, declaration),
    nameLocation: at(fileName, declaration.name),
    inputs: [],
    outputs: [],
    tensors: graph.tensors,
    layers: graph.layers,
    nodes: graph.nodes,
    sequentialApplications: graph.sequentialApplications,
    dimensions: [],
    train: {},
  };
}

function isTrainingStatement(statement: ast.ModelStatement): statement is ast.TrainingStatement {
  return statement.kind === 'Loss' || statement.kind === 'Metrics' || statement.kind === 'LossWeights' || statement.kind === 'Optimizer' || statement.kind === 'Train';
}

/** KF405: an input no output depends on. */
function reportUnusedInputs(model: CheckedModel, graph: ModelGraph, reporter: Reporter): void {
  const reached = new Set<number>();
  const pending = model.outputs.map((o) => o.tensor);
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    const producer = graph.tensors[id].producer;
    if (producer !== undefined) pending.push(...nodeSources(graph.nodes[producer]));
  }
  // An output whose shape is unknown after an error may hide the use of an input: no warning then.
  if (model.outputs.some((o) => graph.tensors[o.tensor].shape === undefined)) return;
  for (const input of model.inputs) {
    const tensor = graph.tensors[input];
    if (!reached.has(input)) reporter.report('unusedInput', { name: tensor.name ?? '' }, tensor.location);
  }
}

/** Parameter counts of block and sequential instances, and the model's total. */
function finish(model: CheckedModel, graph: ModelGraph): CheckedModel {
  const live = new Set(plannedNodes(model));
  const children = new Map<number, number[]>();
  for (const layer of model.layers) if (layer.parent !== undefined) children.set(layer.parent, [...(children.get(layer.parent) ?? []), layer.id]);
  const countOf = (id: number): number | undefined => {
    const layer = model.layers[id];
    if (!children.has(id)) {
      // A layer declared but never applied, or applied only in a branch that feeds no output, is not part of the model.
      if (!layer.uses.some((node) => live.has(node))) return 0;
      return graph.runtimeLayer(id)?.built ? layer.paramCount : undefined;
    }
    let total = 0;
    for (const child of children.get(id)!) {
      const count = countOf(child);
      if (count === undefined) return undefined;
      total += count;
    }
    layer.paramCount = total;
    return total;
  };
  let total: number | undefined = 0;
  for (const layer of model.layers) {
    const count = countOf(layer.id);
    if (layer.parent !== undefined) continue;
    total = count === undefined || total === undefined ? undefined : total + count;
  }
  if (total !== undefined) model.paramCount = total;
  return model;
}
