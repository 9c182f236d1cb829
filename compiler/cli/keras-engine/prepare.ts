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
import { CommandError, failOnErrors } from '../command-error.ts';
import { KerasPython } from './python.ts';

/** The flags the Keras engine refuses, then its Python, started. */
export function startKeras(options: { backend?: string; from?: string }): KerasPython {
  if (options.backend !== undefined) throw new CommandError("--backend chooses a TensorFlow.js backend, and --engine keras trains in Keras: set KERAS_BACKEND to choose Keras's (jax by default)");
  if (options.from !== undefined) throw new CommandError('--from is not taken with --engine keras yet: continue training with the Keraflow engine');
  return new KerasPython();
}

/** The file compiled to Keras Python, and the model built from it by the Python (which reports when it has: fit.ts waits for it). */
export async function prepareKeras(python: KerasPython, fileName: string, modelName: string): Promise<void> {
  const { checkFiles, printAllDiagnostics } = await import('../check-files.ts');
  const { compile } = await import('../../compile.ts');
  const compiled = checkFiles([fileName], (inputs, checkOptions) => compile(inputs, { ...checkOptions, target: 'keras' }));
  const problems = compiled.check.diagnostics.filter((d) => d.code === 'KF601');
  if (problems.length > 0) printAllDiagnostics(problems, compiled.texts, process.stderr);
  failOnErrors(compiled.check.diagnostics);
  const module = compiled.check.modules.find((m) => m.fileName === compiled.fileNames[0])!;
  const build = module.exports.models.find((m) => m.name === modelName)!.build;
  const modulePath = join(python.folder, 'model.py');
  writeFileSync(modulePath, module.text);
  python.send({ build: { module: modulePath, function: build } });
}

/** The file's train { ... } settings the Keras engine does not take yet: refused, not silently dropped. */
export function refuseKerasSettings(settings: { weights?: string; callbacks?: unknown }): void {
  if (settings.weights !== undefined) throw new CommandError('train { weights = ... } is not taken with --engine keras yet: continue training with the Keraflow engine');
  if (Array.isArray(settings.callbacks) && settings.callbacks.length > 0) {
    throw new CommandError('train { callbacks = [...] } is not taken with --engine keras yet: train with the Keraflow engine, or leave the callbacks out');
  }
}
