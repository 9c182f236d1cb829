/**
 * What the checker gives back: every model with each tensor's inferred
 * shape and dtype, each layer's parameters, the graph of layer applications,
 * and every name's definition and uses. Hover, inlay hints, `summary`,
 * graph pictures and rename read this; none of them re-derives it.
 */
import type * as ast from '../../grammar/ast.ts';
import type { Range } from '../../grammar/ast.ts';
import type { DType } from '../../runtime/engine/kensor.ts';
import type { Shape } from '../../runtime/engine/dimension.ts';
import type { Input } from '../../runtime/engine/input.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import type { ClassSpec } from '../../runtime/engine/spec.ts';
import type { Diagnostic } from '../diagnostics.ts';

/** A place in a file. */
export interface Location {
  fileName: string;
  range: Range;
}

/** A tensor of a model: named (`h = ...`, an input, an output) or the unnamed result of one stage of a chain. */
export interface CheckedTensor {
  /** Index in `CheckedModel.tensors`. */
  id: number;
  /** The name it is given in the `.kf` text; undefined for an intermediate result. */
  name?: string;
  /** Batch dimension first (`null` there); undefined when it could not be inferred (after an error). */
  shape?: Shape;
  dtype?: DType;
  /** Where it is defined: the name of a named tensor, else the expression that makes it. */
  location: Location;
  /** The node (index in `CheckedModel.nodes`) that produces it; undefined for an input. */
  producer?: number;
  /** For a model input: the runtime Input the checker made (its dtype, batch size, mask value). */
  input?: Input;
}

/** One layer instance (a named `layer`, a constructor call, or a block/sequential instance). */
export interface CheckedLayer {
  /** Index in `CheckedModel.layers`. */
  id: number;
  /** The runtime layer name (`dense_1`, or the `layer` declaration's name). */
  name: string;
  /** `Dense`, or the block's / sequential's name for an instance of one. */
  className: string;
  /** The constructor call (or the `layer` declaration). */
  location: Location;
  /** One line from the layer's spec (or the block's comment). */
  doc: string;
  /** Parameter names and shapes, once built; symbolic sizes possible. */
  params: { name: string; shape: Shape; trainable: boolean }[];
  /** Scalars in the parameters; undefined when a size is symbolic or the layer was never built. */
  paramCount?: number;
  /** The nodes that apply it (more than one: a shared layer). */
  uses: number[];
  /** Set for a layer inside a block or nested sequential instance: the id of that instance's layer. */
  parent?: number;
  /** The runtime layer the checker built (its arguments, given and defaulted); undefined for a block or sequential instance, or after an error. */
  runtime?: Layer<any>;
}

/** One application of a layer to tensors. */
export interface CheckedNode {
  id: number;
  layer: number;
  /** Tensor ids, in order (a list for a multi-input layer). */
  inputs: number[];
  /** The first output (the only one of most layers). */
  output: number;
  /** Every output, in order, when the layer gives several (LSTM with return_state): `[a, b, c] = ...` names them. */
  outputs?: number[];
  /** Tensors passed by keyword (`initial_state`), by the call argument's snake_case name: one tensor id or a list. */
  keywords?: Record<string, number | number[]>;
  /** Call options that are not tensors (`return_attention_scores=true`), by snake_case name. */
  options?: Record<string, unknown>;
  /** The application in the source (the call or the chain stage). */
  location: Location;
  /** Codes of diagnostics reported on this application (for red marks in pictures). */
  errors: string[];
}

/** Every tensor an application reads: its inputs, then its keyword tensors. */
export function nodeSources(node: CheckedNode): number[] {
  return [...node.inputs, ...Object.values(node.keywords ?? {}).flat()];
}

export interface CheckedModel {
  name: string;
  kind: 'model' | 'sequential';
  location: Location;
  /** Where the name is written. */
  nameLocation: Location;
  /** Tensor ids of the inputs, in declaration order. */
  inputs: number[];
  /** Output channels, in declaration order. */
  outputs: { name: string; tensor: number }[];
  tensors: CheckedTensor[];
  layers: CheckedLayer[];
  nodes: CheckedNode[];
  /** Each application of a layer-like sequential's instance: its layer, the nodes it made and its output tensor (the runtime's summary shows it as one Sequential). */
  sequentialApplications: { layer: number; nodes: number[]; output: number }[];
  /** Symbolic dimensions and where each was first bound. */
  dimensions: { name: string; location: Location }[];
  /** Total scalars in the parameters (each shared layer once); undefined when a size is symbolic or a layer failed. */
  paramCount?: number;
  /** The `train { ... }` defaults as plain values (snake_case keys as written). */
  train: Record<string, unknown>;
  /** The targets' shape of an output whose loss takes other targets than the output's shape (sparse_categorical_crossentropy: one class index), by output name. */
  targetShapes?: Record<string, Shape>;
  /** The optimizer as the runtime builds it: its class and every argument (camelCase), given or defaulted; undefined when none is given, or after an error. */
  optimizer?: { className: string; args: Readonly<Record<string, unknown>> };
  /** Each output's loss, metrics and loss weight as resolved (what the emitters compile), by output name; undefined when there is no loss. */
  scoring?: CheckedScoring;
}

