/**
 * The text of Keraflow's matrix-product module for WebAssembly (SIMD, no
 * packing). scripts/build-gemm.ts (`npm run build:gemm`) assembles it into binary.ts; the test
 * test/runtime/backends/wasm/gemm/kernels.test.ts fails when the two differ.
 *
 * Why our own: XNNPACK (in tfjs's wasm build) copies every new right operand
 * into its packed layout before multiplying, on one thread, at 3-5 ns a
 * value; in training every weight matrix is new at each step, and that copy
 * was a fifth of an MLP's step and did not split across threads. These
 * kernels read both operands where they are, so a product splits into
 * ranges of rows or columns that threads compute alone.
 *
 * Two functions, both computing C[i, j] = bias[j] + Σ_k A(i, k)·B(k, j) for
 * rows i0 ≤ i < i1 and columns j0 ≤ j < j1 (bias 0: none):
 * - `nn`: B stored [k, n]. A(i, k) is at a + i·aRow + k·aK (byte strides),
 *   so A may be stored either way round. Tiles of 4 rows × 8 columns: per k,
 *   two vector loads of B's row, and each A value splat against them.
 *   Blocks of KC k's keep the tile's part of B in the first-level cache.
 * - `nt`: B stored [n, k] (A·Bᵀ, a Dense layer's dy·Wᵀ). Tiles of 2 rows of
 *   A × 4 rows of B, four k's per vector: dot products summed at the end.
 *
 * The module also carries the optimizers' fused updates (update-wat.ts).
 */

import { updateFunctions } from './update-wat.ts';

/** k's per block of `nn` (its 8 columns of B: KC cache lines). */
const KC = 256;

/** `nn`'s tile of `rows` rows × `width` columns (8, 4 or 1) at row $i, column $j, k's $k0 to $kend. */
function nnTile(rows: number, width: 8 | 4 | 1): string {
  const vectors = width === 1 ? 0 : width / 4;
  const type = width === 1 ? 'f32' : 'v128';
  // One column: f32 accumulators and B value ($sacc, $sb); otherwise vectors ($acc, $b).
  const acc = (r: number, v: number) => (width === 1 ? `$sacc${r}` : `$acc${r}_${v}`);
  const bValue = (v: number) => (width === 1 ? '$sb' : `$b${v}`);
  const slots = Math.max(vectors, 1);
  const lines: string[] = [];
  const cAddress = (r: number) => `(i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $ldc)) (local.get $j)) (i32.const 2)))`;
  const load = (address: string, v: number) => (width === 1 ? `(f32.load ${address})` : `(v128.load offset=${v * 16} ${address})`);
  // Start: the bias (first block) or zeros, else what earlier blocks left in C.
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < slots; v++) {
      const zero = width === 1 ? '(f32.const 0)' : '(v128.const i32x4 0 0 0 0)';
      const biasAddress = '(i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))';
      lines.push(
        `(local.set ${acc(r, v)} (if (result ${type}) (local.get $k0) (then ${load(cAddress(r), v)}) (else (if (result ${type}) (local.get $bias) (then ${load(biasAddress, v)}) (else ${zero})))))`,
      );
    }
    lines.push(`(local.set $a${r} (i32.add (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $aRow))) (i32.mul (local.get $k0) (local.get $aK))))`);
  }
  lines.push('(local.set $pb (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $k0) (local.get $ldb)) (local.get $j)) (i32.const 2))))');
  lines.push('(local.set $k (local.get $k0))');
  lines.push('(loop $k_loop');
  for (let v = 0; v < slots; v++) lines.push(`  (local.set ${bValue(v)} ${width === 1 ? '(f32.load (local.get $pb))' : `(v128.load offset=${v * 16} (local.get $pb))`})`);
  for (let r = 0; r < rows; r++) {
    if (width === 1) {
      lines.push(`  (local.set ${acc(r, 0)} (f32.add (local.get ${acc(r, 0)}) (f32.mul (f32.load (local.get $a${r})) (local.get ${bValue(0)}))))`);
    } else {
      lines.push(`  (local.set $splat (v128.load32_splat (local.get $a${r})))`);
      for (let v = 0; v < vectors; v++) lines.push(`  (local.set ${acc(r, v)} (f32x4.add (local.get ${acc(r, v)}) (f32x4.mul (local.get $splat) (local.get ${bValue(v)}))))`);
    }
    lines.push(`  (local.set $a${r} (i32.add (local.get $a${r}) (local.get $aK)))`);
  }
  lines.push('  (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $ldb) (i32.const 2))))');
  lines.push('  (local.set $k (i32.add (local.get $k) (i32.const 1)))');
  lines.push('  (br_if $k_loop (i32.lt_u (local.get $k) (local.get $kend))))');
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < slots; v++) lines.push(width === 1 ? `(f32.store ${cAddress(r)} (local.get ${acc(r, v)}))` : `(v128.store offset=${v * 16} ${cAddress(r)} (local.get ${acc(r, v)}))`);
  }
  return lines.join('\n');
}

