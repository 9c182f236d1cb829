/**
 * What Keras 3's MaxPooling / AveragePooling 1D-3D share: their spec, made
 * from the rank and the mode (`poolingSpec`), and their base class, which
 * runs the Keraflow pooling of that rank and mode. Each layer's file is its
 * class: that spec, its options type, its registration.
 */
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import { Pooling1D } from '../../../layers/pooling/pooling1d.ts';
import { Pooling2D } from '../../../layers/pooling/pooling2d.ts';
import { Pooling3D } from '../../../layers/pooling/pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { toTuple } from '../../../layers/convolution/spatial.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf, optionalFirst, paddingArg } from '../arguments.ts';

type Sizes<R extends number, Name extends string> = { readonly name: Name; readonly type: 'intOrIntList'; readonly length: R; readonly min: 1; readonly doc: string };

/** The arguments of a pooling over `rank` spatial axes, in Keras's order. */
export function poolingArgs<R extends 1 | 2 | 3>(
  rank: R,
): readonly [
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

type PoolingArgs = {
  readonly poolSize: number | readonly number[];
  readonly strides: number | readonly number[] | null;
  readonly padding: 'valid' | 'same';
  readonly dataFormat: 'channels_last' | 'channels_first' | null;
};

/** The Keraflow pooling of `rank` and `mode` for Keras arguments. */
export function keraflowPooling(rank: 1 | 2 | 3, mode: PoolingMode, args: PoolingArgs, options: LayerOptions): Layer {
  const shared = { pad: args.padding, dataFormat: dataFormatOf(args.dataFormat), ...options };
  const strides = args.strides === null ? null : toTuple(args.strides, rank);
  const poolSize = toTuple(args.poolSize, rank);
  if (rank === 1) return new Pooling1D(mode, { ...shared, poolSize: poolSize[0], strides: strides?.[0] ?? null });
  if (rank === 2) return new Pooling2D(mode, { ...shared, poolSize: poolSize as [number, number], strides: strides as [number, number] | null });
  return new Pooling3D(mode, { ...shared, poolSize: poolSize as [number, number, number], strides: strides as [number, number, number] | null });
}

const KERAFLOW_POOLINGS = [Pooling1D, Pooling2D, Pooling3D] as const;

/** The rank and mode of each spec `poolingSpec` made: what a KerasPooling runs. */
const POOLINGS = new WeakMap<LayerSpec, { rank: 1 | 2 | 3; mode: PoolingMode }>();

/** The spec of Keras 3's MaxPooling{rank}D (mode 'max') or AveragePooling{rank}D ('avg'). */
export function poolingSpec<R extends 1 | 2 | 3>(rank: R, mode: PoolingMode) {
  const [kind, words] = mode === 'max' ? ['Max', ['max', 'the largest value']] : ['Average', ['average', 'the mean']];
  const spec = {
    className: `${kind}Pooling${rank}D`,
    dialect: 'keras',
    doc: `${rank}-D ${words[0]} pooling: ${words[1]} of each window, channels kept (channels last by default).`,
    shape: "[spatial..., channels] -> [spatial'..., channels]; each size n -> ceil((n - pool_size + 1) / strides) with padding 'valid', ceil(n / strides) with 'same'",
    args: poolingArgs(rank),
    params: [],
    inputs: 'single',
    keras: KERAFLOW_POOLINGS[rank - 1].spec.keras,
  } as const satisfies LayerSpec;
  POOLINGS.set(spec, { rank, mode });
  return spec;
}

/** Keras 3's MaxPooling / AveragePooling of any rank: each layer's file gives its spec (`poolingSpec`) and options type. */
export abstract class KerasPooling extends KerasLayer {
  declare readonly args: PoolingArgs;

  constructor(poolSize: unknown, options: LayerOptions) {
    super(...optionalFirst(poolSize, options));
  }

  /** Keraflow's Pooling{rank}D in the spec's mode. */
  protected makeSibling(options: LayerOptions): Layer {
    const { rank, mode } = POOLINGS.get(this.spec)!;
    return keraflowPooling(rank, mode, this.args, options);
  }
}
