/**
 * The syntax tree of a `.kf` file.
 *
 * Every node has a `kind` (the union's discriminant) and a `range`. Names
 * are nodes of their own (`Identifier` where a name is declared or written
 * as a key, `Name` where an expression refers to something), so that rename,
 * hover and diagnostics can point at exact characters.
 *
 * The parser recovers from syntax errors, so a tree may be partial: a
 * statement that could not be read is left out, and an expression that is
 * missing where one was required is a `Missing` node. Each such gap comes
 * with a syntax diagnostic.
 *
 * Bracket nesting is bounded (100), but a long `a + b + ...` or `f()()()...`
 * makes a deep left-leaning tree: `walk` (walk.ts) visits any tree without
 * recursion.
 */

/** 0-based line and character (UTF-16 code units, LSP's convention) and the 0-based offset into the text. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

/** From `start` (inclusive) to `end` (exclusive). */
export interface Range {
  start: Position;
  end: Position;
}

interface NodeBase {
  range: Range;
}

// ---------------------------------------------------------------- file

/** A whole `.kf` file. */
export interface File extends NodeBase {
  kind: 'File';
  fileName?: string;
  /** `use keras` as the first declaration: the dialect the whole file is written in (absent: Keraflow's). */
  dialect?: Use;
  declarations: Declaration[];
  /** Every `#` comment, in order (the parser skips them; tools may want them). */
  comments: Comment[];
}

/** `# text`; `text` includes the `#`. */
export interface Comment extends NodeBase {
  kind: 'Comment';
  text: string;
}

/** A name where it is declared, or where it is written as a key: a declared name, a parameter, an argument keyword, a dict key, a type, an alias. */
export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

// ---------------------------------------------------------------- declarations

export type Declaration = Import | Let | Block | Model | Sequential;

/** `use keras`: the file follows Keras 3's layer names, arguments and defaults. Only as a file's first declaration. */
export interface Use extends NodeBase {
  kind: 'Use';
  dialect: Identifier;
}

/** `import "path"` or `import "path" as Alias`. */
export interface Import extends NodeBase {
  kind: 'Import';
  path: StringLiteral;
  alias?: Identifier;
}

/** `let name = value`: a constant. */
export interface Let extends NodeBase {
  kind: 'Let';
  name: Identifier;
  value: Expression;
}

/** `block Name(parameters)(inputs) { body }`: a parametrised sub-graph, used like a layer constructor. */
export interface Block extends NodeBase {
  kind: 'Block';
  name: Identifier;
  parameters: Parameter[];
  /** The tensor parameters, in order. */
  inputs: Identifier[];
  /** Ends with a `Return` (a block without one is a syntax error). */
  body: BlockStatement[];
}

/** `name`, `name: type`, `name = default` or `name: type = default`. */
export interface Parameter extends NodeBase {
  kind: 'Parameter';
  name: Identifier;
  type?: Identifier;
  default?: Expression;
}

/** `model Name { body }`: a functional model. */
export interface Model extends NodeBase {
  kind: 'Model';
  name: Identifier;
  body: ModelStatement[];
}

/**
 * `sequential Name { layers; training }`: a `Sequential`. It is a trainable
 * model when its first layer is `Input(...)`, otherwise a layer-like
 * definition (for the checker to tell).
 */
export interface Sequential extends NodeBase {
  kind: 'Sequential';
  name: Identifier;
  /** One expression per item, as written: usually a call (`Dense(10)`) or a bare name (`Flatten`). */
  layers: Expression[];
  training: TrainingStatement[];
}

// ---------------------------------------------------------------- statements

export type ModelStatement = Input | LayerDeclaration | Assignment | Destructuring | Output | TrainingStatement;
export type BlockStatement = LayerDeclaration | Assignment | Destructuring | Return;
export type TrainingStatement = Loss | Metrics | LossWeights | Optimizer | Train;
export type Statement = ModelStatement | BlockStatement;

/** `input name: [d1, d2] dtype?` (form `shape`) or `input name = Input(...)` (form `call`). */
export type Input = InputWithShape | InputWithCall;

export interface InputWithShape extends NodeBase {
  kind: 'Input';
  form: 'shape';
  name: Identifier;
  /** The shape without the batch dimension; elements are sizes, constants or symbolic names. */
  shape: List;
  /** `float32` or `int32` as written; absent means float32. */
  dtype?: Identifier;
}

export interface InputWithCall extends NodeBase {
  kind: 'Input';
  form: 'call';
  name: Identifier;
  /** Should be an `Input(...)` call; the checker says so if not. */
  value: Expression;
}

/** `layer name = Ctor(args)`: one named layer instance, to share. */
export interface LayerDeclaration extends NodeBase {
  kind: 'Layer';
  name: Identifier;
  value: Expression;
}

/** `name = tensor-expression`. */
export interface Assignment extends NodeBase {
  kind: 'Assignment';
  name: Identifier;
  value: Expression;
}

/** `[a, b, c] = tensor-expression`: names for each output of a layer with several (LSTM with return_state). */
export interface Destructuring extends NodeBase {
  kind: 'Destructuring';
  names: Identifier[];
  value: Expression;
}

