/**
 * Where the cursor is, for completion, read from tokens rather than from the
 * tree: text being typed is usually not valid yet, and the tokens before the
 * cursor still say enough (inside which call, after which keyword, after
 * `name=`). Brackets left open are followed outwards.
 */
import type { IToken } from 'chevrotain';
import { continuesLine, isBodyBrace, tokenize, tokens as t } from '../../grammar/index.ts';

export interface Frame {
  /** `(`, `[`, or `{` (dict), or `body` for a `{ ... }` body (model, block, train) and `top` for the file itself. */
  kind: '(' | '[' | '{' | 'body' | 'top';
  /** The opening token (undefined for `top`). */
  opener?: IToken;
  /** The significant tokens before the opener (the callee of a call, the keyword before a body). */
  before: IToken[];
  /** Significant tokens of the current item: since the opener or the last `,` (in brackets), or the last statement end (in a body). */
  item: IToken[];
  /** Every `name=` already written at this level (for calls: arguments not to offer again). */
  keywords: string[];
}

export type CursorContext =
  | { kind: 'none' }
  | {
      kind: 'code';
      /** The word being typed up to the cursor ('' when none). */
      prefix: string;
      /** Innermost first. */
      frames: Frame[];
    };

const openers = new Map([
  [t.LParen, '('],
  [t.LBracket, '['],
  [t.LBrace, '{'],
] as const);
const closers = new Set([t.RParen, t.RBracket, t.RBrace]);

export function isWord(token: IToken): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(token.image);
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lexed = tokenize(text);
  if (lexed.comments.some((comment) => comment.startOffset < offset && offset <= comment.endOffset! + 1)) return { kind: 'none' };
  const before = lexed.tokens.filter((token) => token.startOffset < offset);
  let prefix = '';
  const last = before.at(-1);
  if (last && last.endOffset! + 1 >= offset) {
    if (isWord(last)) {
      prefix = last.image.slice(0, offset - last.startOffset);
      before.pop();
    } else if (last.tokenType === t.StringLiteral || last.tokenType.name === 'UnterminatedString' || last.tokenType === t.NumberLiteral) {
      if (last.endOffset! + 1 > offset || last.tokenType !== t.StringLiteral) return { kind: 'none' };
    }
  }

  interface OpenFrame extends Frame {
    /** Index in `before` of the opener. */
    index: number;
  }
  const stack: OpenFrame[] = [{ kind: 'top', before: [], item: [], keywords: [], index: -1 }];
  let previous: IToken | undefined;
  for (let index = 0; index < before.length; index++) {
    const token = before[index]!;
    const frame = stack.at(-1)!;
    const opener = openers.get(token.tokenType);
    if (opener) {
      const kind = opener === '{' && isBodyBrace(previous) ? 'body' : opener;
      stack.push({ kind, opener: token, before: [...frame.item], item: [], keywords: [], index });
      if (kind === 'body') frame.item = [];
      previous = token;
      continue;
    }
    if (closers.has(token.tokenType)) {
      if (stack.length > 1) {
        const closed = stack.pop()!;
        // A closed bracket becomes part of the enclosing item; a closed body ends a statement.
        if (closed.kind === 'body') stack.at(-1)!.item = [];
        else stack.at(-1)!.item.push(...before.slice(closed.index, index + 1));
      }
      previous = token;
      continue;
    }
    if (token.tokenType === t.Newline) {
      const inBody = frame.kind === 'body' || frame.kind === 'top';
      if (inBody && !(previous && continuesLine(previous))) frame.item = [];
      continue;
    }
    if (token.tokenType === t.Semicolon) {
      frame.item = [];
    } else if (token.tokenType === t.Comma && frame.kind !== 'body' && frame.kind !== 'top') {
      frame.item = [];
    } else {
      if (token.tokenType === t.Equals && previous && isWord(previous) && frame.item.length === 1) frame.keywords.push(previous.image);
      frame.item.push(token);
    }
    previous = token;
  }
  return { kind: 'code', prefix, frames: stack.reverse().map(({ kind, opener, before: tokensBefore, item, keywords }) => ({ kind, opener, before: tokensBefore, item, keywords })) };
}
