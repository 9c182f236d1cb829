/**
 * Each kernel Keraflow registers for wasm, before and after, at the sizes a
 * training step meets (the MNIST CNN's second convolution block, the MLP's
 * Dense layers). "Before" is the kernel tfjs-backend-wasm 4.22 shipped, or,
 * where it shipped none, what a wasm user falls back to: the cpu backend's
 * kernel (tensors copied over and back included, as tfjs would). Times are
 * this process's CPU time per call (robust to other processes on a shared
 * machine), the best of several rounds. The cpu fallbacks make a full run
 * take a few minutes (one Conv2DBackpropFilter call takes ~17 s on cpu).
 *
 *   npx tsx bench/wasm/kernels.ts [kernel name or part of a title]
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { setBackend } from '../../runtime/backends/backend.ts';
import { shippedKernel } from '../../runtime/backends/wasm/heap.ts';

await setBackend('cpu');
await setBackend('wasm');
const only = process.argv[2];

interface KernelCase {
  title: string;
  kernel: string;
  inputs: () => Record<string, tf.Tensor>;
  attrs: NamedAttrMap;
  /** Multiply-add FLOPs, for GFLOP/s (0: not a FLOP-bound kernel). */
  flops: number;
  /**
   * Inputs written anew (a new tensor, same values) before every call, as a
   * weight matrix is at every training step: XNNPACK (the shipped side)
   * packs a right operand once per tensor. Both sides include the write.
   */
  fresh?: string[];
}

const normal = (shape: number[]) => tf.randomNormal(shape);
const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as NamedAttrMap;
const convFlops = 2 * 64 * 11 * 11 * 3 * 3 * 32 * 64;
const pool = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' } as unknown as NamedAttrMap;

