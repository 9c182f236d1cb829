/** Whatever the text, `check` returns diagnostics (never throws) whose ranges lie inside the text. */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerDirectory, checkText } from './helpers.ts';
import { mutatedKf as mutated } from './mutations.ts';

// 10^5 in bench/check/fuzz.ts.
const numRuns = process.env.CI ? 2_000 : 200;

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

describe('cases the fuzzing found', () => {
  it('a dict or a list as a size is described, not printed as [object Object]', () => {
    const messages = checkText('model M {\n  input x: [{}, [2], 3]\n  output y = x -> Dense(2)\n}\n').diagnostics.map((d) => d.message);
    expect(messages.filter((m) => m.includes('a size is'))).toEqual([
      expect.stringContaining('a size is a positive integer or a symbolic name, but got a dict'),
      expect.stringContaining('a size is a positive integer or a symbolic name, but got a list'),
    ]);
  });
});
