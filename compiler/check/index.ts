/**
 * The checker: `.kf` files in, every problem and every model's inferred
 * shapes out. It reads top to bottom as its phases:
 *   1. load the files and their imports (files.ts);
 *   2. build each file's scope: imports, constants, blocks, sequentials, models;
 *   3. check each block and layer-like sequential once on its own (names,
 *      fixed arguments), then each model, applying blocks with their arguments;
 *   4. sort the diagnostics.
 * It never throws on bad input: every input yields diagnostics.
 */
import type * as ast from '../../grammar/ast.ts';
import { closestName } from '../../runtime/engine/naming.ts';
import { resolve } from 'node:path';
import { checkDiagnostic, followsFromMissingText, type Diagnostic } from '../diagnostics.ts';
import { loadProgram, readFromDisk, type CheckOptions, type Program, type SourceInput, type SourceUnit } from './files.ts';
import { ModelGraph } from './graph.ts';
import { blockParameterTypes, blockSpec, constructValue, evaluationContext } from './constructors.ts';
import { USE_DIALECTS } from './dialect.ts';
import type { Site } from './instances.ts';
import { layerOf, runBlockBody } from './tensors.ts';
import { checkTrainingData } from './data.ts';
import { checkModel, checkSequentialModel } from './model.ts';
import { Reporter } from './report.ts';
import { FileScope, Scope, type Entity } from './scope.ts';
import type { CheckedFile, CheckedModel, CheckResult, DeclarationRef, Location } from './types.ts';
import { evaluate, UNKNOWN } from './values.ts';

export type { CheckOptions, SourceInput } from './files.ts';
export type * from './types.ts';

const emptyRange: ast.Range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };

/**
 * Checks `.kf` sources: `{fileName, text}` (an editor's buffer) or a path to
 * read, or a list of them. Imports are read with `options.readFile` (default:
 * the disk), relative to the importing file.
 */
export function check(input: string | SourceInput | readonly (string | SourceInput)[], options: CheckOptions = {}): CheckResult {
  const inputs = (Array.isArray(input) ? input : [input]) as (string | SourceInput)[];
  const unreadable: Diagnostic[] = [];
  const sources = inputs.flatMap((item): SourceInput[] => {
    if (typeof item !== 'string') return [item];
    const text = (options.readFile ?? readFromDisk)(resolve(item));
    if (text !== undefined) return [{ fileName: item, text }];
    unreadable.push(checkDiagnostic('unreadableImport', { path: item, reason: 'no such file', what: 'file' }, emptyRange, resolve(item)));
    return [];
  });
  const program = loadProgram(sources, options);
  program.diagnostics.push(...unreadable);
  const reporter = new Reporter();
  const scopes = new Map<string, FileScope>();
  const fileScope = (fileName: string) => scopes.get(fileName)!;
  const models: CheckedModel[] = [];

  for (const unit of program.units) {
    scopes.set(unit.fileName, buildFileScope(unit, scopes, reporter));
  }
  for (const unit of program.units) {
    for (const declaration of unit.ast.declarations) {
      const context = { reporter, fileName: unit.fileName, fileScope };
      // A bug in one declaration's check is reported there, and the others are still checked: `check` never throws.
      guarded(reporter, unit, declaration, () => {
        if (declaration.kind === 'Block') checkBlockDeclaration(declaration, unit, reporter, fileScope);
        else if (declaration.kind === 'Sequential') {
          if (isTrainable(declaration)) models.push(checkSequentialModel(declaration, context));
          else checkSequentialDeclaration(declaration, unit, reporter, fileScope);
        } else if (declaration.kind === 'Model') models.push(checkModel(declaration, context));
        const model = models.at(-1);
        if (options.data && unit.requested && model?.location.range === declaration.range) checkTrainingData(model, declaration as ast.Model | ast.Sequential, reporter, options.data);
      });
    }
  }

  const diagnostics = sortDiagnostics([...program.diagnostics, ...withoutSyntaxCascades(reporter.diagnostics, program)]);
  const files: CheckedFile[] = program.units.map((unit) => ({
    fileName: unit.fileName,
    ast: unit.ast,
    text: unit.text,
    imports: unit.imports.flatMap((entry) => (entry.fileName ? [entry.fileName] : [])),
    importTargets: unit.imports.map((entry) => ({ node: entry.node, fileName: entry.fileName })),
    exports: declarationsOf(unit, scopes.get(unit.fileName)!, true),
    declarations: declarationsOf(unit, scopes.get(unit.fileName)!, false),
    resolutions: reporter.resolutions.get(unit.fileName) ?? new Map(),
    sequentialInputs: reporter.sequentialInputs.get(unit.fileName) ?? new Map(),
    constructions: reporter.constructions.get(unit.fileName) ?? new Map(),
    symbols: reporter.symbols.get(unit.fileName) ?? [],
  }));
  return { models, diagnostics, files };
}

