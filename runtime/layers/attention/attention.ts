import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../engine/dimension.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import * as initializations from '../../initializations.ts';
import { registerLayer } from '../registry.ts';
import { ScoredAttention, scoredAttentionCallArgs } from './attention-base.ts';

// <options of Attention>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Attention, after its positional arguments; every layer also takes LayerOptions. */
export interface AttentionOptions extends LayerOptions {
  /** Multiply the scores by a learned scalar `scale`. Default: false. */
  useScale?: boolean;
  /** 'dot': query·keyᵀ; 'concat': Σ tanh(query + key). Default: 'dot'. */
  scoreMode?: 'dot' | 'concat';
  /** Fraction of the attention weights dropped in training. Default: 0. */
  dropout?: number;
}
/** Checked by tsc: AttentionOptions says what Attention.spec says. */
export type AttentionOptionsFollowSpec = Assert<SameType<AttentionOptions, LayerOptions & OptionsOf<typeof Attention.spec>>>;
// </options>

/**
 * Dot-product attention (Luong et al. 2015), as Keras 3's Attention: scores
 * = query·keyᵀ (times the learned scalar `scale` with useScale), or with
 * scoreMode 'concat' Σ tanh(scale * (query_i + key_j)) times the learned
 * scalar `concat_score_weight`; see ScoredAttention for the rest.
 */
export class Attention extends ScoredAttention {
  static override readonly spec = {
    className: 'Attention',
    doc: 'Dot-product attention of a query sequence over a value (and key) sequence, as Keras 3.',
    shape: '[[Tq, d], [Tv, dv]] (and a key [Tv, d]) -> [Tq, dv]; the weights [Tq, Tv] with return_attention_scores',
    args: [
      { name: 'useScale', type: 'bool', default: false, doc: 'Multiply the scores by a learned scalar `scale`.' },
      { name: 'scoreMode', type: 'enum', values: ['dot', 'concat'], default: 'dot', doc: "'dot': query·keyᵀ; 'concat': Σ tanh(query + key)." },
      { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the attention weights dropped in training.' },
    ],
    params: ['scale', 'concat_score_weight'],
    activeParams: (args) => [...(args.useScale ? ['scale'] : []), ...(args.scoreMode === 'concat' ? ['concat_score_weight'] : [])],
    inputs: 'list',
    call: scoredAttentionCallArgs,
    keras: {
      className: 'Attention',
      tfjs: 'never',
      config: (args) => ({ use_scale: args.useScale, score_mode: args.scoreMode, dropout: args.dropout }),
      // Two scalars, in Keras's order.
      weights: ({ scale, concat_score_weight }) => ({ scale, concat_score_weight }),
      fromKeras: {
        args: (config) => ({ useScale: config.use_scale ?? false, scoreMode: config.score_mode ?? 'dot', dropout: config.dropout ?? 0 }),
        params: ({ vars = [] }, config) => {
          const names = [...(config.use_scale ? ['scale'] : []), ...(config.score_mode === 'concat' ? ['concat_score_weight'] : [])];
          return Object.fromEntries(names.map((name, k) => [name, vars[k]]));
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Attention.spec>;

  protected readonly dropout: number;

  constructor(options: AttentionOptions = {}) {
    super([], options);
    this.dropout = this.args.dropout;
  }

  protected override initParams(_shapes: Shape[]): void {
    if (this.args.useScale) this.addParam('scale', [], initializations.one);
    if (this.args.scoreMode === 'concat') this.addParam('concat_score_weight', [], initializations.one);
  }

  protected scores(query: tf.Tensor, key: tf.Tensor): tf.Tensor {
    const { scale, concat_score_weight: concatWeight } = this.weights as Record<string, tf.Tensor | undefined>;
    if (this.args.scoreMode === 'dot') {
      const scores = tf.matMul(query, key, false, true);
      return scale ? tf.mul(scores, scale) : scores;
    }
    const sums = tf.add(tf.expandDims(query, 2), tf.expandDims(key, 1));
    return tf.mul(concatWeight!, tf.sum(tf.tanh(scale ? tf.mul(scale, sums) : sums), -1));
  }
}

// Keras 3's own layer (its names, arguments and defaults): the same class in both dialects.
registerLayer(Attention, { dialects: ['keraflow', 'keras'] });
