import * as tf from '@tensorflow/tfjs-core';
import { AliasRegistry } from './engine/registry.ts';

/** An initialization makes a parameter's first value from its shape. */
export type Initialization = (shape: number[]) => tf.Tensor;

export const registry = new AliasRegistry<Initialization>('initialization');

/**
 * Fan-in and fan-out. Matrices are [in, out]; kernels keep the TensorFlow
 * layout [...kernel sizes, in, out], so the receptive field multiplies both.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptiveField = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape.at(-2)! * receptiveField, fanOut: shape.at(-1)! * receptiveField };
}

export const uniform = (shape: number[], scale = 0.05): tf.Tensor => tf.randomUniform(shape, -scale, scale);
export const normal = (shape: number[], scale = 0.05): tf.Tensor => tf.randomNormal(shape, 0, scale);
export const lecunUniform: Initialization = (shape) => uniform(shape, Math.sqrt(3 / fans(shape).fanIn));
export const glorotNormal: Initialization = (shape) => {
  const { fanIn, fanOut } = fans(shape);
  return normal(shape, Math.sqrt(2 / (fanIn + fanOut)));
};
export const glorotUniform: Initialization = (shape) => {
  const { fanIn, fanOut } = fans(shape);
  return uniform(shape, Math.sqrt(6 / (fanIn + fanOut)));
};
export const heNormal: Initialization = (shape) => normal(shape, Math.sqrt(2 / fans(shape).fanIn));
export const heUniform: Initialization = (shape) => uniform(shape, Math.sqrt(6 / fans(shape).fanIn));

/** A normal distribution cut at two deviations (as Keras's TruncatedNormal): what is drawn beyond is drawn again. */
export const truncatedNormal = (shape: number[], scale = 0.05): tf.Tensor => tf.truncatedNormal(shape, 0, scale);

/**
 * Keras's VarianceScaling with its defaults (scale 1, fan_in, truncated
 * normal): deviation sqrt(1 / fan_in), corrected for the cut at two
 * deviations (0.8796 is the deviation of a standard normal cut there).
 */
export const lecunNormal: Initialization = (shape) => truncatedNormal(shape, Math.sqrt(1 / fans(shape).fanIn) / 0.87962566103423978);

/** A random orthogonal matrix (from a QR decomposition) times `scale`, over the last axis; the same `seed`, the same matrix. */
export function orthogonal(shape: number[], scale = 1.1, seed?: number): tf.Tensor {
  return tf.tidy(() => {
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const columns = shape.at(-1) ?? 1;
    const flat = tf.randomNormal([Math.max(rows, columns), Math.min(rows, columns)], 0, 1, 'float32', seed);
    const [q] = tf.linalg.qr(flat);
    const matrix = rows >= columns ? q : tf.transpose(q);
    return tf.reshape(tf.mul(matrix, scale), shape);
  });
}

/** `scale` times the identity; only for square matrices. */
export function identity(shape: number[], scale = 1): tf.Tensor {
  if (shape.length !== 2 || shape[0] !== shape[1]) {
    throw new RangeError(`identity initialization needs a square matrix, got shape [${shape.join(', ')}]`);
  }
  return tf.mul(tf.eye(shape[0]), scale);
}

export const zero: Initialization = (shape) => tf.zeros(shape);
export const one: Initialization = (shape) => tf.ones(shape);

// Keraflow's names first, then Keras's (its functions and classes, which
// default to the same scales, except Orthogonal: Keras's has gain 1, Keraflow's orthogonal 1.1).
registry.register(['uniform', 'random_uniform', 'RandomUniform'], (shape) => uniform(shape), 'Uniform on [-0.05, 0.05].');
registry.register(['normal', 'random_normal', 'RandomNormal'], (shape) => normal(shape), 'Normal with mean 0 and standard deviation 0.05.');
registry.register(['lecun_uniform', 'LecunUniform'], lecunUniform, 'Uniform on ±sqrt(3 / fan_in).');
registry.register(['glorot_normal', 'GlorotNormal'], glorotNormal, 'Normal with deviation sqrt(2 / (fan_in + fan_out)).');
registry.register(['glorot_uniform', 'GlorotUniform'], glorotUniform, 'Uniform on ±sqrt(6 / (fan_in + fan_out)).');
registry.register(['he_normal', 'HeNormal'], heNormal, 'Normal with deviation sqrt(2 / fan_in).');
registry.register(['he_uniform', 'HeUniform'], heUniform, 'Uniform on ±sqrt(6 / fan_in).');
registry.register(['truncated_normal', 'TruncatedNormal'], (shape) => truncatedNormal(shape), 'Normal with mean 0 and deviation 0.05, cut at two deviations.');
registry.register(['lecun_normal', 'LecunNormal'], lecunNormal, 'Truncated normal with deviation sqrt(1 / fan_in).');
registry.register(['variance_scaling', 'VarianceScaling'], lecunNormal, "Keras's VarianceScaling with its defaults (scale 1, fan_in, truncated normal): as lecun_normal.");
registry.register(['orthogonal'], (shape) => orthogonal(shape), 'Random orthogonal matrix times 1.1.');
registry.register(['Orthogonal'], (shape) => orthogonal(shape, 1), "Keras's Orthogonal: a random orthogonal matrix (gain 1).");
registry.register(['identity', 'Identity'], (shape) => identity(shape), 'Identity matrix (square matrices only).');
registry.register(['zero', 'zeros', 'Zeros'], zero, 'All zeros.');
registry.register(['one', 'ones', 'Ones'], one, 'All ones.');

export function get(init: string | Initialization, context: { layer?: string; argument?: string } = {}): Initialization {
  return typeof init === 'function' ? init : registry.get(init, context);
}
