/**
 * The checker's corpus: each `fixtures/<case>.kf` has `<case>.expected.txt`
 * with every diagnostic (position, severity, code, message, related
 * locations). There is at least one case per code of the catalogue, and
 * every file of `valid/` checks clean. Refresh with UPDATE_FIXTURES=1 and
 * review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../compiler/diagnostics.ts';
import { checkerDirectory, checkFile, describeDiagnostics, kfFiles } from './helpers.ts';

const update = process.env.UPDATE_FIXTURES === '1';

describe('checker corpus', () => {
  const seen = new Set<string>();
  for (const name of kfFiles('fixtures')) {
    it(`${name} reports each expected diagnostic at its line and column`, () => {
      const path = join(checkerDirectory, 'fixtures', name);
      // With the training data compared too (KF530, KF531), as `keraflow check` does.
      const { diagnostics } = checkFile(path, { data: {} });
      const actual = describeDiagnostics(diagnostics, path);
      const expectedPath = path.replace(/\.kf$/, '.expected.txt');
      if (update) writeFileSync(expectedPath, actual.join('\n') + '\n');
      expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_FIXTURES=1`).toBe(true);
      const expected = readFileSync(expectedPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(actual).toEqual(expected);
      for (const diagnostic of diagnostics) {
        seen.add(diagnostic.code);
        expect(diagnostic.message).not.toMatch(/undefined|NaN|\[object|Kensor/);
      }
    });
  }

  it('has a case for every code of the catalogue (but an internal error, and a limit that takes thousands of lines: check.test.ts makes that one)', () => {
    const missing = Object.values(checkCatalogue)
      .filter((t) => t.example !== '')
      .map((t) => t.code)
      .filter((code) => !seen.has(code));
    expect(missing).toEqual([]);
  });

  for (const name of kfFiles('valid')) {
    it(`valid/${name} checks clean`, () => {
      const result = checkFile(join(checkerDirectory, 'valid', name));
      expect(describeDiagnostics(result.diagnostics, '')).toEqual([]);
      expect(result.models.length).toBeGreaterThan(0);
    });
  }
});
