import { describe, expect, it } from 'vitest';
import {
  addDims,
  ceilDivideDims,
  dimEquals,
  dimsCompatible,
  dimsDiffer,
  evaluateDim,
  floorDivideDims,
  formatDim,
  formatShape,
  isConcrete,
  isSymbolic,
  moduloDims,
  multiplyDims,
  productOfDims,
  shapesCompatible,
  shapesDiffer,
  shapesEqual,
  subtractDims,
  symbol,
  symbolsOf,
  type Dim,
} from '../../../runtime/engine/dimension.ts';

const [T, H, W, S] = [symbol('T'), symbol('H'), symbol('W'), symbol('S')];
const text = (dim: Dim) => formatDim(dim);

describe('normal form', () => {
  it('T * 16 = 16 * T', () => {
    expect(dimEquals(multiplyDims(T, 16), multiplyDims(16, T))).toBe(true);
    expect(text(multiplyDims(T, 16))).toBe('16 * T');
    expect(text(multiplyDims(H, W))).toBe(text(multiplyDims(W, H)));
  });

  it('(H - 1) - 1 = H - 2, and sums cancel to numbers', () => {
    const twice = subtractDims(subtractDims(H, 1), 1);
    expect(dimEquals(twice, subtractDims(H, 2))).toBe(true);
    expect(text(twice)).toBe('H - 2');
    expect(subtractDims(addDims(H, 3), H)).toBe(3);
    expect(multiplyDims(subtractDims(T, T), 5)).toBe(0);
  });

  it('formats highest degree first, the constant last', () => {
    const size = addDims(subtractDims(multiplyDims(H, W), multiplyDims(2, H)), 1);
    expect(text(size)).toBe('H * W - 2 * H + 1');
    expect(text(subtractDims(0, T))).toBe('-T');
    expect(text(multiplyDims(addDims(T, 1), addDims(T, 1)))).toBe('T * T + 2 * T + 1');
  });

  it('is concrete arithmetic on numbers, unknown on null', () => {
    expect(addDims(2, 3)).toBe(5);
    expect(multiplyDims(4, 3)).toBe(12);
    expect(addDims(null, 3)).toBe(null);
    expect(multiplyDims(T, null)).toBe(null);
    expect(isConcrete(3) && !isConcrete(T) && !isConcrete(null)).toBe(true);
    expect(isSymbolic(T) && !isSymbolic(3)).toBe(true);
  });

  it('products of sizes', () => {
    expect(productOfDims([])).toBe(1);
    expect(productOfDims([2, 3, 4])).toBe(24);
    expect(text(productOfDims([T, 4, 4]))).toBe('16 * T');
    expect(productOfDims([T, null])).toBe(null);
  });
});

describe('division', () => {
  it('floor division formats as (H - 2) // 2', () => {
    expect(text(floorDivideDims(subtractDims(H, 2), 2))).toBe('(H - 2) // 2');
    expect(text(floorDivideDims(H, 2))).toBe('H // 2');
    expect(text(floorDivideDims(multiplyDims(3, T), 2))).toBe('(3 * T) // 2');
  });

  it('divides exactly when every coefficient is a multiple', () => {
    expect(text(floorDivideDims(addDims(multiplyDims(H, 2), 4), 2))).toBe('H + 2');
    expect(floorDivideDims(T, 1)).toBe(T);
  });

  it('divides by a one-term symbolic size that divides every term', () => {
    expect(floorDivideDims(multiplyDims(T, 16), T)).toBe(16);
    const size = addDims(multiplyDims(multiplyDims(T, H), 16), multiplyDims(T, 8));
    expect(text(floorDivideDims(size, multiplyDims(T, 4)))).toBe('4 * H + 2');
    expect(floorDivideDims(multiplyDims(T, 16), H)).toBe(null);
    expect(floorDivideDims(addDims(T, 1), T)).toBe(null);
    expect(floorDivideDims(T, T)).toBe(1);
  });

  it('floors as Python does on numbers; ceil and modulo', () => {
    expect(floorDivideDims(7, 2)).toBe(3);
    expect(floorDivideDims(-3, 2)).toBe(-2);
    expect(ceilDivideDims(7, 2)).toBe(4);
    expect(text(ceilDivideDims(H, 2))).toBe('(H + 1) // 2');
    expect(moduloDims(-3, 2)).toBe(1);
    expect(moduloDims(multiplyDims(T, 4), 2)).toBe(0);
    expect(text(moduloDims(T, 3))).toBe('T % 3');
    expect(moduloDims(multiplyDims(T, 6), T)).toBe(0);
  });

  it('an opaque division inside a product formats and evaluates', () => {
    const half = floorDivideDims(multiplyDims(3, T), 2);
    const product = multiplyDims(half, T);
    expect(text(product)).toBe('((3 * T) // 2) * T');
    expect(evaluateDim(product, { T: 5 })).toBe(35);
    expect(dimEquals(floorDivideDims(multiplyDims(T, 3), 2), half)).toBe(true);
  });
});

