/**
 * Inlay hints: each tensor assignment's shape at the end of its line
 * (`h = x -> Dense(64)   [batch, 64] float32`), each name's for several
 * (`[seq, h, c] = ...   seq: [batch, T, 64] float32, h: ...`), and in a
 * sequential model each layer's output.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { CheckedTensor } from '../check/types.ts';
import type { Analysis } from './analysis.ts';
import { formatTensorType, modelsOf } from './tensors.ts';

export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const lines = analysis.text.split(/\r\n?|\n/);
  const hints = new Map<number, InlayHint>();
  const hintAt = (line: number, label: string) => {
    if (line < range.start.line || line > range.end.line || hints.has(line)) return;
    const character = lines[line]?.length ?? 0;
    hints.set(line, { position: { line, character }, label, kind: InlayHintKind.Type, paddingLeft: true });
  };
  for (const model of modelsOf(analysis)) {
    const statements = model.kind === 'model' ? assignmentsOf(analysis, model.name) : [];
    for (const statement of statements) {
      const tensors = statement.names.map((name) => model.tensors.find((item) => item.name === name));
      if (!tensors.every((tensor): tensor is CheckedTensor => tensor?.shape !== undefined)) continue;
      const labels = tensors.map(formatTensorType);
      hintAt(statement.lastLine, statement.names.length === 1 ? labels[0] : labels.map((label, index) => `${statement.names[index]}: ${label}`).join(', '));
    }
    if (model.kind === 'sequential') {
      for (const node of model.nodes) {
        const tensor = model.tensors[node.output];
        if (tensor?.shape && node.location.fileName === analysis.fileName) hintAt(node.location.range.end.line, formatTensorType(tensor));
      }
    }
  }
  return [...hints.values()].sort((first, second) => first.position.line - second.position.line);
}

/** The `name = ...`, `[a, b] = ...` and `output name = ...` statements of a model, with the line each ends on. */
function assignmentsOf(analysis: Analysis, modelName: string): { names: string[]; lastLine: number }[] {
  const declaration = analysis.tree.declarations.find((item) => item.kind === 'Model' && item.name.name === modelName);
  if (declaration?.kind !== 'Model') return [];
  return declaration.body.flatMap((statement) => {
    if (statement.kind === 'Assignment' || statement.kind === 'Output') return [{ names: [statement.name.name], lastLine: statement.range.end.line }];
    if (statement.kind === 'Destructuring') return [{ names: statement.names.map((name) => name.name), lastLine: statement.range.end.line }];
    return [];
  });
}
