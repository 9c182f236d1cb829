import type { Shape } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { TimeDistributed as KeraflowTimeDistributed } from '../../../layers/wrappers/time-distributed.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer, siblingOf } from '../../keras-layer.ts';

/** Keras 3's TimeDistributed: applies a layer to every step; runs Keraflow's TimeDistributed. */
export class TimeDistributed extends KerasLayer<Shape> {
  static override readonly spec = {
    className: 'TimeDistributed',
    dialect: 'keras',
    doc: 'Applies a layer to each step of a sequence: [time, ...] -> [time, what the layer gives for ...].',
    shape: '[time, ...] -> [time, what the layer gives for ...]',
    args: [{ name: 'layer', type: 'layer', positional: true, required: true, doc: 'The layer applied to each step [batch, ...] of the input [batch, time, ...].' }],
    params: [],
    activeParams: (args) => (args.layer as Layer<any>).paramNames(),
    inputs: 'single',
    keras: KeraflowTimeDistributed.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof TimeDistributed.spec>;

  constructor(layer: Layer<any>, options: LayerOptions = {}) {
    super([layer], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowTimeDistributed(siblingOf(this.args.layer), options);
  }
}

registerLayer(TimeDistributed);
