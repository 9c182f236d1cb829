import { Callback, type Logs } from './callback.ts';

/**
 * What `fit` returns: `epoch` (the epochs run, from 0) and `history`, each
 * log key's value per epoch (`history.loss`, `history.acc`, `history.val_loss`).
 */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
