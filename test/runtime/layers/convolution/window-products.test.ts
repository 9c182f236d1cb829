// The convolution by matrix products (runtime/layers/convolution/window-products.ts),
// which the convolution layers run on cpu: equal to tf.conv1d/conv2d/conv3d
// and to their gradients, on random inputs.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convolution1D, Convolution2D, Convolution3D, Input, setBackend, type BackendName } from '../../../../runtime/index.ts';
import { convolveByProducts } from '../../../../runtime/layers/convolution/window-products.ts';
import { expectClose } from '../harness.ts';
import { DATA_FORMATS, PAD_MODES } from './spatial-oracle.ts';

const TOLERANCE = 1e-4;

/** TensorFlow.js's own convolution of rank 1, 2 or 3 (channels last). */
function reference(x: tf.Tensor, kernel: tf.Tensor, strides: readonly number[], pad: 'valid' | 'same'): tf.Tensor {
  if (strides.length === 1) return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, strides[0], pad);
  if (strides.length === 2) return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides as [number, number], pad);
  return tf.conv3d(x as tf.Tensor5D, kernel as tf.Tensor5D, strides as [number, number, number], pad);
}

/** Output and the gradients of Σ convolution · r for each input (x, W and b if given), for a fixed random r. */
function valueAndGradients(convolve: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number) {
  const y = convolve(...inputs);
  const weights = tf.randomNormal(y.shape, 0, 1, 'float32', seed);
  const gradients = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(convolve(...args), weights)))(inputs);
  return { y, gradients };
}

interface Case {
  sizes: number[];
  kernel: number[];
  strides: number[];
}

// Odd and even sizes and kernels, strides 1 and 2 (and mixed), so that 'same' pads odd totals (the extra zero after)
// and strides do and do not divide the sizes.
const CASES: Case[] = [
  { sizes: [9], kernel: [3], strides: [1] },
  { sizes: [10], kernel: [4], strides: [1] },
  { sizes: [9], kernel: [3], strides: [2] },
  { sizes: [10], kernel: [4], strides: [2] },
  { sizes: [11], kernel: [5], strides: [2] },
  { sizes: [7, 8], kernel: [3, 3], strides: [1, 1] },
  { sizes: [8, 7], kernel: [2, 4], strides: [1, 1] },
  { sizes: [7, 8], kernel: [3, 3], strides: [2, 2] },
  { sizes: [8, 9], kernel: [4, 3], strides: [2, 1] },
  { sizes: [6, 6], kernel: [1, 1], strides: [2, 2] },
  { sizes: [5, 6, 7], kernel: [3, 2, 3], strides: [1, 1, 1] },
  { sizes: [5, 6, 7], kernel: [3, 2, 3], strides: [2, 2, 2] },
  { sizes: [6, 5, 4], kernel: [2, 3, 2], strides: [1, 2, 2] },
];

describe.each(PAD_MODES)("convolution by products, pad '%s'", (pad) => {
  it.each(CASES.flatMap((c, i) => [false, true].map((bias) => [`${c.sizes.join('×')} kernel ${c.kernel.join('×')} strides ${c.strides.join(',')}${bias ? ' + bias' : ''}`, c, i, bias] as const)))(
    '%s: equals tf.conv and its gradients',
    (_, { sizes, kernel, strides }, index, bias) => {
      tf.tidy(() => {
        const inputs = [tf.randomNormal([2, ...sizes, 3], 0, 1, 'float32', 10 + index), tf.randomNormal([...kernel, 3, 4], 0, 1, 'float32', 50 + index)];
        if (bias) inputs.push(tf.randomNormal([4], 0, 1, 'float32', 70 + index));
        const ours = valueAndGradients((x, W, b) => convolveByProducts(x, W, strides, pad, b), inputs, 90 + index);
        const theirs = valueAndGradients((x, W, b) => (b ? tf.add(reference(x, W, strides, pad), b) : reference(x, W, strides, pad)), inputs, 90 + index);
        expectClose(ours.y, theirs.y, TOLERANCE);
        expect(ours.gradients).toHaveLength(inputs.length);
        ours.gradients.forEach((gradient, i) => expectClose(gradient, theirs.gradients[i], TOLERANCE));
      });
    },
  );
});

