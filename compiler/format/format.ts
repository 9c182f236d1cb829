/**
 * `keraflow fmt`: canonical layout of a `.kf` file.
 *
 * It works on tokens, not on the tree, so comments stay exactly where they
 * were and the only things it changes are the ones that cannot change the
 * meaning: spaces (see spacing.ts), indentation (2 spaces per open body or
 * bracket line, 2 more for a statement continued on the next line), `;`
 * turned into line breaks, bodies opened and closed on lines of their own,
 * and runs of blank lines cut to one. Line breaks the author chose inside a
 * statement are kept; lines end with `\n` whatever they ended with. Files
 * with syntax errors are returned unchanged, with their diagnostics.
 */
import type { IToken } from 'chevrotain';
import { continuesLine, isBodyBrace, tokenize, tokens as t } from '../../grammar/index.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { parse } from '../parse.ts';
import { spaceBetween, type FrameKind } from './spacing.ts';

export interface FormatResult {
  /** The formatted text, or the original one when it has syntax errors. */
  text: string;
  /** The syntax errors that kept the text from being formatted (empty on success). */
  diagnostics: Diagnostic[];
}

export function format(text: string): FormatResult {
  const { diagnostics } = parse(text);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { text, diagnostics };
  const lexed = tokenize(text);
  const items = [...lexed.tokens, ...lexed.comments].sort((first, second) => first.startOffset - second.startOffset);
  return { text: new Printer(items).print(), diagnostics: [] };
}

interface Frame {
  kind: FrameKind;
  /** Indent of the line the opener is on; its closer goes back there. */
  openerIndent: number;
}

interface Line {
  indent: number;
  text: string;
  /** Ends with a body's `{`: no blank line goes right after it. */
  opensBlock?: boolean;
}

const openers = new Set([t.LParen, t.LBracket, t.LBrace]);
const closers = new Set([t.RParen, t.RBracket, t.RBrace]);
const blockFrames = new Set<FrameKind>(['body', 'trainBlock']);

class Printer {
  private readonly lines: Line[] = [];
  private current: Line | undefined;
  private readonly frames: Frame[] = [];
  /** Index of each bracket's partner. */
  private readonly partners = new Map<number, number>();
  private lastCode: IToken | undefined;
  private beforeLastCode: IToken | undefined;
  /** The last token of any kind that was read, printed or not (a dropped `;` counts). */
  private lastRead: IToken | undefined;
  private openedByLastCode: FrameKind | undefined;
  private breakBeforeNext = false;
  private blankLineWanted = false;

  constructor(private readonly items: IToken[]) {
    const open: number[] = [];
    items.forEach((item, index) => {
      if (openers.has(item.tokenType)) open.push(index);
      else if (closers.has(item.tokenType) && open.length > 0) {
        const opener = open.pop()!;
        this.partners.set(opener, index);
        this.partners.set(index, opener);
      }
    });
  }

  print(): string {
    let newlines = 0;
    for (let index = 0; index < this.items.length; index++) {
      const item = this.items[index]!;
      if (item.tokenType === t.Newline) {
        newlines++;
        continue;
      }
      if (newlines > 0) this.lineBreakBefore(item, newlines);
      newlines = 0;
      if (item.tokenType === t.Comment) this.comment(item);
      else index = this.code(item, index);
      this.lastRead = this.items[index];
    }
    this.endLine();
    const text = this.lines.map((line) => (line.text === '' ? '' : '  '.repeat(line.indent) + line.text)).join('\n');
    return text === '' ? '' : text + '\n';
  }

  /** Source line breaks stay, blank lines shrink to one, and a body's `{` joins its header. */
  private lineBreakBefore(item: IToken, newlines: number): void {
    if (newlines > 1) this.blankLineWanted = true;
    const joinsHeader = item.tokenType === t.LBrace && isBodyBrace(this.lastCode) && this.current !== undefined && !this.breakBeforeNext;
    if (!joinsHeader) this.breakBeforeNext = true;
  }

  private comment(comment: IToken): void {
    const sameLine = this.current !== undefined && this.lastRead !== undefined && this.lastRead.endLine === comment.startLine;
    if (sameLine) {
      const gap = Math.max(1, comment.startOffset - (this.lastRead!.endOffset! + 1));
      this.current!.text += ' '.repeat(gap) + comment.image;
    } else {
      this.startLine(this.indentFor(comment), false);
      this.current!.text = comment.image;
    }
    this.breakBeforeNext = true;
  }

