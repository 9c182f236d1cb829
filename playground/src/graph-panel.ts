/**
 * The picture of the model under the cursor (the server's `keraflow/graph`
 * request: shapes on the edges, faults in red), redrawn when the text or the
 * model under the cursor changes. Tells the page which model it shows.
 */
import { LSPPlugin } from '@codemirror/lsp-client';
import type { EditorView } from '@codemirror/view';

export interface GraphPanel {
  /** Draws the model at the cursor again (after the server got new text, or the cursor moved). */
  refresh(view: EditorView): Promise<void>;
  /** The model drawn last; undefined when the file has none. */
  readonly model: string | undefined;
}

export function graphPanel(container: HTMLElement, onModel: (model: string | undefined) => void): GraphPanel {
  let model: string | undefined;
  let generation = 0;
  return {
    get model() {
      return model;
    },
    async refresh(view) {
      const plugin = LSPPlugin.get(view);
      if (!plugin) return;
      const asked = ++generation;
      const position = plugin.toPosition(view.state.selection.main.head, view.state.doc);
      plugin.client.sync();
      try {
        const result = await plugin.client.request<object, { model: string; svg: string }>('keraflow/graph', { textDocument: { uri: plugin.uri }, position });
        if (asked !== generation) return;
        container.innerHTML = result.svg;
        container.dataset.model = result.model;
        container.classList.remove('empty');
        if (model !== result.model) onModel((model = result.model));
      } catch (error) {
        if (asked !== generation) return;
        container.textContent = (error as Error).message;
        container.classList.add('empty');
        delete container.dataset.model;
        if (model !== undefined) onModel((model = undefined));
      }
    },
  };
}
