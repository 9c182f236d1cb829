/**
 * What a `.kf` name means where code is emitted: a tensor, a named layer, a
 * block parameter or a symbolic dimension of the function being written, or
 * else something at the module's top level (a constant, a block, a
 * sequential, an import), or else an alias (`relu`), which stands for its
 * own text. Resolution follows the checker's order: innermost first.
 */
import type * as ast from '../../grammar/ast.ts';
import { hasLayerClass } from '../../runtime/layers/index.ts';
import { knownAliases } from '../check/aliases.ts';
import type { ExportedDeclaration, ModuleContext } from './module.ts';
import { safeIdentifier } from './names.ts';
import type { NameAllocator } from './names.ts';

export type Meaning =
  | { kind: 'tensor' | 'layer' | 'parameter'; code: string }
  | { kind: 'dimension' }
  | { kind: 'constant'; code: string }
  /** A block or layer-like sequential: `code` is its class, constructed with `new`; `declaration` when known. */
  | { kind: 'block' | 'sequential' | 'unknownConstructor'; code: string; declaration?: ExportedDeclaration }
  | { kind: 'alias'; name: string };

export class FunctionScope {
  readonly tensors = new Map<string, string>();
  readonly layers = new Map<string, string>();
  readonly parameters = new Map<string, string>();
  readonly dimensions = new Set<string>();

  constructor(
    readonly module: ModuleContext,
    readonly allocator: NameAllocator,
  ) {}

  lookup(name: string): Meaning {
    const tensor = this.tensors.get(name);
    if (tensor !== undefined) return { kind: 'tensor', code: tensor };
    const layer = this.layers.get(name);
    if (layer !== undefined) return { kind: 'layer', code: layer };
    const parameter = this.parameters.get(name);
    if (parameter !== undefined) return { kind: 'parameter', code: parameter };
    if (this.dimensions.has(name)) return { kind: 'dimension' };
    return lookupModule(this.module, name);
  }
}

/** A top-level name: a declaration of this file, one an import brings, or an alias. */
export function lookupModule(module: ModuleContext, name: string): Meaning {
  const declared = module.declarations.get(name);
  if (declared) return meaningOf(declared.declaration as ExportedDeclaration, declared.id);
  const imported = module.knowsImported(name) || (!knownAliases().has(name) && !hasLayerClass(name) && module.hasUnknownImports)
    ? module.imported(name)
    : undefined;
  if (imported) return imported.declaration ? meaningOf(imported.declaration, imported.id) : { kind: 'unknownConstructor', code: imported.id };
  return { kind: 'alias', name };
}

/** `B.member`. */
export function lookupQualified(module: ModuleContext, node: ast.QualifiedName): Meaning {
  const info = module.namespace(node.qualifier.name);
  const code = `${info?.namespace ?? safeIdentifier(node.qualifier.name)}.${safeIdentifier(node.member.name)}`;
  const declaration = info?.exports?.get(node.member.name);
  if (!declaration) return { kind: 'unknownConstructor', code };
  return meaningOf(declaration, code);
}

function meaningOf(declaration: ExportedDeclaration, code: string): Meaning {
  switch (declaration.kind) {
    case 'Let':
      return { kind: 'constant', code };
    case 'Block':
      return { kind: 'block', code, declaration };
    case 'Sequential':
      return { kind: 'sequential', code, declaration };
  }
}
