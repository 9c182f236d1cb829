/**
 * A model's graph as the checker builds it: tensors, layer instances and
 * their applications, with shapes computed by the runtime's own layers in
 * symbolic mode (`withSymbolicGraph`: shapes and parameter shapes, no
 * tensors). A layer that cannot take its input reports why, and its output
 * becomes unknown: nothing downstream reports an error that only follows
 * from that.
 */
import { evaluateDim, formatShape, symbolsOf, type Shape } from '../../runtime/engine/dimension.ts';
import type { Kensor } from '../../runtime/engine/kensor.ts';
import { type Layer, withSymbolicGraph } from '../../runtime/engine/layer.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import { KeraflowError, ShapeError } from '../../runtime/errors.ts';
import type { CheckProblem } from '../diagnostics.ts';
import { runtimeProblem, type Reporter } from './report.ts';
import type { CheckedLayer, CheckedNode, CheckedTensor, Location } from './types.ts';

/** One tensor, or a list of them (the input of a multi-input layer). */
export type TensorInput = { kind: 'one'; id: number } | { kind: 'list'; ids: number[] };

export class ModelGraph {
  readonly tensors: CheckedTensor[] = [];
  readonly layers: CheckedLayer[] = [];
  readonly nodes: CheckedNode[] = [];
  /** The runtime Kensor of each tensor, undefined when unknown. */
  private readonly kensors: (Kensor | undefined)[] = [];
  /** The runtime layer of each checked layer (undefined: a block or sequential instance, or a layer that failed). */
  private readonly runtimeLayers: (Layer<any> | undefined)[] = [];
  private readonly nameCounts = new Map<string, number>();
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
    const base = toSnakeCase(className);
    const count = (this.nameCounts.get(base) ?? 0) + 1;
    this.nameCounts.set(base, count);
    return `${base}_${count}`;
  }

  addLayer(name: string, className: string, location: Location, doc: string, runtime?: Layer<any>): number {
    const id = this.layers.length;
    const layer: CheckedLayer = { id, name, className, location, doc, params: [], uses: [] };
    const parent = this.parents.at(-1);
    if (parent !== undefined) layer.parent = parent;
    if (runtime) layer.runtime = runtime;
    this.layers.push(layer);
    this.runtimeLayers.push(runtime);
    return id;
  }

  runtimeLayer(id: number): Layer<any> | undefined {
    return this.runtimeLayers[id];
  }

  /**
   * Applies a runtime layer to tensors: the output's shape by the layer's
   * own rules; a problem is reported at `location` and gives an unknown output.
   */
  applyRuntime(layerId: number, input: TensorInput, location: Location): number {
    const layer = this.runtimeLayers[layerId];
    const inputIds = input.kind === 'one' ? [input.id] : input.ids;
    const node: CheckedNode = { id: this.nodes.length, layer: layerId, inputs: inputIds, output: -1, location, errors: [] };
    this.nodes.push(node);
    this.layers[layerId].uses.push(node.id);
    const kensors = inputIds.map((id) => this.kensors[id]);
    let output: Kensor | undefined;
    if (layer && kensors.every((k) => k !== undefined)) {
      const firstUse = !layer.built;
      const { result, codes } = this.reporter.collectingCodes(() => this.link(layer, input.kind === 'list' ? kensors : kensors[0], location, layerId));
      node.errors.push(...codes);
      output = result;
      if (output && firstUse) this.afterBuild(layerId, layer, location, node);
    }
    node.output = this.addTensor(output, location, node.id);
    return node.output;
  }

  private link(layer: Layer<any>, input: Kensor | Kensor[], location: Location, layerId: number): Kensor | undefined {
    try {
      return withSymbolicGraph(() => layer.apply(input));
    } catch (error) {
      this.reportLayerError(error, layer, input, location, layerId);
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
    checked.params = layer.paramDeclarations().map((p) => ({ name: p.name, shape: p.shape, trainable: p.trainable ?? true }));
    const count = layer.countParams();
    if (Number.isFinite(count)) checked.paramCount = count;
    const symbolic = checked.params.find((p) => p.shape.some((dim) => typeof dim !== 'number'));
    if (symbolic) {
      const symbols = [...new Set(symbolic.shape.flatMap((dim) => symbolsOf(dim)))];
      const { codes } = this.reporter.collectingCodes(() =>
        this.reporter.report('symbolicSize', {
          layer: `${layer.name} (${layer.className})`, parameter: symbolic.name, shape: formatShape(symbolic.shape, { batch: false }), symbols,
        }, location, this.boundAt(symbols)),
      );
      node.errors.push(...codes);
    }
  }

  private reportLayerError(error: unknown, layer: Layer<any>, input: Kensor | Kensor[], location: Location, layerId: number): void {
    if (!(error instanceof KeraflowError)) {
      this.reporter.report('shapeMismatch', { layer: `${layer.name} (${layer.className})`, failure: (error as Error).message }, location);
      return;
    }
    const data = runtimeProblem(error);
    const problem = classify(error);
    const related = [];
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

/** The codes a runtime error raised while linking a layer can have, by its argument and reason (never by its wording). */
export type RuntimeErrorProblem = Extract<CheckProblem, 'weightShapeMismatch' | 'unknownParameterKey' | 'wrongRank' | 'listOrSingle' | 'wrongDtype' | 'sharedLayerShape' | 'symbolicSize' | 'shapeMismatch'>;

/** The code for a runtime error raised while linking a layer. */
export function classify(error: KeraflowError): RuntimeErrorProblem {
  if (error.argument === 'initialWeights') return error instanceof ShapeError ? 'weightShapeMismatch' : 'unknownParameterKey';
  switch (error.reason) {
    case 'rank': return 'wrongRank';
    case 'list': return 'listOrSingle';
    case 'dtype': return 'wrongDtype';
    case 'shared': return 'sharedLayerShape';
    case 'concrete': return 'symbolicSize';
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
  const concrete = shapes.map((shape) => shape.map((dim) => (dim === null ? null : evaluateDim(dim, bindings) ?? dim)));
  try {
    withSymbolicGraph(() => layer.checkInputShape((Array.isArray(input) ? concrete : concrete[0]) as never));
    return names;
  } catch {
    return undefined;
  }
}
