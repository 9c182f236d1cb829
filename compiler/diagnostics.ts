/**
 * Diagnostics: what every phase of the compiler reports, as data.
 *
 * Every code lives in `catalogue` below with its severity and its message
 * template, so wording is written once and tests can assert codes and
 * ranges rather than text. Codes by phase (docs/language.md): KF1xx syntax,
 * KF2xx names and arguments, KF3xx shapes, KF4xx graph, KF5xx training,
 * KF6xx what a compile target other than TypeScript cannot express.
 */
import type { Range } from '../grammar/ast.ts';
import type { SyntaxProblem } from '../grammar/problems.ts';
import type { KeraflowErrorDetails } from '../runtime/errors.ts';

export type { Position, Range } from '../grammar/ast.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Another place that explains a diagnostic ("the `(` opened here"). */
export interface RelatedInformation {
  message: string;
  range: Range;
  fileName?: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based, LSP's convention; printed 1-based. */
  range: Range;
  /** The file it is in; set by `check`, which reads several files. */
  fileName?: string;
  related?: RelatedInformation[];
  /**
   * What the message was made of, for tools (`check --format json`, the
   * language server's quick fix reads `suggestion`): the catalogue entry's
   * data. Never read a fact back out of `message`.
   */
  data?: DiagnosticData;
}

/** A diagnostic's data: its catalogue entry's fields; `suggestion` is the name the user probably meant, as `.kf` writes it. */
export type DiagnosticData = { readonly suggestion?: string; readonly name?: string; readonly quickFix?: QuickFix } & Readonly<Record<string, unknown>>;

/**
 * A layer name the file's dialect does not have but the other does: `dialect`
 * is where the name belongs; `equivalent` the file's own spelling, a call
 * (`Convolution2D(32, 3, 3)`) or names (`MaxPooling2D or AveragePooling2D`).
 */
export interface OtherDialect {
  name: string;
  dialect: 'keras' | 'keraflow';
  equivalent?: string;
}

/** A catalogue entry: a code, its severity, and its message made from the problem's data. */
export interface DiagnosticTemplate<Data> {
  code: string;
  severity: Severity;
  message: (data: Data) => string;
}

type SyntaxProblemOf<Kind extends SyntaxProblem['kind']> = Extract<SyntaxProblem, { kind: Kind }>;

/** KF1xx: one entry per kind of syntax problem the grammar reports. */
export const syntaxCatalogue: { [Kind in SyntaxProblem['kind']]: DiagnosticTemplate<SyntaxProblemOf<Kind>> } = {
  unexpectedToken: {
    code: 'KF101',
    severity: 'error',
    message: ({ expected, after, found }) => `expected ${oneOf(expected)}${after ? ` after ${after}` : ''}, found ${found}`,
  },
  unterminatedString: {
    code: 'KF102',
    severity: 'error',
    message: () => 'unterminated string: the closing quote must be on the same line',
  },
  unexpectedCharacter: {
    code: 'KF103',
    severity: 'error',
    message: ({ characters }) => `unexpected character${[...characters].length > 1 ? 's' : ''} ${showCharacters(characters)}`,
  },
  unclosedBracket: {
    code: 'KF104',
    severity: 'error',
    message: ({ opening, closing }) => `\`${opening}\` is never closed: expected \`${closing}\``,
  },
  unmatchedClosingBracket: {
    code: 'KF105',
    severity: 'error',
    message: ({ closing }) => `\`${closing}\` closes nothing: no bracket is open here`,
  },
  invalidEscape: {
    code: 'KF106',
    severity: 'error',
    message: ({ sequence }) => `unknown escape \`${sequence}\` in a string: use \\n \\t \\r \\\\ \\" \\' \\0 \\xHH or \\uHHHH`,
  },
  nestingTooDeep: {
    code: 'KF107',
    severity: 'error',
    message: ({ limit }) => `brackets nested more than ${limit} deep`,
  },
  misplacedStatement: {
    code: 'KF108',
    severity: 'error',
    message: ({ statement, container, hint }) => `${statement} is not allowed ${container}${hint ? `: ${hint}` : ''}`,
  },
  positionalAfterKeyword: {
    code: 'KF109',
    severity: 'error',
    message: () => 'positional argument after a keyword argument: positional arguments come first',
  },
  invalidArgumentName: {
    code: 'KF110',
    severity: 'error',
    message: () => 'only a plain name can come before `=` in an argument list',
  },
  invalidAssignmentTarget: {
    code: 'KF111',
    severity: 'error',
    message: () => 'only a plain name can be assigned to (`name = ...`)',
  },
  blockWithoutReturn: {
    code: 'KF112',
    severity: 'error',
    message: ({ block }) => `block \`${block}\` has no \`return\`: end it with \`return <tensor>\``,
  },
  statementAfterReturn: {
    code: 'KF113',
    severity: 'error',
    message: () => 'statement after `return`: `return` must be the last statement of a block',
  },
  mismatchedClosingBracket: {
    code: 'KF114',
    severity: 'error',
    message: ({ closing, expected }) => `\`${closing}\` does not match the open bracket: expected \`${expected}\``,
  },
  internalError: {
    code: 'KF199',
    severity: 'error',
    message: ({ detail }) => `internal parser error (a bug, please report it): ${detail}`,
  },
};

