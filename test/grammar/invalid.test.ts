/**
 * Malformed files: each `fixtures/invalid/<case>.kf` has `<case>.expected.txt`
 * with one `line:col CODE` per diagnostic (1-based, as the CLI prints).
 * Refresh them with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/index.ts';
import { allRangeFaults, fixtureNames, fixturesDirectory, positionsAndCodes, readFixture } from './helpers.ts';

const update = process.env.UPDATE_FIXTURES === '1';

describe('malformed files', () => {
  for (const name of fixtureNames('invalid')) {
    it(`${name}.kf reports each expected code at its line and column`, () => {
      const text = readFixture('invalid', name);
      const { ast: tree, diagnostics } = parse(text);
      const actual = positionsAndCodes(diagnostics);
      const expectedPath = join(fixturesDirectory, 'invalid', `${name}.expected.txt`);
      if (update) writeFileSync(expectedPath, actual.join('\n') + '\n');
      expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_FIXTURES=1`).toBe(true);
      const expected = readFileSync(expectedPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(actual).toEqual(expected);
      expect(allRangeFaults(tree, diagnostics, text)).toEqual([]);
      for (const diagnostic of diagnostics) expect(diagnostic.message).not.toMatch(/undefined|NaN|\[object/);
    });
  }
});
