/**
 * Constructor calls: `Dense(10, activation=relu)` -> `new Dense(10, { activation: "relu" })`,
 * `L2(0.1)` -> `new regularizers.L2(0.1)`, `SGD(lr=0.01)` -> `new SGD({ lr: 0.01 })`,
 * `Huber(delta=2)` -> `new losses.Huber({ delta: 2 })`,
 * `Residual(64)` -> `new Residual(64)`, `Encoder()` -> `new Encoder()`.
 *
 * Arguments are placed as the checker bound them to the class's spec
 * (`CheckedFile.constructions`): `.kf` positional arguments fill the spec's
 * positional arguments in order, a keyword that names a positional argument
 * goes to its slot, every other keyword becomes a camelCase option
 * (naming.ts). That is the TypeScript constructors' shape: positional
 * arguments, then one options object.
 */
import type * as ast from '../../grammar/ast.ts';
import type { BoundConstruction } from '../check/types.ts';
import { toCamelCase } from '../../runtime/engine/naming.ts';
import { splitArguments, type ClassSpec } from '../../runtime/engine/spec.ts';
import { getLayerClass, hasLayerClass, type Dialect } from '../../runtime/layers/index.ts';
import * as constraints from '../../runtime/constraints.ts';
import * as initializers from '../../runtime/keras/initializers.ts';
import * as kerasConstraints from '../../runtime/keras/constraints.ts';
import * as kerasRegularizers from '../../runtime/keras/regularizers.ts';
import * as regularizers from '../../runtime/regularizers.ts';
import * as losses from '../../runtime/training/losses.ts';
import * as schedules from '../../runtime/training/optimizers/schedules.ts';
import * as callbacks from '../../runtime/training/callbacks/index.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import { propertyName } from './literals.ts';
import { safeIdentifier } from './names.ts';
import type { ModuleContext } from './module.ts';
import type { FunctionScope, Meaning } from './references.ts';
import { emitValue } from './values.ts';

export type Constructible = ast.Call | ast.Name | ast.QualifiedName;

/** Whether an expression can make a layer or value (a call or a constructor name); anything else is an error the checker reports. */
export function isConstructible(expression: ast.Expression): expression is Constructible {
  return expression.kind === 'Call' || expression.kind === 'Name' || expression.kind === 'QualifiedName';
}

/** What a constructor name makes, and how it is written. */
export type ConstructorTarget =
  | { kind: 'layer'; className: string; spec: ClassSpec; dialect: Dialect }
  | { kind: 'object'; code: string; spec: ClassSpec }
  | { kind: 'block'; code: string }
  | { kind: 'sequential'; code: string }
  | { kind: 'unknown'; code: string };

export function constructorTarget(callee: ast.Expression, scope: FunctionScope): ConstructorTarget {
  if (callee.kind !== 'QualifiedName' && callee.kind !== 'Name') return { kind: 'unknown', code: 'undefined' };
  const meaning: Meaning = scope.lookup(callee);
  switch (meaning.kind) {
    case 'block':
      return { kind: 'block', code: meaning.code };
    case 'sequential':
      return { kind: 'sequential', code: meaning.code };
    case 'unknownConstructor':
      return { kind: 'unknown', code: meaning.code };
    case 'alias':
      return runtimeTarget(meaning.name, scope, 'keraflow');
    case 'class':
      return runtimeTarget(meaning.name, scope, meaning.dialect ?? 'keraflow');
    default:
      // A constant, tensor or layer where a constructor goes: only in files with errors.
      return { kind: 'unknown', code: 'code' in meaning ? meaning.code : 'undefined' };
  }
}

function runtimeTarget(name: string, scope: FunctionScope, dialect: Dialect): ConstructorTarget {
  if (hasLayerClass(name, dialect)) return { kind: 'layer', className: name, spec: getLayerClass(name, dialect).spec, dialect };
  // The Keras dialect's objects come from keraflow/keras (its MaxNorm takes max_value, its L1L2() is no penalty).
  if (dialect === 'keras') {
    for (const [namespace, registry] of [
      ['initializers', initializers.registry],
      ['regularizers', kerasRegularizers.registry],
      ['constraints', kerasConstraints.registry],
    ] as const) {
      if (!registry.has(name)) continue;
      const spec = registry.get(name).spec;
      return { kind: 'object', code: `${scope.module.kerasNamespace(namespace)}.${spec.className}`, spec };
    }
  }
  if (regularizers.registry.has(name)) {
    const spec = regularizers.registry.get(name).spec;
    return { kind: 'object', code: `${scope.module.runtime('regularizers')}.${spec.className}`, spec };
  }
  if (constraints.registry.has(name)) {
    const spec = constraints.registry.get(name).spec;
    return { kind: 'object', code: `${scope.module.runtime('constraints')}.${spec.className}`, spec };
  }
  if (optimizers.registry.has(name)) {
    const spec = optimizers.registry.get(name).spec;
    return { kind: 'object', code: scope.module.runtime(spec.className), spec };
  }
  if (callbacks.registry.has(name)) {
    const spec = callbacks.registry.get(name).spec;
    return { kind: 'object', code: `${scope.module.runtime('callbacks')}.${spec.className}`, spec };
  }
  if (schedules.registry.has(name)) {
    const spec = schedules.registry.get(name).spec;
    return { kind: 'object', code: `${scope.module.runtime('schedules')}.${spec.className}`, spec };
  }
  if (losses.registry.has(name)) {
    const spec = losses.registry.get(name).spec;
    return { kind: 'object', code: `${scope.module.runtime('losses')}.${spec.className}`, spec };
  }
  return { kind: 'unknown', code: safeIdentifier(name) };
}

