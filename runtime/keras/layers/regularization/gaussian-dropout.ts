import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { GaussianDropout as KeraflowGaussianDropout } from '../../../layers/noise/gaussian-dropout.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's GaussianDropout: in training, multiplies each value by normal noise of mean 1 and deviation sqrt(rate / (1 - rate)); runs Keraflow's GaussianDropout. */
export class GaussianDropout extends KerasLayer {
  static override readonly spec = {
    className: 'GaussianDropout',
    dialect: 'keras',
    doc: 'In training, multiplies each value by normal noise of mean 1 and deviation sqrt(rate / (1 - rate)); identity otherwise.',
    shape: 'the input shape',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The drop probability whose deviation the noise has, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: KeraflowGaussianDropout.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof GaussianDropout.spec>;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowGaussianDropout(this.args.rate, options);
  }
}

registerLayer(GaussianDropout);
