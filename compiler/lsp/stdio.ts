/**
 * `keraflow lsp --stdio`: the language server (server.ts) on standard input
 * and output, as editors start it.
 */
import { format } from 'node:util';
import { createConnection, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { describeError } from './diagnostics.ts';
import { ResyncingMessageReader } from './framing.ts';
import { startServer } from './server.ts';

/** Runs the server on standard input and output until the client says `exit`. */
export function runOverStdio(): Connection {
  // Only the protocol may go to stdout: anything a library logs goes to stderr.
  const toStderr = (...items: unknown[]) => void process.stderr.write(`${format(...items)}\n`);
  console.log = console.info = console.debug = console.warn = toStderr;
  // A reader that resyncs after a mis-framed message (framing.ts); the input's end ends the server, as for a stream.
  const reader = new ResyncingMessageReader(process.stdin);
  const connection = createConnection(reader, new StreamMessageWriter(process.stdout));
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(reader.shutdownRequested ? 0 : 1));
  process.on('uncaughtException', (error) => connection.console.error(`keraflow: uncaught: ${describeError(error)}`));
  process.on('unhandledRejection', (error) => connection.console.error(`keraflow: unhandled rejection: ${describeError(error)}`));
  startServer(connection);
  connection.listen();
  return connection;
}