/** `new X(...)` for a constructor call, or a bare constructor name (`Flatten` in a chain). `extraOptions` are added unless given. */
export function emitConstruction(node: Constructible, scope: FunctionScope, extraOptions: [string, string][] = []): string {
  const call = node.kind === 'Call' ? node : undefined;
  const target = constructorTarget(call ? call.callee : node, scope);
  const bound = call ? scope.module.file.constructions.get(call) : undefined;
  const args = call?.arguments ?? [];
  switch (target.kind) {
    case 'layer': {
      const isInput = target.className === 'Input';
      return `new ${layerCode(target, scope.module)}(${bySpec(isInput ? shapeAsList(bound) : bound, args, scope, extraOptions)})`;
    }
    case 'object':
      return `new ${target.code}(${bySpec(bound, args, scope, [])})`;
    case 'block':
      return `new ${target.code}(${byParameters(bound, args, scope)})`;
    case 'sequential':
      return `new ${target.code}()`;
    case 'unknown':
      return `new ${target.code}(${asWritten(args, scope)})`;
  }
}

/** `Input(100)` -> `new Input([100])`: one size is a 1-D shape (a symbolic one, `Input(T)`, becomes `[null]`). */
function shapeAsList(bound: BoundConstruction | undefined): BoundConstruction | undefined {
  const shape = bound?.arguments.get('shape');
  if (!bound || !shape || shape.value.kind === 'List' || shape.value.kind === 'Tuple') return bound;
  const placed = new Map(bound.arguments);
  placed.set('shape', { ...shape, value: { kind: 'List', elements: [shape.value], range: shape.value.range } });
  return { ...bound, arguments: placed };
}

/** A Keras 3 layer class is `layers.Conv2D` of the Keras entry; a Keraflow one is the runtime's own export (as a value and as a type). */
export function layerCode(target: Extract<ConstructorTarget, { kind: 'layer' }>, module: ModuleContext): string {
  return target.dialect === 'keras' ? `${module.kerasLayers()}.${target.className}` : module.runtime(target.className);
}

/**
 * Positional slots up to the last one given (gaps `undefined`: the default), then the options object, as the
 * runtime splits them, from the checker's binding of the call.
 */
function bySpec(bound: BoundConstruction | undefined, args: readonly ast.Argument[], scope: FunctionScope, extraOptions: [string, string][]): string {
  if (!bound) return asWritten(args, scope, extraOptions);
  const codes: Record<string, string> = {};
  for (const [name, argument] of bound.arguments) codes[name] = emitValue(argument.value, scope);
  const split = splitArguments(bound.spec, codes);
  const options = Object.entries(split.options);
  for (const [name, code] of extraOptions) if (!options.some(([given]) => given === name)) options.unshift([name, code]);
  const written = split.positional.map((code) => code ?? 'undefined');
  if (options.length > 0) written.push(optionsObject(options));
  return written.join(', ');
}

/** A block's arguments in its parameters' order (gaps `undefined`: the default), from the checker's binding of the call. */
function byParameters(bound: BoundConstruction | undefined, args: readonly ast.Argument[], scope: FunctionScope): string {
  if (!bound) return asWritten(args, scope);
  const slots = bound.spec.args.map((parameter) => bound.arguments.get(parameter.name));
  while (slots.length > 0 && slots.at(-1) === undefined) slots.pop();
  return slots.map((argument) => (argument ? emitValue(argument.value, scope) : 'undefined')).join(', ');
}

/** A call the checker could not bind (only in a file with errors, emitted best effort): positional arguments, then keywords as options. */
function asWritten(args: readonly ast.Argument[], scope: FunctionScope, extraOptions: [string, string][] = []): string {
  const written = args.filter((argument) => !argument.name).map((argument) => emitValue(argument.value, scope));
  const options: [string, string][] = args.flatMap((argument) => (argument.name ? [[toCamelCase(argument.name.name), emitValue(argument.value, scope)] as [string, string]] : []));
  for (const [name, code] of extraOptions) if (!options.some(([given]) => given === name)) options.unshift([name, code]);
  if (options.length > 0) written.push(optionsObject(options));
  return written.join(', ');
}

function optionsObject(options: readonly [string, string][]): string {
  return `{ ${options.map(([name, code]) => `${propertyName(name)}: ${code}`).join(', ')} }`;
}
