import { describe, expect, it } from 'vitest';
import { Plateau } from '../../../runtime/training/callbacks/plateau.ts';

const plateau = (values: Record<string, unknown>) => new Plateau('Test', { monitor: 'val_loss', mode: 'auto', patience: 2, minDelta: 0.1, ...values });

describe('Plateau', () => {
  it('counts epochs without an improvement larger than minDelta, and says when they reach patience', () => {
    const watch = plateau({});
    // 1.0 sets the best; 0.95 improves by less than 0.1; 0.85 improves by 0.15; then two epochs without.
    expect([1.0, 0.95, 0.85, 0.8, 0.9].map((value) => watch.reached({ val_loss: value }))).toEqual([false, false, false, false, true]);
    expect(watch.wait).toBe(2);
  });

  it('maximizes in max mode and starts over after reset', () => {
    const watch = plateau({ mode: 'max', patience: 1, minDelta: 0 });
    expect([0.5, 0.6, 0.6].map((value) => watch.reached({ val_loss: value }))).toEqual([false, false, true]);
    watch.reset();
    expect(watch.wait).toBe(0);
    expect(watch.reached({ val_loss: 0.1 })).toBe(false);
  });

  it('while not counting, takes improvements but counts no epoch', () => {
    const watch = plateau({ patience: 1, minDelta: 0 });
    expect(watch.reached({ val_loss: 1 })).toBe(false);
    expect(watch.reached({ val_loss: 2 }, false)).toBe(false);
    expect(watch.wait).toBe(0);
    expect(watch.reached({ val_loss: 0.5 }, false)).toBe(false);
    expect(watch.reached({ val_loss: 0.7 })).toBe(true);
  });
});
