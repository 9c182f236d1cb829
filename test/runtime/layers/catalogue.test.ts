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
import { DIALECTS, dialectOf, layerCatalogue } from '../../../runtime/layers/index.ts';
import { checkLayer, compareGradientsWithOracle, compareWithOracle } from './harness.ts';
import { caseTitle, layerCases } from './cases.ts';

const layersFolder = resolve(import.meta.dirname, '../../../runtime/layers');
const kerasLayersFolder = resolve(import.meta.dirname, '../../../runtime/keras/layers');

/** runtime/layers (runtime/keras/layers) files that register a layer class at their top level. */
function layerFiles(folder = layersFolder): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
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

  it('registers every Keras 3 layer file: runtime/keras/layers/index.ts imports each, and runtime/layers/index.ts imports that', () => {
    const files = layerFiles(kerasLayersFolder);
    expect(files.length).toBeGreaterThan(10);
    const reached = new Set(importedBy(join(kerasLayersFolder, 'index.ts')));
    expect(files.filter((file) => !reached.has(file)).map((file) => relative(kerasLayersFolder, file))).toEqual([]);
    expect(importedBy(join(layersFolder, 'index.ts'))).toContain(join(kerasLayersFolder, 'index.ts'));
  });

  it.each(DIALECTS.map((dialect) => [dialect] as const))('has a case in test/runtime/layers/cases.ts for every class of the %s catalogue', (dialect) => {
    const covered = new Set(layerCases.filter((c) => (c.dialect ?? 'keraflow') === dialect).map((c) => c.className));
    // Aliases (MaxPool2D) are covered by their class's case.
    // A class in both catalogues (the attention layers) has its cases in its own dialect's.
    const classes = [...layerCatalogue(dialect)].filter(([name, layerClass]) => name === layerClass.spec.className && dialectOf(layerClass.spec) === dialect).map(([name]) => name);
    const missing = classes.filter((name) => name !== 'Input' && name !== 'Sequential' && !covered.has(name));
    expect(missing, 'add a case for each to test/runtime/layers/cases.ts').toEqual([]);
  });

  it.each(layerCases.map((c) => [caseTitle(c), c] as const))('%s: shapes, parameters, no leaks, and its oracle', (_, testCase) => {
    const result = checkLayer({ make: testCase.make, input: testCase.input, dtype: testCase.dtype });
    if (testCase.oracle) {
      const oracle = testCase.oracle();
      compareWithOracle(result, oracle, testCase.toOracleWeights);
      // A Keras 3 layer runs its Keraflow sibling under another spec: its parameters' gradients are checked against the oracle too.
      if (testCase.dialect === 'keras' && Object.keys(result.layer.variables).length > 0) compareGradientsWithOracle(result, oracle, testCase.toOracleWeights);
    }
    [...result.x, result.y].forEach((tensor) => tensor.dispose());
  });
});
