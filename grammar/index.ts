/** The `.kf` front end: text to syntax tree and syntax problems. */
export type * as ast from './ast.ts';
export type { Position, Range } from './ast.ts';
export { parseText, type ParseResult } from './parse.ts';
export type { SyntaxProblem, SyntaxProblemKind } from './problems.ts';
export { keywords } from './tokens.ts';
export { childrenOf, walk } from './walk.ts';
export { tokenize, type LexedText } from './lexer.ts';
export { continuationTokens, continuesLine, isBodyBrace } from './layout.ts';
export * as tokens from './tokens.ts';
