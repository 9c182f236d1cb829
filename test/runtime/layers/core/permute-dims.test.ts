import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Input, KeraflowError, Model, PermuteDims, ShapeError } from '../../../../runtime/index.ts';
import { formatShape } from '../../../../runtime/engine/dimension.ts';
import { checkLayer, compareWithOracle, symbol } from '../harness.ts';
import { describeOnBackends } from '../on-backends.ts';

const [H, W] = [symbol('H'), symbol('W')];

describeOnBackends('PermuteDims', () => {
  it('matches tf.layers.permute (which counts from 1)', () => {
    const result = checkLayer({
      make: () => new PermuteDims([2, 0, 1]),
      input: [2, 3, 4],
      symbolic: { input: [H, W, 4], bindings: { H: 2, W: 3 } },
    });
    compareWithOracle(result, tfl.layers.permute({ dims: [3, 1, 2] }));
  });

  it('swaps the two axes of a sequence', () => {
    compareWithOracle(checkLayer({ make: () => new PermuteDims([1, 0]), input: [3, 5] }), tfl.layers.permute({ dims: [2, 1] }));
  });

  it('takes negative axes and the batch-counting form', () => {
    compareWithOracle(checkLayer({ make: () => new PermuteDims([-1, 0, -2]), input: [2, 3, 4] }), tfl.layers.permute({ dims: [3, 1, 2] }));
    compareWithOracle(checkLayer({ make: () => new PermuteDims([0, 3, 1, 2], { includeBatchDim: true }), input: [2, 3, 4] }), tfl.layers.permute({ dims: [3, 1, 2] }));
  });
});

describe('PermuteDims shape rule', () => {
  it('moves symbolic sizes', () => {
    const shape = new PermuteDims([1, 0]).apply(new Input([H, W], { symbolicGraph: true })).shape;
    expect(formatShape(shape)).toBe('[batch, W, H]');
  });

  it("refuses a list that is not a permutation of the input's axes", () => {
    const input = new Input([2, 3]);
    expect(() => new PermuteDims([0], { name: 'p' }).apply(input)).toThrow(ShapeError);
    expect(() => new PermuteDims([0], { name: 'p' }).apply(input)).toThrow('p (PermuteDims) takes axes [0], which must be a permutation of the 2 non-batch axes of its input, but got [batch, 2, 3]');
    expect(() => new PermuteDims([0, 2]).apply(input)).toThrow(/axes: axis 2 is out of range for the input \[batch, 2, 3\]/);
    expect(() => new PermuteDims([1, -1]).apply(input)).toThrow(/takes axes \[1, -1\], which name one axis twice/);
    expect(() => new PermuteDims([1, 0, 2], { includeBatchDim: true }).apply(input)).toThrow(/which move the batch axis; it must stay first/);
  });

  it('refuses a repeated axis when constructed', () => {
    expect(() => new PermuteDims([1, 1])).toThrow(KeraflowError);
    expect(() => new PermuteDims([1, 1])).toThrow(/argument 'axes' must be a permutation \(no axis twice\), but got \[1,1\]/);
  });
});

describe('PermuteDims and masks', () => {
  /** The mask that reaches the output, for an input of [batch, 3, 2, 2] whose second time step is all zeros (masked). */
  const outputMask = (layer: PermuteDims) => {
    const input = new Input([3, 2, 2], { maskValue: 0 });
    const model = new Model(input, layer.apply(input));
    return tf.tidy(() => {
      const x = tf.concat([tf.ones([1, 1, 2, 2]), tf.zeros([1, 1, 2, 2]), tf.ones([1, 1, 2, 2])], 1);
      return model.executeWithMasks([x], { training: false }).masks[0]?.arraySync();
    });
  };

  it('follows the time axis when it stays first, and stops when it moves', () => {
    expect(outputMask(new PermuteDims([0, 2, 1]))).toEqual([[1, 0, 1]]); // bool tensors read back as 0 and 1
    expect(outputMask(new PermuteDims([1, 0, 2]))).toBe(undefined);
  });
});