/** `nn`'s columns of one width from $j while `width` more fit before $j1: rows by 4, then one at a time. */
function nnColumns(width: 8 | 4 | 1): string {
  const rowsOf = (rows: number) => `(block $rows_done_${rows} (loop $rows_${rows}
(br_if $rows_done_${rows} (i32.gt_u (i32.add (local.get $i) (i32.const ${rows})) (local.get $i1)))
${nnTile(rows, width)}
(local.set $i (i32.add (local.get $i) (i32.const ${rows})))
(br $rows_${rows})))`;
  return `(block $columns_done_${width} (loop $columns_${width}
(br_if $columns_done_${width} (i32.gt_u (i32.add (local.get $j) (i32.const ${width})) (local.get $j1)))
(local.set $i (local.get $i0))
${rowsOf(4)}
${rowsOf(1)}
(local.set $j (i32.add (local.get $j) (i32.const ${width})))
(br $columns_${width})))`;
}

function nnFunction(): string {
  const locals = ['(local $i i32) (local $j i32) (local $k i32) (local $k0 i32) (local $kend i32) (local $pb i32) (local $splat v128)'];
  for (let r = 0; r < 4; r++) locals.push(`(local $a${r} i32)`);
  for (let v = 0; v < 2; v++) locals.push(`(local $b${v} v128)`);
  // Accumulators: v128 for the vector tiles; f32 for the one-column tiles, with their B value.
  for (let r = 0; r < 4; r++) for (let v = 0; v < 2; v++) locals.push(`(local $acc${r}_${v} v128)`);
  locals.push('(local $sb f32)');
  for (let r = 0; r < 4; r++) locals.push(`(local $sacc${r} f32)`);
  const body = `(local.set $k0 (i32.const 0))
(block $blocks_done (loop $blocks
(br_if $blocks_done (i32.ge_u (local.get $k0) (local.get $K)))
(local.set $kend (select (local.get $K) (i32.add (local.get $k0) (i32.const ${KC})) (i32.lt_u (i32.sub (local.get $K) (local.get $k0)) (i32.const ${KC}))))
(local.set $j (local.get $j0))
${nnColumns(8)}
${nnColumns(4)}
${nnColumns(1)}
(local.set $k0 (local.get $kend))
(br $blocks)))`;
  return `(func (export "nn") (param $a i32) (param $b i32) (param $c i32) (param $bias i32) (param $aRow i32) (param $aK i32) (param $ldb i32) (param $ldc i32)
(param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32) (param $K i32)
${locals.join(' ')}
${body})`;
}