/** A file's own named declarations in source order (each name once, as its scope holds it); `exported`: only what an import brings. */
function declarationsOf(unit: SourceUnit, scope: FileScope, exported: boolean): DeclarationRef[] {
  const table = exported ? scope.exported : scope;
  const found: DeclarationRef[] = [];
  for (const declaration of unit.ast.declarations) {
    if (declaration.kind === 'Import') continue;
    const entity = table instanceof Map ? table.get(declaration.name.name) : table.own(declaration.name.name);
    if (entity && 'ref' in entity && entity.ref.declaration === declaration) found.push(entity.ref);
  }
  return found;
}

/** Runs one declaration's check; an exception becomes a diagnostic at the declaration (KF219 when the stack ran out, KF299 for a bug). */
function guarded<T>(reporter: Reporter, unit: SourceUnit, declaration: ast.Declaration, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    const name = 'name' in declaration ? declaration.name : declaration;
    const described = `${declaration.kind.toLowerCase()} ${'name' in declaration ? declaration.name.name : ''}`.trim();
    const detail = error instanceof Error ? error.message : String(error);
    // The stack runs out only on nesting thousands deep: a limit, not a bug.
    const diagnostic =
      error instanceof RangeError && /call stack/i.test(detail)
        ? checkDiagnostic('nestingTooDeep', { declaration: described }, name.range, unit.fileName)
        : checkDiagnostic('internalError', { declaration: described, error: detail }, name.range, unit.fileName);
    reporter.diagnostics.push(diagnostic);
    return undefined;
  }
}

/** A sequential whose first item is `Input(...)` is a model; otherwise a layer-like definition. */
export function isTrainable(declaration: ast.Sequential): boolean {
  const first = declaration.layers[0];
  if (!first) return false;
  const callee = first.kind === 'Call' ? first.callee : first;
  return callee.kind === 'Name' && callee.name === 'Input';
}

function buildFileScope(unit: SourceUnit, scopes: ReadonlyMap<string, FileScope>, reporter: Reporter): FileScope {
  const scope = new FileScope(unit);
  const at = (node: { range: ast.Range }): Location => ({ fileName: unit.fileName, range: node.range });
  const ref = (kind: DeclarationRef['kind'], declaration: DeclarationRef['declaration']): DeclarationRef => ({
    kind,
    name: (declaration as { name: ast.Identifier }).name.name,
    fileName: unit.fileName,
    declaration,
  });
  const declare = (name: ast.Identifier, entity: Entity, exported: boolean) => {
    const existing = scope.own(name.name);
    if (existing && existing.kind !== 'import') {
      reporter.report('definedTwice', { name: name.name }, at(name), [
        { message: `'${name.name}' is first defined here`, range: existing.symbol.definition.range, fileName: existing.symbol.definition.fileName },
      ]);
      return;
    }
    scope.set(name.name, entity);
    if (exported) scope.exported.set(name.name, entity);
  };

  const use = unit.ast.dialect;
  if (use && !USE_DIALECTS.includes(use.dialect.name)) reporter.report('unknownDialect', { name: use.dialect.name }, at(use.dialect));
  // Imports first: a file's own declarations take precedence over what a plain import brings.
  for (const entry of unit.imports) {
    const imported = entry.fileName ? scopes.get(entry.fileName) : undefined;
    if (entry.node.alias) {
      const alias = entry.node.alias;
      const symbol = reporter.define(alias.name, 'import', at(alias));
      scope.set(alias.name, { kind: 'import', scope: imported ?? new FileScope(undefined, true), symbol });
    } else if (imported) {
      for (const [name, entity] of imported.exported) scope.set(name, entity);
    }
  }
  for (const declaration of unit.ast.declarations) {
    const name = 'name' in declaration ? declaration.name : undefined;
    if (!name) continue;
    if (declaration.kind === 'Block') {
      declare(name, { kind: 'block', declaration, unit, symbol: reporter.define(name.name, 'block', at(name)), ref: ref('block', declaration) }, true);
    } else if (declaration.kind === 'Sequential') {
      const trainable = isTrainable(declaration);
      declare(
        name,
        {
          kind: 'sequential',
          declaration,
          unit,
          trainable,
          symbol: reporter.define(name.name, trainable ? 'model' : 'sequential', at(name)),
          ref: ref(trainable ? 'model' : 'sequential', declaration),
        },
        !trainable,
      );
    } else if (declaration.kind === 'Model') {
      declare(name, { kind: 'model', declaration, symbol: reporter.define(name.name, 'model', at(name)), ref: ref('model', declaration) }, false);
    }
  }
  // Constants in order: each sees the ones above it.
  const graph = new ModelGraph(reporter);
  const site: Site = { reporter, fileName: unit.fileName, scope, graph, fileScope: (f) => scopes.get(f) ?? scope };
  for (const declaration of unit.ast.declarations) {
    if (declaration.kind !== 'Let') continue;
    const value = guarded(reporter, unit, declaration, () => evaluate(declaration.value, { ...evaluationContext(site), construct: (e) => constructValue(e, site) })) ?? UNKNOWN;
    declare(declaration.name, { kind: 'constant', value, symbol: reporter.define(declaration.name.name, 'constant', at(declaration.name)), ref: ref('constant', declaration) }, true);
  }
  return scope;
}

