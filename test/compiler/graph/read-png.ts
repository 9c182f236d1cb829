/**
 * A PNG decoded for the picture tests: signature, size, and the pixels (8-bit
 * RGBA, not interlaced: what resvg writes), so a test can see that something
 * was drawn and in which colours.
 */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, row by row. */
  pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readPng(bytes: Uint8Array): DecodedPng {
  if (!SIGNATURE.every((byte, index) => bytes[index] === byte)) throw new Error(`expected the PNG signature, found ${[...bytes.slice(0, 8)].join(' ')}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  const data: Uint8Array[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.slice(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const [bitDepth, colorType, , , interlace] = body.subarray(8, 13);
      if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw new Error(`expected 8-bit RGBA without interlacing, found depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  return { width, height, pixels: unfilter(inflateSync(Buffer.concat(data)), width, height) };
}

/** Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth) for 4 bytes per pixel. */
function unfilter(filtered: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = filtered[row * (stride + 1)];
    const source = filtered.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const at = row * stride;
    for (let index = 0; index < stride; index++) {
      const left = index >= 4 ? pixels[at + index - 4] : 0;
      const up = row > 0 ? pixels[at + index - stride] : 0;
      const upLeft = row > 0 && index >= 4 ? pixels[at + index - stride - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`expected a PNG row filter 0-4, found ${filter}`);
      pixels[at + index] = (source[index] + predictor) & 0xff;
    }
  }
  return pixels;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
}

/** How many pixels are close to a colour (each channel within `tolerance`, fully opaque). */
export function countPixels(png: DecodedPng, [red, green, blue]: [number, number, number], tolerance = 24): number {
  let count = 0;
  for (let index = 0; index < png.pixels.length; index += 4) {
    const p = png.pixels;
    if (p[index + 3] === 255 && Math.abs(p[index] - red) <= tolerance && Math.abs(p[index + 1] - green) <= tolerance && Math.abs(p[index + 2] - blue) <= tolerance) count++;
  }
  return count;
}
