import { closestName } from '../../engine/naming.ts';
import { KeraflowError } from '../../errors.ts';
import type { Logs, TrainingParams } from './callback.ts';

export type MonitorMode = 'auto' | 'min' | 'max';

/** The arguments of every callback that watches a log value: monitor, mode, verbose. */
export const monitorArgs = (defaultMonitor: string) =>
  [
    { name: 'monitor', type: 'string', default: defaultMonitor, doc: `The log value watched (default '${defaultMonitor}').` },
    { name: 'mode', type: 'enum', values: ['auto', 'min', 'max'], default: 'auto', doc: "'min', 'max', or 'auto': maximize names containing 'acc'." },
    { name: 'verbose', type: 'int', default: 0, min: 0, max: 1, doc: '1: print what the callback does.' },
  ] as const;

/**
 * A watched log value (EarlyStopping, ReduceLROnPlateau, ModelCheckpoint): whether a new value
 * improves on the best so far. 'auto' maximizes names with 'acc' in them
 * and minimizes the rest (as Keraflow).
 */
export class Monitor {
  readonly maximize: boolean;
  best: number;

  constructor(
    readonly owner: string,
    readonly key: string,
    mode: MonitorMode,
    readonly minDelta = 0,
  ) {
    this.maximize = mode === 'max' || (mode === 'auto' && key.includes('acc'));
    this.best = this.maximize ? -Infinity : Infinity;
  }

  reset(): void {
    this.best = this.maximize ? -Infinity : Infinity;
  }

  /** Throws, before any training, when the logs will not have the key. */
  check(params: TrainingParams): void {
    if (params.metrics.includes(this.key)) return;
    const suggestion = closestName(this.key, params.metrics);
    const hint = this.key.startsWith('val_') && !params.validation ? ' (val_* values need validationData or validationSplit)' : '';
    throw new KeraflowError(
      `${this.owner} monitors '${this.key}', which this fit does not log${hint}; ` + (suggestion ? `did you mean '${suggestion}'? ` : '') + `logged: ${params.metrics.join(', ')}`,
      { layer: this.owner, argument: 'monitor', expected: params.metrics.join(', '), given: this.key },
    );
  }

  /** The watched value in these logs. */
  current(logs: Logs): number {
    return logs[this.key];
  }

  /** True (and `best` updated) when `value` beats the best by more than minDelta. */
  improves(value: number): boolean {
    const better = this.maximize ? value - this.minDelta > this.best : value + this.minDelta < this.best;
    if (better) this.best = value;
    return better;
  }
}
