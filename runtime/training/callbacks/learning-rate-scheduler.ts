import { describeValue, KeraflowError } from '../../errors.ts';
import { Callback } from './callback.ts';

/** The learning rate for an epoch (counted from 0), given the current rate. */
export type Schedule = (epoch: number, lr: number) => number;

/** Sets the optimizer's learning rate at the start of each epoch to `schedule(epoch, lr)`. */
export class LearningRateScheduler extends Callback {
  constructor(readonly schedule: Schedule) {
    super();
    if (typeof schedule !== 'function') {
      throw new KeraflowError(`LearningRateScheduler takes a function (epoch, lr) => lr, but got ${describeValue(schedule)}`, {
        layer: 'LearningRateScheduler',
        argument: 'schedule',
        expected: 'a function',
        given: describeValue(schedule),
      });
    }
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.model.optimizer!;
    const lr = this.schedule(epoch, optimizer.lr);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new KeraflowError(`LearningRateScheduler: the schedule gave ${describeValue(lr)} for epoch ${epoch}, but a learning rate must be a finite number ≥ 0`, {
        layer: 'LearningRateScheduler',
        argument: 'schedule',
        expected: 'a finite number ≥ 0',
        given: describeValue(lr),
      });
    }
    optimizer.lr = lr;
  }
}
