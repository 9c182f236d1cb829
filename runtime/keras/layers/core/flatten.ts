import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { Flatten as KeraflowFlatten } from '../../../layers/core/flatten.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Flatten (channels last): each sample to a vector; runs Keraflow's Flatten. */
export class Flatten extends KerasLayer {
  static override readonly spec = {
    className: 'Flatten',
    dialect: 'keras',
    doc: 'Flattens each sample to a vector: [d1, d2, ...] -> [d1 * d2 * ...].',
    shape: '[d1, d2, ...] -> [d1 * d2 * ...]',
    args: [],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: KeraflowFlatten.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Flatten.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowFlatten(options);
  }
}

registerLayer(Flatten);
