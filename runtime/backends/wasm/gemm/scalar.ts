/**
 * The product kernels in plain JavaScript, for a WebAssembly without SIMD
 * (the module of wat.ts needs it; tfjs then runs its plain build): the same
 * arguments and results as `nn` and `nt`, at JS speed (~1 GFLOP/s).
 */
export interface ProductKernels {
  nn(a: number, b: number, c: number, bias: number, aRow: number, aK: number, ldb: number, ldc: number, i0: number, i1: number, j0: number, j1: number, k: number): void;
  nt(a: number, b: number, c: number, bias: number, lda: number, ldb: number, ldc: number, i0: number, i1: number, j0: number, j1: number, k: number): void;
}

export function scalarKernels(memory: WebAssembly.Memory): ProductKernels {
  // Addresses and strides come in bytes (aRow, aK) or elements (the rest), as for the module.
  const f32 = () => new Float32Array(memory.buffer);
  return {
    nn(a, b, c, bias, aRow, aK, ldb, ldc, i0, i1, j0, j1, k) {
      const heap = f32();
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          let sum = bias ? heap[(bias >>> 2) + j] : 0;
          for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(heap[(a + i * aRow + p * aK) >>> 2] * heap[(b >>> 2) + p * ldb + j]));
          heap[(c >>> 2) + i * ldc + j] = sum;
        }
      }
    },
    nt(a, b, c, bias, lda, ldb, ldc, i0, i1, j0, j1, k) {
      const heap = f32();
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(heap[(a >>> 2) + i * lda + p] * heap[(b >>> 2) + j * ldb + p]));
          heap[(c >>> 2) + i * ldc + j] = bias ? sum + heap[(bias >>> 2) + j] : sum;
        }
      }
    },
  };
}
