/**
 * The editor: CodeMirror 6 with `.kf` highlighting, connected to the
 * language server in a worker through @codemirror/lsp-client: diagnostics
 * with codes and quick fixes (diagnostics.ts), hover shapes, completion,
 * format (Shift-Alt-F), rename (F2), inline shapes (inline-shapes.ts).
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { formatKeymap, hoverTooltips, LSPClient, renameKeymap, serverCompletion } from '@codemirror/lsp-client';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';
import { serverDiagnosticsWithCodes } from './diagnostics.ts';
import { kfHighlighting } from './highlight.ts';
import { inlineShapesField } from './inline-shapes.ts';
import { workerTransport } from './lsp-transport.ts';

/** The document's name for the server: among the examples, so that `import "./blocks.kf"` finds them. */
export const documentUri = 'file:///examples/playground.kf';

export interface EditorEvents {
  /** New diagnostics arrived: the server has checked the latest text. */
  checked(diagnostics: readonly lsp.Diagnostic[]): void;
  /** The text changed (typing, an example, a quick fix). */
  changed(): void;
  /** The cursor moved. */
  moved(): void;
}

export function createEditor(parent: HTMLElement, text: string, events: EditorEvents): { view: EditorView; client: LSPClient } {
  const worker = new Worker(new URL('./lsp-worker.ts', import.meta.url), { type: 'module' });
  const client = new LSPClient({
    // Checking is fast: diagnostics a moment after typing stops (the server's default waits 5 ms more).
    initializationOptions: { diagnosticsDelay: 5 },
    // The worker's first request waits for its modules to load.
    timeout: 20_000,
    extensions: [serverCompletion(), hoverTooltips({ hoverTime: 150 }), serverDiagnosticsWithCodes((diagnostics) => events.checked(diagnostics))],
  }).connect(workerTransport(worker));

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        highlightActiveLine(),
        lintGutter(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, ...formatKeymap, ...renameKeymap, indentWithTab]),
        kfHighlighting,
        inlineShapesField,
        client.plugin(documentUri, 'keraflow'),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            // Send the text now (the client's own sync waits half a second): diagnostics as you type.
            client.sync();
            events.changed();
          } else if (update.selectionSet) {
            events.moved();
          }
        }),
      ],
    }),
  });
  return { view, client };
}

/** Replaces the whole text (an example chosen from the menu). */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
}
