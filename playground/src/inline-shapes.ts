/**
 * Inline shapes: the server's inlay hints (each tensor's shape at the end of
 * its line, compiler/lsp/inlay-hints.ts) drawn as widgets after the line,
 * asked again whenever new diagnostics show that the server has the text.
 */
import { LSPPlugin } from '@codemirror/lsp-client';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';

class ShapeWidget extends WidgetType {
  constructor(readonly label: string) {
    super();
  }
  override eq(other: ShapeWidget): boolean {
    return other.label === this.label;
  }
  toDOM(): HTMLElement {
    const element = document.createElement('span');
    element.className = 'kf-inline-shape';
    element.textContent = this.label;
    return element;
  }
}

const setShapes = StateEffect.define<DecorationSet>();

export const inlineShapesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(shapes, transaction) {
    for (const effect of transaction.effects) if (effect.is(setShapes)) return effect.value;
    return shapes.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Asks the server for the whole document's hints and shows them. */
export async function refreshInlineShapes(view: EditorView): Promise<void> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  const synced = plugin.syncedDoc;
  const hints = await plugin.client.request<lsp.InlayHintParams, lsp.InlayHint[] | null>('textDocument/inlayHint', {
    textDocument: { uri: plugin.uri },
    range: { start: { line: 0, character: 0 }, end: { line: synced.lines, character: 0 } },
  });
  if (plugin.syncedDoc !== synced) return; // The server has a newer text: its own diagnostics will bring fresh hints.
  const widgets = (hints ?? []).map((hint) => {
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
    const position = plugin.unsyncedChanges.mapPos(plugin.fromPosition(hint.position, synced));
    return Decoration.widget({ widget: new ShapeWidget(label), side: 1 }).range(position);
  });
  view.dispatch({ effects: setShapes.of(Decoration.set(widgets, true)) });
}
