/**
 * What one emitted module knows at its top level: the TypeScript name of
 * every `.kf` declaration of its file (what it exports), of every name its
 * imports bring, and of every runtime export it uses. `.kf` names keep
 * their spelling (made safe by `safeIdentifier`), so another file's
 * generated code imports them by name; a runtime export whose name a `.kf`
 * declaration took is imported under an alias instead.
 *
 * It resolves nothing: what a name means comes from the checker
 * (`CheckedFile.resolutions`), and the names an imported module exports
 * from that module's own `ModuleExports`.
 */
import { basename } from 'node:path';
import type * as ast from '../../grammar/ast.ts';
import { isTrainable } from '../check/index.ts';
import type { CheckedFile, DeclarationRef, Resolution } from '../check/types.ts';
import { layerCatalogue } from '../../runtime/layers/index.ts';
import * as optimizers from '../../runtime/training/optimizers/index.ts';
import { commentText } from './literals.ts';
import { lowerFirst, NameAllocator, upperFirst } from './names.ts';

/** The names an emitted module exports: what `train`, other modules and hand-written code import. */
export interface ModuleExports {
  /** Each model (a `model`, or a `sequential` starting with `Input`), in source order: its build function and its `train { }` defaults. */
  models: { name: string; build: string; train: string }[];
  /** Each constant, block and layer-like sequential, in source order: its exported constant or class. */
  declarations: { name: string; kind: 'constant' | 'block' | 'sequential'; export: string }[];
}

export interface ImportInfo {
  node: ast.Import;
  /** The emitted sibling module: `./x.kf` -> `./x.js`. */
  moduleSpecifier: string;
  /** The imported file (absolute path); undefined when it could not be read. */
  fileName?: string;
  /** `as B`: the namespace's TypeScript name. */
  namespace?: string;
  /** Unqualified names this file uses from it, by `.kf` name: the exported and the local name. */
  used: Map<string, { exported: string; id: string }>;
}

/** Runtime exports the generated code may use (the catalogue's layers are added to these). */
const RUNTIME_NAMES = ['Input', 'Sequential', 'Model', 'Kensor', 'KensorLike', 'TrainDefaults', 'at', 'regularizers', 'constraints', 'losses', 'schedules', 'callbacks'];

export interface ModuleOptions {
  fileName: string;
  /** The exports of another file's module (every file a module imports is emitted before it). */
  exportsOf(fileName: string): ModuleExports | undefined;
}

/** The namespaces of `keraflow/keras` emitted code uses. */
export type KerasNamespace = 'layers' | 'initializers' | 'regularizers' | 'constraints';

export class ModuleContext {
  readonly allocator = new NameAllocator();
  /** The `.kf` file's name as comments and error messages show it (its base name, so output does not depend on where it was compiled). */
  readonly displayName: string;
  /** `displayName` made safe inside a comment. */
  readonly displayComment: string;
  /** The constant holding `displayName`, passed to `at(...)`. */
  readonly sourceId: string;
  readonly imports: ImportInfo[] = [];
  /** Nodes the emitter makes itself (a sequential written as a block or a model) and what they mean. */
  readonly synthetic = new Map<ast.Name | ast.QualifiedName, Resolution>();
  /** What this module exports. */
  readonly exports: ModuleExports = { models: [], declarations: [] };
  /** This file's constants, blocks and layer-like sequentials: their TypeScript names. */
  private readonly declarationIds = new Map<ast.Declaration, string>();
  /** Per model: `buildFoo` and `fooTrain`. */
  private readonly modelIds = new Map<ast.Model | ast.Sequential, { build: string; train: string }>();
  /** Names unqualified imports bring, by file and `.kf` name: the local name and the exported one. */
  private readonly importedIds = new Map<string, { id: string; exported: string; importIndex: number }>();
  private readonly runtimeIds = new Map<string, string>();
  /** Runtime exports used, in first-use order. */
  private readonly runtimeUsed = new Set<string>();
  /** Namespaces of the Keras 3 entry (`layers`, `initializers`) in a `use keras` file: their TypeScript names, and those its code used. */
  private readonly kerasIds = new Map<KerasNamespace, string>();
  private readonly kerasUsed = new Set<KerasNamespace>();

