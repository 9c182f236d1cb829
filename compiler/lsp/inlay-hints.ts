/**
 * Inlay hints: each tensor assignment's shape at the end of its line
 * (`h = x -> Dense(64)   [batch, 64] float32`), and in a sequential model
 * each layer's output.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { CheckedTensor } from '../check/types.ts';
import type { Analysis } from './analysis.ts';
import { formatTensorType, modelsOf } from './tensors.ts';

export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const lines = analysis.text.split(/\r\n?|\n/);
  const hints = new Map<number, InlayHint>();
  const hintAt = (line: number, tensor: CheckedTensor) => {
    if (line < range.start.line || line > range.end.line || hints.has(line) || !tensor.shape) return;
    const character = lines[line]?.length ?? 0;
    hints.set(line, { position: { line, character }, label: formatTensorType(tensor), kind: InlayHintKind.Type, paddingLeft: true });
  };
  for (const model of modelsOf(analysis)) {
    const statements = model.kind === 'model' ? assignmentsOf(analysis, model.name) : [];
    for (const statement of statements) {
      const tensor = model.tensors.find((item) => item.name === statement.name);
      if (tensor) hintAt(statement.lastLine, tensor);
    }
    if (model.kind === 'sequential') {
      for (const node of model.nodes) {
        const tensor = model.tensors[node.output];
        if (tensor && node.location.fileName === analysis.fileName) hintAt(node.location.range.end.line, tensor);
      }
    }
  }
  return [...hints.values()].sort((first, second) => first.position.line - second.position.line);
}

/** The `name = ...` and `output name = ...` statements of a model, with the line each ends on. */
function assignmentsOf(analysis: Analysis, modelName: string): { name: string; lastLine: number }[] {
  const declaration = analysis.tree.declarations.find((item) => item.kind === 'Model' && item.name.name === modelName);
  if (declaration?.kind !== 'Model') return [];
  return declaration.body
    .filter((statement) => statement.kind === 'Assignment' || statement.kind === 'Output')
    .map((statement) => ({ name: statement.name.name, lastLine: statement.range.end.line }));
}
