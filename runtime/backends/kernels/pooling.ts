/**
 * Max and average pooling over channels-last volumes (2-D as depth 1), on
 * plain Float32Arrays at an element offset: the same code runs on the cpu
 * backend's arrays and on the wasm heap. Windows are clipped to the input
 * (padding takes no part), as TensorFlow and the forward kernels do.
 */
import { windowTaps, type Geometry } from './geometry.ts';

/**
 * Calls `visit(outputOffset, inputOffsets)` for each output position with
 * the element offsets (channel 0) of every input position of its window.
 */
function forEachWindow(g: Geometry, visit: (outputOffset: number, inputOffsets: Int32Array, count: number) => void): void {
  const C = g.inChannels;
  const window = new Int32Array(g.filterDepth * g.filterHeight * g.filterWidth);
  const taps = windowTaps(g);
  let outputOffset = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let od = 0; od < g.outDepth; od++) {
      const d = taps.depth[od];
      for (let oh = 0; oh < g.outHeight; oh++) {
        const h = taps.height[oh];
        for (let ow = 0; ow < g.outWidth; ow++) {
          const w = taps.width[ow];
          let count = 0;
          for (let kd = d.first; kd < d.end; kd++) {
            const id = d.origin + kd * g.dilationDepth;
            for (let kh = h.first; kh < h.end; kh++) {
              const ih = h.origin + kh * g.dilationHeight;
              const rowOffset = ((b * g.inDepth + id) * g.inHeight + ih) * g.inWidth;
              for (let kw = w.first; kw < w.end; kw++) {
                window[count++] = (rowOffset + w.origin + kw * g.dilationWidth) * C;
              }
            }
          }
          visit(outputOffset, window, count);
          outputOffset += C;
        }
      }
    }
  }
}

/** y = max over each window (the first of equal values; NaN never wins, as on tfjs's cpu backend). */
export function maxPool(x: Float32Array, xOffset: number, g: Geometry, y: Float32Array, yOffset: number): void {
  const C = g.inChannels;
  forEachWindow(g, (outputOffset, window, count) => {
    const o = yOffset + outputOffset;
    for (let c = 0; c < C; c++) y[o + c] = -Infinity;
    for (let k = 0; k < count; k++) {
      const s = xOffset + window[k];
      for (let c = 0; c < C; c++) {
        const value = x[s + c];
        if (value > y[o + c]) y[o + c] = value;
      }
    }
  });
}

/** dx = dy routed to the first maximum of each window of x (dx is overwritten). Direct loops: the hot one of a CNN's step. */
export function maxPoolGrad(x: Float32Array, xOffset: number, dy: Float32Array, dyOffset: number, g: Geometry, dx: Float32Array, dxOffset: number): void {
  const C = g.inChannels;
  dx.fill(0, dxOffset, dxOffset + g.batch * g.inDepth * g.inHeight * g.inWidth * C);
  const best = new Float64Array(C);
  const where = new Int32Array(C);
  const taps = windowTaps(g);
  let o = dyOffset;
  for (let b = 0; b < g.batch; b++) {
    for (let od = 0; od < g.outDepth; od++) {
      const d = taps.depth[od];
      for (let oh = 0; oh < g.outHeight; oh++) {
        const h = taps.height[oh];
        for (let ow = 0; ow < g.outWidth; ow++) {
          const w = taps.width[ow];
          best.fill(-Infinity);
          where.fill(-1);
          for (let kd = d.first; kd < d.end; kd++) {
            const id = d.origin + kd * g.dilationDepth;
            for (let kh = h.first; kh < h.end; kh++) {
              const rowOffset = ((b * g.inDepth + id) * g.inHeight + h.origin + kh * g.dilationHeight) * g.inWidth;
              for (let kw = w.first; kw < w.end; kw++) {
                const s = (rowOffset + w.origin + kw * g.dilationWidth) * C;
                for (let c = 0; c < C; c++) {
                  const value = x[xOffset + s + c];
                  if (value > best[c]) {
                    best[c] = value;
                    where[c] = s + c;
                  }
                }
              }
            }
          }
          for (let c = 0; c < C; c++) if (where[c] >= 0) dx[dxOffset + where[c]] += dy[o + c];
          o += C;
        }
      }
    }
  }
}

/** dx = dy spread evenly over each window's input positions (dx is overwritten). */
export function avgPoolGrad(dy: Float32Array, dyOffset: number, g: Geometry, dx: Float32Array, dxOffset: number): void {
  const C = g.inChannels;
  dx.fill(0, dxOffset, dxOffset + g.batch * g.inDepth * g.inHeight * g.inWidth * C);
  forEachWindow(g, (outputOffset, window, count) => {
    const scale = 1 / count;
    const o = dyOffset + outputOffset;
    for (let k = 0; k < count; k++) {
      const s = dxOffset + window[k];
      for (let c = 0; c < C; c++) dx[s + c] += dy[o + c] * scale;
    }
  });
}
