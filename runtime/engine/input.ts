import * as tf from '@tensorflow/tfjs-core';
import { describeValue, KeraflowError } from '../errors.ts';
import type { Dim, Shape } from './dimension.ts';
import { Kensor, type DType, type KensorLike } from './kensor.ts';
import { Layer, type LayerSpec } from './layer.ts';

export interface InputOptions {
  name?: string;
  /** `float32` (default) or `int32` (token ids for Embedding). */
  dtype?: DType;
  /** A fixed batch size (needed by stateful recurrent layers); default: any. */
  batchSize?: number | null;
  /** Time steps whose every value equals this are masked (skipped by recurrent layers). */
  maskValue?: number | null;
  /** True: the graph built from this Input only checks shapes and declares parameters, creating no tensor (the .kf checker's models). */
  symbolicGraph?: boolean;
}

/**
 * Where data enters a model. An Input is a layer that stands for a symbolic
 * tensor: layers take it as they take a Kensor, and nothing can be fed to it.
 */
export class Input extends Layer<Shape> implements KensorLike {
  static override readonly spec: LayerSpec = {
    className: 'Input',
    doc: 'Where data enters: a batch of tensors of the given shape (batch dimension excluded).',
    shape: 'none -> [shape...] (the batch dimension added in front)',
    args: [
      {
        name: 'shape',
        type: 'shape',
        positional: true,
        required: true,
        min: 1,
        doc: 'The shape of one sample, batch dimension excluded, e.g. [784] or [28, 28, 1].',
      },
      { name: 'dtype', type: 'enum', values: ['float32', 'int32'], default: 'float32', doc: 'The type of the values: float32 or int32.' },
      { name: 'batchSize', type: 'int', nullable: true, default: null, min: 1, doc: 'A fixed batch size; none: any.' },
      { name: 'maskValue', type: 'float', nullable: true, default: null, doc: 'Time steps whose every value equals this are masked.' },
    ],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    // The export adds a Keras Masking layer after it when maskValue is set.
    keras: {
      className: 'InputLayer',
      // A symbolic size (T) is one Keras does not know: null.
      config: (args) => ({ batch_input_shape: [args.batchSize, ...(args.shape as unknown[]).map((size) => (typeof size === 'number' ? size : null))], dtype: args.dtype, sparse: false }),
    },
  };

  readonly output: Kensor;

  /** `shape`: the shape of one sample, batch excluded; an integer is a 1-D shape (`new Input(100)` is `new Input([100])`, as Keraflow writes it). */
  constructor(shape: readonly Dim[] | number, options: InputOptions = {}) {
    const { symbolicGraph = false, ...layerOptions } = options;
    super([typeof shape === 'number' ? [shape] : shape], layerOptions as Record<string, unknown>);
    if (typeof symbolicGraph !== 'boolean') {
      throw new KeraflowError(`${this.name}: symbolicGraph must be true or false, but got ${describeValue(symbolicGraph)}`, {
        layer: this.name,
        argument: 'symbolicGraph',
        expected: 'true or false',
        given: describeValue(symbolicGraph),
      });
    }
    const batchSize = (this.args.batchSize as number | null) ?? null;
    const maskValue = this.args.maskValue as number | null;
    if (maskValue !== null && this.args.dtype === 'int32' && !Number.isInteger(maskValue)) {
      throw new KeraflowError(`${this.name}: maskValue ${maskValue} is not an integer, but the input holds int32`, {
        layer: this.name,
        argument: 'maskValue',
        expected: 'an integer',
        given: String(maskValue),
      });
    }
    this.output = new Kensor([batchSize, ...(this.args.shape as readonly Dim[])], this.args.dtype as DType, { layer: this, inputs: [], list: false }, 0, symbolicGraph);
  }

  get shape(): Shape {
    return this.output.shape;
  }

  get dtype(): DType {
    return this.output.dtype;
  }

  get maskValue(): number | null {
    return this.args.maskValue as number | null;
  }

  asKensor(): Kensor {
    return this.output;
  }

  override apply(): Kensor {
    throw new KeraflowError(`${this.name} is an Input: data enters there, and nothing can be fed to it`, {
      layer: this.name,
      expected: 'no input',
      given: 'an input',
    });
  }

  call(x: tf.Tensor): tf.Tensor {
    return x;
  }

  /**
   * With a `maskValue`, the mask of the data: a time step (axis 1) is kept
   * unless every one of its values equals `maskValue` (for [batch, time]
   * integer data, unless the index equals it). Inputs without a time axis
   * have no mask.
   */
  override computeMask(inputs: readonly tf.Tensor[], _masks: readonly (tf.Tensor | undefined)[] = [], _output?: tf.Tensor): tf.Tensor | undefined {
    const maskValue = this.maskValue;
    const x = inputs[0];
    if (maskValue === null || x.rank < 2) return undefined;
    const kept = tf.notEqual(x, tf.scalar(maskValue, x.dtype));
    if (x.rank === 2) return kept;
    return tf.any(
      kept,
      Array.from({ length: x.rank - 2 }, (_, i) => i + 2),
    );
  }
}
