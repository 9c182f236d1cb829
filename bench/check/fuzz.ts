/**
 * The checker's fuzzing at scale: 10^5 inputs (by default) through `check`,
 * three kinds mixed — the checker's own .kf files with random edits (the
 * arbitrary robustness.test.ts runs a few hundred of in every `npm test`),
 * random token soup, and random characters, control characters included.
 * For each: `check` returns (never throws), every diagnostic of the file
 * lies inside its text, no message says `undefined`, `NaN` or `[object`,
 * and the printed form (`keraflow check`'s) holds no raw control character.
 *
 *   npx tsx bench/check/fuzz.ts                       # 100,000 inputs
 *   npx tsx bench/check/fuzz.ts --runs 20000 --seed 42
 *
 * Prints the inputs per second; on a failure, fast-check's seed, path and
 * the smallest failing text it found, and exits 1.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, sourceLines } from '../../compiler/cli/print-diagnostics.ts';
import { checkerDirectory, checkText } from '../../test/checker/helpers.ts';
import { mutatedKf } from '../../test/checker/mutations.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' } } });
const numRuns = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const tokens = [
  'model',
  'sequential',
  'block',
  'let',
  'import',
  'input',
  'output',
  'loss',
  'train',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '=',
  '->',
  '+',
  '*',
  '/',
  '-',
  'Dense',
  'LSTM',
  'Concatenate',
  'Input',
  'x',
  'y',
  'T',
  'batch',
  '1',
  '0',
  '-1',
  '1e39',
  '3.5',
  '"relu"',
  '"\\u{1b}"',
  'none',
  'true',
  '\n',
  ' ',
  '//c\n',
];
const tokenSoup = fc.array(fc.constantFrom(...tokens), { maxLength: 80 }).map((parts) => parts.join(' '));
const randomCharacters = fc.string({ unit: 'binary', maxLength: 200 });
const inputs = fc.oneof({ arbitrary: mutatedKf, weight: 3 }, { arbitrary: tokenSoup, weight: 1 }, { arbitrary: randomCharacters, weight: 1 });

const fileName = join(checkerDirectory, 'fixtures', 'fuzzed.kf');
const rawControl = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

function checkOne(text: string): void {
  const { diagnostics } = checkText(text, fileName);
  const lines = sourceLines(text);
  for (const d of diagnostics) {
    if (/undefined|NaN|\[object/.test(d.message)) throw new Error(`message ${JSON.stringify(d.message)}`);
    if (d.fileName !== fileName) continue;
    if (d.range.start.offset < 0 || d.range.end.offset > text.length || d.range.start.offset > d.range.end.offset) {
      throw new Error(`range ${JSON.stringify(d.range)} outside a text of ${text.length} characters`);
    }
    const printed = formatDiagnostic(d, 'fuzzed.kf', lines);
    if (printed.split('\n').some((line) => rawControl.test(line))) throw new Error(`printed with a raw control character: ${JSON.stringify(printed)}`);
  }
}

const start = performance.now();
const details = fc.check(
  fc.property(inputs, (text) => checkOne(text)),
  { numRuns, seed },
);
const seconds = (performance.now() - start) / 1000;
console.log(`check fuzzing: ${details.numRuns.toLocaleString('en-US')} inputs in ${seconds.toFixed(1)} s (${Math.round(details.numRuns / seconds).toLocaleString('en-US')} inputs/s), seed ${seed}`);
if (details.failed) {
  console.log(fc.defaultReportMessage(details));
  console.log(`the failure: ${(details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance)}`);
  process.exitCode = 1;
} else {
  console.log('  no failure: check never threw, every range inside its text, every printed line free of control characters');
}
