/** Go to definition: where the tensor, layer, block, constant or imported name under the cursor is defined. */
import type { Location as LspLocation } from 'vscode-languageserver';
import type { Location } from '../check/types.ts';
import type { Analysis } from './analysis.ts';
import { lspRange } from './diagnostics.ts';
import type { FileNames } from './files.ts';
import { symbolAt } from './symbols.ts';

export function toLspLocation(location: Location, fileNames: FileNames): LspLocation {
  return { uri: fileNames.uriOf(location.fileName), range: lspRange(location.range) };
}

export function definition(analysis: Analysis, offset: number, fileNames: FileNames): LspLocation | null {
  if (!analysis.result) return null;
  const hit = symbolAt(analysis.result, analysis.fileName, offset);
  return hit ? toLspLocation(hit.symbol.definition, fileNames) : null;
}
