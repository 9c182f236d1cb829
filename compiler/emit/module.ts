/**
 * What one emitted module knows at its top level: the TypeScript name of
 * every `.kf` declaration, of every import, and of every runtime export it
 * uses. `.kf` names keep their spelling (made safe by `safeIdentifier`), so
 * another file's generated code can import them by name; a runtime export
 * whose name a `.kf` declaration took is imported under an alias instead.
 */
import { basename, dirname, resolve } from 'node:path';
import type * as ast from '../../grammar/ast.ts';
import { parseText } from '../../grammar/parse.ts';
import { readFromDisk } from '../check/files.ts';
import { isTrainable } from '../check/index.ts';
import { layerCatalogue } from '../../runtime/layers/index.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import { commentText } from './literals.ts';
import { lowerFirst, NameAllocator, safeIdentifier, upperFirst } from './names.ts';

/** A declaration another file can import: a constant, a block, or a layer-like sequential. */
export type ExportedDeclaration = ast.Let | ast.Block | ast.Sequential;

export interface Declared {
  /** Its TypeScript name. */
  id: string;
  declaration: ast.Declaration;
}

/** A name brought in by `import "./x.kf"` (unqualified). */
export interface ImportedName {
  id: string;
  /** Index in `ModuleContext.imports`. */
  importIndex: number;
  /** Unknown when the imported file could not be read. */
  declaration?: ExportedDeclaration;
}

export interface ImportInfo {
  node: ast.Import;
  /** The emitted sibling module: `./x.kf` -> `./x.js`. */
  moduleSpecifier: string;
  /** `as B`: the namespace's TypeScript name. */
  namespace?: string;
  /** The imported file's exported declarations by `.kf` name; undefined when it could not be read. */
  exports?: Map<string, ExportedDeclaration>;
  /** Unqualified names this file uses from it, in first-use order. */
  used: string[];
}

/** Runtime exports the generated code may use (the catalogue's layers are added to these). */
const RUNTIME_NAMES = ['Input', 'Sequential', 'Model', 'Kensor', 'KensorLike', 'TrainDefaults', 'at', 'regularizers', 'constraints'];

export interface ModuleOptions {
  fileName: string;
  readFile?: (absolutePath: string) => string | undefined;
}

export class ModuleContext {
  readonly allocator = new NameAllocator();
  /** The `.kf` file's name as comments and error messages show it (its base name, so output does not depend on where it was compiled). */
  readonly displayName: string;
  /** `displayName` made safe inside a comment. */
  readonly displayComment: string;
  /** The constant holding `displayName`, passed to `at(...)`. */
  readonly sourceId: string;
  /** This file's `.kf` declarations by name, each with its TypeScript name. */
  readonly declarations = new Map<string, Declared>();
  readonly imports: ImportInfo[] = [];
  private readonly importedNames = new Map<string, ImportedName>();
  private readonly runtimeIds = new Map<string, string>();
  /** Runtime exports used, in first-use order. */
  private readonly runtimeUsed = new Set<string>();
  /** Per model: `buildFoo` and `fooTrain`. */
  readonly modelIds = new Map<ast.Model | ast.Sequential, { build: string; train: string }>();

  constructor(file: ast.File, options: ModuleOptions) {
    this.displayName = basename(options.fileName);
    this.displayComment = commentText(this.displayName);
    const readFile = options.readFile ?? readFromDisk;
    // 1. The .kf declarations keep their names (what another file imports: allocated first, so only the reserved-word rule renames them);
    //    then each model's build function and train defaults.
    const isModel = (d: ast.Declaration) => d.kind === 'Model' || (d.kind === 'Sequential' && isTrainable(d));
    for (const declaration of file.declarations) {
      if (declaration.kind === 'Import' || isModel(declaration)) continue;
      this.declarations.set(declaration.name.name, { id: this.allocator.allocate(declaration.name.name), declaration });
    }
    for (const declaration of file.declarations) {
      if (!isModel(declaration)) continue;
      const model = declaration as ast.Model | ast.Sequential;
      const name = model.name.name;
      this.modelIds.set(model, { build: this.allocator.allocate(`build${upperFirst(name)}`), train: this.allocator.allocate(`${lowerFirst(name)}Train`) });
      this.declarations.set(name, { id: name, declaration: model });
    }
    // 2. Imports: namespaces, and the names each unqualified import brings.
    for (const node of file.declarations) {
      if (node.kind !== 'Import') continue;
      const exports = readExports(resolve(dirname(options.fileName), node.path.value), readFile);
      const info: ImportInfo = { node, moduleSpecifier: siblingModule(node.path.value), exports, used: [] };
      if (node.alias) info.namespace = this.allocator.allocate(node.alias.name);
      this.imports.push(info);
      if (node.alias || !exports) continue;
      for (const [name, declaration] of exports) {
        if (this.declarations.has(name) || this.importedNames.has(name)) continue;
        this.importedNames.set(name, { id: this.allocator.allocate(name), importIndex: this.imports.length - 1, declaration });
      }
    }
    // 3. Runtime exports: their own names, unless a .kf name took one.
    const catalogue = [...layerCatalogue().keys()].sort();
    const optimizerClasses = [...new Set(optimizers.registry.entries().map((entry) => entry.name))];
    for (const name of [...RUNTIME_NAMES, ...optimizerClasses, ...catalogue]) {
      if (this.runtimeIds.has(name)) continue;
      if (this.allocator.isTaken(name)) this.runtimeIds.set(name, this.allocator.allocate(name));
      else {
        this.allocator.reserve(name);
        this.runtimeIds.set(name, name);
      }
    }
    this.sourceId = this.allocator.allocate('source');
  }

