/** Find references: every use of the name under the cursor, in this file and, for a top-level name, in the files that import it. */
import type { Location as LspLocation } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';
import { toLspLocation } from './definition.ts';
import { isImportable, occurrencesOf, symbolAt } from './symbols.ts';
import type { Workspace } from './workspace.ts';

export function references(analysis: Analysis, offset: number, includeDeclaration: boolean, workspace: Workspace): LspLocation[] | null {
  if (!analysis.result) return null;
  const hit = symbolAt(analysis.result, analysis.fileName, offset);
  if (!hit) return null;
  const results = isImportable(hit.symbol) ? [analysis.result, ...workspace.resultsMentioning(hit.symbol.name)] : [analysis.result];
  return occurrencesOf(hit.symbol, results, includeDeclaration).map((location) => toLspLocation(location, workspace.fileNames));
}