/** How a code is documented (docs/diagnostics.md): a title, a wrong example, and the fix. */
export interface CodeDocumentation {
  title: string;
  /** A small wrong `.kf` file that yields this code (the docs run it through the checker). */
  example: string;
  /** The example's file name (default `example.kf`), and other files it imports, by name. */
  fileName?: string;
  files?: Record<string, string>;
  fix: string;
}

/** A checker code: its template (over its own data) and its documentation. */
export interface CheckTemplate<Data> extends DiagnosticTemplate<Data>, CodeDocumentation {
  /**
   * Codes that can follow from text a syntax error left out (an input whose
   * line could not be read makes its name unknown below, and its model
   * output-less): not reported inside a declaration that has a syntax error.
   */
  followsFromMissingText?: boolean;
}

/** The syntax codes' documentation, by kind of syntax problem. */
export const syntaxDocumentation: { [Kind in SyntaxProblem['kind']]: CodeDocumentation } = {
  unexpectedToken: { title: 'Unexpected token', example: 'model M {\n  input x [4]\n}\n', fix: 'Write what the message expects at that place.' },
  unterminatedString: { title: 'Unterminated string', example: 'let name = "relu\n', fix: 'Close the string on the line it starts.' },
  unexpectedCharacter: { title: 'Unexpected character', example: 'let size = 4 $ 2\n', fix: 'Remove the character; `.kf` has no such operator.' },
  unclosedBracket: { title: 'Unclosed bracket', example: 'let sizes = [1, 2\n', fix: 'Close the bracket.' },
  unmatchedClosingBracket: { title: 'Closing bracket without an opening one', example: 'let size = 4)\n', fix: 'Remove the bracket, or open it where it belongs.' },
  invalidEscape: { title: 'Unknown escape in a string', example: 'let name = "a\\qb"\n', fix: 'Use one of the escapes the message lists.' },
  nestingTooDeep: { title: 'Brackets nested too deep', example: `let deep = ${'['.repeat(101)}${']'.repeat(101)}\n`, fix: 'Nest less than 100 brackets deep.' },
  misplacedStatement: {
    title: 'Statement in the wrong place',
    example: 'block B()(x) {\n  input y: [4]\n  return x\n}\n',
    fix: 'Move the statement where it is allowed (inputs and outputs belong in models).',
  },
  positionalAfterKeyword: {
    title: 'Positional argument after a keyword argument',
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(activation=relu, 8)\n}\n',
    fix: 'Put positional arguments first.',
  },
  invalidArgumentName: { title: 'Invalid argument name', example: 'model M {\n  input x: [4]\n  output y = x -> Dense(8, "activation"=relu)\n}\n', fix: 'Write the argument name without quotes.' },
  invalidAssignmentTarget: { title: 'Invalid assignment target', example: 'model M {\n  input x: [4]\n  x.y = x -> Dense(8)\n}\n', fix: 'Assign to a plain name.' },
  blockWithoutReturn: { title: 'Block without return', example: 'block B()(x) {\n  h = x -> Dense(8)\n}\n', fix: 'End the block with `return <tensor>`.' },
  statementAfterReturn: { title: 'Statement after return', example: 'block B()(x) {\n  return x\n  h = x -> Dense(8)\n}\n', fix: 'Make `return` the last statement of the block.' },
  mismatchedClosingBracket: { title: 'Mismatched closing bracket', example: 'let sizes = [1, 2)\n', fix: 'Close with the bracket that matches the opening one.' },
  internalError: { title: 'Internal parser error', example: '', fix: 'A bug in Keraflow: please report it with the file that causes it.' },
};

/** A name the user wrote, and the name they probably meant (the quick fix writes it in its place). */
export interface Named {
  name: string;
  suggestion?: string;
}

/**
 * A problem a runtime constructor or layer raised (a KeraflowError): its
 * message is made where the error was made, in `.kf` words (argument names
 * as `.kf` writes them), and its fields are the error's.
 */
export interface RuntimeProblem extends KeraflowErrorDetails {
  runtimeMessage: string;
  /** As `.kf` writes it. */
  argument?: string;
  /** A fix that certainly works, for the editor to offer. */
  quickFix?: QuickFix;
}

