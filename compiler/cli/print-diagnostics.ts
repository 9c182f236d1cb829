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
  const heading = `${fileName}:${start.line + 1}:${start.character + 1}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
  const source = lines[start.line] ?? '';
  const output = [heading, ...sourceWithCaret(source, start.character, end.line === start.line ? end.character : undefined)];
  for (const related of diagnostic.related ?? []) {
    const position = related.range.start;
    output.push(`${related.fileName ?? fileName}:${position.line + 1}:${position.character + 1}: note: ${related.message}`);
  }
  return output.join('\n');
}

export function printDiagnostics(diagnostics: Diagnostic[], fileName: string, text: string, stream: NodeJS.WritableStream = process.stderr): void {
  const lines = sourceLines(text);
  for (const diagnostic of diagnostics) stream.write(formatDiagnostic(diagnostic, fileName, lines) + '\n');
}

/** The line, and `^` under characters `from` to `to` (to the line's end when the range goes on). */
function sourceWithCaret(line: string, from: number, to: number | undefined): string[] {
  const last = to === undefined ? Math.max(line.length, from + 1) : Math.max(to, from + 1);
  const windowStart = line.length > widestSource ? Math.max(0, Math.min(from - 40, line.length - widestSource)) : 0;
  const shown = line.slice(windowStart, windowStart + widestSource);
  const prefix = windowStart > 0 ? '...' : '';
  // Tabs stay tabs under the line, so the caret lines up whatever the tab width.
  const padding = prefix.replace(/./g, ' ') + shown.slice(0, from - windowStart).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(last, windowStart + widestSource) - from));
  return [prefix + shown.replace(/\s+$/, ''), padding + carets];
}
