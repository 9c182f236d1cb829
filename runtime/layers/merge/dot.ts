import * as tf from '@tensorflow/tfjs-core';
import { dimsCompatible, formatDim, type Shape } from '../../engine/dimension.ts';
import { type LayerOptions, type LayerSpec, MultiInputLayer } from '../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import { registerLayer } from '../registry.ts';

// <options of Dot>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Dot, after its positional arguments; every layer also takes LayerOptions. */
export interface DotOptions extends LayerOptions {
  /** true: each input is L2-normalized along its axis first, which makes the product the cosine similarity. Default: false. */
  normalize?: boolean;
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: DotOptions says what Dot.spec says. */
export type DotOptionsFollowSpec = Assert<SameType<DotOptions, LayerOptions & OptionsOf<typeof Dot.spec>>>;
// </options>

/** Keras's lower bound of an L2 norm (backend.epsilon()): a zero vector stays zero. */
const NORM_EPSILON = 1e-7;

/**
 * The dot product of two tensors along one axis of each, per sample:
 * [batch, 3, 5] and [batch, 4, 5] along axes [1, 1] give [batch, 3, 4] (the
 * first input's other axes, then the second's); two vectors give [batch, 1].
 */
export class Dot extends MultiInputLayer {
  static override readonly spec = {
    className: 'Dot',
    doc: 'The dot product of two tensors along one axis of each (0: the first non-batch axis), per sample; with normalize, the cosine similarity.',
    shape: '[a..., n, b...] and [c..., n, d...] -> [a..., b..., c..., d...] ([1] for two vectors)',
    args: [
      {
        name: 'axes',
        type: 'intOrIntList',
        length: 2,
        positional: true,
        required: true,
        doc: 'The axis to multiply along, one for both inputs or [first, second]; negative counts from the end.',
      },
      { name: 'normalize', type: 'bool', default: false, doc: 'true: each input is L2-normalized along its axis first, which makes the product the cosine similarity.' },
      includeBatchDimArg,
    ],
    params: [],
    inputs: 'list',
    keras: {
      className: 'Dot',
      // Keras counts the batch axis: its axes are the positions, batch = 0.
      config: (args, keras) => ({ axes: (keras.layer as Dot).positions(keras.inputShapes as Shape[]), normalize: args.normalize }),
      fromKeras: {
        args: (config, keras) => {
          const axes = typeof config.axes === 'number' ? [config.axes] : (config.axes as number[]);
          if (axes.includes(0)) keras.unsupported('axes', 'includes the batch axis 0');
          const ours = axes.map((axis) => (axis > 0 ? axis - 1 : axis));
          return { axes: ours.length === 1 ? ours[0] : ours, normalize: config.normalize ?? false };
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dot.spec>;

  constructor(axes: number | [number, number], options: DotOptions = {}) {
    super([axes], options);
  }

  /** The axis of each input multiplied along, batch = 0. */
  positions(shapes: readonly Shape[]): [number, number] {
    const { axes, includeBatchDim } = this.args;
    const pair = typeof axes === 'number' ? [axes, axes] : axes;
    const position = (i: number) => resolveAxis(this, pair[i], shapes[i].length, shapes, { includeBatchDim, batchAllowed: false, argument: 'axes', what: `for input ${i}` });
    return [position(0), position(1)];
  }

  override checkInputShape(shapes: Shape[]): void {
    if (shapes.length !== 2) throw this.shapeError(`takes a list of two tensors, found ${shapes.length}`, shapes, { expected: 'two tensors' });
    if (shapes.some((shape) => shape.length < 2)) throw this.shapeError('takes tensors with at least one axis besides the batch', shapes, { reason: 'rank' });
    if (!dimsCompatible(shapes[0][0], shapes[1][0])) throw this.shapeError('takes inputs of one batch size', shapes, { expected: 'equal batch sizes' });
    const [first, second] = this.positions(shapes);
    const [size, otherSize] = [shapes[0][first], shapes[1][second]];
    if (!dimsCompatible(size, otherSize)) {
      const axis = (position: number) => position - (this.args.includeBatchDim ? 0 : 1);
      throw this.shapeError(
        `multiplies axis ${axis(first)} of input 0 (size ${formatDim(size)}) with axis ${axis(second)} of input 1 (size ${formatDim(otherSize)}): the sizes must be equal`,
        shapes,
        { expected: `equal sizes on the axes ${axis(first)} and ${axis(second)}` },
      );
    }
  }

  override outputShape(shapes: Shape[]): Shape {
    const [first, second] = this.positions(shapes);
    const kept = shapes[0].filter((_, i) => i !== first);
    const otherKept = shapes[1].filter((_, i) => i !== second && i !== 0);
    const output = [...kept, ...otherKept];
    return output.length === 1 ? [output[0], 1] : output;
  }

  /** Keras's batch_dot: the first input's axis moved last, the second's moved after the batch, one batched matrix product. */
  call(inputs: tf.Tensor[]): tf.Tensor {
    const [first, second] = this.positions(inputs.map((x) => x.shape));
    const [x, y] = this.args.normalize ? [l2Normalize(inputs[0], first), l2Normalize(inputs[1], second)] : inputs;
    const others = (rank: number, moved: number) => Array.from({ length: rank }, (_, i) => i).filter((i) => i !== moved && i !== 0);
    const xLast = tf.transpose(x, [0, ...others(x.rank, first), first]);
    const yFirst = tf.transpose(y, [0, second, ...others(y.rank, second)]);
    const [batch, size] = [x.shape[0], x.shape[first]];
    const product = tf.matMul(tf.reshape(xLast, [batch, -1, size]), tf.reshape(yFirst, [batch, size, -1]));
    return tf.reshape(product, this.outputShape(inputs.map((input) => input.shape)) as number[]);
  }

  /** Keras's Dot passes no mask on. */
  override computeMask(): tf.Tensor | undefined {
    return undefined;
  }
}

/** x / ||x|| along `axis`, as Keras's normalize: the inverse norm is at most 1 / epsilon. */
function l2Normalize(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.mul(x, tf.minimum(tf.rsqrt(tf.sum(tf.square(x), axis, true)), 1 / NORM_EPSILON));
}

registerLayer(Dot);
