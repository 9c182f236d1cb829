/**
 * `compile()`: `.kf` files in, diagnostics and TypeScript modules out. It
 * reads top to bottom as the compiler's phases: check (parse, resolve,
 * shapes), then emit each file from what the checker resolved, imported
 * files first so that a module imports the names the imported module
 * exports. `keraflow compile`, `keraflow train` and any other target read
 * this result; none parses or resolves a name again.
 */
import { check, type CheckOptions, type SourceInput } from './check/index.ts';
import type { CheckResult } from './check/types.ts';
import { emitModule, type EmittedModule, type ModuleExports } from './emit/index.ts';
import { compileToKeras } from './compile-keras.ts';

export type { EmittedModule, ModuleExports } from './emit/index.ts';

export interface CompileOptions extends CheckOptions {
  /** The module the generated code imports the runtime from (default 'keraflow', the package's own name). */
  runtimeImport?: string;
  /** Emit even when a diagnostic is an error (best effort, for tools; the CLI never writes such a module). Default: false. */
  emitWithErrors?: boolean;
  /** What to emit: TypeScript modules calling the Keraflow runtime (the default), or Python modules building Keras 3 models. */
  target?: 'typescript' | 'keras';
}

export interface CompileResult extends CheckResult {
  /**
   * One module per checked file (each requested file and each file it imports), imports first; each
   * names what it exports (per model its build function and train defaults). Empty when a diagnostic
   * is an error, unless `emitWithErrors`.
   */
  modules: EmittedModule[];
}

/** Checks `.kf` sources (paths, or `{fileName, text}`) and emits each one's TypeScript module (or Python, for `target: 'keras'`). Never throws on bad input. */
export function compile(input: string | SourceInput | readonly (string | SourceInput)[], options: CompileOptions = {}): CompileResult {
  if (options.target === 'keras') return compileToKeras(input, options);
  return emitTypeScript(check(input, options), options);
}

/**
 * The TypeScript modules of what check() found, imported files first. Empty when a diagnostic is an
 * error, unless `emitWithErrors`. Apart from compile() so that a command that checked a file for
 * another target (`train --engine keras`) emits its TypeScript without checking it again.
 */
export function emitTypeScript(checked: CheckResult, options: Pick<CompileOptions, 'runtimeImport' | 'emitWithErrors'> = {}): CompileResult {
  if (!options.emitWithErrors && checked.diagnostics.some((d) => d.severity === 'error')) return { ...checked, modules: [] };
  const exports = new Map<string, ModuleExports>();
  const modules = checked.files.map((file) => {
    const module = emitModule(file, { runtimeImport: options.runtimeImport, exportsOf: (fileName) => exports.get(fileName) });
    exports.set(file.fileName, module.exports);
    return module;
  });
  return { ...checked, modules };
}
