import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { Callback, type Logs, type TrainingParams } from './callback.ts';
import { monitorArgs } from './monitor.ts';
import { Plateau, plateauArgs, type PlateauOptions } from './plateau.ts';

export interface ReduceLROnPlateauOptions extends PlateauOptions {
  /** The new rate is the old one times this (default 0.1). */
  factor?: number;
  /** Epochs without improvement after which the rate drops (default 10). */
  patience?: number;
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
      ...plateauArgs({ patience: 10, minDelta: 1e-4 }, 'the rate drops'),
      { name: 'cooldown', type: 'int', default: 0, min: 0, doc: 'Epochs to wait after a drop before counting again.' },
      { name: 'minLr', type: 'float', default: 0, min: 0, doc: 'The rate never drops below this.' },
    ],
  };

  readonly plateau: Plateau;
  readonly factor: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  /** Epochs of cooldown left. */
  cooldownLeft = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const { values } = bindArgumentsOrThrow(ReduceLROnPlateau.spec, [], options as Record<string, unknown>);
    this.plateau = new Plateau('ReduceLROnPlateau', values);
    this.factor = values.factor as number;
    this.cooldown = values.cooldown as number;
    this.minLr = values.minLr as number;
    this.verbose = values.verbose as number;
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    this.plateau.check(params);
  }

  override onTrainBegin(): void {
    this.plateau.reset();
    this.cooldownLeft = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const inCooldown = this.cooldownLeft > 0;
    if (inCooldown) {
      this.cooldownLeft--;
      this.plateau.wait = 0;
    }
    if (!this.plateau.reached(logs, !inCooldown)) return;
    const optimizer = this.model.optimizer!;
    const old = optimizer.lr;
    if (old > this.minLr) {
      optimizer.lr = Math.max(old * this.factor, this.minLr);
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing the learning rate to ${optimizer.lr}`);
      this.cooldownLeft = this.cooldown;
      this.plateau.wait = 0;
    }
  }
}
