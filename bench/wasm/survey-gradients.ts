/**
 * Which gradients work on the wasm backend: runs tf.grads of each op on wasm
 * and on cpu and lists what throws (a kernel missing) and what differs (a
 * kernel wrong). Each gradient is also checked against a directional finite
 * difference in float64 (computed on cpu), so a wrong cpu kernel shows too.
 *
 *   npx tsx bench/wasm/survey-gradients.ts            # with Keraflow's kernels
 *   npx tsx bench/wasm/survey-gradients.ts --stock    # tfjs 4.22 as shipped
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients

const stock = process.argv.includes('--stock');
/** Keraflow's setBackend registers its kernels on first selection; tf.setBackend leaves tfjs as shipped. */
const setBackend: (name: 'cpu' | 'wasm') => Promise<unknown> = stock ? (name) => tf.setBackend(name) : (await import('../../runtime/backends/backend.ts')).setBackend;

type Op = (...xs: tf.Tensor[]) => tf.Tensor;
interface Case {
  name: string;
  op: Op;
  inputs: () => tf.Tensor[];
  differentiable?: number[];
  /** Why a finite-difference mismatch is expected (a tfjs gradient definition, not a kernel). */
  note?: string;
}

const n = (shape: number[]) => () => [tf.randomNormal(shape)];
const x4 = (shape: number[]) => tf.randomNormal(shape as [number, number, number, number]) as tf.Tensor4D;
const x5 = (shape: number[]) => tf.randomNormal(shape as [number, number, number, number, number]) as tf.Tensor5D;
/** Distinct values 0.1 apart in random order, shifted by `shift`: no two within a finite-difference step of each other. */
function spaced(shape: number[], shift = 0): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => i * 0.1 + shift);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return tf.tensor(values, shape);
}

