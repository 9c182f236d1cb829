import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The test files that run in a worker's one module graph, one after another (isolate: false): the grammar's, the checker's,
 * the compiler's and the runtime's, which run in process; loading the runtime and the compiler anew for each took most of their
 * time. Every other file (and those below, which change process-wide state: the TensorFlow.js backend, the environment,
 * mocked modules) runs in a fresh process, as by default.
 */
const sharedFolders = ['test/grammar/', 'test/checker/', 'test/compiler/', 'test/runtime/'];
const ownProcess = [
  'test/runtime/backends/',
  'test/runtime/training/parallel/',
  // The browser entry without Node's file features, which runtime/node.ts, once loaded, provides.
  'test/runtime/saving/bytes.test.ts',
  // registerLayer(Scale): a layer of its own in the catalogue the checker and docs/layers.md read.
  'test/runtime/saving/round-trip.test.ts',
  'test/compiler/graph/render-without-resvg.test.ts',
];
const sharedFiles = readdirSync(source('./test'), { recursive: true, encoding: 'utf8' })
  .map((path) => `test/${path}`)
  .filter((path) => path.endsWith('.test.ts') && sharedFolders.some((folder) => path.startsWith(folder)) && !ownProcess.some((own) => path.startsWith(own)));

export default defineConfig({
  // The tests run the sources: "keraflow" (which package.json exports as the built dist/) is runtime/node.ts here, the entry
  // Node programs get (its "node" condition), as in tsconfig.json; the browser entry is tested in test/browser/.
  resolve: {
    alias: [
      { find: /^keraflow$/, replacement: source('./runtime/node.ts') },
      { find: /^keraflow\/node$/, replacement: source('./runtime/node.ts') },
      { find: /^keraflow\/compiler$/, replacement: source('./compiler/index.ts') },
      { find: /^keraflow\/keras$/, replacement: source('./runtime/keras/index.ts') },
    ],
  },
  test: {
    // The sources transpiled once, for the tests to run the `keraflow` command from (test/run-keraflow.ts).
    globalSetup: ['test/cli-build.ts'],
    env: {
      // Tests run on the plain-JS backend unless a suite asks for another.
      KERAFLOW_BACKEND: process.env.KERAFLOW_BACKEND ?? 'cpu',
      // bin/keraflow.js, where a test spawns it (as `npx keraflow`), runs the sources too (through tsx), not dist/.
      KERAFLOW_FROM_SOURCE: '1',
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Many tests wait on child processes
    // (the CLI, Python with Keras, Chromium, npm), so a second worker overlaps those waits.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'shared', include: sharedFiles, isolate: false, setupFiles: ['test/fresh-names.ts'] } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...sharedFiles] } },
    ],
  },
});
