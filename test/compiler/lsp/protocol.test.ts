/** The language server driven over stdio as an editor drives it: requests in, answers and diagnostics out, with exact ranges. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionItem, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, summarize, uriOf, withCursor, type Server } from './client.ts';

let server: Server;
let directory: string;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-lsp-'));
  // A long debounce, so that the test of quick successive changes does not depend on the machine's speed.
  server = await startServer({ rootUri: uriOf(directory), initializationOptions: { diagnosticsDelay: 150 } });
});
afterAll(async () => {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

const classifier = [
  'let hidden = 64',
  '',
  'model Classifier {',
  '  input pixels: [T, 16]',
  '  h = pixels -> Dense(hidden, activation=relu)',
  '  pooled = h -> GlobalPooling1D(max)',
  '  output probabilities = pooled -> Dense(10, activation=softmax)',
  '  loss = categorical_crossentropy',
  '}',
  '',
].join('\n');

/** Opens `text` as a new document and waits for its first diagnostics. */
async function open(name: string, text: string) {
  const uri = uriOf(join(directory, name));
  const published = server.diagnostics(uri);
  server.open(uri, text);
  return { uri, diagnostics: (await published).diagnostics };
}

function request<T>(method: string, params: unknown): Promise<T> {
  return server.connection.sendRequest(method, params) as Promise<T>;
}

