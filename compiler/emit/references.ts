/**
 * What a `.kf` name becomes where code is emitted. The checker resolved
 * every name (`CheckedFile.resolutions`); this turns a resolution into
 * TypeScript: a tensor, named layer or block parameter of the function
 * being written is the identifier that function gave it; a declaration is
 * its identifier in this module, or the name its import brings; an alias
 * (`relu`) or a runtime class stands for its own text.
 */
import type * as ast from '../../grammar/ast.ts';
import type { ModuleContext } from './module.ts';
import type { NameAllocator } from './names.ts';

export type Meaning =
  | { kind: 'tensor' | 'layer' | 'parameter'; code: string }
  | { kind: 'dimension' }
  | { kind: 'constant'; code: string }
  /** A block or layer-like sequential: `code` is its class, constructed with `new`. */
  | { kind: 'block'; code: string; declaration: ast.Block }
  | { kind: 'sequential'; code: string }
  /** What no value can be (a model, an imported file, a name in a file with errors): its text, to keep emitting. */
  | { kind: 'unknownConstructor'; code: string }
  /** An alias (`relu`) or a runtime class (`Dense`): its name. */
  | { kind: 'alias' | 'class'; name: string; dialect?: 'keras' };

/** The identifiers a function being emitted (a build function, a block's constructor or `apply`) gave to its `.kf` names. */
export class FunctionScope {
  readonly tensors = new Map<string, string>();
  readonly layers = new Map<string, string>();
  readonly parameters = new Map<string, string>();

  constructor(
    readonly module: ModuleContext,
    readonly allocator: NameAllocator,
  ) {}

  /** What a name or qualified name node means here, as TypeScript. */
  lookup(node: ast.Name | ast.QualifiedName): Meaning {
    const resolution = this.module.resolution(node);
    switch (resolution.kind) {
      case 'tensor':
      case 'layer':
      case 'parameter': {
        const table = resolution.kind === 'tensor' ? this.tensors : resolution.kind === 'layer' ? this.layers : this.parameters;
        return { kind: resolution.kind, code: table.get(resolution.name) ?? 'undefined' };
      }
      case 'dimension':
        return { kind: 'dimension' };
      case 'alias':
        return { kind: resolution.kind, name: resolution.name };
      case 'class':
        return { kind: resolution.kind, name: resolution.name, ...(resolution.dialect ? { dialect: resolution.dialect } : {}) };
      case 'import':
        return { kind: 'unknownConstructor', code: 'undefined' };
      case 'declaration': {
        const declaration = resolution.declaration;
        const code = this.module.declarationCode(declaration, node.kind === 'QualifiedName' ? node.qualifier : undefined);
        switch (declaration.kind) {
          case 'constant':
            return { kind: 'constant', code };
          case 'block':
            return { kind: 'block', code, declaration: declaration.declaration as ast.Block };
          case 'sequential':
            return { kind: 'sequential', code };
          case 'model':
            return { kind: 'unknownConstructor', code: 'undefined' };
        }
      }
    }
  }
}
