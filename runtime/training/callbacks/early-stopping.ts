import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { Callback, type Logs, type TrainingParams } from './callback.ts';
import { monitorArgs } from './monitor.ts';
import { Plateau, plateauArgs, type PlateauOptions } from './plateau.ts';

export interface EarlyStoppingOptions extends PlateauOptions {
  /** Epochs without improvement after which training stops (default 0: the first). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** 1: say when training stops (default 0). */
  verbose?: number;
}

/** Stops training when the monitored value has not improved for `patience` epochs (`model.stopTraining`). */
export class EarlyStopping extends Callback {
  static readonly spec: ClassSpec = {
    className: 'EarlyStopping',
    doc: 'Stops training when a monitored value has stopped improving.',
    args: [...monitorArgs('val_loss'), ...plateauArgs({ patience: 0, minDelta: 0 }, 'training stops')],
  };

  readonly plateau: Plateau;
  readonly verbose: number;
  /** The epoch after which training stopped, or undefined. */
  stoppedEpoch: number | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const { values } = bindArgumentsOrThrow(EarlyStopping.spec, [], options as Record<string, unknown>);
    this.plateau = new Plateau('EarlyStopping', values);
    this.verbose = values.verbose as number;
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    this.plateau.check(params);
  }

  override onTrainBegin(): void {
    this.plateau.reset();
    this.stoppedEpoch = undefined;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.plateau.reached(logs)) return;
    this.stoppedEpoch = epoch;
    this.model.stopTraining = true;
    const { monitor, wait } = this.plateau;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: early stopping (${monitor.key} has not improved for ${wait} epoch${wait === 1 ? '' : 's'})`);
  }
}
