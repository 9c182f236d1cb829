/**
 * The code generator: one `.kf` file -> one TypeScript module calling the
 * Keraflow runtime, built with ts-morph (structures and writer functions,
 * never whole-source string concatenation), formatted with fixed settings,
 * and deterministic (the same input gives the same bytes).
 *
 * What a `.kf` file becomes (docs/language.md, "What `keraflow compile` gives you"):
 *
 *   let hidden = 64            export const hidden = 64;
 *
 *   block Residual(units: int, act = relu)(x) { ... }
 *                              export class Residual {
 *                                private readonly dense1: Dense; ...
 *                                constructor(units: number, act: string = "relu") { this.dense1 = at(source, 3, () => new Dense(units, { activation: act })); ... }
 *                                apply(x: KensorLike): Kensor { const h = ...; return ...; }
 *                              }
 *     The constructor makes the block's layers once; `apply(x)` (or
 *     `apply([a, b])` for several tensor parameters) links them and returns
 *     the output Kensor, so `new Residual(64).apply(x)` works from
 *     hand-written TypeScript and applying one instance twice shares its
 *     weights. A block is not a runtime Layer: its layers join the applying
 *     model's graph as ordinary catalogue layers (the model saves and loads
 *     like any other).
 *
 *   sequential Encoder { Dense(64) ... }   (no Input first: layer-like)
 *                              export interface Encoder extends Sequential {}
 *                              export class Encoder { constructor() { return new Sequential([...]) as Encoder; } }
 *     `new Encoder()` is a new runtime Sequential of new layers (a layer).
 *
 *   model Siamese { ... }      export function buildSiamese(): Model { ... }   (compiled when it has a loss)
 *                              export const siameseTrain: {...} = { batchSize: 128, ... };
 *   sequential MnistMlp { Input(...) ... }
 *                              export function buildMnistMlp(): Sequential { ... }, mnistMlpTrain
 *
 *   import "./blocks.kf"       import { Residual } from "./blocks.js";   (the names used)
 *   import "./blocks.kf" as B  import * as B from "./blocks.js";
 *     An import refers to the sibling module that compiling the imported
 *     file writes (`x.kf` -> `x.ts`, imported as `./x.js`, as nodenext
 *     requires), by the names that module exports.
 *
 * The emitter resolves no name: what each name means (a tensor, a layer, a
 * constant of this or an imported file, an alias, a runtime class) is the
 * checker's resolution (`CheckedFile.resolutions`); the emitter only gives
 * each `.kf` name its TypeScript identifier.
 *
 * A sequential holding a block instance cannot be a runtime Sequential (a
 * block is not a layer): a layer-like one becomes a block-like class with
 * `apply(x)`, an Input-headed one a functional Model.
 *
 * Every statement carries `// file.kf:LINE`, and every layer construction
 * and application runs inside `at(source, LINE, () => ...)`
 * (runtime/source-location.ts), so an error raised while building names the
 * `.kf` file and line (inside a block: the block's line, then `(via ...)`
 * the line applying it). A chain written over several lines becomes one
 * statement per line (`h1`, `h2`, then `h`). Arithmetic on number literals
 * is computed; with names it stays TypeScript arithmetic (`//` as
 * `Math.floor(a / b)`, `%` with Python's sign rule). Lists are declared as
 * tuples so that `poolSize: [number, number]` accepts them. `.kf` names that are TypeScript reserved words get
 * `_` appended (names.ts); strings, dict keys and comments are escaped
 * (literals.ts). Emission assumes a file the checker accepted, but never
 * throws on any file the checker returned.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, ts, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures } from 'ts-morph';
import { isTrainable } from '../check/index.ts';
import type { CheckedFile } from '../check/types.ts';
import { emitBlock } from './blocks.ts';
import { commentText, stringLiteral } from './literals.ts';
import { ModuleContext, type ModuleExports } from './module.ts';

export type { ModuleExports } from './module.ts';
import { emitModel } from './models.ts';
import { FunctionScope } from './references.ts';
import { emitLayerSequential, emitModelSequential } from './sequentials.ts';
import { constantType, emitValue } from './values.ts';

export interface EmitOptions {
  /** The module the generated code imports the runtime from (default 'keraflow', the package's own name). */
  runtimeImport?: string;
  /** The module a `use keras` file's layers come from (default: the runtime's Keras entry, `keraflow/keras` beside 'keraflow'). */
  kerasImport?: string;
  /** The exports of the module emitted for another file: each file a module imports is emitted before it. */
  exportsOf(fileName: string): ModuleExports | undefined;
}

/** One `.kf` file's TypeScript module, and the names it exports. */
export interface EmittedModule {
  /** The `.kf` file (absolute path). */
  fileName: string;
  text: string;
  exports: ModuleExports;
}

const FORMAT_SETTINGS = {
  indentSize: 2,
  tabSize: 2,
  convertTabsToSpaces: true,
  ensureNewLineAtEndOfFile: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  semicolons: ts.SemicolonPreference.Insert,
};

