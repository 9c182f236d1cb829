import { isBuiltin } from 'node:module';
import { relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The browser entry of 'keraflow' (runtime/index.ts) must bundle for a web
 * page: nothing it loads, directly or through any module or package, may be
 * one of Node's modules or a package that only works in Node. The graph is
 * esbuild's, resolved as a bundler does for the browser (package "browser"
 * fields, dynamic imports included, type-only imports left out).
 */

const root = resolve(import.meta.dirname, '../..');

/** Packages that need Node (the file system, native code) or belong to the Node entry alone. */
const NODE_ONLY_PACKAGES = ['mnist', '@tensorflow/tfjs-node', '@resvg/resvg-js', 'vega', 'vega-lite', 'ts-morph', 'commander'];

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function nodeOnly(specifier: string): boolean {
  return isBuiltin(specifier) || NODE_ONLY_PACKAGES.includes(packageName(specifier));
}

/** Each import of a Node module or Node-only package reachable from `entry`, as the chain of files that leads to it. */
async function nodeImportsOf(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'mark-node-only',
        setup(build) {
          // Packages map their Node branches away in their "browser" fields, which esbuild honours; an
          // unmapped Node module inside a package fails the build ("Could not resolve"), which fails the test.
          build.onResolve({ filter: /.*/ }, ({ path, importer }) => (nodeOnly(path) && !(isBuiltin(path) && importer.includes('/node_modules/')) ? { path, external: true } : undefined));
        },
      },
    ],
  });
  const inputs = result.metafile.inputs;
  // Breadth first from the entry: the shortest chain to each file.
  const start = relative(root, resolve(root, entry));
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const found: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imported of inputs[file]?.imports ?? []) {
      // esbuild also lists, as external, imports that TypeScript erases (used as types only).
      if (imported.external) {
        if (!nodeOnly(imported.path)) continue;
        const chain = [imported.path];
        for (let at: string | null = file; at !== null; at = parent.get(at)!) chain.unshift(at);
        found.push(chain.join(' -> '));
      } else if (!parent.has(imported.path)) {
        parent.set(imported.path, file);
        queue.push(imported.path);
      }
    }
  }
  return found;
}

describe('the browser entry, runtime/index.ts', () => {
  it('imports no Node module and no Node-only package, directly or transitively', async () => {
    expect(await nodeImportsOf('runtime/index.ts')).toEqual([]);
  });

  it('nor does the Keras 3 entry, runtime/keras/index.ts (keraflow/keras)', async () => {
    expect(await nodeImportsOf('runtime/keras/index.ts')).toEqual([]);
  });

  it('the same walk finds what the Node entry adds (files, the embedded MNIST, tfjs-node)', async () => {
    const found = await nodeImportsOf('runtime/node.ts');
    expect(found).toContainEqual(expect.stringMatching(/^runtime\/node\.ts -> .*runtime\/saving\/atomic-write\.ts -> node:fs\/promises$/));
    expect(found).toContainEqual(expect.stringMatching(/runtime\/datasets\/mnist\.ts -> node:module$/));
    expect(found).toContainEqual(expect.stringMatching(/-> @tensorflow\/tfjs-node$/));
  });

  it('the Node entry exports everything the browser entry does, plus files and data sets', async () => {
    const browser = await import('../../runtime/index.ts');
    const node = await import('../../runtime/node.ts');
    for (const name of Object.keys(browser)) expect(node[name as keyof typeof node], name).toBe(browser[name as keyof typeof browser]);
    expect(
      Object.keys(node)
        .filter((name) => !(name in browser))
        .sort(),
    ).toEqual(['builtInDatasets', 'historyChartSpec', 'historyToSvg', 'loadDataset']);
  });
});
