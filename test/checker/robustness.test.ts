/** Whatever the text, `check` returns diagnostics (never throws) whose ranges lie inside the text. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerDirectory, checkText, kfFiles } from './helpers.ts';

const numRuns = process.env.CI ? 2_000 : 200;
const texts = [...kfFiles('valid').map((n) => join('valid', n)), ...kfFiles('fixtures').map((n) => join('fixtures', n))]
  .map((path) => readFileSync(join(checkerDirectory, path), 'utf8'));
const pieces = ['Dense(', ')', '(', '[', ']', '->', '=', 'x', 'h', 'T', '0', '-1', '1e9', 'none', ',', '\n', 'output ', 'input ', 'layer ', 'loss ', '"s"', '//', '@'];

const mutated = fc
  .tuple(fc.constantFrom(...texts), fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 10 }), insert: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })) }), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, { at, length, insert }) => {
    const start = at % (t.length + 1);
    return t.slice(0, start) + insert + t.slice(start + length);
  }, text));

describe('check on any text', () => {
  it('never throws, and every diagnostic lies inside the text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const fileName = join(checkerDirectory, 'fixtures', 'mutated.kf');
        const result = checkText(text, fileName);
        for (const d of result.diagnostics) {
          expect(d.message).not.toMatch(/undefined|NaN|\[object/);
          if (d.fileName !== fileName) continue;
          expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.range.end.offset).toBeLessThanOrEqual(text.length);
          expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
        }
      }),
      { numRuns },
    );
  }, 120_000);
});
