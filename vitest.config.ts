import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
    include: ['test/**/*.test.ts'],
    // The sources transpiled once, for the tests to run the `keraflow` command from (test/run-keraflow.ts).
    globalSetup: ['test/cli-build.ts'],
    env: {
      // Tests run on the plain-JS backend unless a suite asks for another.
      KERAFLOW_BACKEND: process.env.KERAFLOW_BACKEND ?? 'cpu',
      // bin/keraflow.js, spawned by the CLI tests, runs the sources too (through tsx), not dist/.
      KERAFLOW_FROM_SOURCE: '1',
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Many tests wait on child processes
    // (the CLI, Python with Keras, Chromium, npm), so a second worker overlaps those waits.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
