/**
 * What Keras 3's MaxPooling / AveragePooling 1D-3D share: their arguments
 * (pool_size, strides, padding, data_format) and the Keraflow pooling each runs.
 */
import type { Layer, LayerOptions } from '../../../engine/layer.ts';
import { Pooling1D } from '../../../layers/pooling/pooling1d.ts';
import { Pooling2D } from '../../../layers/pooling/pooling2d.ts';
import { Pooling3D } from '../../../layers/pooling/pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { toTuple } from '../../../layers/convolution/spatial.ts';
import { dataFormatArg, dataFormatOf, paddingArg } from '../arguments.ts';

type Sizes<R extends number, Name extends string> = { readonly name: Name; readonly type: 'intOrIntList'; readonly length: R; readonly min: 1; readonly doc: string };

/** The arguments of a pooling over `rank` spatial axes, in Keras's order. */
export function poolingArgs<R extends 1 | 2 | 3>(rank: R): readonly [
  Sizes<R, 'poolSize'> & { readonly positional: true; readonly default: number },
  Sizes<R, 'strides'> & { readonly default: null; readonly nullable: true },
  typeof paddingArg,
  typeof dataFormatArg,
] {
  const sizes = { type: 'intOrIntList', length: rank, min: 1 } as const;
  return [
    { name: 'poolSize', ...sizes, positional: true, default: 2, doc: 'Window size, one per spatial axis or one number for all.' },
    { name: 'strides', ...sizes, default: null, nullable: true, doc: 'Steps between two windows; none: the pool size.' },
    paddingArg,
    dataFormatArg,
  ];
}

interface PoolingArgs {
  readonly poolSize: number | readonly number[];
  readonly strides: number | readonly number[] | null;
  readonly padding: 'valid' | 'same';
  readonly dataFormat: 'channels_last' | 'channels_first' | null;
}

/** The Keraflow pooling of `rank` and `mode` for Keras arguments. */
export function keraflowPooling(rank: 1 | 2 | 3, mode: PoolingMode, args: PoolingArgs, options: LayerOptions): Layer {
  const shared = { pad: args.padding, dataFormat: dataFormatOf(args.dataFormat), ...options };
  const strides = args.strides === null ? null : toTuple(args.strides, rank);
  const poolSize = toTuple(args.poolSize, rank);
  if (rank === 1) return new Pooling1D(mode, { ...shared, poolSize: poolSize[0], strides: strides?.[0] ?? null });
  if (rank === 2) return new Pooling2D(mode, { ...shared, poolSize: poolSize as [number, number], strides: strides as [number, number] | null });
  return new Pooling3D(mode, { ...shared, poolSize: poolSize as [number, number, number], strides: strides as [number, number, number] | null });
}
