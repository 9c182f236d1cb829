import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { UpSampling1D as KeraflowUpSampling1D } from '../../../layers/reshaping/up-sampling1d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { optionalFirst } from '../arguments.ts';

/** Keras 3's UpSampling1D: each step repeated size times; runs Keraflow's UpSampling1D. */
export class UpSampling1D extends KerasLayer {
  static override readonly spec = {
    className: 'UpSampling1D',
    dialect: 'keras',
    doc: KeraflowUpSampling1D.spec.doc,
    shape: '[steps, channels] -> [steps * size, channels]',
    args: [{ name: 'size', type: 'int', positional: true, default: 2, min: 1, doc: 'How many times each step is repeated.' }],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof UpSampling1D.spec>;

  constructor(size?: number | LayerOptions, options: LayerOptions = {}) {
    super(...optionalFirst(size, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowUpSampling1D(this.args.size as number, { ...options });
  }
}

registerLayer(UpSampling1D);
