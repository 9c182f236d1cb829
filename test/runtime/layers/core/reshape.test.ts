import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Input, KeraflowError, Reshape, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const T = symbol('T');
const reshaped = (target: (number | ReturnType<typeof symbol>)[], input: (number | ReturnType<typeof symbol> | null)[]) =>
  formatShape(new Reshape(target).apply(new Input(input, { symbolicGraph: true })).shape);

describeOnBackends('Reshape', () => {
  it('matches tf.layers.reshape', () => {
    const result = checkLayer({ make: () => new Reshape([4, 6]), input: [2, 3, 4] });
    compareWithOracle(result, tfl.layers.reshape({ targetShape: [4, 6] }));
  });

  it('infers a -1 as tf.layers.reshape does, symbolically too', () => {
    const result = checkLayer({
      make: () => new Reshape([-1, 8]),
      input: [3, 16],
      symbolic: { input: [T, 16], bindings: { T: 3 } },
    });
    compareWithOracle(result, tfl.layers.reshape({ targetShape: [-1, 8] }));
  });

  it('to a vector and to a higher rank', () => {
    compareWithOracle(checkLayer({ make: () => new Reshape([12]), input: [3, 4] }), tfl.layers.reshape({ targetShape: [12] }));
    compareWithOracle(checkLayer({ make: () => new Reshape([2, -1, 2]), input: [12] }), tfl.layers.reshape({ targetShape: [2, -1, 2] }));
  });
});

describe('Reshape shape rule', () => {
  it('works out -1 from symbolic sizes', () => {
    expect(reshaped([-1, 8], [T, 16])).toBe('[batch, 2 * T, 8]');
    expect(reshaped([T, -1], [T, 16])).toBe('[batch, T, 16]');
    expect(reshaped([-1], [T, symbol('S')])).toBe('[batch, S * T]');
    // Not provably a multiple: a floor division, checked at run time.
    expect(reshaped([-1, 3], [T, 2])).toBe('[batch, (2 * T) // 3, 3]');
    expect(reshaped([-1, 2], [null, 4])).toBe('[batch, ?, 2]');
  });

  it("accepts symbolic targets whose size is provably the input's", () => {
    expect(reshaped([16, T], [T, 16])).toBe('[batch, 16, T]');
    expect(reshaped([4, 4], [null])).toBe('[batch, 4, 4]');
  });

  it('refuses sizes that differ, naming the layer and both shapes', () => {
    const input = new Input([2, 3]);
    expect(() => new Reshape([5], { name: 'r' }).apply(input)).toThrow(ShapeError);
    expect(() => new Reshape([5], { name: 'r' }).apply(input)).toThrow('r (Reshape) needs inputs of 5 values per sample for target shape [5], found 6, but got [batch, 2, 3]');
    expect(() => new Reshape([-1, 4], { name: 'r2' }).apply(input)).toThrow(
      "r2 (Reshape) cannot infer the -1 of [-1, 4]: the input's values per sample must be a multiple of 4, found 6, but got [batch, 2, 3]",
    );
  });

  it('refuses symbolic sizes that may differ', () => {
    expect(() => reshaped([16], [T])).toThrow(/needs inputs of 16 values per sample for target shape \[16\], found T/);
    expect(() => reshaped([16, T], [T, 8])).toThrow(/needs inputs of 16 \* T values per sample .* found 8 \* T/);
    expect(() => reshaped([-1, 2], [3])).toThrow(/must be a multiple of 2, found 3/);
  });

  it('refuses a target shape with two -1s, a zero or none', () => {
    for (const target of [[-1, -1], [0, 4], [2, null], [-2]] as never[]) {
      expect(() => new Reshape(target)).toThrow(KeraflowError);
      expect(() => new Reshape(target)).toThrow(/argument 'targetShape' must be a list of sizes ≥ 1 with at most one -1/);
    }
  });
});