describe('diagnostics', () => {
  it("publishes the checker's shape error on open with its exact range, and clears it after a fixing change", async () => {
    const broken = 'model Pair {\n  input a: [4]\n  input b: [5]\n  output y = ElementWiseSum()([a, b])\n  loss = mse\n}\n';
    const { uri, diagnostics } = await open('pair.kf', broken);
    const call = broken.split('\n')[3]!;
    expect(summarize(diagnostics)).toEqual([
      `KF301 3:${call.indexOf('ElementWiseSum')}-3:${call.length} element_wise_sum_1 (ElementWiseSum) takes tensors of one shape (input 1 is [batch, 5], input 0 is [batch, 4]), but got [[batch, 4], [batch, 5]]`,
    ]);
    expect(diagnostics[0]!.source).toBe('keraflow');
    expect(diagnostics[0]!.severity).toBe(1);

    const fixed = server.diagnostics(uri, (params) => params.version === 2);
    server.change(uri, broken.replace('[5]', '[4]'), 2);
    expect((await fixed).diagnostics).toEqual([]);
  });

  it('compares the training data with the model: images without a channel axis, at `data =`, with the input as a related location', async () => {
    writeFileSync(
      join(directory, 'images.json'),
      JSON.stringify({
        x: [
          [
            [1, 2],
            [3, 4],
          ],
          [
            [0, 1],
            [1, 0],
          ],
        ],
        y: [[1], [0]],
      }),
    );
    const text = 'model Images {\n  input image: [2, 2, 1]\n  output y = image -> Flatten -> Dense(1)\n  loss = mse\n  train { data = "images.json" }\n}\n';
    const { uri, diagnostics } = await open('images.kf', text);
    const column = text.split('\n')[4]!.indexOf('"images.json"');
    expect(diagnostics.map((d) => [d.code, d.range, d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start, r.message])])).toEqual([
      ['KF530', { start: { line: 4, character: column }, end: { line: 4, character: column + 13 } }, [[uri, { line: 1, character: 8 }, "input 'image' is declared here"]]],
    ]);
    expect(diagnostics[0]!.message).toBe("data 'images.json': samples are [2, 2], but input 'image' expects [2, 2, 1]: add a channel axis");
  });

  it('publishes syntax errors with their codes, ranges and related locations', async () => {
    const { uri, diagnostics } = await open('syntax.kf', 'model M {\n  input x: [3]\n  output y = x -> Dense(1\n  loss = mse\n}\n');
    expect(summarize(diagnostics)).toEqual(['KF104 2:23-2:24 `(` is never closed: expected `)`']);
    expect(diagnostics[0]!.relatedInformation).toEqual([{ location: { uri, range: { start: { line: 2, character: 25 }, end: { line: 2, character: 25 } } }, message: 'assumed closed here' }]);
  });

  it('reports an import of a file that does not exist at the path', async () => {
    const { diagnostics } = await open('missing-import.kf', 'import "./nowhere.kf"\n');
    expect(summarize(diagnostics)).toEqual(["KF212 0:7-0:21 cannot read imported file './nowhere.kf': no such file (an import path is relative to the importing file)"]);
  });

  it('re-checks an open file when a file it imports changes on disk', async () => {
    writeFileSync(join(directory, 'sizes.kf'), 'let size = 4\n');
    const { uri, diagnostics } = await open('uses-sizes.kf', 'import "./sizes.kf"\n\nmodel M {\n  input x: [size]\n  output y = ElementWiseSum()([x, x -> Dense(4)])\n  loss = mse\n}\n');
    expect(diagnostics).toEqual([]);
    writeFileSync(join(directory, 'sizes.kf'), 'let size = 5\n');
    const rechecked = server.diagnostics(uri);
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(directory, 'sizes.kf')), type: 2 }] });
    expect(summarize((await rechecked).diagnostics)).toEqual([
      'KF301 4:13-4:49 element_wise_sum_1 (ElementWiseSum) takes tensors of one shape (input 1 is [batch, 4], input 0 is [batch, 5]), but got [[batch, 5], [batch, 4]]',
    ]);
  });

  it('checks unsaved documents (untitled: URIs) and publishes to their URI', async () => {
    const uri = 'untitled:Untitled-1';
    const published = server.diagnostics(uri);
    server.open(uri, 'model M {\n  input x: [4]\n  output y = x -> Dropout(1.5)\n}\n');
    expect(summarize((await published).diagnostics)).toEqual(["KF208 2:26-2:29 Dropout: argument 'drop_rate' must be a number ≥ 0 and < 1, but got 1.5"]);
  });

  it('checks only the latest of quick successive changes', async () => {
    const { uri } = await open('typing.kf', classifier);
    const published: number[] = [];
    const last = server.diagnostics(uri, (params) => {
      published.push(params.version!);
      return params.version === 4;
    });
    server.change(uri, classifier.replace('Dense(10', 'Dense(1'), 2);
    server.change(uri, classifier.replace('Dense(10', 'Dense('), 3);
    server.change(uri, classifier.replace('Dense(10', 'Dence(10'), 4);
    const diagnostics = (await last).diagnostics;
    expect(published).toEqual([4]);
    const line = classifier.split('\n')[6]!;
    expect(summarize(diagnostics)).toEqual([`KF202 6:${line.indexOf('Dense(10')}-6:${line.indexOf('Dense(10') + 5} unknown layer 'Dence'; did you mean 'Dense'?`]);
  });

  it('re-checks an open file when a file it imports changes', async () => {
    const blocks = 'block Twice(units: int)(x) {\n  return x -> Dense(units) -> Dense(units)\n}\n';
    writeFileSync(join(directory, 'blocks.kf'), blocks);
    const main = 'import "./blocks.kf"\n\nmodel M {\n  input x: [4]\n  h = Twice(8)(x)\n  output y = ElementWiseSum()([h, x])\n  loss = mse\n}\n';
    const { uri, diagnostics } = await open('main.kf', main);
    expect(summarize(diagnostics)).toEqual([
      'KF301 5:13-5:37 element_wise_sum_1 (ElementWiseSum) takes tensors of one shape (input 1 is [batch, 4], input 0 is [batch, 8]), but got [[batch, 8], [batch, 4]]',
    ]);
    const blocksUri = uriOf(join(directory, 'blocks.kf'));
    await open('blocks.kf', blocks);
    const rechecked = server.diagnostics(uri);
    server.change(blocksUri, blocks.replace('Dense(units) -> Dense(units)', 'Dense(units) -> Dense(4)'), 2);
    expect((await rechecked).diagnostics).toEqual([]);
  });
});

