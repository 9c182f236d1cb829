/**
 * A test client: starts `keraflow lsp --stdio` as editors do (a child
 * process), speaks JSON-RPC to it with vscode-jsonrpc, and collects what
 * the server pushes (diagnostics, log messages).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams } from 'vscode-languageserver';
import { keraflowCommand } from '../../run-keraflow.ts';

export const root = join(import.meta.dirname, '../../..');

export interface Server {
  connection: MessageConnection;
  process: ChildProcessWithoutNullStreams;
  /** Log messages the server sent (window/logMessage). */
  logs: string[];
  /** Everything written to stderr. */
  stderr: () => string;
  /** The next diagnostics published for `uri` (after this call) that satisfy `accept`. */
  diagnostics: (uri: string, accept?: (params: PublishDiagnosticsParams) => boolean) => Promise<PublishDiagnosticsParams>;
  /** The diagnostics last published for `uri`. */
  latest: Map<string, PublishDiagnosticsParams>;
  open: (uri: string, text: string, version?: number) => void;
  change: (uri: string, text: string, version: number) => void;
  stop: () => Promise<number | null>;
}

export async function startServer(options: { rootUri?: string; initializationOptions?: unknown } = {}): Promise<Server> {
  const child = spawn(process.execPath, keraflowCommand(['lsp', '--stdio']), { cwd: root });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; accept: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('window/logMessage', (params) => void logs.push((params as { message: string }).message));
  connection.onNotification('textDocument/publishDiagnostics', (message) => {
    const params = message as PublishDiagnosticsParams;
    latest.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: options.rootUri ?? null,
    initializationOptions: options.initializationOptions,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    logs,
    stderr: () => stderr,
    latest,
    diagnostics: (uri, accept = () => true) => new Promise((resolve) => waiters.push({ uri, accept, resolve })),
    open: (uri, text, version = 1) => void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kf', version, text } }),
    change: (uri, text, version) => void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] }),
    stop: async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      if (child.exitCode === null) {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      }
      const code = child.exitCode ?? (await exited);
      connection.dispose();
      return code;
    },
  };
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Text with a `<|>` cursor marker: the text without it, and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error(`expected a <|> cursor marker in ${JSON.stringify(marked)}`);
  const before = marked.slice(0, offset);
  const lines = before.split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 3), position: { line: lines.length - 1, character: lines.at(-1)!.length } };
}

/** Code, line (1-based), start and end character of each diagnostic: what a test compares. */
export function summarize(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map(
    (diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line}:${diagnostic.range.start.character}-${diagnostic.range.end.line}:${diagnostic.range.end.character} ${diagnostic.message}`,
  );
}