/** An edit of the diagnostic's own file that fixes it: the editor offers it as a quick fix (compiler/lsp/code-actions.ts). */
export interface QuickFix {
  title: string;
  /** 0-based; an empty range inserts. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** A problem binding a call's arguments to a constructor's spec; argument names as `.kf` writes them. */
export type ArgumentBinding =
  /** `positional`: the names of the positional arguments; `noOptions`: it takes no arguments by name either (a sequential). */
  | { problem: 'tooMany'; constructor: string; positional: readonly string[]; given: number; noOptions?: boolean }
  /** `choices`: every argument the constructor takes. */
  | { problem: 'unknown'; constructor: string; argument: string; choices: readonly string[]; suggestion?: string }
  | { problem: 'duplicate'; constructor: string; argument: string }
  | { problem: 'missing'; constructor: string; argument: string; doc: string }
  | { problem: 'value'; constructor: string; argument: string; expected: string; given: string; suggestion?: string };

type BindingOf<Problem extends ArgumentBinding['problem']> = Extract<ArgumentBinding, { problem: Problem }>;
/** An argument's value that does not fit its spec. */
export type ArgumentValue = BindingOf<'value'>;

/** A value of the wrong type outside an argument list. */
export type ValueRule =
  | { case: 'inputDtype'; dtype: string }
  | { case: 'inputShapeNotList' }
  | { case: 'size'; given: string }
  | { case: 'scorerNotAlias'; what: 'objective' | 'metric' }
  | { case: 'lossWeight'; given: string };

/** A list where one tensor goes, or the reverse, outside a runtime layer. */
export type ListOrSingle =
  | { case: 'assignedList'; name: string }
  | { case: 'nestedList' }
  | { case: 'applicationArguments'; count: number }
  | { case: 'blockInputs'; block: string; inputs: number; givenList?: number }
  | { case: 'returnedList' };

/** Constant arithmetic that cannot be evaluated. */
export type InvalidConstant =
  | { case: 'negate'; operand: string }
  | { case: 'chain' }
  | { case: 'operands'; operator: string; left: string; right: string }
  | { case: 'divisionByZero'; operator: string }
  | { case: 'symbolicDivisor'; operator: string; divisor: string };

const didYouMean = (suggestion: string | undefined) => (suggestion ? `; did you mean '${suggestion}'?` : '');

function bindingMessage(data: ArgumentBinding | RuntimeProblem): string {
  if ('runtimeMessage' in data) return data.runtimeMessage;
  switch (data.problem) {
    case 'tooMany': {
      const count = data.positional.length;
      if (data.noOptions && count === 0) return `${data.constructor} takes no arguments, but ${data.given} ${data.given === 1 ? 'was' : 'were'} given`;
      return (
        `${data.constructor} takes ${count === 0 ? 'no' : count} positional argument${count === 1 ? '' : 's'}` +
        `${count ? ` (${data.positional.join(', ')})` : ''}, but ${data.given} ${data.given === 1 ? 'was' : 'were'} given`
      );
    }
    case 'unknown':
      return `${data.constructor} has no argument '${data.argument}'${didYouMean(data.suggestion)} (it takes ${data.choices.join(', ') || 'no arguments'})`;
    case 'duplicate':
      return `${data.constructor}: argument '${data.argument}' is given twice (by position and by name)`;
    case 'missing':
      return `${data.constructor} needs argument '${data.argument}' (${data.doc})`;
    case 'value':
      return `${data.constructor}: argument '${data.argument}' must be ${data.expected}, but got ${data.given}${didYouMean(data.suggestion)}`;
  }
}

function valueRuleMessage(rule: ValueRule): string {
  switch (rule.case) {
    case 'inputDtype':
      return `an input's dtype is float32 or int32, but got '${rule.dtype}'`;
    case 'inputShapeNotList':
      return "Input's shape must be a list of sizes, e.g. [28, 28], or one size for a 1-D shape, e.g. 100";
    case 'size':
      return `a size is a positive integer or a symbolic name, but got ${rule.given}`;
    case 'scorerNotAlias':
      return rule.what === 'objective'
        ? 'a loss is an alias (mse, categorical_crossentropy, ...) or a loss object (Huber(delta=2), SparseCategoricalCrossentropy(from_logits=true), ...)'
        : 'a metric is named by an alias (accuracy, mae, ...)';
    case 'lossWeight':
      return `a loss weight is a number ≥ 0, but got ${rule.given}`;
  }
}

function listOrSingleMessage(problem: ListOrSingle): string {
  switch (problem.case) {
    case 'assignedList':
      return `'${problem.name}' names one tensor, but a list of tensors was given`;
    case 'nestedList':
      return 'a list of tensors cannot hold another list';
    case 'applicationArguments':
      return `a layer is applied to one tensor or one list of tensors, but ${problem.count} argument${problem.count === 1 ? ' was' : 's were'} given`;
    case 'blockInputs': {
      const takes = problem.inputs !== 1 ? `a list of ${problem.inputs} tensors` : 'one tensor';
      return `block ${problem.block} takes ${takes}, but was given ${problem.givenList !== undefined ? `a list of ${problem.givenList}` : 'one tensor'}`;
    }
    case 'returnedList':
      return 'a block returns one tensor, not a list';
  }
}

function invalidConstantMessage(problem: InvalidConstant): string {
  switch (problem.case) {
    case 'negate':
      return `'-' takes a number, but got ${problem.operand}`;
    case 'chain':
      return 'a chain of layers (`->`) is a tensor, not a value';
    case 'operands':
      return `'${problem.operator}' takes numbers, but got ${problem.left} and ${problem.right}`;
    case 'divisionByZero':
      return `division by zero in \`${problem.operator}\``;
    case 'symbolicDivisor':
      return `\`${problem.operator}\` on symbolic sizes takes a positive integer on the right (sizes stay integers), but got ${problem.divisor}`;
  }
}

/** KF2xx names and arguments, KF3xx shapes, KF4xx graph, KF5xx training. */
export const checkCatalogue = {
  unknownName: {
    code: 'KF201',
    severity: 'error',
    title: 'Unknown name',
    followsFromMissingText: true,
    message: ({ name, what, suggestion }: Named & { what?: string }) => `unknown ${what ?? 'name'} '${name}'${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(unitz)\n}\n',
    fix: 'Define the name (`let units = 8`), or correct its spelling.',
  },
  unknownConstructor: {
    code: 'KF202',
    severity: 'error',
    title: 'Unknown layer or constructor',
    message: ({ name, suggestion, what }: Named & { what?: 'constructor' }) => `unknown ${what ?? 'layer'} '${name}'${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dence(8)\n}\n',
    fix: 'Use a layer of the catalogue (docs/layers.md), a block or a sequential in scope.',
  },
  unknownAlias: {
    code: 'KF203',
    severity: 'error',
    title: 'Unknown alias',
    message: (data: ArgumentValue | RuntimeProblem) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(8, activation=rleu)\n}\n',
    fix: 'Use one of the aliases the message lists.',
  },
  unknownArgument: {
    code: 'KF204',
    severity: 'error',
    title: 'Unknown argument',
    message: (data: BindingOf<'unknown'>) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(8, activaton=relu)\n}\n',
    fix: 'Use an argument the constructor takes (completion lists them).',
  },
  duplicateArgument: {
    code: 'KF205',
    severity: 'error',
    title: 'Argument given twice',
    message: (data: BindingOf<'duplicate'>) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(8, output_dim=8)\n}\n',
    fix: 'Give each argument once, by position or by name.',
  },
  missingArgument: {
    code: 'KF206',
    severity: 'error',
    title: 'Missing argument',
    message: (data: BindingOf<'missing'>) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense()\n}\n',
    fix: 'Give the argument the message names.',
  },
  wrongArgumentType: {
    code: 'KF207',
    severity: 'error',
    title: 'Argument of the wrong type',
    message: (data: ArgumentValue | ValueRule | RuntimeProblem) => ('case' in data ? valueRuleMessage(data) : bindingMessage(data)),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense("eight")\n}\n',
    fix: 'Give a value of the type the message asks for.',
  },
  argumentOutOfRange: {
    code: 'KF208',
    severity: 'error',
    title: 'Argument out of range',
    message: (data: ArgumentValue | RuntimeProblem) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dropout(1.5)\n}\n',
    fix: 'Give a value inside the bounds the message names.',
  },
  tooManyArguments: {
    code: 'KF209',
    severity: 'error',
    title: 'Too many positional arguments',
    message: (data: BindingOf<'tooMany'>) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dropout(0.5, 3)\n}\n',
    fix: 'Pass the extra values by name.',
  },
  unknownParameterKey: {
    code: 'KF210',
    severity: 'error',
    title: 'Key that names no parameter',
    message: ({ runtimeMessage }: RuntimeProblem) => runtimeMessage,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(8, regularizers={V: l2})\n}\n',
    fix: "Key `initial_weights`, `regularizers` and `constraints` by the layer's parameter names (hover shows them).",
  },
  weightShapeMismatch: {
    code: 'KF211',
    severity: 'error',
    title: 'Weight of the wrong shape',
    message: ({ runtimeMessage }: RuntimeProblem) => runtimeMessage,
    example: 'model M {\n  input x: [2]\n  output y = x -> Dense(1, initial_weights={W: [[1, 2]]})\n}\n',
    fix: 'Give each weight the shape of its parameter.',
  },
  unreadableImport: {
    code: 'KF212',
    severity: 'error',
    title: 'Imported file cannot be read',
    message: ({ path, reason, what }: { path: string; reason: string; what?: string }) => `cannot read ${what ?? 'imported file'} '${path}': ${reason}`,
    example: 'import "./missing.kf"\n',
    fix: 'Import an existing `.kf` file, by a path relative to this file.',
  },
  importCycle: {
    code: 'KF213',
    severity: 'error',
    title: 'Import cycle',
    message: ({ cycle }: { cycle: readonly string[] }) => `import cycle: ${cycle.join(' -> ')}`,
    example: '# self.kf\nimport "./self.kf"\n',
    fileName: 'self.kf',
    fix: 'Move what both files need into a third file that imports neither.',
  },
  unknownMember: {
    code: 'KF214',
    severity: 'error',
    title: 'Unknown name in an imported file',
    message: ({ qualifier, name, suggestion }: Named & { qualifier: string }) => `'${qualifier}' has no block, sequential or constant '${name}'${didYouMean(suggestion)}`,
    example: 'import "./blocks.kf" as B\nmodel M {\n  input x: [4]\n  output y = x -> B.Residul(4)\n}\n',
    files: { 'blocks.kf': 'block Residual(units: int)(x) {\n  return x -> Dense(units)\n}\n' },
    fix: 'Use a name the imported file declares at its top level.',
  },
  wrongKind: {
    code: 'KF215',
    severity: 'error',
    title: 'A name of the wrong kind',
    message: ({ name, is, expected }: { name?: string; is: string; expected: string }) => `expected ${expected}, but ${name === undefined ? `found ${is}` : `'${name}' is ${is}`}`,
    example: 'model M {\n  input x: [4]\n  h = x -> Dense(4)\n  output y = h(x)\n}\n',
    fix: 'Apply layers to tensors (`layer(tensor)`, `tensor -> layer`); give values to arguments.',
  },
  invalidConstant: {
    code: 'KF216',
    severity: 'error',
    title: 'Invalid constant expression',
    message: (data: InvalidConstant) => invalidConstantMessage(data),
    example: 'let size = 4 // 0\n',
    fix: 'Constant arithmetic takes numbers, and divides by non-zero numbers.',
  },
  unknownParameterType: {
    code: 'KF217',
    severity: 'error',
    title: 'Unknown block parameter type',
    message: ({ name, types, suggestion }: Named & { types: readonly string[] }) => `unknown parameter type '${name}': expected one of ${types.join(', ')}${didYouMean(suggestion)}`,
    example: 'block B(units: integer)(x) {\n  return x -> Dense(units)\n}\n',
    fix: 'Use one of the types the message lists.',
  },
  recursiveDefinition: {
    code: 'KF218',
    severity: 'error',
    title: 'A block or sequential that applies itself',
    message: ({ kind, name }: { kind: 'block' | 'sequential'; name: string }) =>
      `${kind} ${name} applies itself (directly or through another ${kind === 'block' ? 'block' : 'definition'}): a model's graph is finite, so a ${kind} cannot contain itself`,
    example: 'block Deep(units: int)(x) {\n  return x -> Dense(units) -> Deep(units)\n}\nmodel M {\n  input x: [4]\n  output y = x -> Deep(4)\n}\n',
    fix: 'Apply the block a fixed number of times where it is used (`x -> Deep(4) -> Deep(4)`), not inside itself.',
  },
  nestingTooDeep: {
    code: 'KF219',
    severity: 'error',
    title: 'Nested too deeply to check',
    message: ({ declaration }: { declaration: string }) => `${declaration} nests too deeply to check (thousands of levels of blocks applied inside blocks, or of operators): flatten the nesting`,
    example: '',
    fix: 'Apply blocks one after another (`x -> A() -> B()`) rather than each inside the next, and keep expressions shallow.',
  },
  unknownDialect: {
    code: 'KF220',
    severity: 'error',
    title: 'Unknown dialect',
    message: ({ name }: { name: string }) => `unknown dialect '${name}': \`use\` takes keras (Keras 3's layers, arguments and defaults); without it a file is Keraflow's`,
    example: 'use tensorflow\n',
    fix: "Write `use keras` as the first line, or leave it out for Keraflow's layers.",
  },
  otherDialectName: {
    code: 'KF221',
    severity: 'error',
    title: 'A layer name of the other dialect',
    message: ({ name, dialect, equivalent }: OtherDialect) =>
      dialect === 'keras'
        ? `${name} is Keras's name: add \`use keras\` as the file's first line${equivalent ? `, or write ${equivalent}` : ''}`
        : `${name} is Keraflow's name, and this file says \`use keras\`${equivalent ? `: write ${equivalent}, or remove \`use keras\`` : `; Keras 3 has no such layer: remove \`use keras\` to use it`}`,
    example: 'model M {\n  input x: [28, 28, 1]\n  output y = x -> Conv2D(32, 3)\n}\n',
    fix: "Write the layer as the file's dialect names it (the message gives the spelling), or switch the file's dialect with `use keras` on its first line.",
  },
  internalError: {
    code: 'KF299',
    severity: 'error',
    title: 'Internal checker error',
    message: ({ declaration, error }: { declaration: string; error: string }) => `internal error while checking ${declaration} (a bug, please report it with this file): ${error}`,
    example: '',
    fix: 'A bug in Keraflow: please report it with the file that causes it. The rest of the file is still checked.',
  },
  shapeMismatch: {
    code: 'KF301',
    severity: 'error',
    title: 'A layer cannot take this shape',
    message: (data: RuntimeProblem | { layer: string; failure: string }) => ('failure' in data ? `${data.layer} failed on this input: ${data.failure}` : data.runtimeMessage),
    example: 'model M {\n  input a: [4]\n  input b: [5]\n  output y = ElementWiseSum()([a, b])\n}\n',
    fix: 'Make the shapes agree: the message says what the layer needs and what it got.',
  },
  wrongRank: {
    code: 'KF302',
    severity: 'error',
    title: 'Input of the wrong rank',
    message: ({ runtimeMessage }: RuntimeProblem) => runtimeMessage,
    example: 'model M {\n  input x: [28, 28]\n  output y = x -> Convolution2D(8, 3, 3)\n}\n',
    fix: 'Reshape (`Reshape([28, 28, 1])`) or flatten the input to the rank the layer takes.',
  },
  listOrSingle: {
    code: 'KF303',
    severity: 'error',
    title: 'A list where one tensor goes, or the reverse',
    message: (data: RuntimeProblem | ListOrSingle) => ('runtimeMessage' in data ? data.runtimeMessage : listOrSingleMessage(data)),
    example: 'model M {\n  input a: [4]\n  output y = a -> Concatenate()\n}\n',
    fix: 'Give multi-input layers a list (`Concatenate()([a, b])`) and other layers one tensor.',
  },
  wrongDtype: {
    code: 'KF304',
    severity: 'error',
    title: 'Integer input where floats are needed, or the reverse',
    message: ({ runtimeMessage }: RuntimeProblem) => runtimeMessage,
    example: 'model M {\n  input x: [10]\n  output y = x -> Embedding(100, 8)\n}\n',
    fix: 'Declare integer inputs `int32` (`input x: [10] int32`) for Embedding, float32 for the rest.',
  },
  sharedLayerShape: {
    code: 'KF305',
    severity: 'error',
    title: 'A shared layer applied to a shape it cannot take',
    message: ({ runtimeMessage }: RuntimeProblem) => runtimeMessage,
    example: 'model M {\n  input a: [4]\n  input b: [5]\n  layer shared = Dense(8)\n  x = shared(a)\n  output y = shared(b)\n}\n',
    fix: 'A shared layer has one set of weights: apply it to inputs of the shape it was first built for.',
  },
  symbolicSize: {
    code: 'KF306',
    severity: 'error',
    title: 'A size that must be concrete is symbolic',
    message: (data: (RuntimeProblem | { layer: string; parameter: string; shape: string }) & { symbols: readonly string[] }) => {
      const dependsOn = `the symbolic dimension${data.symbols.length > 1 ? 's' : ''} ${data.symbols.join(', ')}`;
      if ('runtimeMessage' in data) return data.symbols.length > 0 ? `${data.runtimeMessage}: the size depends on ${dependsOn}` : data.runtimeMessage;
      return `${data.layer} needs a concrete size for its parameter '${data.parameter}', but its shape ${data.shape} depends on ${dependsOn}`;
    },
    example: 'model M {\n  input seq: [T, 16]\n  output y = seq -> Flatten -> Dense(10)\n}\n',
    fix: 'Give the dimension a size (`input seq: [40, 16]`), or reduce over it first (GlobalPooling1D, a recurrent layer).',
  },
  symbolicSizesMayDiffer: {
    code: 'KF307',
    severity: 'error',
    title: 'Symbolic sizes that may differ',
    message: ({ runtimeMessage, symbols }: RuntimeProblem & { symbols: readonly string[] }) =>
      `${runtimeMessage}: the symbolic dimensions ${symbols.join(' and ')} may differ (each is bound by its own input)`,
    example: 'model M {\n  input a: [T, 8]\n  input b: [S, 8]\n  output y = ElementWiseSum()([a, b])\n}\n',
    fix: 'Use one name for sizes that must be equal (`input b: [T, 8]`).',
  },
  outputCount: {
    code: 'KF308',
    severity: 'error',
    title: 'Names for outputs that do not match their count',
    message: ({ names, outputs }: { names: number; outputs: number }) =>
      `${names} name${names === 1 ? '' : 's'} for ${outputs} output${outputs === 1 ? '' : 's'}: \`[a, b, ...] = ...\` names each output of the layer once` +
      (outputs === 1 ? ' (this layer gives one; LSTM, GRU and SimpleRNN give their states too with return_state=true)' : ''),
    example: 'model M {\n  input x: [5, 3]\n  [seq, h] = x -> LSTM(4, return_state=true)\n  output y = seq\n}\n',
    fix: 'Give one name per output: an LSTM with return_state gives [output, h, c], GRU and SimpleRNN [output, h].',
  },
  usedBeforeDefined: {
    code: 'KF401',
    severity: 'error',
    title: 'Name used before it is defined',
    followsFromMissingText: true,
    message: ({ name }: { name: string }) => `'${name}' is used before it is defined`,
    example: 'model M {\n  input x: [4]\n  output y = h -> Dense(1)\n  h = x -> Dense(4)\n}\n',
    fix: 'Define a tensor before the statements that use it.',
  },
  definedTwice: {
    code: 'KF402',
    severity: 'error',
    title: 'Name defined twice',
    message: ({ name }: { name: string }) => `'${name}' is already defined: each name is defined once`,
    example: 'model M {\n  input x: [4]\n  h = x -> Dense(4)\n  h = h -> Dense(4)\n  output y = h\n}\n',
    fix: 'Give the second definition a new name.',
  },
  feedingInput: {
    code: 'KF403',
    severity: 'error',
    title: 'Feeding an Input',
    message: () => 'an Input is where data enters a model: nothing can be fed to it (declare inputs with `input name: [...]`)',
    example: 'model M {\n  input x: [4]\n  output y = x -> Input([4])\n}\n',
    fix: 'Declare the input with `input`, and apply layers to it.',
  },
  unusedInput: {
    code: 'KF405',
    severity: 'warning',
    title: 'An input that feeds no output',
    followsFromMissingText: true,
    message: ({ name }: { name: string }) => `input '${name}' feeds no output`,
    example: 'model M {\n  input x: [4]\n  input unused: [4]\n  output y = x -> Dense(1)\n}\n',
    fix: 'Use the input, or remove it.',
  },
  noOutputs: {
    code: 'KF406',
    severity: 'error',
    title: 'A model with no outputs',
    followsFromMissingText: true,
    message: ({ model }: { model: string }) => `model '${model}' has no outputs: declare one with \`output name = ...\``,
    example: 'model M {\n  input x: [4]\n  h = x -> Dense(1)\n}\n',
    fix: "Declare the model's outputs with `output`.",
  },
  missingLoss: {
    code: 'KF501',
    severity: 'error',
    title: 'An output without a loss',
    followsFromMissingText: true,
    message: ({ output }: { output: string }) => `output '${output}' has no loss: add \`loss ${output} = <objective>\``,
    example: 'model M {\n  input x: [4]\n  output a = x -> Dense(1)\n  output b = x -> Dense(1)\n  loss a = mse\n}\n',
    fix: 'Give every output of a trained model a loss.',
  },
  unknownOutput: {
    code: 'KF502',
    severity: 'error',
    title: 'A loss or metric for an output that does not exist',
    followsFromMissingText: true,
    message: ({ statement, name, outputs, suggestion }: Named & { statement: string; outputs: readonly string[] }) =>
      `${statement} for '${name}', but the model has no output '${name}' (its outputs: ${outputs.join(', ')})${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss z = mse\n}\n',
    fix: 'Name an output declared with `output`.',
  },
  unknownObjective: {
    code: 'KF503',
    severity: 'error',
    title: 'Unknown objective',
    message: ({ name, suggestion }: Named) => `unknown objective '${name}'${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mean_sqare_error\n}\n',
    fix: 'Use a loss of the catalogue (docs/layers.md, "Losses").',
  },
  unknownMetric: {
    code: 'KF504',
    severity: 'error',
    title: 'Unknown metric',
    message: ({ name, suggestion }: Named) => `unknown metric '${name}'${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  metrics = [acuracy]\n}\n',
    fix: 'Use a metric of the catalogue (docs/layers.md, "Metrics").',
  },
  unknownOptimizer: {
    code: 'KF505',
    severity: 'error',
    title: 'Unknown optimizer',
    message: ({ name, suggestion }: Named) => `unknown optimizer '${name}'${didYouMean(suggestion)}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  optimizer = adamm\n}\n',
    fix: 'Use sgd, rmsprop, adagrad, adadelta, adam or adamax, or their constructors.',
  },
  optimizerArgument: {
    code: 'KF506',
    severity: 'error',
    title: 'Bad optimizer argument',
    message: (data: ArgumentBinding | RuntimeProblem) => bindingMessage(data),
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  optimizer = SGD(learnig_rate=0.1)\n}\n',
    fix: 'Give the optimizer the arguments its constructor takes (`learning_rate` or `lr`, `momentum`, ...).',
  },
  targetShape: {
    code: 'KF507',
    severity: 'error',
    title: 'A target shape a loss or metric cannot take',
    message: ({ what, name, output, needs }: { what: 'loss' | 'metric'; name: string; output: string; needs: string }) => `${what} '${name}' cannot score output '${output}': it needs ${needs}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = categorical_crossentropy\n}\n',
    fix: "Pick an objective for the output's shape (binary_crossentropy for one value, categorical for classes).",
  },
  ambiguousLoss: {
    code: 'KF508',
    severity: 'error',
    title: 'A loss without an output name in a model with several outputs',
    message: ({ statement, outputs }: { statement: string; outputs: readonly string[] }) =>
      `one ${{ loss: 'loss', metrics: 'metrics value', loss_weights: 'loss weight' }[statement] ?? statement} without an output name needs a model with one output, but this one has ${outputs.length} (${outputs.join(', ')}): ` +
      `write \`${statement} <output> = ...\`, a list in output order or a dict by output name`,
    example: 'model M {\n  input x: [4]\n  output a = x -> Dense(1)\n  output b = x -> Dense(1)\n  loss = mse\n}\n',
    fix: 'Name the output (`loss a = mse`), or give one per output: `loss = [mse, mae]`, `loss = {a: mse, b: mae}`.',
  },
  trainSetting: {
    code: 'KF509',
    severity: 'error',
    title: 'Bad training setting',
    message: (data: (Named & { settings: readonly string[] }) | { name: string; expected: string; given: string }) =>
      'settings' in data
        ? `unknown training setting '${data.name}'${didYouMean(data.suggestion)} (the settings: ${data.settings.join(', ')})`
        : `training setting '${data.name}' must be ${data.expected}, but got ${data.given}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  train { epoch = 5 }\n}\n',
    fix: 'Use data, batch_size, epochs, validation_split, shuffle, validation_data, verbose and callbacks, with the values the message names.',
  },
  givenTwice: {
    code: 'KF510',
    severity: 'error',
    title: 'A training setting given twice',
    message: ({ statement }: { statement: string }) => `${statement} is already given for this model`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  loss = mae\n}\n',
    fix: 'Keep one.',
  },
  dataShape: {
    code: 'KF530',
    severity: 'error',
    title: 'Training data that does not fit the model',
    message: (data: DataMismatch) => dataMismatchMessage(data),
    example: 'model M {\n  input image: [28, 28, 1]\n  output digit = image -> Flatten -> Dense(10, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = mnist }\n}\n',
    fix: 'Make the data and the model agree: change the input or output, or the data file (the message says how).',
  },
  unreadableData: {
    code: 'KF531',
    severity: 'error',
    title: 'Training data that cannot be read',
    message: ({ data, problem }: { data: string; problem: string }) => `cannot read data '${data}': ${problem}`,
    example: 'model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  train { data = "missing.json" }\n}\n',
    fix: 'Name a built-in data set (mnist, iris) or a JSON file {"x": ..., "y": ...}, by a path relative to the .kf file.',
  },
  scorerListLength: {
    code: 'KF511',
    severity: 'error',
    title: 'A list of losses, metrics or loss weights of the wrong length',
    message: ({ statement, given, outputs }: { statement: 'loss' | 'metrics' | 'loss_weights'; given: number; outputs: readonly string[] }) =>
      `${statement} is a list of ${given}, but the model has ${outputs.length} output${outputs.length === 1 ? '' : 's'} (${outputs.join(', ') || 'none'}): ` +
      `give one per output, in output order, or a dict by output name`,
    example: 'model M {\n  input x: [4]\n  output a = x -> Dense(1)\n  output b = x -> Dense(1)\n  loss = [mse, mae, mse]\n}\n',
    fix: 'One entry per output (`loss = [mse, mae]`), or a dict naming the outputs (`loss = {a: mse, b: mae}`).',
  },
  noKerasCounterpart: {
    code: 'KF601',
    severity: 'error',
    title: 'No Keras 3 counterpart (compile --target keras)',
    message: ({ subject, reason }: { subject: string; reason: string }) => `${subject} cannot be compiled to Keras 3: ${reason}`,
    example: '',
    fix: "Use a layer, argument value, loss, metric or optimizer that Keras 3 has (docs/layers.md names each layer's Keras counterpart), or compile to TypeScript.",
  },
} satisfies Record<string, CheckTemplate<any>>;

/**
 * How data disagrees with a model: a channel's sample shape against an input or output, or a channel missing.
 * `fix` says what would make them agree, when one thing would.
 */
export type DataMismatch =
  | {
      case: 'shape';
      data: string;
      part: 'x' | 'y';
      channel: string;
      given: string;
      expected: string;
      fix?: 'addChannelAxis' | 'oneHot' | 'sampleAxisInInput' | 'reshape';
      declared?: string;
      quickFix?: QuickFix;
    }
  | { case: 'missing'; data: string; part: 'x' | 'y'; channel: string; given: readonly string[] }
  | { case: 'single'; data: string; part: 'x' | 'y'; channels: readonly string[] };

function dataMismatchMessage(data: DataMismatch): string {
  const what = data.part === 'x' ? 'input' : 'output';
  switch (data.case) {
    case 'missing':
      return `data '${data.data}' has no "${data.part}" for ${what} '${data.channel}' (it has ${data.given.map((name) => `"${name}"`).join(', ') || 'none'})`;
    case 'single':
      return `data '${data.data}': "${data.part}" is one array, but the model has ${data.channels.length} ${what}s (${data.channels.join(', ')}): give a dict by ${what} name`;
    case 'shape': {
      const head = `data '${data.data}'`;
      switch (data.fix) {
        case 'oneHot':
          return `${head}: labels are one integer per sample, but ${what} '${data.channel}' expects ${data.expected}: use sparse_categorical_crossentropy (it takes class indices), or one-hot them (a ${data.expected} row per sample)`;
        case 'addChannelAxis':
          return `${head}: samples are ${data.given}, but ${what} '${data.channel}' expects ${data.expected}: add a channel axis`;
        case 'sampleAxisInInput':
          return `${head}: samples are ${data.given}, but ${what} '${data.channel}' expects ${data.expected}: its shape includes the sample axis; declare it as ${data.declared}`;
        case 'reshape':
          return `${head}: samples are ${data.given}, but ${what} '${data.channel}' expects ${data.expected} (the same number of values): reshape the samples, or start the model with Reshape(${data.expected})`;
        default:
          return `${head}: "${data.part}" samples are ${data.given}, but ${what} '${data.channel}' expects ${data.expected}`;
      }
    }
  }
}

export type CheckProblem = keyof typeof checkCatalogue;

/** The data a checker code's message is made of. */
export type CheckData<Problem extends CheckProblem> = Parameters<(typeof checkCatalogue)[Problem]['message']>[0];

/** A checker diagnostic from the catalogue: its message made from `data`, which it carries. */
export function checkDiagnostic<Problem extends CheckProblem>(problem: Problem, data: CheckData<Problem>, range: Range, fileName?: string): Diagnostic {
  const template = checkCatalogue[problem] as CheckTemplate<CheckData<Problem>>;
  const diagnostic: Diagnostic = { code: template.code, severity: template.severity, message: template.message(data), range };
  if (fileName !== undefined) diagnostic.fileName = fileName;
  if (data !== undefined && Object.keys(data).length > 0) diagnostic.data = data as DiagnosticData;
  return diagnostic;
}

/** Whether a code can follow from text a syntax error left out (see `CheckTemplate.followsFromMissingText`). */
export function followsFromMissingText(code: string): boolean {
  return Object.values(checkCatalogue).some((template: CheckTemplate<never>) => template.code === code && template.followsFromMissingText === true);
}

/** Every code, for documentation and for the test that codes are unique. */
export const catalogue: Record<string, DiagnosticTemplate<never>> = {
  ...Object.fromEntries(Object.values(syntaxCatalogue).map((template) => [template.code, template])),
  ...Object.fromEntries(Object.values(checkCatalogue).map((template) => [template.code, template])),
};

export function fromSyntaxProblem(problem: SyntaxProblem): Diagnostic {
  const template = syntaxCatalogue[problem.kind] as DiagnosticTemplate<SyntaxProblem>;
  const diagnostic: Diagnostic = {
    code: template.code,
    severity: template.severity,
    message: template.message(problem),
    range: problem.range,
  };
  if (problem.kind === 'unclosedBracket') {
    diagnostic.related = [{ message: 'assumed closed here', range: problem.closedAt }];
  } else if (problem.kind === 'mismatchedClosingBracket') {
    diagnostic.related = [{ message: 'the bracket it should close', range: problem.openedAt }];
  }
  return diagnostic;
}

/** "`:`", "`:` or `=`", "a, b or c". */
function oneOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Characters as a reader can see them: invisible ones by code point. */
function showCharacters(characters: string): string {
  const shown = [...characters].slice(0, 8).map((character) => {
    const visible = !/[\p{C}\p{Z}]/u.test(character);
    const codePoint = character.codePointAt(0)!;
    return visible ? `\`${character}\`` : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return shown.join(' ') + ([...characters].length > 8 ? ' ...' : '');
}
