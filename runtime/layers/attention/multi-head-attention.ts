import * as tf from '@tensorflow/tfjs-core';
import { isConcrete, type Shape } from '../../engine/dimension.ts';
import type { DType } from '../../engine/kensor.ts';
import type { KerasObject } from '../../engine/keras.ts';
import { MultiInputLayer, type CallContext, type CallShapes, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { KeraflowError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import type * as regularizers from '../../regularizers.ts';
import type * as constraints from '../../constraints.ts';
import { kernelAndBiasPenaltyArgs } from '../../keras/layers/arguments.ts';
import { kerasWeightsOf, variablesFromKerasWeights } from '../../keras/keras-weights.ts';
import { registerLayer } from '../registry.ts';
import { causalMask, checkMaskShape, checkSequences, combineMasks, dropWeights, maskedSoftmax, returnAttentionScoresArg, useCausalMaskArg } from './scores.ts';

/** The four projections, each with a kernel W_<part> and a bias b_<part>. */
const PARTS = ['query', 'key', 'value', 'output'] as const;

// <options of MultiHeadAttention>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of MultiHeadAttention, after its positional arguments; every layer also takes LayerOptions. */
export interface MultiHeadAttentionOptions extends LayerOptions {
  /** The size of each head for the value (default key_dim). Default: null. */
  valueDim?: number | null;
  /** Fraction of the attention weights dropped in training. Default: 0. */
  dropout?: number;
  /** Add biases to the projections. Default: true. */
  useBias?: boolean;
  /** The size of the output's last axis (default the query's). Default: null. */
  outputShape?: number | null;
  /** The axes attention runs over (batch counted): only the time axis (1) of [batch, time, features] so far. Default: null. */
  attentionAxes?: number | number[] | null;
  /** Initialization of the projection kernels W_*. Default: 'glorot_uniform'. */
  kernelInitializer?: string | initializations.Initialization;
  /** Initialization of the biases b_*. Default: 'zeros'. */
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
/** Checked by tsc: MultiHeadAttentionOptions says what MultiHeadAttention.spec says. */
export type MultiHeadAttentionOptionsFollowSpec = Assert<SameType<MultiHeadAttentionOptions, LayerOptions & OptionsOf<typeof MultiHeadAttention.spec>>>;
// </options>

/**
 * Multi-head attention (Vaswani et al. 2017), as Keras 3's: the query,
 * value and key ([batch, time, features] each; the key defaults to the
 * value) are projected per head, q = query·W_query + b_query scaled by
 * 1/sqrt(key_dim), weights = softmax(q·kᵀ) with masked positions at -1e9,
 * and the heads' weighted values projected back: output =
 * Σ_heads (weights·v)·W_output + b_output. Parameters, in Keras's order:
 * W_query [query_dim, heads, key_dim], b_query [heads, key_dim], W_key,
 * b_key, W_value [value_dim_in, heads, value_dim], b_value, W_output
 * [heads, value_dim, output_dim], b_output [output_dim].
 */
export class MultiHeadAttention extends MultiInputLayer {
  static override readonly spec = {
    className: 'MultiHeadAttention',
    doc: 'Multi-head attention of a query sequence over a value (and key) sequence, as Keras 3.',
    shape: '[[Tq, dq], [Tv, dv]] (and a key [Tv, dk]) -> [Tq, output_shape or dq]; the weights [heads, Tq, Tv] with return_attention_scores',
    args: [
      { name: 'numHeads', type: 'int', positional: true, required: true, min: 1, doc: 'The number of attention heads.' },
      { name: 'keyDim', type: 'int', positional: true, required: true, min: 1, doc: 'The size of each head for query and key.' },
      { name: 'valueDim', type: 'int', nullable: true, default: null, min: 1, doc: 'The size of each head for the value (default key_dim).' },
      { name: 'dropout', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the attention weights dropped in training.' },
      { name: 'useBias', type: 'bool', default: true, doc: 'Add biases to the projections.' },
      { name: 'outputShape', type: 'int', nullable: true, default: null, min: 1, doc: "The size of the output's last axis (default the query's)." },
      {
        name: 'attentionAxes',
        type: 'intOrIntList',
        nullable: true,
        default: null,
        doc: 'The axes attention runs over (batch counted): only the time axis (1) of [batch, time, features] so far.',
      },
      { name: 'kernelInitializer', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of the projection kernels W_*.' },
      { name: 'biasInitializer', type: 'initialization', default: 'zeros', doc: 'Initialization of the biases b_*.' },
      ...kernelAndBiasPenaltyArgs,
    ],
    params: ['W_query', 'b_query', 'W_key', 'b_key', 'W_value', 'b_value', 'W_output', 'b_output'],
    activeParams: (args) => ['query', 'key', 'value', 'output'].flatMap((part) => (args.useBias ? [`W_${part}`, `b_${part}`] : [`W_${part}`])),
    inputs: 'list',
    keras: {
      className: 'MultiHeadAttention',
      tfjs: 'never',
      config: (args, keras) => {
        // Keras takes one regularizer and constraint for every kernel (and every bias): Keraflow's are per parameter.
        const shared = (weight: 'kernel' | 'bias', read: (param: string) => KerasObject | null): KerasObject | null => {
          const values = PARTS.map((part) => read(`${weight === 'kernel' ? 'W' : 'b'}_${part}`));
          if (values.some((value) => JSON.stringify(value) !== JSON.stringify(values[0]))) {
            keras.unsupported(weight === 'kernel' ? 'W_query' : 'b_query', `has a regularizer or constraint of its own, and Keras 3 takes one for every ${weight} of the projections at once`);
          }
          return values[0];
        };
        const axes = args.attentionAxes;
        return {
          num_heads: args.numHeads,
          key_dim: args.keyDim,
          value_dim: args.valueDim ?? args.keyDim,
          dropout: args.dropout,
          use_bias: args.useBias,
          output_shape: args.outputShape,
          attention_axes: axes === null ? null : (Array.isArray(axes) ? axes : [axes]).map((axis: number) => (axis < 0 ? 3 + axis : axis)),
          kernel_initializer: keras.initializer('kernelInitializer'),
          bias_initializer: keras.initializer('biasInitializer'),
          kernel_regularizer: shared('kernel', keras.regularizer),
          bias_regularizer: shared('bias', keras.regularizer),
          // Written by Layer's kerasConfigOverrides, as every layer that takes it.
          activity_regularizer: null,
          kernel_constraint: shared('kernel', keras.constraint),
          bias_constraint: shared('bias', keras.constraint),
        };
      },
      // Same layout: Keras's EinsumDense kernels are [in, heads, head_dim] and [heads, value_dim, out]; named by their paths in Keras 3's layer.
      weights: (p) => ({
        'query/kernel': p.W_query,
        'query/bias': p.b_query,
        'key/kernel': p.W_key,
        'key/bias': p.b_key,
        'value/kernel': p.W_value,
        'value/bias': p.b_value,
        'attention_output/kernel': p.W_output,
        'attention_output/bias': p.b_output,
      }),
      variables: (p) =>
        Object.fromEntries(['query', 'key', 'value', 'output'].map((part) => [`${part}_dense/vars`, [p[`W_${part}`], p[`b_${part}`]].filter((tensor): tensor is tf.Tensor => tensor !== undefined)])),
      fromKeras: {
        args: (config, keras) => {
          keras.only('use_gate', false, 'Keraflow has no gated attention');
          keras.only('sliding_window', null, 'Keraflow has no sliding-window attention');
          const axes = config.attention_axes as number[] | number | null | undefined;
          return {
            numHeads: config.num_heads,
            keyDim: config.key_dim,
            valueDim: config.value_dim ?? null,
            dropout: config.dropout ?? 0,
            useBias: config.use_bias ?? true,
            outputShape: config.output_shape ?? null,
            attentionAxes: axes ?? null,
            kernelInitializer: keras.initializer('kernel_initializer'),
            biasInitializer: keras.initializer('bias_initializer'),
          };
        },
        weightParams: (config) => ({
          kernel: PARTS.map((part) => `W_${part}`),
          ...(config.use_bias === false ? {} : { bias: PARTS.map((part) => `b_${part}`) }),
        }),
        params: (groups, config) =>
          Object.fromEntries(
            ['query', 'key', 'value', 'output'].flatMap((part) => {
              const [kernel, bias] = groups[`${part}_dense/vars`] ?? [];
              return config.use_bias === false
                ? [[`W_${part}`, kernel]]
                : [
                    [`W_${part}`, kernel],
                    [`b_${part}`, bias],
                  ];
            }),
          ),
      },
    },
    call: [
      { name: 'key', kind: 'tensor', doc: 'The key sequence [batch, Tv, dk] (default the value).' },
      { name: 'attentionMask', kind: 'tensor', doc: 'Which value positions each query position sees, [batch, Tq, Tv]: 1 (or true) seen, 0 masked.' },
      returnAttentionScoresArg,
      useCausalMaskArg,
    ],
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof MultiHeadAttention.spec>;

  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  private readonly kernelInitializer: initializations.Initialization;
  private readonly biasInitializer: initializations.Initialization;

  protected override ownWeightParams(): Readonly<Record<string, readonly string[]>> {
    return { kernel: PARTS.map((part) => `W_${part}`), bias: PARTS.map((part) => `b_${part}`) };
  }

  constructor(numHeads: number, keyDim: number, options: MultiHeadAttentionOptions = {}) {
    super([numHeads, keyDim], options);
    this.numHeads = this.args.numHeads;
    this.keyDim = this.args.keyDim;
    this.valueDim = this.args.valueDim ?? this.keyDim;
    this.kernelInitializer = initializations.get(this.args.kernelInitializer, { layer: this.name, argument: 'kernelInitializer' });
    this.biasInitializer = initializations.get(this.args.biasInitializer, { layer: this.name, argument: 'biasInitializer' });
    const axes = this.args.attentionAxes;
    const list = axes === null ? [] : Array.isArray(axes) ? axes : [axes];
    if (list.some((axis) => axis !== 1 && axis !== -2)) {
      throw new KeraflowError(`${this.name}: attentionAxes may only be the time axis (1) of [batch, time, features] so far, but got ${JSON.stringify(axes)}`, {
        layer: this.name,
        argument: 'attentionAxes',
        expected: 'none or 1',
        given: JSON.stringify(axes),
      });
    }
  }

  override checkInputShape(shapes: Shape[]): void {
    checkSequences(this, shapes);
    for (const shape of shapes) {
      if (!isConcrete(shape[2])) throw this.shapeError('needs concrete feature (last) dimensions', shapes, { expected: 'concrete last dimensions', reason: 'concrete' });
    }
  }

  override outputShape(shapes: Shape[]): Shape {
    const [query] = shapes;
    return [query[0], query[1], this.args.outputShape ?? query[2]];
  }

  /** The output, and with returnAttentionScores the weights [batch, heads, Tq, Tv]; checks the attention mask. */
  override outputShapes(shapes: Shape[], call: CallShapes, first: Shape): Shape[] {
    const [query, value] = shapes;
    const mask = call.tensors.attentionMask as Shape | undefined;
    if (mask) checkMaskShape(this, 'an attention mask', mask, [query[0], query[1], value[1]]);
    return call.options.returnAttentionScores ? [first, [query[0], this.numHeads, query[1], value[1]]] : [first];
  }

  protected override initParams(shapes: Shape[]): void {
    const [query, value, key = value] = shapes;
    const outputDim = this.args.outputShape ?? query[2];
    const project = (part: string, inputDim: Shape[number], headDim: number) => {
      this.addParam(`W_${part}`, [inputDim, this.numHeads, headDim], this.kernelInitializer);
      if (this.args.useBias) this.addParam(`b_${part}`, [this.numHeads, headDim], this.biasInitializer);
    };
    project('query', query[2], this.keyDim);
    project('key', key[2], this.keyDim);
    project('value', value[2], this.valueDim);
    this.addParam('W_output', [this.numHeads, this.valueDim, outputDim], this.kernelInitializer);
    if (this.args.useBias) this.addParam('b_output', [outputDim], this.biasInitializer);
  }

  /** A key by keyword is linked as the list's third item: the parameters' shapes follow it. */
  override linkAll(shapes: Shape[], dtypes: readonly DType[], call: CallShapes, symbolicGraph: boolean): { shapes: Shape[]; dtypes: DType[] } {
    const { key, ...tensors } = call.tensors;
    if (!key) return super.linkAll(shapes, dtypes, call, symbolicGraph);
    if (shapes.length !== 2) throw this.shapeError('takes the key once: in the list or by keyword', shapes, { expected: '[query, value] with key=', reason: 'list' });
    return super.linkAll([...shapes, key as Shape], [...dtypes, 'float32'], { ...call, tensors }, symbolicGraph);
  }

  /** Keras 3's weights (`query/kernel`, ..., `attention_output/bias`): the variables under the names of Keras's layer, in both dialects. */
  override get weights(): Readonly<Record<string, tf.Tensor>> {
    return kerasWeightsOf(this);
  }

  override variablesFromWeights(weights: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
    return variablesFromKerasWeights(this, weights);
  }

  call(inputs: tf.Tensor[], context: CallContext): tf.Tensor {
    return this.callAll(inputs, context)[0];
  }

  override callAll(inputs: tf.Tensor[], context: CallContext): tf.Tensor[] {
    const [query, value, key = (context.tensors?.key as tf.Tensor | undefined) ?? value] = inputs;
    const weights = this.variables as Record<string, tf.Tensor>;
    // [batch, time, features] -> [batch, heads, time, headDim]
    const project = (x: tf.Tensor, part: string, headDim: number) => {
      const [batch, time, features] = x.shape;
      let projected = tf.matMul(tf.reshape(x, [batch * time, features]), tf.reshape(weights[`W_${part}`], [features, this.numHeads * headDim]));
      if (weights[`b_${part}`]) projected = tf.add(projected, tf.reshape(weights[`b_${part}`], [this.numHeads * headDim]));
      const perHead = tf.reshape(projected, [batch, time, this.numHeads, headDim]);
      // Keras 3 gives activity_regularizer to its four projection layers: these three and the output's.
      this.penalizeActivity([perHead], context);
      return tf.transpose(perHead, [0, 2, 1, 3]);
    };
    const q = tf.mul(project(query, 'query', this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = project(key, 'key', this.keyDim);
    const v = project(value, 'value', this.valueDim);
    const scores = tf.matMul(q, k, false, true);
    const [batch, queryLength] = query.shape as [number, number, number];
    const valueLength = value.shape[1] as number;
    const given = context.tensors?.attentionMask as tf.Tensor | undefined;
    const keep = combineMasks(given && tf.expandDims(given, 1), context.callOptions?.useCausalMask ? causalMask(queryLength, valueLength) : undefined);
    const attention = maskedSoftmax(scores, keep);
    const attended = tf.matMul(dropWeights(attention, this.args.dropout, context.training), v);
    // [batch, heads, Tq, valueDim] -> [batch * Tq, heads * valueDim], then the output projection.
    const heads = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch * queryLength, this.numHeads * this.valueDim]);
    const outputDim = weights.W_output.shape[2] as number;
    let output = tf.matMul(heads, tf.reshape(weights.W_output, [this.numHeads * this.valueDim, outputDim]));
    if (weights.b_output) output = tf.add(output, weights.b_output);
    output = tf.reshape(output, [batch, queryLength, outputDim]);
    return context.callOptions?.returnAttentionScores ? [output, attention] : [output];
  }

  /** The output projection's result, not the attention scores: Keras 3 penalizes its projections, not the layer's outputs. */
  protected override activityPenalized(outputs: readonly tf.Tensor[]): readonly tf.Tensor[] {
    return outputs.slice(0, 1);
  }

  /** The output keeps the query's mask (its time axis); the weights have none. */
  override computeMask(_inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[]): tf.Tensor | undefined {
    return masks[0];
  }
}

// Keras 3's own layer (its names, arguments and defaults): the same class in both dialects.
registerLayer(MultiHeadAttention, { dialects: ['keraflow', 'keras'] });
