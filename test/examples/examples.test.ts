/**
 * The examples a newcomer runs: each `.kf` checks clean, its committed `.ts`
 * is what `keraflow compile` writes today, that TypeScript type-checks under
 * --strict, and each model built from it takes one training step on its own
 * data. errors.kf reports the problems the README shows. The generated data
 * files are what examples/data/generate.ts makes.
 *
 * After changing an example or the emitter: `UPDATE_EXAMPLES=1 npx vitest run test/examples`
 * rewrites the `.ts` files (review the diff).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { check, compile } from '../../compiler/index.ts';
import { type Model, Sequential } from '../../runtime/node.ts';
import { loadDataset } from '../../runtime/datasets/index.ts';
import { takeSamples } from '../../runtime/datasets/dataset.ts';
import { dataFiles } from '../../examples/data/generate.ts';
import { summarize } from '../../compiler/check/summary.ts';
import { summaryRows } from '../checker/helpers.ts';
import { keraflowSourcePaths } from '../from-source.ts';

const examples = join(import.meta.dirname, '../../examples');
const trainable = readdirSync(examples)
  .filter((file) => file.endsWith('.kf') && file !== 'errors.kf')
  .sort();

function checked(file: string) {
  const fileName = join(examples, file);
  const text = readFileSync(fileName, 'utf8');
  return { fileName, text, result: check({ fileName, text }) };
}

/** The module `keraflow compile examples/FILE.kf` writes (the emitter with its defaults). */
function compiled(file: string): string {
  const fileName = join(examples, file);
  return compile(fileName).modules.find((module) => module.fileName === fileName)!.text;
}

describe('examples', () => {
  it('are the ones issues 9 and 21 ask for', () => {
    expect(trainable).toEqual(['cnn_keras.kf', 'iris.kf', 'mnist_cnn.kf', 'mnist_mlp.kf', 'multi_io.kf', 'residual.kf', 'seq2seq.kf', 'sequence_lstm.kf', 'siamese.kf', 'transformer.kf']);
  });

  it.each(trainable)('%s checks clean', (file) => {
    const { result } = checked(file);
    expect(result.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`)).toEqual([]);
    expect(result.models.length).toBeGreaterThan(0);
  });

  it.each(trainable)('%s has its generated .ts committed beside it, up to date', (file) => {
    const path = join(examples, file.replace(/\.kf$/, '.ts'));
    const expected = compiled(file);
    if (process.env.UPDATE_EXAMPLES) writeFileSync(path, expected);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('generated .ts files type-check under --strict', () => {
    const files = trainable.map((file) => join(examples, file.replace(/\.kf$/, '.ts')));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noImplicitOverride: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      types: ['node'],
      paths: keraflowSourcePaths,
    });
    const ours = new Set(files);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || ours.has(d.file.fileName))
      .map((d) => `${d.file ? basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 120_000);

  it.each(trainable)(
    '%s: each model built from the generated code takes a training step on its data',
    async (file) => {
      const module = (await import(pathToFileURL(join(examples, file.replace(/\.kf$/, '.ts'))).href)) as Record<string, unknown>;
      const fileName = join(examples, file);
      const compiledFile = compile(fileName);
      const exports = compiledFile.modules.find((emitted) => emitted.fileName === fileName)!.exports.models;
      for (const checkedModel of compiledFile.models) {
        const names = exports.find((exported) => exported.name === checkedModel.name)!;
        const build = module[names.build] as () => Model | Sequential;
        const settings = module[names.train] as { data: string };
        const built = build();
        const model = built instanceof Sequential ? built.asModel() : built;
        expect(model.countParams().total).toBe(checkedModel.paramCount);
        // `keraflow summary` (the checker's) is the runtime's Model.summary().
        expect(summaryRows(summarize(checkedModel))).toEqual(summaryRows(model.summary()));

        const data = loadDataset(settings.data, { baseDirectory: examples }).train;
        const first = Array.from({ length: 16 }, (_, index) => index);
        const before = model.parameters().map((p) => p.variable.dataSync().slice());
        const history = await built.fit(takeSamples(data.x, first), takeSamples(data.y, first), { batchSize: 16, epochs: 1, verbose: 0 });
        expect(history.history.loss).toHaveLength(1);
        expect(Number.isFinite(history.history.loss[0])).toBe(true);
        const changed = model.parameters().filter((p, index) => p.variable.dataSync().some((value, i) => value !== before[index][i]));
        expect(changed.length).toBeGreaterThan(0);
      }
    },
    120_000,
  );

  it('errors.kf reports the shape, graph and training problems the README shows', () => {
    const { result } = checked('errors.kf');
    expect(result.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`)).toEqual([
      '12:23 error KF301', // Reshape of 784 values to [27, 27]
      '14:21 error KF301', // a 30 × 30 kernel on a 28 × 28 image
      '16:32 error KF306', // Dense after Flatten of [T, 16]
      '18:10 error KF301', // ElementWiseSum of [4608] and [64]
      '21:10 error KF501', // an output without a loss
    ]);
  });

  it('the generated data files are what examples/data/generate.ts makes', () => {
    for (const [name, text] of Object.entries(dataFiles())) {
      // Not toBe: a failure would print two 100 kB files.
      expect(readFileSync(join(examples, 'data', name), 'utf8') === text, `examples/data/${name} differs: run npx tsx examples/data/generate.ts`).toBe(true);
    }
  });
});
