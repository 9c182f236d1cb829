import type { Shape } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { ElementWiseMult } from '../../../layers/merge/element-wise-mult.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Multiply: the element-wise product of a list of tensors of one shape; runs Keraflow's ElementWiseMult. */
export class Multiply extends KerasLayer<Shape[]> {
  static override readonly spec = {
    className: 'Multiply',
    dialect: 'keras',
    doc: 'Element-wise product of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: ElementWiseMult.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Multiply.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer<Shape[]> {
    return new ElementWiseMult(options);
  }
}

registerLayer(Multiply);
