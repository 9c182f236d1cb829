/**
 * What Keras 3's GlobalMax / GlobalAveragePooling 1D-3D share: their spec
 * (arguments data_format and keepdims), made from the rank and the mode
 * (`globalPoolingSpec`), and their base class, which runs the Keraflow global
 * pooling of that rank and mode. Each layer's file is its class: that spec,
 * its options type, its registration.
 */
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, ArgSpec } from '../../../engine/spec.ts';
import { GlobalPooling1D } from '../../../layers/pooling/global-pooling1d.ts';
import { GlobalPooling2D } from '../../../layers/pooling/global-pooling2d.ts';
import { GlobalPooling3D } from '../../../layers/pooling/global-pooling3d.ts';
import type { PoolingMode } from '../../../layers/pooling/pooling-base.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { dataFormatArg, dataFormatOf } from '../arguments.ts';

export const globalPoolingArgs = [
  dataFormatArg,
  { name: 'keepdims', type: 'bool', default: false, doc: 'true: the pooled axes stay, as size 1; false: [channels].' },
] as const satisfies readonly ArgSpec[];

const KERAFLOW_GLOBAL_POOLINGS = [GlobalPooling1D, GlobalPooling2D, GlobalPooling3D] as const;
const SPATIAL = [
  ['the steps', 'steps'],
  ['the rows and cols', 'rows, cols'],
  ['the three spatial axes', 'depth, rows, cols'],
] as const;

/** The rank and mode of each spec `globalPoolingSpec` made: what a KerasGlobalPooling runs. */
const GLOBAL_POOLINGS = new WeakMap<LayerSpec, { rank: 1 | 2 | 3; mode: PoolingMode }>();

/** The spec of Keras 3's GlobalMaxPooling{rank}D (mode 'max') or GlobalAveragePooling{rank}D ('avg'). */
export function globalPoolingSpec(rank: 1 | 2 | 3, mode: PoolingMode) {
  const [over, axes] = SPATIAL[rank - 1];
  const ones = Array<string>(rank).fill('1').join(', ');
  const spec = {
    className: `Global${mode === 'max' ? 'Max' : 'Average'}Pooling${rank}D`,
    dialect: 'keras',
    doc: `${mode === 'max' ? 'The largest value' : 'The mean'} of each channel over ${over} (channels last by default).`,
    shape: `[${axes}, channels] -> [channels] ([${ones}, channels] with keepdims)`,
    args: globalPoolingArgs,
    params: [],
    inputs: 'single',
    keras: KERAFLOW_GLOBAL_POOLINGS[rank - 1].spec.keras,
  } as const satisfies LayerSpec;
  GLOBAL_POOLINGS.set(spec, { rank, mode });
  return spec;
}

/** Keras 3's GlobalMax / GlobalAveragePooling of any rank: each layer's file gives its spec (`globalPoolingSpec`) and options type. */
export abstract class KerasGlobalPooling extends KerasLayer {
  declare readonly args: ArgsOf<{ args: typeof globalPoolingArgs }>;

  constructor(options: LayerOptions) {
    super([], options);
  }

  /** Keraflow's GlobalPooling{rank}D in the spec's mode. */
  protected makeSibling(options: LayerOptions): Layer {
    const { rank, mode } = GLOBAL_POOLINGS.get(this.spec)!;
    const Sibling = KERAFLOW_GLOBAL_POOLINGS[rank - 1];
    return new Sibling(mode, { dataFormat: dataFormatOf(this.args.dataFormat), keepdims: this.args.keepdims, ...options });
  }
}
