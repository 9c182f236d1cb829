/**
 * Every name that stands for itself in `.kf` (`relu`, `glorot_uniform`,
 * `maxnorm`, `mse`, `sgd`, `same`, `int32`): the aliases of the runtime's
 * catalogues and the values of enum arguments, read from the runtime so
 * that nothing here is a second list.
 */
import * as activations from '../../runtime/activations.ts';
import * as constraints from '../../runtime/constraints.ts';
import * as initializations from '../../runtime/initializations.ts';
import * as initializers from '../../runtime/keras/initializers.ts';
import * as kerasConstraints from '../../runtime/keras/constraints.ts';
import * as kerasRegularizers from '../../runtime/keras/regularizers.ts';
import { DIALECTS, layerCatalogue } from '../../runtime/layers/index.ts';
import * as regularizers from '../../runtime/regularizers.ts';
import * as callbacks from '../../runtime/training/callbacks/index.ts';
import * as losses from '../../runtime/training/losses.ts';
import * as metrics from '../../runtime/training/metrics.ts';
import * as objectives from '../../runtime/training/objectives.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import * as schedules from '../../runtime/training/optimizers/schedules.ts';
import { Input } from '../../runtime/engine/input.ts';

export { activations, callbacks, constraints, initializations, initializers, kerasConstraints, kerasRegularizers, losses, metrics, objectives, optimizers, regularizers, schedules };

let cached: Set<string> | undefined;

export function knownAliases(): ReadonlySet<string> {
  if (cached) return cached;
  const names = new Set<string>();
  for (const registry of [activations.registry, initializations.registry, regularizers.registry, constraints.registry, objectives.registry, metrics.registry, optimizers.registry]) {
    for (const name of registry.names()) names.add(name);
  }
  for (const spec of [...DIALECTS.flatMap((dialect) => [...layerCatalogue(dialect).values()].map((c) => c.spec)), Input.spec]) {
    for (const arg of spec.args) for (const value of arg.values ?? []) names.add(value);
  }
  cached = names;
  return names;
}