/** `nt`'s tile of `rows` rows of A × `cols` rows of B at $i, $j: four k's a vector, the rest one at a time. */
function ntTile(rows: number, cols: number): string {
  const lines: string[] = [];
  const acc = (r: number, s: number) => `$dot${r}_${s}`;
  for (let r = 0; r < rows; r++) lines.push(`(local.set $a${r} (i32.add (local.get $a) (i32.shl (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $lda)) (i32.const 2))))`);
  for (let s = 0; s < cols; s++) lines.push(`(local.set $b${s} (i32.add (local.get $b) (i32.shl (i32.mul (i32.add (local.get $j) (i32.const ${s})) (local.get $ldb)) (i32.const 2))))`);
  for (let r = 0; r < rows; r++) for (let s = 0; s < cols; s++) lines.push(`(local.set ${acc(r, s)} (v128.const i32x4 0 0 0 0))`);
  lines.push('(local.set $k (i32.const 0))');
  lines.push('(block $vectors_done (loop $vectors');
  lines.push('  (br_if $vectors_done (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $K)))');
  for (let r = 0; r < rows; r++) lines.push(`  (local.set $va${r} (v128.load (local.get $a${r}))) (local.set $a${r} (i32.add (local.get $a${r}) (i32.const 16)))`);
  for (let s = 0; s < cols; s++) {
    lines.push(`  (local.set $vb (v128.load (local.get $b${s}))) (local.set $b${s} (i32.add (local.get $b${s}) (i32.const 16)))`);
    for (let r = 0; r < rows; r++) lines.push(`  (local.set ${acc(r, s)} (f32x4.add (local.get ${acc(r, s)}) (f32x4.mul (local.get $va${r}) (local.get $vb))))`);
  }
  lines.push('  (local.set $k (i32.add (local.get $k) (i32.const 4)))');
  lines.push('  (br $vectors)))');
  // The sums: lanes 0+2 and 1+3, then those two; then the k's left over, and the bias.
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      lines.push(`(local.set $pair (f32x4.add (local.get ${acc(r, s)}) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get ${acc(r, s)}) (local.get ${acc(r, s)}))))`);
      lines.push('(local.set $sum (f32.add (f32x4.extract_lane 0 (local.get $pair)) (f32x4.extract_lane 1 (local.get $pair))))');
      lines.push(`(local.set $pa (local.get $a${r})) (local.set $pbs (local.get $b${s})) (local.set $kk (local.get $k))`);
      lines.push(`(block $tail_done (loop $tail
  (br_if $tail_done (i32.ge_u (local.get $kk) (local.get $K)))
  (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pbs)))))
  (local.set $pa (i32.add (local.get $pa) (i32.const 4))) (local.set $pbs (i32.add (local.get $pbs) (i32.const 4)))
  (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
  (br $tail)))`);
      lines.push(`(if (local.get $bias) (then (local.set $sum (f32.add (local.get $sum) (f32.load (i32.add (local.get $bias) (i32.shl (i32.add (local.get $j) (i32.const ${s})) (i32.const 2))))))))`);
      lines.push(
        `(f32.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $ldc)) (i32.add (local.get $j) (i32.const ${s}))) (i32.const 2))) (local.get $sum))`,
      );
    }
  }
  return lines.join('\n');
}

function ntFunction(): string {
  const locals = ['(local $i i32) (local $j i32) (local $k i32) (local $kk i32) (local $pa i32) (local $pbs i32) (local $vb v128) (local $pair v128) (local $sum f32)'];
  for (let r = 0; r < 2; r++) locals.push(`(local $a${r} i32) (local $va${r} v128)`);
  for (let s = 0; s < 4; s++) locals.push(`(local $b${s} i32)`);
  for (let r = 0; r < 2; r++) for (let s = 0; s < 4; s++) locals.push(`(local $dot${r}_${s} v128)`);
  const rowsOf = (rows: number, cols: number) => `(block $rows_done_${rows}_${cols} (loop $rows_${rows}_${cols}
(br_if $rows_done_${rows}_${cols} (i32.gt_u (i32.add (local.get $i) (i32.const ${rows})) (local.get $i1)))
${ntTile(rows, cols)}
(local.set $i (i32.add (local.get $i) (i32.const ${rows})))
(br $rows_${rows}_${cols})))`;
  const columnsOf = (cols: number) => `(block $columns_done_${cols} (loop $columns_${cols}
(br_if $columns_done_${cols} (i32.gt_u (i32.add (local.get $j) (i32.const ${cols})) (local.get $j1)))
(local.set $i (local.get $i0))
${rowsOf(2, cols)}
${rowsOf(1, cols)}
(local.set $j (i32.add (local.get $j) (i32.const ${cols})))
(br $columns_${cols})))`;
  return `(func (export "nt") (param $a i32) (param $b i32) (param $c i32) (param $bias i32) (param $lda i32) (param $ldb i32) (param $ldc i32)
(param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32) (param $K i32)
${locals.join(' ')}
(local.set $j (local.get $j0))
${columnsOf(4)}
${columnsOf(1)})`;
}

/** The module's text; `shared`: it imports a shared memory (tfjs's threaded build), else the plain build's memory. */
export function gemmWat(shared: boolean): string {
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';
  return `(module
(import "env" "memory" ${memory})
${nnFunction()}
${ntFunction()}
${updateFunctions()})
`;
}
