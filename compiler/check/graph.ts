/**
 * A model's graph as the checker builds it: tensors, layer instances and
 * their applications, with shapes computed by the runtime's own layers in
 * symbolic graph (from Inputs made with `symbolicGraph`: shapes and
 * parameter shapes, no tensors). A layer that cannot take its input reports why, and its output
 * becomes unknown: nothing downstream reports an error that only follows
 * from that.
 */
import { evaluateDim, formatShape, symbolsOf, type Shape } from '../../runtime/engine/dimension.ts';
import type { Kensor } from '../../runtime/engine/kensor.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import { LayerNames } from '../../runtime/engine/layer-names.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import { KeraflowError, ShapeError } from '../../runtime/errors.ts';
import type { Range } from '../../grammar/ast.ts';
import { Reshape } from '../../runtime/layers/core/reshape.ts';
import type { CheckProblem, QuickFix } from '../diagnostics.ts';
import { fittingReshapeTarget, valuesPerSample } from './fixes.ts';
import { runtimeProblem, type Reporter } from './report.ts';
import { nodeSources, type CheckedLayer, type CheckedModel, type CheckedNode, type CheckedTensor, type Location } from './types.ts';

/** One tensor, or a list of them (the input of a multi-input layer). */
export type TensorInput = { kind: 'one'; id: number } | { kind: 'list'; ids: number[] };

/** What an application passes beside its input: tensors by keyword and call options, by camelCase name (`initialState`). */
export interface CallInput {
  readonly tensors: Readonly<Record<string, TensorInput>>;
  readonly options: Readonly<Record<string, unknown>>;
}

export class ModelGraph {
  readonly tensors: CheckedTensor[] = [];
  readonly layers: CheckedLayer[] = [];
  readonly nodes: CheckedNode[] = [];
  readonly sequentialApplications: CheckedModel['sequentialApplications'] = [];
  /** The runtime Kensor of each tensor, undefined when unknown. */
  private readonly kensors: (Kensor | undefined)[] = [];
  /** The runtime layer of each checked layer (undefined: a block or sequential instance, or a layer that failed). */
  private readonly runtimeLayers: (Layer<any> | undefined)[] = [];
  private readonly argumentRanges: (ReadonlyMap<string, Range> | undefined)[] = [];
  private readonly layerNames = new LayerNames();
  /** The block or sequential instances being applied, innermost last: the parent of layers made now. */
  readonly parents: number[] = [];
  /** The block and sequential declarations being applied now: one applied inside itself is reported, not followed. */
  readonly applying = new Set<object>();

  /** Where each symbolic dimension of the model was bound, for related locations. */
  dimensionLocation: (name: string) => Location | undefined = () => undefined;

  constructor(readonly reporter: Reporter) {}

  kensor(id: number): Kensor | undefined {
    return this.kensors[id];
  }

  addTensor(kensor: Kensor | undefined, location: Location, producer?: number): number {
    const id = this.tensors.length;
    const tensor: CheckedTensor = { id, location };
    if (kensor) {
      tensor.shape = kensor.shape;
      tensor.dtype = kensor.dtype;
    }
    if (producer !== undefined) tensor.producer = producer;
    this.tensors.push(tensor);
    this.kensors.push(kensor);
    return id;
  }

  /** A layer name unique in this model, as the runtime names them: `dense_1`, `dense_2`. */
  autoName(className: string): string {
    return this.layerNames.next(className);
  }

  /** @param argumentRanges where each argument's value is written, by camelCase name (for quick fixes that rewrite one). */
  addLayer(name: string, className: string, location: Location, doc: string, runtime?: Layer<any>, argumentRanges?: ReadonlyMap<string, Range>): number {
    const id = this.layers.length;
    const layer: CheckedLayer = { id, name, className, location, doc, params: [], uses: [] };
    const parent = this.parents.at(-1);
    if (parent !== undefined) layer.parent = parent;
    if (runtime) layer.runtime = runtime;
    this.layers.push(layer);
    this.runtimeLayers.push(runtime);
    this.argumentRanges.push(argumentRanges);
    return id;
  }

