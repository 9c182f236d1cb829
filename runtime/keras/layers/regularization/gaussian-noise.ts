import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { GaussianNoise as KeraflowGaussianNoise } from '../../../layers/noise/gaussian-noise.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's GaussianNoise: in training, adds zero-mean normal noise of deviation stddev to each value; runs Keraflow's GaussianNoise. */
export class GaussianNoise extends KerasLayer {
  static override readonly spec = {
    className: 'GaussianNoise',
    dialect: 'keras',
    doc: 'In training, adds normal noise of mean 0 and deviation stddev to each value; identity otherwise.',
    shape: 'the input shape',
    args: [{ name: 'stddev', type: 'float', positional: true, required: true, min: 0, doc: 'The standard deviation of the noise.' }],
    params: [],
    inputs: 'single',
    keras: KeraflowGaussianNoise.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianNoise.spec>;

  constructor(stddev: number, options: LayerOptions = {}) {
    super([stddev], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowGaussianNoise(this.args.stddev, options);
  }
}

registerLayer(GaussianNoise);
