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
 *   [x_t, h] · [W_g …; U_g …] + [b_g …], columns grouped by activation
 *   (the stacked kernel is made once per call); each group's block takes
 *   its activation in one op, then splits by gate. Each op has a fixed
 *   cost, high on wasm, so one wide product and one activation per group
 *   beat n of each. The input products are
 *   made per step, as tf.layers does, not for all steps at once, because
 *   tfjs-backend-wasm 4.22's Slice first copies its whole source: slicing a
 *   [time, batch, n · outputDim] projection step by step would copy
 *   time² · batch · n · outputDim values, slicing x only time² · batch ·
 *   features.
 * - 'all steps at once' (cpu and others): X·W_g + b_g for every step in one
 *   product per gate before the loop, sliced per step (on cpu a contiguous
 *   slice is a view), and h·U_g per gate and step. No split: on cpu
 *   splitting [batch, n · outputDim] by columns is a strided slice, which
 *   tfjs-backend-cpu copies value by value (5.6 ms for 64 × 256 into four,
 *   against 0.03 ms for a row split), more than the products it saves.
 *
 * With dropout each gate multiplies its own masked x_t and h, as Keras 1
 * defines it, so each gate gets its own products either way.
 */
export class GateProducts {
  /** [W_g …; U_g …] and [b_g …] for each list of gates asked for, made on first use. */
  private readonly stackedKernels = new Map<string, { kernel: tf.Tensor; bias: tf.Tensor }>();
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
    if (way === 'per step') {
      this.steps = unstackSteps(x);
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
    const recurrent = (h: tf.Tensor, gate: number): tf.Tensor => tf.matMul(dropout.recurrent ? tf.mul(h, dropout.recurrent[gate]) : h, this.U[gate]);
    return {
      input,
      recurrent,
      gates: (h, groups) => {
        const activated: tf.Tensor[] = [];
        if (x && !dropout.input && !dropout.recurrent) {
          // One product for every gate asked for, grouped so that each group takes its activation in one op.
          const order = groups.flatMap((group) => group.gates);
          const { kernel, bias } = this.stacked(order);
          const product = tf.fused.matMul({ a: tf.concat([x, h], 1), b: kernel, bias });
          const units = this.U[0].shape[0];
          const blocks =
            groups.length === 1
              ? [product]
              : tf.split(
                  product,
                  groups.map((group) => group.gates.length * units),
                  1,
                );
          groups.forEach((group, i) => {
            const block = group.activation(blocks[i]);
            const parts = group.gates.length === 1 ? [block] : tf.split(block, group.gates.length, 1);
            group.gates.forEach((gate, j) => (activated[gate] = parts[j]));
          });
          return activated;
        }
        for (const group of groups) for (const gate of group.gates) activated[gate] = group.activation(tf.add(input(gate), recurrent(h, gate)));
        return activated;
      },
    };
  }

  /** [W_g …; U_g …] and [b_g …] for these gates, side by side in this order. */
  private stacked(gates: readonly number[]): { kernel: tf.Tensor; bias: tf.Tensor } {
    const key = gates.join(' ');
    let found = this.stackedKernels.get(key);
    if (!found) {
      const columns = (parts: readonly tf.Tensor[], axis: number) =>
        gates.length === 1
          ? parts[gates[0]]
          : tf.concat(
              gates.map((g) => parts[g]),
              axis,
            );
      found = { kernel: tf.concat([columns(this.W, 1), columns(this.U, 1)], 0), bias: columns(this.b, 0) };
      this.stackedKernels.set(key, found);
    }
    return found;
  }
}

/**
 * x [time, ...] as its time slices. On wasm a slice copies its whole source
 * first, so `tf.unstack` copies time × |x| values; cutting x into chunks of
 * about √time steps first, then each chunk into steps, copies about
 * 2·√time × |x|.
 */
function unstackSteps(x: tf.Tensor): tf.Tensor[] {
  const time = x.shape[0];
  const chunk = Math.ceil(Math.sqrt(time));
  if (time <= 4) return tf.unstack(x);
  const sizes = Array.from({ length: Math.ceil(time / chunk) }, (_, i) => Math.min(chunk, time - i * chunk));
  return tf.split(x, sizes, 0).flatMap((part) => tf.unstack(part));
}