const cases: Case[] = [
  { name: 'matMul', op: (a, b) => tf.matMul(a, b), inputs: () => [tf.randomNormal([5, 7]), tf.randomNormal([7, 3])] },
  { name: 'matMul transposeA', op: (a, b) => tf.matMul(a, b, true), inputs: () => [tf.randomNormal([7, 5]), tf.randomNormal([7, 3])] },
  { name: 'matMul transposeB', op: (a, b) => tf.matMul(a, b, false, true), inputs: () => [tf.randomNormal([5, 7]), tf.randomNormal([3, 7])] },
  { name: 'matMul batched', op: (a, b) => tf.matMul(a, b, true, true), inputs: () => [tf.randomNormal([2, 7, 5]), tf.randomNormal([2, 3, 7])] },
  { name: 'conv1d', op: (x, k) => tf.conv1d(x as tf.Tensor3D, k as tf.Tensor3D, 2, 'same'), inputs: () => [tf.randomNormal([2, 9, 3]), tf.randomNormal([3, 3, 4])] },
  { name: 'conv2d valid', op: (x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid'), inputs: () => [x4([2, 6, 5, 3]), x4([3, 2, 3, 4])] },
  { name: 'conv2d same stride', op: (x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, [2, 1], 'same'), inputs: () => [x4([2, 7, 5, 3]), x4([3, 2, 3, 4])] },
  {
    name: 'conv2d dilated',
    note: "tfjs's Conv2D gradient refuses dilations (every backend)",
    op: (x, k) => tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same', 'NHWC', [2, 2]),
    inputs: () => [x4([2, 7, 6, 2]), x4([3, 2, 2, 3])],
  },
  { name: 'depthwiseConv2d', op: (x, k) => tf.depthwiseConv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same'), inputs: () => [x4([2, 6, 5, 3]), x4([3, 3, 3, 2])] },
  { name: 'depthwiseConv2d stride', op: (x, k) => tf.depthwiseConv2d(x as tf.Tensor4D, k as tf.Tensor4D, 2, 'valid'), inputs: () => [x4([2, 7, 6, 2]), x4([3, 2, 2, 1])] },
  {
    name: 'separableConv2d',
    op: (x, d, p) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same'),
    inputs: () => [x4([2, 6, 5, 3]), x4([3, 3, 3, 2]), x4([1, 1, 6, 4])],
  },
  { name: 'conv2dTranspose', op: (x, k) => tf.conv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, [2, 8, 6, 3], 2, 'same'), inputs: () => [x4([2, 4, 3, 4]), x4([3, 3, 3, 4])] },
  { name: 'conv3d valid', op: (x, k) => tf.conv3d(x as tf.Tensor5D, k as tf.Tensor5D, 1, 'valid'), inputs: () => [x5([2, 4, 5, 4, 2]), x5([2, 3, 2, 2, 3])] },
  { name: 'conv3d same stride', op: (x, k) => tf.conv3d(x as tf.Tensor5D, k as tf.Tensor5D, [1, 2, 2], 'same'), inputs: () => [x5([2, 3, 5, 5, 2]), x5([2, 3, 2, 2, 3])] },
  { name: 'maxPool', op: (x) => tf.maxPool(x as tf.Tensor4D, [3, 2], [2, 2], 'same'), inputs: () => [spaced([2, 7, 6, 3], -4)] },
  { name: 'maxPool negative', op: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), inputs: () => [spaced([2, 4, 4, 2], -7)] },
  { name: 'avgPool valid', op: (x) => tf.avgPool(x as tf.Tensor4D, [3, 2], [2, 1], 'valid'), inputs: () => [x4([2, 7, 6, 3])] },
  { name: 'avgPool same', op: (x) => tf.avgPool(x as tf.Tensor4D, [3, 2], [2, 1], 'same'), inputs: () => [x4([2, 7, 6, 3])] },
  { name: 'maxPool3d', op: (x) => tf.maxPool3d(x as tf.Tensor5D, [2, 2, 2], [1, 2, 2], 'same'), inputs: () => [spaced([2, 3, 5, 4, 2], -12)] },
  { name: 'maxPool3d negative', op: (x) => tf.maxPool3d(x as tf.Tensor5D, 2, 2, 'valid'), inputs: () => [spaced([2, 4, 4, 4, 2], -26)] },
  { name: 'avgPool3d valid', op: (x) => tf.avgPool3d(x as tf.Tensor5D, [2, 3, 2], [1, 2, 2], 'valid'), inputs: () => [x5([2, 3, 5, 4, 2])] },
  { name: 'avgPool3d same', op: (x) => tf.avgPool3d(x as tf.Tensor5D, [2, 3, 2], [1, 2, 2], 'same'), inputs: () => [x5([2, 3, 5, 4, 2])] },
  { name: 'resizeNearestNeighbor', op: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 9]), inputs: () => [x4([2, 3, 3, 2])] },
  { name: 'resizeNearestNeighbor alignCorners', op: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [7, 5], true), inputs: () => [x4([2, 3, 4, 2])] },
  { name: 'resizeNearestNeighbor halfPixelCenters', op: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [7, 5], false, true), inputs: () => [x4([2, 3, 4, 2])] },
  { name: 'resizeNearestNeighbor down', op: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [2, 3], false, true), inputs: () => [x4([2, 5, 7, 2])] },
  { name: 'resizeBilinear', op: (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [6, 9]), inputs: () => [x4([2, 3, 3, 2])] },
  { name: 'tile', op: (x) => tf.tile(x, [1, 2, 3, 1]), inputs: n([2, 3, 2, 2]) },
  {
    name: 'pad',
    op: (x) =>
      tf.pad(x, [
        [0, 0],
        [1, 2],
        [2, 0],
        [0, 0],
      ]),
    inputs: n([2, 3, 2, 2]),
  },
  {
    name: 'mirrorPad',
    op: (x) =>
      tf.mirrorPad(
        x as tf.Tensor2D,
        [
          [1, 1],
          [2, 1],
        ],
        'reflect',
      ),
    inputs: n([4, 5]),
    note: "tfjs's MirrorPad gradient drops the reflected part (every backend)",
  },
  {
    name: 'gather',
    op: (w) =>
      tf.gather(
        w,
        tf.tensor2d(
          [
            [0, 3, 3],
            [1, 0, 4],
          ],
          [2, 3],
          'int32',
        ),
      ),
    inputs: n([5, 4]),
  },
  { name: 'gather axis 1', op: (w) => tf.gather(w, tf.tensor1d([2, 0, 2], 'int32'), 1), inputs: n([3, 4, 2]) },
  { name: 'sigmoid', op: (x) => tf.sigmoid(x), inputs: n([3, 4]) },
  { name: 'tanh', op: (x) => tf.tanh(x), inputs: n([3, 4]) },
  { name: 'relu', op: (x) => tf.relu(x), inputs: n([3, 4]) },
  { name: 'relu6', op: (x) => tf.relu6(tf.mul(x, 4)), inputs: n([3, 4]) },
  { name: 'elu', op: (x) => tf.elu(x), inputs: n([3, 4]) },
  { name: 'selu', op: (x) => tf.selu(x), inputs: n([3, 4]) },
  { name: 'leakyRelu', op: (x) => tf.leakyRelu(x, 0.2), inputs: n([3, 4]) },
  { name: 'prelu', op: (x, a) => tf.prelu(x, a), inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([4])] },
  { name: 'softplus', op: (x) => tf.softplus(x), inputs: n([3, 4]) },
  { name: 'softmax', op: (x) => tf.softmax(x), inputs: n([3, 4]) },
  { name: 'logSoftmax', op: (x) => tf.logSoftmax(x), inputs: n([3, 4]) },
  { name: 'exp log', op: (x) => tf.log(tf.exp(x)), inputs: n([3, 4]) },
  { name: 'log1p', op: (x) => tf.log1p(tf.abs(x)), inputs: n([3, 4]) },
  { name: 'sqrt rsqrt', op: (x) => tf.add(tf.sqrt(tf.add(tf.abs(x), 1)), tf.rsqrt(tf.add(tf.abs(x), 1))), inputs: n([3, 4]) },
  { name: 'square pow', op: (x) => tf.add(tf.square(x), tf.pow(tf.add(tf.abs(x), 1), 1.5)), inputs: n([3, 4]) },
  { name: 'abs', op: (x) => tf.abs(x), inputs: n([3, 4]) },
  { name: 'clipByValue', op: (x) => tf.clipByValue(x, -0.5, 0.5), inputs: n([3, 4]) },
  { name: 'maximum minimum', op: (a, b) => tf.add(tf.maximum(a, b), tf.minimum(a, tf.mul(b, 2))), inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([3, 4])] },
  { name: 'div sub neg', op: (a, b) => tf.neg(tf.sub(a, tf.div(a, tf.add(tf.abs(b), 1)))), inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([3, 1])] },
  { name: 'squaredDifference', op: (a, b) => tf.squaredDifference(a, b), inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([3, 4])] },
  { name: 'slice', op: (x) => tf.slice(x, [1, 0], [2, 3]), inputs: n([3, 4]) },
  { name: 'concat', op: (a, b) => tf.concat([a, b], 1), inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([3, 2])] },
  {
    name: 'split',
    op: (x) => {
      const [a, b] = tf.split(x, 2, 1);
      return tf.mul(a, tf.exp(b));
    },
    inputs: n([3, 4]),
  },
  {
    name: 'stack unstack',
    op: (x) =>
      tf.stack(
        tf.unstack(x, 1).map((t, i) => tf.mul(t, i + 1)),
        0,
      ),
    inputs: n([3, 4]),
  },
  {
    name: 'where',
    op: (a, b) =>
      tf.where(
        tf.tensor2d(
          [
            [1, 0, 1, 0],
            [0, 0, 1, 1],
            [1, 1, 1, 0],
          ],
          [3, 4],
          'bool',
        ),
        a,
        tf.mul(b, 2),
      ),
    inputs: () => [tf.randomNormal([3, 4]), tf.randomNormal([3, 4])],
  },
  { name: 'transpose', op: (x) => tf.transpose(x, [2, 0, 1]), inputs: n([2, 3, 4]) },
  { name: 'reverse', op: (x) => tf.reverse(x, 1), inputs: n([2, 3, 4]) },
  { name: 'reshape expandDims squeeze', op: (x) => tf.squeeze(tf.expandDims(tf.reshape(x, [4, 3]), 1)), inputs: n([3, 4]) },
  { name: 'sum mean', op: (x) => tf.add(tf.sum(x, 1, true), tf.mean(x, 0)), inputs: n([3, 4]) },
  { name: 'max min', op: (x) => tf.add(tf.max(x, 1), tf.min(x, 1)), inputs: n([3, 4]) },
  { name: 'cumsum', op: (x) => tf.cumsum(x, 1), inputs: n([3, 4]) },
  { name: 'logSumExp', op: (x) => tf.logSumExp(x, 1), inputs: n([3, 4]) },
  {
    name: 'moments batchNorm',
    op: (x, g, b) => {
      const { mean, variance } = tf.moments(x, [0]);
      return tf.batchNorm(x, mean, variance, b, g, 1e-3);
    },
    inputs: () => [tf.randomNormal([5, 4]), tf.randomNormal([4]), tf.randomNormal([4])],
  },
  {
    name: 'batchNorm 4d',
    op: (x, m, v, g, b) => tf.batchNorm(x, m, tf.add(tf.abs(v), 0.5), b, g, 1e-3),
    inputs: () => [tf.randomNormal([2, 3, 3, 4]), tf.randomNormal([4]), tf.randomNormal([4]), tf.randomNormal([4]), tf.randomNormal([4])],
  },
  { name: 'softmax crossentropy', op: (l, y) => tf.losses.softmaxCrossEntropy(y, l), inputs: () => [tf.randomNormal([3, 4]), tf.softmax(tf.randomNormal([3, 4]))], differentiable: [0] },
  { name: 'sigmoid crossentropy', op: (l, y) => tf.losses.sigmoidCrossEntropy(y, l), inputs: () => [tf.randomNormal([3, 4]), tf.sigmoid(tf.randomNormal([3, 4]))], differentiable: [0] },
  { name: 'oneHot gather', op: (x) => tf.mul(x, tf.oneHot(tf.tensor1d([1, 0, 3], 'int32'), 4)), inputs: n([3, 4]) },
  { name: 'erf', op: (x) => tf.erf(x), inputs: n([3, 4]) },
  { name: 'sin cos atan', op: (x) => tf.add(tf.sin(x), tf.mul(tf.cos(x), tf.atan(x))), inputs: n([3, 4]) },
  { name: 'lrn', op: (x) => tf.localResponseNormalization(x as tf.Tensor4D, 2), inputs: () => [x4([1, 3, 3, 5])] },
  {
    name: 'spaceToBatchND',
    op: (x) =>
      tf.spaceToBatchND(
        x,
        [2, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    inputs: () => [x4([1, 4, 4, 1])],
  },
  {
    name: 'batchToSpaceND',
    op: (x) =>
      tf.batchToSpaceND(
        x,
        [2, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    inputs: () => [x4([4, 2, 2, 1])],
  },
  { name: 'dropout-style mask', op: (x) => tf.mul(x, tf.cast(tf.greaterEqual(tf.tensor2d([[0.1, 0.6, 0.3, 0.9]]), 0.5), 'float32')), inputs: n([3, 4]) },
];

/** tf.grads of sum(op(...) * weighting) on the current backend. */
function gradients(testCase: Case, inputs: tf.Tensor[], weighting: Float32Array | undefined): { grads: Float32Array[]; weighting: Float32Array } {
  return tf.tidy(() => {
    const index = testCase.differentiable ?? inputs.map((_, i) => i);
    let used = weighting;
    const f = (...xs: tf.Tensor[]) => {
      const all = inputs.map((t, i) => (index.includes(i) ? xs[index.indexOf(i)] : t));
      const y = testCase.op(...all);
      const w = used ? tf.tensor(used, y.shape) : tf.randomNormal(y.shape);
      used = w.dataSync() as Float32Array;
      return tf.sum(tf.mul(y, w));
    };
    const grads = tf.grads(f)(index.map((i) => inputs[i]));
    return { grads: grads.map((g) => g.dataSync() as Float32Array), weighting: used! };
  });
}

/** A central directional difference in float32 on cpu with a step chosen per case. */
function directional(testCase: Case, inputs: tf.Tensor[], weighting: Float32Array, grads: Float32Array[]): number {
  return tf.tidy(() => {
    const index = testCase.differentiable ?? inputs.map((_, i) => i);
    const directions = index.map((i) => tf.randomNormal(inputs[i].shape));
    const value = (sign: number, eps: number) => {
      const all = inputs.map((t, i) => (index.includes(i) ? tf.add(t, tf.mul(directions[index.indexOf(i)], sign * eps)) : t));
      const y = testCase.op(...all);
      return tf.sum(tf.mul(y, tf.tensor(weighting, y.shape))).dataSync()[0];
    };
    const eps = 1e-3;
    const numeric = (value(1, eps) - value(-1, eps)) / (2 * eps);
    let analytic = 0;
    directions.forEach((d, k) => d.dataSync().forEach((v, j) => (analytic += v * grads[k][j])));
    return Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric));
  });
}

const rows: string[] = [];
for (const testCase of cases) {
  await setBackend('cpu');
  const inputs = testCase.inputs().map((t) => tf.keep(t));
  const integers = inputs.map((t) => ({ values: t.dataSync().slice(), shape: t.shape, dtype: t.dtype }));
  let cpu: ReturnType<typeof gradients> | undefined;
  let cpuError = '';
  try {
    cpu = gradients(testCase, inputs, undefined);
  } catch (e) {
    cpuError = (e as Error).message.split('\n')[0];
  }
  const cpuFd = cpu ? directional(testCase, inputs, cpu.weighting, cpu.grads) : NaN;
  await setBackend('wasm');
  const wasmInputs = integers.map((t) => tf.tensor(t.values, t.shape, t.dtype));
  let status: string;
  try {
    const wasm = gradients(testCase, wasmInputs, cpu?.weighting);
    let diff = 0;
    cpu?.grads.forEach((g, k) => g.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - wasm.grads[k][j]) / Math.max(1, Math.abs(v))))));
    await setBackend('cpu');
    const wasmFd = cpu ? directional(testCase, inputs, cpu.weighting, wasm.grads) : NaN;
    const flag = diff > 1e-3 || wasmFd > 1e-2 ? 'WRONG  ' : 'ok     ';
    status = `${testCase.note && flag.startsWith('WRONG') ? 'KNOWN  ' : flag} wasm-vs-cpu ${diff.toExponential(1)}  fd(wasm) ${wasmFd.toExponential(1)}  fd(cpu) ${cpuFd.toExponential(1)}${cpuFd > 1e-2 ? '  <- cpu wrong' : ''}`;
  } catch (e) {
    status = `THROWS  ${(e as Error).message.split('\n')[0].slice(0, 110)}`;
  }
  if (cpuError) status += `  (cpu throws: ${cpuError.slice(0, 80)})`;
  if (testCase.note) status += `  (${testCase.note})`;
  rows.push(`${testCase.name.padEnd(36)} ${status}`);
  await setBackend('cpu');
  inputs.forEach((t) => t.dispose());
}
console.log(`Gradients on wasm (${stock ? 'tfjs 4.22 as shipped' : "with Keraflow's kernels"}):`);
console.log(rows.join('\n'));
