/**
 * Mis-framed messages (a Content-Length 10 bytes short or 40 long, garbage
 * between messages): the reader drops the faulty one and reads on; the
 * server, under hundreds of rapid edits with such faults, still answers.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import type { Message } from 'vscode-languageserver/node';
import { ResyncingMessageReader } from '../../../compiler/lsp/framing.ts';
import { root, uriOf } from './client.ts';
import { keraflowCommand } from '../../run-keraflow.ts';

/** A framed message; `lengthError` bytes added to its Content-Length (a mis-framed one). */
function frame(message: object, lengthError = 0): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length + lengthError}\r\n\r\n`, 'latin1'), body]);
}

describe('ResyncingMessageReader', () => {
  it('drops a message 10 bytes short or 40 long, and garbage, and reads every other message whole', () => {
    const input = new PassThrough();
    const problems: string[] = [];
    const reader = new ResyncingMessageReader(input, (problem) => problems.push(problem));
    const received: Message[] = [];
    reader.listen((message) => received.push(message));
    const stream = Buffer.concat([
      frame({ method: 'a', params: { n: 1 } }),
      frame({ method: 'short', params: { text: 'x'.repeat(50) } }, -10),
      frame({ method: 'b', params: { n: 2, text: 'é, 漢字' } }),
      frame({ method: 'long', params: {} }, 40),
      frame({ method: 'c', params: { n: 3, text: 'y'.repeat(100) } }),
      Buffer.from('garbage\r\n'),
      Buffer.from('Content-Length: many\r\n\r\n'),
      frame({ method: 'd' }),
    ]);
    // Byte by byte, as the slowest pipe would deliver it.
    for (let i = 0; i < stream.length; i += 7) input.write(stream.subarray(i, i + 7));
    expect(received.map((message) => (message as unknown as { method: string }).method)).toEqual(['a', 'b', 'c', 'd']);
    expect(problems.filter((problem) => problem.startsWith('dropped'))).toHaveLength(2);
  });
});

describe('the language server under rapid edits with framing faults', () => {
  it('answers after 400 edits, every 20th mis-framed, with garbage between', async () => {
    const child = spawn(process.execPath, keraflowCommand(['lsp', '--stdio']), { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const responses = new Map<number, (message: Message) => void>();
    const published: { version?: number; diagnostics: { code?: unknown }[] }[] = [];
    new StreamMessageReader(child.stdout).listen((message) => {
      const { id, method, params } = message as { id?: number; method?: string; params?: never };
      if (method === 'textDocument/publishDiagnostics') published.push(params!);
      if (id !== undefined && method === undefined) responses.get(id)?.(message);
    });
    const request = (id: number, method: string, params: unknown) => {
      const answered = new Promise<Message>((resolve, reject) => {
        responses.set(id, resolve);
        setTimeout(() => reject(new Error(`no answer to ${method} in 120 s; stderr: ${stderr}`)), 120_000);
      });
      child.stdin.write(frame({ id, method, params }));
      return answered;
    };

    await request(1, 'initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    child.stdin.write(frame({ method: 'initialized', params: {} }));
    const uri = uriOf(join(root, 'stress.kf'));
    const text = (n: number) => `model M {\n  input x: [${(n % 7) + 1}]\n  output y = x -> Dense(${(n % 5) + 1})\n}\n`;
    child.stdin.write(frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'kf', version: 1, text: text(1) } } }));
    const edits = 400;
    for (let version = 2; version <= edits; version++) {
      const change = { method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text: text(version) }] } };
      const fault = version % 20 === 0 ? (version % 40 === 0 ? 40 : -10) : 0;
      child.stdin.write(frame(change, fault));
      if (version % 33 === 0) child.stdin.write('\r\nnot a header\r\n');
    }
    // The last edit has an error: an unknown layer.
    const last = edits + 1;
    child.stdin.write(
      frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: last }, contentChanges: [{ text: 'model M {\n  input x: [4]\n  output y = x -> Dence(2)\n}\n' }] } }),
    );
    const symbols = await request(2, 'textDocument/documentSymbol', { textDocument: { uri } });
    expect((symbols as { result?: { name: string }[] }).result?.map((symbol) => symbol.name)).toContain('M');
    for (let waited = 0; !published.some((p) => p.version === last) && waited < 600; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(published.find((p) => p.version === last)?.diagnostics.length).toBe(1);
    expect(stderr).toContain('dropped a message whose body is not JSON');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await request(3, 'shutdown', null);
    child.stdin.write(frame({ method: 'exit' }));
    expect(await exited).toBe(0);
  }, 300_000);
});
