export { Callback, CallbackList, type CallbackHooks, type Logs, type TrainableModel, type TrainingParams } from './callback.ts';
export { History } from './history.ts';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.ts';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.ts';
export { LearningRateScheduler, type Schedule } from './learning-rate-scheduler.ts';
