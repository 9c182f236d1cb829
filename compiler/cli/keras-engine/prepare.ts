/**
 * Before `keraflow train --engine keras` builds anything: the flags it
 * cannot honour, then the Python started (python.ts: it imports Keras while
 * Keraflow works), then the model compiled to Python (what Keras 3 cannot
 * express is printed as KF601 and stops here) and handed to the Python to
 * build; then, once the file's train { ... } is loaded, the settings it
 * cannot honour. Every refusal of the Keras engine is here (sample weights
 * in the data are refused by fit.ts, which reads the data).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError } from '../command-error.ts';
import { KerasPython } from './python.ts';

/** The flags the Keras engine refuses, then its Python, started. */
export function startKeras(options: { backend?: string; from?: string }): KerasPython {
  if (options.backend !== undefined) throw new CommandError("--backend chooses a TensorFlow.js backend, and --engine keras trains in Keras: set KERAS_BACKEND to choose Keras's (jax by default)");
  if (options.from !== undefined) throw new CommandError('--from is not taken with --engine keras yet: continue training with the Keraflow engine');
  return new KerasPython();
}

/**
 * The file checked and compiled to Keras Python (its diagnostics printed: what Keras 3 cannot express is KF601, and
 * stops here), the model handed to the Python to build (it reports when it has: fit.ts waits for it); then, while
 * it does, the same check's TypeScript for Keraflow's own model of the file (the data's checks, the summary and
 * the weights of --save), which loads ts-morph: after the Python has its model, not before. One check for both.
 */
export async function compileForKeras(python: KerasPython, file: string, wanted: string | undefined, runtimeUrl: string) {
  const { checkFiles } = await import('../check-files.ts');
  const { modelExports, pickModel } = await import('../compile-kf.ts');
  const { compileToKeras } = await import('../../compile-keras.ts');
  const checked = checkFiles([file], compileToKeras);
  const { fileName, modelName } = pickModel(checked, wanted);
  const modulePath = join(python.folder, 'model.py');
  writeFileSync(modulePath, checked.check.modules.find((m) => m.fileName === fileName)!.text);
  python.send({ build: { module: modulePath, function: modelExports(checked.check.modules, fileName, modelName).build } });

  const { emitTypeScript } = await import('../../compile.ts');
  const { modules } = emitTypeScript(checked.check, { runtimeImport: runtimeUrl });
  return { fileName, modelName, exports: modelExports(modules, fileName, modelName), modules };
}

/** The file's train { ... } settings the Keras engine does not take yet: refused, not silently dropped. */
export function refuseKerasSettings(settings: { weights?: string; callbacks?: unknown }): void {
  if (settings.weights !== undefined) throw new CommandError('train { weights = ... } is not taken with --engine keras yet: continue training with the Keraflow engine');
  if (Array.isArray(settings.callbacks) && settings.callbacks.length > 0) {
    throw new CommandError('train { callbacks = [...] } is not taken with --engine keras yet: train with the Keraflow engine, or leave the callbacks out');
  }
}
