import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { Cropping1D as KeraflowCropping1D } from '../../../layers/reshaping/cropping1d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { optionalFirst } from '../arguments.ts';

/** Keras 3's Cropping1D: steps cut from the start and the end of the steps; runs Keraflow's Cropping1D. */
export class Cropping1D extends KerasLayer {
  static override readonly spec = {
    className: 'Cropping1D',
    dialect: 'keras',
    doc: KeraflowCropping1D.spec.doc,
    shape: '[steps, channels] -> [steps - start - end, channels]',
    args: [{ name: 'cropping', type: 'intOrIntList', length: 2, positional: true, default: 1, min: 0, doc: 'Steps cut at both ends, or (start, end).' }],
    params: [],
    inputs: 'single',
    keras: KeraflowCropping1D.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Cropping1D.spec>;

  constructor(cropping?: number | [number, number] | LayerOptions, options: LayerOptions = {}) {
    super(...optionalFirst(cropping, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowCropping1D(this.args.cropping as number | [number, number], { ...options });
  }
}

registerLayer(Cropping1D);
