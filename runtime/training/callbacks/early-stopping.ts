import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { Callback, type Logs, type TrainingParams } from './callback.ts';
import { Monitor, type MonitorMode } from './monitor.ts';

export interface EarlyStoppingOptions {
  /** The log value watched (default 'val_loss'). */
  monitor?: string;
  /** Epochs without improvement after which training stops (default 0: the first). */
  patience?: number;
  /** 'min', 'max', or 'auto' (default): maximize names containing 'acc'. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** 1: say when training stops (default 0). */
  verbose?: number;
}

export const monitorArgs = (defaultMonitor: string) => [
  { name: 'monitor', type: 'string', default: defaultMonitor, doc: `The log value watched (default '${defaultMonitor}').` },
  { name: 'mode', type: 'enum', values: ['auto', 'min', 'max'], default: 'auto', doc: "'min', 'max', or 'auto': maximize names containing 'acc'." },
  { name: 'verbose', type: 'int', default: 0, min: 0, max: 1, doc: '1: print what the callback does.' },
] as const;

/** Stops training when the monitored value has not improved for `patience` epochs (`model.stopTraining`). */
export class EarlyStopping extends Callback {
  static readonly spec: ClassSpec = {
    className: 'EarlyStopping',
    doc: 'Stops training when a monitored value has stopped improving.',
    args: [
      ...monitorArgs('val_loss'),
      { name: 'patience', type: 'int', default: 0, min: 0, doc: 'Epochs without improvement after which training stops.' },
      { name: 'minDelta', type: 'float', default: 0, min: 0, doc: 'Smallest change that counts as an improvement.' },
    ],
  };

  readonly monitor: Monitor;
  readonly patience: number;
  readonly verbose: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch after which training stopped, or undefined. */
  stoppedEpoch: number | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const { values } = bindArgumentsOrThrow(EarlyStopping.spec, [], options as Record<string, unknown>);
    this.monitor = new Monitor('EarlyStopping', values.monitor as string, values.mode as MonitorMode, values.minDelta as number);
    this.patience = values.patience as number;
    this.verbose = values.verbose as number;
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    this.monitor.check(params);
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = undefined;
    this.monitor.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.monitor.improves(this.monitor.current(logs))) {
      this.wait = 0;
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: early stopping (${this.monitor.key} has not improved for ${this.wait} epoch${this.wait === 1 ? '' : 's'})`);
    }
  }
}