const cases: KernelCase[] = [
  {
    title: 'BatchMatMul 128×784 · 784×512',
    kernel: 'BatchMatMul',
    inputs: () => ({ a: normal([128, 784]), b: normal([784, 512]) }),
    attrs: { transposeA: false, transposeB: false },
    flops: 2 * 128 * 784 * 512,
  },
  {
    title: '_FusedMatMul x·W + b, relu, W new at each call (Dense 784→512 forward in training, batch 128)',
    kernel: '_FusedMatMul',
    // Rank 3, as tf.fused.matMul hands its operands to the kernel (the shipped one reads them so).
    inputs: () => ({ a: normal([1, 128, 784]), b: normal([1, 784, 512]), bias: normal([512]) }),
    attrs: { transposeA: false, transposeB: false, activation: 'relu' },
    flops: 2 * 128 * 784 * 512,
    fresh: ['b'],
  },
  {
    title: 'BatchMatMul xᵀ·dy (dW of Dense 784→512, batch 128)',
    kernel: 'BatchMatMul',
    inputs: () => ({ a: normal([128, 784]), b: normal([128, 512]) }),
    attrs: { transposeA: true, transposeB: false },
    flops: 2 * 128 * 784 * 512,
  },
  {
    title: 'BatchMatMul dy·Wᵀ (dx of Dense 784→512, batch 128)',
    kernel: 'BatchMatMul',
    inputs: () => ({ a: normal([128, 512]), b: normal([784, 512]) }),
    attrs: { transposeA: false, transposeB: true },
    flops: 2 * 128 * 784 * 512,
  },
  {
    title: 'BatchMatMul batched 16 × (64×64 · 64×64)',
    kernel: 'BatchMatMul',
    inputs: () => ({ a: normal([16, 64, 64]), b: normal([16, 64, 64]) }),
    attrs: { transposeA: false, transposeB: false },
    flops: 2 * 16 * 64 * 64 * 64,
  },
  {
    title: 'Conv2DBackpropFilter 64×13×13×32, 3×3→64',
    kernel: 'Conv2DBackpropFilter',
    inputs: () => ({ x: normal([64, 13, 13, 32]), dy: normal([64, 11, 11, 64]) }),
    attrs: { ...conv, filterShape: [3, 3, 32, 64] },
    flops: convFlops,
  },
  {
    title: 'Conv2DBackpropFilter 64×28×28×1, 3×3→32',
    kernel: 'Conv2DBackpropFilter',
    inputs: () => ({ x: normal([64, 28, 28, 1]), dy: normal([64, 26, 26, 32]) }),
    attrs: { ...conv, filterShape: [3, 3, 1, 32] },
    flops: 2 * 64 * 26 * 26 * 9 * 32,
  },
  {
    title: 'Conv2DBackpropInput 64×11×11×64 → 64×13×13×32',
    kernel: 'Conv2DBackpropInput',
    inputs: () => ({ dy: normal([64, 11, 11, 64]), filter: normal([3, 3, 32, 64]) }),
    attrs: { ...conv, inputShape: [64, 13, 13, 32] },
    flops: convFlops,
  },
  {
    title: 'Conv3D 8×8×16×16×8, 3×3×3→16 same',
    kernel: 'Conv3D',
    inputs: () => ({ x: normal([8, 8, 16, 16, 8]), filter: normal([3, 3, 3, 8, 16]) }),
    attrs: { strides: [1, 1, 1], pad: 'same', dataFormat: 'NDHWC', dilations: [1, 1, 1] } as unknown as NamedAttrMap,
    flops: 2 * 8 * 8 * 16 * 16 * 27 * 8 * 16,
  },
  {
    title: 'Conv3DBackpropFilterV2 (same sizes)',
    kernel: 'Conv3DBackpropFilterV2',
    inputs: () => ({ x: normal([8, 8, 16, 16, 8]), dy: normal([8, 8, 16, 16, 16]) }),
    attrs: { strides: [1, 1, 1], pad: 'same', filterShape: [3, 3, 3, 8, 16] } as unknown as NamedAttrMap,
    flops: 2 * 8 * 8 * 16 * 16 * 27 * 8 * 16,
  },
  {
    title: 'Conv3DBackpropInputV2 (same sizes)',
    kernel: 'Conv3DBackpropInputV2',
    inputs: () => ({ dy: normal([8, 8, 16, 16, 16]), filter: normal([3, 3, 3, 8, 16]) }),
    attrs: { strides: [1, 1, 1], pad: 'same', inputShape: [8, 8, 16, 16, 8] } as unknown as NamedAttrMap,
    flops: 2 * 8 * 8 * 16 * 16 * 27 * 8 * 16,
  },
  {
    title: 'DepthwiseConv2dNativeBackpropFilter 32×28×28×32, 3×3',
    kernel: 'DepthwiseConv2dNativeBackpropFilter',
    inputs: () => ({ x: normal([32, 28, 28, 32]), dy: normal([32, 28, 28, 32]) }),
    attrs: { strides: [1, 1], pad: 'same', dilations: [1, 1], filterShape: [3, 3, 32, 1] } as unknown as NamedAttrMap,
    flops: 2 * 32 * 28 * 28 * 9 * 32,
  },
  {
    title: 'DepthwiseConv2dNativeBackpropInput (same sizes)',
    kernel: 'DepthwiseConv2dNativeBackpropInput',
    inputs: () => ({ dy: normal([32, 28, 28, 32]), filter: normal([3, 3, 32, 1]) }),
    attrs: { strides: [1, 1], pad: 'same', dilations: [1, 1], inputShape: [32, 28, 28, 32] } as unknown as NamedAttrMap,
    flops: 2 * 32 * 28 * 28 * 9 * 32,
  },
  {
    title: 'MaxPoolGrad 64×26×26×32, 2×2',
    kernel: 'MaxPoolGrad',
    inputs: () => ({ dy: normal([64, 13, 13, 32]), input: normal([64, 26, 26, 32]), output: normal([64, 13, 13, 32]) }),
    attrs: pool,
    flops: 0,
  },
  { title: 'AvgPoolGrad 64×26×26×32, 2×2', kernel: 'AvgPoolGrad', inputs: () => ({ dy: normal([64, 13, 13, 32]), input: normal([64, 26, 26, 32]) }), attrs: pool, flops: 0 },
  {
    title: 'MaxPool3D 8×16×16×16×16, 2×2×2',
    kernel: 'MaxPool3D',
    inputs: () => ({ x: normal([8, 16, 16, 16, 16]) }),
    attrs: { filterSize: [2, 2, 2], strides: [2, 2, 2], pad: 'valid', dataFormat: 'NDHWC' } as unknown as NamedAttrMap,
    flops: 0,
  },
  {
    title: 'MaxPool3DGrad (same sizes)',
    kernel: 'MaxPool3DGrad',
    inputs: () => ({ dy: normal([8, 8, 8, 8, 16]), input: normal([8, 16, 16, 16, 16]), output: normal([8, 8, 8, 8, 16]) }),
    attrs: { filterSize: [2, 2, 2], strides: [2, 2, 2], pad: 'valid' } as unknown as NamedAttrMap,
    flops: 0,
  },
  // (tfjs's cpu kernel makes one masked copy of x per segment and holds them all: keep the vocabulary small for it.)
  {
    title: 'UnsortedSegmentSum (Embedding gradient) 512 ids × 64 → vocabulary 500',
    kernel: 'UnsortedSegmentSum',
    inputs: () => ({ x: normal([512, 64]), segmentIds: tf.randomUniform([512], 0, 500, 'int32') }),
    attrs: { numSegments: 500 },
    flops: 0,
  },
  {
    title: 'ResizeNearestNeighborGrad 32×28×28×16 ← 32×56×56×16',
    kernel: 'ResizeNearestNeighborGrad',
    inputs: () => ({ images: normal([32, 28, 28, 16]), dy: normal([32, 56, 56, 16]) }),
    attrs: { alignCorners: false, halfPixelCenters: false },
    flops: 0,
  },
  {
    title: 'Slice: a batch of 128 rows of a 60,000 × 784 dataset (MNIST)',
    kernel: 'Slice',
    inputs: () => ({ x: tf.zeros([60000, 784]) }),
    attrs: { begin: [1280, 0], size: [128, 784] },
    flops: 0,
  },
  {
    title: "SplitV: an LSTM's gate products, 64×256 into 4",
    kernel: 'SplitV',
    inputs: () => ({ x: normal([64, 256]) }),
    attrs: { numOrSizeSplits: 4, axis: 1 },
    flops: 0,
  },
  {
    title: "Unpack: a batch of sequences' 20 time steps, 64×20×32",
    kernel: 'Unpack',
    inputs: () => ({ value: normal([64, 20, 32]) }),
    attrs: { axis: 1 },
    flops: 0,
  },
  {
    title: 'GatherV2: a shuffled batch, 128 rows of a 60,000 × 784 dataset (MNIST)',
    kernel: 'GatherV2',
    inputs: () => ({
      x: tf.zeros([60000, 784]),
      indices: tf.tensor1d(
        Array.from({ length: 128 }, (_, i) => (i * 7919) % 60000),
        'int32',
      ),
    }),
    attrs: { axis: 0, batchDims: 0 },
    flops: 0,
  },
  {
    title: "Sum over batch, height and width: a Conv2D bias's gradient, 64×26×26×32 → 32",
    kernel: 'Sum',
    inputs: () => ({ x: normal([64, 26, 26, 32]) }),
    attrs: { axis: [0, 1, 2], keepDims: false },
    flops: 0,
  },
  {
    title: "Sum over the batch: a Dense bias's gradient, 128×512 → 512",
    kernel: 'Sum',
    inputs: () => ({ x: normal([128, 512]) }),
    attrs: { axis: [0], keepDims: false },
    flops: 0,
  },
  {
    title: 'Identity 64×26×26×32 (gradients pass through it)',
    kernel: 'Identity',
    inputs: () => ({ x: normal([64, 26, 26, 32]) }),
    attrs: {},
    flops: 0,
  },
];

