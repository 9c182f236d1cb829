import * as tf from '@tensorflow/tfjs-core';
import type { StepContext } from './recurrent.ts';

/** Dropout masks, one per gate, for the input [batch, features] and the state [batch, outputDim]. */
export interface GateDropout {
  readonly input?: readonly tf.Tensor[];
  readonly recurrent?: readonly tf.Tensor[];
}

/** How the input products x_t·W_g are made (see GateProducts). */
export type InputProducts = 'all steps at once' | 'per step';

/**
 * The products a recurrent layer's gates take at each step, x_t·W_g + h·U_g
 * + b_g, made the way that is cheapest on the backend. Two ways:
 *
 * - 'per step' (wasm): without dropout every gate multiplies the same x_t
 *   and h, so all gates' pre-activations are one product per step,
 *   [x_t, h] · [W_1 … W_n; U_1 … U_n] + [b_1 … b_n], split by gate (the
 *   stacked kernel is made once per call). Each op has a fixed cost, high on
 *   wasm, so one wide product beats n small ones. The input products are
 *   made per step, as tf.layers does, not for all steps at once, because
 *   tfjs-backend-wasm 4.22's Slice first copies its whole source: slicing a
 *   [time, batch, n · outputDim] projection step by step would copy
 *   time² · batch · n · outputDim values, slicing x only time² · batch ·
 *   features.
 * - 'all steps at once' (cpu and others): X·W_g + b_g for every step in one
 *   product per gate before the loop, sliced per step (on cpu a contiguous
 *   slice is a view), and h·U_g per gate and step. No split: on cpu
 *   splitting [batch, n · outputDim] by columns is a strided slice, which
 *   tfjs-backend-cpu copies value by value (~10 ms for 64 × 256, more than
 *   the products it would save).
 *
 * With dropout each gate multiplies its own masked x_t and h, as Keras 1
 * defines it, so each gate gets its own products either way.
 */
export class GateProducts {
  private readonly count: number;
  /** [W_1 … W_k; U_1 … U_k] and [b_1 … b_k] for each k asked for, made on first use. */
  private readonly stackedKernels = new Map<number, { kernel: tf.Tensor; bias: tf.Tensor }>();
  /** 'per step': x_t [batch, features] of each step. */
  private readonly steps?: tf.Tensor[];
  /** 'all steps at once': per step and gate, x_t·W_g + b_g (x_t masked by the gate's input dropout mask). */
  private readonly projections?: tf.Tensor[][];

  /** `x`: the sequence time-major [time, batch, features]. */
  constructor(
    x: tf.Tensor,
    private readonly W: readonly tf.Tensor[],
    private readonly U: readonly tf.Tensor[],
    private readonly b: readonly tf.Tensor[],
    private readonly dropout: GateDropout,
    way: InputProducts,
  ) {
    this.count = W.length;
    if (way === 'per step') {
      this.steps = tf.unstack(x);
      return;
    }
    const [time, batch, features] = x.shape;
    // One mask per sample and gate, the same at every step.
    const masks = dropout.input;
    const perGate = W.map((w, g) => {
      const input = tf.reshape(masks ? tf.mul(x, masks[g]) : x, [time * batch, features]);
      return tf.unstack(tf.reshape(tf.fused.matMul({ a: input, b: w, bias: b[g] }), [time, batch, w.shape[1]!]));
    });
    this.projections = Array.from({ length: time }, (_, t) => perGate.map((steps) => steps[t]));
  }

  /** The products at step `t`. */
  at(t: number): StepContext {
    const dropout = this.dropout;
    const x = this.steps?.[t];
    const projected = this.projections?.[t];
    const input = (gate: number): tf.Tensor => {
      if (projected) return projected[gate];
      return tf.fused.matMul({ a: dropout.input ? tf.mul(x!, dropout.input[gate]) : x!, b: this.W[gate], bias: this.b[gate] });
    };
    const recurrent = (h: tf.Tensor, gate: number): tf.Tensor =>
      tf.matMul(dropout.recurrent ? tf.mul(h, dropout.recurrent[gate]) : h, this.U[gate]);
    return {
      input,
      recurrent,
      gates: (h, count) => {
        if (x && !dropout.input && !dropout.recurrent) {
          const { kernel, bias } = this.stacked(count);
          return this.split(tf.fused.matMul({ a: tf.concat([x, h], 1), b: kernel, bias }), count);
        }
        return Array.from({ length: count }, (_, g) => tf.add(input(g), recurrent(h, g)));
      },
    };
  }

  /** [W_1 … W_k; U_1 … U_k] and [b_1 … b_k] for the first k gates. */
  private stacked(count: number): { kernel: tf.Tensor; bias: tf.Tensor } {
    let found = this.stackedKernels.get(count);
    if (!found) {
      found = { kernel: tf.concat([this.columns(this.W, count, 1), this.columns(this.U, count, 1)], 0), bias: this.columns(this.b, count, 0) };
      this.stackedKernels.set(count, found);
    }
    return found;
  }

  /** The first `count` of `parts` side by side along `axis`. */
  private columns(parts: readonly tf.Tensor[], count: number, axis: number): tf.Tensor {
    return count === 1 ? parts[0] : tf.concat(parts.slice(0, count), axis);
  }

  private split(product: tf.Tensor, count: number): tf.Tensor[] {
    return count === 1 ? [product] : tf.split(product, count, 1);
  }
}
