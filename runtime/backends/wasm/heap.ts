/**
 * What Keraflow's wasm kernels use of the tfjs wasm backend: tensors as
 * offsets into the wasm heap, outputs allocated on it, views of part of a
 * tensor (so that a batch slice is multiplied in place), and the backend's
 * own XNNPACK matrix multiply.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm (4.22) that the kernels rely on. */
export interface WasmBackend {
  wasm: {
    HEAPF32: Float32Array;
    HEAP32: Int32Array;
    HEAPU8: Uint8Array;
    /** The threaded build's shared memory (its views are renewed only when its own JS reads them). */
    wasmMemory?: WebAssembly.Memory;
    cwrap(name: string, returns: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, memoryOffset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number; dtype: DataType }; has(dataId: object): boolean; delete(dataId: object): boolean };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Arguments tfjs passes to a kernel function, typed for our kernels. */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

type MatMulFunction = (aId: number, aShape: Uint8Array, aRank: number, bId: number, bShape: Uint8Array, bRank: number, transposeA: boolean, transposeB: boolean, outId: number) => void;
const matMulFunctions = new WeakMap<object, MatMulFunction>();

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

  /** The id the C++ side knows the tensor by. */
  id(tensor: TensorInfo): number {
    return this.backend.dataIdMap.get(tensor.dataId).id;
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

  /**
   * A tensor that is `shape` elements of `tensor` starting at element
   * `start` (no copy). Release it with `release`, never `dispose`: the
   * memory belongs to `tensor`.
   */
  view(tensor: TensorInfo, start: number, shape: number[]): TensorInfo {
    const bytes = this.backend.dataIdMap.get(tensor.dataId).memoryOffset + start * 4;
    return this.backend.makeOutput(shape, tensor.dtype, bytes);
  }

  release(...views: TensorInfo[]): void {
    for (const view of views) {
      // Forgets the id on both sides (the C++ side also drops operators cached for it) without freeing memory.
      this.backend.wasm.tfjs.disposeData(this.id(view));
      this.backend.dataIdMap.delete(view.dataId);
    }
  }

  /**
   * out[m, n] = a[m, k] · b[k, n] with XNNPACK's fully connected operator,
   * the backend's fast path (no transposes, no batch). XNNPACK packs b and
   * caches the packed copy under b's id until b is disposed, so b must not
   * change while it lives: pass a fresh tensor or view.
   */
  matMulInto(a: TensorInfo, b: TensorInfo, out: TensorInfo, m: number, k: number, n: number): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      const start = this.offset(out);
      this.f32.fill(0, start, start + m * n);
      return;
    }
    let call = matMulFunctions.get(this.backend);
    if (!call) {
      call = this.backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']) as MatMulFunction;
      matMulFunctions.set(this.backend, call);
    }
    const shape = (dims: number[]) => new Uint8Array(new Int32Array(dims).buffer);
    call(this.id(a), shape([1, m, k]), 3, this.id(b), shape([1, k, n]), 3, false, false, this.id(out));
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
