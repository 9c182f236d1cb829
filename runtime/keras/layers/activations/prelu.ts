import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as initializations from '../../../initializations.ts';
import { PReLU as KeraflowPReLU } from '../../../layers/activations/prelu.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { constraintArg, kerasInitialization, regularizerArg } from '../arguments.ts';

// <options of PReLU>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of PReLU, after its positional arguments; every layer also takes LayerOptions. */
export interface PReLUOptions extends LayerOptions {
  /** Initializer of alpha. Default: 'zeros'. */
  alphaInitializer?: string | initializations.Initialization;
  /** Penalty on the alpha weights, added to the loss; none: no penalty. Default: null. */
  alphaRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the alpha weights after each update; none: no constraint. Default: null. */
  alphaConstraint?: constraints.ConstraintLike | null;
  /** Axes (the batch axis being 0) along which one slope is shared, e.g. [1, 2] for one slope per channel of an image; none: no sharing. Default: null. */
  sharedAxes?: readonly number[] | null;
}
/** Checked by tsc: PReLUOptions says what PReLU.spec says. */
export type PReLUOptionsFollowSpec = Assert<SameType<PReLUOptions, LayerOptions & OptionsOf<typeof PReLU.spec>>>;
// </options>

/**
 * Keras 3's PReLU: x for x ≥ 0, alpha · x below, with a learned slope alpha
 * for each value of a sample, or one shared along `shared_axes` (the batch
 * axis being 0, as in Keras); runs Keraflow's PReLU with includeBatchDim.
 */
export class PReLU extends KerasLayer {
  static override readonly spec = {
    className: 'PReLU',
    dialect: 'keras',
    doc: 'Parametric ReLU: x for x ≥ 0, alpha · x below, alpha learned per value (shared along shared_axes).',
    shape: 'the input shape; alpha: the input shape, 1 on the shared axes',
    args: [
      { name: 'alphaInitializer', type: 'initialization', default: 'zeros', doc: 'Initializer of alpha.' },
      regularizerArg('alpha'),
      constraintArg('alpha'),
      {
        name: 'sharedAxes',
        type: 'intList',
        nullable: true,
        default: null,
        min: 1,
        doc: 'Axes (the batch axis being 0) along which one slope is shared, e.g. [1, 2] for one slope per channel of an image; none: no sharing.',
      },
    ],
    params: KeraflowPReLU.spec.params,
    inputs: 'single',
    keras: KeraflowPReLU.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof PReLU.spec>;

  constructor(options: PReLUOptions = {}) {
    super([], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    const { alphaInitializer, sharedAxes } = this.args;
    return new KeraflowPReLU({ init: kerasInitialization(alphaInitializer), sharedAxes, includeBatchDim: true, ...options });
  }

  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return { alpha: ['alpha'] };
  }
}

registerLayer(PReLU);
