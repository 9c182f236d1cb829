/**
 * The language server: wires documents, the analyzer and one handler per
 * editor feature to a connection. The features live in their own files; this
 * one only says which request goes where. The transport is the caller's:
 * standard input and output for editors (stdio.ts), a Web Worker's messages
 * in the playground. Nothing here needs Node.
 */
import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analysis.ts';
import { codeActions } from './code-actions.ts';
import { codeLenses } from './code-lens.ts';
import { completions } from './completion.ts';
import { definition } from './definition.ts';
import { DiagnosticsPublisher } from './diagnostics.ts';
import { documentSymbols } from './document-symbols.ts';
import { FileNames } from './files.ts';
import { formattingEdits } from './formatting.ts';
import { graphRequest, modelGraph, type GraphParams } from './graph.ts';
import { guarded } from './guard.ts';
import { hover } from './hover.ts';
import { inlayHints } from './inlay-hints.ts';
import { references } from './references.ts';
import { prepareRename, rename } from './rename.ts';
import { Workspace } from './workspace.ts';

/** Serves the editor features on a connection (not yet listening: the caller calls `connection.listen()`). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const fileNames = new FileNames();
  const analyzer = new Analyzer(documents, fileNames, (message) => connection.console.error(message));
  const publisher = new DiagnosticsPublisher(connection, analyzer, fileNames);
  const workspace = new Workspace(documents, analyzer, fileNames);
  let watchFilesDynamically = false;

  connection.onInitialize(
    guarded(connection, 'initialize', (parameters): InitializeResult => {
      workspace.setFolders(parameters.workspaceFolders?.map((folder) => folder.uri) ?? (parameters.rootUri ? [parameters.rootUri] : []));
      watchFilesDynamically = parameters.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      const delay = (parameters.initializationOptions as { diagnosticsDelay?: unknown } | undefined)?.diagnosticsDelay;
      if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0) publisher.delay = delay;
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          hoverProvider: true,
          completionProvider: { triggerCharacters: ['.', '(', '=', '[', ',', '>', '{'] },
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: true,
          documentFormattingProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          codeLensProvider: { resolveProvider: false },
          inlayHintProvider: true,
        },
        serverInfo: { name: 'keraflow' },
      };
    }),
  );
  connection.onInitialized(() => {
    if (watchFilesDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.kf' }] });
    }
  });

  const opened = new Set<string>();
  documents.onDidOpen((event) => opened.add(event.document.uri));
  documents.onDidChangeContent((event) => publisher.changed(event.document.uri, opened.delete(event.document.uri) ? 0 : undefined));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    opened.delete(uri);
    analyzer.forget(uri);
    publisher.closed(uri);
    // Files that import it read it from disk again.
    publisher.diskChanged(fileNames.fileNameOf(uri));
  });
  connection.onDidChangeWatchedFiles((parameters) => {
    analyzer.diskChanged();
    for (const change of parameters.changes) publisher.diskChanged(fileNames.fileNameOf(change.uri));
  });

  const analysisOf = (uri: string) => analyzer.analysisOf(uri);
  const documentOf = (uri: string) => documents.get(uri);

  connection.onHover(
    guarded(connection, 'hover', ({ textDocument, position }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? hover(analysis, documentOf(textDocument.uri)!.offsetAt(position)) : null;
    }),
  );
  connection.onCompletion(
    guarded(connection, 'completion', ({ textDocument, position }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? completions(analysis, documentOf(textDocument.uri)!.offsetAt(position)) : [];
    }),
  );
  connection.onDefinition(
    guarded(connection, 'definition', ({ textDocument, position }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? definition(analysis, documentOf(textDocument.uri)!.offsetAt(position), fileNames) : null;
    }),
  );
  connection.onReferences(
    guarded(connection, 'references', ({ textDocument, position, context }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? references(analysis, documentOf(textDocument.uri)!.offsetAt(position), context.includeDeclaration, workspace) : null;
    }),
  );
  connection.onPrepareRename(
    guarded(connection, 'prepareRename', ({ textDocument, position }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? prepareRename(analysis, documentOf(textDocument.uri)!.offsetAt(position)) : null;
    }),
  );
  connection.onRenameRequest(
    guarded(connection, 'rename', ({ textDocument, position, newName }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? rename(analysis, documentOf(textDocument.uri)!.offsetAt(position), newName, workspace) : null;
    }),
  );
  connection.onDocumentSymbol(
    guarded(connection, 'documentSymbol', ({ textDocument }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? documentSymbols(analysis) : null;
    }),
  );
  connection.onDocumentFormatting(
    guarded(connection, 'formatting', ({ textDocument }) => {
      const document = documentOf(textDocument.uri);
      return document ? formattingEdits(document) : null;
    }),
  );
  connection.onCodeAction(
    guarded(connection, 'codeAction', ({ textDocument, context }) => {
      const document = documentOf(textDocument.uri);
      return document ? codeActions(document, context.diagnostics) : null;
    }),
  );
  connection.onCodeLens(
    guarded(connection, 'codeLens', ({ textDocument }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? codeLenses(analysis) : null;
    }),
  );
  connection.languages.inlayHint.on(
    guarded(connection, 'inlayHint', ({ textDocument, range }) => {
      const analysis = analysisOf(textDocument.uri);
      return analysis ? inlayHints(analysis, range) : null;
    }),
  );
  connection.onRequest(
    graphRequest,
    guarded(connection, 'graph', (params: GraphParams) => {
      const analysis = analysisOf(params.textDocument.uri);
      if (!analysis) throw new ResponseError(ErrorCodes.InvalidParams, `${params.textDocument.uri} is not open`);
      const offset = params.position ? documentOf(params.textDocument.uri)!.offsetAt(params.position) : undefined;
      return modelGraph(analysis, offset, params);
    }),
  );
  connection.onShutdown(() => publisher.dispose());

  documents.listen(connection);
}
