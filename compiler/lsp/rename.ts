/** Rename: the name under the cursor at its definition and every use, across files for a top-level name. */
import { LSPErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { keywords } from '../../grammar/index.ts';
import type { Analysis } from './analysis.ts';
import { lspRange } from './diagnostics.ts';
import { isImportable, occurrencesOf, symbolAt } from './symbols.ts';
import type { Workspace } from './workspace.ts';

export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | null {
  if (!analysis.result) return null;
  const hit = symbolAt(analysis.result, analysis.fileName, offset);
  return hit ? { range: lspRange(hit.occurrence.range), placeholder: hit.symbol.name } : null;
}

export function rename(analysis: Analysis, offset: number, newName: string, workspace: Workspace): WorkspaceEdit | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName) || keywords.includes(newName)) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, `'${newName}' cannot be a name: expected letters, digits and _ (not starting with a digit), and not a keyword`);
  }
  if (!analysis.result) return null;
  const hit = symbolAt(analysis.result, analysis.fileName, offset);
  if (!hit) return null;
  const taken = analysis.result.files
    .flatMap((file) => file.symbols)
    .find((other) => other.name === newName && other.container === hit.symbol.container && other.definition.fileName === hit.symbol.definition.fileName);
  if (taken) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `'${newName}' is already ${taken.container ? `defined in ${taken.container}` : 'defined'} (${taken.kind}, line ${taken.definition.range.start.line + 1}): pick another name`,
    );
  }
  const results = isImportable(hit.symbol) ? [analysis.result, ...workspace.resultsMentioning(hit.symbol.name)] : [analysis.result];
  const changes: Record<string, TextEdit[]> = {};
  for (const location of occurrencesOf(hit.symbol, results, true)) {
    (changes[workspace.fileNames.uriOf(location.fileName)] ??= []).push({ range: lspRange(location.range), newText: newName });
  }
  return { changes };
}
