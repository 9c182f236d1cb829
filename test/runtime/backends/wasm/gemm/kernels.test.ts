/**
 * The product module (runtime/backends/wasm/gemm/): binary.ts is wat.ts
 * assembled, and both kernels compute C = op(A)·op(B) + bias against a
 * double-precision product by hand, across the tile edges (rows by 4 and by
 * 1, columns by 8, 4 and 1, k's by blocks of 256 and by 4), on a plain and a
 * shared memory, writing their range of the output and nothing else; so do
 * the scalar JavaScript kernels used where WebAssembly lacks SIMD.
 */
import { describe, expect, it, vi } from 'vitest';
import { assembleGemm } from '../../../../../scripts/gemm-assembler.ts';
import { GEMM_WASM } from '../../../../../runtime/backends/wasm/gemm/binary.ts';
import { kernelArguments, multiply, type Product } from '../../../../../runtime/backends/wasm/gemm/gemm.ts';
import { scalarKernels } from '../../../../../runtime/backends/wasm/gemm/scalar.ts';
import { readFileSync } from 'node:fs';

interface Kernels {
  nn(...args: number[]): void;
  nt(...args: number[]): void;
}

function instantiate(shared: boolean, scalar = false): { memory: WebAssembly.Memory; kernels: Kernels } {
  const memory = new WebAssembly.Memory(shared ? { initial: 64, maximum: 1024, shared: true } : { initial: 64 });
  if (scalar) return { memory, kernels: scalarKernels(memory) as unknown as Kernels };
  const bytes = Buffer.from(shared ? GEMM_WASM.shared : GEMM_WASM.plain, 'base64');
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Kernels;
  return { memory, kernels };
}

/** A deterministic value in [-1, 1) for index i of a stream. */
const value = (stream: number, i: number) => (((i * 2654435761 + stream * 40503) >>> 0) % 2000) / 1000 - 1;

type Form = 'nn' | 'tn' | 'nt';

/** Lays out A, B, bias and a NaN-filled C at float offsets; returns byte addresses and the reference. */
function setUp(f32: Float32Array, form: Form, m: number, k: number, n: number, withBias: boolean) {
  const a = 16;
  const b = a + m * k + 16;
  const bias = b + k * n + 16;
  const c = bias + n + 16;
  for (let i = 0; i < m * k; i++) f32[a + i] = value(1, i);
  for (let i = 0; i < k * n; i++) f32[b + i] = value(2, i);
  for (let i = 0; i < n; i++) f32[bias + i] = value(3, i);
  f32.fill(Number.NaN, c - 4, c + m * n + 4);
  // A stored [m, k] (nn, nt) or [k, m] (tn); B stored [k, n] (nn, tn) or [n, k] (nt).
  const A = (i: number, p: number) => (form === 'tn' ? f32[a + p * m + i] : f32[a + i * k + p]);
  const B = (p: number, j: number) => (form === 'nt' ? f32[b + j * k + p] : f32[b + p * n + j]);
  const expected = (i: number, j: number) => {
    let sum = withBias ? f32[bias + j] : 0;
    for (let p = 0; p < k; p++) sum += A(i, p) * B(p, j);
    return sum;
  };
  return { a: a * 4, b: b * 4, c: c * 4, bias: withBias ? bias * 4 : 0, cIndex: c, expected };
}

function product(form: Form, addresses: { a: number; b: number; c: number; bias: number }, m: number, k: number, n: number): Product {
  if (form === 'nt') return { kind: 'nt', ...addresses, lda: k, ldb: k, ldc: n, m, k, n };
  const [aRow, aK] = form === 'tn' ? [4, m * 4] : [k * 4, 4];
  return { kind: 'nn', ...addresses, aRow, aK, ldb: n, ldc: n, m, k, n };
}

