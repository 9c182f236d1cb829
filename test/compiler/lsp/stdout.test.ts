/**
 * Standard output carries the protocol and nothing else: every byte the
 * server writes, from start to exit, is a `Content-Length` framed JSON-RPC
 * message (a stray log line would break every client).
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { root } from './client.ts';
import { keraflowCommand } from '../../run-keraflow.ts';

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

it('writes only framed JSON-RPC messages to stdout, through a session that loads the checker and the runtime', async () => {
  const child = spawn(process.execPath, keraflowCommand(['lsp', '--stdio']), { cwd: root });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const uri = 'file:///tmp/keraflow-stdout-test.kf';
  child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  child.stdin.write(frame({ method: 'initialized', params: {} }));
  child.stdin.write(
    frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'kf', version: 1, text: 'model M {\n  input x: [4]\n  output y = x -> Dense(2)\n  loss = mse\n}\n' } } }),
  );
  child.stdin.write(frame({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 2, character: 20 } } }));
  const answered = (id: number) =>
    new Promise<void>((resolve) => {
      const poll = () => (Buffer.concat(chunks).includes(`"id":${id}`) ? resolve() : setTimeout(poll, 20));
      poll();
    });
  // As a client does: shut down once the hover is answered (the document was checked), exit once shutdown is.
  await answered(2);
  child.stdin.write(frame({ id: 3, method: 'shutdown' }));
  await answered(3);
  child.stdin.write(frame({ method: 'exit' }));
  expect(await exited).toBe(0);

  let output = Buffer.concat(chunks);
  const messages: { id?: number; method?: string }[] = [];
  while (output.length > 0) {
    const header = /^Content-Length: (\d+)\r\n\r\n/.exec(output.toString('latin1'));
    expect(header, `not a message header: ${JSON.stringify(output.toString('utf8').slice(0, 80))}`).not.toBeNull();
    const start = header![0].length;
    const length = Number(header![1]);
    messages.push(JSON.parse(output.subarray(start, start + length).toString('utf8')));
    output = output.subarray(start + length);
  }
  expect(messages.filter((message) => message.id !== undefined).map((message) => message.id)).toEqual([1, 2, 3]);
  expect(messages.some((message) => message.method === 'textDocument/publishDiagnostics')).toBe(true);
});
