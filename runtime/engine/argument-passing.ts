import { describeValue, KeraflowError } from '../errors.ts';
import { closestName } from './naming.ts';

/**
 * Keraflow's flexible argument passing, in one place: a value for a set of
 * named slots (parameters of a layer, inputs or outputs of a model) may come
 *   - as a dict, by slot name;
 *   - as a list, by slot order (first come, first served);
 *   - as a single value, for the first slot.
 * Slots not given keep their defaults. Every key or index that names no slot
 * is an error that names the owner, the argument and the key.
 */
export interface SlotContext {
  /** The layer or model, by name. */
  readonly owner: string;
  /** The argument: `initialWeights`, `regularizers`, `x`, `loss`, ... */
  readonly argument: string;
  /** What a slot is, for messages: "parameter", "input", "output". */
  readonly slotKind: string;
  /** True when `value` is one value for one slot, not a list or dict of them. */
  readonly isSingle: (value: unknown) => boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function assignToSlots<T>(value: unknown, slots: readonly string[], context: SlotContext): Map<string, T> {
  const assigned = new Map<string, T>();
  if (value === undefined || value === null) return assigned;
  const list = slots.length === 1 ? `'${slots[0]}'` : `${slots.length} ${context.slotKind}s (${slots.map((s) => `'${s}'`).join(', ')})`;

  // Whatever its form (one value, a list, a dict), a value for no slots at all is a mistake.
  if (slots.length === 0 && !(Array.isArray(value) && value.length === 0) && !(isPlainObject(value) && Object.keys(value).length === 0)) {
    throw new KeraflowError((words) => `${context.owner}: ${words.argument(context.argument)} was given, but it has no ${context.slotKind}s`, {
      layer: context.owner,
      argument: context.argument,
      expected: 'nothing',
      given: describeValue(value),
    });
  }
  if (context.isSingle(value)) {
    assigned.set(slots[0], value as T);
    return assigned;
  }
  if (Array.isArray(value)) {
    if (value.length > slots.length) {
      throw new KeraflowError((words) => `${context.owner}: ${words.argument(context.argument)} is a list of ${value.length}, but there ${slots.length === 1 ? 'is' : 'are'} only ${list}`, {
        layer: context.owner,
        argument: context.argument,
        key: slots.length,
        expected: `at most ${slots.length} values`,
        given: `${value.length}`,
      });
    }
    value.forEach((item, index) => {
      if (item !== undefined && item !== null) assigned.set(slots[index], item as T);
    });
    return assigned;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (!slots.includes(key)) {
        const suggestion = closestName(key, slots);
        throw new KeraflowError(
          (words) =>
            `${context.owner}: ${words.argument(context.argument)} names ${context.slotKind} '${key}', which does not exist; ` +
            (suggestion ? `did you mean '${suggestion}'? ` : '') +
            `expected ${list}`,
          { layer: context.owner, argument: context.argument, key, expected: slots.join(', '), given: key, ...(suggestion ? { suggestion } : {}) },
        );
      }
      if (value[key] !== undefined && value[key] !== null) assigned.set(key, value[key] as T);
    }
    return assigned;
  }
  throw new KeraflowError((words) => `${context.owner}: ${words.argument(context.argument)} must be a value, a list or a dict keyed by ${context.slotKind} name, but got ${describeValue(value)}`, {
    layer: context.owner,
    argument: context.argument,
    expected: `a value, a list or a dict for ${list}`,
    given: describeValue(value),
  });
}
