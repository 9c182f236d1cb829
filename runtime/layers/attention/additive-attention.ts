import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import * as initializations from '../../initializations.ts';
import { registerLayer } from '../registry.ts';
import { ScoredAttention, scoredAttentionCallArgs } from './attention-base.ts';

// <options of AdditiveAttention>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of AdditiveAttention, after its positional arguments; every layer also takes LayerOptions. */
export interface AdditiveAttentionOptions extends LayerOptions {
  /** Weigh the features of tanh(query + key) by a learned vector `scale`. Default: true. */
  useScale?: boolean;
  /** Fraction of the attention weights dropped in training. Default: 0. */
  dropout?: number;
}
/** Checked by tsc: AdditiveAttentionOptions says what AdditiveAttention.spec says. */
export type AdditiveAttentionOptionsFollowSpec = Assert<SameType<AdditiveAttentionOptions, LayerOptions & OptionsOf<typeof AdditiveAttention.spec>>>;
// </options>

/**
 * Additive attention (Bahdanau et al. 2015), as Keras 3's AdditiveAttention:
 * scores = Σ_features scale * tanh(query_i + key_j), `scale` [features]
 * learned (with useScale; else 1); see ScoredAttention for the rest.
 */
export class AdditiveAttention extends ScoredAttention {
  static override readonly spec = {
    className: 'AdditiveAttention',
    doc: 'Additive (Bahdanau) attention of a query sequence over a value (and key) sequence, as Keras 3.',
    shape: '[[Tq, d], [Tv, dv]] (and a key [Tv, d]) -> [Tq, dv]; the weights [Tq, Tv] with return_attention_scores',
    args: [
      { name: 'useScale', type: 'bool', default: true, doc: 'Weigh the features of tanh(query + key) by a learned vector `scale`.' },
      { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the attention weights dropped in training.' },
    ],
    params: ['scale'],
    activeParams: (args) => (args.useScale ? ['scale'] : []),
    inputs: 'list',
    call: scoredAttentionCallArgs,
    keras: {
      className: 'AdditiveAttention',
      tfjs: 'never',
      config: (args) => ({ use_scale: args.useScale, dropout: args.dropout }),
      // The same vector [features].
      weights: ({ scale }) => ({ scale }),
      fromKeras: {
        args: (config) => ({ useScale: config.use_scale ?? true, dropout: config.dropout ?? 0 }),
        params: ({ vars = [] }, config): Record<string, tf.Tensor> => (config.use_scale === false ? {} : { scale: vars[0] }),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof AdditiveAttention.spec>;

  protected readonly dropout: number;

  constructor(options: AdditiveAttentionOptions = {}) {
    super([], options);
    this.dropout = this.args.dropout;
  }

  protected override initParams(shapes: Shape[]): void {
    const [, value, key = value] = shapes;
    if (this.args.useScale) this.addParam('scale', [key[2]], initializations.glorotUniform);
  }

  protected scores(query: tf.Tensor, key: tf.Tensor): tf.Tensor {
    const tanh = tf.tanh(tf.add(tf.expandDims(query, 2), tf.expandDims(key, 1)));
    const scale = (this.weights as Record<string, tf.Tensor | undefined>).scale;
    return tf.sum(scale ? tf.mul(scale, tanh) : tanh, -1);
  }
}

// Keras 3's own layer (its names, arguments and defaults): the same class in both dialects.
registerLayer(AdditiveAttention, { dialects: ['keraflow', 'keras'] });
