/**
 * Chevrotain's parse errors as syntax problems that say what was expected,
 * after what, and what was found ("expected `=` or `:` after input name
 * `x`, found `[`"), instead of token-type names.
 *
 * The message provider runs while parsing, where only the expected token
 * types are known; it passes their descriptions on (as JSON) to
 * `problemFromError`, which adds the context from the token stream.
 */
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from '../chevrotain.ts';
import type { Position } from '../ast.ts';
import { isVirtual } from '../layout.ts';
import { emptyRangeAt, endOf, rangeOf } from '../positions.ts';
import type { SyntaxProblem } from '../problems.ts';
import * as t from '../tokens.ts';

const encode = (expected: string[]) => JSON.stringify(expected);

function firstTokenDescriptions(paths: TokenType[][]): string[] {
  const descriptions = paths.filter((path) => path.length > 0).map((path) => t.describeTokenType(path[0]!));
  return [...new Set(descriptions)];
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode([t.describeTokenType(expected)]),
  buildNotAllInputParsedMessage: () => encode(['the end of the file']),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) =>
    encode(customUserDescription !== undefined ? [customUserDescription] : firstTokenDescriptions(expectedPathsPerAlt.flat())),
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) => encode(customUserDescription !== undefined ? [customUserDescription] : firstTokenDescriptions(expectedIterationPaths)),
};

/** What the name after each keyword is, for "after input name `x`". */
const nameRoles = new Map<TokenType, string>([
  [t.Input, 'input name'],
  [t.Output, 'output name'],
  [t.Layer, 'layer name'],
  [t.Let, 'constant name'],
  [t.Model, 'model name'],
  [t.Sequential, 'sequential name'],
  [t.Block, 'block name'],
  [t.Loss, 'output name'],
  [t.Metrics, 'output name'],
  [t.As, 'alias'],
]);

export function problemFromError(error: IRecognitionException, tokens: IToken[], endOfText: Position): SyntaxProblem {
  const found = error.token;
  const isEnd = found.tokenType === EOF || !Number.isFinite(found.startOffset);
  const foundIndex = isEnd ? tokens.length : indexOfToken(tokens, found);
  // The token before `found` in the stream: Chevrotain's `previousToken` can be past it after a resync.
  const previous = foundIndex > 0 ? tokens[foundIndex - 1] : undefined;
  const lastReal = lastRealTokenBefore(tokens, foundIndex);
  const real = isEnd ? undefined : firstRealTokenFrom(tokens, foundIndex);
  const foundIsGap = real === undefined || real !== found || found.tokenType === t.Newline;
  const range = !foundIsGap ? rangeOf(found) : emptyRangeAt(lastReal !== undefined ? endOf(lastReal) : real !== undefined ? rangeOf(real).start : endOfText);
  return {
    kind: 'unexpectedToken',
    range,
    expected: withCommaBeforeCloser(decode(error.message), previous),
    found: describeFound(real),
    after: previous !== undefined ? describePrevious(previous, tokens, foundIndex - 1) : undefined,
  };
}

/** Brackets hold comma-separated lists: after an item, a comma would do as well as the closer. */
function withCommaBeforeCloser(expected: string[], previous: IToken | undefined): string[] {
  const afterItem = previous !== undefined && !listStarts.has(previous.tokenType);
  if (afterItem && expected.length === 1 && closerDescriptions.has(expected[0]!)) return ['`,`', expected[0]!];
  return expected;
}

const closerDescriptions = new Set(['`)`', '`]`', '`}`']);
const listStarts = new Set<TokenType>([t.LParen, t.LBracket, t.LBrace, t.Comma]);

function decode(message: string): string[] {
  try {
    const expected: unknown = JSON.parse(message);
    if (Array.isArray(expected) && expected.every((item) => typeof item === 'string')) return expected;
  } catch {
    // Not one of ours: fall through to the generic wording.
  }
  return ['something else'];
}

/** The token the reader sees at `index`: that one, or the next real one if layout made it up. */
function firstRealTokenFrom(tokens: IToken[], index: number): IToken | undefined {
  for (let next = Math.max(index, 0); next < tokens.length; next++) {
    if (!isVirtual(tokens[next]!)) return tokens[next];
  }
  return undefined;
}

function lastRealTokenBefore(tokens: IToken[], index: number): IToken | undefined {
  for (let previous = index - 1; previous >= 0; previous--) {
    if (!isVirtual(tokens[previous]!)) return tokens[previous];
  }
  return undefined;
}

export function describeFound(token: IToken | undefined): string {
  if (token === undefined) return 'the end of the file';
  if (token.tokenType === t.Newline) return 'the end of the line';
  return quote(token.image);
}

function describePrevious(previous: IToken, tokens: IToken[], index: number): string | undefined {
  if (isVirtual(previous) || previous.tokenType === t.Newline || previous.tokenType === t.Semicolon) return undefined;
  if (previous.tokenType === t.Identifier) {
    const role = index > 0 ? nameRoles.get(tokens[index - 1]!.tokenType) : undefined;
    if (role !== undefined) return `${role} ${quote(previous.image)}`;
  }
  return quote(previous.image);
}

function quote(image: string): string {
  const shown = image.length > 24 ? image.slice(0, 20) + '...' : image;
  return '`' + shown + '`';
}

/** Index of `token` in `tokens` (sorted by offset), or -1. */
function indexOfToken(tokens: IToken[], token: IToken): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.startOffset < token.startOffset) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < tokens.length && tokens[index]!.startOffset === token.startOffset; index++) {
    if (tokens[index] === token) return index;
  }
  return -1;
}
