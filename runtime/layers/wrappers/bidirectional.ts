import * as tf from '@tensorflow/tfjs-core';
import { multiplyDims, type Shape } from '../../engine/dimension.ts';
import { Layer, type CallContext, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { kerasVariables, nestVariables } from '../../engine/keras.ts';
import { describeValue, KeraflowError } from '../../errors.ts';
import { Recurrent } from '../recurrent/recurrent.ts';
import { createLayer, registerLayer } from '../registry.ts';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface BidirectionalOptions extends LayerOptions {
  /** How the forward and backward outputs combine (default concat, on the last axis). */
  mergeMode?: MergeMode;
}

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it (same
 * arguments, its own parameters) backwards, and merges the two outputs;
 * with returnSequences, the backward outputs are put back in time order
 * first. Parameters: the forward layer's, then the backward one's, prefixed
 * `forward_` and `backward_` (forward_W_i, ..., backward_b_o).
 */
export class Bidirectional extends Layer {
  static override readonly spec: LayerSpec = {
    className: 'Bidirectional',
    doc: 'Runs a recurrent layer forwards and a copy of it backwards, and merges their outputs.',
    args: [
      { name: 'layer', type: 'layer', positional: true, required: true, doc: 'The recurrent layer (SimpleRNN, GRU, LSTM) run forwards; a copy runs backwards.' },
      { name: 'mergeMode', type: 'enum', values: ['concat', 'sum', 'mul', 'ave'], default: 'concat', doc: 'How the two outputs combine: concat (last axis), sum, mul or ave.' },
    ],
    params: [],
    activeParams: (args) => {
      const names = (args.layer as Layer<any>).paramNames();
      return [...names.map((n) => `forward_${n}`), ...names.map((n) => `backward_${n}`)];
    },
    inputs: 'single',
    keras: {
      className: 'Bidirectional',
      config: (args, keras) => ({ layer: keras.nested(args.layer as Layer<any>), merge_mode: args.mergeMode }),
      // TensorFlow.js names them bidirectional_1/forward_lstm_1/kernel, .../backward_lstm_1/kernel.
      weights: (params, args) => {
        const inner = args.layer as Layer<any>;
        const result: Record<string, tf.Tensor | undefined> = {};
        for (const direction of ['forward', 'backward']) {
          const own = Object.fromEntries(inner.paramNames().map((n) => [n, params[`${direction}_${n}`]]));
          for (const [name, tensor] of Object.entries(inner.spec.keras?.weights?.(own, inner.args) ?? {})) {
            result[`${direction}_${inner.name}/${name}`] = tensor;
          }
        }
        return result;
      },
      // Keras 3: layers/bidirectional/forward_layer/cell/vars, .../backward_layer/cell/vars.
      variables: (params, args) => {
        const inner = args.layer as Layer<any>;
        if (!inner.spec.keras) return {};
        const direction = (name: string) => {
          const own = Object.fromEntries(inner.paramNames().map((n) => [n, params[`${name}_${n}`]]));
          return nestVariables(`${name}_layer`, kerasVariables(inner.spec.keras!, own, inner.args));
        };
        return { ...direction('forward'), ...direction('backward') };
      },
    },
  };

  readonly forward: Recurrent;
  readonly backward: Recurrent;
  readonly mergeMode: MergeMode;

  constructor(layer: Recurrent, options: BidirectionalOptions = {}) {
    super([layer], options as LayerOptions & Record<string, unknown>);
    const inner = this.args.layer;
    if (!(inner instanceof Recurrent)) {
      throw new KeraflowError(`${this.name}: Bidirectional wraps a recurrent layer (SimpleRNN, GRU, LSTM), but got ${describeValue(inner)}`, {
        layer: this.name, argument: 'layer', expected: 'a recurrent layer', given: describeValue(inner),
      });
    }
    this.forward = inner;
    this.mergeMode = this.args.mergeMode as MergeMode;
    this.backward = createLayer(inner.className, { ...inner.args, goBackwards: !inner.goBackwards }, {
      name: `${inner.name}_backward`,
      trainable: inner.options.trainable,
      regularizers: inner.options.regularizers,
      constraints: inner.options.constraints,
    }) as Recurrent;
  }

  override checkInputShape(shape: Shape): void {
    this.forward.checkInputShape(shape);
  }

  override outputShape(shape: Shape): Shape {
    const out = this.forward.outputShape(shape);
    return this.mergeMode === 'concat' ? [...out.slice(0, -1), multiplyDims(out.at(-1)!, 2)] : out;
  }

  protected override initParams(shape: Shape): void {
    this.embed(this.forward, shape, { prefix: 'forward_' });
    this.embed(this.backward, shape, { prefix: 'backward_' });
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    const forward = this.forward.call(x, context);
    let backward = this.backward.call(x, context);
    if (this.forward.returnSequences) backward = tf.reverse(backward, 1);
    switch (this.mergeMode) {
      case 'concat':
        return tf.concat([forward, backward], -1);
      case 'sum':
        return tf.add(forward, backward);
      case 'mul':
        return tf.mul(forward, backward);
      case 'ave':
        return tf.mul(tf.add(forward, backward), 0.5);
    }
  }

  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    return this.forward.computeMask(inputs, masks, output);
  }
}

registerLayer(Bidirectional);
