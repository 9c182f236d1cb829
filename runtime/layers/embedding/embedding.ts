import * as tf from '@tensorflow/tfjs-core';
import { type Shape } from '../../engine/dimension.ts';
import { Layer, type CallContext, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { KeraflowError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import { registerLayer } from '../registry.ts';

export interface EmbeddingOptions extends LayerOptions {
  /** How W starts (default uniform on ±0.05). */
  init?: string | initializations.Initialization;
  /** Fraction of the vocabulary's rows (whole words) dropped in training (default 0). */
  dropout?: number;
}

/**
 * Looks up a row of W for each integer index: [batch, ...] int32 ->
 * [batch, ..., outputDim]. Parameter: W [vocabularySize, outputDim].
 * An index outside [0, vocabularySize) in the data is an error before any
 * computation. A mask from the Input (`maskValue`, e.g. the padding index 0)
 * goes on to the output, so a recurrent layer after it skips padded steps.
 */
export class Embedding extends Layer {
  static override readonly spec: LayerSpec = {
    className: 'Embedding',
    doc: 'Turns integer indices into dense vectors: row i of W for index i.',
    args: [
      { name: 'vocabularySize', type: 'int', positional: true, required: true, min: 1, doc: 'Number of indices (rows of W); indices go from 0 to vocabularySize - 1.' },
      { name: 'outputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of each vector (columns of W).' },
      { name: 'init', type: 'initialization', default: 'uniform', doc: 'Initialization of W.' },
      { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of whole rows of W (words) dropped in training.' },
    ],
    params: ['W'],
    inputs: 'single',
    inputDtype: 'int32',
    keras: {
      className: 'Embedding',
      config: (args, keras) => ({
        input_dim: args.vocabularySize,
        output_dim: args.outputDim,
        embeddings_initializer: keras.initializer('init'),
        embeddings_regularizer: keras.regularizer('W'),
        activity_regularizer: null,
        embeddings_constraint: keras.constraint('W'),
        mask_zero: false,
        ...(args.dropout ? keras.unsupported('dropout', 'has no Keras Embedding counterpart') : {}),
      }),
      weights: ({ W }) => ({ embeddings: W }),
    },
  };

  readonly vocabularySize: number;
  readonly outputDim: number;
  readonly dropout: number;
  private readonly init: initializations.Initialization;

  constructor(vocabularySize: number, outputDim: number, options: EmbeddingOptions = {}) {
    super([vocabularySize, outputDim], options as LayerOptions & Record<string, unknown>);
    this.vocabularySize = this.args.vocabularySize as number;
    this.outputDim = this.args.outputDim as number;
    this.dropout = this.args.dropout as number;
    this.init = initializations.get(this.args.init as string, { layer: this.name, argument: 'init' });
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 2) throw this.shapeError('takes integer inputs of rank 2 or more (batch included), e.g. [batch, time]', shape, { reason: 'rank' });
  }

  override outputShape(shape: Shape): Shape {
    return [...shape, this.outputDim];
  }

  protected override initParams(): void {
    this.addParam('W', [this.vocabularySize, this.outputDim], this.init);
  }

  /** Every index must name a row of W; checked on the whole data, before computing. */
  override checkInputValues(x: tf.Tensor): void {
    const [lowest, highest] = tf.tidy(() => [tf.min(x), tf.max(x)].map((t) => t.dataSync()[0]));
    if (x.size === 0 || (lowest >= 0 && highest < this.vocabularySize)) return;
    const bad = lowest < 0 ? lowest : highest;
    const values = x.dataSync();
    const index = values.indexOf(bad);
    const position = x.shape.map((_, axis) => Math.floor(index / x.shape.slice(axis + 1).reduce((a, b) => a * b, 1)) % x.shape[axis]);
    throw new KeraflowError(
      `${this.name} (${this.className}): index ${bad} at [${position.join('][')}] of input ${JSON.stringify(x.shape)} is outside the vocabulary ` +
        `(0 to ${this.vocabularySize - 1}, vocabularySize ${this.vocabularySize})`,
      { layer: this.name, argument: 'x', expected: `indices from 0 to ${this.vocabularySize - 1}`, given: String(bad) },
    );
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    let { W } = this.weights as Record<string, tf.Tensor>;
    if (context.training && this.dropout > 0) {
      // Drop whole rows (words), scaling the kept ones, as Keras 1 did.
      const kept = tf.cast(tf.greaterEqual(tf.randomUniform([this.vocabularySize, 1]), this.dropout), 'float32');
      W = tf.mul(W, tf.div(kept, 1 - this.dropout));
    }
    return tf.gather(W, x);
  }

  /** The input's mask ([batch, time], from the Input's maskValue) is the output's. */
  override computeMask(_inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[]): tf.Tensor | undefined {
    return masks[0];
  }
}

registerLayer(Embedding);
