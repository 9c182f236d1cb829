/** Quick fixes: the checker's "did you mean 'x'?" as an edit that writes x. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { suggestionOf } from './diagnostics.ts';

export function codeActions(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as { replacement?: unknown } | undefined;
    const replacement = typeof data?.replacement === 'string' ? data.replacement : suggestionOf(messageText(diagnostic));
    if (replacement === undefined) continue;
    const range = misspelledRange(document, diagnostic);
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

/**
 * The misspelled word: the diagnostic's range when that is one word,
 * else the first name the message quotes, found inside the range.
 */
function misspelledRange(document: TextDocument, diagnostic: Diagnostic): Diagnostic['range'] | undefined {
  const text = document.getText(diagnostic.range);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return diagnostic.range;
  const quoted = /'([A-Za-z_][A-Za-z0-9_]*)'/.exec(messageText(diagnostic))?.[1];
  if (!quoted) return undefined;
  const match = new RegExp(`\\b${quoted}\\b`).exec(text);
  if (!match) return undefined;
  const start = document.offsetAt(diagnostic.range.start) + match.index;
  return { start: document.positionAt(start), end: document.positionAt(start + quoted.length) };
}

function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
