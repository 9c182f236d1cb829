/**
 * The catalogue as one: every layer file under runtime/layers/ is registered
 * (reached from runtime/layers/index.ts, so the checker, the editor and
 * loading know it), every class of the catalogue has a case in cases.ts,
 * and every case passes the harness and, where it names one, its
 * TensorFlow.js Layers oracle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { layerCatalogue } from '../../../runtime/layers/index.ts';
import { checkLayer, compareWithOracle } from './harness.ts';
import { caseTitle, layerCases } from './cases.ts';

const layersFolder = resolve(import.meta.dirname, '../../../runtime/layers');

/** runtime/layers files that register a layer class at their top level. */
function layerFiles(): string[] {
  return readdirSync(layersFolder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => /^registerLayer\(/m.test(readFileSync(file, 'utf8')) && !file.endsWith('index.ts'));
}

function importedBy(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => resolve(dirname(file), imported.fileName));
}

describe('the layer catalogue', () => {
  it('registers every layer file: runtime/layers/index.ts imports each', () => {
    const files = layerFiles();
    expect(files.length).toBeGreaterThan(30);
    const reached = new Set(importedBy(join(layersFolder, 'index.ts')));
    const missing = files.filter((file) => !reached.has(file)).map((file) => relative(layersFolder, file));
    expect(missing, 'add these files to runtime/layers/index.ts').toEqual([]);
  });

  it('has a case in test/runtime/layers/cases.ts for every class', () => {
    const covered = new Set(layerCases.map((c) => c.className));
    const missing = [...layerCatalogue().keys()].filter((name) => name !== 'Input' && !covered.has(name));
    expect(missing, 'add a case for each to test/runtime/layers/cases.ts').toEqual([]);
  });

  it.each(layerCases.map((c) => [caseTitle(c), c] as const))('%s: shapes, parameters, no leaks, and its oracle', (_, testCase) => {
    const result = checkLayer({ make: testCase.make, input: testCase.input, dtype: testCase.dtype });
    if (testCase.oracle) compareWithOracle(result, testCase.oracle());
    [...result.x, result.y].forEach((tensor) => tensor.dispose());
  });
});