/** The losses, metrics and loss weights of a trained model, per output channel (only those given, and resolved without error). */
export interface CheckedScoring {
  losses: Record<string, CheckedScorer>;
  metrics: Record<string, CheckedScorer[]>;
  lossWeights?: Record<string, number>;
}

/** A loss or metric: a catalogue alias as written (`mse`), or a loss class (`Huber`) with the options it was given (camelCase). */
export interface CheckedScorer {
  name: string;
  options?: Readonly<Record<string, unknown>>;
  location: Location;
}

export type SymbolKind = 'constant' | 'block' | 'sequential' | 'model' | 'input' | 'tensor' | 'output' | 'layer' | 'parameter' | 'dimension' | 'import';

/** A declared name: where it is defined and every place it is used (for definition, references, rename). */
export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  definition: Location;
  references: Location[];
  /** The model or block it belongs to; undefined at the top level. */
  container?: string;
  /** For a tensor (input, output, named tensor): its id in that model. */
  tensor?: number;
}

/** A top-level declaration of some file: what a name, a qualified name or an import brings can stand for. */
export interface DeclarationRef {
  /** `model` also for a sequential whose first item is `Input(...)`. */
  kind: 'constant' | 'block' | 'sequential' | 'model';
  name: string;
  /** The file that declares it (absolute path). */
  fileName: string;
  declaration: ast.Let | ast.Block | ast.Sequential | ast.Model;
}

/**
 * What one name in the source means, as the checker resolved it: a
 * declaration (of this file or one it imports), something of the model or
 * block the name is in, an imported file (`B` of `B.Name`), an alias that
 * stands for its own text (`relu`, `mse`, a data set), or a runtime class
 * (`Dense`, `L2`, `SGD`, `Input`).
 */
export type Resolution =
  | { kind: 'declaration'; declaration: DeclarationRef }
  | { kind: 'tensor' | 'layer' | 'parameter' | 'dimension'; name: string }
  | { kind: 'import'; fileName?: string }
  | { kind: 'alias'; name: string }
  | { kind: 'class'; name: string /** A layer class of the Keras 3 catalogue (a `use keras` file); absent: Keraflow's or another runtime class. */; dialect?: 'keras' };

/**
 * One constructor call as the checker bound it to a spec (as the runtime's
 * `bindArguments` binds): emitters place each argument by its spec name
 * instead of binding the call again.
 */
export interface BoundConstruction {
  /** A layer's, optimizer's, regularizer's or constraint's spec, or a block's parameters as a spec. */
  spec: ClassSpec;
  /**
   * Each argument node by the spec's argument name (camelCase), positional and keyword alike, in the order
   * written; an option every layer takes (`name`, `trainable`) by its own name.
   */
  arguments: ReadonlyMap<string, ast.Argument>;
}

export interface CheckedFile {
  fileName: string;
  /** Its syntax tree, as the checker parsed it (editor features read it rather than parse again). */
  ast: ast.File;
  /** The text the checker read. */
  text: string;
  /** Files this one imports (resolved absolute paths). */
  imports: string[];
  /** Each `import` statement and the file it names (undefined when it could not be read, or closes a cycle). */
  importTargets: { node: ast.Import; fileName?: string }[];
  /** What `import` of this file brings (its constants, blocks and layer-like sequentials), in source order. */
  exports: DeclarationRef[];
  /** Its own top-level declarations that have a name, in source order (a name declared twice: the first). */
  declarations: DeclarationRef[];
  /**
   * What each name and qualified name of this file means, by its syntax node, as the checker resolved it.
   * A name the checker did not reach (inside a declaration with errors) is absent.
   */
  resolutions: ReadonlyMap<ast.Name | ast.QualifiedName, Resolution>;
  /** Each call that makes an Input-headed sequential's tensor in a model (`Dense(2)(Encoder())`), and the name of the model input its Input became. */
  sequentialInputs: ReadonlyMap<ast.Call, string>;
  /** Each constructor call of this file the checker bound without a problem, by its syntax node. */
  constructions: ReadonlyMap<ast.Call, BoundConstruction>;
  symbols: SymbolInfo[];
}

export interface CheckResult {
  models: CheckedModel[];
  /** Every problem, sorted by file and position; each has `fileName`. */
  diagnostics: Diagnostic[];
  files: CheckedFile[];
}
