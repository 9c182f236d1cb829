import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import { type CallContext, Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { KeraflowError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of Embedding>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Embedding, after its positional arguments; every layer also takes LayerOptions. */
export interface EmbeddingOptions extends LayerOptions {
  /** Initialization of W. Default: 'uniform'. */
  init?: string | initializations.Initialization;
  /** Fraction of whole rows of W (words) dropped in training. Default: 0. */
  dropout?: number;
  /** Index 0 is padding: the steps holding it are masked (recurrent layers after it skip them). Default: false. */
  maskZero?: boolean;
}
/** Checked by tsc: EmbeddingOptions says what Embedding.spec says. */
export type EmbeddingOptionsFollowSpec = Assert<SameType<EmbeddingOptions, LayerOptions & OptionsOf<typeof Embedding.spec>>>;
// </options>

/**
 * Looks up a row of W for each integer index: [batch, ...] int32 ->
 * [batch, ..., outputDim]. Parameter: W [vocabularySize, outputDim].
 * An index outside [0, vocabularySize) in the data is an error before any
 * computation. A mask from the Input (`maskValue`, e.g. the padding index 0)
 * goes on to the output, so a recurrent layer after it skips padded steps;
 * `maskZero` masks the steps of index 0 in the Embedding itself (Keras's
 * `mask_zero`).
 */
export class Embedding extends Layer {
  static override readonly spec = {
    className: 'Embedding',
    doc: 'Turns integer indices into dense vectors: row i of W for index i.',
    shape: '[n] (integers) -> [n, output_dim]',
    args: [
      { name: 'vocabularySize', type: 'int', positional: true, required: true, min: 1, doc: 'Number of indices (rows of W); indices go from 0 to vocabularySize - 1.' },
      { name: 'outputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of each vector (columns of W).' },
      { name: 'init', type: 'initialization', default: 'uniform', doc: 'Initialization of W.' },
      { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of whole rows of W (words) dropped in training.' },
      { name: 'maskZero', type: 'bool', default: false, doc: 'Index 0 is padding: the steps holding it are masked (recurrent layers after it skip them).' },
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
        mask_zero: args.maskZero,
        ...(args.dropout ? keras.unsupported('dropout', 'has no Keras Embedding counterpart') : {}),
      }),
      weights: ({ W }) => ({ embeddings: W }),
      fromKeras: {
        args: (config, keras) => {
          keras.none('activity_regularizer');
          return {
            vocabularySize: config.input_dim,
            outputDim: config.output_dim,
            init: keras.initializer('embeddings_initializer'),
            maskZero: config.mask_zero === true,
          };
        },
        params: ({ vars: [embeddings] }) => ({ W: embeddings }),
        weightParams: () => ({ embeddings: ['W'] }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Embedding.spec>;

  readonly vocabularySize: number;
  readonly outputDim: number;
  readonly dropout: number;
  private readonly init: initializations.Initialization;

  constructor(vocabularySize: number, outputDim: number, options: EmbeddingOptions = {}) {
    super([vocabularySize, outputDim], options);
    this.vocabularySize = this.args.vocabularySize;
    this.outputDim = this.args.outputDim;
    this.dropout = this.args.dropout;
    this.init = initializations.get(this.args.init, { layer: this.name, argument: 'init' });
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

  /** The input's mask ([batch, time], from the Input's maskValue), and with maskZero the steps whose indices are not all 0. */
  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[]): tf.Tensor | undefined {
    if (!this.args.maskZero) return masks[0];
    const x = inputs[0];
    const nonZero = tf.notEqual(x, tf.scalar(0, x.dtype));
    const kept =
      x.rank === 2
        ? nonZero
        : tf.any(
            nonZero,
            Array.from({ length: x.rank - 2 }, (_, i) => i + 2),
          );
    return masks[0] ? tf.logicalAnd(masks[0], kept) : kept;
  }
}

registerLayer(Embedding);
