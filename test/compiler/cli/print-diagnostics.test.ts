import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sourceLines } from '../../../compiler/cli/print-diagnostics.ts';
import type { Diagnostic } from '../../../compiler/index.ts';

function diagnosticAt(line: number, from: number, to: number, related?: Diagnostic['related']): Diagnostic {
  return {
    code: 'KF101',
    severity: 'error',
    message: 'expected this, found that',
    range: { start: { line, character: from, offset: 0 }, end: { line, character: to, offset: 0 } },
    related,
  };
}

describe('formatDiagnostic', () => {
  it('1-based position, the source line, carets under the range', () => {
    const text = 'let a = 1\nlet bad = f(x y)\n';
    expect(formatDiagnostic(diagnosticAt(1, 14, 15), 'm.kf', sourceLines(text))).toBe(
      'm.kf:2:15: error KF101: expected this, found that\nlet bad = f(x y)\n              ^',
    );
  });

  it('one caret for an empty range, tabs kept so the caret lines up', () => {
    expect(formatDiagnostic(diagnosticAt(0, 3, 3), 'm.kf', sourceLines('\tx\t= '))).toBe(
      'm.kf:1:4: error KF101: expected this, found that\n\tx\t=\n\t \t^',
    );
  });

  it('a window around the caret on a very long line', () => {
    const line = 'a'.repeat(10_000) + ' $ ' + 'b'.repeat(10_000);
    const [, source, carets] = formatDiagnostic(diagnosticAt(0, 10_001, 10_002), 'm.kf', [line]).split('\n');
    expect(source!.length).toBeLessThan(200);
    expect(source![carets!.indexOf('^')]).toBe('$');
  });

  it('related places as notes', () => {
    const related = [{ message: 'assumed closed here', range: diagnosticAt(0, 5, 5).range }];
    expect(formatDiagnostic(diagnosticAt(0, 1, 2, related), 'm.kf', ['f(1, 2']).split('\n').at(-1)).toBe(
      'm.kf:1:6: note: assumed closed here',
    );
  });
});