  /** Prints one code token; returns the index of the last item it used. */
  private code(token: IToken, index: number): number {
    const type = token.tokenType;
    const frame = this.frames.at(-1);
    if (type === t.Semicolon) {
      this.breakBeforeNext = true;
      return index;
    }
    const closesBlock = closers.has(type) && frame !== undefined && blockFrames.has(frame.kind);
    if (this.breakBeforeNext || closesBlock || this.current === undefined) {
      this.startLine(this.indentFor(token), closesBlock);
    } else if (this.lastCode !== undefined && this.current.text !== '') {
      this.current.text += spaceBetween(this.lastCode, token, {
        beforePrevious: this.beforeLastCode,
        frame: frame?.kind,
        openedByPrevious: this.openedByLastCode,
      });
    }
    this.current!.text += token.image;
    this.openedByLastCode = undefined;

    let lastUsed = index;
    if (openers.has(type)) {
      const kind = this.frameKindOf(token, index);
      this.frames.push({ kind, openerIndent: this.current!.indent });
      this.openedByLastCode = kind;
      const partner = this.partners.get(index);
      if (kind === 'body' && partner === this.nextNonNewline(index)) {
        this.current!.text += this.items[partner]!.image; // an empty body stays `{}`
        this.frames.pop();
        lastUsed = partner;
      } else if (blockFrames.has(kind)) {
        this.breakBeforeNext = true;
        this.current!.opensBlock = true;
      }
    } else if (closers.has(type)) {
      this.frames.pop();
    }
    this.beforeLastCode = this.lastCode;
    this.lastCode = this.items[lastUsed];
    return lastUsed;
  }

  private frameKindOf(opener: IToken, index: number): FrameKind {
    if (opener.tokenType === t.LBracket) return 'list';
    if (opener.tokenType === t.LParen) {
      const isParameterList = this.lastCode?.tokenType === t.Identifier && this.beforeLastCode?.tokenType === t.Block;
      return isParameterList ? 'parameters' : 'call';
    }
    if (!isBodyBrace(this.lastCode)) return 'dict';
    if (this.lastCode?.tokenType !== t.Train) return 'body';
    const closer = this.items[this.partners.get(index) ?? index]!;
    const inner = this.items.slice(index + 1, this.partners.get(index));
    const onOneLine = closer.startLine === opener.startLine && !inner.some((item) => item.tokenType === t.Semicolon);
    return onOneLine ? 'trainLine' : 'trainBlock';
  }

  /** Indentation of a line starting with `token`. */
  private indentFor(token: IToken): number {
    const frame = this.frames.at(-1);
    if (closers.has(token.tokenType) && frame !== undefined) return frame.openerIndent;
    if (frame !== undefined && !blockFrames.has(frame.kind)) return frame.openerIndent + 1;
    const base = frame === undefined ? 0 : frame.openerIndent + 1;
    return base + (this.continuesStatement(token, frame?.kind) ? 1 : 0);
  }

  /** Whether a line starting with `token` carries on the statement of the line before. */
  private continuesStatement(token: IToken, frame: FrameKind | undefined): boolean {
    if (token.tokenType === t.Arrow) return true;
    const last = this.lastCode;
    if (last === undefined || this.lastRead?.tokenType === t.Semicolon) return false;
    if (last.tokenType === t.Comma && frame === 'trainBlock') return false;
    return continuesLine(last);
  }

  /** Ends the line being printed and starts one; a wanted blank line goes between, unless a body starts or ends there. */
  private startLine(indent: number, closesBlock: boolean): void {
    this.endLine();
    const previous = this.lines.at(-1);
    if (this.blankLineWanted && previous !== undefined && !previous.opensBlock && !closesBlock) {
      this.lines.push({ indent: 0, text: '' });
    }
    this.blankLineWanted = false;
    this.breakBeforeNext = false;
    this.current = { indent, text: '' };
  }

  private endLine(): void {
    if (this.current !== undefined && this.current.text !== '') this.lines.push(this.current);
    this.current = undefined;
  }

  private nextNonNewline(index: number): number {
    let next = index + 1;
    while (next < this.items.length && this.items[next]!.tokenType === t.Newline) next++;
    return next;
  }
}