describe('hover', () => {
  it("shows a tensor's shape with symbolic dimensions, and where it is defined", async () => {
    const { text, position } = withCursor(classifier.replace('pooled = h ->', 'pooled = h<|> ->'));
    const { uri } = await open('hover-tensor.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    expect(answer.contents).toEqual({ kind: 'markdown', value: '```\ntensor h: [batch, T, 64] float32\n```\nDefined at line 5.' });
    expect(answer.range).toEqual({ start: { line: 5, character: 11 }, end: { line: 5, character: 12 } });
  });

  it("shows a layer call's output shape, parameter count and doc", async () => {
    const { text, position } = withCursor(classifier.replace('Dense(10,', 'De<|>nse(10,'));
    const { uri } = await open('hover-layer.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const value = (answer.contents as { value: string }).value;
    expect(value.split('\n\n').slice(0, 3)).toEqual([
      '**Dense** `dense_2` → `[batch, 10] float32`',
      '650 parameters (W [64, 10], b [10])',
      'Fully connected layer: activation(x · W + b) on the last axis.',
    ]);
    expect(value).toContain('- `output_dim`: an integer ≥ 1. Size of the output (last) dimension.');
    const line = classifier.split('\n')[6]!;
    expect(answer.range).toEqual({ start: { line: 6, character: line.indexOf('Dense(10') }, end: { line: 6, character: line.length } });
  });

  it("shows a constant's declaration", async () => {
    const { text, position } = withCursor(classifier.replace('Dense(hidden,', 'Dense(hid<|>den,'));
    const { uri } = await open('hover-constant.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    expect(answer.contents).toEqual({ kind: 'markdown', value: '```\nlet hidden = 64\n```\nDefined at line 1.' });
  });

  it('says what an argument takes', async () => {
    const { text, position } = withCursor(classifier.replace('activation=relu', 'activ<|>ation=relu'));
    const { uri } = await open('hover-argument.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    expect(answer.contents).toEqual({ kind: 'markdown', value: '`activation`: an activation name or function, default `linear`\n\nActivation applied to the output.' });
    const column = text.split('\n')[4]!.indexOf('activation');
    expect(answer.range).toEqual({ start: { line: 4, character: column }, end: { line: 4, character: column + 10 } });
  });

  it('shows what a block instance makes, its parameter count and where the block is defined', async () => {
    writeFileSync(join(directory, 'residual-hover.kf'), 'block Residual(units: int)(x) {\n  return ElementWiseSum()([x, x -> Dense(units)])\n}\n');
    const { text, position } = withCursor('import "./residual-hover.kf" as R\n\nmodel M {\n  input x: [8]\n  output y = x -> R.Resi<|>dual(8)\n  loss = mse\n}\n');
    const { uri } = await open('hover-block.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    // The block's Dense 8 -> 8: 8·8 + 8 = 72 parameters.
    expect((answer.contents as { value: string }).value).toBe('**Residual** `residual_1` → `[batch, 8] float32`\n\n72 parameters\n\nblock Residual\n\nDefined at residual-hover.kf, line 1.');
    expect(answer.range).toEqual({ start: { line: 4, character: 20 }, end: { line: 4, character: 28 } });
  });

  it('says what an alias means', async () => {
    const { text, position } = withCursor(classifier.replace('activation=relu', 'activation=re<|>lu'));
    const { uri } = await open('hover-alias.kf', text);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    expect(answer.contents).toEqual({ kind: 'markdown', value: 'activation `relu`: Rectified linear unit max(x, 0).' });
  });
});

describe('completion', () => {
  const labels = (items: CompletionItem[]) => items.map((item) => item.label);

  it("offers a layer's arguments with their types and defaults, not those already given", async () => {
    const { text, position } = withCursor(classifier.replace('Dense(10, activation=softmax)', 'Dense(10, <|>)'));
    const { uri } = await open('complete-arguments.kf', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    const argumentItems = items.filter((item) => item.label.endsWith('='));
    expect(labels(argumentItems)).toEqual(['output_dim=', 'init=', 'activation=', 'bias=', 'name=', 'trainable=', 'initial_weights=', 'regularizers=', 'constraints=']);
    expect(argumentItems.find((item) => item.label === 'activation=')).toMatchObject({
      insertText: 'activation=',
      detail: 'an activation name or function, default linear',
      documentation: 'Activation applied to the output.',
    });
    expect(labels(items)).toContain('pooled');
    expect(labels(items)).toContain('hidden');
  });

  it('offers the activations after activation=', async () => {
    const { text, position } = withCursor(classifier.replace('activation=softmax', 'activation=so<|>'));
    const { uri } = await open('complete-alias.kf', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    expect(labels(items)).toEqual(['linear', 'sigmoid', 'hard_sigmoid', 'tanh', 'relu', 'softmax', 'softplus', 'softsign']);
    expect(items.find((item) => item.label === 'softmax')).toMatchObject({ detail: 'activation', documentation: 'Softmax over the last axis.' });
  });

  it("offers the model's outputs after loss, and objectives after loss =", async () => {
    const outputs = withCursor(classifier.replace('loss = categorical_crossentropy', 'loss <|>'));
    const first = await open('complete-loss-output.kf', outputs.text);
    const outputItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: first.uri }, position: outputs.position });
    expect(labels(outputItems)).toEqual(['probabilities']);

    const objectives = withCursor(classifier.replace('loss = categorical_crossentropy', 'loss = <|>'));
    const second = await open('complete-loss.kf', objectives.text);
    const objectiveItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: second.uri }, position: objectives.position });
    expect(labels(objectiveItems)).toContain('categorical_crossentropy');
    expect(labels(objectiveItems)).toContain('mse');
    expect(labels(objectiveItems)).not.toContain('Dense');
  });

  it("offers a block's parameters as arguments, and the names of a file imported with `as` after its qualifier", async () => {
    writeFileSync(join(directory, 'residual.kf'), 'let width = 8\n\nblock Residual(units: int, act = relu)(x) {\n  return ElementWiseSum()([x, x -> Dense(units, activation=act)])\n}\n');
    const source = 'import "./residual.kf" as R\n\nmodel M {\n  input x: [8]\n  output y = x -> R.Residual(<|>)\n  loss = mse\n}\n';
    const call = withCursor(source);
    const { uri } = await open('complete-block.kf', call.text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: call.position });
    expect(items.filter((item) => item.label.endsWith('=')).map((item) => [item.label, item.detail])).toEqual([
      ['units=', 'int, required'],
      ['act=', 'any value, default relu'],
    ]);

    const member = withCursor(source.replace('R.Residual(<|>)', 'R.<|>'));
    const second = await open('complete-member.kf', member.text);
    const members = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: second.uri }, position: member.position });
    expect(members.map((item) => [item.label, item.detail])).toEqual([
      ['width', 'constant from ./residual.kf'],
      ['Residual', 'block from ./residual.kf'],
    ]);
  });

  it('offers what a plain import exports, from that file, and not its models', async () => {
    writeFileSync(
      join(directory, 'exports.kf'),
      'let depth = 2\n\nsequential Features {\n  Dense(4)\n}\n\nblock Twice(units: int)(x) {\n  return x -> Dense(units) -> Dense(units)\n}\n\n' +
        'sequential Trained {\n  Input([4])\n  Dense(2)\n  loss = mse\n}\n\nmodel Other {\n  input a: [4]\n  output b = a -> Dense(1)\n  loss = mse\n}\n',
    );
    const { text, position } = withCursor('import "./exports.kf"\n\nmodel M {\n  input x: [4]\n  output y = x -> <|>\n  loss = mse\n}\n');
    const { uri } = await open('complete-imported.kf', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    const imported = items.filter((item) => item.detail?.endsWith('from ./exports.kf'));
    expect(imported.map((item) => [item.label, item.detail])).toEqual([
      ['depth', 'constant from ./exports.kf'],
      ['Features', 'sequential from ./exports.kf'],
      ['Twice', 'block from ./exports.kf'],
    ]);
    expect(labels(items)).not.toContain('Trained');
    expect(labels(items)).not.toContain('Other');
  });

  it("offers the runtime's built-in datasets after data =, and the Input layer's dtypes after an input's shape", async () => {
    const data = withCursor(classifier.replace('  loss = categorical_crossentropy\n', '  loss = categorical_crossentropy\n  train {\n    data = <|>\n  }\n'));
    const first = await open('complete-data.kf', data.text);
    const dataItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: first.uri }, position: data.position });
    expect(dataItems.map((item) => [item.label, item.detail])).toEqual([
      ['mnist', 'built-in dataset'],
      ['iris', 'built-in dataset'],
      ['token_order', 'built-in dataset'],
      ['reversed_tokens', 'built-in dataset'],
    ]);

    const dtype = withCursor(classifier.replace('input pixels: [T, 16]', 'input pixels: [T, 16] <|>'));
    const second = await open('complete-dtype.kf', dtype.text);
    const dtypeItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: second.uri }, position: dtype.position });
    expect(dtypeItems.map((item) => [item.label, item.detail])).toEqual([
      ['float32', 'input dtype'],
      ['int32', 'input dtype'],
    ]);
  });

  it("offers a layer's parameter names as keys of regularizers", async () => {
    const { text, position } = withCursor(classifier.replace('Dense(10, activation=softmax)', 'Dense(10, regularizers={<|>})'));
    const { uri } = await open('complete-keys.kf', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    expect(items.map((item) => [item.label, item.insertText])).toEqual([
      ['W', 'W: '],
      ['b', 'b: '],
    ]);
  });

  it('offers layer constructors and tensors in scope after ->', async () => {
    const { text, position } = withCursor(classifier.replace('pooled -> Dense(10, activation=softmax)', 'pooled -> <|>'));
    const { uri } = await open('complete-chain.kf', text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    expect(labels(items)).toEqual(expect.arrayContaining(['Dense', 'LSTM', 'Convolution2D', 'pixels', 'h', 'pooled', 'hidden']));
    expect(items.find((item) => item.label === 'h')!.detail).toBe('tensor: [batch, T, 64] float32');
  });
});

