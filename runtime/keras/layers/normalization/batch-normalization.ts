import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { BatchNormalization as KeraflowBatchNormalization } from '../../../layers/normalization/batch-normalization.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

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
}

registerLayer(BatchNormalization);
