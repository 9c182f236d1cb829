#!/usr/bin/env node
// The `keraflow` command: the compiled JavaScript in dist/ (`npm run build`, which `npm install` runs in a clone).
// KERAFLOW_FROM_SOURCE=1 runs the TypeScript sources through tsx (a development dependency) instead: the test suite sets it, so that it tests the sources as they are.
if (process.env.KERAFLOW_FROM_SOURCE) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../compiler/cli/main.ts');
} else {
  const main = new URL('../dist/compiler/cli/main.js', import.meta.url);
  const { existsSync } = await import('node:fs');
  if (!existsSync(main)) {
    const { fileURLToPath } = await import('node:url');
    process.stderr.write(`keraflow: ${fileURLToPath(main)} is missing: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
    process.exit(1);
  }
  await import(main.href);
}
