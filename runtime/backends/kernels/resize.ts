/**
 * The gradient of nearest-neighbour resizing, [batch, height, width,
 * channels]: each output pixel's gradient goes back to the one input pixel
 * the forward pass copied, found by the forward pass's own rule (tfjs's
 * resizeNearestNeighbor: alignCorners rounds, otherwise floors;
 * halfPixelCenters samples at pixel centres).
 */

export interface ResizeOptions {
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;
}

/** The input index each output index along one axis copies. */
export function nearestSources(inSize: number, outSize: number, { alignCorners, halfPixelCenters }: ResizeOptions): Int32Array {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effectiveIn / effectiveOut;
  const sources = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const fraction = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
    let source = Math.min(inSize - 1, alignCorners ? Math.round(fraction) : Math.floor(fraction));
    if (halfPixelCenters) source = Math.max(0, source);
    sources[i] = source;
  }
  return sources;
}

/** dx [batch, inH, inW, C] (overwritten) from dy [batch, outH, outW, C]. */
export function resizeNearestNeighborGrad(
  dy: Float32Array,
  dyOffset: number,
  inShape: readonly number[],
  outHeight: number,
  outWidth: number,
  options: ResizeOptions,
  dx: Float32Array,
  dxOffset: number,
): void {
  const [batch, inHeight, inWidth, channels] = inShape;
  dx.fill(0, dxOffset, dxOffset + batch * inHeight * inWidth * channels);
  const rows = nearestSources(inHeight, outHeight, options);
  const cols = nearestSources(inWidth, outWidth, options);
  let o = dyOffset;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outHeight; r++) {
      const rowStart = (b * inHeight + rows[r]) * inWidth;
      for (let c = 0; c < outWidth; c++) {
        const d = dxOffset + (rowStart + cols[c]) * channels;
        for (let k = 0; k < channels; k++) dx[d + k] += dy[o++];
      }
    }
  }
}
