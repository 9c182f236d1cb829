import type { Shape } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { ElementWiseSum } from '../../../layers/merge/element-wise-sum.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Add: the element-wise sum of a list of tensors of one shape; runs Keraflow's ElementWiseSum. */
export class Add extends KerasLayer<Shape[]> {
  static override readonly spec = {
    className: 'Add',
    dialect: 'keras',
    doc: 'Element-wise sum of a list of tensors of one shape.',
    shape: 'a list of equal shapes -> that shape',
    args: [],
    params: [],
    inputs: 'list',
    keras: ElementWiseSum.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Add.spec>;

  constructor(options: LayerOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer<Shape[]> {
    return new ElementWiseSum(options);
  }
}

registerLayer(Add);
