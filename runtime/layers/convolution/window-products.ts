/**
 * A convolution made of matrix products, for backends whose own
 * convolution kernels are slow (tfjs-backend-cpu: its Conv2DBackpropFilter
 * runs at ~0.017 GFLOP/s, its matMul at ~1). The convolution layers use it
 * on 'cpu' only (see `convolveOnBackend`); on wasm the kernels Keraflow
 * registers (runtime/backends/) are fast, and other backends keep theirs.
 *
 * ## How
 *
 * The channels-last input [batch, sizes..., in] is padded (TensorFlow's
 * 'same' rule) and flattened to rows X [batch · Πsizes, in]. For a
 * stride-1 convolution, the window offset o of every output position p
 * is the row p + shift(o), shift(o) being o's flat offset on the padded
 * grid; so the outputs on the whole grid are
 *
 *     Y = [X[shift(o₁) ..], X[shift(o₂) ..], …] · W   (one product),
 *
 * where each block is a contiguous run of rows of X (a view on cpu, no
 * copy) and the blocks are put side by side by one concat (a plain 2-D
 * copy on cpu). Only the rows of the output positions go into the
 * product: those of grid positions whose window wraps past an edge (39 %
 * of the rows for the bench CNN's second convolution, 13×13 → 11×11) are
 * left out first, the others taken as contiguous runs of rows (one slice
 * per output row, again views) joined by one concat. A stride s is first
 * turned into stride 1: the input is cut into s phases along each strided
 * axis, which become channels ("space to depth"), and the kernel, padded
 * to a multiple of s, the same way.
 *
 * The gradients are written out (`tf.customGrad`) in the same ops:
 * dW = colsᵀ · dY (one product) and dX = [dY shifted by -shift(o) …] · Wᵀ
 * (one product over the output gradient, zero-padded to the grid). tfjs's automatic
 * gradients of these ops would be split and pad, which tfjs-backend-cpu
 * copies one value at a time (~400 ns a value against ~5 for concat).
 * The input gradient is made even where the input needs none (the first
 * layer): customGrad gives all its gradients at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PadMode } from './spatial.ts';

/** The sizes that one convolution's products need, worked out once per call. */
interface WindowPlan {
  /** Spatial axes. */
  readonly rank: number;
  readonly batch: number;
  /** Input sizes and channels. */
  readonly sizes: readonly number[];
  readonly channels: number;
  readonly kernelSize: readonly number[];
  readonly filters: number;
  readonly strides: readonly number[];
  /** Output sizes (TensorFlow's rule). */
  readonly outputSizes: readonly number[];
  /** Zeros before each axis ('same' padding) and after it (the padding, and up to a multiple of the stride). */
  readonly before: readonly number[];
  readonly after: readonly number[];
  /** The grid after the phases became channels: sizes, channels and kernel (stride 1 on it). */
  readonly grid: readonly number[];
  readonly gridChannels: number;
  readonly gridKernel: readonly number[];
  /** Row offset of each kernel offset on the grid, in the kernel's row-major order. */
  readonly shifts: readonly number[];
  /** Rows of the flattened grid, and of the products (those whose whole window lies inside). */
  readonly rows: number;
  readonly productRows: number;
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Row-major strides of a shape. */
function rowStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i];
  }
  return strides;
}

