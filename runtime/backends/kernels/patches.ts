/**
 * The patch matrix of a convolution ("im2col") and its transpose action
 * ("col2im"), so that a convolution and both its gradients become one
 * matrix multiply each:
 *
 *   y  [rows, outC] = patches(x) [rows, K] · W [K, outC]
 *   dW [K, outC]    = patches(x)ᵀ · dy
 *   dx              = col2im(dy · Wᵀ)
 *
 * rows = samples × output positions, K = filter volume × inChannels (the
 * filter's own memory order [fD, fH, fW, inC]). Arrays are Float32Arrays at
 * element offsets, so source and destination may both be the wasm heap.
 */
import { patchSize, windowTaps, type Geometry } from './geometry.ts';

/** Runs shorter than this are copied element by element (a call costs more). */
const SHORT_RUN = 32;

/**
 * Visits, for each output position of samples [batchStart, batchEnd), every
 * run of input values that lands contiguously in its patch row:
 * `run(inputOffset, columnOffset, length)`, after `row(rowOffset, full)`
 * announced the row (full: no tap falls in the padding).
 */
function forEachRun(g: Geometry, batchStart: number, batchEnd: number, row: (rowIndex: number, full: boolean) => void, run: (inputOffset: number, column: number, length: number) => void): void {
  const C = g.inChannels;
  // With no dilation along the width, the taps of one filter row are one run of memory.
  const widthRuns = g.dilationWidth === 1;
  const taps = windowTaps(g);
  let rowIndex = 0;
  for (let b = batchStart; b < batchEnd; b++) {
    for (let od = 0; od < g.outDepth; od++) {
      const d = taps.depth[od];
      for (let oh = 0; oh < g.outHeight; oh++) {
        const h = taps.height[oh];
        for (let ow = 0; ow < g.outWidth; ow++) {
          const w = taps.width[ow];
          const full = d.first === 0 && d.end === g.filterDepth && h.first === 0 && h.end === g.filterHeight && w.first === 0 && w.end === g.filterWidth;
          row(rowIndex, full);
          for (let kd = d.first; kd < d.end; kd++) {
            const id = d.origin + kd * g.dilationDepth;
            for (let kh = h.first; kh < h.end; kh++) {
              const ih = h.origin + kh * g.dilationHeight;
              const inputRow = ((b * g.inDepth + id) * g.inHeight + ih) * g.inWidth;
              const columnRow = (kd * g.filterHeight + kh) * g.filterWidth;
              if (widthRuns) {
                run((inputRow + w.origin + w.first) * C, (columnRow + w.first) * C, (w.end - w.first) * C);
              } else {
                for (let kw = w.first; kw < w.end; kw++) run((inputRow + w.origin + kw * g.dilationWidth) * C, (columnRow + kw) * C, C);
              }
            }
          }
          rowIndex++;
        }
      }
    }
  }
}

/** Writes the patch rows of samples [batchStart, batchEnd) into `out` ([rows, K] from outOffset). */
export function im2col(x: Float32Array, xOffset: number, g: Geometry, batchStart: number, batchEnd: number, out: Float32Array, outOffset: number): void {
  const K = patchSize(g);
  const sameArray = x === out;
  let rowStart = 0;
  forEachRun(
    g,
    batchStart,
    batchEnd,
    (rowIndex, full) => {
      rowStart = outOffset + rowIndex * K;
      if (!full) out.fill(0, rowStart, rowStart + K);
    },
    (inputOffset, column, length) => {
      const s = xOffset + inputOffset;
      const d = rowStart + column;
      if (sameArray && length >= SHORT_RUN) out.copyWithin(d, s, s + length);
      else for (let i = 0; i < length; i++) out[d + i] = x[s + i];
    },
  );
}

/**
 * Adds the patch rows `columns` ([rows, K] from columnsOffset) of samples
 * [batchStart, batchEnd) back onto the input positions they were taken
 * from; dx must hold zeros (or what to add to) beforehand.
 */
export function col2im(columns: Float32Array, columnsOffset: number, g: Geometry, batchStart: number, batchEnd: number, dx: Float32Array, dxOffset: number): void {
  const K = patchSize(g);
  let rowStart = 0;
  forEachRun(
    g,
    batchStart,
    batchEnd,
    (rowIndex) => (rowStart = columnsOffset + rowIndex * K),
    (inputOffset, column, length) => {
      const d = dxOffset + inputOffset;
      const s = rowStart + column;
      for (let i = 0; i < length; i++) dx[d + i] += columns[s + i];
    },
  );
}
