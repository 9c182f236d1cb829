/** Tile edge of the blocked transpose (measured best of 8, 16, 32 on [43264, 32], [7744, 288], [512, 784]). */
const TILE = 32;

/**
 * out[k] = xᵀ for each of `count` matrices [rows, cols] stored one after
 * the other (out gets [cols, rows] each). Tiled, so that both the reads and
 * the writes stay within a few cache lines.
 */
export function transposeMatrices(x: Float32Array, xOffset: number, count: number, rows: number, cols: number, out: Float32Array, outOffset: number): void {
  const size = rows * cols;
  for (let m = 0; m < count; m++) {
    const source = xOffset + m * size;
    const target = outOffset + m * size;
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(rows, i0 + TILE);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(cols, j0 + TILE);
        // Writes run along output rows: reads stride, but within the tile's few cache lines.
        for (let j = j0; j < j1; j++) {
          const d = target + j * rows;
          for (let i = i0; i < i1; i++) out[d + i] = x[source + i * cols + j];
        }
      }
    }
  }
}
