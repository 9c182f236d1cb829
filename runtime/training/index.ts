/**
 * Training: compile, fit, evaluate, with the objectives, metrics, optimizers
 * and callbacks they use. Loading this module registers the entry points
 * that Model and Sequential call (the engine does not import training).
 */
import { registerTraining } from '../engine/model.ts';
import type { TrainableModel } from './callbacks/callback.ts';
import { compileModel, optimizerOf, setupOf } from './compile.ts';
import { evaluateModel } from './evaluate.ts';
import { fitModel } from './fit.ts';

registerTraining({
  compile: compileModel,
  fit: (model, x, y, options, facade) => fitModel(model, x, y, options, facade as unknown as TrainableModel),
  evaluate: evaluateModel,
  optimizer: optimizerOf,
  metricsNames: (model) => [...setupOf(model, 'metricsNames').names],
});

export type { CompileConfig, LossLike, MetricLike } from './compile.ts';
export type { FitOptions } from './fit.ts';
export type { EvaluateOptions } from './evaluate.ts';