function planWindows(xShape: readonly number[], kernelShape: readonly number[], strides: readonly number[], pad: PadMode): WindowPlan {
  const rank = xShape.length - 2;
  const batch = xShape[0];
  const sizes = xShape.slice(1, -1);
  const channels = xShape.at(-1)!;
  const kernelSize = kernelShape.slice(0, rank);
  const filters = kernelShape.at(-1)!;
  if (kernelShape.length !== rank + 2 || kernelShape[rank] !== channels) {
    throw new Error(`convolution by products: expected a kernel [${rank} sizes, ${channels}, filters], found [${kernelShape.join(', ')}]`);
  }
  const outputSizes = sizes.map((size, i) => (pad === 'same' ? Math.ceil(size / strides[i]) : Math.floor((size - kernelSize[i]) / strides[i]) + 1));
  const totals = sizes.map((size, i) => (pad === 'same' ? Math.max((outputSizes[i] - 1) * strides[i] + kernelSize[i] - size, 0) : 0));
  const before = totals.map((total) => Math.floor(total / 2));
  // The grid holds ceil(padded / stride) phases-wide cells; what is past the padded input is zeros that only zero kernel taps touch.
  const grid = sizes.map((size, i) => Math.ceil((size + totals[i]) / strides[i]));
  const after = sizes.map((size, i) => grid[i] * strides[i] - size - before[i]);
  const gridKernel = kernelSize.map((k, i) => Math.ceil(k / strides[i]));
  const gridStrides = rowStrides(grid);
  const shifts: number[] = [];
  const offset = new Array<number>(rank).fill(0);
  for (let n = product(gridKernel); n > 0; n--) {
    shifts.push(offset.reduce((sum, o, i) => sum + o * gridStrides[i], 0));
    for (let i = rank - 1; i >= 0 && ++offset[i] === gridKernel[i]; i--) offset[i] = 0;
  }
  const rows = batch * product(grid);
  return {
    rank,
    batch,
    sizes,
    channels,
    kernelSize,
    filters,
    strides,
    outputSizes,
    before,
    after,
    grid,
    gridChannels: channels * product(strides),
    gridKernel,
    shifts,
    rows,
    productRows: rows - shifts.at(-1)!,
  };
}

/** Zeros before and after each spatial axis (concats: a plain copy on cpu, where pad goes value by value). */
function padSpatial(x: tf.Tensor, before: readonly number[], after: readonly number[]): tf.Tensor {
  let padded = x;
  before.forEach((count, i) => {
    const axis = i + 1;
    const parts: tf.Tensor[] = [];
    const zeros = (n: number) =>
      tf.zeros(
        padded.shape.map((size, j) => (j === axis ? n : size)),
        padded.dtype,
      );
    if (count > 0) parts.push(zeros(count));
    parts.push(padded);
    if (after[i] > 0) parts.push(zeros(after[i]));
    if (parts.length > 1) padded = tf.concat(parts, axis);
  });
  return padded;
}

/**
 * The block [batch, begin + size...] of t [batch, grid..., channels]
 * (see `blockRows`).
 */
function cropSpatial(t: tf.Tensor, begin: readonly number[], size: readonly number[]): tf.Tensor {
  const [batch, ...rest] = t.shape;
  const grid = rest.slice(0, -1);
  const channels = rest.at(-1)!;
  const rows = blockRows(tf.reshape(t, [batch * product(grid), channels]), batch, grid, begin, size);
  return rows === undefined ? t : tf.reshape(rows, [batch, ...size, channels]);
}

/**
 * Of `rows` [batch · Πgrid (or fewer), channels], the rows of the grid
 * positions [batch, begin + size...], in order: [batch · Πsize, channels].
 * They are contiguous runs of rows (views on cpu) joined by one concat,
 * where a strided slice is a value-by-value copy on cpu. Undefined when
 * the block is the whole grid.
 */
function blockRows(rows: tf.Tensor, batch: number, grid: readonly number[], begin: readonly number[], size: readonly number[]): tf.Tensor | undefined {
  const channels = rows.shape[1]!;
  // Trailing axes taken whole join their runs.
  let partial = grid.length - 1;
  while (partial >= 0 && begin[partial] === 0 && size[partial] === grid[partial]) partial--;
  if (partial < 0) return undefined;
  const strides = rowStrides(grid);
  const runLength = size[partial] * strides[partial];
  const runs: tf.Tensor[] = [];
  const outer = size.slice(0, partial);
  const index = new Array<number>(partial).fill(0);
  for (let b = 0; b < batch; b++) {
    for (let n = product(outer); n > 0; n--) {
      let start = b * product(grid) + begin[partial] * strides[partial];
      for (let i = 0; i < partial; i++) start += (begin[i] + index[i]) * strides[i];
      runs.push(tf.slice(rows, [start, 0], [runLength, channels]));
      for (let i = partial - 1; i >= 0 && ++index[i] === outer[i]; i--) index[i] = 0;
    }
  }
  return runs.length === 1 ? runs[0] : tf.concat(runs, 0);
}

