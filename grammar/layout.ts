/**
 * Which newlines end statements, and balanced brackets for the parser.
 *
 * The parser reads `terminator statement?` repeatedly, so the stream starts
 * with a terminator and every body's `{` is followed by one and its `}`
 * preceded by one; body braces are retyped `BodyOpen`/`BodyClose`.
 *
 * A newline is significant only outside `(`, `[` and dict `{`, and not
 * after a token that asks for more (`->`, `,`, `=`, an operator) nor before
 * `->` or a body's `{`. Body braces (`model M {`, `train {`) get a newline
 * after `{` and before `}`, so the parser sees every statement end with a
 * terminator.
 *
 * Brackets are repaired here rather than in the parser, so one missing,
 * extra or wrong bracket is one problem: a stray closer is dropped; a wrong
 * one stands for the right one; an opener left open is closed before a line
 * that plainly starts a new statement, before the closer of an enclosing
 * bracket, or at the end of the file.
 */
import { createTokenInstance, type IToken, type TokenType } from './chevrotain.ts';
import type { Position } from './ast.ts';
import { emptyRangeAt, endOf, rangeOf, zeroWidthTokenFields } from './positions.ts';
import type { SyntaxProblem } from './problems.ts';
import * as t from './tokens.ts';

/** Deeper nesting is refused, so that the recursive-descent parser has a bounded stack. */
export const nestingLimit = 100;

type FrameKind = 'group' | 'dict' | 'body';

interface Frame {
  opener: IToken;
  kind: FrameKind;
  /** Column of the first token on the opener's line. */
  lineIndent: number;
}

export interface Layout {
  tokens: IToken[];
  problems: SyntaxProblem[];
}

/**
 * The line-continuation rule (docs/language.md, "Lexical"): a newline after one of
 * these tokens does not end the statement. The parser's layout, the
 * formatter's indentation and the editor's completion all read this one set.
 */
export const continuationTokens: ReadonlySet<TokenType> = new Set<TokenType>([t.Arrow, t.Comma, t.Equals, t.Colon, t.Dot, t.Plus, t.Minus, t.Star, t.Slash, t.DoubleSlash, t.Percent]);

/** Whether a line ending with `token` goes on to the next one. */
export function continuesLine(token: IToken): boolean {
  return continuationTokens.has(token.tokenType);
}

/** A `{` after one of these opens a dict; otherwise it opens a body (`model M {`, `train {`, `block B(x) {`). */
const dictContext = new Set<TokenType>([t.Equals, t.Colon, t.Comma, t.LParen, t.LBracket, t.LBrace, t.Arrow, t.Return, t.Plus, t.Minus, t.Star, t.Slash, t.DoubleSlash, t.Percent]);

/** Keywords that only start top-level declarations: one inside a body means the body was left open. */
const declarationKeywords = new Set<TokenType>([t.Import, t.Block, t.Model, t.Sequential]);

/** Keywords that start a statement and can never continue an expression. */
const statementKeywords = new Set<TokenType>([t.Import, t.Let, t.Block, t.Model, t.Sequential, t.Input, t.Output, t.Layer, t.Loss, t.Metrics, t.LossWeights, t.Optimizer, t.Train, t.Return]);

const closerOf = new Map<TokenType, TokenType>([
  [t.LParen, t.RParen],
  [t.LBracket, t.RBracket],
  [t.LBrace, t.RBrace],
]);
const closers = new Set<TokenType>([t.RParen, t.RBracket, t.RBrace]);

export function isBodyBrace(previousSignificant: IToken | undefined): boolean {
  return previousSignificant === undefined || !dictContext.has(previousSignificant.tokenType);
}

/** Tokens that layout made up (terminators, closers); they are zero-width. */
export function isVirtual(token: IToken): boolean {
  return token.endOffset! < token.startOffset;
}

