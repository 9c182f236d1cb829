/** Formatting through the formatter (compiler/format): one edit replacing the document, none when it is formatted or has syntax errors. */
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { format } from '../format/format.ts';

export function formattingEdits(document: TextDocument): TextEdit[] {
  const text = document.getText();
  const result = format(text);
  if (result.diagnostics.length > 0 || result.text === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: result.text }];
}