  runtimeLayer(id: number): Layer<any> | undefined {
    return this.runtimeLayers[id];
  }

  /**
   * Applies a runtime layer to tensors: the output's shape by the layer's
   * own rules; a problem is reported at `location` and gives an unknown output.
   */
  applyRuntime(layerId: number, input: TensorInput, location: Location, call?: CallInput): number {
    return this.applyRuntimeAll(layerId, input, location, call)[0];
  }

  /** As `applyRuntime`, every output: several for a layer that gives several (one unknown after a problem). */
  applyRuntimeAll(layerId: number, input: TensorInput, location: Location, call: CallInput = { tensors: {}, options: {} }): number[] {
    const layer = this.runtimeLayers[layerId];
    const inputIds = input.kind === 'one' ? [input.id] : input.ids;
    const node: CheckedNode = { id: this.nodes.length, layer: layerId, inputs: inputIds, output: -1, location, errors: [] };
    const keywordIds = Object.entries(call.tensors).map(([name, value]) => [toSnakeCase(name), value.kind === 'one' ? value.id : value.ids] as const);
    if (keywordIds.length > 0) node.keywords = Object.fromEntries(keywordIds);
    const options = Object.entries(call.options).map(([name, value]) => [toSnakeCase(name), value] as const);
    if (options.length > 0) node.options = Object.fromEntries(options);
    this.nodes.push(node);
    this.layers[layerId].uses.push(node.id);
    const kensors = inputIds.map((id) => this.kensors[id]);
    const keywordKensors = Object.fromEntries(Object.entries(call.tensors).map(([name, value]) => [name, value.kind === 'one' ? this.kensors[value.id] : value.ids.map((id) => this.kensors[id])]));
    const known =
      kensors.every((k) => k !== undefined) &&
      Object.values(keywordKensors)
        .flat()
        .every((k) => k !== undefined);
    let outputs: Kensor[] | undefined;
    if (layer && known) {
      const firstUse = !layer.built;
      const { result, codes } = this.reporter.collectingCodes(() =>
        this.link(layer, input.kind === 'list' ? (kensors as Kensor[]) : kensors[0]!, { ...keywordKensors, ...call.options }, location, layerId, inputIds),
      );
      node.errors.push(...codes);
      outputs = result;
      if (outputs && firstUse) this.afterBuild(layerId, layer, location, node);
    }
    const ids = (outputs ?? [undefined]).map((kensor) => this.addTensor(kensor, location, node.id));
    node.output = ids[0];
    if (ids.length > 1) node.outputs = ids;
    return ids;
  }

  private link(layer: Layer<any>, input: Kensor | Kensor[], options: Record<string, unknown>, location: Location, layerId: number, inputIds: readonly number[]): Kensor[] | undefined {
    try {
      return layer.applyAll(input, options);
    } catch (error) {
      this.reportLayerError(error, layer, input, location, layerId, inputIds);
      return undefined;
    }
  }

  /** "T is bound here": related locations for symbolic dimensions. */
  private boundAt(symbols: readonly string[]) {
    return symbols.flatMap((name) => {
      const location = this.dimensionLocation(name);
      return location ? [{ message: `${name} is bound here`, range: location.range, fileName: location.fileName }] : [];
    });
  }

  /** Parameter shapes, counts, and the sizes that must be concrete (KF306). */
  private afterBuild(layerId: number, layer: Layer<any>, location: Location, node: CheckedNode): void {
    const checked = this.layers[layerId];
    // A layer made with trainable=false keeps all its parameters out of training, as the runtime's Model counts them.
    checked.params = layer.paramDeclarations().map((p) => ({ name: p.name, shape: p.shape, trainable: (p.trainable ?? true) && layer.trainable }));
    const count = layer.countParams();
    if (Number.isFinite(count)) checked.paramCount = count;
    const symbolic = checked.params.find((p) => p.shape.some((dim) => typeof dim !== 'number'));
    if (symbolic) {
      const symbols = [...new Set(symbolic.shape.flatMap((dim) => symbolsOf(dim)))];
      const { codes } = this.reporter.collectingCodes(() =>
        this.reporter.report(
          'symbolicSize',
          {
            layer: `${layer.name} (${layer.className})`,
            parameter: symbolic.name,
            shape: formatShape(symbolic.shape, { batch: false }),
            symbols,
          },
          location,
          this.boundAt(symbols),
        ),
      );
      node.errors.push(...codes);
    }
  }

