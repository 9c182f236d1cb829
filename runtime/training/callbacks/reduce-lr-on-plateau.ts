import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { Callback, type Logs, type TrainingParams } from './callback.ts';
import { monitorArgs } from './early-stopping.ts';
import { Monitor, type MonitorMode } from './monitor.ts';

export interface ReduceLROnPlateauOptions {
  /** The log value watched (default 'val_loss'). */
  monitor?: string;
  /** The new rate is the old one times this (default 0.1). */
  factor?: number;
  /** Epochs without improvement after which the rate drops (default 10). */
  patience?: number;
  /** 'min', 'max', or 'auto' (default): maximize names containing 'acc'. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a drop before counting again (default 0). */
  cooldown?: number;
  /** The rate never drops below this (default 0). */
  minLr?: number;
  /** 1: say when the rate drops (default 0). */
  verbose?: number;
}

/**
 * Multiplies the optimizer's learning rate by `factor` when the monitored
 * value has not improved for `patience` epochs (Keras's rule: then waits
 * `cooldown` epochs before counting again, and never goes below `minLr`).
 */
export class ReduceLROnPlateau extends Callback {
  static readonly spec: ClassSpec = {
    className: 'ReduceLROnPlateau',
    doc: 'Lowers the learning rate when a monitored value has stopped improving.',
    args: [
      ...monitorArgs('val_loss'),
      { name: 'factor', type: 'float', default: 0.1, above: 0, below: 1, doc: 'The new rate is the old one times this.' },
      { name: 'patience', type: 'int', default: 10, min: 0, doc: 'Epochs without improvement after which the rate drops.' },
      { name: 'minDelta', type: 'float', default: 1e-4, min: 0, doc: 'Smallest change that counts as an improvement.' },
      { name: 'cooldown', type: 'int', default: 0, min: 0, doc: 'Epochs to wait after a drop before counting again.' },
      { name: 'minLr', type: 'float', default: 0, min: 0, doc: 'The rate never drops below this.' },
    ],
  };

  readonly monitor: Monitor;
  readonly factor: number;
  readonly patience: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  /** Epochs since the last improvement (not counted during a cooldown). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownLeft = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const { values } = bindArgumentsOrThrow(ReduceLROnPlateau.spec, [], options as Record<string, unknown>);
    this.monitor = new Monitor('ReduceLROnPlateau', values.monitor as string, values.mode as MonitorMode, values.minDelta as number);
    this.factor = values.factor as number;
    this.patience = values.patience as number;
    this.cooldown = values.cooldown as number;
    this.minLr = values.minLr as number;
    this.verbose = values.verbose as number;
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    this.monitor.check(params);
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.cooldownLeft = 0;
    this.monitor.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const inCooldown = this.cooldownLeft > 0;
    if (inCooldown) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    if (this.monitor.improves(this.monitor.current(logs))) {
      this.wait = 0;
      return;
    }
    if (inCooldown) return;
    this.wait++;
    if (this.wait < this.patience) return;
    const optimizer = this.model.optimizer!;
    const old = optimizer.lr;
    if (old > this.minLr) {
      optimizer.lr = Math.max(old * this.factor, this.minLr);
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing the learning rate to ${optimizer.lr}`);
      this.cooldownLeft = this.cooldown;
      this.wait = 0;
    }
  }
}
