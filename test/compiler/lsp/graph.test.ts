/** The `keraflow/graph` custom request: the SVG of the model under the cursor, through the real server. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, uriOf, withCursor, type Server } from './client.ts';

let server: Server;
let directory: string;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-lsp-graph-'));
  server = await startServer({ rootUri: uriOf(directory) });
});
afterAll(async () => {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

const marked = [
  'model First {',
  '  input x: [4]',
  '  output y = x -> Dense(2)',
  '}',
  'model Second {',
  '  input seq: [T, 8]',
  '  layer shared = Dense(3)',
  '  output z = seq -> sha<|>red -> GlobalPooling1D(max)',
  '}',
  '',
].join('\n');

describe('keraflow/graph', () => {
  it('draws the model under the cursor, with its layers and shapes, as valid SVG', async () => {
    const { text, position } = withCursor(marked);
    const uri = uriOf(join(directory, 'two.kf'));
    const published = server.diagnostics(uri);
    server.open(uri, text);
    await published;
    const { model, svg } = (await server.connection.sendRequest('keraflow/graph', { textDocument: { uri }, position })) as { model: string; svg: string };
    expect(model).toBe('Second');
    expect(XMLValidator.validate(svg)).toBe(true);
    const textOf = JSON.stringify(new XMLParser().parse(svg));
    expect(textOf).toContain('shared');
    expect(textOf).toContain('[batch, T, 3]');
    expect(textOf).not.toContain('First');
  });

  it('answers an unknown model with an error naming the models, and keeps serving', async () => {
    const uri = uriOf(join(directory, 'two.kf'));
    await expect(server.connection.sendRequest('keraflow/graph', { textDocument: { uri }, model: 'Third' })).rejects.toThrow("no model 'Third' in this file (its models: First, Second)");
    const { model } = (await server.connection.sendRequest('keraflow/graph', { textDocument: { uri } })) as { model: string };
    expect(model).toBe('First');
  });
});
