import * as tf from '@tensorflow/tfjs-core';
import { addDims, dimsCompatible, formatShape, type Shape } from '../../engine/dimension.ts';
import type { DType } from '../../engine/kensor.ts';
import { type LayerOptions, type LayerSpec, MultiInputLayer } from '../../engine/layer.ts';
import { ShapeError } from '../../errors.ts';
import { includeBatchDimArg, resolveAxis } from '../axis.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

// <options of Concatenate>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Concatenate, after its positional arguments; every layer also takes LayerOptions. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along; negative counts from the end. Default: 0. */
  axis?: number;
  /** true: axes count the batch dimension (0 is the batch axis); false: 0 is the first non-batch axis. Default: false. */
  includeBatchDim?: boolean;
}
/** Checked by tsc: ConcatenateOptions says what Concatenate.spec says. */
export type ConcatenateOptionsFollowSpec = Assert<SameType<ConcatenateOptions, LayerOptions & OptionsOf<typeof Concatenate.spec>>>;
// </options>

/**
 * Joins a list of tensors along one axis: [batch, 3, 5] and [batch, 2, 5]
 * along axis 0 give [batch, 5, 5]. Every other size must be the same in all
 * inputs; symbolic sizes that may differ (T and S) are refused.
 */
export class Concatenate extends MultiInputLayer {
  static override readonly spec = {
    className: 'Concatenate',
    doc: 'Joins a list of tensors along an axis (0: the first non-batch axis); the other sizes must match.',
    shape: 'a list of shapes equal but on axis -> that shape, with the sizes on axis added',
    args: [{ name: 'axis', type: 'int', default: 0, doc: 'The axis to join along; negative counts from the end.' }, includeBatchDimArg],
    params: [],
    inputs: 'list',
    inputDtype: 'any',
    keras: {
      className: 'Concatenate',
      config: (_args, keras) =>
        keras.inputShapes.length < 2 ? keras.unsupported('inputs', 'is a list of one, and Keras Concatenate takes at least two') : { axis: (keras.layer as Concatenate).position(keras.inputShapes) },
      // Keras counts the batch axis: its axis 1 is our 0; a negative axis counts from the end in both.
      fromKeras: { args: (config) => ({ axis: typeof config.axis === 'number' && config.axis > 0 ? config.axis - 1 : (config.axis ?? -1) }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Concatenate.spec>;

  readonly axis: number;
  readonly includeBatchDim: boolean;

  constructor(options: ConcatenateOptions = {}) {
    super([], options);
    this.axis = this.args.axis;
    this.includeBatchDim = this.args.includeBatchDim;
  }

  /** The axis joined along, batch = 0. */
  position(shapes: readonly Shape[]): number {
    return resolveAxis(this, this.axis, shapes[0].length, shapes, { includeBatchDim: this.includeBatchDim, batchAllowed: true, what: 'for the inputs' });
  }

  override checkInputShape(shapes: Shape[]): void {
    if (shapes.length === 0) throw this.shapeError('takes a list of at least one tensor', shapes);
    const rank = shapes[0].length;
    const otherRank = shapes.findIndex((shape) => shape.length !== rank);
    if (otherRank >= 0) {
      throw this.shapeError(`takes tensors of one rank (input ${otherRank} is ${formatShape(shapes[otherRank])}, input 0 is ${formatShape(shapes[0])})`, shapes, { reason: 'rank' });
    }
    const position = this.position(shapes);
    for (const [index, shape] of shapes.entries()) {
      const axis = shape.findIndex((size, i) => i !== position && !dimsCompatible(size, shapes[0][i]));
      if (axis >= 0) {
        const joined = position - (this.includeBatchDim ? 0 : 1);
        throw this.shapeError(`joins along axis ${joined} and needs every other size equal (input ${index} is ${formatShape(shape)}, input 0 is ${formatShape(shapes[0])})`, shapes, {
          expected: `sizes equal off axis ${joined}`,
        });
      }
    }
  }

  override outputShape(shapes: Shape[]): Shape {
    const position = this.position(shapes);
    const output = [...shapes[0]];
    output[position] = shapes.slice(1).reduce((total, shape) => addDims(total, shape[position]), shapes[0][position]);
    return output;
  }

  /** Any dtype, but one for all inputs. */
  override checkInputDtypes(dtypes: readonly DType[]): void {
    const other = dtypes.findIndex((dtype) => dtype !== dtypes[0]);
    if (other >= 0) {
      throw new ShapeError(`${this.name} (Concatenate) takes inputs of one dtype, but input ${other} is ${dtypes[other]} and input 0 is ${dtypes[0]}`, {
        layer: this.name,
        expected: dtypes[0],
        given: dtypes[other],
      });
    }
  }

  call(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.length === 1 ? inputs[0] : tf.concat(inputs, this.position(inputs.map((x) => x.shape)));
  }

  /** Joined along the time axis (1), the masks are joined too (all steps kept where an input has none). */
  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    if (this.position(inputs.map((x) => x.shape)) !== 1 || !masks.some(Boolean)) return super.computeMask(inputs, masks, output);
    if (inputs.some((x) => x.rank < 3)) return undefined;
    return tf.concat(
      inputs.map((x, i) => masks[i] ?? tf.ones(x.shape.slice(0, 2), 'bool')),
      1,
    );
  }
}

registerLayer(Concatenate);
