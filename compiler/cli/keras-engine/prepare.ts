/**
 * Before `keraflow train --engine keras` builds anything: the flags it
 * cannot honour, the Python with Keras 3, and the model compiled to Python
 * (what Keras 3 cannot express is printed as KF601 and stops here); then,
 * once the file's train { ... } is loaded, the settings it cannot honour.
 * Every refusal of the Keras engine is here (sample weights in the data
 * are refused by fit.ts, which reads the data).
 */
import { CommandError, failOnErrors } from '../command-error.ts';
import { findKerasPython, type KerasPython } from './python.ts';

export interface PreparedKeras {
  python: KerasPython;
  /** The file's Python module, and the model's build function in it. */
  moduleText: string;
  build: string;
}

export async function prepareKeras(fileName: string, modelName: string, options: { backend?: string; from?: string }): Promise<PreparedKeras> {
  if (options.backend !== undefined) throw new CommandError("--backend chooses a TensorFlow.js backend, and --engine keras trains in Keras: set KERAS_BACKEND to choose Keras's (jax by default)");
  if (options.from !== undefined) throw new CommandError('--from is not taken with --engine keras yet: continue training with the Keraflow engine');
  const { checkFiles, printAllDiagnostics } = await import('../check-files.ts');
  const { compile } = await import('../../compile.ts');
  const compiled = checkFiles([fileName], (inputs, checkOptions) => compile(inputs, { ...checkOptions, target: 'keras' }));
  const problems = compiled.check.diagnostics.filter((d) => d.code === 'KF601');
  if (problems.length > 0) printAllDiagnostics(problems, compiled.texts, process.stderr);
  failOnErrors(compiled.check.diagnostics);
  const module = compiled.check.modules.find((m) => m.fileName === compiled.fileNames[0])!;
  const build = module.exports.models.find((m) => m.name === modelName)!.build;
  return { python: findKerasPython(), moduleText: module.text, build };
}

/** The file's train { ... } settings the Keras engine does not take yet: refused, not silently dropped. */
export function refuseKerasSettings(settings: { weights?: string; callbacks?: unknown }): void {
  if (settings.weights !== undefined) throw new CommandError('train { weights = ... } is not taken with --engine keras yet: continue training with the Keraflow engine');
  if (Array.isArray(settings.callbacks) && settings.callbacks.length > 0) {
    throw new CommandError('train { callbacks = [...] } is not taken with --engine keras yet: train with the Keraflow engine, or leave the callbacks out');
  }
}
