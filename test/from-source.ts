/**
 * "keraflow" and "keraflow/compiler" resolved to this repository's sources,
 * for the TypeScript programs the tests build themselves: package.json
 * exports the built dist/, which a checkout may not have or may have stale.
 * (tsconfig.json and vitest.config.ts map them the same way.)
 */
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export const keraflowSourcePaths: Record<string, string[]> = {
  keraflow: [join(root, 'runtime/node.ts')],
  'keraflow/node': [join(root, 'runtime/node.ts')],
  'keraflow/compiler': [join(root, 'compiler/index.ts')],
  'keraflow/keras': [join(root, 'runtime/keras/index.ts')],
};
