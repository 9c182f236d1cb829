/**
 * Text to tokens. Newlines stay in the stream (the layout pass decides which
 * end a statement); comments are set apart; unterminated strings and
 * unknown characters become problems, never exceptions.
 */
import { Lexer, type IToken } from './chevrotain.ts';
import type { Position } from './ast.ts';
import { rangeOf } from './positions.ts';
import type { SyntaxProblem } from './problems.ts';
import { decodeString } from './strings.ts';
import { lexerTokens, StringLiteral, UnterminatedString } from './tokens.ts';

const lexer = new Lexer(lexerTokens, { positionTracking: 'full', ensureOptimizations: true });

export interface LexedText {
  /** Significant tokens and newlines, in order. String tokens carry their decoded value as `payload`. */
  tokens: IToken[];
  comments: IToken[];
  problems: SyntaxProblem[];
}

export function tokenize(text: string): LexedText {
  const result = lexer.tokenize(text);
  const problems: SyntaxProblem[] = [];
  for (const error of result.errors) {
    const line = (error.line ?? 1) - 1;
    const character = (error.column ?? 1) - 1;
    problems.push({
      kind: 'unexpectedCharacter',
      characters: text.slice(error.offset, error.offset + error.length),
      range: {
        start: { line, character, offset: error.offset },
        end: { line, character: character + error.length, offset: error.offset + error.length },
      },
    });
  }
  const tokens = result.tokens;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.tokenType === UnterminatedString) {
      problems.push({ kind: 'unterminatedString', range: rangeOf(token) });
      tokens[index] = { ...token, tokenType: StringLiteral, tokenTypeIdx: StringLiteral.tokenTypeIdx! };
      decodeInto(tokens[index]!, problems);
    } else if (token.tokenType === StringLiteral) {
      decodeInto(token, problems);
    }
  }
  problems.sort((first, second) => first.range.start.offset - second.range.start.offset);
  return { tokens, comments: result.groups['comments'] ?? [], problems };
}

function decodeInto(token: IToken, problems: SyntaxProblem[]): void {
  const decoded = decodeString(token.image);
  token.payload = decoded.value;
  const start = rangeOf(token).start;
  for (const escape of decoded.invalidEscapes) {
    problems.push({
      kind: 'invalidEscape',
      sequence: escape.sequence,
      range: { start: shifted(start, escape.index), end: shifted(start, escape.index + escape.sequence.length) },
    });
  }
}

/** `position` moved `characters` to the right on its line. */
function shifted(position: Position, characters: number): Position {
  return { line: position.line, character: position.character + characters, offset: position.offset + characters };
}