  /** The identifier of a runtime export, recorded as used. */
  runtime(name: string): string {
    const id = this.runtimeIds.get(name) ?? name;
    this.runtimeUsed.add(name);
    return id;
  }

  /** For each import, its named imports: the exported name and the local alias when they differ. */
  importedBindings(index: number): { name: string; alias?: string }[] {
    return [...this.imports[index].used].sort().map((name) => {
      const exported = safeIdentifier(name);
      const id = this.importedNames.get(name)!.id;
      return id === exported ? { name: exported } : { name: exported, alias: id };
    });
  }

  /** `import { Dense, Model as Model_ } from 'keraflow'`: the named imports. */
  runtimeImports(): { name: string; alias?: string }[] {
    return [...this.runtimeUsed].sort().map((name) => {
      const id = this.runtimeIds.get(name) ?? name;
      return id === name ? { name } : { name, alias: id };
    });
  }

  /** A name from an unqualified import: known when the file was read; otherwise given to the first unreadable import. */
  imported(name: string, record = true): ImportedName | undefined {
    let found = this.importedNames.get(name);
    if (!found) {
      const unreadable = this.imports.findIndex((info) => !info.namespace && !info.exports);
      if (unreadable < 0) return undefined;
      found = { id: this.allocator.allocate(name), importIndex: unreadable };
      this.importedNames.set(name, found);
    }
    const info = this.imports[found.importIndex];
    if (record && !info.used.includes(name)) info.used.push(name);
    return found;
  }

  /** Whether a read import brings this name. */
  knowsImported(name: string): boolean {
    return this.importedNames.get(name)?.declaration !== undefined;
  }

  /** Whether some unqualified import could not be read (its names are unknown). */
  get hasUnknownImports(): boolean {
    return this.imports.some((info) => !info.namespace && !info.exports);
  }

  namespace(alias: string): ImportInfo | undefined {
    return this.imports.find((info) => info.node.alias?.name === alias);
  }
}

/**
 * `./blocks.kf` -> `./blocks.js`, the specifier of the module that compiling
 * blocks.kf writes beside it (blocks.ts, which tsc makes blocks.js), in the
 * form nodenext requires and bundlers and tsx accept; a bare `blocks.kf`
 * stays relative (`./blocks.js`). Node reads a relative specifier as a URL,
 * so a character a URL would read otherwise (`%`, `#`, `?`, a backslash, a
 * newline or other control character) is percent-encoded.
 */
export function siblingModule(path: string): string {
  const js = path.endsWith('.kf') ? `${path.slice(0, -3)}.js` : `${path}.js`;
  const relative = js.startsWith('./') || js.startsWith('../') || js.startsWith('/') ? js : `./${js}`;
  return relative.replace(/[%#?\\\x00-\x1f\x7f]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The constants, blocks and layer-like sequentials of an imported file, by name. */
function readExports(path: string, readFile: (path: string) => string | undefined): Map<string, ExportedDeclaration> | undefined {
  const text = readFile(path);
  if (text === undefined) return undefined;
  const exports = new Map<string, ExportedDeclaration>();
  for (const declaration of parseText(text, path).file.declarations) {
    if (declaration.kind === 'Let' || declaration.kind === 'Block' || (declaration.kind === 'Sequential' && !isTrainable(declaration))) {
      exports.set(declaration.name.name, declaration);
    }
  }
  return exports;
}
