import * as tf from '@tensorflow/tfjs-core';
import { multiplyDims, type Shape } from '../../engine/dimension.ts';
import { Layer, type CallContext, type CallShapes, type LayerOptions, type LayerSpec } from '../../engine/layer.ts';
import { kerasVariables, nestVariables } from '../../engine/keras.ts';
import { describeValue, KeraflowError } from '../../errors.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../engine/spec.ts';
import { Recurrent } from '../recurrent/recurrent.ts';
import { createLayer, registerLayer } from '../registry.ts';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

// <options of Bidirectional>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Bidirectional, after its positional arguments; every layer also takes LayerOptions. */
export interface BidirectionalOptions extends LayerOptions {
  /** How the two outputs combine: concat (last axis), sum, mul or ave. Default: 'concat'. */
  mergeMode?: 'concat' | 'sum' | 'mul' | 'ave';
}
/** Checked by tsc: BidirectionalOptions says what Bidirectional.spec says. */
export type BidirectionalOptionsFollowSpec = Assert<SameType<BidirectionalOptions, LayerOptions & OptionsOf<typeof Bidirectional.spec>>>;
// </options>

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it (same
 * arguments, its own parameters) backwards, and merges the two outputs;
 * with returnSequences, the backward outputs are put back in time order
 * first. Parameters: the forward layer's, then the backward one's, prefixed
 * `forward_` and `backward_` (forward_W_i, ..., backward_b_o).
 */
export class Bidirectional extends Layer {
  static override readonly spec = {
    className: 'Bidirectional',
    doc: 'Runs a recurrent layer forwards and a copy of it backwards, and merges their outputs.',
    shape: "what its recurrent layer gives, the last axis doubled with merge_mode 'concat'",
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
    call: [{ name: 'initialState', kind: 'tensors', doc: "The forward layer's initial states, then the backward one's ([h_f, h_b], or for LSTM [h_f, c_f, h_b, c_b])." }],
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
      fromKeras: {
        args: (config, keras) => {
          // Keraflow runs a copy of the forward layer backwards: Keras's backward layer must be that copy.
          const forward = (config.layer as { config?: Record<string, unknown> } | undefined)?.config ?? {};
          const backward = (config.backward_layer as { config?: Record<string, unknown> } | undefined)?.config;
          // Keras marks objects it serialized once with ids: not part of the setting.
          const text = (value: unknown) => JSON.stringify(value, (key, item: unknown) => (key === 'shared_object_id' ? undefined : item));
          const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
            [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => ['name', 'go_backwards', 'dtype'].includes(k) || text(a[k]) === text(b[k]));
          if (backward && (!same(forward, backward) || backward.go_backwards === forward.go_backwards)) {
            keras.unsupported('backward_layer', 'is not the forward layer run backwards, and Keraflow runs a copy of the forward layer');
          }
          if (config.merge_mode === null) keras.unsupported('merge_mode', "is None (two outputs), and Keraflow's Bidirectional merges them");
          return { layer: keras.nested('layer'), mergeMode: config.merge_mode ?? 'concat' };
        },
        // Keras 3: forward_layer/cell/vars, backward_layer/cell/vars; Keraflow: forward_<param>, backward_<param>.
        params: (groups, _config, keras) => {
          const result: Record<string, tf.Tensor> = {};
          for (const direction of ['forward', 'backward']) {
            const prefix = `${direction}_layer/`;
            const own = Object.fromEntries(
              Object.entries(groups)
                .filter(([path]) => path.startsWith(prefix))
                .map(([path, tensors]) => [path.slice(prefix.length), tensors]),
            );
            for (const [name, tensor] of Object.entries(keras.nestedParams('layer', own))) result[`${direction}_${name}`] = tensor;
          }
          return result;
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Bidirectional.spec>;

  readonly forward: Recurrent;
  readonly backward: Recurrent;
  readonly mergeMode: MergeMode;

  constructor(layer: Recurrent, options: BidirectionalOptions = {}) {
    super([layer], options);
    const inner = this.args.layer;
    if (!(inner instanceof Recurrent)) {
      throw new KeraflowError(`${this.name}: Bidirectional wraps a recurrent layer (SimpleRNN, GRU, LSTM), but got ${describeValue(inner)}`, {
        layer: this.name,
        argument: 'layer',
        expected: 'a recurrent layer',
        given: describeValue(inner),
      });
    }
    this.forward = inner;
    this.mergeMode = this.args.mergeMode;
    this.backward = createLayer(
      inner.className,
      { ...inner.args, goBackwards: !inner.goBackwards },
      {
        name: `${inner.name}_backward`,
        trainable: inner.options.trainable,
        regularizers: inner.options.regularizers,
        constraints: inner.options.constraints,
      },
    ) as Recurrent;
  }

  override checkInputShape(shape: Shape): void {
    this.forward.checkInputShape(shape);
  }

  override outputShape(shape: Shape): Shape {
    const out = this.forward.outputShape(shape);
    return this.mergeMode === 'concat' ? [...out.slice(0, -1), multiplyDims(out.at(-1)!, 2)] : out;
  }

  /** With returnState: the merged output, then the forward layer's last states, then the backward one's. */
  override outputShapes(shape: Shape, call: CallShapes, first: Shape): Shape[] {
    const [forward, backward] = this.splitStates(call.tensors.initialState as readonly Shape[] | undefined);
    const forwardShapes = this.forward.outputShapes(shape, { tensors: forward ? { initialState: forward } : {}, options: {} }, this.forward.outputShape(shape));
    const backwardShapes = this.backward.outputShapes(shape, { tensors: backward ? { initialState: backward } : {}, options: {} }, this.forward.outputShape(shape));
    return [first, ...forwardShapes.slice(1), ...backwardShapes.slice(1)];
  }

  /** `initialState` cut in the forward layer's states and the backward one's. */
  private splitStates<T>(states: readonly T[] | undefined): [T[] | undefined, T[] | undefined] {
    if (!states) return [undefined, undefined];
    const half = Math.ceil(states.length / 2);
    return [states.slice(0, half), states.slice(half)];
  }

  protected override initParams(shape: Shape): void {
    this.embed(this.forward, shape, { prefix: 'forward_' });
    this.embed(this.backward, shape, { prefix: 'backward_' });
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    return this.callAll(x, context)[0];
  }

  override callAll(x: tf.Tensor, context: CallContext): tf.Tensor[] {
    const [forwardStates, backwardStates] = this.splitStates(context.tensors?.initialState as readonly tf.Tensor[] | undefined);
    const [forward, ...forwardLast] = this.forward.callAll(x, { ...context, tensors: forwardStates ? { initialState: forwardStates } : {} });
    const [backwardOutput, ...backwardLast] = this.backward.callAll(x, { ...context, tensors: backwardStates ? { initialState: backwardStates } : {} });
    return [this.merge(forward, backwardOutput), ...forwardLast, ...backwardLast];
  }

  private merge(forward: tf.Tensor, backwardOutput: tf.Tensor): tf.Tensor {
    let backward = backwardOutput;
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
