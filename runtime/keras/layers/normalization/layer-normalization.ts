import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as initializations from '../../../initializations.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import { LayerNormalization as KeraflowLayerNormalization } from '../../../layers/normalization/layer-normalization.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { constraintArg, initializerArg, regularizerArg } from '../arguments.ts';

// <options of LayerNormalization>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of LayerNormalization, after its positional arguments; every layer also takes LayerOptions. */
export interface LayerNormalizationOptions extends LayerOptions {
  /** The axis or axes normalized, the batch axis being 0; -1: the last. Default: -1. */
  axis?: number | number[];
  /** Added to the variance before its square root. Default: 0.001. */
  epsilon?: number;
  /** Add the learned offset beta. Default: true. */
  center?: boolean;
  /** Multiply by the learned scale gamma. Default: true. */
  scale?: boolean;
  /** Initializer of the beta weights. Default: 'zeros'. */
  betaInitializer?: string | initializations.Initialization;
  /** Initializer of the gamma weights. Default: 'ones'. */
  gammaInitializer?: string | initializations.Initialization;
  /** Penalty on the beta weights, added to the loss; none: no penalty. Default: null. */
  betaRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the gamma weights, added to the loss; none: no penalty. Default: null. */
  gammaRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the beta weights after each update; none: no constraint. Default: null. */
  betaConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the gamma weights after each update; none: no constraint. Default: null. */
  gammaConstraint?: constraints.ConstraintLike | null;
}
/** Checked by tsc: LayerNormalizationOptions says what LayerNormalization.spec says. */
export type LayerNormalizationOptionsFollowSpec = Assert<SameType<LayerNormalizationOptions, LayerOptions & OptionsOf<typeof LayerNormalization.spec>>>;
// </options>

/** Keras 3's LayerNormalization: its axes count the batch axis (0), as Keras's; runs Keraflow's LayerNormalization with includeBatchDim. */
export class LayerNormalization extends KerasLayer {
  static override readonly spec = {
    className: 'LayerNormalization',
    dialect: 'keras',
    doc: 'Normalizes each sample over the given axes, then scales by gamma and shifts by beta.',
    shape: 'any shape, kept; the normalized axes must have numbers as sizes',
    args: [
      { name: 'axis', type: 'intOrIntList', default: -1, doc: 'The axis or axes normalized, the batch axis being 0; -1: the last.' },
      { name: 'epsilon', type: 'float', default: 1e-3, above: 0, doc: 'Added to the variance before its square root.' },
      { name: 'center', type: 'bool', default: true, doc: 'Add the learned offset beta.' },
      { name: 'scale', type: 'bool', default: true, doc: 'Multiply by the learned scale gamma.' },
      initializerArg('beta', 'zeros'),
      initializerArg('gamma', 'ones'),
      regularizerArg('beta'),
      regularizerArg('gamma'),
      constraintArg('beta'),
      constraintArg('gamma'),
    ],
    params: KeraflowLayerNormalization.spec.params,
    activeParams: (args) => [...(args.scale ? ['gamma'] : []), ...(args.center ? ['beta'] : [])],
    inputs: 'single',
    keras: KeraflowLayerNormalization.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof LayerNormalization.spec>;

  constructor(options: LayerNormalizationOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    const { axis, epsilon, center, scale } = this.args;
    return new KeraflowLayerNormalization({ axis, includeBatchDim: true, epsilon, center, scale, ...options });
  }
  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return { beta: ['beta'], gamma: ['gamma'] };
  }

  protected override ownInitializedWeights(): readonly string[] {
    return ['beta', 'gamma'];
  }
}

registerLayer(LayerNormalization);