describe('convolution by products', () => {
  it('checks the kernel against the input', () => {
    expect(() => convolveByProducts(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 2, 4]), [1, 1], 'valid')).toThrow('convolution by products: expected a kernel [2 sizes, 3, filters], found [3, 3, 2, 4]');
  });

  it('keeps no tensor behind, forward or backward', () => {
    const x = tf.randomNormal([2, 7, 6, 3]);
    const W = tf.randomNormal([3, 2, 3, 4]);
    const b = tf.randomNormal([4]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(convolveByProducts(a, c, [2, 1], 'same')))([x, W]);
      tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(convolveByProducts(a, c, [2, 1], 'same', d)))([x, W, b]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, W, b]);
  });
});

/** Channels last → first and back around the reference, what a channels-first layer means. */
function channelsFirstReference(x: tf.Tensor, kernel: tf.Tensor, strides: readonly number[], pad: 'valid' | 'same', format: string): tf.Tensor {
  if (format === 'channels_last') return reference(x, kernel, strides, pad);
  const rank = x.rank;
  const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const toFirst = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  return tf.transpose(reference(tf.transpose(x, toLast), kernel, strides, pad), toFirst);
}

// The products are cpu's way (the suite may run on another backend: KERAFLOW_BACKEND).
const suiteBackend = tf.getBackend();
beforeAll(() => setBackend('cpu'));
afterAll(() => setBackend(suiteBackend as BackendName));

describe.each(DATA_FORMATS)('convolution layers on cpu, %s', (dataFormat) => {
  const first = dataFormat === 'channels_first';
  it.each([
    ['Convolution1D', () => new Convolution1D(4, 3, { stride: 2, pad: 'same', dataFormat, bias: false }), [11], [2]],
    ['Convolution2D', () => new Convolution2D(4, 3, 2, { strides: [2, 1], pad: 'same', dataFormat }), [7, 6], [2, 1]],
    ['Convolution3D', () => new Convolution3D(4, 2, 3, 2, { strides: 2, pad: 'valid', dataFormat, bias: false }), [5, 6, 5], [2, 2, 2]],
  ] as const)('%s runs as products and equals tf.conv and its gradients', async (_, make, sizes, strides) => {
    const layer = make();
    const shape = first ? [3, ...sizes] : [...sizes, 3];
    layer.apply(new Input(shape));
    const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 7);
    const { W, b } = layer.variables;
    const pad = layer.pad;
    // The reference with the bias, in the layer's format.
    const expectedOf = (input: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor) => {
      const y = channelsFirstReference(input, kernel, strides, pad, dataFormat);
      if (!bias) return y;
      return tf.add(y, first ? tf.reshape(bias, [bias.shape[0], ...sizes.map(() => 1)]) : bias);
    };
    // The backend's convolution kernels are not used on cpu.
    const profile = await tf.profile(() => layer.call(x));
    expect(profile.kernelNames.filter((name) => name.startsWith('Conv'))).toEqual([]);

    tf.tidy(() => {
      const y = layer.call(x);
      expectClose(y, expectedOf(x, W, b), TOLERANCE);
      const r = tf.randomNormal(y.shape, 0, 1, 'float32', 8);
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(layer.call(a), r)))(x);
      const parameters = b ? [W, b] : [W];
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.call(x), r)) as tf.Scalar, parameters);
      const expected = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(expectedOf(args[0], args[1], args[2]), r)))([x, ...parameters]);
      expectClose(dx, expected[0], TOLERANCE);
      parameters.forEach((parameter, i) => expectClose(grads[parameter.name], expected[i + 1], TOLERANCE));
    });
    x.dispose();
  });
});