function expectProduct(f32: Float32Array, setup: ReturnType<typeof setUp>, m: number, k: number, n: number, rows = [0, m], columns = [0, n]): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const got = f32[setup.cIndex + i * n + j];
      const inside = i >= rows[0] && i < rows[1] && j >= columns[0] && j < columns[1];
      if (!inside) {
        expect(got, `C[${i}, ${j}] outside the range`).toBeNaN();
        continue;
      }
      const want = setup.expected(i, j);
      expect(Math.abs(got - want), `C[${i}, ${j}] of ${m}×${k}×${n}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.sqrt(k)));
    }
  }
  expect(f32[setup.cIndex - 1], 'before C').toBeNaN();
  expect(f32[setup.cIndex + m * n], 'after C').toBeNaN();
}

describe('the product module', () => {
  it('binary.ts is wat.ts assembled (run `npm run build:gemm` after changing wat.ts)', async () => {
    const committed = readFileSync(new URL('../../../../../runtime/backends/wasm/gemm/binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await assembleGemm());
  });

  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 17];
  const depths = [1, 3, 4, 5, 255, 256, 257, 600];
  for (const [shared, scalar] of [
    [false, false],
    [true, false],
    [false, true],
  ]) {
    for (const form of ['nn', 'tn', 'nt'] as const) {
      it(`${form}${scalar ? ' in scalar JavaScript' : ''} on a ${shared ? 'shared' : 'plain'} memory: every tile edge against a product by hand`, () => {
        const { memory, kernels } = instantiate(shared, scalar);
        const f32 = new Float32Array(memory.buffer);
        let cases = 0;
        for (const m of sizes) {
          for (const n of sizes) {
            for (const k of depths) {
              if ((m * n) % 3 !== k % 3 && k > 5) continue; // a third of the deep cases: enough edges, quicker
              const setup = setUp(f32, form, m, k, n, (m + n + k) % 2 === 0);
              const p = product(form, setup, m, k, n);
              (p.kind === 'nn' ? kernels.nn : kernels.nt)(...kernelArguments(p, 0, m, 0, n));
              expectProduct(f32, setup, m, k, n);
              cases++;
            }
          }
        }
        expect(cases).toBeGreaterThan(300);
      });
    }
  }

  it.each(['nn', 'tn', 'nt'] as const)('%s computes its range of rows and columns only', (form) => {
    const { memory, kernels } = instantiate(false);
    const f32 = new Float32Array(memory.buffer);
    const [m, k, n] = [13, 300, 21];
    // [first row, end row, first column, end column]
    for (const [i0, i1, j0, j1] of [
      [0, 13, 8, 21],
      [4, 9, 0, 21],
      [3, 11, 5, 19],
    ]) {
      const setup = setUp(f32, form, m, k, n, true);
      const p = product(form, setup, m, k, n);
      (p.kind === 'nn' ? kernels.nn : kernels.nt)(...kernelArguments(p, i0, i1, j0, j1));
      expectProduct(f32, setup, m, k, n, [i0, i1], [j0, j1]);
    }
  });

  it('multiply falls back to the scalar kernels where WebAssembly cannot take the module (no SIMD)', () => {
    const { memory } = instantiate(false);
    const f32 = new Float32Array(memory.buffer);
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const setup = setUp(f32, 'tn', 9, 40, 11, true);
      multiply(memory, product('tn', setup, 9, 40, 11));
      expectProduct(f32, setup, 9, 40, 11);
      expect(validate).toHaveBeenCalled();
    } finally {
      validate.mockRestore();
    }
  });

  it('multiply with no k leaves the bias, or zeros', () => {
    const { memory } = instantiate(false);
    const f32 = new Float32Array(memory.buffer);
    for (const withBias of [true, false]) {
      const setup = setUp(f32, 'nn', 3, 0, 5, withBias);
      multiply(memory, product('nn', setup, 3, 0, 5));
      expectProduct(f32, setup, 3, 0, 5);
    }
  });
});
