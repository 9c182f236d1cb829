/**
 * `compile()`'s Keras target on its own: check, then one Python module per
 * checked file. Apart from compile.ts because the TypeScript emitter loads
 * ts-morph (TypeScript itself: seconds of start-up), which `compile --target
 * keras` and `train --engine keras` do not need before they can start Python.
 */
import { check, type CheckOptions, type SourceInput } from './check/index.ts';
import type { CheckResult } from './check/types.ts';
import type { CompileResult } from './compile.ts';
import { emitKerasModule } from './emit-keras/index.ts';

/** `compile(input, { ...options, target: 'keras' })`, with only the Keras emitter loaded. Never throws on bad input. */
export function compileToKeras(input: string | SourceInput | readonly (string | SourceInput)[], options: CheckOptions & { emitWithErrors?: boolean } = {}): CompileResult {
  return emitKeras(check(input, options), options);
}

/** The Python modules of what check() found; KF601 says what Keras 3 lacks. Empty when a diagnostic is an error, unless `emitWithErrors`. */
export function emitKeras(checked: CheckResult, options: { emitWithErrors?: boolean } = {}): CompileResult {
  if (!options.emitWithErrors && checked.diagnostics.some((d) => d.severity === 'error')) return { ...checked, modules: [] };
  // Each Python module stands alone (blocks and imports are expanded), so the order does not matter.
  const modules = checked.files.map((file) =>
    emitKerasModule(
      file,
      checked.models.filter((model) => model.location.fileName === file.fileName),
    ),
  );
  const diagnostics = [...checked.diagnostics, ...modules.flatMap((module) => module.diagnostics)];
  const failed = !options.emitWithErrors && diagnostics.some((d) => d.severity === 'error');
  return { ...checked, diagnostics, modules: failed ? [] : modules.map(({ fileName, text, exports }) => ({ fileName, text, exports })) };
}
