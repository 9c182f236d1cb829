import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { PermuteDims } from '../../../layers/core/permute-dims.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Permute: `dims` count from 1 (the batch axis is 0 and stays); runs Keraflow's PermuteDims, whose axes count from 0. */
export class Permute extends KerasLayer {
  static override readonly spec = {
    className: 'Permute',
    dialect: 'keras',
    doc: 'Reorders the axes of each sample: output axis i is input axis dims[i], axes counted from 1 (the batch axis stays first).',
    shape: '[d1, d2, ...] -> [d_dims[0], d_dims[1], ...]',
    args: [{ name: 'dims', type: 'intList', positional: true, required: true, min: 1, doc: 'A permutation of 1, ..., rank - 1, e.g. (2, 1).' }],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: PermuteDims.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Permute.spec>;

  constructor(dims: readonly number[], options: LayerOptions = {}) {
    super([dims], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new PermuteDims(
      this.args.dims.map((dim) => dim - 1),
      options,
    );
  }
}

registerLayer(Permute);
