import type { Dim } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { Reshape as KeraflowReshape } from '../../../layers/core/reshape.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Reshape: each sample to `target_shape` (batch excluded; one size may be -1); runs Keraflow's Reshape. */
export class Reshape extends KerasLayer {
  static override readonly spec = {
    className: 'Reshape',
    dialect: 'keras',
    doc: 'Gives each sample a new shape with as many values; one size may be -1 (inferred).',
    shape: '[d1, d2, ...] -> target_shape, with as many values (a -1 in target_shape is worked out)',
    args: [{ name: 'targetShape', type: 'shape', positional: true, required: true, doc: 'The shape of each sample, batch excluded, e.g. (28, 28, 1) or (-1, 8).' }],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: KeraflowReshape.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Reshape.spec>;

  constructor(targetShape: readonly Dim[], options: LayerOptions = {}) {
    super([targetShape], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowReshape(this.args.targetShape, options);
  }
}

registerLayer(Reshape);
