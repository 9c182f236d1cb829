import type { LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

import { SpatialDropout, spatialDropoutMapping } from './spatial-dropout.ts';


/** Keras 3's SpatialDropout1D: in training, drops whole channels of each sample (every step at once), scaling the rest by 1 / (1 - rate). */
export class SpatialDropout1D extends SpatialDropout {
  static override readonly spec = {
    className: 'SpatialDropout1D',
    dialect: 'keras',
    doc: 'In training, zeroes whole channels of each sample with probability rate (scaling the others by 1 / (1 - rate)); identity otherwise.',
    shape: '[steps, channels], kept',
    args: [
      { name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of channels dropped, in [0, 1).' },
    ],
    params: [],
    inputs: 'single',
    keras: spatialDropoutMapping('SpatialDropout1D', { dataFormat: false, tfjs: true }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout1D.spec>;
  protected readonly spatialRank = 1;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }
}

registerLayer(SpatialDropout1D);
