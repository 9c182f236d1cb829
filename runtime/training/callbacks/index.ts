export { Callback, CallbackList, type CallbackHooks, type Logs, type TrainableModel, type TrainingParams } from './callback.ts';
export { History } from './history.ts';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.ts';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.ts';
export { LearningRateScheduler, type Schedule } from './learning-rate-scheduler.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.ts';

import { AliasRegistry } from '../../engine/registry.ts';
import type { ClassSpec } from '../../engine/spec.ts';
import type { Callback as CallbackBase } from './callback.ts';
import { EarlyStopping as EarlyStoppingClass } from './early-stopping.ts';
import { ModelCheckpoint as ModelCheckpointClass } from './model-checkpoint.ts';
import { ReduceLROnPlateau as ReduceLROnPlateauClass } from './reduce-lr-on-plateau.ts';

export interface CallbackClass {
  readonly spec: ClassSpec;
  new (...args: never[]): CallbackBase;
}

/** The callbacks made from arguments alone (a `.kf` file's `train { callbacks = [...] }`); LearningRateScheduler takes a function. */
export const registry = new AliasRegistry<CallbackClass>('callback');
for (const cls of [EarlyStoppingClass, ModelCheckpointClass, ReduceLROnPlateauClass]) registry.register([cls.spec.className], cls as CallbackClass, cls.spec.doc);
