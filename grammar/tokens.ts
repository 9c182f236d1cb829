/**
 * The token vocabulary of `.kf` files (docs/language.md, "Lexical").
 *
 * Order matters: Chevrotain tries patterns in the order of `lexerTokens`, so
 * longer operators come before their prefixes (`->` before `-`, `//` before
 * `/`) and keywords before `Identifier` (each keyword names `Identifier` as
 * its `longer_alt`, so `layers` stays one identifier).
 */
import { createToken, Lexer, type TokenType } from './chevrotain.ts';

// Categories let the parser match a family of tokens with one CONSUME.

/** Ends a statement: a significant newline or `;`. */
export const Terminator = createToken({ name: 'Terminator', pattern: Lexer.NA });
/** Every keyword; the TextMate grammar is tested against this list. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** Keywords that may still name an argument, a dict key or a setting (`TimeDistributed(layer=...)`): all but the literals. */
export const NameKeyword = createToken({ name: 'NameKeyword', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
});

function keyword(word: string, isLiteral = false): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: isLiteral ? [Keyword] : [Keyword, NameKeyword],
  });
}

export const Let = keyword('let');
export const Block = keyword('block');
export const Model = keyword('model');
export const Sequential = keyword('sequential');
export const Input = keyword('input');
export const Output = keyword('output');
export const Layer = keyword('layer');
export const Return = keyword('return');
/** Before `loss` in the lexer's order: `loss` would otherwise take the prefix and give the rest to `Identifier`. */
export const LossWeights = keyword('loss_weights');
export const Loss = keyword('loss');
export const Metrics = keyword('metrics');
export const Optimizer = keyword('optimizer');
export const Train = keyword('train');
export const Import = keyword('import');
export const As = keyword('as');
export const Use = keyword('use');
export const True = keyword('true', true);
export const False = keyword('false', true);
export const None = keyword('none', true);

export const keywordTokens: readonly TokenType[] = [Let, Block, Model, Sequential, Input, Output, Layer, Return, LossWeights, Loss, Metrics, Optimizer, Train, Import, As, Use, True, False, None];

/** The keywords as written, in docs/language.md's order. */
export const keywords: readonly string[] = keywordTokens.map((token) => token.name.toLowerCase());

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
});

// Strings are matched as "unrolled loops" (runs of plain characters between escapes): an alternation
// under `*` makes V8's regex engine recurse per character, which overflows on a 10 MB string.

/** A string on one line; escapes are checked and decoded by `strings.ts`. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"|'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*'/,
});

/** A string that reaches the end of its line: reported, then parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?|'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*\\?/,
});

export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
export const Newline = createToken({
  name: 'Newline',
  pattern: /\r\n?|\n/,
  line_breaks: true,
  categories: [Terminator],
});
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
});

function punctuation(name: string, pattern: RegExp, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, categories });
}

export const Semicolon = punctuation('Semicolon', /;/, [Terminator]);
export const Arrow = punctuation('Arrow', /->/);
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const Plus = punctuation('Plus', /\+/, [BinaryOperator]);
export const Minus = punctuation('Minus', /-/, [BinaryOperator]);
export const Star = punctuation('Star', /\*/, [BinaryOperator]);
export const DoubleSlash = punctuation('DoubleSlash', /\/\//, [BinaryOperator]);
export const Slash = punctuation('Slash', /\//, [BinaryOperator]);
export const Percent = punctuation('Percent', /%/, [BinaryOperator]);
export const Equals = punctuation('Equals', /=/);
export const Colon = punctuation('Colon', /:/);
export const Comma = punctuation('Comma', /,/);
export const Dot = punctuation('Dot', /\./);
export const LParen = punctuation('LParen', /\(/);
export const RParen = punctuation('RParen', /\)/);
export const LBracket = punctuation('LBracket', /\[/);
export const RBracket = punctuation('RBracket', /]/);
export const LBrace = punctuation('LBrace', /\{/);
export const RBrace = punctuation('RBrace', /}/);

/** The braces of a body (`model M {`, `train {`): layout retypes them, so the parser never mistakes a dict's brace for one. */
export const BodyOpen = createToken({ name: 'BodyOpen', pattern: Lexer.NA });
export const BodyClose = createToken({ name: 'BodyClose', pattern: Lexer.NA });

/** What the lexer recognises, in the order it tries them. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  Comment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  ...keywordTokens,
  Identifier,
  Arrow,
  Plus,
  Minus,
  Star,
  DoubleSlash,
  Slash,
  Percent,
  Equals,
  Colon,
  Comma,
  Semicolon,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** What the parser sees: the lexer's tokens plus the categories. */
export const parserTokens: TokenType[] = [Terminator, Keyword, NameKeyword, BinaryOperator, BodyOpen, BodyClose, ...lexerTokens];

/** How error messages name a token type ("expected `=`", "expected a name"). */
const descriptions = new Map<TokenType, string>([
  [Identifier, 'a name'],
  [NameKeyword, 'a name'],
  [NumberLiteral, 'a number'],
  [StringLiteral, 'a string'],
  [UnterminatedString, 'a string'],
  [Newline, 'a new line'],
  [Terminator, 'the end of the statement'],
  [BinaryOperator, 'an operator'],
  [BodyOpen, '`{`'],
  [BodyClose, '`}`'],
]);

export function describeTokenType(type: TokenType): string {
  const description = descriptions.get(type);
  if (description !== undefined) return description;
  if (typeof type.PATTERN === 'string') return '`' + type.PATTERN + '`';
  if (type.PATTERN instanceof RegExp) return '`' + type.PATTERN.source.replace(/\\/g, '') + '`';
  return type.name;
}
