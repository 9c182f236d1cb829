/**
 * Diagnostics for people: `file:line:col: error KF101: message` (1-based),
 * then the source line and a caret under the range, as compilers print them.
 */
import type { Diagnostic } from '../diagnostics.ts';

/** Source lines longer than this are shown as a window around the caret. */
const widestSource = 160;

/** The file's lines, split once for all its diagnostics. */
export function sourceLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function formatDiagnostic(diagnostic: Diagnostic, fileName: string, lines: readonly string[]): string {
  const { start, end } = diagnostic.range;
  const heading = escapeControls(`${fileName}:${start.line + 1}:${start.character + 1}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
  const source = lines[start.line] ?? '';
  const output = [heading, ...sourceWithCaret(source, start.character, end.line === start.line ? end.character : undefined)];
  for (const related of diagnostic.related ?? []) {
    const position = related.range.start;
    output.push(escapeControls(`${related.fileName ?? fileName}:${position.line + 1}:${position.character + 1}: note: ${related.message}`));
  }
  return output.join('\n');
}

export function printDiagnostics(diagnostics: Diagnostic[], fileName: string, text: string, stream: NodeJS.WritableStream = process.stderr): void {
  const lines = sourceLines(text);
  const { shown, rest } = firstDiagnostics(diagnostics);
  for (const diagnostic of shown) stream.write(formatDiagnostic(diagnostic, fileName, lines) + '\n');
  if (rest) stream.write(`${escapeControls(fileName)}: ${rest}\n`);
}

/** At most this many diagnostics are printed per file; a count says how many more there are. */
export const mostDiagnosticsPerFile = 100;

/**
 * The diagnostics of one file to print, and (when there are more than
 * `mostDiagnosticsPerFile`) a line counting the rest: a file of random bytes
 * has hundreds of thousands, and the first ones are those to fix.
 */
export function firstDiagnostics(diagnostics: readonly Diagnostic[], most = mostDiagnosticsPerFile): { shown: readonly Diagnostic[]; rest?: string } {
  if (diagnostics.length <= most) return { shown: diagnostics };
  const hidden = diagnostics.slice(most);
  const counts = new Map<string, number>();
  for (const diagnostic of hidden) counts.set(diagnostic.severity, (counts.get(diagnostic.severity) ?? 0) + 1);
  const bySeverity = [...counts].map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`).join(', ');
  return { shown: diagnostics.slice(0, most), rest: `${hidden.length} more not shown (${bySeverity}); fix the ones above first` };
}

/**
 * Control characters (C0 but tab, DEL, C1) and bidirectional overrides
 * shown as escapes (`\x1b`, `\u202e`): a .kf file's bytes never drive the
 * terminal that prints its diagnostics (no title change, no clearing).
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, escapeOne);
}

const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The line, and `^` under characters `from` to `to` (to the line's end when the range goes on). */
function sourceWithCaret(line: string, from: number, to: number | undefined): string[] {
  const last = to === undefined ? Math.max(line.length, from + 1) : Math.max(to, from + 1);
  const windowStart = line.length > widestSource ? Math.max(0, Math.min(from - 40, line.length - widestSource)) : 0;
  const shown = line.slice(windowStart, windowStart + widestSource);
  const prefix = windowStart > 0 ? '...' : '';
  // Tabs stay tabs under the line, so the caret lines up whatever the tab width; an escaped character is as wide as its escape.
  const width = (text: string) => escapeControls(text).length;
  const padding = prefix.replace(/./g, ' ') + [...shown.slice(0, from - windowStart)].map((c) => (c === '\t' ? '\t' : ' '.repeat(width(c)))).join('');
  const underlined = shown.slice(from - windowStart, Math.min(last, windowStart + widestSource) - windowStart);
  const carets = '^'.repeat(Math.max(1, width(underlined)));
  return [prefix + escapeControls(shown.replace(/\s+$/, '')), padding + carets];
}
