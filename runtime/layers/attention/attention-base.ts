import * as tf from '@tensorflow/tfjs-core';
import { dimsDiffer, formatShape, isConcrete, type Shape } from '../../engine/dimension.ts';
import { MultiInputLayer, type CallArgSpec, type CallContext, type CallShapes } from '../../engine/layer.ts';
import { causalMask, checkMaskShape, checkSequences, combineMasks, dropWeights, maskedSoftmax, returnAttentionScoresArg, useCausalMaskArg } from './scores.ts';

/** What applying Attention or AdditiveAttention takes beside [query, value] or [query, value, key]. */
export const scoredAttentionCallArgs = [
  { name: 'mask', kind: 'tensors', doc: '[query_mask [batch, Tq], value_mask [batch, Tv]]: 1 (or true) kept, 0 masked.' },
  returnAttentionScoresArg,
  useCausalMaskArg,
] as const satisfies readonly CallArgSpec[];

/**
 * Attention and AdditiveAttention, as Keras 3's base of both: scores of each
 * query step against each key step (the subclass's), masked value steps and
 * later steps (causal) at -1e9, weights = softmax(scores), output =
 * weights·value, zeroed at masked query steps. Query and key have one
 * feature size; the output has the value's.
 */
export abstract class ScoredAttention extends MultiInputLayer {
  /** Scores [batch, Tq, Tv] of query [batch, Tq, d] against key [batch, Tv, d]. */
  protected abstract scores(query: tf.Tensor, key: tf.Tensor): tf.Tensor;

  /** Fraction of the weights dropped in training. */
  protected abstract readonly dropout: number;

  override checkInputShape(shapes: Shape[]): void {
    checkSequences(this, shapes);
    const [query, value, key = value] = shapes;
    if (!isConcrete(key[2])) throw this.shapeError('needs concrete feature (last) dimensions', shapes, { expected: 'concrete last dimensions', reason: 'concrete' });
    if (dimsDiffer(query[2], key[2])) {
      throw this.shapeError(`needs query and key of one feature size, but query has ${formatShape(query)} and key ${formatShape(key)}`, shapes, { expected: 'one feature size' });
    }
  }

  override outputShape(shapes: Shape[]): Shape {
    const [query, value] = shapes;
    return [query[0], query[1], value[2]];
  }

  /** The output, and with returnAttentionScores the weights [batch, Tq, Tv]; checks the masks. */
  override outputShapes(shapes: Shape[], call: CallShapes, first: Shape): Shape[] {
    const [query, value] = shapes;
    const masks = call.tensors.mask as readonly Shape[] | undefined;
    if (masks) {
      if (masks.length !== 2) throw this.shapeError('takes mask as [query_mask, value_mask]', masks, { expected: '2 masks', reason: 'list' });
      checkMaskShape(this, 'a query mask', masks[0], [query[0], query[1]]);
      checkMaskShape(this, 'a value mask', masks[1], [value[0], value[1]]);
    }
    return call.options.returnAttentionScores ? [first, [query[0], query[1], value[1]]] : [first];
  }

  call(inputs: tf.Tensor[], context: CallContext): tf.Tensor {
    return this.callAll(inputs, context)[0];
  }

  override callAll(inputs: tf.Tensor[], context: CallContext): tf.Tensor[] {
    const [query, value, key = value] = inputs;
    const [queryMask, valueMask] = (context.tensors?.mask as readonly tf.Tensor[] | undefined) ?? [];
    const scores = this.scores(query, key);
    const keep = combineMasks(valueMask && tf.expandDims(valueMask, 1), context.callOptions?.useCausalMask ? causalMask(query.shape[1] as number, value.shape[1] as number) : undefined);
    const weights = maskedSoftmax(scores, keep);
    let output = tf.matMul(dropWeights(weights, this.dropout, context.training), value);
    const queryKeep = combineMasks(queryMask);
    if (queryKeep) output = tf.mul(output, tf.expandDims(queryKeep, -1));
    return context.callOptions?.returnAttentionScores ? [output, weights] : [output];
  }

  /** The output keeps the query's mask (its time axis); the weights have none. */
  override computeMask(_inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[]): tf.Tensor | undefined {
    return masks[0];
  }
}
