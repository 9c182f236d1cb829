/**
 * `.kf` highlighting by the compiler's own lexer (grammar/lexer.ts): every
 * keyword, number, string and comment is coloured as the parser reads it,
 * with no second grammar to keep in step. Names that start with a capital
 * (layers, blocks) are set apart from tensors.
 */
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, type DecorationSet, type EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { tokenize } from '../../grammar/lexer.ts';
import { tokenMatcher } from '../../grammar/chevrotain.ts';
import { Identifier, Keyword, NumberLiteral, StringLiteral } from '../../grammar/tokens.ts';

const marks = {
  keyword: Decoration.mark({ class: 'kf-keyword' }),
  number: Decoration.mark({ class: 'kf-number' }),
  string: Decoration.mark({ class: 'kf-string' }),
  comment: Decoration.mark({ class: 'kf-comment' }),
  type: Decoration.mark({ class: 'kf-type' }),
};

function decorations(view: EditorView): DecorationSet {
  const text = view.state.doc.toString();
  const { tokens, comments } = tokenize(text);
  const spans: { from: number; to: number; mark: Decoration }[] = [];
  for (const token of tokens) {
    const mark = tokenMatcher(token, Keyword)
      ? marks.keyword
      : tokenMatcher(token, NumberLiteral)
        ? marks.number
        : tokenMatcher(token, StringLiteral)
          ? marks.string
          : tokenMatcher(token, Identifier) && /^[A-Z]/.test(token.image)
            ? marks.type
            : undefined;
    if (mark) spans.push({ from: token.startOffset, to: token.startOffset + token.image.length, mark });
  }
  for (const comment of comments) spans.push({ from: comment.startOffset, to: comment.startOffset + comment.image.length, mark: marks.comment });
  spans.sort((first, second) => first.from - second.from);
  const builder = new RangeSetBuilder<Decoration>();
  for (const span of spans) if (span.to > span.from) builder.add(span.from, span.to, span.mark);
  return builder.finish();
}

export const kfHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorations(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = decorations(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
