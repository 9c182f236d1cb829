/**
 * Ranges from Chevrotain tokens. Chevrotain counts lines and columns from 1
 * and ends tokens inclusively; the tree counts from 0 and ends exclusively.
 */
import type { IToken } from 'chevrotain';
import type { Position, Range } from './ast.ts';

export function startOf(token: IToken): Position {
  return { line: token.startLine! - 1, character: token.startColumn! - 1, offset: token.startOffset };
}

export function endOf(token: IToken): Position {
  return { line: token.endLine! - 1, character: token.endColumn!, offset: token.endOffset! + 1 };
}

export function rangeOf(token: IToken): Range {
  return { start: startOf(token), end: endOf(token) };
}

export function between(first: IToken, last: IToken): Range {
  return { start: startOf(first), end: endOf(last) };
}

export function span(first: Range, last: Range): Range {
  return { start: first.start, end: last.end };
}

export function emptyRangeAt(position: Position): Range {
  return { start: position, end: position };
}

/** Start and end fields of a zero-width token at `position`, in Chevrotain's conventions. */
export function zeroWidthTokenFields(position: Position) {
  return {
    startOffset: position.offset,
    endOffset: position.offset - 1,
    startLine: position.line + 1,
    endLine: position.line + 1,
    startColumn: position.character + 1,
    endColumn: position.character,
  };
}

/** Positions from offsets, for text the lexer did not tokenise. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let offset = 0; offset < text.length; offset++) {
      const code = text.charCodeAt(offset);
      if (code === 10) this.lineStarts.push(offset + 1);
      else if (code === 13) {
        if (text.charCodeAt(offset + 1) === 10) offset++;
        this.lineStarts.push(offset + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]!, offset: clamped };
  }

  rangeAt(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}