  constructor(
    readonly file: CheckedFile,
    private readonly options: ModuleOptions,
  ) {
    this.displayName = basename(options.fileName);
    this.displayComment = commentText(this.displayName);
    // 1. The .kf declarations keep their names (what another file imports: allocated first, so only the reserved-word rule renames them);
    //    then each model's build function and train defaults.
    const isModel = (d: ast.Declaration) => d.kind === 'Model' || (d.kind === 'Sequential' && isTrainable(d));
    for (const declaration of file.ast.declarations) {
      if (declaration.kind === 'Import' || isModel(declaration)) continue;
      const id = this.allocator.allocate(declaration.name.name);
      this.declarationIds.set(declaration, id);
      const kind = declaration.kind === 'Let' ? 'constant' : declaration.kind === 'Block' ? 'block' : 'sequential';
      this.exports.declarations.push({ name: declaration.name.name, kind, export: id });
    }
    for (const declaration of file.ast.declarations) {
      if (!isModel(declaration)) continue;
      const model = declaration as ast.Model | ast.Sequential;
      const name = model.name.name;
      const ids = { build: this.allocator.allocate(`build${upperFirst(name)}`), train: this.allocator.allocate(`${lowerFirst(name)}Train`) };
      this.modelIds.set(model, ids);
      this.exports.models.push({ name, ...ids });
    }
    // 2. Imports: namespaces, and the names each unqualified import brings (as the imported module exports them).
    const targets = new Map(file.importTargets.map((entry) => [entry.node, entry.fileName]));
    const ownNames = new Set(file.ast.declarations.flatMap((d) => (d.kind === 'Import' ? [] : [d.name.name])));
    for (const node of file.ast.declarations) {
      if (node.kind !== 'Import') continue;
      const fileName = targets.get(node);
      const info: ImportInfo = { node, moduleSpecifier: siblingModule(node.path.value), fileName, used: new Map() };
      if (node.alias) info.namespace = this.allocator.allocate(node.alias.name);
      this.imports.push(info);
      const exported = fileName === undefined || node.alias ? undefined : options.exportsOf(fileName);
      for (const declaration of exported?.declarations ?? []) {
        const key = importKey(fileName!, declaration.name);
        if (ownNames.has(declaration.name) || this.importedIds.has(key)) continue;
        this.importedIds.set(key, { id: this.allocator.allocate(declaration.name), exported: declaration.export, importIndex: this.imports.length - 1 });
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
    if (file.ast.dialect) this.kerasIds.set('layers', this.allocator.isTaken('layers') ? this.allocator.allocate('layers') : this.reserved('layers'));
    this.sourceId = this.allocator.allocate('source');
  }

  private reserved(name: string): string {
    this.allocator.reserve(name);
    return name;
  }

  /** The Keras 3 entry's `layers` namespace (`new layers.Dense(64)`), recorded as used. */
  kerasLayers(): string {
    return this.kerasNamespace('layers');
  }

  /** A namespace of the Keras 3 entry (`new initializers.HeNormal(1)`), recorded as used. */
  kerasNamespace(namespace: KerasNamespace): string {
    let id = this.kerasIds.get(namespace);
    if (id === undefined) {
      id = this.allocator.allocate(namespace);
      this.kerasIds.set(namespace, id);
    }
    this.kerasUsed.add(namespace);
    return id;
  }

  /** `import { layers, initializers } from 'keraflow/keras'`: the bindings the code used. */
  kerasImport(): { name: string; alias?: string }[] {
    return [...this.kerasUsed].map((name) => {
      const id = this.kerasIds.get(name)!;
      return id === name ? { name } : { name, alias: id };
    });
  }

  /** What a name node of this file means (the checker's resolution); a node the checker never reached stands for its own text. */
  resolution(node: ast.Name | ast.QualifiedName): Resolution {
    return this.file.resolutions.get(node) ?? this.synthetic.get(node) ?? { kind: 'alias', name: node.kind === 'Name' ? node.name : `${node.qualifier.name}.${node.member.name}` };
  }

  /** The TypeScript name of a constant, block or layer-like sequential declared in this file. */
  declarationId(declaration: ast.Declaration): string {
    return this.declarationIds.get(declaration) ?? 'undefined';
  }

  /** `buildFoo` and `fooTrain` of a model of this file. */
  modelNames(model: ast.Model | ast.Sequential): { build: string; train: string } {
    return this.modelIds.get(model)!;
  }

  /** Emits a model written as another (a sequential holding a block) under the names of the original. */
  aliasModel(written: ast.Model, original: ast.Sequential): void {
    this.modelIds.set(written, this.modelNames(original));
  }

  /**
   * The expression for a declaration a name resolved to: its identifier in this file, or the local name its
   * unqualified import gives it (recorded as used), or `B.Name` under the namespace `qualifier` names.
   */
  declarationCode(declaration: DeclarationRef, qualifier?: ast.Identifier): string {
    if (qualifier) {
      const info = this.imports.find((entry) => entry.node.alias?.name === qualifier.name);
      const exported = this.options.exportsOf(declaration.fileName)?.declarations.find((d) => d.name === declaration.name)?.export;
      return info?.namespace && exported ? `${info.namespace}.${exported}` : 'undefined';
    }
    if (declaration.fileName === this.file.fileName) return this.declarationId(declaration.declaration);
    const imported = this.importedIds.get(importKey(declaration.fileName, declaration.name));
    if (!imported) return 'undefined';
    this.imports[imported.importIndex].used.set(declaration.name, { exported: imported.exported, id: imported.id });
    return imported.id;
  }

  /** The identifier of a runtime export, recorded as used. */
  runtime(name: string): string {
    const id = this.runtimeIds.get(name) ?? name;
    this.runtimeUsed.add(name);
    return id;
  }

  /** An import's named imports: the exported name and the local alias when they differ. */
  importedBindings(info: ImportInfo): { name: string; alias?: string }[] {
    return [...info.used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, { exported, id }]) => (id === exported ? { name: exported } : { name: exported, alias: id }));
  }

  /** `import { Dense, Model as Model_ } from 'keraflow'`: the named imports. */
  runtimeImports(): { name: string; alias?: string }[] {
    return [...this.runtimeUsed].sort().map((name) => {
      const id = this.runtimeIds.get(name) ?? name;
      return id === name ? { name } : { name, alias: id };
    });
  }
}

function importKey(fileName: string, name: string): string {
  return `${fileName}\u0000${name}`;
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
