import { describe, expect, it } from 'vitest';
import { escapeControls, firstDiagnostics, formatDiagnostic, mostDiagnosticsPerFile, sourceLines } from '../../../compiler/cli/print-diagnostics.ts';
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
    expect(formatDiagnostic(diagnosticAt(1, 14, 15), 'm.kf', sourceLines(text))).toBe('m.kf:2:15: error KF101: expected this, found that\nlet bad = f(x y)\n              ^');
  });

  it('one caret for an empty range, tabs kept so the caret lines up', () => {
    expect(formatDiagnostic(diagnosticAt(0, 3, 3), 'm.kf', sourceLines('\tx\t= '))).toBe('m.kf:1:4: error KF101: expected this, found that\n\tx\t=\n\t \t^');
  });

  it('a window around the caret on a very long line', () => {
    const line = 'a'.repeat(10_000) + ' $ ' + 'b'.repeat(10_000);
    const [, source, carets] = formatDiagnostic(diagnosticAt(0, 10_001, 10_002), 'm.kf', [line]).split('\n');
    expect(source!.length).toBeLessThan(200);
    expect(source![carets!.indexOf('^')]).toBe('$');
  });

  it('related places as notes', () => {
    const related = [{ message: 'assumed closed here', range: diagnosticAt(0, 5, 5).range }];
    expect(
      formatDiagnostic(diagnosticAt(0, 1, 2, related), 'm.kf', ['f(1, 2'])
        .split('\n')
        .at(-1),
    ).toBe('m.kf:1:6: note: assumed closed here');
  });
});

describe('control characters in source lines and names', () => {
  it('escapes terminal sequences in the source line and the message, the caret still under the range', () => {
    const line = 'let \x1b]0;pwned\x07 = \x1b[2J1';
    const diagnostic = { ...diagnosticAt(0, 17, 18), message: "unknown name '\x1b[2J'" };
    const [heading, source, carets] = formatDiagnostic(diagnostic, 'm\x1b.kf', [line]).split('\n');
    expect(heading).toBe("m\\x1b.kf:1:18: error KF101: unknown name '\\x1b[2J'");
    expect(source).toBe('let \\x1b]0;pwned\\x07 = \\x1b[2J1');
    expect(`${heading}${source}${carets}`).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/);
    // The range is the ESC character, shown as four.
    expect(source!.slice(carets!.indexOf('^'), carets!.length)).toBe('\\x1b');
  });

  it('escapes C1 controls and bidirectional overrides, keeps tabs and other text', () => {
    expect(escapeControls('a\tb\u009bc\u202ed é')).toBe('a\tb\\x9bc\\u202ed é');
  });
});

describe('firstDiagnostics', () => {
  it('keeps the first ones and counts the rest by severity', () => {
    const many = Array.from({ length: mostDiagnosticsPerFile + 5 }, (_, i) => ({ ...diagnosticAt(i, 0, 1), severity: i % 2 ? ('warning' as const) : ('error' as const) }));
    const { shown, rest } = firstDiagnostics(many);
    expect(shown).toHaveLength(mostDiagnosticsPerFile);
    expect(rest).toBe('5 more not shown (3 errors, 2 warnings); fix the ones above first');
    expect(firstDiagnostics(many.slice(0, 3))).toEqual({ shown: many.slice(0, 3) });
  });
});