/**
 * The whole TypeScript module for a checked `.kf` file, from what the
 * checker resolved (`compile()` in compiler/compile.ts calls it for each
 * file, imports first). Meant for a file without errors; never throws on
 * any file the checker returned.
 */
export function emitModule(file: CheckedFile, options: EmitOptions): EmittedModule {
  const module = new ModuleContext(file, { fileName: file.fileName, exportsOf: options.exportsOf });
  // Every statement is gathered first and the file is written once: ts-morph re-parses its whole text on each
  // manipulation (an `addX` per declaration made emitting quadratic in the number of declarations).
  const body: StatementStructures[] = [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The .kf file this module was generated from, as errors name it.'],
      declarations: [{ name: module.sourceId, initializer: stringLiteral(module.displayName) }],
    },
  ];
  const topScope = new FunctionScope(module, module.allocator);
  for (const declaration of file.ast.declarations) {
    switch (declaration.kind) {
      case 'Import':
        break;
      case 'Let':
        body.push({
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          docs: [`let ${commentText(declaration.name.name)} (${module.displayComment}:${declaration.range.start.line + 1})`],
          declarations: [
            {
              name: module.declarationId(declaration),
              type: constantType(declaration.value, topScope),
              initializer: emitValue(declaration.value, topScope),
            },
          ],
        });
        break;
      case 'Block':
        body.push({ kind: StructureKind.Class, ...emitBlock(declaration, module) });
        break;
      case 'Sequential':
        if (isTrainable(declaration)) {
          const emitted = emitModelSequential(declaration, module);
          body.push({ kind: StructureKind.Function, ...emitted.build }, { kind: StructureKind.VariableStatement, ...emitted.train });
        } else {
          const emitted = emitLayerSequential(declaration, module);
          if (emitted.interface) body.push({ kind: StructureKind.Interface, ...emitted.interface });
          body.push({ kind: StructureKind.Class, ...emitted.class });
        }
        break;
      case 'Model': {
        const emitted = emitModel(declaration, module);
        body.push({ kind: StructureKind.Function, ...emitted.build }, { kind: StructureKind.VariableStatement, ...emitted.train });
        break;
      }
    }
  }
  // Imports last: only now is it known which names the code used.
  const typeOnly = new Set(['Kensor', 'KensorLike', 'TrainDefaults']);
  const runtimeImports = module.runtimeImports();
  const imports = module.imports
    .map((info) =>
      info.namespace ? { moduleSpecifier: info.moduleSpecifier, namespaceImport: info.namespace } : { moduleSpecifier: info.moduleSpecifier, namedImports: module.importedBindings(info) },
    )
    .filter((declaration) => declaration.namespaceImport || declaration.namedImports!.length > 0);
  // A module that uses nothing from the runtime (only constants) does not import it: importing it starts a backend.
  const runtime =
    runtimeImports.length === 0
      ? []
      : [
          {
            moduleSpecifier: options.runtimeImport ?? 'keraflow',
            namedImports: runtimeImports.map((binding) => ({ ...binding, isTypeOnly: typeOnly.has(binding.name) })),
          },
        ];
  const kerasBindings = module.kerasImport();
  const keras = kerasBindings.length > 0 ? [{ moduleSpecifier: options.kerasImport ?? kerasModuleOf(options.runtimeImport), namedImports: kerasBindings }] : [];
  const importStructures: StatementStructures[] = [...runtime, ...keras, ...imports].map((declaration) => ({ kind: StructureKind.ImportDeclaration, ...declaration }));
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double, newLineKind: NewLineKind.LineFeed },
  });
  const output = project.createSourceFile('generated.ts', {
    statements: [
      `// Generated by keraflow from ${commentText(module.displayName)} — do not edit.`,
      ...importStructures,
      // A blank line between the imports and the code.
      ...(importStructures.length > 0 ? [(writer: CodeBlockWriter) => writer.blankLine()] : []),
      ...body,
    ],
  });
  // ts-morph writes a specifier's characters as they are: escape them as every other string here (rarely needed: each is a re-parse).
  for (const declaration of output.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifier();
    const escaped = stringLiteral(declaration.getModuleSpecifierValue());
    if (specifier.getText() !== escaped) specifier.replaceWithText(escaped);
  }
  output.formatText(FORMAT_SETTINGS);
  return { fileName: file.fileName, text: output.getFullText(), exports: module.exports };
}

/**
 * The Keras 3 entry beside a runtime module: `keraflow` -> `keraflow/keras`;
 * a file of the runtime itself (`.../runtime/node.ts`, `index.js`, as the
 * CLI's train imports it) -> `.../runtime/keras/index.ts` (`.js`).
 */
export function kerasModuleOf(runtimeImport = 'keraflow'): string {
  const file = /\/(?:node|index)\.(ts|js)$/.exec(runtimeImport);
  return file ? `${runtimeImport.slice(0, file.index)}/keras/index.${file[1]}` : `${runtimeImport}/keras`;
}
