/** The Keraflow compiler's public entry points. */
import type * as ast from '../grammar/ast.ts';
import { parseText } from '../grammar/parse.ts';
import { fromSyntaxProblem, type Diagnostic } from './diagnostics.ts';

export type { Diagnostic, Position, Range, RelatedInformation, Severity } from './diagnostics.ts';
export type * as ast from '../grammar/ast.ts';
export { check } from './check/index.ts';
export { compile } from './compile.ts';
export type { CompileOptions, CompileResult, EmittedModule, ModuleExports } from './compile.ts';
export type { CheckOptions, SourceInput } from './check/index.ts';
export type * from './check/types.ts';

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
