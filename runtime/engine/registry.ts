import { KeraflowError } from '../errors.ts';
import { closestName } from './naming.ts';

/**
 * A catalogue of named things (activations, initializations, objectives,
 * optimizers, ...): each entry has one canonical name and any number of
 * aliases. The runtime resolves arguments through it, the .kf checker
 * validates alias names against it, and the editor completes from it.
 */
export class AliasRegistry<T> {
  private readonly byName = new Map<string, T>();
  private readonly canonical = new Map<string, string>();
  private readonly docs = new Map<string, string>();

  /** @param kind what an entry is, for messages: "activation", "optimizer". */
  constructor(readonly kind: string) {}

  register(names: readonly string[], value: T, doc = ''): T {
    for (const name of names) {
      this.byName.set(name, value);
      this.canonical.set(name, names[0]);
    }
    this.docs.set(names[0], doc);
    return value;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The entry for an alias; a KeraflowError that lists the choices if there is none. */
  get(name: string, context: { layer?: string; argument?: string } = {}): T {
    const value = this.byName.get(name);
    if (value !== undefined) return value;
    const suggestion = closestName(name, this.byName.keys());
    throw new KeraflowError(
      (words) =>
        `${context.layer ? `${context.layer}: ` : ''}unknown ${this.kind} ${JSON.stringify(name)}` +
        `${context.argument ? ` for argument '${words.argument(context.argument)}'` : ''}` +
        (suggestion ? `; did you mean '${suggestion}'?` : `; expected one of ${this.names().join(', ')}`),
      { ...context, expected: `a ${this.kind}: ${this.names().join(', ')}`, given: JSON.stringify(name), reason: 'unknownAlias', ...(suggestion ? { suggestion } : {}) },
    );
  }

  /** The canonical name of an alias (`mse` -> `square_error`). */
  canonicalName(name: string): string | undefined {
    return this.canonical.get(name);
  }

  /** Every accepted name, canonical names and aliases alike. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Canonical names with their one-line docs. */
  entries(): { name: string; aliases: string[]; doc: string }[] {
    return [...this.docs].map(([name, doc]) => ({
      name,
      doc,
      aliases: [...this.canonical].filter(([alias, canonical]) => canonical === name && alias !== name).map(([alias]) => alias),
    }));
  }
}
