/**
 * Parsing alone, apart from the checker (and the runtime's layers it
 * loads), so that `keraflow fmt` starts without TensorFlow.js.
 */
import type * as ast from '../grammar/ast.ts';
import { parseText } from '../grammar/parse.ts';
import { fromSyntaxProblem, type Diagnostic } from './diagnostics.ts';

export interface ParseOptions {
  /** Recorded on the tree, for messages that name the file. */
  fileName?: string;
}

/**
 * Parses `.kf` text into a syntax tree. Never throws: syntax errors come
 * back as diagnostics (KF1xx), with a best-effort tree of what could be read.
 */
export function parse(text: string, options: ParseOptions = {}): { ast: ast.File; diagnostics: Diagnostic[] } {
  const result = parseText(text, options.fileName);
  return { ast: result.file, diagnostics: result.problems.map(fromSyntaxProblem) };
}
