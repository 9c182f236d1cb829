/**
 * Whatever the text, `parse` returns, and every range it gives (of a node
 * or a diagnostic) is a real range of that text. 10,000 cases each under CI.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/index.ts';
import { allRangeFaults, fixtureNames, readFixture } from './helpers.ts';

const numRuns = process.env.CI ? 10_000 : 400;

const vocabulary = [
  'let',
  'block',
  'model',
  'sequential',
  'input',
  'output',
  'layer',
  'return',
  'loss',
  'metrics',
  'optimizer',
  'train',
  'import',
  'as',
  'true',
  'false',
  'none',
  'x',
  'Dense',
  'B',
  'relu',
  '_a1',
  '12',
  '0.5',
  '1e-3',
  '"str"',
  "'s\\'q'",
  '"\\q"',
  '"open',
  '->',
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '=',
  ':',
  ',',
  ';',
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '\n',
  '\n',
  '\n',
  '# comment',
  '\r\n',
  '\t',
  '€',
  '\u0000',
  '🙂',
  '\\',
  '@',
];

const tokenSequence = fc.array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(' ', '', '\n', '  ')), { maxLength: 80 }).map((pairs) => pairs.map(([token, space]) => token + space).join(''));

const validTexts = fixtureNames('valid').map((name) => readFixture('valid', name));

type Mutation = { at: number; length: number; insert: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 3 }), fc.constant('')),
});

/** A valid file with a few slices replaced: typos, deletions, insertions. */
const mutatedFile = fc.tuple(fc.constantFrom(...validTexts), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([text, mutations]) =>
  mutations.reduce((current, { at, length, insert }) => {
    const start = at % (current.length + 1);
    return current.slice(0, start) + insert + current.slice(start + length);
  }, text),
);

function checkParse(text: string): void {
  const { ast: tree, diagnostics } = parse(text);
  expect(diagnostics.filter((diagnostic) => diagnostic.code === 'KF199')).toEqual([]);
  expect(allRangeFaults(tree, diagnostics, text)).toEqual([]);
}

describe('parse on any text', () => {
  it('random token sequences', () => {
    fc.assert(fc.property(tokenSequence, checkParse), { numRuns });
  });

  it('mutated valid files', () => {
    fc.assert(fc.property(mutatedFile, checkParse), { numRuns });
  });

  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkParse), { numRuns });
  });
});
