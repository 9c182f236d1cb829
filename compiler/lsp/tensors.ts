/** The checker's records about one document: its models, their tensors and layers, by name or by place. */
import { formatShape } from '../../runtime/engine/dimension.ts';
import type { CheckedLayer, CheckedModel, CheckedTensor } from '../check/types.ts';
import type { Analysis } from './analysis.ts';

/** The models declared in the analysed document. */
export function modelsOf(analysis: Analysis): CheckedModel[] {
  return analysis.result?.models.filter((model) => model.location.fileName === analysis.fileName) ?? [];
}

/** The tensors called `name` in the model `container` of this document. */
export function tensorsNamed(analysis: Analysis, container: string, name: string): CheckedTensor[] {
  return modelsOf(analysis)
    .filter((model) => model.name === container)
    .flatMap((model) => model.tensors.filter((tensor) => tensor.name === name));
}

/** `[batch, T, 64] float32`, or `unknown shape` after an error. */
export function formatTensorType(tensor: CheckedTensor): string {
  if (!tensor.shape) return 'unknown shape';
  return `${formatShape(tensor.shape)} ${tensor.dtype ?? 'float32'}`;
}

/**
 * The tensors a layer makes, one per application. A block or sequential
 * instance is applied through the layers inside it: its result is what the
 * last of them makes.
 */
export function outputsOfLayer(model: CheckedModel, layer: CheckedLayer): CheckedTensor[] {
  if (layer.uses.length > 0) return layer.uses.map((node) => model.tensors[model.nodes[node]!.output]).filter((tensor) => tensor !== undefined);
  const inside = new Set([layer.id]);
  for (const other of model.layers) if (other.parent !== undefined && inside.has(other.parent)) inside.add(other.id);
  const last = model.nodes.filter((node) => node.layer !== layer.id && inside.has(node.layer)).at(-1);
  const tensor = last && model.tensors[last.output];
  return tensor ? [tensor] : [];
}

/** 1234567 -> "1,234,567". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
