/**
 * The playground's build: playground/ (index.html and src/) to plain files
 * in dist/playground/, which `keraflow playground` serves. The compiler and
 * the language server run in the page unchanged; the few Node modules they
 * import are replaced by small browser versions in shims/. The build also
 * ships the wasm backend's binaries and the built-in data sets beside the
 * code (see datasets-plugin.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { datasetsPlugin, wasmBinariesPlugin } from './build-assets.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Module names the shared code imports, and the file the page uses instead. */
const replacements: Record<string, string> = {
  'node:path': here('shims/node-path.ts'),
  path: here('shims/node-path.ts'),
  'node:url': here('shims/node-url.ts'),
  'node:fs': here('shims/node-fs.ts'),
  fs: here('shims/node-fs.ts'),
  'node:module': here('shims/node-module.ts'),
  // Keras .keras files (HDF5) are for Node's export and import; the page never reads or writes one.
  h5wasm: here('shims/unavailable.ts'),
  // TypeScript measures itself with it where present.
  perf_hooks: here('shims/unavailable.ts'),
  '@resvg/resvg-js': here('shims/unavailable.ts'),
  'chevrotain-single-file': here('../node_modules/chevrotain/lib/chevrotain.mjs'),
};

/** grammar/chevrotain.ts finds Chevrotain by a URL at run time; in the page the bundler includes it. */
function browserModules(): Plugin {
  return {
    name: 'keraflow-browser-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      if (Object.hasOwn(replacements, source)) return replacements[source];
      if (importer && source.endsWith('/chevrotain.ts') && resolve(dirname(importer), source) === here('../grammar/chevrotain.ts')) return here('shims/chevrotain.ts');
      return null;
    },
  };
}

/**
 * ts-morph (with TypeScript, 6 MB) is for training only: the language server imports the compiler's entry,
 * which names compile(), but never calls it. The emitter and ts-morph marked free of side effects, they are
 * left out of the bundles that do not use them.
 */
const withoutSideEffects = /\/node_modules\/(ts-morph|@ts-morph\/common)\/|\/compiler\/(emit\/|compile\.ts$)/;
const rollupOptions = { treeshake: { moduleSideEffects: (id: string) => !withoutSideEffects.test(id) } };

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [browserModules(), wasmBinariesPlugin(), datasetsPlugin()],
  worker: { format: 'es', plugins: () => [browserModules()], rollupOptions },
  build: {
    outDir: here('../dist/playground'),
    rollupOptions,
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 8000,
  },
  logLevel: 'warn',
});
