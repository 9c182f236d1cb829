import { KeraflowError } from '../errors.ts';
import type { Layer, LayerSpec } from '../engine/layer.ts';
import { closestName } from '../engine/naming.ts';
import { splitArguments } from '../engine/spec.ts';

/** A layer class as the catalogue knows it: its spec, and a constructor taking positional arguments then options. */
export interface LayerClass {
  readonly spec: LayerSpec;
  new (...args: any[]): Layer<any>;
}

/**
 * The two catalogues: Keraflow's own layers, and the Keras 3 dialect's (a
 * `.kf` file that starts with `use keras`, the `keraflow/keras` entry),
 * where the same name may mean another layer (Keras's Dense takes `units`).
 */
export type Dialect = 'keraflow' | 'keras';
export const DIALECTS: readonly Dialect[] = ['keraflow', 'keras'];

const catalogues: Record<Dialect, Map<string, LayerClass>> = { keraflow: new Map(), keras: new Map() };

/** The dialect a spec belongs to (Keraflow's unless it says otherwise). */
export function dialectOf(spec: LayerSpec): Dialect {
  return spec.dialect ?? 'keraflow';
}

/** The class name as saved files write it: Keras dialect layers carry a `keras.` prefix (`keras.Dense`), since their names are Keraflow's too. */
export function savedClassName(spec: LayerSpec): string {
  return dialectOf(spec) === 'keraflow' ? spec.className : `${dialectOf(spec)}.${spec.className}`;
}

/** A saved class name split into its dialect and name (`keras.Dense` -> keras, Dense). */
function splitSavedName(className: string, dialect: Dialect): { dialect: Dialect; name: string } {
  const dot = className.indexOf('.');
  const prefix = className.slice(0, dot);
  return dot > 0 && (DIALECTS as readonly string[]).includes(prefix) ? { dialect: prefix as Dialect, name: className.slice(dot + 1) } : { dialect, name: className };
}

export interface RegisterOptions {
  /** The catalogues it goes in (default: its spec's dialect); Input and Sequential are in both. */
  readonly dialects?: readonly Dialect[];
  /** Other names for the same class (Keras's MaxPool2D for MaxPooling2D); files save it under its class name. */
  readonly aliases?: readonly string[];
}

/**
 * Adds a layer class to its dialect's catalogue (`spec.dialect`): the one list
 * of layers that the .kf checker, the editor and loading saved models read.
 * Each layer file calls this at its bottom; a user's custom layer calls it to
 * be loadable.
 */
export function registerLayer<T extends LayerClass>(layerClass: T, options: RegisterOptions = {}): T {
  for (const dialect of options.dialects ?? [dialectOf(layerClass.spec)]) {
    const classes = catalogues[dialect];
    for (const name of [layerClass.spec.className, ...(options.aliases ?? [])]) {
      const existing = classes.get(name);
      if (existing && existing !== layerClass) {
        throw new KeraflowError(`a different layer class is already registered as '${name}'`, { argument: 'className', given: name });
      }
      classes.set(name, layerClass);
    }
  }
  return layerClass;
}

/** A layer class by name in a dialect's catalogue, or by saved name (`keras.Dense`). */
export function getLayerClass(className: string, dialect: Dialect = 'keraflow'): LayerClass {
  const found = splitSavedName(className, dialect);
  const classes = catalogues[found.dialect];
  const layerClass = classes.get(found.name);
  if (layerClass) return layerClass;
  const suggestion = closestName(found.name, classes.keys());
  throw new KeraflowError(`unknown layer class '${className}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (a custom layer must be registered with registerLayer)`, {
    argument: 'className',
    given: className,
    expected: 'a registered layer class',
  });
}

export function hasLayerClass(className: string, dialect: Dialect = 'keraflow'): boolean {
  const found = splitSavedName(className, dialect);
  return catalogues[found.dialect].has(found.name);
}

/** Every registered layer class of a dialect, by class name. */
export function layerCatalogue(dialect: Dialect = 'keraflow'): ReadonlyMap<string, LayerClass> {
  return catalogues[dialect];
}

/** Builds a layer from bound arguments (camelCase): positional ones in spec order, the rest as options. */
export function createLayer(className: string, values: Readonly<Record<string, unknown>>, options: Record<string, unknown> = {}, dialect: Dialect = 'keraflow'): Layer<any> {
  const layerClass = getLayerClass(className, dialect);
  const split = splitArguments(layerClass.spec, values);
  return new layerClass(...split.positional, { ...options, ...split.options });
}
