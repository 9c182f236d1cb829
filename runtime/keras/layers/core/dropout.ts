import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { Dropout as KeraflowDropout } from '../../../layers/core/dropout.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Dropout: in training, zeroes each value with probability `rate` and scales the rest by 1 / (1 - rate); runs Keraflow's Dropout. */
export class Dropout extends KerasLayer {
  static override readonly spec = {
    className: 'Dropout',
    dialect: 'keras',
    doc: 'In training, sets each value to 0 with probability rate and scales the others by 1 / (1 - rate); identity otherwise.',
    shape: 'the input shape',
    args: [{ name: 'rate', type: 'float', positional: true, required: true, min: 0, below: 1, doc: 'The fraction of values dropped, in [0, 1).' }],
    params: [],
    inputs: 'single',
    keras: KeraflowDropout.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dropout.spec>;

  constructor(rate: number, options: LayerOptions = {}) {
    super([rate], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowDropout(this.args.rate, options);
  }
}

registerLayer(Dropout);
