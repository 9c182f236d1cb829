/**
 * Which catalogue a file's layer names come from: Keras 3's when its first
 * declaration is `use keras`, Keraflow's otherwise. Blocks are checked in
 * the file that declares them, so files of either dialect import each
 * other's. A name of the other catalogue gets that catalogue's spelling in
 * this file's terms (`Conv2D(32, 3)` -> `Convolution2D(32, 3, 3)`).
 */
import type * as ast from '../../grammar/ast.ts';
import type { OtherDialect } from '../diagnostics.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import { KerasLayer } from '../../runtime/keras/keras-layer.ts';
import { Initializer } from '../../runtime/keras/initializers.ts';
import { keraflowInitialization } from '../../runtime/engine/keras.ts';
import { createLayer, getLayerClass, hasLayerClass, layerCatalogue, type Dialect } from '../../runtime/layers/index.ts';
import type { BoundCall } from './arguments.ts';

/** The dialects `use` takes. */
export const USE_DIALECTS: readonly string[] = ['keras'];

/** The dialect a file is written in (an unknown `use` is reported, and the file read as Keraflow's). */
export function dialectOfFile(file: ast.File | undefined): Dialect {
  return file?.dialect?.dialect.name === 'keras' ? 'keras' : 'keraflow';
}

/**
 * When `name` is no layer of `dialect` but one of the other dialect: where it
 * belongs and how this file writes it. `bound`: the call's arguments bound
 * to the other dialect's spec, to spell a Keras call in Keraflow's terms.
 */
export function otherDialectName(name: string, dialect: Dialect, bind: (spec: Layer['spec']) => BoundCall | undefined): OtherDialect | undefined {
  const other: Dialect = dialect === 'keras' ? 'keraflow' : 'keras';
  if (hasLayerClass(name, dialect) || !hasLayerClass(name, other)) return undefined;
  const spec = getLayerClass(name, other).spec;
  return { name, dialect: other, equivalent: (other === 'keras' ? keraflowCall(name, bind(spec)) : undefined) ?? counterpartNames(spec, dialect) };
}

/** The Keraflow layer a Keras call runs, as a `.kf` call: its positional arguments, then the options that differ from their defaults. */
function keraflowCall(name: string, bound: BoundCall | undefined): string | undefined {
  if (!bound) return undefined;
  let layer: Layer<any>;
  try {
    const values = {
      ...Object.fromEntries(
        getLayerClass(name, 'keras')
          .spec.args.filter((arg) => arg.positional)
          .map((arg, i) => [arg.name, bound.positional[i]]),
      ),
      ...bound.options,
    };
    layer = createLayer(name, values, {}, 'keras');
  } catch {
    return undefined;
  }
  if (!(layer instanceof KerasLayer)) return undefined;
  const sibling = layer.sibling;
  const written: string[] = [];
  for (const arg of sibling.spec.args) {
    // A Keras initializer object (the Keras dialect's names are Keras's objects) as Keraflow's name of it; one no name means has no spelling here.
    const value = sibling.args[arg.name] instanceof Initializer ? keraflowInitialization(sibling.args[arg.name] as Initializer) : sibling.args[arg.name];
    if (value instanceof Initializer) return undefined;
    if (arg.positional) written.push(kfText(value));
    else if (JSON.stringify(value) !== JSON.stringify(arg.default)) written.push(`${toSnakeCase(arg.name)}=${kfText(value)}`);
  }
  return `${sibling.className}(${written.join(', ')})`;
}

/** The other dialect's layers that run the same Keras counterpart (Pooling2D -> MaxPooling2D or AveragePooling2D). */
function counterpartNames(spec: Layer['spec'], dialect: Dialect): string | undefined {
  if (!spec.keras) return undefined;
  const names = [...layerCatalogue(dialect)].filter(([key, layerClass]) => layerClass.spec.keras === spec.keras && key === layerClass.spec.className).map(([key]) => key);
  return names.length > 0 ? names.join(' or ') : undefined;
}

/** A value as `.kf` writes it: `relu`, `[2, 2]`, `none`. */
function kfText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(kfText).join(', ')}]`;
  return String(value);
}
