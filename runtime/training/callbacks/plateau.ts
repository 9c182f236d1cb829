import type { ArgSpec } from '../../engine/spec.ts';
import type { Logs, TrainingParams } from './callback.ts';
import { Monitor, type MonitorMode } from './monitor.ts';

/** The options of a callback that acts when a monitored value stops improving (EarlyStopping, ReduceLROnPlateau). */
export interface PlateauOptions {
  /** The log value watched (default 'val_loss'). */
  monitor?: string;
  /** 'min', 'max', or 'auto' (default): maximize names containing 'acc'. */
  mode?: MonitorMode;
  /** Epochs without improvement after which the callback acts. */
  patience?: number;
  /** Smallest change that counts as an improvement. */
  minDelta?: number;
  /** 1: say what the callback does (default 0). */
  verbose?: number;
}

/** The `patience` and `minDelta` arguments, with a callback's own defaults and what it does when patience runs out. */
export function plateauArgs(defaults: { patience: number; minDelta: number }, action: string): readonly ArgSpec[] {
  return [
    { name: 'patience', type: 'int', default: defaults.patience, min: 0, doc: `Epochs without improvement after which ${action}.` },
    { name: 'minDelta', type: 'float', default: defaults.minDelta, min: 0, doc: 'Smallest change that counts as an improvement.' },
  ];
}

/**
 * Counts the epochs since the monitored value last improved (by more than
 * minDelta) and says when they reach `patience`.
 */
export class Plateau {
  readonly monitor: Monitor;
  readonly patience: number;
  /** Epochs since the last improvement. */
  wait = 0;

  /** `values`: a callback's bound arguments (monitorArgs and plateauArgs). */
  constructor(owner: string, values: Readonly<Record<string, unknown>>) {
    this.monitor = new Monitor(owner, values.monitor as string, values.mode as MonitorMode, values.minDelta as number);
    this.patience = values.patience as number;
  }

  /** Throws, before any training, when the logs will not have the monitored value. */
  check(params: TrainingParams): void {
    this.monitor.check(params);
  }

  reset(): void {
    this.wait = 0;
    this.monitor.reset();
  }

  /**
   * After an epoch: true when the value has not improved for `patience`
   * epochs. With `counting` false (ReduceLROnPlateau's cooldown) an
   * improvement still sets the best value, but no epoch is counted.
   */
  reached(logs: Logs, counting = true): boolean {
    if (this.monitor.improves(this.monitor.current(logs))) {
      this.wait = 0;
      return false;
    }
    if (!counting) return false;
    this.wait++;
    return this.wait >= this.patience;
  }
}
