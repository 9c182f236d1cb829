import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { ElementWiseMult, ElementWiseSum, Input, KeraflowError, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const [T, S] = [symbol('T'), symbol('S')];

describeOnBackends('ElementWiseMult and ElementWiseSum', () => {
  it('ElementWiseMult matches tf.layers.multiply', () => {
    const result = checkLayer({
      make: () => new ElementWiseMult(),
      input: [
        [3, 4],
        [3, 4],
      ],
      symbolic: {
        input: [
          [T, 4],
          [T, 4],
        ],
        bindings: { T: 3 },
      },
    });
    compareWithOracle(result, tfl.layers.multiply());
  });

  it('ElementWiseMult of three inputs', () => {
    compareWithOracle(checkLayer({ make: () => new ElementWiseMult(), input: [[5], [5], [5]] }), tfl.layers.multiply());
  });

  it('ElementWiseSum matches tf.layers.add', () => {
    const result = checkLayer({
      make: () => new ElementWiseSum(),
      input: [
        [3, 4],
        [3, 4],
        [3, 4],
      ],
      symbolic: {
        input: [
          [T, 4],
          [T, 4],
          [T, 4],
        ],
        bindings: { T: 3 },
      },
    });
    compareWithOracle(result, tfl.layers.add());
  });

  it('one input is the identity', () => {
    const result = checkLayer({ make: () => new ElementWiseMult(), input: [[4]] });
    expect(result.y.arraySync()).toEqual(result.x[0].arraySync());
  });
});

describe('element-wise shape rules', () => {
  it('keep the shape, symbolic sizes included', () => {
    const shape = new ElementWiseMult().apply([new Input([T, 4], { symbolicGraph: true }), new Input([T, 4], { symbolicGraph: true })]).shape;
    expect(formatShape(shape)).toBe('[batch, T, 4]');
  });

  it('refuse shapes that differ, and T against S', () => {
    for (const Merge of [ElementWiseMult, ElementWiseSum]) {
      expect(() => new Merge({ name: 'm' }).apply([new Input([3]), new Input([4])])).toThrow(ShapeError);
      expect(() => new Merge({ name: 'm' }).apply([new Input([3]), new Input([4])])).toThrow(
        /m \(ElementWise(Mult|Sum)\) takes tensors of one shape \(input 1 is \[batch, 4\], input 0 is \[batch, 3\]\), but got \[\[batch, 3\], \[batch, 4\]\]/,
      );
      expect(() => new Merge().apply([new Input([T], { symbolicGraph: true }), new Input([S], { symbolicGraph: true })])).toThrow(/input 1 is \[batch, S\], input 0 is \[batch, T\]/);
    }
  });

  it('take a list, not one Kensor', () => {
    expect(() => new ElementWiseMult().apply(new Input([3]))).toThrow(KeraflowError);
    expect(() => new ElementWiseMult().apply(new Input([3]))).toThrow(/takes a list of Kensors, but was given one/);
  });
});
