import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { ZeroPadding1D as KeraflowZeroPadding1D } from '../../../layers/reshaping/zero-padding1d.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { optionalFirst } from '../arguments.ts';

/** Keras 3's ZeroPadding1D: zeros before and after the steps; runs Keraflow's ZeroPadding1D. */
export class ZeroPadding1D extends KerasLayer {
  static override readonly spec = {
    className: 'ZeroPadding1D',
    dialect: 'keras',
    doc: KeraflowZeroPadding1D.spec.doc,
    shape: '[steps, channels] -> [steps + left + right, channels]',
    args: [{ name: 'padding', type: 'intOrIntList', length: 2, positional: true, default: 1, min: 0, doc: 'Zeros added at both ends, or (left, right).' }],
    params: [],
    inputs: 'single',
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof ZeroPadding1D.spec>;

  constructor(padding?: number | [number, number] | LayerOptions, options: LayerOptions = {}) {
    super(...optionalFirst(padding, options));
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowZeroPadding1D(this.args.padding as number | [number, number], { ...options });
  }
}

registerLayer(ZeroPadding1D);