describe('names', () => {
  it('goes to the definition of a tensor', async () => {
    const { text, position } = withCursor(classifier.replace('pooled = h ->', 'pooled = <|>h ->'));
    const { uri } = await open('definition.kf', text);
    const location = await request<Location>('textDocument/definition', { textDocument: { uri }, position });
    expect(location).toEqual({ uri, range: { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } } });
  });

  it('goes to a block defined in an imported file', async () => {
    writeFileSync(join(directory, 'library.kf'), 'block Twice(units: int)(x) {\n  return x -> Dense(units) -> Dense(units)\n}\n');
    const { text, position } = withCursor('import "./library.kf"\n\nmodel M {\n  input x: [4]\n  output y = x -> Tw<|>ice(4)\n  loss = mse\n}\n');
    const { uri } = await open('uses-library.kf', text);
    const location = await request<Location>('textDocument/definition', { textDocument: { uri }, position });
    expect(location).toEqual({ uri: uriOf(join(directory, 'library.kf')), range: { start: { line: 0, character: 6 }, end: { line: 0, character: 11 } } });
  });

  it('goes from a qualified name to the imported block, and from the qualifier to its import', async () => {
    writeFileSync(join(directory, 'qualified.kf'), 'block Wide(units: int)(x) {\n  return x -> Dense(units)\n}\n');
    const text = 'import "./qualified.kf" as Q\n\nmodel M {\n  input x: [4]\n  output y = x -> Q.Wide(4)\n  loss = mse\n}\n';
    const { uri } = await open('uses-qualified.kf', text);
    const member = await request<Location>('textDocument/definition', { textDocument: { uri }, position: { line: 4, character: 21 } });
    expect(member).toEqual({ uri: uriOf(join(directory, 'qualified.kf')), range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } } });
    const qualifier = await request<Location>('textDocument/definition', { textDocument: { uri }, position: { line: 4, character: 18 } });
    expect(qualifier).toEqual({ uri, range: { start: { line: 0, character: 27 }, end: { line: 0, character: 28 } } });
  });

  it('finds every reference to a constant', async () => {
    const text = classifier.replace('Dense(10,', 'Dense(hidden,');
    const { uri } = await open('references.kf', text);
    const found = await request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 5 }, context: { includeDeclaration: true } });
    const lines = text.split('\n');
    expect(found).toEqual([
      { uri, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 10 } } },
      { uri, range: { start: { line: 4, character: lines[4]!.indexOf('hidden') }, end: { line: 4, character: lines[4]!.indexOf('hidden') + 6 } } },
      { uri, range: { start: { line: 6, character: lines[6]!.indexOf('hidden') }, end: { line: 6, character: lines[6]!.indexOf('hidden') + 6 } } },
    ]);
  });

  it('renames a tensor at its definition and every use', async () => {
    const { text, position } = withCursor(classifier.replace('  h = pixels', '  <|>h = pixels'));
    const { uri } = await open('rename.kf', text);
    const prepared = await request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
    expect(prepared).toEqual({ range: { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } }, placeholder: 'h' });
    const edit = await request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'features' });
    expect(edit.changes).toEqual({
      [uri]: [
        { range: { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } }, newText: 'features' },
        { range: { start: { line: 5, character: 11 }, end: { line: 5, character: 12 } }, newText: 'features' },
      ],
    });
  });

  it('renames a block in its file and in the workspace files that use it, open or not', async () => {
    const library = 'block Stack(units: int)(x) {\n  return x -> Dense(units) -> Dense(units)\n}\n';
    const user = 'import "./stack.kf"\n\nmodel M {\n  input x: [4]\n  output y = x -> Stack(4) -> Stack(4)\n  loss = mse\n}\n';
    writeFileSync(join(directory, 'stack.kf'), library);
    writeFileSync(join(directory, 'stack-user.kf'), user);
    const { uri } = await open('stack.kf', library);
    const edit = await request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 8 }, newName: 'Tower' });
    const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
    expect(edit.changes).toEqual({
      [uri]: [{ range: range(0, 6, 11), newText: 'Tower' }],
      [uriOf(join(directory, 'stack-user.kf'))]: [
        { range: range(4, 18, 23), newText: 'Tower' },
        { range: range(4, 30, 35), newText: 'Tower' },
      ],
    });
  });

  it('refuses a new name that is already defined in the same model', async () => {
    const { uri } = await open('rename-taken.kf', classifier);
    await expect(request('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 2 }, newName: 'pooled' })).rejects.toThrow(
      "'pooled' is already defined in Classifier (tensor, line 6): pick another name",
    );
  });

  it('refuses a new name that is a keyword', async () => {
    const { uri } = await open('rename-keyword.kf', classifier);
    await expect(request('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 2 }, newName: 'model' })).rejects.toThrow(
      "'model' cannot be a name: expected letters, digits and _ (not starting with a digit), and not a keyword",
    );
  });
});

