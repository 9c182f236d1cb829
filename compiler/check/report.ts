/**
 * Where diagnostics and name uses go while checking. Inside a block or a
 * layer-like sequential being applied, a problem is reported at the
 * application (in the file the user is looking at), with the place inside
 * the block as a related location; the block's own declaration pass reports
 * what does not depend on how it is applied (unknown names, fixed
 * arguments), once.
 */
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import type { KeraflowError, Wording } from '../../runtime/errors.ts';
import type * as ast from '../../grammar/ast.ts';
import { checkDiagnostic, type CheckData, type CheckProblem, type Diagnostic, type RelatedInformation, type RuntimeProblem } from '../diagnostics.ts';
import type { BoundConstruction, Location, Resolution, SymbolInfo, SymbolKind } from './types.ts';

/** `.kf`'s words for the runtime's messages: argument names in snake_case, and `tensor` for the runtime's Kensor. */
export const kfWording: Wording = { argument: toSnakeCase, tensor: 'tensor' };

/** A runtime error as a diagnostic's data: its message made in `.kf` words where it was made, and its fields. */
export function runtimeProblem(error: KeraflowError): RuntimeProblem {
  const problem: RuntimeProblem = { runtimeMessage: error.messageIn(kfWording) };
  if (error.layer !== undefined) problem.layer = error.layer;
  if (error.argument !== undefined) problem.argument = toSnakeCase(error.argument);
  if (error.expected !== undefined) problem.expected = error.expected;
  if (error.given !== undefined) problem.given = error.given;
  if (error.key !== undefined) problem.key = error.key;
  if (error.suggestion !== undefined) problem.suggestion = error.suggestion;
  if (error.reason !== undefined) problem.reason = error.reason;
  return problem;
}

/** An application of a block or sequential being checked: where it is applied, and what. */
interface Application {
  location: Location;
  what: string;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols = new Map<string, SymbolInfo[]>();
  /** What each name node means, per file (the checker's result; emitters read it instead of resolving again). */
  readonly resolutions = new Map<string, Map<ast.Name | ast.QualifiedName, Resolution>>();
  /** Per file: each call that made an Input-headed sequential's tensor, and the name its Input took in the model. */
  readonly sequentialInputs = new Map<string, Map<ast.Call, string>>();
  /** How each constructor call was bound, per file (emitters place arguments from it instead of binding again). */
  readonly constructions = new Map<string, Map<ast.Call, BoundConstruction>>();
  private readonly applications: Application[] = [];
  /** Keys of problems the declaration pass of a block reported, not repeated at each application. */
  private readonly reportedInDeclarations = new Set<string>();
  /** True while checking a block's or sequential's declaration (parameters unknown): see `declaring`. */
  private declarationPass = false;
  /** Codes reported by the current layer application, for the graph's red marks. */
  private codeSink?: string[];

  /** Whether names and their uses should be recorded and reported now (once per declaration, not per application). */
  get recordingNames(): boolean {
    return this.applications.length === 0;
  }

  report<Problem extends CheckProblem>(problem: Problem, data: CheckData<Problem>, location: Location, related: RelatedInformation[] = []): void {
    const inner = checkDiagnostic(problem, data, location.range, location.fileName);
    const key = `${inner.code}@${location.fileName}:${location.range.start.offset}`;
    if (this.declarationPass) this.reportedInDeclarations.add(key);
    else if (this.applications.length > 0 && this.reportedInDeclarations.has(key)) return;
    this.codeSink?.push(inner.code);
    if (this.applications.length === 0) {
      if (related.length) inner.related = related;
      this.diagnostics.push(inner);
      return;
    }
    // At the outermost application, with each inner application and the place itself as related locations.
    const outermost = this.applications[0];
    const innermost = this.applications.at(-1)!;
    const steps = [...this.applications.slice(1).map((a) => ({ ...a.location, message: `through ${a.what}` })), { ...location, message: `in ${innermost.what}` }];
    this.diagnostics.push({
      ...inner,
      message: `${inner.message} (in ${innermost.what})`,
      range: outermost.location.range,
      fileName: outermost.location.fileName,
      related: [...steps, ...related],
    });
  }

  /**
   * Runs `check` as a block's or sequential's declaration pass: what it
   * reports is reported once, here, and not again at each application.
   */
  declaring<T>(check: () => T): T {
    const outer = this.declarationPass;
    this.declarationPass = true;
    try {
      return check();
    } finally {
      this.declarationPass = outer;
    }
  }

  /** Runs `check` as the application of `what` at `location`. */
  within<T>(location: Location, what: string, check: () => T): T {
    this.applications.push({ location, what });
    try {
      return check();
    } finally {
      this.applications.pop();
    }
  }

  /** Runs `apply`, collecting the codes it reports. */
  collectingCodes<T>(apply: () => T): { result: T; codes: string[] } {
    const outer = this.codeSink;
    const codes: string[] = [];
    this.codeSink = codes;
    try {
      return { result: apply(), codes };
    } finally {
      this.codeSink = outer;
      outer?.push(...codes);
    }
  }

  // --------------------------------------------------------------- symbols

  define(name: string, kind: SymbolKind, definition: Location, extra: Partial<SymbolInfo> = {}): SymbolInfo {
    const info: SymbolInfo = { name, kind, definition, references: [], ...extra };
    if (!this.recordingNames) return info;
    const list = this.symbols.get(definition.fileName) ?? [];
    list.push(info);
    this.symbols.set(definition.fileName, list);
    return info;
  }

  /** Records what a name node means (the first resolution of a node stands: every application of a block agrees). */
  resolve(fileName: string, node: ast.Name | ast.QualifiedName, resolution: Resolution): void {
    let map = this.resolutions.get(fileName);
    if (!map) this.resolutions.set(fileName, (map = new Map()));
    if (!map.has(node)) map.set(node, resolution);
  }

  sequentialInput(fileName: string, call: ast.Call, inputName: string): void {
    let map = this.sequentialInputs.get(fileName);
    if (!map) this.sequentialInputs.set(fileName, (map = new Map()));
    map.set(call, inputName);
  }

  /** Records how a call was bound (the first binding stands: every application of a block binds its calls alike). */
  bound(fileName: string, call: ast.Call, construction: BoundConstruction): void {
    let map = this.constructions.get(fileName);
    if (!map) this.constructions.set(fileName, (map = new Map()));
    if (!map.has(call)) map.set(call, construction);
  }

  use(symbol: SymbolInfo | undefined, location: Location): void {
    if (!symbol || !this.recordingNames) return;
    if (symbol.references.some((r) => r.fileName === location.fileName && r.range.start.offset === location.range.start.offset)) return;
    symbol.references.push(location);
  }
}
