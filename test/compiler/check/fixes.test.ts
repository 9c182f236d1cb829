import { describe, expect, it } from 'vitest';
import { fittingReshapeTarget } from '../../../compiler/check/fixes.ts';
import { symbol } from '../../../runtime/engine/dimension.ts';

describe('fittingReshapeTarget', () => {
  it('a flat target becomes the whole count', () => {
    expect(fittingReshapeTarget([7], 24)).toEqual([24]);
  });

  it('a longer target keeps its sizes with the one size that can change to fit', () => {
    // 24 / 6 = 4 fits the first size; 24 / 5 is no integer.
    expect(fittingReshapeTarget([5, 6], 24)).toEqual([4, 6]);
    expect(fittingReshapeTarget([7, 2, 2], 24)).toEqual([6, 2, 2]);
  });

  it('nothing where no single target is certain', () => {
    expect(fittingReshapeTarget([5, 7], 24)).toBeUndefined(); // no size fits
    expect(fittingReshapeTarget([5, 5], 20)).toBeUndefined(); // [4, 5] and [5, 4] both fit
    expect(fittingReshapeTarget([-1, 5], 24)).toBeUndefined(); // a size to infer: which one to change is a choice
    expect(fittingReshapeTarget([symbol('T'), 5], 24)).toBeUndefined();
  });
});
