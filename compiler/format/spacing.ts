/**
 * How far apart two tokens on one line are printed. docs/language.md's own
 * examples are the canonical style: `x = f(a, name=value)`, `a -> B`,
 * `2 * h`, `-1`, `input x: [3]`, `{W: l1}`, `block B(units: int, act = relu)`,
 * `train { epochs = 5 }`.
 */
import type { IToken, TokenType } from 'chevrotain';
import { tokens as t } from '../../grammar/index.ts';

/** What the innermost open bracket is, as far as spacing cares. */
export type FrameKind = 'body' | 'trainLine' | 'trainBlock' | 'call' | 'parameters' | 'list' | 'dict';

/** Tokens that end an operand: a `-` after one of them is binary. */
const operandEnds = new Set<TokenType>([t.Identifier, t.NumberLiteral, t.StringLiteral, t.RParen, t.RBracket, t.RBrace, t.True, t.False, t.None]);

const noSpaceBefore = new Set<TokenType>([t.RParen, t.RBracket, t.Comma, t.Dot, t.Colon]);
const noSpaceAfter = new Set<TokenType>([t.LParen, t.LBracket, t.Dot]);
/** A `(` right after these opens an argument list: `f(`, `f(x)(`, `[a](`. */
const callees = new Set<TokenType>([t.Identifier, t.RParen, t.RBracket]);

export interface SpacingContext {
  /** The token before `previous`, to tell a unary minus from a binary one. */
  beforePrevious: IToken | undefined;
  /** The innermost open bracket at `token` (for a closer: the one it closes). */
  frame: FrameKind | undefined;
  /** The bracket `previous` opened, when it is an opener. */
  openedByPrevious: FrameKind | undefined;
}

export function spaceBetween(previous: IToken, token: IToken, context: SpacingContext): string {
  const before = previous.tokenType;
  const type = token.tokenType;
  if (noSpaceAfter.has(before)) return '';
  if (before === t.LBrace) return context.openedByPrevious === 'trainLine' && type !== t.RBrace ? ' ' : '';
  if (noSpaceBefore.has(type)) return '';
  if (type === t.RBrace) return context.frame === 'trainLine' ? ' ' : '';
  if (before === t.Minus && isUnaryMinus(context.beforePrevious)) return '';
  if (type === t.LParen && callees.has(before)) return '';
  if (type === t.Equals || before === t.Equals) return context.frame === 'call' ? '' : ' ';
  return ' ';
}

/** A `-` is unary at the start of an operand: after anything but the end of one. */
export function isUnaryMinus(tokenBeforeMinus: IToken | undefined): boolean {
  return tokenBeforeMinus === undefined || !operandEnds.has(tokenBeforeMinus.tokenType);
}
