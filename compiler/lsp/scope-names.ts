/**
 * The names visible at a place, read from syntax trees: the top level's
 * constants, blocks and sequentials (and those of imported files), import
 * qualifiers, and the enclosing model's or block's tensors, layers and
 * parameters. Completion lists them; it must work on half-typed text, so the
 * document's own names come from the tree the parser recovered. What an
 * import brings comes from the checker's result for that file (the checker
 * already read and parsed it, and knows which names it exports).
 */
import { dirname, resolve } from 'node:path';
import type { CheckResult } from '../check/types.ts';
import type { ast } from '../index.ts';

export type NameKind = 'constant' | 'block' | 'sequential' | 'model' | 'import' | 'input' | 'tensor' | 'output' | 'layer' | 'parameter';

export interface VisibleName {
  name: string;
  kind: NameKind;
  /** Where it comes from, for the completion detail: "blocks.kf". */
  from?: string;
}

/** The declaration the offset is in (or the last one before it, when the text is too broken to contain it). */
export function declarationAt(tree: ast.File, offset: number): ast.Declaration | undefined {
  let found: ast.Declaration | undefined;
  for (const declaration of tree.declarations) if (declaration.range.start.offset <= offset) found = declaration;
  return found;
}

/** The constants, blocks and sequentials this file declares at its top level. */
function ownTopLevelNames(tree: ast.File): VisibleName[] {
  const names: VisibleName[] = [];
  for (const declaration of tree.declarations) {
    if (declaration.kind === 'Let') names.push({ name: declaration.name.name, kind: 'constant' });
    else if (declaration.kind === 'Block') names.push({ name: declaration.name.name, kind: 'block' });
    else if (declaration.kind === 'Sequential') names.push({ name: declaration.name.name, kind: 'sequential' });
  }
  return names;
}

/** The checker's result for the file an import names, or undefined when it could not be read. */
function importedFile(fileName: string, declaration: ast.Import, result: CheckResult | undefined) {
  const target = resolve(dirname(fileName), declaration.path.value);
  return result?.files.find((file) => file.fileName === target);
}

/** Top-level names of `tree` and of the files it imports without `as`; import qualifiers. */
export function topLevelNames(tree: ast.File, fileName: string, result: CheckResult | undefined): VisibleName[] {
  const names = ownTopLevelNames(tree);
  for (const declaration of tree.declarations) {
    if (declaration.kind === 'Model') names.push({ name: declaration.name.name, kind: 'model' });
    if (declaration.kind !== 'Import') continue;
    if (declaration.alias) names.push({ name: declaration.alias.name, kind: 'import', from: declaration.path.value });
    else names.push(...importedNames(fileName, declaration, result));
  }
  return names;
}

/** What `Qualifier.` offers: the top-level names of the file imported `as Qualifier`. */
export function qualifiedNames(tree: ast.File, fileName: string, qualifier: string, result: CheckResult | undefined): VisibleName[] {
  const declaration = tree.declarations.find((item): item is ast.Import => item.kind === 'Import' && item.alias?.name === qualifier);
  return declaration ? importedNames(fileName, declaration, result) : [];
}

/** The names the file an import names exports, in the order they are written there, as the checker found them. */
function importedNames(fileName: string, declaration: ast.Import, result: CheckResult | undefined): VisibleName[] {
  const exports = importedFile(fileName, declaration, result)?.exports ?? [];
  return exports.map((exported) => ({ name: exported.name, kind: exported.kind as NameKind, from: declaration.path.value }));
}

/** Names a model, block or sequential declares inside itself. */
export function localNames(declaration: ast.Declaration | undefined): VisibleName[] {
  if (!declaration) return [];
  const names: VisibleName[] = [];
  if (declaration.kind === 'Block') {
    for (const parameter of declaration.parameters) names.push({ name: parameter.name.name, kind: 'parameter' });
    for (const input of declaration.inputs) names.push({ name: input.name, kind: 'input' });
  }
  if (declaration.kind === 'Block' || declaration.kind === 'Model') {
    for (const statement of declaration.body) {
      if (statement.kind === 'Input') names.push({ name: statement.name.name, kind: 'input' });
      else if (statement.kind === 'Assignment') names.push({ name: statement.name.name, kind: 'tensor' });
      else if (statement.kind === 'Destructuring') for (const name of statement.names) names.push({ name: name.name, kind: 'tensor' });
      else if (statement.kind === 'Output') names.push({ name: statement.name.name, kind: 'output' });
      else if (statement.kind === 'Layer') names.push({ name: statement.name.name, kind: 'layer' });
    }
  }
  return names;
}

/** The outputs of the model the offset is in: what `loss` and `metrics` name. */
export function outputNames(declaration: ast.Declaration | undefined): string[] {
  if (declaration?.kind !== 'Model') return [];
  return declaration.body.filter((statement): statement is ast.Output => statement.kind === 'Output').map((statement) => statement.name.name);
}

/** A block, looked up in this file and the files it imports (by `Qualifier.Name` too, as the checker read them), with the text of the file it is in. */
export function blockNamed(tree: ast.File, text: string, fileName: string, name: string, result: CheckResult | undefined, qualifier?: string): { block: ast.Block; text: string } | undefined {
  const own = tree.declarations.find((item): item is ast.Block => item.kind === 'Block' && item.name.name === name);
  if (own && !qualifier) return { block: own, text };
  for (const declaration of tree.declarations) {
    if (declaration.kind !== 'Import' || (declaration.alias?.name ?? undefined) !== qualifier) continue;
    const imported = importedFile(fileName, declaration, result);
    const found = imported?.exports.find((exported) => exported.kind === 'block' && exported.name === name);
    if (found) return { block: found.declaration as ast.Block, text: imported!.text };
  }
  return undefined;
}
