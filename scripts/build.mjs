#!/usr/bin/env node
/**
 * `npm run build`: dist/ from scratch with tsc and tsconfig.build.json
 * (JavaScript, declarations, source maps), then the relative `.ts`
 * specifiers in the declarations made `.js`. tsc rewrites them in the
 * JavaScript (rewriteRelativeImportExtensions) but not in the .d.ts files
 * (microsoft/TypeScript#61037), which editors and declaration bundlers
 * would then look for in vain. The playground's page is built apart
 * (scripts/build-playground.mjs, run by `prepack`), so that `npm install`
 * in a clone stays quick; this build leaves dist/playground/ in place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

// From scratch, except the playground's page, which has its own build and may be packed with this one.
for (const entry of existsSync(dist) ? readdirSync(dist) : []) {
  if (entry !== 'playground') rmSync(join(dist, entry), { recursive: true, force: true });
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('build: tsc failed (see above)');
  process.exit(result.status ?? 1);
}

// `from './x.ts'`, `import('./x.ts')`, `import './x.ts'`: relative specifiers only (a package name ending in .ts is left alone).
const relativeTsSpecifier = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*)\.ts\2/g;
let rewritten = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const path = join(entry.parentPath, entry.name);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replace(relativeTsSpecifier, (_, before, quote, stem) => `${before}${quote}${stem}.js${quote}`);
  if (fixed !== text) {
    writeFileSync(path, fixed);
    rewritten++;
  }
}
// On stderr: `npm pack --json`, which runs this through prepare, keeps stdout for its JSON.
console.error(`build: dist/ written; .js specifiers in ${rewritten} declaration files`);