/** CPU milliseconds per call of `run`, best of `rounds` rounds. */
function time(run: () => void, minimumMs = 150, rounds = 3): number {
  run();
  let calls = 1;
  for (;;) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) run();
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000;
    if (ms >= minimumMs || calls >= 1 << 12) break;
    calls *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / calls);
  }
  return best;
}

/** One call of a kernel function on `backendName`, its outputs (one or several) disposed. */
function caller(kernelFunc: KernelFunc, backendName: 'wasm' | 'cpu', inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap, fresh: string[] = []): () => void {
  const backend = tf.findBackend(backendName)!;
  if (backendName === 'wasm') {
    const values = Object.fromEntries(fresh.map((name) => [name, inputs[name].dataSync()]));
    return () => {
      const renewed = Object.fromEntries(fresh.map((name) => [name, tf.tensor(values[name], inputs[name].shape)]));
      const outputs = [kernelFunc({ inputs: { ...inputs, ...renewed } as unknown as Record<string, TensorInfo>, backend, attrs }) as TensorInfo | TensorInfo[]].flat();
      for (const out of outputs) backend.disposeData(out.dataId);
      for (const tensor of Object.values(renewed)) tensor.dispose();
    };
  }
  // A cpu fallback moves the inputs off the wasm heap and the result back: part of its cost.
  return () => {
    const moved = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, { dataId: backend.write(t.dataSync(), t.shape, t.dtype), shape: t.shape, dtype: t.dtype }]));
    const out = kernelFunc({ inputs: moved as unknown as Record<string, TensorInfo>, backend, attrs }) as TensorInfo;
    tf.tensor(backend.readSync(out.dataId) as Float32Array, out.shape).dispose();
    backend.disposeData(out.dataId);
    for (const info of Object.values(moved)) backend.disposeData(info.dataId);
  };
}

const rows: string[] = [];
const format = (ms: number, flops: number) => `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(2)} ms${flops ? ` (${(flops / ms / 1e6).toFixed(flops / ms / 1e6 >= 1 ? 1 : 3)} GFLOP/s)` : ''}`;
for (const testCase of cases) {
  if (only && !testCase.title.includes(only) && testCase.kernel !== only) continue;
  const inputs = testCase.inputs();
  const ours = tf.getKernel(testCase.kernel, 'wasm')!.kernelFunc;
  const shipped = shippedKernel(testCase.kernel);
  const before = shipped ?? tf.getKernel(testCase.kernel, 'cpu')?.kernelFunc;
  const beforeName = shipped ? 'wasm as shipped' : 'cpu fallback';
  const after = time(caller(ours, 'wasm', inputs, testCase.attrs, testCase.fresh));
  const previous = before ? time(caller(before, shipped ? 'wasm' : 'cpu', inputs, testCase.attrs, testCase.fresh), 150, shipped ? 3 : 1) : NaN;
  rows.push(`| ${testCase.title} | ${beforeName}: ${format(previous, testCase.flops)} | ${format(after, testCase.flops)} | ${(previous / after).toFixed(1)}× |`);
  console.log(rows[rows.length - 1]);
  Object.values(inputs).forEach((t) => t.dispose());
}