/** A block on its own: names, parameter types and defaults, and what does not depend on its arguments. */
function checkBlockDeclaration(block: ast.Block, unit: SourceUnit, reporter: Reporter, fileScope: (f: string) => FileScope): void {
  const scope = new Scope(fileScope(unit.fileName));
  const graph = new ModelGraph(reporter);
  const at = (node: { range: ast.Range }): Location => ({ fileName: unit.fileName, range: node.range });
  const site: Site = { reporter, fileName: unit.fileName, scope, graph, fileScope, cache: new Map() };
  reporter.declaring(() => {
    for (const parameter of block.parameters) {
      const type = parameter.type?.name;
      if (type && !(blockParameterTypes as readonly string[]).includes(type)) {
        reporter.report('unknownParameterType', { name: type, types: blockParameterTypes, suggestion: closestName(type, blockParameterTypes) }, at(parameter.type!));
      }
    }
    blockSpec(block, site);
    for (const parameter of block.parameters) {
      scope.set(parameter.name.name, { kind: 'parameter', value: UNKNOWN, symbol: reporter.define(parameter.name.name, 'parameter', at(parameter.name), { container: block.name.name }) });
    }
    for (const input of block.inputs) {
      const id = graph.addTensor(undefined, at(input));
      scope.set(input.name, { kind: 'tensor', tensor: id, symbol: reporter.define(input.name, 'tensor', at(input), { container: block.name.name }) });
    }
    runBlockBody(block, { ...site, cache: undefined });
  });
}

/** A layer-like sequential on its own: each item names a layer and binds its arguments. */
function checkSequentialDeclaration(declaration: ast.Sequential, unit: SourceUnit, reporter: Reporter, fileScope: (f: string) => FileScope): void {
  const site: Site = { reporter, fileName: unit.fileName, scope: fileScope(unit.fileName), graph: new ModelGraph(reporter), fileScope };
  reporter.declaring(() => {
    for (const item of declaration.layers) layerOf(item, site);
  });
  if (declaration.training.length > 0) {
    reporter.report(
      'wrongKind',
      {
        name: declaration.name.name,
        is: 'a layer-like sequential (its first item is not Input)',
        expected: 'a model for loss, metrics, optimizer or train: start it with `Input([...])`',
      },
      { fileName: unit.fileName, range: declaration.training[0].range },
    );
  }
}

function withoutSyntaxCascades(diagnostics: Diagnostic[], program: Program): Diagnostic[] {
  const damaged = new Map<string, ast.Range[]>();
  for (const syntax of program.diagnostics) {
    if (!syntax.code.startsWith('KF1') || !syntax.fileName) continue;
    const unit = program.units.find((u) => u.fileName === syntax.fileName);
    const declaration = unit?.ast.declarations.find((d) => d.range.start.offset <= syntax.range.start.offset && syntax.range.start.offset <= d.range.end.offset);
    if (declaration) damaged.set(syntax.fileName, [...(damaged.get(syntax.fileName) ?? []), declaration.range]);
  }
  return diagnostics.filter((d) => {
    if (!followsFromMissingText(d.code)) return true;
    const ranges = damaged.get(d.fileName ?? '') ?? [];
    return !ranges.some((r) => r.start.offset <= d.range.start.offset && d.range.start.offset <= r.end.offset);
  });
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => (a.fileName ?? '').localeCompare(b.fileName ?? '') || a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code));
}
