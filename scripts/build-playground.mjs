#!/usr/bin/env node
/**
 * `npm run build:playground` (and `prepack`): the playground's page, built
 * by Vite from playground/ into dist/playground/, which `keraflow
 * playground` serves. Apart from `npm run build` because it takes minutes:
 * a clone's `npm install` need not wait for it (the command builds the page
 * on first use there), while a packed package ships it ready.
 */
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { build } = await import('vite');
await build({ configFile: join(root, 'playground/vite.config.ts'), logLevel: 'error' });
// On stderr: `npm pack --json` keeps stdout for its JSON.
console.error('build: dist/playground/ written (the playground page)');