/** [batch, grid_i · s_i ..., c] → [batch, grid..., s..., c]: the phases of each strided axis as channels. */
function phasesToChannels(x: tf.Tensor, plan: WindowPlan): tf.Tensor {
  const { rank, batch, grid, strides } = plan;
  if (strides.every((s) => s === 1)) return x;
  const split = tf.reshape(x, [batch, ...grid.flatMap((g, i) => [g, strides[i]]), x.shape.at(-1)!]);
  const order = [0, ...grid.map((_, i) => 1 + 2 * i), ...grid.map((_, i) => 2 + 2 * i), 2 * rank + 1];
  return tf.reshape(tf.transpose(split, order), [batch, ...grid, plan.gridChannels]);
}

/** The inverse of `phasesToChannels`. */
function channelsToPhases(x: tf.Tensor, plan: WindowPlan): tf.Tensor {
  const { rank, batch, grid, strides, channels } = plan;
  if (strides.every((s) => s === 1)) return x;
  const split = tf.reshape(x, [batch, ...grid, ...strides, channels]);
  const order = [0, ...grid.flatMap((_, i) => [1 + i, 1 + rank + i]), 2 * rank + 1];
  return tf.reshape(tf.transpose(split, order), [batch, ...grid.map((g, i) => g * strides[i]), channels]);
}

/** W [k..., in, out] as the grid's kernel [Πk' · in', out], rows in the order of the shifts' blocks. */
function toGridKernel(kernel: tf.Tensor, plan: WindowPlan): tf.Tensor {
  const { rank, strides, gridKernel, filters, channels } = plan;
  if (strides.some((s) => s !== 1)) {
    const padded = padKernel(kernel, plan);
    const split = tf.reshape(padded, [...gridKernel.flatMap((k, i) => [k, strides[i]]), channels, filters]);
    const order = [...gridKernel.map((_, i) => 2 * i), ...gridKernel.map((_, i) => 2 * i + 1), 2 * rank, 2 * rank + 1];
    kernel = tf.transpose(split, order);
  }
  return tf.reshape(kernel, [product(gridKernel) * plan.gridChannels, filters]);
}

/** The inverse of `toGridKernel`, for the kernel's gradient. */
function fromGridKernel(gridKernel2D: tf.Tensor, plan: WindowPlan): tf.Tensor {
  const { rank, strides, gridKernel, filters, channels, kernelSize } = plan;
  if (strides.every((s) => s === 1)) return tf.reshape(gridKernel2D, [...kernelSize, channels, filters]);
  const split = tf.reshape(gridKernel2D, [...gridKernel, ...strides, channels, filters]);
  const order = [...gridKernel.flatMap((_, i) => [i, rank + i]), 2 * rank, 2 * rank + 1];
  const padded = tf.reshape(tf.transpose(split, order), [...gridKernel.map((k, i) => k * strides[i]), channels, filters]);
  return tf.slice(padded, new Array<number>(rank + 2).fill(0), [...kernelSize, channels, filters]);
}

/** The kernel with zero taps up to a multiple of the stride on each axis. */
function padKernel(kernel: tf.Tensor, plan: WindowPlan): tf.Tensor {
  return tf.pad(kernel, [...plan.kernelSize.map((k, i): [number, number] => [0, plan.gridKernel[i] * plan.strides[i] - k]), [0, 0], [0, 0]]);
}

/**
 * The contiguous row blocks of `rows` starting at each start, side by side:
 * [count, starts.length · columns], with a last column of ones if asked
 * (in the same concat, so the matrix is copied once).
 */
function sideBySide(rows: tf.Tensor, starts: readonly number[], count: number, ones = false): tf.Tensor {
  const columns = rows.shape[1]!;
  const blocks = starts.map((start) => (start === 0 && count === rows.shape[0] ? rows : tf.slice(rows, [start, 0], [count, columns])));
  if (ones) blocks.push(tf.ones([count, 1]));
  return blocks.length === 1 ? blocks[0] : tf.concat(blocks, 1);
}