describe('document features', () => {
  it('lists models with their inputs, tensors and outputs as document symbols', async () => {
    const { uri } = await open('symbols.kf', classifier);
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((symbol) => [symbol.name, symbol.detail])).toEqual([
      ['hidden', undefined],
      ['Classifier', 'model'],
    ]);
    expect(symbols[1]!.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 8, character: 1 } });
    expect(symbols[1]!.children!.map((symbol) => [symbol.name, symbol.detail])).toEqual([
      ['pixels', 'input [batch, T, 16] float32'],
      ['h', 'tensor [batch, T, 64] float32'],
      ['pooled', 'tensor [batch, 64] float32'],
      ['probabilities', 'output [batch, 10] float32'],
    ]);
  });

  it('formats through the formatter', async () => {
    const { uri } = await open('format.kf', 'model M { input x : [3] ; output y=x->Dense(1) }\n');
    const edits = await request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: 'model M {\n  input x: [3]\n  output y = x -> Dense(1)\n}\n' }]);
  });

  it("shows each tensor assignment's shape at the end of its line", async () => {
    const { uri } = await open('inlay.kf', classifier);
    const hints = await request<{ position: unknown; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    const lines = classifier.split('\n');
    expect(hints.map((hint) => [hint.position, hint.label])).toEqual([
      [{ line: 4, character: lines[4]!.length }, '[batch, T, 64] float32'],
      [{ line: 5, character: lines[5]!.length }, '[batch, 64] float32'],
      [{ line: 6, character: lines[6]!.length }, '[batch, 10] float32'],
    ]);
  });

  it('shows each name of a destructuring its own shape, and a layer with several outputs all of them on hover', async () => {
    const text = 'model S {\n  input x: [T, 3]\n  [seq, h, c] = x -> LSTM(4, return_sequences=true, return_state=true)\n  output y = LSTM(4)(x, initial_state=[h, c])\n}\n';
    const { uri } = await open('states.kf', text);
    const hints = await request<{ position: unknown; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
    const lines = text.split('\n');
    expect(hints.map((hint) => [hint.position, hint.label])).toEqual([
      [{ line: 2, character: lines[2]!.length }, 'seq: [batch, T, 4] float32, h: [batch, 4] float32, c: [batch, 4] float32'],
      [{ line: 3, character: lines[3]!.length }, '[batch, 4] float32'],
    ]);
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: lines[2]!.indexOf('LSTM') + 1 } });
    expect(hover.contents.value).toContain('→ `[batch, T, 4] float32, [batch, 4] float32, [batch, 4] float32`');
  });

  it('puts a code lens with the parameter count and output shapes over each model', async () => {
    const { uri } = await open('lens.kf', classifier);
    const lenses = await request<{ range: unknown; command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    // Dense 16 -> 64: 16·64 + 64 = 1,088; Dense 64 -> 10: 64·10 + 10 = 650.
    expect(lenses).toEqual([
      { range: { start: { line: 2, character: 6 }, end: { line: 2, character: 16 } }, command: { title: '1,738 parameters · output: probabilities [batch, 10] float32', command: '' } },
    ]);
  });

  it('shows the output of each layer of a sequential model inline and in the outline, and its code lens', async () => {
    const text = 'sequential Mlp {\n  Input([784])\n  Dense(32, activation=relu)\n  Dense(10, activation=softmax)\n  loss = categorical_crossentropy\n}\n';
    const { uri } = await open('sequential.kf', text);
    const hints = await request<{ position: unknown; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
    });
    const lines = text.split('\n');
    expect(hints.map((hint) => [hint.position, hint.label])).toEqual([
      [{ line: 2, character: lines[2]!.length }, '[batch, 32] float32'],
      [{ line: 3, character: lines[3]!.length }, '[batch, 10] float32'],
    ]);
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols[0]!.children!.map((symbol) => [symbol.name, symbol.detail, symbol.range.start.line])).toEqual([
      ['Input', undefined, 1],
      ['Dense', '[batch, 32] float32', 2],
      ['Dense', '[batch, 10] float32', 3],
    ]);
    const lenses = await request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    // 784·32 + 32 = 25,120 and 32·10 + 10 = 330.
    expect(lenses.map((lens) => lens.command.title)).toEqual(['25,450 parameters · output: dense_2 [batch, 10] float32']);
  });

  it('offers the checker\'s "did you mean" as a quick fix', async () => {
    const text = classifier.replace('activation=relu', 'activation=rleu');
    const { uri, diagnostics } = await open('quick-fix.kf', text);
    const actions = await request<{ title: string; edit: WorkspaceEdit }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    const column = text.split('\n')[4]!.indexOf('rleu');
    expect(actions.map((action) => [action.title, action.edit.changes])).toEqual([
      ["Change to 'relu'", { [uri]: [{ range: { start: { line: 4, character: column }, end: { line: 4, character: column + 4 } }, newText: 'relu' }] }],
    ]);
  });

  it('offers as a quick fix the name as it is written, for a name like a camelCase argument', async () => {
    const text = 'model M {\n  input x: [4]\n  poolSize = x -> Dense(4)\n  output y = poolSiz -> Dense(1)\n}\n';
    const { uri, diagnostics } = await open('quick-fix-camel.kf', text);
    expect(diagnostics.map((d) => d.message)).toEqual(["unknown tensor 'poolSiz'; did you mean 'poolSize'?"]);
    const actions = await request<{ title: string; edit: WorkspaceEdit }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    const column = text.split('\n')[3]!.indexOf('poolSiz');
    expect(actions.map((action) => [action.title, action.edit.changes])).toEqual([
      ["Change to 'poolSize'", { [uri]: [{ range: { start: { line: 3, character: column }, end: { line: 3, character: column + 7 } }, newText: 'poolSize' }] }],
    ]);
  });
});

