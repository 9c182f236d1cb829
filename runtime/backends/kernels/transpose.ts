/** Tile edge of the blocked transpose: two 16×16 float tiles stay in L1. */
const TILE = 16;

/**
 * out[k] = xᵀ for each of `count` matrices [rows, cols] stored one after
 * the other (out gets [cols, rows] each). Tiled, so that both the reads and
 * the writes stay within a few cache lines.
 */
export function transposeMatrices(
  x: Float32Array, xOffset: number, count: number, rows: number, cols: number, out: Float32Array, outOffset: number,
): void {
  const size = rows * cols;
  for (let m = 0; m < count; m++) {
    const source = xOffset + m * size;
    const target = outOffset + m * size;
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(rows, i0 + TILE);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(cols, j0 + TILE);
        for (let i = i0; i < i1; i++) {
          const s = source + i * cols;
          for (let j = j0; j < j1; j++) out[target + j * rows + i] = x[s + j];
        }
      }
    }
  }
}
