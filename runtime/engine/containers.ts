import type { Layer } from './layer.ts';

/**
 * Which containers (Sequentials) hold each layer. An Input-headed
 * Sequential applies its layers at once, so a model built from it sees
 * those layers, not the Sequential: this is how the model still knows that
 * a layer sits in a Sequential made with `trainable: false` (or set so
 * later), whose layers, as in Keras, are then all frozen.
 */
const holders = new WeakMap<Layer<any>, Set<Layer<any>>>();

export function recordContainer(container: Layer<any>, layer: Layer<any>): void {
  let set = holders.get(layer);
  if (!set) holders.set(layer, (set = new Set()));
  set.add(container);
}

/** True when a container holding the layer (directly or through nested containers) is not trainable. */
export function frozenByContainer(layer: Layer<any>, seen = new Set<Layer<any>>()): boolean {
  for (const container of holders.get(layer) ?? []) {
    if (seen.has(container)) continue;
    seen.add(container);
    if (!container.trainable || frozenByContainer(container, seen)) return true;
  }
  return false;
}