describe('the Keras 3 dialect (use keras)', () => {
  const kerasFile = classifier.replace('let hidden = 64', 'use keras\nlet hidden = 64').replace('GlobalPooling1D(max)', 'GlobalMaxPooling1D()');
  const labels = (items: CompletionItem[]) => items.map((item) => item.label);

  it('completes Keras names and arguments in a use keras file, and Keraflow ones elsewhere', async () => {
    const keras = withCursor(kerasFile.replace('Dense(10, activation=softmax)', 'Dense(10, <|>)'));
    const { uri } = await open('keras-arguments.kf', keras.text);
    const items = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: keras.position });
    expect(labels(items.filter((item) => item.label.endsWith('=')))).toEqual([
      'units=',
      'activation=',
      'use_bias=',
      'kernel_initializer=',
      'bias_initializer=',
      'kernel_regularizer=',
      'bias_regularizer=',
      'activity_regularizer=',
      'kernel_constraint=',
      'bias_constraint=',
      'name=',
      'trainable=',
      'initial_weights=',
      'regularizers=',
      'constraints=',
    ]);
    expect(labels(items)).toContain('Conv2D');
    expect(labels(items)).not.toContain('Convolution2D');
    const keraflow = withCursor(classifier.replace('Dense(10, activation=softmax)', 'Dense(10, <|>)'));
    const other = await open('keraflow-names.kf', keraflow.text);
    const keraflowItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: other.uri }, position: keraflow.position });
    expect(labels(keraflowItems)).toContain('Convolution2D');
    expect(labels(keraflowItems)).not.toContain('Conv2D');
  });

  it("hovers a Keras argument with Keras's doc and default", async () => {
    const { text, position } = withCursor(kerasFile.replace('Dense(hidden, activation=relu)', 'Dense(hidden, use_bi<|>as=false)'));
    const { uri, diagnostics } = await open('keras-hover.kf', text);
    expect(diagnostics).toEqual([]);
    const answer = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    expect(answer.contents).toEqual({ kind: 'markdown', value: '`use_bias`: true or false, default `true`\n\nWhether to add a bias vector.' });
  });

  it('offers `use keras` as the quick fix of a Keras name in a Keraflow file', async () => {
    const text = classifier.replace('GlobalPooling1D(max)', 'GlobalMaxPooling1D()');
    const { uri, diagnostics } = await open('keras-quick-fix.kf', text);
    expect(diagnostics.map((d) => d.code)).toEqual(['KF221']);
    const actions = await request<{ title: string; edit: WorkspaceEdit }[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
    expect(actions.map((action) => [action.title, action.edit.changes])).toEqual([
      ['Add `use keras` (the whole file then follows Keras 3)', { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'use keras\n' }] }],
    ]);
  });
});

