/**
 * Scopes: what a name means at a place. A file's scope holds its own
 * constants, blocks, sequentials and models, and what its imports bring; a
 * model's or block's scope adds inputs, tensors, layers, parameters and
 * symbolic dimensions, and looks up the file's scope for the rest.
 */
import type * as ast from '../../grammar/ast.ts';
import type { SymbolicDim } from '../../runtime/engine/dimension.ts';
import type { SourceUnit } from './files.ts';
import type { LayerInstance } from './instances.ts';
import type { DeclarationRef, Resolution, SymbolInfo } from './types.ts';
import type { Value } from './values.ts';

export type Entity =
  | { kind: 'constant'; value: Value; symbol: SymbolInfo; ref: DeclarationRef }
  | { kind: 'block'; declaration: ast.Block; unit: SourceUnit; symbol: SymbolInfo; ref: DeclarationRef }
  | { kind: 'sequential'; declaration: ast.Sequential; unit: SourceUnit; symbol: SymbolInfo; trainable: boolean; ref: DeclarationRef }
  | { kind: 'model'; declaration: ast.Model; symbol: SymbolInfo; ref: DeclarationRef }
  | { kind: 'import'; scope: FileScope; symbol: SymbolInfo }
  /** `failed`: its definition had an error, so uses of the name report nothing more. */
  | { kind: 'tensor'; tensor: number; symbol: SymbolInfo; failed?: boolean }
  | { kind: 'layer'; instance: LayerInstance; symbol: SymbolInfo }
  | { kind: 'parameter'; value: Value; symbol: SymbolInfo }
  | { kind: 'dimension'; dimension: SymbolicDim; symbol: SymbolInfo };

/** What a kind of entity is called in messages. */
export function describeEntity(entity: Entity): string {
  switch (entity.kind) {
    case 'constant':
      return 'a constant';
    case 'block':
      return 'a block';
    case 'sequential':
      return entity.trainable ? 'a model (a sequential starting with Input)' : 'a sequential';
    case 'model':
      return 'a model';
    case 'import':
      return 'an imported file';
    case 'tensor':
      return 'a tensor';
    case 'layer':
      return 'a layer';
    case 'parameter':
      return 'a block parameter';
    case 'dimension':
      return 'a symbolic dimension';
  }
}

/** What a name resolved to, as the checker's result records it. */
export function resolutionOf(name: string, entity: Entity): Resolution {
  switch (entity.kind) {
    case 'constant':
    case 'block':
    case 'sequential':
    case 'model':
      return { kind: 'declaration', declaration: entity.ref };
    case 'import':
      return { kind: 'import', fileName: entity.scope.unit?.fileName };
    default:
      return { kind: entity.kind, name };
  }
}

export class Scope {
  private readonly entries = new Map<string, Entity>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Entity | undefined {
    return this.entries.get(name) ?? this.parent?.lookup(name);
  }

  /** Only this scope, not its parents. */
  own(name: string): Entity | undefined {
    return this.entries.get(name);
  }

  set(name: string, entity: Entity): void {
    this.entries.set(name, entity);
  }

  /** Every name visible here (for "did you mean"). */
  names(): string[] {
    return [...new Set([...this.entries.keys(), ...(this.parent?.names() ?? [])])];
  }

  ownEntries(): [string, Entity][] {
    return [...this.entries];
  }
}

/** A file's top-level scope, and the declarations another file can import from it. */
export class FileScope extends Scope {
  /** Constants, blocks and layer-like sequentials declared in this file (what an import brings). */
  readonly exported = new Map<string, Entity>();

  /** @param broken the file could not be read: names under its qualifier are not reported again. */
  constructor(
    readonly unit: SourceUnit | undefined,
    readonly broken = false,
  ) {
    super();
  }
}
