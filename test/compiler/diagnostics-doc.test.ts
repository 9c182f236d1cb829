/**
 * docs/diagnostics.md is generated from the catalogue: it is current, and
 * each code's example really yields that code. Refresh the document with
 * `npx tsx compiler/diagnostics-doc.ts` (or UPDATE_DOCS=1) and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsDocument, documentedCodes, exampleOutput } from '../../compiler/diagnostics-doc.ts';
import { catalogue } from '../../compiler/diagnostics.ts';

const documentPath = join(import.meta.dirname, '../../docs/diagnostics.md');

describe('docs/diagnostics.md', () => {
  it('documents every code of the catalogue, once', () => {
    expect(documentedCodes().map((c) => c.code)).toEqual(Object.keys(catalogue).sort());
  });

  for (const { code, documentation } of documentedCodes()) {
    if (!documentation.example) continue;
    it(`${code}: the example yields ${code}`, () => {
      expect(exampleOutput(documentation)).toMatch(new RegExp(`: (error|warning) ${code}: `));
    });
  }

  it('is up to date with the catalogue', () => {
    const generated = diagnosticsDocument();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(documentPath, generated);
    expect(readFileSync(documentPath, 'utf8')).toBe(generated);
  });
});