  /**
   * Where a tensor of the wrong rank was made (a note at that line: the
   * layer that made it, or the input declared with that shape), and, when a
   * recurrent layer made it without return_sequences and the sequence would
   * fit the layer that refused it, `return_sequences=true` as a quick fix.
   */
  private causeOfRank(tensorId: number, refusing: Layer<any>, location: Location) {
    const tensor = this.tensors[tensorId];
    const shape = tensor.shape ? formatShape(tensor.shape) : 'this';
    if (tensor.producer === undefined) {
      return { note: { message: `the ${shape} tensor is the input declared here`, range: tensor.location.range, fileName: tensor.location.fileName } };
    }
    const node = this.nodes[tensor.producer];
    const maker = this.layers[node.layer];
    const note = { message: `${maker.name} (${maker.className}) makes the ${shape} tensor here`, range: maker.location.range, fileName: maker.location.fileName };
    const producer = this.runtimeLayers[node.layer];
    const source = node.inputs.length === 1 ? this.tensors[node.inputs[0]].shape : undefined;
    if (producer?.args.returnSequences !== false || !source || source.length !== 3 || !tensor.shape || maker.location.fileName !== location.fileName) return { note };
    const sequence = [null, source[1], tensor.shape[1]];
    try {
      refusing.checkInputShape(sequence as never);
    } catch {
      return { note };
    }
    // Inserted before the call's closing parenthesis: `LSTM(4)` -> `LSTM(4, return_sequences=true)`.
    const end = maker.location.range.end;
    const at = { line: end.line, character: end.character - 1 };
    return { note, quickFix: { title: `Add return_sequences=true to ${maker.name}`, range: { start: at, end: at }, newText: ', return_sequences=true' } };
  }

  /** `Reshape([5, 6])` on 24 values per sample: `Reshape([4, 6])`, the one target that fits (compiler/check/fixes.ts). */
  private fittingReshape(layer: Reshape, input: Kensor, layerId: number, location: Location): QuickFix | undefined {
    const count = valuesPerSample(input.shape);
    const range = this.argumentRanges[layerId]?.get('targetShape');
    const target = count === undefined ? undefined : fittingReshapeTarget(layer.targetShape, count);
    if (!target || !range || this.layers[layerId].location.fileName !== location.fileName) return undefined;
    const written = `[${target.join(', ')}]`;
    return {
      title: `Reshape to ${written} (${count} values per sample)`,
      range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
      newText: written,
    };
  }

  private reportLayerError(error: unknown, layer: Layer<any>, input: Kensor | Kensor[], location: Location, layerId: number, inputIds: readonly number[]): void {
    if (!(error instanceof KeraflowError)) {
      this.reporter.report('shapeMismatch', { layer: `${layer.name} (${layer.className})`, failure: (error as Error).message }, location);
      return;
    }
    let data = runtimeProblem(error);
    const problem = classify(error);
    const related = [];
    if (problem === 'wrongRank' && inputIds.length === 1) {
      const cause = this.causeOfRank(inputIds[0], layer, location);
      related.push(cause.note);
      if (cause.quickFix) data = { ...data, quickFix: cause.quickFix };
    }
    if (problem === 'shapeMismatch' && layer instanceof Reshape && !Array.isArray(input)) {
      const quickFix = this.fittingReshape(layer, input, layerId, location);
      if (quickFix) data = { ...data, quickFix };
    }
    if (problem === 'sharedLayerShape') {
      const firstUse = this.nodes.find((n) => n.layer === layerId);
      if (firstUse) related.push({ message: `${layer.name} was first applied here`, range: firstUse.location.range, fileName: firstUse.location.fileName });
    }
    if (problem === 'shapeMismatch' || problem === 'wrongRank') {
      const symbols = differingSymbols(layer, input);
      if (symbols) {
        this.reporter.report('symbolicSizesMayDiffer', { ...data, symbols }, location, this.boundAt(symbols));
        return;
      }
    }
    const symbols = problem === 'symbolicSize' ? symbolNames(input) : [];
    const allRelated = [...related, ...this.boundAt(symbols)];
    if (problem === 'symbolicSize') this.reporter.report(problem, { ...data, symbols }, location, allRelated);
    else this.reporter.report(problem, data, location, allRelated);
  }
}

