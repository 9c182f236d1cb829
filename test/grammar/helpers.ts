/** Shared by the grammar tests: fixtures, range checks, trees without ranges. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Range } from '../../grammar/ast.ts';
import { LineIndex } from '../../grammar/positions.ts';
import { walk } from '../../grammar/walk.ts';
import type { Diagnostic } from '../../compiler/index.ts';

export const fixturesDirectory = join(import.meta.dirname, 'fixtures');

export function fixtureNames(kind: 'valid' | 'invalid'): string[] {
  return readdirSync(join(fixturesDirectory, kind))
    .filter((name) => name.endsWith('.kf'))
    .map((name) => name.slice(0, -3))
    .sort();
}

export function readFixture(kind: 'valid' | 'invalid', name: string): string {
  return readFileSync(join(fixturesDirectory, kind, `${name}.kf`), 'utf8');
}

/** A deep copy without source positions, to compare trees of differently laid out text. */
export function withoutRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRanges);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'range' || key === 'operatorRange' || key === 'argumentsRange' || field === undefined) continue;
    copy[key] = withoutRanges(field);
  }
  return copy;
}

/** What is wrong with `range` in `text` (empty when it is a real range of that text). */
export function rangeFaults(range: Range, text: string, lines = new LineIndex(text)): string[] {
  const faults: string[] = [];
  for (const [name, position] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    const { line, character, offset } = position;
    if (![line, character, offset].every(Number.isInteger)) faults.push(`${name} is not whole numbers: ${JSON.stringify(position)}`);
    else if (offset < 0 || offset > text.length) faults.push(`${name} offset ${offset} outside 0..${text.length}`);
    else {
      const expected = lines.positionAt(offset);
      if (expected.line !== line || expected.character !== character) {
        faults.push(`${name} ${line}:${character} is not offset ${offset} (${expected.line}:${expected.character})`);
      }
    }
  }
  if (range.start.offset > range.end.offset) faults.push(`starts after it ends: ${JSON.stringify(range)}`);
  return faults;
}

/** Faults of every node's and every diagnostic's range. */
export function allRangeFaults(tree: Node, diagnostics: Diagnostic[], text: string): string[] {
  const lines = new LineIndex(text);
  const faults: string[] = [];
  walk(tree, (node) => {
    for (const fault of rangeFaults(node.range, text, lines)) faults.push(`${node.kind}: ${fault}`);
  });
  for (const diagnostic of diagnostics) {
    for (const range of [diagnostic.range, ...(diagnostic.related ?? []).map((related) => related.range)]) {
      for (const fault of rangeFaults(range, text, lines)) faults.push(`${diagnostic.code}: ${fault}`);
    }
  }
  return faults;
}

/** `line:col CODE`, 1-based, as in the expected files and the CLI. */
export function positionsAndCodes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code}`);
}

export function textAt(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}
