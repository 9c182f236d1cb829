/**
 * `keraflow summary`: per model, the table Keras's `model.summary()` prints
 * (the runtime's Model.summary has the same columns): each input and layer
 * application with its output shape and parameter count, a shared layer's
 * parameters counted once, then the totals. Shapes may be symbolic.
 */
import { formatShape } from '../../runtime/engine/dimension.ts';
import type { CheckedModel } from './types.ts';

export function summarize(model: CheckedModel): string {
  const rows: [string, string, string][] = [['Layer (type)', 'Output shape', 'Param #']];
  const shapeOf = (id: number) => {
    const shape = model.tensors[id].shape;
    return shape ? formatShape(shape) : '?';
  };
  for (const input of model.inputs) rows.push([`${model.tensors[input].name ?? 'input'} (Input)`, shapeOf(input), '0']);
  const counted = new Set<number>();
  for (const node of model.nodes) {
    const layer = model.layers[node.layer];
    const count = counted.has(layer.id) ? 0 : layer.paramCount;
    counted.add(layer.id);
    rows.push([`${pathOf(model, layer.id)} (${layer.className})`, (node.outputs ?? [node.output]).map(shapeOf).join(', '), count === undefined ? '?' : formatCount(count)]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)) + 2);
  const line = (row: [string, string, string]) => row.map((cell, column) => cell.padEnd(widths[column])).join('').trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0));
  let total = 0;
  let trainable = 0;
  let known = true;
  for (const layer of model.layers) {
    if (layer.uses.length === 0 || layer.params.length === 0) continue;
    for (const param of layer.params) {
      const size = param.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : NaN), 1);
      if (!Number.isFinite(size)) known = false;
      total += size;
      if (param.trainable) trainable += size;
    }
  }
  const shown = (n: number) => (known && model.paramCount !== undefined ? formatCount(n) : '? (a size is symbolic or unknown)');
  return [
    `Model: ${model.name}`, rule, line(rows[0]), rule, ...rows.slice(1).map(line), rule,
    `Total params: ${shown(total)}`, `Trainable params: ${shown(trainable)}`, `Non-trainable params: ${shown(total - trainable)}`,
  ].join('\n');
}

/** `residual_1/dense_2` for a layer inside a block or sequential instance. */
function pathOf(model: CheckedModel, id: number): string {
  const names: string[] = [];
  for (let layer = model.layers[id]; ; layer = model.layers[layer.parent!]) {
    names.unshift(layer.name);
    if (layer.parent === undefined) break;
  }
  return names.join('/');
}

/** Plain digits, as the runtime's Model.summary prints them: `keraflow summary` and `keraflow train` show one table. */
function formatCount(n: number): string {
  return String(n);
}
