/**
 * The language server in a Web Worker: the same server as `keraflow lsp`
 * (compiler/lsp/server.ts), on the worker's messages instead of standard
 * input and output.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { describeError } from '../../compiler/lsp/diagnostics.ts';
import { startServer } from '../../compiler/lsp/server.ts';

const scope = self as unknown as Worker;
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
self.addEventListener('error', (event) => connection.console.error(`keraflow: uncaught: ${describeError(event.error)}`));
self.addEventListener('unhandledrejection', (event) => connection.console.error(`keraflow: unhandled rejection: ${describeError(event.reason)}`));
startServer(connection);
connection.listen();
