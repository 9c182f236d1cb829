/**
 * `keraflow summary`: per model, the table Keras's `model.summary()` prints
 * (the runtime's Model.summary has the same columns): each input and layer
 * application with its output shape and parameter count, a shared layer's
 * parameters counted once, then the totals. Shapes may be symbolic. As the
 * runtime's, it lists what the outputs depend on, in the order the model
 * runs it (a branch that feeds no output is not part of the model).
 */
import { formatShape } from '../../runtime/engine/dimension.ts';
import { plannedNodes } from './graph.ts';
import type { CheckedModel } from './types.ts';

export function summarize(model: CheckedModel): string {
  const rows: [string, string, string][] = [['Layer (type)', 'Output shape', 'Param #']];
  const shapeOf = (id: number) => {
    const shape = model.tensors[id].shape;
    return shape ? formatShape(shape) : '?';
  };
  for (const input of model.inputs) rows.push([`${model.tensors[input].name ?? 'input'} (Input)`, shapeOf(input), '0']);
  const counted = new Set<number>();
  const row = (layerId: number, className: string, outputs: readonly number[]) => {
    const count = counted.has(layerId) ? 0 : model.layers[layerId].paramCount;
    counted.add(layerId);
    rows.push([`${pathOf(model, layerId)} (${className})`, outputs.map(shapeOf).join(', '), count === undefined ? '?' : formatCount(count)]);
  };
  const planned = plannedNodes(model);
  // A layer-like sequential's application is one row, as the runtime's Sequential is one layer (the outermost, when nested).
  const applicationOf = new Map<number, CheckedModel['sequentialApplications'][number]>();
  for (const application of model.sequentialApplications) for (const node of application.nodes) applicationOf.set(node, application);
  for (const node of planned.map((id) => model.nodes[id])) {
    const application = applicationOf.get(node.id);
    if (!application) row(node.layer, model.layers[node.layer].className, node.outputs ?? [node.output]);
    else if (application.output === node.output) row(application.layer, 'Sequential', [application.output]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)) + 2);
  const line = (row: [string, string, string]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('')
      .trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0));
  let total = 0;
  let trainable = 0;
  let known = true;
  const live = new Set(planned);
  for (const layer of model.layers) {
    if (!layer.uses.some((node) => live.has(node)) || layer.params.length === 0) continue;
    for (const param of layer.params) {
      const size = param.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : NaN), 1);
      if (!Number.isFinite(size)) known = false;
      total += size;
      if (param.trainable) trainable += size;
    }
  }
  const shown = (n: number) => (known && model.paramCount !== undefined ? formatCount(n) : '? (a size is symbolic or unknown)');
  return [
    `Model: ${model.name}`,
    rule,
    line(rows[0]),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${shown(total)}`,
    `Trainable params: ${shown(trainable)}`,
    `Non-trainable params: ${shown(total - trainable)}`,
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
