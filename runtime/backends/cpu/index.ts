/**
 * Keraflow's replacements for kernels that tfjs-backend-cpu 4.22 computes
 * wrongly, registered when the runtime first selects cpu (see ../README.md):
 *  - ResizeNearestNeighborGrad: reads dy at the input's batch stride, so
 *    every sample after the first gets another sample's gradient, and
 *    ignores halfPixelCenters;
 *  - AvgPoolGrad, AvgPool3DGrad: divide by the whole window where the
 *    forward pass divides by the values inside the input ('same' padding at
 *    the border); wasm has the same fault and gets the same fix.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { avgPoolGrad as avgPoolGradOnArrays } from '../kernels/pooling.ts';
import { resizeNearestNeighborGrad as resizeGradOnArrays } from '../kernels/resize.ts';
import { pool2DGeometry, pool3DGeometry, type Geometry } from '../kernels/geometry.ts';

/** The parts of tfjs-backend-cpu's MathBackendCPU (4.22) these kernels use. */
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

function floats(backend: CpuBackend, tensor: TensorInfo): Float32Array {
  const values = backend.data.get(tensor.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

function gradientOfAverage({ inputs, backend }: KernelArgs, g: Geometry): TensorInfo {
  const cpu = backend as CpuBackend;
  const dx = new Float32Array(tf.util.sizeFromShape(inputs.input.shape));
  avgPoolGradOnArrays(floats(cpu, inputs.dy), 0, g, dx, 0);
  return cpu.makeTensorInfo(inputs.input.shape, 'float32', dx);
}

export function avgPoolGrad(args: KernelArgs): TensorInfo {
  return gradientOfAverage(args, pool2DGeometry(args.inputs.input.shape, args.attrs!));
}

export function avgPool3DGrad(args: KernelArgs): TensorInfo {
  return gradientOfAverage(args, pool3DGeometry(args.inputs.input.shape, args.attrs!));
}

export function resizeNearestNeighborGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const cpu = backend as CpuBackend;
  const { images, dy } = inputs;
  const { alignCorners, halfPixelCenters } = attrs as { alignCorners: boolean; halfPixelCenters: boolean };
  const dx = new Float32Array(tf.util.sizeFromShape(images.shape));
  resizeGradOnArrays(floats(cpu, dy), 0, images.shape, dy.shape[1], dy.shape[2], { alignCorners, halfPixelCenters: !!halfPixelCenters }, dx, 0);
  return cpu.makeTensorInfo(images.shape, 'float32', dx);
}

/** Our cpu kernels by kernel name. */
export const CPU_KERNELS: Readonly<Record<string, (args: KernelArgs) => TensorInfo>> = {
  AvgPoolGrad: avgPoolGrad,
  AvgPool3DGrad: avgPool3DGrad,
  ResizeNearestNeighborGrad: resizeNearestNeighborGrad,
};

let registered = false;

/** Registers every kernel of CPU_KERNELS for the cpu backend (once). */
export function setUpCpuKernels(): void {
  if (registered) return;
  registered = true;
  for (const [name, kernelFunc] of Object.entries(CPU_KERNELS)) {
    const current = tf.getKernel(name, 'cpu');
    if (current) tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', setupFunc: current?.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc });
  }
}
