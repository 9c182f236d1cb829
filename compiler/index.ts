/** The Keraflow compiler's public entry points. */
export type { Diagnostic, Position, Range, RelatedInformation, Severity } from './diagnostics.ts';
export type * as ast from '../grammar/ast.ts';
export { check } from './check/index.ts';
export { compile } from './compile.ts';
export type { CompileOptions, CompileResult, EmittedModule, ModuleExports } from './compile.ts';
export { parse, type ParseOptions } from './parse.ts';
export type { CheckOptions, SourceInput } from './check/index.ts';
export type * from './check/types.ts';
