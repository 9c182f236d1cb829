/**
 * Quick fixes: the checker's suggested name (a diagnostic's `data.suggestion`) as an edit that writes it,
 * the certain fix a diagnostic carries (`data.quickFix`: `return_sequences=true`, ...) as its edit, and a
 * Keras layer name in a Keraflow file (KF221, `data.dialect` 'keras') as `use keras` on the file's first line.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticData, QuickFix } from '../diagnostics.ts';

export function codeActions(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = dataOf(diagnostic);
    if (diagnostic.code === 'KF221' && data?.dialect === 'keras') {
      actions.push({
        title: 'Add `use keras` (the whole file then follows Keras 3)',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'use keras\n' }] } },
      });
      continue;
    }
    const fix = quickFixOf(data);
    if (fix) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.uri]: [{ range: fix.range, newText: fix.newText }] } },
      });
    }
    const replacement = data?.suggestion;
    if (typeof replacement !== 'string') continue;
    const range = misspelledRange(document, diagnostic, data?.name);
    if (!range) continue;
    actions.push({
      title: `Change to '${replacement}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [document.uri]: [{ range, newText: replacement }] } },
    });
  }
  return actions;
}

/** The checker's data, as the client sent it back (any value: clients echo it unchecked). */
function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data: unknown = diagnostic.data;
  return typeof data === 'object' && data !== null ? (data as DiagnosticData) : undefined;
}

/** `data.quickFix` when it has the form the checker gives it (clients echo data unchecked). */
function quickFixOf(data: DiagnosticData | undefined): QuickFix | undefined {
  const fix = data?.quickFix as Partial<QuickFix> | undefined;
  const isPosition = (p: unknown) => typeof p === 'object' && p !== null && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);
  if (typeof fix !== 'object' || fix === null || typeof fix.title !== 'string' || typeof fix.newText !== 'string') return undefined;
  return isPosition(fix.range?.start) && isPosition(fix.range?.end) ? (fix as QuickFix) : undefined;
}

/**
 * The misspelled word: the diagnostic's range when that is one word, else
 * the name as written (`data.name`), found as a whole word inside the range.
 * (The patterns below read the document's text, never the message.)
 */
function misspelledRange(document: TextDocument, diagnostic: Diagnostic, name: unknown): Diagnostic['range'] | undefined {
  const text = document.getText(diagnostic.range);
  if (isWord(text)) return diagnostic.range;
  if (typeof name !== 'string' || !isWord(name)) return undefined;
  const match = new RegExp(`\\b${name}\\b`).exec(text);
  if (!match) return undefined;
  const start = document.offsetAt(diagnostic.range.start) + match.index;
  return { start: document.positionAt(start), end: document.positionAt(start + name.length) };
}

function isWord(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}
