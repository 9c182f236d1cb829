/** The KF1xx part of the diagnostic catalogue (compiler/diagnostics.ts). */
import { describe, expect, it } from 'vitest';
import { catalogue, fromSyntaxProblem } from '../../compiler/diagnostics.ts';
import type { SyntaxProblem } from '../../grammar/problems.ts';

const range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } };

/** One problem of every kind the grammar reports. */
const samples: SyntaxProblem[] = [
  { kind: 'unexpectedToken', range, expected: ['`:`', '`=`'], found: '`[`', after: 'input name `x`' },
  { kind: 'unterminatedString', range },
  { kind: 'unexpectedCharacter', range, characters: '€' },
  { kind: 'unclosedBracket', range, opening: '(', closing: ')', closedAt: range },
  { kind: 'unmatchedClosingBracket', range, closing: ')' },
  { kind: 'invalidEscape', range, sequence: '\\q' },
  { kind: 'nestingTooDeep', range, limit: 100 },
  { kind: 'misplacedStatement', range, statement: '`input`', container: 'in a block', hint: 'a hint' },
  { kind: 'positionalAfterKeyword', range },
  { kind: 'invalidArgumentName', range },
  { kind: 'invalidAssignmentTarget', range },
  { kind: 'blockWithoutReturn', range, block: 'B' },
  { kind: 'statementAfterReturn', range },
  { kind: 'mismatchedClosingBracket', range, closing: ']', expected: ')', openedAt: range },
  { kind: 'internalError', range, detail: 'detail' },
];

describe('syntax diagnostics', () => {
  it('every code is unique, and the syntax codes are KF1xx', () => {
    const codes = Object.values(catalogue).map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^KF[1-6]\d\d$/.test(code))).toBe(true);
    expect(samples.map((sample) => fromSyntaxProblem(sample).code).every((code) => /^KF1\d\d$/.test(code))).toBe(true);
  });

  it('each kind of problem becomes a diagnostic with its own code and a message in words', () => {
    const diagnostics = samples.map(fromSyntaxProblem);
    expect(new Set(diagnostics.map((diagnostic) => diagnostic.code)).size).toBe(samples.length);
    for (const diagnostic of diagnostics) {
      expect(diagnostic.severity).toBe('error');
      expect(diagnostic.message).not.toMatch(/undefined|NaN|\[object/);
      expect(diagnostic.range).toBe(range);
    }
    expect(diagnostics[0]!.message).toBe('expected `:` or `=` after input name `x`, found `[`');
  });

  it('points to the related place for bracket problems', () => {
    expect(fromSyntaxProblem(samples[3]!).related).toEqual([{ message: 'assumed closed here', range }]);
    expect(fromSyntaxProblem(samples[13]!).related).toEqual([{ message: 'the bracket it should close', range }]);
  });
});
