/** Our recurrent parameters in tf.layers' layout: one kernel for all gates side by side, same gate order ([z, r, h], [i, f, c, o]). */
// tf.layers' orthogonal initializer needs chained ops we do not register: the oracles start at zeros, then take our weights.
import * as tf from '@tensorflow/tfjs-core';

export function joinGates(gates: readonly string[]) {
  return (weights: Record<string, tf.Tensor>): tf.Tensor[] => {
    const names = (kind: string) => gates.map((gate) => (gate ? `${kind}_${gate}` : kind));
    const join = (kind: string, axis: number) =>
      gates.length === 1
        ? weights[kind]
        : tf.concat(
            names(kind).map((n) => weights[n]),
            axis,
          );
    return [join('W', 1), join('U', 1), join('b', 0)];
  };
}

/** Random first values for every bias (zeros would leave their gradients' use untested), as nested arrays. */
export function randomBiases(gates: readonly string[], units: number): Record<string, number[]> {
  return Object.fromEntries(gates.map((gate) => [gate ? `b_${gate}` : 'b', tf.tidy(() => tf.randomNormal([units], 0, 0.5).arraySync() as number[])]));
}
