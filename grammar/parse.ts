/**
 * Text to syntax tree: lex, lay out, parse. Never throws: anything wrong
 * with the text, however broken, comes back as problems.
 */
import type * as ast from './ast.ts';
import { layout } from './layout.ts';
import { tokenize } from './lexer.ts';
import { problemFromError } from './parser/errors.ts';
import { KeraflowParser } from './parser/statements.ts';
import { emptyRangeAt, LineIndex, rangeOf } from './positions.ts';
import type { SyntaxProblem } from './problems.ts';

export interface ParseResult {
  file: ast.File;
  /** In source order. */
  problems: SyntaxProblem[];
}

// Building a Chevrotain parser analyses the grammar: done once, reused.
let parser: KeraflowParser | undefined;

export function parseText(text: string, fileName?: string): ParseResult {
  const lines = new LineIndex(text);
  const end = lines.positionAt(text.length);
  const fileRange = { start: lines.positionAt(0), end };
  try {
    const lexed = tokenize(text);
    const laidOut = layout(lexed.tokens, end);
    parser ??= new KeraflowParser();
    parser.startParse(laidOut.tokens);
    const { dialect, declarations } = parser.file() ?? { declarations: [] };
    const errors = [...parser.recognitionErrors, ...parser.errors];
    const parseProblems = [...parser.problems, ...errors.map((error) => problemFromError(error, laidOut.tokens, end))];
    const comments = lexed.comments.map((token): ast.Comment => ({ kind: 'Comment', text: token.image, range: rangeOf(token) }));
    return {
      file: { kind: 'File', fileName, ...(dialect ? { dialect } : {}), declarations, comments, range: fileRange },
      problems: oneProblemPerLine([...lexed.problems, ...laidOut.problems], parseProblems),
    };
  } catch (error) {
    // A bug in the parser; the caller still gets data, and the report names it.
    parser = undefined;
    const detail = error instanceof Error ? error.message : String(error);
    return {
      file: { kind: 'File', fileName, declarations: [], comments: [], range: fileRange },
      problems: [{ kind: 'internalError', range: emptyRangeAt(fileRange.start), detail }],
    };
  }
}

/**
 * Lexical and bracket problems are exact, so all are kept; a parse problem
 * on a line that already has one is most likely its echo, and is dropped.
 */
function oneProblemPerLine(exact: SyntaxProblem[], parsed: SyntaxProblem[]): SyntaxProblem[] {
  const byOffset = (first: SyntaxProblem, second: SyntaxProblem) => first.range.start.offset - second.range.start.offset;
  const takenLines = new Set(exact.map((problem) => problem.range.start.line));
  const kept = [...exact];
  for (const problem of [...parsed].sort(byOffset)) {
    if (takenLines.has(problem.range.start.line)) continue;
    takenLines.add(problem.range.start.line);
    kept.push(problem);
  }
  return kept.sort(byOffset);
}
