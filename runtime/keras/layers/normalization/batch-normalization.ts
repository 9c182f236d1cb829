import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as initializations from '../../../initializations.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import { BatchNormalization as KeraflowBatchNormalization } from '../../../layers/normalization/batch-normalization.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { constraintArg, initializerArg, regularizerArg } from '../arguments.ts';

// <options of BatchNormalization>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of BatchNormalization, after its positional arguments; every layer also takes LayerOptions. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature axis, the batch axis being 0; -1: the last. Default: -1. */
  axis?: number;
  /** How much of the moving statistics each training batch keeps. Default: 0.99. */
  momentum?: number;
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
  /** Initializer of the movingMean weights. Default: 'zeros'. */
  movingMeanInitializer?: string | initializations.Initialization;
  /** Initializer of the movingVariance weights. Default: 'ones'. */
  movingVarianceInitializer?: string | initializations.Initialization;
  /** Penalty on the beta weights, added to the loss; none: no penalty. Default: null. */
  betaRegularizer?: regularizers.RegularizerLike | null;
  /** Penalty on the gamma weights, added to the loss; none: no penalty. Default: null. */
  gammaRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the beta weights after each update; none: no constraint. Default: null. */
  betaConstraint?: constraints.ConstraintLike | null;
  /** Constraint applied to the gamma weights after each update; none: no constraint. Default: null. */
  gammaConstraint?: constraints.ConstraintLike | null;
}
/** Checked by tsc: BatchNormalizationOptions says what BatchNormalization.spec says. */
export type BatchNormalizationOptionsFollowSpec = Assert<SameType<BatchNormalizationOptions, LayerOptions & OptionsOf<typeof BatchNormalization.spec>>>;
// </options>

/** Keras 3's BatchNormalization: its axis counts the batch axis (0), as Keras's; runs Keraflow's BatchNormalization with includeBatchDim. */
export class BatchNormalization extends KerasLayer {
  static override readonly spec = {
    className: 'BatchNormalization',
    dialect: 'keras',
    doc: 'Normalizes each feature by the batch statistics in training, by their moving averages otherwise.',
    shape: 'any shape, kept; the normalized axis must have a number as size',
    args: [
      { name: 'axis', type: 'int', default: -1, doc: 'The feature axis, the batch axis being 0; -1: the last.' },
      { name: 'momentum', type: 'float', default: 0.99, min: 0, max: 1, doc: 'How much of the moving statistics each training batch keeps.' },
      { name: 'epsilon', type: 'float', default: 1e-3, above: 0, doc: 'Added to the variance before its square root.' },
      { name: 'center', type: 'bool', default: true, doc: 'Add the learned offset beta.' },
      { name: 'scale', type: 'bool', default: true, doc: 'Multiply by the learned scale gamma.' },
      initializerArg('beta', 'zeros'),
      initializerArg('gamma', 'ones'),
      initializerArg('movingMean', 'zeros'),
      initializerArg('movingVariance', 'ones'),
      regularizerArg('beta'),
      regularizerArg('gamma'),
      constraintArg('beta'),
      constraintArg('gamma'),
    ],
    params: KeraflowBatchNormalization.spec.params,
    activeParams: (args) => [...(args.scale ? ['gamma'] : []), ...(args.center ? ['beta'] : []), 'moving_mean', 'moving_variance'],
    inputs: 'single',
    keras: KeraflowBatchNormalization.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof BatchNormalization.spec>;

  constructor(options: BatchNormalizationOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    const { axis, momentum, epsilon, center, scale } = this.args;
    return new KeraflowBatchNormalization({ axis, includeBatchDim: true, momentum, epsilon, center, scale, ...options });
  }
  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return { beta: ['beta'], gamma: ['gamma'], movingMean: ['moving_mean'], movingVariance: ['moving_variance'] };
  }

  protected override ownInitializedWeights(): readonly string[] {
    return ['beta', 'gamma', 'movingMean', 'movingVariance'];
  }
}

registerLayer(BatchNormalization);
