/**
 * Syntax problems as data. The grammar says what is wrong and where; the
 * compiler's diagnostic catalogue (compiler/diagnostics.ts) gives each kind
 * its code, severity and message, so that all wording lives in one place.
 */
import type { Range } from './ast.ts';

export type SyntaxProblem =
  /** A token that does not fit: `expected` lists what would (already described: "`=`", "a name", "an expression"). */
  | { kind: 'unexpectedToken'; range: Range; expected: string[]; found: string; after?: string }
  | { kind: 'unterminatedString'; range: Range }
  | { kind: 'unexpectedCharacter'; range: Range; characters: string }
  /** An opening bracket never closed; `range` is the opener, `closedAt` where the parser assumed the closer. */
  | { kind: 'unclosedBracket'; range: Range; opening: string; closing: string; closedAt: Range }
  | { kind: 'unmatchedClosingBracket'; range: Range; closing: string }
  /** `f(x]`: the closer does not match the innermost opener (at `openedAt`), and is taken for `expected`. */
  | { kind: 'mismatchedClosingBracket'; range: Range; closing: string; expected: string; openedAt: Range }
  | { kind: 'invalidEscape'; range: Range; sequence: string }
  | { kind: 'nestingTooDeep'; range: Range; limit: number }
  /** A statement in a place that does not take it (`input` in a block, `return` in a model, ...). */
  | { kind: 'misplacedStatement'; range: Range; statement: string; container: string; hint?: string }
  | { kind: 'positionalAfterKeyword'; range: Range }
  /** `f(x.y=1)`: what comes before `=` in an argument list is not a plain name. */
  | { kind: 'invalidArgumentName'; range: Range }
  /** `f(x) = ...`: only a name can be assigned to. */
  | { kind: 'invalidAssignmentTarget'; range: Range }
  | { kind: 'blockWithoutReturn'; range: Range; block: string }
  | { kind: 'statementAfterReturn'; range: Range }
  /** The parser itself failed; a bug, reported rather than thrown. */
  | { kind: 'internalError'; range: Range; detail: string };

export type SyntaxProblemKind = SyntaxProblem['kind'];
