/**
 * What the runtime's catalogues offer the editor: layer constructors and
 * their arguments (from the layer specs), and the alias registries
 * (activations, initializations, objectives, metrics, optimizers,
 * regularizers, constraints). Completion and hover read them; nothing here
 * is written twice.
 */
import * as activations from '../../runtime/activations.ts';
import * as constraints from '../../runtime/constraints.ts';
import * as initializers from '../../runtime/keras/initializers.ts';
import * as kerasConstraints from '../../runtime/keras/constraints.ts';
import * as kerasRegularizers from '../../runtime/keras/regularizers.ts';
import { COMMON_OPTION_SPECS } from '../../runtime/engine/layer.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import { describeArgType, isAliasArgType, type ArgSpec } from '../../runtime/engine/spec.ts';
import * as initializations from '../../runtime/initializations.ts';
import { layerCatalogue, type Dialect } from '../../runtime/layers/index.ts';
import * as regularizers from '../../runtime/regularizers.ts';
import * as metrics from '../../runtime/training/metrics.ts';
import * as objectives from '../../runtime/training/objectives.ts';
import * as callbacks from '../../runtime/training/callbacks/index.ts';
import * as losses from '../../runtime/training/losses.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import * as schedules from '../../runtime/training/optimizers/schedules.ts';

export type ConstructorKind = 'layer' | 'optimizer' | 'loss' | 'schedule' | 'callback' | 'regularizer' | 'constraint' | 'initializer';

/** One argument as a .kf file writes it. */
export interface ArgumentInfo {
  /** snake_case. */
  name: string;
  /** "an integer ≥ 1". */
  type: string;
  doc: string;
  /** As .kf would write it; undefined for a required argument. */
  default?: string;
  positional: boolean;
  required: boolean;
  spec?: ArgSpec;
}

export interface ConstructorInfo {
  name: string;
  kind: ConstructorKind;
  doc: string;
  arguments: ArgumentInfo[];
  /** A layer's parameters (`W`, `b`): the keys of `initial_weights`, `regularizers` and `constraints`. */
  params?: readonly string[];
}

export type AliasKind = 'activation' | 'initialization' | 'objective' | 'metric' | 'optimizer' | 'regularizer' | 'constraint';

export interface AliasInfo {
  name: string;
  kind: AliasKind;
  /** The canonical name when `name` is an alias of it. */
  canonical: string;
  doc: string;
}

/** `true`, `none`, `'same'`, `[1, 1]`: a default as it would be written in .kf. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'function') return 'a function';
  return String(value);
}

function argumentInfo(arg: ArgSpec): ArgumentInfo {
  return {
    name: toSnakeCase(arg.name),
    type: describeArgType(arg),
    doc: arg.doc,
    default: arg.required ? undefined : formatValue(arg.default),
    positional: arg.positional ?? false,
    required: arg.required ?? false,
    spec: arg,
  };
}

const catalogues = new Map<Dialect, Map<string, ConstructorInfo>>();

/** Every constructor a .kf file of a dialect can call, by name: its layers, then optimizer, loss, regularizer and constraint classes. */
export function constructorCatalogue(dialect: Dialect = 'keraflow'): ReadonlyMap<string, ConstructorInfo> {
  const cached = catalogues.get(dialect);
  if (cached) return cached;
  const constructors = new Map<string, ConstructorInfo>();
  catalogues.set(dialect, constructors);
  // The options every layer takes carry no `spec`: the checker does not bind them against one.
  const common: ArgumentInfo[] = COMMON_OPTION_SPECS.map((option) => ({ ...argumentInfo(option), spec: undefined }));
  for (const [name, layerClass] of layerCatalogue(dialect)) {
    const own = layerClass.spec.args.map(argumentInfo);
    const ownNames = new Set(own.map((arg) => arg.name));
    const args = [...own, ...common.filter((arg) => !ownNames.has(arg.name))];
    constructors.set(name, { name, kind: 'layer', doc: layerClass.spec.doc, arguments: args, params: layerClass.spec.params });
  }
  const classRegistries: readonly (readonly [ConstructorKind, { entries(): { name: string }[]; get(name: string): { spec: { className: string; doc: string; args: readonly ArgSpec[] } } }])[] = [
    ['optimizer', optimizers.registry],
    ['loss', losses.registry],
    ['schedule', schedules.registry],
    ['callback', callbacks.registry],
    // The Keras dialect's objects: Keras's initializers, and its regularizers and constraints under Keras's argument names.
    ...(dialect === 'keras'
      ? ([
          ['regularizer', kerasRegularizers.registry],
          ['constraint', kerasConstraints.registry],
          ['initializer', initializers.registry],
        ] as const)
      : ([
          ['regularizer', regularizers.registry],
          ['constraint', constraints.registry],
        ] as const)),
  ];
  for (const [kind, registry] of classRegistries) {
    for (const entry of registry.entries()) {
      const spec = registry.get(entry.name).spec;
      constructors.set(entry.name, { name: entry.name, kind, doc: spec.doc, arguments: spec.args.map(argumentInfo) });
    }
  }
  return constructors;
}

/** A constructor's doc and its arguments, for completion and hover. */
export function constructorDoc(constructor: ConstructorInfo): string {
  const lines = constructor.arguments.map((argument) => `- \`${argument.name}\`${argument.required ? '' : ` = \`${argument.default}\``}: ${argument.type}. ${argument.doc}`);
  return `${constructor.doc}\n\n${lines.join('\n')}`;
}

interface AnyRegistry {
  entries(): { name: string; aliases: string[]; doc: string }[];
}

const registries: Record<AliasKind, AnyRegistry> = {
  activation: activations.registry,
  initialization: initializations.registry,
  objective: objectives.registry,
  metric: metrics.registry,
  optimizer: optimizers.registry,
  regularizer: regularizers.registry,
  constraint: constraints.registry,
};

/** Every name of one registry, canonical names and aliases, with the canonical entry's doc. */
export function aliasesOf(kind: AliasKind): AliasInfo[] {
  return registries[kind].entries().flatMap((entry) => [entry.name, ...entry.aliases].map((name) => ({ name, kind, canonical: entry.name, doc: entry.doc })));
}

/** What an alias name means, in every registry that has it (`mse` is an objective and a metric). */
export function aliasNamed(name: string): AliasInfo[] {
  return (Object.keys(registries) as AliasKind[]).flatMap((kind) => aliasesOf(kind).filter((alias) => alias.name === name));
}

/** The aliases an argument of this type accepts; undefined when it takes no aliases. */
export function aliasKindOfArgument(argument: ArgumentInfo): AliasKind | undefined {
  if (argument.name === 'regularizers') return 'regularizer';
  if (argument.name === 'constraints') return 'constraint';
  const type = argument.spec?.type;
  return type !== undefined && isAliasArgType(type) ? type : undefined;
}