/** `output name = tensor-expression`, or `output name` for a tensor named before (`value` is then a Name with `name`'s range). */
export interface Output extends NodeBase {
  kind: 'Output';
  name: Identifier;
  value: Expression;
}

/** `loss output = objective` or `loss = objective` (`output` absent). */
export interface Loss extends NodeBase {
  kind: 'Loss';
  output?: Identifier;
  value: Expression;
}

/** `metrics output = [...]` or `metrics = [...]`. */
export interface Metrics extends NodeBase {
  kind: 'Metrics';
  output?: Identifier;
  value: Expression;
}

/** `loss_weights = [w, ...]` (output order) or `{output: w, ...}`: each output's share of the total loss. */
export interface LossWeights extends NodeBase {
  kind: 'LossWeights';
  value: Expression;
}

/** `optimizer = expression`. */
export interface Optimizer extends NodeBase {
  kind: 'Optimizer';
  value: Expression;
}

/** `train { name = value, ... }`: defaults for `keraflow train`. */
export interface Train extends NodeBase {
  kind: 'Train';
  settings: TrainSetting[];
}

export interface TrainSetting extends NodeBase {
  kind: 'TrainSetting';
  name: Identifier;
  value: Expression;
}

/** `return expression`, the last statement of a block. */
export interface Return extends NodeBase {
  kind: 'Return';
  value: Expression;
}

// ---------------------------------------------------------------- expressions

export type Expression = Name | QualifiedName | Call | Chain | List | Tuple | Dict | NumberLiteral | StringLiteral | BooleanLiteral | NoneLiteral | Binary | Unary | Missing;

/** A reference to a tensor, layer, block, constant, alias or symbolic dimension; its range is the identifier's. */
export interface Name extends NodeBase {
  kind: 'Name';
  name: string;
}

/** `Qualifier.member`, a name from an `import ... as Qualifier`. */
export interface QualifiedName extends NodeBase {
  kind: 'QualifiedName';
  qualifier: Identifier;
  member: Identifier;
}

/**
 * `callee(arguments)`. Whether it constructs a layer (`Dense(10)`) or
 * applies one to tensors (`encoder(x)`, `Dense(10)(x)`) is for the checker
 * to decide from what the callee names.
 */
export interface Call extends NodeBase {
  kind: 'Call';
  callee: Expression;
  /** In source order; positional arguments come first (a syntax error otherwise). */
  arguments: Argument[];
  /** From `(` to `)`, for signature help. */
  argumentsRange: Range;
}

/** `value` (positional) or `name=value` (keyword). */
export interface Argument extends NodeBase {
  kind: 'Argument';
  name?: Identifier;
  value: Expression;
}

/**
 * `source -> stages[0] -> stages[1] ...`, which is `stages[1](stages[0](source))`.
 * A stage that is a bare name or qualified name is either a named layer or
 * a constructor called without arguments (`x -> Flatten`).
 */
export interface Chain extends NodeBase {
  kind: 'Chain';
  source: Expression;
  stages: Expression[];
}

/** `[a, b, ...]`: a list of values, a shape, or a list of tensors. */
export interface List extends NodeBase {
  kind: 'List';
  elements: Expression[];
}

/** `(a, b)`, `(a,)` or `()`. A single expression in parentheses is that expression, not a tuple. */
export interface Tuple extends NodeBase {
  kind: 'Tuple';
  elements: Expression[];
}

/** `{key: value, ...}`. */
export interface Dict extends NodeBase {
  kind: 'Dict';
  entries: DictEntry[];
}

export interface DictEntry extends NodeBase {
  kind: 'DictEntry';
  key: Identifier | StringLiteral;
  value: Expression;
}

/** `12`, `0.5`, `1e-3`. A negative number is a `Unary` minus. */
export interface NumberLiteral extends NodeBase {
  kind: 'Number';
  value: number;
  /** As written. */
  text: string;
  /** Written without a fraction or exponent. */
  isInteger: boolean;
}

/** `"..."` or `'...'`; `value` has the escapes decoded. */
export interface StringLiteral extends NodeBase {
  kind: 'String';
  value: string;
}

export interface BooleanLiteral extends NodeBase {
  kind: 'Boolean';
  value: boolean;
}

export interface NoneLiteral extends NodeBase {
  kind: 'None';
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%';

/** Constant arithmetic: `left operator right`. */
export interface Binary extends NodeBase {
  kind: 'Binary';
  operator: BinaryOperator;
  operatorRange: Range;
  left: Expression;
  right: Expression;
}

/** `-operand`. */
export interface Unary extends NodeBase {
  kind: 'Unary';
  operator: '-';
  operand: Expression;
}

/** Where a syntax error left no expression (zero-width, where one was expected). */
export interface Missing extends NodeBase {
  kind: 'Missing';
}

// ---------------------------------------------------------------- all nodes

export type Node = File | Comment | Identifier | Declaration | Parameter | Statement | TrainSetting | Expression | Argument | DictEntry;

export type NodeKind = Node['kind'];