/**
 * The convolution of x [batch, sizes..., in] (channels last) with W
 * [kernel sizes..., in, out], strides and TensorFlow's 'valid'/'same'
 * padding, plus the bias b [out] if given: the same as
 * tf.conv1d/conv2d/conv3d (dilation 1) + b, made of matrix products (see
 * the file's comment). The bias is one more row of the product's kernel
 * against a column of ones, so that its gradient comes out of the kernel's
 * product too (a separate add and sum over [batch, sizes..., out] cost ~6 %
 * of a step of the bench's CNN).
 */
export function convolveByProducts(x: tf.Tensor, kernel: tf.Tensor, strides: readonly number[], pad: PadMode, bias?: tf.Tensor): tf.Tensor {
  const plan = planWindows(x.shape, kernel.shape, strides, pad);
  const { batch, grid, shifts, rows, productRows, filters, outputSizes } = plan;
  const maxShift = shifts.at(-1)!;
  const kernelRows = shifts.length * plan.gridChannels;
  const convolve = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    const weights = args[1] as tf.Tensor;
    const save = args.at(-1) as tf.GradSaveFunc;
    const gridInput = phasesToChannels(padSpatial(input, plan.before, plan.after), plan);
    // One row per window on the grid (and the bias's column of ones), then only the windows of the outputs
    // (those that wrap past an edge would be wasted products).
    const windows = sideBySide(tf.reshape(gridInput, [rows, plan.gridChannels]), shifts, productRows, bias !== undefined);
    const columns = blockRows(windows, batch, grid, new Array<number>(plan.rank).fill(0), outputSizes) ?? windows;
    let gridWeights = toGridKernel(weights, plan);
    if (bias) gridWeights = tf.concat([gridWeights, tf.reshape(args[2] as tf.Tensor, [1, filters])], 0);
    const y = tf.reshape(tf.matMul(columns, gridWeights), [batch, ...outputSizes, filters]);
    save([columns, gridWeights]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedColumns, savedWeights] = saved;
        const dyOnGrid = tf.reshape(
          padSpatial(
            dy,
            new Array<number>(plan.rank).fill(0),
            grid.map((g, i) => g - outputSizes[i]),
          ),
          [rows, filters],
        );
        const dAllWeights = tf.matMul(savedColumns, tf.reshape(dy, [savedColumns.shape[0], filters]), true, false);
        const dGridWeights = bias ? tf.slice(dAllWeights, [0, 0], [kernelRows, filters]) : dAllWeights;
        const dWeights = fromGridKernel(dGridWeights, plan);
        // dX[q] = Σ_o dY[q - shift(o)] · W_oᵀ, with zeros before the first row.
        const shifted = maxShift > 0 ? tf.concat([tf.zeros([maxShift, filters]), dyOnGrid], 0) : dyOnGrid;
        const kernelOnly = bias ? tf.slice(savedWeights, [0, 0], [kernelRows, filters]) : savedWeights;
        const blocksOfW = tf.reshape(kernelOnly, [shifts.length, plan.gridChannels, filters]);
        const transposedW = tf.reshape(tf.transpose(blocksOfW, [0, 2, 1]), [shifts.length * filters, plan.gridChannels]);
        const dGrid = tf.matMul(
          sideBySide(
            shifted,
            shifts.map((shift) => maxShift - shift),
            rows,
          ),
          transposedW,
        );
        const dPadded = channelsToPhases(tf.reshape(dGrid, [batch, ...grid, plan.gridChannels]), plan);
        const dInput = cropSpatial(dPadded, plan.before, plan.sizes);
        if (!bias) return [dInput, dWeights];
        return [dInput, dWeights, tf.reshape(tf.slice(dAllWeights, [kernelRows, 0], [1, filters]), [filters])];
      },
    };
  });
  return bias ? convolve(x, kernel, bias) : convolve(x, kernel);
}

/**
 * The convolution (+ bias) the layers run: by products on 'cpu' (its
 * convolution kernels, above all the kernel's gradient, are ~50× slower
 * than its matMul), the backend's own kernel (`native`) + b elsewhere.
 */
export function convolveOnBackend(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined, strides: readonly number[], pad: PadMode, native: () => tf.Tensor): tf.Tensor {
  if (tf.getBackend() === 'cpu') return convolveByProducts(x, kernel, strides, pad, bias);
  const y = native();
  return bias ? tf.add(y, bias) : y;
}