describe('robustness', () => {
  it('answers an unknown method with MethodNotFound and keeps serving', async () => {
    await expect(request('keraflow/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    const { uri } = await open('after-unknown.kf', classifier);
    expect(await request('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(2);
  });

  it('answers a malformed request with an error, logs it, and keeps serving', async () => {
    await expect(request('textDocument/hover', { position: 'nowhere' })).rejects.toMatchObject({ code: -32603 });
    expect(server.logs.some((message) => message.startsWith('keraflow: hover failed: TypeError'))).toBe(true);
    const { uri } = await open('after-malformed.kf', classifier);
    expect(await request('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(2);
  });

  it('survives a message that is not JSON', async () => {
    const body = '{"jsonrpc": "2.0", "id": 99, "method": ';
    server.process.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const { uri } = await open('after-garbage.kf', classifier);
    expect(await request('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(2);
  });

  it('survives malformed notifications and changes to documents that are not open', async () => {
    void server.connection.sendNotification('textDocument/didOpen', {});
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(join(directory, 'not-open.kf')), version: 2 }, contentChanges: [{ text: 'x' }] });
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///nowhere.kf' } });
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'all of them' });
    const { uri } = await open('after-notifications.kf', classifier);
    expect(await request('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(2);
  });

  it('answers positions past the end of a document', async () => {
    const { uri } = await open('past-the-end.kf', classifier);
    const position = { line: 400, character: 80 };
    expect(await request('textDocument/hover', { textDocument: { uri }, position })).toBeNull();
    expect(await request('textDocument/definition', { textDocument: { uri }, position })).toBeNull();
    expect(await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position })).toEqual([
      { label: 'let', kind: 14 },
      { label: 'block', kind: 14 },
      { label: 'model', kind: 14 },
      { label: 'sequential', kind: 14 },
      { label: 'import', kind: 14 },
      { label: 'use', kind: 14 },
    ]);
  });

  it('requests about a document that is not open get an empty answer', async () => {
    const uri = uriOf(join(directory, 'never-opened.kf'));
    expect(await request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })).toEqual([]);
  });

  it('publishes diagnostics for any content, binary noise included', async () => {
    const noise = Array.from({ length: 2000 }, (_, index) => String.fromCharCode((index * 7919) % 0x3000)).join('');
    const { diagnostics } = await open('noise.kf', noise);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((diagnostic) => typeof diagnostic.code === 'string')).toBe(true);
  });
});

describe('shutdown', () => {
  it('exits with code 0 after shutdown and exit, with nothing but the protocol on stdout', async () => {
    const own = await startServer();
    expect(await own.stop()).toBe(0);
    expect(own.stderr()).toBe('');
  });
});
