import * as tf from '@tensorflow/tfjs-core';
import { dimsCompatible, floorDivideDims, formatDim, formatShape, moduloDims, productOfDims, type Dim, type Shape } from '../../engine/dimension.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/** At most one -1, every other size ≥ 1 (or symbolic, in the .kf checker). */
function checkTargetShape(value: unknown): string | undefined {
  const sizes = value as readonly Dim[];
  const expected = 'a list of sizes ≥ 1 with at most one -1';
  if (sizes.some((size) => size === null || (typeof size === 'number' && size !== -1 && size < 1))) return expected;
  if (sizes.filter((size) => size === -1).length > 1) return expected;
  return undefined;
}

/**
 * Gives each sample a new shape with the same number of values:
 * [batch, ...] -> [batch, ...targetShape]. One size may be -1: it is
 * inferred from the others (on a symbolic input, as an expression:
 * `[T, 16]` to `[-1, 8]` gives `[2 * T, 8]`).
 */
export class Reshape extends Layer {
  static override readonly spec = {
    className: 'Reshape',
    doc: 'Gives each sample a new shape with as many values; one size may be -1 (inferred).',
    shape: '[d1, d2, ...] -> target_shape, with as many values (a -1 in target_shape is worked out)',
    args: [
      {
        name: 'targetShape',
        type: 'shape',
        positional: true,
        required: true,
        check: checkTargetShape,
        doc: 'The shape of each sample, batch dimension excluded, e.g. [4, 8] or [-1, 8].',
      },
    ],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'Reshape',
      // The -1 worked out where the input's sizes are known: TensorFlow.js's Reshape leaves it unknown in the
      // shapes it gives the next layers (which BatchNormalization, Dense and the like cannot take).
      config: (args, keras) => {
        const output = (keras.layer as Reshape).outputShape(keras.inputShapes[0]).slice(1);
        if (output.every((size) => typeof size === 'number')) return { target_shape: output };
        return (args.targetShape as readonly Dim[]).every((size) => typeof size === 'number') ? { target_shape: args.targetShape } : keras.unsupported('targetShape', 'has symbolic sizes');
      },
      fromKeras: { args: (config) => ({ targetShape: config.target_shape }) },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Reshape.spec>;

  readonly targetShape: readonly Dim[];

  constructor(targetShape: readonly Dim[], options: LayerOptions = {}) {
    super([targetShape], options);
    this.targetShape = this.args.targetShape;
  }

  override checkInputShape(shape: Shape): void {
    this.sampleShape(shape);
  }

  override outputShape(shape: Shape): Shape {
    return [shape[0], ...this.sampleShape(shape)];
  }

  /** The target shape with its -1 worked out; a ShapeError when the sizes cannot match. */
  private sampleShape(shape: Shape): Dim[] {
    const total = productOfDims(shape.slice(1));
    const inferred = this.targetShape.indexOf(-1);
    const known = productOfDims(this.targetShape.filter((size) => size !== -1));
    const target = formatShape(this.targetShape, { batch: false });
    if (inferred < 0) {
      // Symbolic sizes that may differ (T values for a target of 16) are refused too.
      if (!dimsCompatible(total, known)) {
        throw this.shapeError(`needs inputs of ${formatDim(known)} values per sample for target shape ${target}, found ${formatDim(total)}`, shape, {
          expected: `${formatDim(known)} values per sample`,
        });
      }
      return [...this.targetShape];
    }
    const remainder = moduloDims(total, known);
    if (typeof remainder === 'number' && remainder !== 0) {
      throw this.shapeError(`cannot infer the -1 of ${target}: the input's values per sample must be a multiple of ${formatDim(known)}, found ${formatDim(total)}`, shape, {
        expected: `a multiple of ${formatDim(known)} values per sample`,
      });
    }
    const sizes = [...this.targetShape];
    sizes[inferred] = floorDivideDims(total, known);
    return sizes;
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.reshape(x, this.outputShape(x.shape) as number[]);
  }
}

registerLayer(Reshape);
