/**
 * Editor latency (issue 10): the real server (`keraflow lsp --stdio`, a
 * child process, its default debounce) on a generated 1,000-line file.
 *   - from a `didChange` to the `publishDiagnostics` of that version
 *     (target ≤ 50 ms median), on edits that alternately break and fix a shape;
 *   - hover over a tensor (target ≤ 10 ms median).
 * The latency is also given as a ratio to parsing the same file in this
 * process (the median of as many parses, timed between the edits), the
 * figure to compare between machines of different speeds or loads.
 *
 *   npx tsx bench/lsp/lsp.bench.ts
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { parse } from '../../compiler/index.ts';

const root = join(import.meta.dirname, '../..');

/** A model of a few lines, repeated with distinct names up to `lines` lines; the last model's first Dense is what the edits change. */
function generate(lines: number, lastWidth: number): string {
  const unit = (index: number, width: number) => [
    `model Tagger${index} {`,
    '  input tokens: [T] int32',
    '  input image: [H, W, 3]',
    '  words = tokens -> Embedding(1000, 16) -> Convolution1D(8, 3) -> Pooling1D(max)',
    '  seen = image -> Convolution2D(8, 3, 3, pad=same) -> Pooling2D(max) -> GlobalPooling2D(avg)',
    `  hidden = seen -> Dense(${width}, activation=relu)`,
    '  output score = Concatenate()([words -> GlobalPooling1D(max), hidden]) -> Dense(1, activation=sigmoid)',
    '  loss score = binary_crossentropy',
    '}',
    '',
  ];
  const units = Math.floor(lines / 10);
  return Array.from({ length: units }, (_, i) => unit(i, i === units - 1 ? lastWidth : 32))
    .flat()
    .join('\n');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const child = spawn(process.execPath, [join(root, 'bin/keraflow.js'), 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map<number, (diagnostics: unknown[]) => void>();
connection.onNotification('textDocument/publishDiagnostics', (params: { version?: number; diagnostics: unknown[] }) => {
  if (params.version !== undefined) waiting.get(params.version)?.(params.diagnostics);
});
connection.onRequest('client/registerCapability', () => null);
connection.listen();
await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
  initializationOptions: process.env.DELAY ? { diagnosticsDelay: Number(process.env.DELAY) } : undefined,
});
await connection.sendNotification('initialized', {});

const uri = pathToFileURL(join(root, 'bench/lsp/generated.kf')).href;
const published = (version: number) => new Promise<unknown[]>((resolve) => waiting.set(version, resolve));
let version = 1;
const first = published(version);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kf', version, text: generate(1000, 32) } });
await first;

const changes: number[] = [];
const parses: number[] = [];
for (let round = 0; round < 41; round++) {
  version++;
  // Odd rounds: Dense(16) -> a fine file; even rounds: Dense(-1) -> one KF208.
  const text = generate(1000, round % 2 === 0 ? -1 : 16);
  const done = published(version);
  const start = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  const diagnostics = await done;
  changes.push(performance.now() - start);
  const parseStart = performance.now();
  parse(text);
  parses.push(performance.now() - parseStart);
  if ((round % 2 === 0) !== (diagnostics.length === 1)) throw new Error(`round ${round}: unexpected diagnostics ${JSON.stringify(diagnostics)}`);
}

const hovers: number[] = [];
const line = 994; // `  hidden = seen -> ...` of the last model
for (let round = 0; round < 41; round++) {
  const start = performance.now();
  const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 4 } })) as { contents: unknown } | null;
  hovers.push(performance.now() - start);
  if (!hover) throw new Error('no hover over a tensor');
}

console.log('lsp: a 1,000-line file, the real server over stdio, its default debounce');
console.log(`  didChange -> publishDiagnostics  median ${median(changes.slice(1)).toFixed(1)} ms, best ${Math.min(...changes).toFixed(1)} ms (40 edits; target ≤ 50 ms)`);
console.log(`  parse of the file (this process)   median ${median(parses.slice(1)).toFixed(1)} ms: diagnostics take ${(median(changes.slice(1)) / median(parses.slice(1))).toFixed(1)}× the parse`);
console.log(`  hover                           median ${median(hovers.slice(1)).toFixed(1)} ms, best ${Math.min(...hovers).toFixed(1)} ms (40 requests; target ≤ 10 ms)`);
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
