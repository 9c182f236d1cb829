import { KeraflowError } from '../errors.ts';
import type { Layer, LayerSpec } from '../engine/layer.ts';
import { closestName } from '../engine/naming.ts';
import { setAliasCheckers, splitArguments } from '../engine/spec.ts';
import { Layer as LayerBase } from '../engine/layer.ts';
import * as activations from '../activations.ts';
import * as initializations from '../initializations.ts';

/** A layer class as the catalogue knows it: its spec, and a constructor taking positional arguments then options. */
export interface LayerClass {
  readonly spec: LayerSpec;
  new (...args: any[]): Layer<any>;
}

const classes = new Map<string, LayerClass>();

/**
 * Adds a layer class to the catalogue: the one list of layers that the .kf
 * checker, the editor and loading saved models read. Each layer file calls
 * this at its bottom; a user's custom layer calls it to be loadable.
 */
export function registerLayer<T extends LayerClass>(layerClass: T): T {
  const name = layerClass.spec.className;
  const existing = classes.get(name);
  if (existing && existing !== layerClass) {
    throw new KeraflowError(`a different layer class is already registered as '${name}'`, { argument: 'className', given: name });
  }
  classes.set(name, layerClass);
  return layerClass;
}

export function getLayerClass(className: string): LayerClass {
  const layerClass = classes.get(className);
  if (layerClass) return layerClass;
  const suggestion = closestName(className, classes.keys());
  throw new KeraflowError(
    `unknown layer class '${className}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (a custom layer must be registered with registerLayer)`,
    { argument: 'className', given: className, expected: 'a registered layer class' },
  );
}

export function hasLayerClass(className: string): boolean {
  return classes.has(className);
}

/** Every registered layer class, by class name. */
export function layerCatalogue(): ReadonlyMap<string, LayerClass> {
  return classes;
}

/** Builds a layer from bound arguments (camelCase): positional ones in spec order, the rest as options. */
export function createLayer(className: string, values: Readonly<Record<string, unknown>>, options: Record<string, unknown> = {}): Layer<any> {
  const layerClass = getLayerClass(className);
  const split = splitArguments(layerClass.spec, values);
  return new layerClass(...split.positional, { ...options, ...split.options });
}

setAliasCheckers({
  activation: (name) => activations.registry.has(name),
  initialization: (name) => initializations.registry.has(name),
  layer: (value) => value instanceof LayerBase,
  aliases: (type) => (type === 'activation' ? activations.registry : initializations.registry).names(),
});
