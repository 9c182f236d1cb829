/** The checker as the server calls it: the compiler's `check` (compiler/index.ts). */
export { check } from '../index.ts';
export type { CheckOptions, SourceInput } from '../index.ts';
