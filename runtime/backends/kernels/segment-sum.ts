/**
 * out[s] = Σ x[i] over the i with segmentIds[i] = s: rows of `inner` values,
 * ids outside [0, numSegments) dropped (as TensorFlow). The gradient of
 * gather (Embedding). `out` is overwritten.
 */
export function unsortedSegmentSum(
  x: Float32Array | Int32Array,
  xOffset: number,
  ids: Int32Array,
  idsOffset: number,
  count: number,
  inner: number,
  numSegments: number,
  out: Float32Array | Int32Array,
  outOffset: number,
): void {
  out.fill(0, outOffset, outOffset + numSegments * inner);
  for (let i = 0; i < count; i++) {
    const segment = ids[idsOffset + i];
    if (segment < 0 || segment >= numSegments) continue;
    const s = xOffset + i * inner;
    const d = outOffset + segment * inner;
    for (let j = 0; j < inner; j++) out[d + j] += x[s + j];
  }
}
