/**
 * The server's diagnostics in the editor through @codemirror/lint: each one
 * keeps its code (shown with the message, and as a class on its mark:
 * `kf-code-KF301`), and the server's quick fixes for it (the checker's
 * suggested name) become the diagnostic's actions. Replaces the client's
 * own handler, which drops both.
 */
import { type Action, type Diagnostic, setDiagnostics } from '@codemirror/lint';
import { type LSPClient, type LSPClientExtension, LSPPlugin } from '@codemirror/lsp-client';
import type { EditorView } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';

const severities = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

/** Called after each batch of diagnostics reaches the editor (the graph redraws then: the server has the new text). */
export type DiagnosticsListener = (diagnostics: readonly lsp.Diagnostic[]) => void;

export function serverDiagnosticsWithCodes(onPublished: DiagnosticsListener): LSPClientExtension {
  return {
    clientCapabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
    notificationHandlers: {
      'textDocument/publishDiagnostics': (client, params: lsp.PublishDiagnosticsParams) => {
        const file = client.workspace.getFile(params.uri);
        if (!file || (params.version != null && params.version !== file.version)) return false;
        const view = file.getView();
        const plugin = view && LSPPlugin.get(view);
        if (!view || !plugin) return false;
        void show(client, view, plugin, params).then(() => onPublished(params.diagnostics));
        return true;
      },
    },
  };
}

async function show(client: LSPClient, view: EditorView, plugin: LSPPlugin, params: lsp.PublishDiagnosticsParams): Promise<void> {
  const fixes = await quickFixes(client, params).catch(() => []);
  // Positions are in the text the server checked; changes typed since then move them.
  const synced = plugin.syncedDoc;
  const offset = (position: lsp.Position) => plugin.unsyncedChanges.mapPos(plugin.fromPosition(position, synced));
  const diagnostics = params.diagnostics.map((item): Diagnostic => {
    const code = item.code === undefined ? undefined : String(item.code);
    return {
      from: offset(item.range.start),
      to: offset(item.range.end),
      severity: severities[item.severity ?? 1],
      message: typeof item.message === 'string' ? item.message : item.message.value,
      source: code,
      markClass: code ? `kf-code-${code}` : undefined,
      actions: fixes.filter((fix) => fix.diagnostics?.some((fixed) => sameDiagnostic(fixed, item))).map((fix) => editAction(fix, params.uri, plugin)),
    };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** The server's quick fixes for these diagnostics, asked once per batch (only the checker's suggestions have any). */
async function quickFixes(client: LSPClient, params: lsp.PublishDiagnosticsParams): Promise<lsp.CodeAction[]> {
  const fixable = params.diagnostics.filter((item) => item.data !== undefined);
  if (fixable.length === 0) return [];
  const whole = { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };
  const result = await client.request<lsp.CodeActionParams, (lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', {
    textDocument: { uri: params.uri },
    range: whole,
    context: { diagnostics: fixable, only: ['quickfix'] },
  });
  return (result ?? []).filter((item): item is lsp.CodeAction => 'edit' in item);
}

function sameDiagnostic(first: lsp.Diagnostic, second: lsp.Diagnostic): boolean {
  return first.code === second.code && first.message === second.message && first.range.start.line === second.range.start.line && first.range.start.character === second.range.start.character;
}

function editAction(fix: lsp.CodeAction, uri: string, plugin: LSPPlugin): Action {
  return {
    name: fix.title,
    apply(view) {
      const edits = fix.edit?.changes?.[uri] ?? [];
      const synced = plugin.syncedDoc;
      const offset = (position: lsp.Position) => plugin.unsyncedChanges.mapPos(plugin.fromPosition(position, synced));
      view.dispatch({ changes: edits.map((edit) => ({ from: offset(edit.range.start), to: offset(edit.range.end), insert: edit.newText })) });
    },
  };
}
