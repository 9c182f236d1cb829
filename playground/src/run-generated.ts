/**
 * Runs the modules `compile()` wrote, in the page: each is transpiled to
 * CommonJS by the TypeScript that ts-morph ships and run with a `require`
 * that gives the runtime for 'keraflow' and an earlier module for
 * `./name.js` (a `.kf` import). The modules come imports first.
 */
import { ts } from 'ts-morph';
import type { EmittedModule } from '../../compiler/compile.ts';

export function runGenerated(modules: readonly EmittedModule[], fileName: string, runtime: object): Record<string, unknown> {
  const exportsByName = new Map<string, Record<string, unknown>>();
  const baseName = (path: string) =>
    path
      .split('/')
      .pop()!
      .replace(/\.(kf|js|ts)$/, '');
  let wanted: Record<string, unknown> | undefined;
  for (const module of modules) {
    const javascript = ts.transpileModule(module.text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const require = (specifier: string): unknown => {
      if (specifier === 'keraflow') return runtime;
      const imported = exportsByName.get(baseName(specifier));
      if (!imported) throw new Error(`the compiled code imports '${specifier}', which is not among the compiled files`);
      return imported;
    };
    const exports: Record<string, unknown> = {};
    new Function('require', 'exports', 'module', javascript)(require, exports, { exports });
    exportsByName.set(baseName(module.fileName), exports);
    if (module.fileName === fileName) wanted = exports;
  }
  if (!wanted) throw new Error(`${fileName} is not among the compiled files`);
  return wanted;
}
