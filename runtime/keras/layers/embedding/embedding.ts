import * as tf from '@tensorflow/tfjs-core';
import type { DType } from '../../../engine/kensor.ts';
import type { CallContext, Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import type * as regularizers from '../../../regularizers.ts';
import type * as constraints from '../../../constraints.ts';
import type * as initializations from '../../../initializations.ts';
import { Embedding as KeraflowEmbedding } from '../../../layers/embedding/embedding.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';
import { activityRegularizerArg, constraintArg, kerasInitialization, regularizerArg } from '../arguments.ts';

// <options of Embedding>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Embedding, after its positional arguments; every layer also takes LayerOptions. */
export interface EmbeddingOptions extends LayerOptions {
  /** Initializer of the embeddings. Default: 'uniform'. */
  embeddingsInitializer?: string | initializations.Initialization;
  /** Index 0 is padding: the steps holding it are masked (recurrent layers after it skip them). Default: false. */
  maskZero?: boolean;
  /** Penalty on the embeddings weights, added to the loss; none: no penalty. Default: null. */
  embeddingsRegularizer?: regularizers.RegularizerLike | null;
  /** Constraint applied to the embeddings weights after each update; none: no constraint. Default: null. */
  embeddingsConstraint?: constraints.ConstraintLike | null;
  /** Penalty on the layer's output in training, divided by the batch size and added to the loss; none: no penalty. Default: null. */
  activityRegularizer?: regularizers.RegularizerLike | null;
}
/** Checked by tsc: EmbeddingOptions says what Embedding.spec says. */
export type EmbeddingOptionsFollowSpec = Assert<SameType<EmbeddingOptions, LayerOptions & OptionsOf<typeof Embedding.spec>>>;
// </options>

/**
 * Keras 3's Embedding: row i of the embeddings for index i. As Keras, it
 * takes float indices too and casts them to integers; runs Keraflow's Embedding.
 */
export class Embedding extends KerasLayer {
  static override readonly spec = {
    className: 'Embedding',
    dialect: 'keras',
    doc: 'Turns indices into vectors: row i of the embeddings for index i (float indices are cast to integers).',
    shape: '[d1, ...] of indices -> [d1, ..., output_dim]',
    args: [
      { name: 'inputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of the vocabulary: indices go from 0 to input_dim - 1.' },
      { name: 'outputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of each vector.' },
      { name: 'embeddingsInitializer', type: 'initialization', default: 'uniform', doc: 'Initializer of the embeddings.' },
      { name: 'maskZero', type: 'bool', default: false, doc: 'Index 0 is padding: the steps holding it are masked (recurrent layers after it skip them).' },
      regularizerArg('embeddings'),
      constraintArg('embeddings'),
      activityRegularizerArg,
    ],
    params: KeraflowEmbedding.spec.params,
    inputs: 'single',
    inputDtype: 'any',
    keras: KeraflowEmbedding.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Embedding.spec>;

  constructor(inputDim: number, outputDim: number, options: EmbeddingOptions = {}) {
    super([inputDim, outputDim], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new KeraflowEmbedding(this.args.inputDim, this.args.outputDim, { init: kerasInitialization(this.args.embeddingsInitializer), maskZero: this.args.maskZero, ...options });
  }

  protected override weightParams(): Readonly<Record<string, readonly string[]>> {
    return { embeddings: ['W'] };
  }

  /** Integer or float indices. */
  override checkInputDtypes(_dtypes: readonly DType[]): void {}

  override outputDtype(): DType {
    return 'float32';
  }

  override checkInputValues(x: tf.Tensor): void {
    const indices = tf.cast(x, 'int32');
    try {
      super.checkInputValues(indices);
    } finally {
      indices.dispose();
    }
  }

  override call(x: tf.Tensor, context: CallContext): tf.Tensor {
    return super.call(x.dtype === 'int32' ? x : tf.cast(x, 'int32'), context);
  }
}

registerLayer(Embedding);
