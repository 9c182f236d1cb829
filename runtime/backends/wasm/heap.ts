/**
 * What Keraflow's wasm kernels use of the tfjs wasm backend: tensors as
 * offsets into the wasm heap, outputs allocated on it, and matrix products
 * on it (gemm/: Keraflow's own kernels, on the threads asked for).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { transposeMatrices } from '../kernels/transpose.ts';
import { multiply, type Product } from './gemm/gemm.ts';

/**
 * Below this many k's, A·Bᵀ runs as A·(Bᵀ copied): `nt`'s dot products
 * spend more on their final sums than on so few k's (16 k's: 5.9 against
 * 2.9 ms for 16,384 × 216 outputs; 64 k's about even).
 */
const NT_FROM_K = 64;

/** The parts of tfjs-backend-wasm's BackendWasm (4.22) that the kernels rely on. */
export interface WasmBackend {
  wasm: {
    HEAPF32: Float32Array;
    HEAP32: Int32Array;
    HEAPU8: Uint8Array;
    /** The threaded build's shared memory (its views are renewed only when its own JS reads them). */
    wasmMemory?: WebAssembly.Memory;
    /** The plain builds' module exports, their memory among them. */
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number; dtype: DataType } };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Arguments tfjs passes to a kernel function, typed for our kernels. */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

export class Heap {
  readonly backend: WasmBackend;

  constructor(backend: unknown) {
    this.backend = backend as WasmBackend;
  }

  /** The heap as floats; fetch it again after any allocation (the heap may have grown). */
  get f32(): Float32Array {
    return this.current().HEAPF32;
  }

  get i32(): Int32Array {
    return this.current().HEAP32;
  }

  get u8(): Uint8Array {
    return this.current().HEAPU8;
  }

  /**
   * The module with views of the whole memory. A shared memory (the threaded
   * build) that grew has a new buffer, which emscripten's views pick up only
   * when its own JS next reads them: renew them here.
   */
  private current(): WasmBackend['wasm'] {
    const wasm = this.backend.wasm;
    const buffer = wasm.wasmMemory?.buffer;
    if (buffer && wasm.HEAPF32.buffer !== buffer) {
      wasm.HEAPF32 = new Float32Array(buffer);
      wasm.HEAP32 = new Int32Array(buffer);
      wasm.HEAPU8 = new Uint8Array(buffer);
    }
    return wasm;
  }

  /** Index of a tensor's first element in `f32` / `i32`. */
  offset(tensor: TensorInfo): number {
    return this.backend.dataIdMap.get(tensor.dataId).memoryOffset >>> 2;
  }

  /** Where a tensor's first byte is in `u8` (any dtype). */
  byteOffset(tensor: TensorInfo): number {
    return this.backend.dataIdMap.get(tensor.dataId).memoryOffset;
  }

  /** A new tensor on the heap; its contents are undefined until written. */
  output(shape: number[], dtype: DataType = 'float32'): TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }

  /** A new float tensor holding zeros. */
  zeros(shape: number[]): TensorInfo {
    const out = this.output(shape);
    const start = this.offset(out);
    this.f32.fill(0, start, start + tf.util.sizeFromShape(shape));
    return out;
  }

  dispose(...tensors: TensorInfo[]): void {
    for (const tensor of tensors) this.backend.disposeData(tensor.dataId);
  }

  /** The backend's memory (shared on the threaded build). */
  get memory(): WebAssembly.Memory {
    const wasm = this.backend.wasm;
    const memory = wasm.wasmMemory ?? wasm.asm?.memory;
    if (!memory) throw new Error('the wasm backend exposes no memory (tfjs-backend-wasm 4.22 expected)');
    return memory;
  }

  /** A product on this heap's memory by byte addresses (gemm/gemm.ts). */
  product(product: Product): void {
    if (product.kind === 'nt' && product.k < NT_FROM_K && product.ldb === product.k) {
      const { k, n } = product;
      const transposed = this.output([k, n]);
      transposeMatrices(this.f32, product.b >>> 2, 1, n, k, this.f32, this.offset(transposed));
      const { a, c, bias, lda, ldc, m } = product;
      multiply(this.memory, { kind: 'nn', a, b: this.byteOffset(transposed), c, bias, aRow: lda * 4, aK: 4, ldb: n, ldc, m, k, n });
      this.dispose(transposed);
      return;
    }
    multiply(this.memory, product);
  }
}

/** The kernel function tfjs-backend-wasm shipped under `name` (undefined: it shipped none). */
export function shippedKernel(name: string): KernelFunc | undefined {
  return replaced.has(name) ? shipped.get(name) : tf.getKernel(name, 'wasm')?.kernelFunc;
}

const shipped = new Map<string, KernelFunc>();
const replaced = new Set<string>();

/** Registers `kernelFunc` as the wasm kernel `name`, keeping the shipped one (and its setup) for fallbacks. */
export function replaceWasmKernel(name: string, kernelFunc: (args: KernelArgs) => TensorInfo | TensorInfo[]): void {
  const current = tf.getKernel(name, 'wasm');
  if (current && !replaced.has(name)) shipped.set(name, current.kernelFunc);
  replaced.add(name);
  if (current) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', setupFunc: current?.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc });
}
