import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import type * as activations from '../../../activations.ts';
import { Activation as KeraflowActivation } from '../../../layers/core/activation.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's Activation: applies an activation function; runs Keraflow's Activation. */
export class Activation extends KerasLayer {
  static override readonly spec = {
    className: 'Activation',
    dialect: 'keras',
    doc: 'Applies an activation function to its input.',
    shape: 'the input shape',
    args: [{ name: 'activation', type: 'activation', positional: true, required: true, doc: 'The activation: a name (relu, tanh, ...) or a function.' }],
    params: [],
    inputs: 'single',
    keras: KeraflowActivation.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Activation.spec>;

  constructor(activation: string | activations.Activation, options: LayerOptions = {}) {
    super([activation], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowActivation(this.args.activation, options);
  }
}

registerLayer(Activation);
