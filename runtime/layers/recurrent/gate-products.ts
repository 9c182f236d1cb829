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
 * + b_g, made with as few operations as the layer allows: each op has a
 * fixed cost (on wasm above all), so n small products cost more than one
 * wide one. Without dropout every gate multiplies the same x_t and h, so the
 * gates' products are side by side in one product, split by gate; with
 * dropout each gate multiplies its own masked copies, as Keras 1 defines it.
 *
 * Input products, two ways:
 * - 'all steps at once': X·[W_1 … W_n] + b for every step in one product
 *   before the loop, sliced per step; then per step h·[U_1 … U_n] is added.
 *   Right where a slice costs what it copies (cpu: a contiguous slice is a
 *   view).
 * - 'per step': [x_t, h] · [W; U] + b, one product per step, as tf.layers
 *   does. Right on wasm, where every slice first copies its whole source
 *   (tfjs-backend-wasm 4.22's Slice reads the tensor back): slicing a
 *   [time, batch, gates · outputDim] product step by step costs
 *   time² · batch · gates · outputDim copied values, slicing x only
 *   time² · batch · features.
 */
export class GateProducts {
  private readonly count: number;
  /** [W_1 … W_n] and [b_1 … b_n], made on first use. */
  private inputKernel?: { kernel: tf.Tensor; bias: tf.Tensor };
  /** [U_1 … U_k] for each k asked for, made on first use. */
  private readonly recurrentKernels = new Map<number, tf.Tensor>();
  /** [W_1 … W_k; U_1 … U_k] and [b_1 … b_k] for each k asked for, made on first use. */
  private readonly stackedKernels = new Map<number, { kernel: tf.Tensor; bias: tf.Tensor }>();
  /** 'per step': x_t [batch, features] of each step. */
  private readonly steps?: tf.Tensor[];
  /** 'all steps at once': per step, x_t·[W_1 … W_n] + b [batch, n · outputDim], or with input dropout x_t·W_g + b_g per gate. */
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
    const flat = tf.reshape(x, [time * batch, features]);
    const project = (input: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) =>
      tf.unstack(tf.reshape(tf.fused.matMul({ a: input, b: kernel, bias }), [time, batch, kernel.shape[1]!]));
    const masks = dropout.input;
    if (masks) {
      // One mask per sample and gate, the same at every step.
      const perGate = W.map((w, g) => project(tf.reshape(tf.mul(x, masks[g]), [time * batch, features]), w, b[g]));
      this.projections = Array.from({ length: time }, (_, t) => perGate.map((steps) => steps[t]));
    } else {
      const { kernel, bias } = this.inputColumns();
      this.projections = project(flat, kernel, bias).map((step) => [step]);
    }
  }

  /** The products at step `t`. */
  at(t: number): StepContext {
    const dropout = this.dropout;
    const x = this.steps?.[t];
    const projected = this.projections?.[t];
    let inputs: tf.Tensor[] | undefined;
    const input = (gate: number): tf.Tensor => {
      if (projected && dropout.input) return projected[gate];
      if (x && dropout.input) return tf.add(tf.matMul(tf.mul(x, dropout.input[gate]), this.W[gate]), this.b[gate]);
      if (!inputs) {
        // All gates' input products at once, on first use.
        const { kernel, bias } = this.inputColumns();
        inputs = this.split(projected ? projected[0] : tf.fused.matMul({ a: x!, b: kernel, bias }), this.count);
      }
      return inputs[gate];
    };
    const recurrent = (h: tf.Tensor, gate: number): tf.Tensor =>
      tf.matMul(dropout.recurrent ? tf.mul(h, dropout.recurrent[gate]) : h, this.U[gate]);
    return {
      input,
      recurrent,
      gates: (h, count) => {
        if (dropout.recurrent) return Array.from({ length: count }, (_, g) => tf.add(input(g), recurrent(h, g)));
        if (!dropout.input) {
          if (x) {
            const { kernel, bias } = this.stacked(count);
            return this.split(tf.fused.matMul({ a: tf.concat([x, h], 1), b: kernel, bias }), count);
          }
          if (count === this.count) return this.split(tf.add(projected![0], tf.matMul(h, this.recurrentColumns(count))), count);
        }
        const products = this.split(tf.matMul(h, this.recurrentColumns(count)), count);
        return products.map((product, g) => tf.add(input(g), product));
      },
    };
  }

  private inputColumns(): { kernel: tf.Tensor; bias: tf.Tensor } {
    this.inputKernel ??= { kernel: this.columns(this.W, this.count, 1), bias: this.columns(this.b, this.count, 0) };
    return this.inputKernel;
  }

  private recurrentColumns(count: number): tf.Tensor {
    let found = this.recurrentKernels.get(count);
    if (!found) this.recurrentKernels.set(count, (found = this.columns(this.U, count, 1)));
    return found;
  }

  /** [W_1 … W_k; U_1 … U_k] and [b_1 … b_k] for the first k gates. */
  private stacked(count: number): { kernel: tf.Tensor; bias: tf.Tensor } {
    let found = this.stackedKernels.get(count);
    if (!found) {
      found = { kernel: tf.concat([this.columns(this.W, count, 1), this.recurrentColumns(count)], 0), bias: this.columns(this.b, count, 0) };
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
