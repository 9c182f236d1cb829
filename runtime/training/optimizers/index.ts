import { describeValue, KeraflowError } from '../../errors.ts';
import { AliasRegistry } from '../../engine/registry.ts';
import { Adadelta } from './adadelta.ts';
import { Adagrad } from './adagrad.ts';
import { Adam } from './adam.ts';
import { Adamax } from './adamax.ts';
import { Optimizer, type OptimizerClass } from './optimizer.ts';
import { RMSprop } from './rmsprop.ts';
import { SGD } from './sgd.ts';

export { Optimizer, type OptimizerClass, type OptimizerOptions, type OptimizerSnapshot } from './optimizer.ts';
export { LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, CosineDecay } from './schedules.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { RMSprop, type RMSpropOptions } from './rmsprop.ts';
export { Adagrad, type AdagradOptions } from './adagrad.ts';
export { Adadelta, type AdadeltaOptions } from './adadelta.ts';
export { Adam, type AdamOptions } from './adam.ts';
export { Adamax, type AdamaxOptions } from './adamax.ts';

/** Class names and aliases -> optimizer classes (an alias makes an instance with the defaults). */
export const registry = new AliasRegistry<OptimizerClass>('optimizer');
for (const [names, cls] of [
  [['SGD', 'sgd'], SGD],
  [['RMSprop', 'rmsprop'], RMSprop],
  [['Adagrad', 'adagrad'], Adagrad],
  [['Adadelta', 'adadelta'], Adadelta],
  [['Adam', 'adam'], Adam],
  [['Adamax', 'adamax'], Adamax],
] as [string[], OptimizerClass][]) {
  registry.register(names, cls, cls.spec.doc);
}

export type OptimizerLike = string | Optimizer;

/** An alias (a new instance with the defaults) or an instance (itself). */
export function get(optimizer: OptimizerLike, context: { layer?: string; argument?: string } = {}): Optimizer {
  if (optimizer instanceof Optimizer) return optimizer;
  if (typeof optimizer === 'string') return new (registry.get(optimizer, context))();
  throw new KeraflowError(`${context.layer ? `${context.layer}: ` : ''}optimizer must be an alias (${registry.names().join(', ')}) or an optimizer instance, but got ${describeValue(optimizer)}`, {
    ...context,
    expected: 'an optimizer alias or instance',
    given: describeValue(optimizer),
  });
}