export function layout(raw: IToken[], endOfText: Position): Layout {
  const tokens: IToken[] = [];
  const problems: SyntaxProblem[] = [];
  const stack: Frame[] = [];
  let lastSignificant: IToken | undefined;
  let sawNewline = false;
  let lineIndent = 0;

  const emit = (token: IToken) => tokens.push(token);
  // Every statement follows a terminator, the first one too.
  emit(virtualToken(t.Newline, { line: 0, character: 0, offset: 0 }));
  const lastEmittedIsTerminator = () => {
    const last = tokens[tokens.length - 1]!;
    return last.tokenType === t.Newline || last.tokenType === t.Semicolon;
  };
  const emitTerminator = (at: Position) => {
    if (!lastEmittedIsTerminator()) emit(virtualToken(t.Newline, at));
  };
  const hereAfterLast = (): Position => (lastSignificant ? endOf(lastSignificant) : endOfText);
  const topIsGroup = () => stack.length > 0 && stack[stack.length - 1]!.kind !== 'body';

  /** Closes frames down to (not including) `keep`, reporting each as never closed. */
  const closeFramesAbove = (keep: number) => {
    while (stack.length > keep) {
      const frame = stack.pop()!;
      const at = hereAfterLast();
      const closing = closerOf.get(frame.opener.tokenType)!;
      problems.push({
        kind: 'unclosedBracket',
        range: rangeOf(frame.opener),
        opening: frame.opener.image,
        closing: t.describeTokenType(closing).replace(/`/g, ''),
        closedAt: emptyRangeAt(at),
      });
      if (frame.kind === 'body') emitTerminator(at);
      emit(virtualToken(frame.kind === 'body' ? t.BodyClose : closing, at));
    }
  };
  const innermostBody = () => {
    for (let index = stack.length - 1; index >= 0; index--) if (stack[index]!.kind === 'body') return index;
    return -1;
  };

  for (let index = 0; index < raw.length; index++) {
    const token = raw[index]!;
    const type = token.tokenType;
    if (type === t.Newline) {
      sawNewline = true;
      continue;
    }
    const startsLine = sawNewline || lastSignificant === undefined;
    if (startsLine) lineIndent = token.startColumn! - 1;

    if (sawNewline && lastSignificant !== undefined) {
      const isDeclaration = declarationKeywords.has(type);
      // An opening bracket asks for more too (inside brackets, newlines never end a statement).
      const afterContinuation = continuesLine(lastSignificant) || closerOf.has(lastSignificant.tokenType);
      if (isDeclaration) {
        // `model` and the like start a new declaration even after a dangling `,`; frames opened on
        // lines indented as far or further than the keyword were left open (a nested one is just misplaced).
        let keep = stack.length;
        while (keep > 0 && stack[keep - 1]!.lineIndent >= lineIndent) keep--;
        closeFramesAbove(keep);
      } else if (!afterContinuation && topIsGroup() && startsNewStatement(raw, index, stack[stack.length - 1]!)) {
        closeFramesAbove(innermostBody() + 1);
      }
      const joinsPrevious = (afterContinuation && !isDeclaration) || type === t.Arrow || (type === t.LBrace && isBodyBrace(lastSignificant));
      if (!topIsGroup() && !joinsPrevious) emitTerminator(endOf(lastSignificant));
    }
    sawNewline = false;

    if (closers.has(type)) {
      const match = findOpener(stack, type);
      const top = stack[stack.length - 1];
      const mistyped =
        top !== undefined && top.kind !== 'body' && closerOf.get(top.opener.tokenType) !== type && top.opener.startLine === token.startLine && !closesGroupsOnItsLine(stack, match, token);
      if (mistyped) {
        // `f(x]`: most likely a mistyped closer for the innermost bracket, taken as one.
        const expected = closerOf.get(top.opener.tokenType)!;
        problems.push({
          kind: 'mismatchedClosingBracket',
          range: rangeOf(token),
          closing: token.image,
          expected: t.describeTokenType(expected).replace(/`/g, ''),
          openedAt: rangeOf(top.opener),
        });
        stack.pop();
        emit(retyped(token, expected));
        lastSignificant = token;
        continue;
      }
      if (match === -1) {
        problems.push({ kind: 'unmatchedClosingBracket', range: rangeOf(token), closing: token.image });
        continue;
      }
      closeFramesAbove(match + 1);
      if (stack[match]!.kind === 'body') emitTerminator(hereAfterLast());
      const frame = stack.pop()!;
      emit(frame.kind === 'body' ? retyped(token, t.BodyClose) : token);
      lastSignificant = token;
      continue;
    }

    if (closerOf.has(type)) {
      if (stack.length >= nestingLimit) {
        problems.push({ kind: 'nestingTooDeep', range: rangeOf(token), limit: nestingLimit });
        index = indexAfterGroup(raw, index) - 1;
        continue;
      }
      const kind: FrameKind = type !== t.LBrace ? 'group' : isBodyBrace(lastSignificant) ? 'body' : 'dict';
      stack.push({ opener: token, kind, lineIndent });
      emit(kind === 'body' ? retyped(token, t.BodyOpen) : token);
      lastSignificant = token;
      if (kind === 'body') emitTerminator(endOf(token));
      continue;
    }

    emit(token);
    lastSignificant = token;
  }

  closeFramesAbove(0);
  emitTerminator(hereAfterLast());
  return { tokens, problems };
}

/**
 * Inside brackets, a line that starts a new statement means a bracket was
 * left open: a statement keyword, or `name =` / `name ->` no further right
 * than the line that opened the bracket. Only after a token that ends an
 * operand, since `f(a,\n loss=mse)` is an argument named `loss`.
 */
function startsNewStatement(raw: IToken[], index: number, frame: Frame): boolean {
  const token = raw[index]!;
  if (statementKeywords.has(token.tokenType)) return true;
  if (token.tokenType !== t.Identifier || token.startColumn! - 1 > frame.lineIndent) return false;
  const next = raw[index + 1]?.tokenType;
  return next === t.Equals || next === t.Arrow;
}

/** Whether `closer` matches a group whose inner frames all opened on the closer's line (`f([x)` closes `(`). */
function closesGroupsOnItsLine(stack: Frame[], match: number, closer: IToken): boolean {
  if (match === -1 || stack[match]!.kind === 'body') return false;
  for (let index = match + 1; index < stack.length; index++) {
    if (stack[index]!.opener.startLine !== closer.startLine) return false;
  }
  return true;
}

/** The innermost open frame that `closer` closes; `)` and `]` do not reach past a body. */
function findOpener(stack: Frame[], closer: TokenType): number {
  for (let index = stack.length - 1; index >= 0; index--) {
    const frame = stack[index]!;
    if (closerOf.get(frame.opener.tokenType) === closer) return index;
    if (frame.kind === 'body' && closer !== t.RBrace) return -1;
  }
  return -1;
}

/** Index just past the bracket group that starts at `start` (or the end). */
function indexAfterGroup(raw: IToken[], start: number): number {
  let depth = 0;
  for (let index = start; index < raw.length; index++) {
    const type = raw[index]!.tokenType;
    if (closerOf.has(type)) depth++;
    else if (closers.has(type) && --depth === 0) return index + 1;
  }
  return raw.length;
}

function retyped(token: IToken, type: TokenType): IToken {
  return { ...token, tokenType: type, tokenTypeIdx: type.tokenTypeIdx! };
}

function virtualToken(type: TokenType, at: Position): IToken {
  const fields = zeroWidthTokenFields(at);
  return createTokenInstance(type, '', fields.startOffset, fields.endOffset, fields.startLine, fields.endLine, fields.startColumn, fields.endColumn);
}
