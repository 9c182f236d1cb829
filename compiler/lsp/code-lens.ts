/** A code lens over each model: its total parameter count and its output shapes. */
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';
import { lspRange } from './diagnostics.ts';
import { modelSummary } from './hover.ts';
import { modelsOf } from './tensors.ts';

export function codeLenses(analysis: Analysis): CodeLens[] {
  return modelsOf(analysis)
    .filter((model) => model.outputs.length > 0)
    .map((model) => ({
      range: lspRange(model.nameLocation.range),
      // An empty command id: a label, nothing to run.
      command: { title: modelSummary(model), command: '' },
    }));
}
