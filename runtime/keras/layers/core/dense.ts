import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import { Dense as KeraflowDense } from '../../../layers/core/dense.ts';
import { registerLayer } from '../../../layers/registry.ts';
import type * as activations from '../../../activations.ts';
import type * as initializations from '../../../initializations.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { activationArg, activationOrLinear, kerasInitialization, kernelAndBiasWeightArgs, kernelInitializerArg, useBiasArg } from '../arguments.ts';

// <options of Dense>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Dense, after its positional arguments; every layer also takes LayerOptions. */
export interface DenseOptions extends LayerOptions {
  /** Activation applied to the output; none: linear. Default: 'linear'. */
  activation?: string | activations.Activation | null;
  /** Whether to add a bias vector. Default: true. */
  useBias?: boolean;
  /** Initializer of the kernel weights. Default: 'glorot_uniform'. */
  kernelInitializer?: string | initializations.Initialization;
  /** Initializer of the bias weights. Default: 'zeros'. */
  biasInitializer?: string | initializations.Initialization;
  /** Penalty on the kernel weights, added to the loss; none: no penalty. Default: null. */
  kernelRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the bias weights, added to the loss; none: no penalty. Default: null. */
  biasRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty. Default: null. */
  activityRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the kernel weights after each update; none: no constraint. Default: null. */
  kernelConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the bias weights after each update; none: no constraint. Default: null. */
  biasConstraint?: constraints.ConstraintLike | null;
}
/** Checked by tsc: DenseOptions says what Dense.spec says. */
export type DenseOptionsFollowSpec = Assert<SameType<DenseOptions, LayerOptions & OptionsOf<typeof Dense.spec>>>;
// </options>

/** Keras 3's Dense: activation(x · kernel + bias) on the last axis; runs Keraflow's Dense. */
export class Dense extends KerasLayer {
  static override readonly spec = {
    className: 'Dense',
    dialect: 'keras',
    doc: 'Fully connected layer: activation(x · kernel + bias) on the last axis.',
    shape: '[..., d] -> [..., units]; d must be a number',
    args: [
      { name: 'units', type: 'int', positional: true, required: true, min: 1, doc: 'Size of the output (last) dimension.' },
      activationArg,
      useBiasArg,
      kernelInitializerArg,
      ...kernelAndBiasWeightArgs,
    ],
    params: KeraflowDense.spec.params,
    activeParams: (args) => (args.useBias ? ['W', 'b'] : ['W']),
    inputs: 'single',
    keras: KeraflowDense.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dense.spec>;

  constructor(units: number, options: DenseOptions = {}) {
    super([units], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    const { units, activation, useBias, kernelInitializer } = this.args;
    return new KeraflowDense(units, { activation: activationOrLinear(activation), bias: useBias, init: kerasInitialization(kernelInitializer), ...options });
  }

  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return { kernel: ['W'], bias: ['b'] };
  }

  protected override ownInitializedWeights(): readonly string[] {
    return ['bias'];
  }
}

registerLayer(Dense);
