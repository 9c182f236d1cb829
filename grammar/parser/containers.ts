/**
 * The parser reads one statement grammar everywhere, so that a statement in
 * the wrong place still parses; here each container keeps what it allows and
 * reports the rest (`input` in a block, `return` in a model, ...).
 */
import type * as ast from '../ast.ts';
import type { SyntaxProblem } from '../problems.ts';

/** A bare expression as a statement: a layer of a sequential, misplaced anywhere else. */
export interface ExpressionStatement {
  kind: 'ExpressionStatement';
  value: ast.Expression;
  range: ast.Range;
}

export type ParsedStatement = ast.Declaration | ast.Use | ast.Statement | ExpressionStatement;

type Container = 'file' | 'model' | 'block' | 'sequential';

const allowed: Record<Container, ReadonlySet<ParsedStatement['kind']>> = {
  file: new Set(['Import', 'Let', 'Block', 'Model', 'Sequential']),
  model: new Set(['Input', 'Layer', 'Assignment', 'Destructuring', 'Output', 'Loss', 'Metrics', 'LossWeights', 'Optimizer', 'Train']),
  block: new Set(['Layer', 'Assignment', 'Destructuring', 'Return']),
  sequential: new Set(['ExpressionStatement', 'Loss', 'Metrics', 'LossWeights', 'Optimizer', 'Train']),
};

const where: Record<Container, string> = {
  file: 'at the top level',
  model: 'in a model',
  block: 'in a block',
  sequential: 'in a sequential',
};

const labels: Record<ParsedStatement['kind'], string> = {
  Use: '`use`',
  Import: '`import`',
  Let: '`let`',
  Block: 'a block',
  Model: 'a model',
  Sequential: 'a sequential',
  Input: '`input`',
  Layer: '`layer`',
  Assignment: 'an assignment',
  Destructuring: 'an assignment',
  Output: '`output`',
  Loss: '`loss`',
  Metrics: '`metrics`',
  LossWeights: '`loss_weights`',
  Optimizer: '`optimizer`',
  Train: '`train`',
  Return: '`return`',
  ExpressionStatement: 'an expression on its own',
};

function hint(kind: ParsedStatement['kind'], container: Container): string | undefined {
  if (kind === 'Use') return "it must be the file's first declaration";
  if (allowed.file.has(kind)) return 'declare it at the top level';
  if (container === 'file') return kind === 'Return' ? 'it belongs at the end of a block' : 'it belongs inside a model';
  if (kind === 'ExpressionStatement') {
    return container === 'block' ? 'name it (`h = ...`) or `return` it' : 'name it (`h = ...`) or make it an `output`';
  }
  if (kind === 'Return') {
    return container === 'model' ? "a model's results are its `output`s" : "a sequential's result is its last layer";
  }
  if (container === 'block') {
    if (kind === 'Input') return "a block's tensors are its second parameter list";
    if (kind === 'Output') return "a block's result is what it returns";
    return 'a block has no training settings; put them in the model that uses it';
  }
  if (container === 'sequential') {
    if (kind === 'Input') return 'start the sequential with `Input([...])`';
    return 'a sequential lists its layers, one per line; name tensors in a model';
  }
  return undefined;
}

/** The statements `container` allows, in order; a problem for each other one. */
export function keepAllowed<T extends ParsedStatement>(statements: ParsedStatement[], container: Container, problems: SyntaxProblem[]): T[] {
  const kept: T[] = [];
  for (const statement of statements) {
    if (allowed[container].has(statement.kind)) {
      kept.push(statement as T);
      continue;
    }
    problems.push({
      kind: 'misplacedStatement',
      range: statement.range,
      statement: labels[statement.kind],
      container: where[container],
      hint: hint(statement.kind, container),
    });
  }
  return kept;
}

/** A file's `use` declaration: its first statement only; any other `use` is misplaced. */
export function splitDialect(statements: ParsedStatement[], problems: SyntaxProblem[]): { dialect?: ast.Use; rest: ParsedStatement[] } {
  const first = statements[0];
  const dialect = first?.kind === 'Use' ? first : undefined;
  const rest = dialect ? statements.slice(1) : statements;
  for (const statement of rest) {
    if (statement.kind === 'Use') {
      problems.push({ kind: 'misplacedStatement', range: statement.range, statement: labels.Use, container: 'after the first declaration', hint: 'put it first in the file' });
    }
  }
  return { dialect, rest: rest.filter((statement) => statement.kind !== 'Use') };
}

/** A block's body must end with its one `return`. */
export function checkBlockBody(name: ast.Identifier, body: ast.BlockStatement[], problems: SyntaxProblem[]): void {
  const returnIndex = body.findIndex((statement) => statement.kind === 'Return');
  if (returnIndex === -1) {
    problems.push({ kind: 'blockWithoutReturn', range: name.range, block: name.name });
  } else if (returnIndex < body.length - 1) {
    problems.push({ kind: 'statementAfterReturn', range: body[returnIndex + 1]!.range });
  }
}
