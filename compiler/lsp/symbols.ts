/** The declared name under the cursor, and every place the same name is defined or used, from the checker's symbol tables. */
import type { CheckResult, Location, SymbolInfo } from '../check/types.ts';
import { contains } from './positions.ts';

export interface SymbolHit {
  symbol: SymbolInfo;
  /** The occurrence under the cursor (the definition or one reference). */
  occurrence: Location;
}

/** Kinds of names other files can use (through `import`); the others are local to one file. */
const importableKinds = new Set<SymbolInfo['kind']>(['constant', 'block', 'sequential', 'model']);

export function isImportable(symbol: SymbolInfo): boolean {
  return importableKinds.has(symbol.kind);
}

function allSymbols(result: CheckResult): SymbolInfo[] {
  return result.files.flatMap((file) => file.symbols);
}

/** The symbol with the smallest occurrence containing `offset` in `fileName`. */
export function symbolAt(result: CheckResult, fileName: string, offset: number): SymbolHit | undefined {
  let best: SymbolHit | undefined;
  let bestLength = Infinity;
  for (const symbol of allSymbols(result)) {
    for (const occurrence of [symbol.definition, ...symbol.references]) {
      if (occurrence.fileName !== fileName || !contains(occurrence.range, offset)) continue;
      const length = occurrence.range.end.offset - occurrence.range.start.offset;
      if (length < bestLength) {
        best = { symbol, occurrence };
        bestLength = length;
      }
    }
  }
  return best;
}

export function sameSymbol(first: SymbolInfo, second: SymbolInfo): boolean {
  return (
    first.name === second.name && first.kind === second.kind && first.definition.fileName === second.definition.fileName && first.definition.range.start.offset === second.definition.range.start.offset
  );
}

/** Every occurrence of `symbol` known to any of `results`, each place once, the definition first. */
export function occurrencesOf(symbol: SymbolInfo, results: CheckResult[], includeDefinition: boolean): Location[] {
  const seen = new Set<string>();
  const locations: Location[] = [];
  const add = (location: Location) => {
    const key = `${location.fileName}:${location.range.start.offset}:${location.range.end.offset}`;
    if (seen.has(key)) return;
    seen.add(key);
    locations.push(location);
  };
  if (includeDefinition) add(symbol.definition);
  else seen.add(`${symbol.definition.fileName}:${symbol.definition.range.start.offset}:${symbol.definition.range.end.offset}`);
  for (const result of results) {
    for (const other of allSymbols(result)) if (sameSymbol(symbol, other)) other.references.forEach(add);
  }
  symbol.references.forEach(add);
  const [first, ...rest] = locations;
  if (!includeDefinition || !first) return locations.sort(byPlace);
  return [first, ...rest.sort(byPlace)];
}

function byPlace(first: Location, second: Location): number {
  return first.fileName.localeCompare(second.fileName) || first.range.start.offset - second.range.start.offset;
}
