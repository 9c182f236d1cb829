/** ReduceLROnPlateau: Keras's rule on a given sequence of monitored values (patience, factor, cooldown, min_lr). */
import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau, SGD, type Logs } from '../../../runtime/node.ts';
import type { TrainableModel } from '../../../runtime/training/callbacks/index.ts';

/** The learning rate after each epoch whose monitored `loss` is `values[epoch]`. */
function ratesFor(callback: ReduceLROnPlateau, values: readonly number[], lr = 1): number[] {
  const optimizer = new SGD({ lr });
  callback.setModel({ optimizer, stopTraining: false } as unknown as TrainableModel);
  callback.setParams({ epochs: values.length, samples: 1, batchSize: 1, steps: 1, verbose: 0, validation: false, metrics: ['loss'] } as never);
  callback.onTrainBegin();
  return values.map((loss, epoch) => {
    callback.onEpochEnd(epoch, { loss } as Logs);
    return optimizer.lr;
  });
}

describe('ReduceLROnPlateau', () => {
  it('multiplies the rate by factor after patience epochs without improvement, then counts again', () => {
    // Improves at 0 and 1; 2 and 3 do not (patience 2): drop at 3. 4, 5 do not: drop at 5.
    expect(ratesFor(new ReduceLROnPlateau({ monitor: 'loss', patience: 2, factor: 0.5 }), [5, 4, 4, 4.5, 4.2, 4.1, 3])).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('waits cooldown epochs after a drop, and never goes below min_lr', () => {
    // patience 1: drop at 1; cooldown 2 (epochs 2 and 3 not counted); drop at 4, clipped to 0.3; then no lower.
    const rates = ratesFor(new ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, cooldown: 2, minLr: 0.3 }), [1, 2, 2, 2, 2, 2, 2]);
    expect(rates).toEqual([1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3]);
  });

  it('counts only changes beyond min_delta as improvements, and checks its options', () => {
    // 2.8 and 2.7 are not 0.5 below the best (3): a drop after each.
    const rates = ratesFor(new ReduceLROnPlateau({ monitor: 'loss', patience: 1, minDelta: 0.5 }), [3, 2.8, 2.7, 2.4]);
    [1, 0.1, 0.01, 0.01].forEach((rate, epoch) => expect(rates[epoch]).toBeCloseTo(rate, 12));
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor/);
    expect(() => ratesFor(new ReduceLROnPlateau({ monitor: 'val_loss' }), [1])).toThrow(/monitors 'val_loss', which this fit does not log/);
  });
});
