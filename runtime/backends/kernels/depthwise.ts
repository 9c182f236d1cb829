/**
 * The two gradients of a depthwise 2-D convolution, channels last:
 * y[b, oh, ow, c·M + m] = Σ_{kh, kw} x[b, ih, iw, c] · W[kh, kw, c, m]
 * (M = channel multiplier). Direct loops: a depthwise convolution does
 * little work per value, so no matrix multiply would pay off.
 */
import type { Geometry } from './geometry.ts';

/** Calls visit(xOffset, yOffset, filterOffset) for each (sample, output position, filter tap) inside the input; offsets at channel 0. */
function forEachTap(g: Geometry, multiplier: number, visit: (xOffset: number, yOffset: number, filterOffset: number) => void): void {
  const C = g.inChannels;
  const outC = C * multiplier;
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        const yOffset = ((b * g.outHeight + oh) * g.outWidth + ow) * outC;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          if (ih < 0 || ih >= g.inHeight) continue;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (iw < 0 || iw >= g.inWidth) continue;
            visit(((b * g.inHeight + ih) * g.inWidth + iw) * C, yOffset, (kh * g.filterWidth + kw) * outC);
          }
        }
      }
    }
  }
}

/** dW [fH, fW, C, M] (overwritten). */
export function depthwiseFilterGradient(x: Float32Array, xOffset: number, dy: Float32Array, dyOffset: number, g: Geometry, multiplier: number, dw: Float32Array, dwOffset: number): void {
  const C = g.inChannels;
  dw.fill(0, dwOffset, dwOffset + g.filterHeight * g.filterWidth * C * multiplier);
  forEachTap(g, multiplier, (xo, yo, fo) => {
    for (let c = 0; c < C; c++) {
      const value = x[xOffset + xo + c];
      const w = dwOffset + fo + c * multiplier;
      const y = dyOffset + yo + c * multiplier;
      for (let m = 0; m < multiplier; m++) dw[w + m] += value * dy[y + m];
    }
  });
}

/** dx [batch, inH, inW, C] (overwritten). */
export function depthwiseInputGradient(dy: Float32Array, dyOffset: number, filter: Float32Array, filterOffset: number, g: Geometry, multiplier: number, dx: Float32Array, dxOffset: number): void {
  const C = g.inChannels;
  dx.fill(0, dxOffset, dxOffset + g.batch * g.inHeight * g.inWidth * C);
  forEachTap(g, multiplier, (xo, yo, fo) => {
    for (let c = 0; c < C; c++) {
      const w = filterOffset + fo + c * multiplier;
      const y = dyOffset + yo + c * multiplier;
      let sum = 0;
      for (let m = 0; m < multiplier; m++) sum += filter[w + m] * dy[y + m];
      dx[dxOffset + xo + c] += sum;
    }
  });
}
