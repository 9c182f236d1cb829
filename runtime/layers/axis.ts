/**
 * Axis arguments, read one way by every layer that takes one (ExpandDims,
 * Repeat, PermuteDims, Concatenate): by default the batch dimension is not
 * counted (`axis: 0` is the first non-batch axis), `includeBatchDim: true`
 * counts it (`axis: 0` is the batch axis), and a negative axis counts from
 * the end (`-1` is the last axis) either way.
 */
import { formatShape, type Shape } from '../engine/dimension.ts';
import type { Layer } from '../engine/layer.ts';
import type { ArgSpec } from '../engine/spec.ts';
import { ShapeError } from '../errors.ts';

/** The `includeBatchDim` option, the same on every layer that takes an axis. */
export const includeBatchDimArg = {
  name: 'includeBatchDim',
  type: 'bool',
  default: false,
  doc: 'true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis.',
} as const satisfies ArgSpec;

export interface AxisOptions {
  /** Whether the axis counts the batch dimension. */
  readonly includeBatchDim: boolean;
  /**
   * Whether the axis may name the batch axis, with `includeBatchDim` (Concatenate
   * may; a layer that would move the batch from the front may not).
   */
  readonly batchAllowed: boolean;
  /** The argument, for messages: `axis`, `axes`. */
  readonly argument?: string;
  /** What the positions are, for messages: "of the input", "for the new axis". */
  readonly what?: string;
}

/**
 * The position (batch = 0) an axis argument names among `rank` positions
 * (batch included): `rank` is the input's rank, or the output's for a layer
 * that inserts an axis. Out of range: a ShapeError naming the layer, the
 * accepted axes and the input shape `given`.
 */
export function resolveAxis(layer: Layer<any>, axis: number, rank: number, given: Shape | readonly Shape[], options: AxisOptions): number {
  const offset = options.includeBatchDim ? 0 : 1;
  const position = axis < 0 ? rank + axis : axis + offset;
  const lowest = options.includeBatchDim && options.batchAllowed ? 0 : 1;
  if (position >= lowest && position < rank) return position;

  const first = lowest - offset;
  const last = rank - 1 - offset;
  const accepted = last < first ? 'none' : `${first} to ${last}, or ${lowest - rank} to -1 from the end`;
  const counting = options.includeBatchDim ? 'batch dimension counted' : 'batch dimension not counted';
  const batchNote = position === 0 && options.includeBatchDim ? '; the batch axis must stay first' : '';
  const shown = Array.isArray(given[0]) ? `[${(given as readonly Shape[]).map((s) => formatShape(s)).join(', ')}]` : formatShape(given as Shape);
  const argument = options.argument ?? 'axis';
  throw new ShapeError(
    `${layer.name} (${layer.className}): ${argument === 'axis' ? '' : `${argument}: `}axis ${axis} is out of range ${options.what ?? 'for the input'} ${shown}` +
      ` (${counting}); accepted: ${accepted}${batchNote}`,
    { layer: layer.name, argument, expected: accepted, given: `${axis} for ${shown}` },
  );
}
