/**
 * `keraflow compile FILE.kf... [-o OUT] [--target typescript|keras] [--runtime-import SPECIFIER]`:
 * checks the files (and what they import) and writes each one's TypeScript
 * next to it (`model.kf` -> `model.ts`), or to OUT for a single file. A file
 * with errors is not emitted: the diagnostics are printed and the exit
 * status is 1. Warnings are printed and do not stop emission.
 *
 * `import "./blocks.kf"` becomes an import of `./blocks.js` (nodenext's name for blocks.ts), the module that
 * compiling blocks.kf writes beside it, so compile the imported files too
 * (`keraflow compile *.kf`). The modules come from `compile()`
 * (compiler/compile.ts), which emits them from what the checker resolved.
 *
 * `--target keras` writes Python instead (`model.kf` -> `model.py`): a module
 * whose `build_<model>()` functions make the models with Keras 3; blocks and
 * imported declarations are expanded in it, so it needs no other module.
 */
import { statSync } from 'node:fs';
import { CommandError } from '../command-error.ts';
import { Command } from 'commander';
import type { CheckOptions, SourceInput } from '../../check/index.ts';
import type { CompileResult } from '../../compile.ts';

interface CompileOptions {
  output?: string;
  runtimeImport: string;
  target: string;
}

/** Each target and the extension of the files it writes. */
const TARGETS: Readonly<Record<string, string>> = { typescript: '.ts', keras: '.py' };

export const command = new Command('compile')
  .description('compile .kf files to TypeScript, or to Keras 3 Python (FILE.kf -> FILE.ts or FILE.py beside it; exit 1 on errors)')
  .argument('<files...>', '.kf files to compile')
  .option('-o, --output <file>', 'where to write the module (one input file only)')
  .option('--target <target>', 'typescript (the Keraflow runtime) or keras (a Python module for Keras 3)', 'typescript')
  .option('--runtime-import <specifier>', 'the module the generated code imports the runtime from', 'keraflow')
  .action(async (files: string[], options: CompileOptions) => {
    if (!Object.hasOwn(TARGETS, options.target)) {
      throw new CommandError(`--target takes ${Object.keys(TARGETS).join(' or ')}, but got '${options.target}'`);
    }
    const extension = TARGETS[options.target];
    if (options.runtimeImport.trim() === '') {
      throw new CommandError('--runtime-import takes a module specifier (such as keraflow), but got an empty one');
    }
    if (options.output !== undefined && files.length !== 1) {
      throw new CommandError(`-o takes one input file, but ${files.length} were given`);
    }
    const { basename, dirname, join, resolve } = await import('node:path');
    const { mkdirSync } = await import('node:fs');
    const { checkFiles, printAllDiagnostics, relativeName } = await import('../check-files.ts');
    const { writeFileAtomic } = await import('../../../runtime/saving/atomic-write.ts');
    // The Keras target on its own: compile.ts's TypeScript emitter loads ts-morph, seconds of start-up that Python needs none of.
    const checked = options.target === 'keras' ? checkFiles(files, (await import('../../compile-keras.ts')).compileToKeras) : checkFiles(files, await typescriptCompiler(options.runtimeImport));
    const diagnostics = checked.check.diagnostics;
    if (diagnostics.length > 0) printAllDiagnostics(diagnostics, checked.texts, process.stderr);
    if (diagnostics.some((d) => d.severity === 'error')) {
      throw new CommandError('nothing written: fix the errors above first');
    }
    // A file named twice is written once.
    for (const fileName of new Set(checked.fileNames)) {
      const module = checked.check.modules.find((emitted) => emitted.fileName === fileName)!;
      const output = options.output !== undefined ? resolve(options.output) : fileName.replace(/(\.kf)?$/, extension);
      if (output === fileName) {
        throw new CommandError(`the output ${relativeName(output)} would overwrite its source`);
      }
      if (isDirectory(output)) {
        const example = relativeName(join(output, basename(fileName).replace(/(\.kf)?$/, extension)));
        throw new CommandError(`the output ${relativeName(output) || '.'} is a directory${options.output !== undefined ? `: -o takes a file name, such as ${example}` : ''}`);
      }
      try {
        mkdirSync(dirname(output), { recursive: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (error as Error).message;
        throw new CommandError(`cannot make the folder ${relativeName(dirname(output))} for the output: ${why}`);
      }
      try {
        // Generated files are rewritten freely; the write is atomic, so a crash never leaves half a module.
        await writeFileAtomic(output, module.text, { overwrite: true, argument: 'output' });
      } catch (error) {
        throw new CommandError((error as Error).message, { cause: error });
      }
      process.stdout.write(`${relativeName(fileName)} -> ${relativeName(output)}\n`);
    }
  });

/** Whether a directory is at this path; false when nothing is, or it cannot be reached (the write then says why). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** compile() to TypeScript modules importing the runtime from `runtimeImport`. */
async function typescriptCompiler(runtimeImport: string): Promise<(inputs: SourceInput[], options: CheckOptions) => CompileResult> {
  const { compile } = await import('../../compile.ts');
  return (inputs, options) => compile(inputs, { ...options, runtimeImport });
}
