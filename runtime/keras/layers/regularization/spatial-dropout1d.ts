import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { SpatialDropout1D as KeraflowSpatialDropout1D } from '../../../layers/noise/spatial-dropout1d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's SpatialDropout1D: in training, drops whole channels of each sample, scaling the rest by 1 / (1 - rate); runs Keraflow's SpatialDropout1D. */
export class SpatialDropout1D extends KerasLayer {
  static override readonly spec = {
    className: 'SpatialDropout1D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[steps, channels], kept',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: KeraflowSpatialDropout1D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout1D.spec>;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowSpatialDropout1D(this.args.rate, options);
  }
}

registerLayer(SpatialDropout1D);