/**
 * The nodes the outputs depend on, in the order the runtime's Model runs
 * them (depth first from each output, a node's inputs in order): a branch
 * that feeds no output is not part of the model, as the runtime leaves it
 * out of its layers, parameters and summary.
 */
export function plannedNodes(model: Pick<CheckedModel, 'outputs' | 'tensors' | 'nodes'>): number[] {
  const order: number[] = [];
  const done = new Set<number>();
  const planned = new Set<number>();
  // An explicit stack: a chain thousands of layers long must not exhaust the call stack.
  const stack: { tensor: number; expanded: boolean }[] = [...model.outputs].reverse().map((output) => ({ tensor: output.tensor, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    const producer = model.tensors[top.tensor].producer;
    if (done.has(top.tensor) || producer === undefined) continue;
    if (top.expanded) {
      done.add(top.tensor);
      // A layer with several outputs runs once, however many of them are read.
      if (!planned.has(producer)) order.push(producer);
      planned.add(producer);
      continue;
    }
    stack.push({ tensor: top.tensor, expanded: true });
    // Keyword tensors too (an LSTM's initial_state): the runtime runs their producers first.
    for (const input of nodeSources(model.nodes[producer]).reverse()) if (!done.has(input)) stack.push({ tensor: input, expanded: false });
  }
  return order;
}

/** The codes a runtime error raised while linking a layer can have, by its argument and reason (never by its wording). */
export type RuntimeErrorProblem = Extract<
  CheckProblem,
  'weightShapeMismatch' | 'unknownParameterKey' | 'wrongRank' | 'listOrSingle' | 'wrongDtype' | 'sharedLayerShape' | 'symbolicSize' | 'shapeMismatch'
>;

/** The code for a runtime error raised while linking a layer. */
export function classify(error: KeraflowError): RuntimeErrorProblem {
  if (error.argument === 'initialWeights') return error instanceof ShapeError ? 'weightShapeMismatch' : 'unknownParameterKey';
  switch (error.reason) {
    case 'rank':
      return 'wrongRank';
    case 'list':
      return 'listOrSingle';
    case 'dtype':
      return 'wrongDtype';
    case 'shared':
      return 'sharedLayerShape';
    case 'concrete':
      return 'symbolicSize';
  }
  return 'shapeMismatch';
}

/**
 * When inputs hold two or more symbolic names and the layer takes them once
 * all names are one size, the problem is that the sizes may differ: the
 * names, else undefined. The check runs on a fresh copy of the rule's input
 * (the layer is not built by it: `describeParams` is not called).
 */
function symbolNames(input: Kensor | Kensor[]): string[] {
  const shapes: Shape[] = Array.isArray(input) ? input.map((k) => k.shape) : [input.shape];
  return [...new Set(shapes.flatMap((shape) => shape.flatMap((dim) => symbolsOf(dim))))].sort();
}

function differingSymbols(layer: Layer<any>, input: Kensor | Kensor[]): string[] | undefined {
  const shapes: Shape[] = Array.isArray(input) ? input.map((k) => k.shape) : [input.shape];
  const names = symbolNames(input);
  if (names.length < 2) return undefined;
  const bindings = Object.fromEntries(names.map((name) => [name, 7]));
  const concrete = shapes.map((shape) => shape.map((dim) => (dim === null ? null : (evaluateDim(dim, bindings) ?? dim))));
  try {
    layer.checkInputShape((Array.isArray(input) ? concrete : concrete[0]) as never);
    return names;
  } catch {
    return undefined;
  }
}
