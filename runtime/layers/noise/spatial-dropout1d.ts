import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';
import { SpatialDropout, spatialDropoutMapping } from './spatial-dropout.ts';

/** Dropout of whole channels of a sequence (every step at once): during training, zeroes each channel of each sample with probability dropRate, scaling the rest by 1 / (1 - dropRate). */
export class SpatialDropout1D extends SpatialDropout {
  static override readonly spec = {
    className: 'SpatialDropout1D',
    doc: 'Zeroes whole channels of each sample with probability drop_rate during training (scaling the others by 1 / (1 - drop_rate)); the identity otherwise.',
    shape: '[steps, channels], kept',
    args: [{ name: 'dropRate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The probability of dropping each channel, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: spatialDropoutMapping('SpatialDropout1D', { dataFormat: false, tfjs: true }),
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof SpatialDropout1D.spec>;
  protected readonly spatialRank = 1;

  constructor(dropRate: number, options: LayerOptions = {}) {
    super([dropRate], options);
  }
}

registerLayer(SpatialDropout1D);
