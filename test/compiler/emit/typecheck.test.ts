/** The emitted modules type-check under `tsc --noEmit --strict` against the runtime's own types. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeCheck, writeGenerated } from './helpers.ts';

describe('emitted TypeScript under --strict', () => {
  it('type-checks every fixture (imports resolved between the emitted siblings, keraflow by the package name)', () => {
    const files = writeGenerated('typecheck');
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(typeCheck(files)).toEqual([]);
  });

  it('reports a type error in emitted code (the check is real)', () => {
    const [file] = writeGenerated('typecheck-broken', ['training']);
    writeFileSync(file, readFileSync(file, 'utf8').replace('new Dense(1)', 'new Dense("one")'));
    const errors = typeCheck([file]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Argument of type 'string' is not assignable to parameter of type 'number'/);
  });
});
