/**
 * Keraflow: a Keras-style model library on TensorFlow.js.
 *
 *   import { Input, Dense, Model } from 'keraflow';
 *   const x = new Input([100]);
 *   const y = new Dense(10, { activation: 'softmax' }).apply(x);
 *   const model = new Model(x, y);
 *
 * Importing this module starts the best backend present (see backends/).
 *
 * This is the browser entry: it imports nothing of Node's (a test walks its
 * imports). runtime/node.ts adds files, the native backend and the data sets.
 */
export { KeraflowError, ShapeError } from './errors.ts';
export { at, sourceLocations, type SourceLocation } from './source-location.ts';
export { Kensor, type DType, type KensorLike } from './engine/kensor.ts';
export { Layer, MultiInputLayer, type CallContext, type LayerOptions, type LayerSpec } from './engine/layer.ts';
export { Model, type ModelOptions } from './engine/model.ts';
export type { KerasContext, KerasMapping, KerasObject, KerasTarget } from './engine/keras.ts';
export { kerasArchive } from './saving/keras-archive.ts';
export type { LoadOptions, SaveOptions } from './saving/model-file.ts';
export type { SavedModel } from './saving/model-bytes.ts';
export type { TfjsArtifacts } from './saving/tfjs-export.ts';
export { symbol, formatShape, type Dim, type Shape } from './engine/dimension.ts';
export * from './layers/index.ts';
export * as activations from './activations.ts';
export * as initializations from './initializations.ts';
export * as regularizers from './regularizers.ts';
export * as constraints from './constraints.ts';
export * as objectives from './training/objectives.ts';
export * as metrics from './training/metrics.ts';
export * as losses from './training/losses.ts';
export * as schedules from './training/optimizers/schedules.ts';
export * as optimizers from './training/optimizers/index.ts';
export * as callbacks from './training/callbacks/index.ts';
export { SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Optimizer } from './training/optimizers/index.ts';
export { Callback, History, EarlyStopping, ModelCheckpoint, LearningRateScheduler, ReduceLROnPlateau, type Logs } from './training/callbacks/index.ts';
export type { CompileConfig, FitOptions, EvaluateOptions } from './training/index.ts';
export type { TrainDefaults } from './training/train-defaults.ts';
export { checkDataFitsModel } from './datasets/check-fit.ts';
export type { Dataset, Samples } from './datasets/dataset.ts';
import './training/index.ts';
export { setBackend, getBackend, describeBackend, setWasmPath, type BackendName } from './backends/backend.ts';
export { setThreads } from './backends/wasm-threads.ts';
export { describeReplicas } from './training/parallel/replicas.ts';

import { initBackend } from './backends/backend.ts';
await initBackend();