describe('evaluateDim', () => {
  it('binds symbols, including inside divisions', () => {
    expect(evaluateDim(subtractDims(multiplyDims(H, W), 1), { H: 4, W: 5 })).toBe(19);
    expect(evaluateDim(floorDivideDims(subtractDims(H, 2), 2), { H: 9 })).toBe(3);
    expect(evaluateDim(moduloDims(subtractDims(T, 5), 3), { T: 4 })).toBe(2);
    expect(evaluateDim(7, {})).toBe(7);
  });

  it('is undefined for an unbound symbol or an unknown size', () => {
    expect(evaluateDim(addDims(H, W), { H: 1 })).toBe(undefined);
    expect(evaluateDim(null, {})).toBe(undefined);
  });

  it('names the symbols a size depends on', () => {
    expect(symbolsOf(addDims(multiplyDims(W, H), floorDivideDims(T, 2)))).toEqual(['H', 'T', 'W']);
    expect(symbolsOf(3)).toEqual([]);
  });
});

describe('comparing sizes and shapes', () => {
  it('dimsCompatible: unknown fits anything; T and S may differ, so they do not', () => {
    expect(dimsCompatible(null, 3)).toBe(true);
    expect(dimsCompatible(T, null)).toBe(true);
    expect(dimsCompatible(3, 3)).toBe(true);
    expect(dimsCompatible(3, 4)).toBe(false);
    expect(dimsCompatible(T, T)).toBe(true);
    expect(dimsCompatible(T, S)).toBe(false);
    expect(dimsCompatible(multiplyDims(2, T), addDims(T, T))).toBe(true);
  });

  it('dimEquals needs proof; dimsDiffer needs proof of the contrary', () => {
    expect(dimEquals(null, null)).toBe(false);
    expect(dimsDiffer(T, addDims(T, 1))).toBe(true);
    expect(dimsDiffer(T, S)).toBe(false);
    expect(dimsDiffer(3, 4)).toBe(true);
  });

  it('shapes', () => {
    expect(shapesCompatible([null, T, 3], [null, T, 3])).toBe(true);
    expect(shapesCompatible([null, T, 3], [null, T])).toBe(false);
    expect(shapesCompatible([null, T], [null, S])).toBe(false);
    expect(shapesEqual([null, 2], [null, 2])).toBe(true);
    expect(shapesEqual([null, T], [null, S])).toBe(false);
    expect(shapesDiffer([null, T], [null, S])).toBe(false);
    expect(shapesDiffer([null, T], [null, addDims(T, 2)])).toBe(true);
  });

  it('formats a shape with the batch first', () => {
    expect(formatShape([null, floorDivideDims(subtractDims(H, 2), 2), 32])).toBe('[batch, (H - 2) // 2, 32]');
    expect(formatShape([null, null, 3])).toBe('[batch, ?, 3]');
    expect(formatShape([8, 3])).toBe('[8, 3]');
    expect(formatShape([2, 3], { batch: false })).toBe('[2, 3]');
  });
});
