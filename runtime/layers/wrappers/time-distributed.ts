import * as tf from '@tensorflow/tfjs-core';
import { formatShape, multiplyDims, type Shape } from '../../engine/dimension.ts';
import { Input } from '../../engine/input.ts';
import type { DType } from '../../engine/kensor.ts';
import { Layer, type CallContext, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { kerasVariables, nestVariables } from '../../engine/keras.ts';
import { describeValue, KeraflowError, ShapeError } from '../../errors.ts';
import type { ArgsOf } from '../../engine/spec.ts';
import { registerLayer } from '../registry.ts';

/**
 * Applies a layer to every time step: [batch, time, ...step] -> [batch,
 * time, ...out], where the inner layer maps [batch, ...step] to [batch,
 * ...out]. Time is folded into the batch, so the inner layer runs once.
 * The parameters are the inner layer's (one set for every step), under
 * their own names; a mask on the input goes on to the output.
 */
export class TimeDistributed extends Layer {
  static override readonly spec = {
    className: 'TimeDistributed',
    doc: 'Applies a layer to every time step (axis 1) of a sequence, with one set of parameters.',
    shape: '[time, ...] -> [time, what layer makes of ...]',
    args: [{ name: 'layer', type: 'layer', positional: true, required: true, doc: 'The layer applied to each step [batch, ...] of the input [batch, time, ...].' }],
    params: [],
    activeParams: (args) => (args.layer as Layer<any>).paramNames(),
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'TimeDistributed',
      config: (args, keras) => ({ layer: keras.nested(args.layer as Layer<any>) }),
      // Keras names the inner weights under the wrapper: time_distributed_1/kernel.
      weights: (params, args) => {
        const inner = args.layer as Layer<any>;
        return inner.spec.keras?.weights?.(params, inner.args) ?? {};
      },
      // Keras 3 keeps them in the wrapped layer's own group: layers/time_distributed/layer/vars.
      variables: (params, args) => {
        const inner = args.layer as Layer<any>;
        return inner.spec.keras ? nestVariables('layer', kerasVariables(inner.spec.keras, params, inner.args)) : {};
      },
      fromKeras: {
        args: (_config, keras) => ({ layer: keras.nested('layer') }),
        // Keras 3: layer/vars, the wrapped layer's own groups.
        params: (groups, _config, keras) =>
          keras.nestedParams(
            'layer',
            Object.fromEntries(
              Object.entries(groups)
                .filter(([path]) => path.startsWith('layer/'))
                .map(([path, tensors]) => [path.slice('layer/'.length), tensors]),
            ),
          ),
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof TimeDistributed.spec>;

  readonly layer: Layer<any>;

  constructor(layer: Layer<any>, options: LayerOptions = {}) {
    super([layer], options);
    this.layer = this.args.layer;
    if (this.layer instanceof Input || this.layer.takesList()) {
      throw new KeraflowError(`${this.name}: TimeDistributed wraps a single-input layer, but got ${describeValue(this.layer)} (${this.layer.name})`, {
        layer: this.name,
        argument: 'layer',
        expected: 'a single-input layer',
        given: this.layer.className,
      });
    }
  }

  /** The shape the inner layer sees: one time step, time folded into the batch. */
  stepShape(shape: Shape): Shape {
    return [multiplyDims(shape[0], shape[1]), ...shape.slice(2)];
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length < 3) throw this.shapeError('takes sequences [batch, time, ...] (rank 3 or more)', shape, { reason: 'rank' });
    const step = this.stepShape(shape);
    try {
      this.layer.checkInputShape(step);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new ShapeError(
        `${this.name} (${this.className}): the wrapped layer ${this.layer.name} (${this.layer.className}) cannot take one time step ` +
          `${formatShape(step)} of the input ${formatShape(shape)}: ${error.message}`,
        { layer: this.name, argument: 'layer', expected: error.expected, given: formatShape(shape) },
      );
    }
  }

  override checkInputDtypes(dtypes: readonly DType[]): void {
    this.layer.checkInputDtypes(dtypes);
  }

  override outputDtype(dtypes: readonly DType[]): DType {
    return this.layer.outputDtype(dtypes);
  }

  override outputShape(shape: Shape): Shape {
    const out = this.layer.outputShape(this.stepShape(shape));
    return [shape[0], shape[1], ...out.slice(1)];
  }

  protected override initParams(shape: Shape): void {
    this.embed(this.layer, this.stepShape(shape));
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const [batch, time, ...step] = x.shape;
    const flat = tf.reshape(x, [batch * time, ...step]);
    // The inner layer's call, not its run: as Keras 3's TimeDistributed, which adds no activity penalty of the inner layer.
    const y = this.layer.call(flat, { ...context, mask: undefined });
    return tf.reshape(y, [batch, time, ...y.shape.slice(1)]);
  }

  override computeMask(_inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[]): tf.Tensor | undefined {
    return masks[0];
  }

  override checkInputValues(x: tf.Tensor): void {
    this.layer.checkInputValues(x);
  }
}

registerLayer(TimeDistributed);
