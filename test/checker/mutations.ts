/**
 * `.kf` texts for fuzzing the checker: the checker's valid files and
 * fixtures, each with a few random edits (a piece of syntax, or random
 * characters, put over a random span). Shared by robustness.test.ts (a few
 * hundred per `npm test`) and bench/check/fuzz.ts (10^5 in a run of its own).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkerDirectory, kfFiles } from './helpers.ts';

const texts = [...kfFiles('valid').map((n) => join('valid', n)), ...kfFiles('fixtures').map((n) => join('fixtures', n))].map((path) => readFileSync(join(checkerDirectory, path), 'utf8'));
const pieces = ['Dense(', ')', '(', '[', ']', '->', '=', 'x', 'h', 'T', '0', '-1', '1e9', 'none', ',', '\n', 'output ', 'input ', 'layer ', 'loss ', '"s"', '//', '@'];

export const mutatedKf = fc
  .tuple(
    fc.constantFrom(...texts),
    fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 10 }), insert: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })) }), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) =>
    edits.reduce((t, { at, length, insert }) => {
      const start = at % (t.length + 1);
      return t.slice(0, start) + insert + t.slice(start + length);
    }, text),
  );
