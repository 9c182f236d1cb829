import { toSnakeCase } from './naming.ts';

/**
 * Hands out default layer names, numbered per class as Keras numbers them:
 * `dense_1`, `dense_2`, `dropout_1`. The .kf checker holds one per model;
 * the runtime's layers made without a name draw from `sessionLayerNames`.
 */
export class LayerNames {
  private readonly counts = new Map<string, number>();

  /** The next name for a layer of this class. */
  next(className: string): string {
    const base = toSnakeCase(className);
    const count = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, count);
    return `${base}_${count}`;
  }

  /** Numbering from 1 again, as in a new process (the tests that share one process start each file so: test/fresh-names.ts). */
  reset(): void {
    this.counts.clear();
  }
}

/**
 * Where the runtime's layers and models made without a name take theirs, for
 * the whole process, as in a Keras session: the third Dense made is `dense_3`.
 */
export const sessionLayerNames = new LayerNames();
