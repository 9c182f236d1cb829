/** `check`'s result: shapes, dtypes, parameters, the graph, symbols and imports, for hover, inlay hints, summary and pictures. */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../compiler/index.ts';
import { summarize } from '../../compiler/check/summary.ts';
import { formatShape } from '../../runtime/engine/dimension.ts';
import { checkerDirectory, checkText, describeDiagnostics } from './helpers.ts';

const shapes = (result: ReturnType<typeof checkText>, model = 0) =>
  Object.fromEntries(result.models[model].tensors.filter((t) => t.name).map((t) => [t.name, `${t.shape ? formatShape(t.shape) : '?'} ${t.dtype ?? ''}`.trim()]));

describe('check', () => {
  it("infers every named tensor's shape and dtype, symbolic sizes as expressions", () => {
    const result = checkText(`model M {
  input image: [H, W, 3]
  input tokens: [T] int32
  c = image -> Convolution2D(8, 3, 3) -> Pooling2D(max)
  e = tokens -> Embedding(100, 16)
  output pooled = c -> GlobalPooling2D(avg)
  output steps = e -> LSTM(4, return_sequences=true)
}`);
    expect(result.diagnostics).toEqual([]);
    expect(shapes(result)).toEqual({
      image: '[batch, H, W, 3] float32',
      tokens: '[batch, T] int32',
      c: '[batch, (H - 4) // 2 + 1, (W - 4) // 2 + 1, 8] float32',
      e: '[batch, T, 16] float32',
      pooled: '[batch, 8] float32',
      steps: '[batch, T, 4] float32',
    });
    const model = result.models[0];
    expect(model.dimensions.map((d) => d.name)).toEqual(['H', 'W', 'T']);
    expect(model.outputs.map((o) => o.name)).toEqual(['pooled', 'steps']);
    // 3*3*3*8 + 8, 100*16, LSTM: 4 * (16*4 + 4*4 + 4)
    expect(model.layers.map((l) => [l.className, l.paramCount])).toEqual([
      ['Convolution2D', 224],
      ['Pooling2D', 0],
      ['Embedding', 1600],
      ['GlobalPooling2D', 0],
      ['LSTM', 336],
    ]);
    expect(model.paramCount).toBe(224 + 1600 + 336);
  });

  it('counts a shared layer once, records each of its uses, and puts block layers under their instance', () => {
    const result = checkText(`block Twice(units: int)(x) {
  layer inner = Dense(units)
  return x -> inner -> inner
}
model M {
  input a: [4]
  input b: [4]
  layer shared = Dense(4)
  output y = ElementWiseSum()([shared(a), shared(b)]) -> Twice(4)
}`);
    expect(result.diagnostics).toEqual([]);
    const model = result.models[0];
    const shared = model.layers.find((l) => l.name === 'shared')!;
    expect(shared.uses).toHaveLength(2);
    expect(shared.paramCount).toBe(20);
    const instance = model.layers.find((l) => l.className === 'Twice')!;
    const inner = model.layers.find((l) => l.name === 'inner')!;
    expect(inner.parent).toBe(instance.id);
    expect(inner.uses).toHaveLength(2);
    expect(instance.paramCount).toBe(20);
    expect(model.paramCount).toBe(40);
    expect(summarize(model)).toContain('twice_1/inner (Dense)');
    expect(summarize(model)).toMatch(/Total params: 40\n/);
  });

  it("records each name's definition and every use, across files", () => {
    const files = {
      '/project/lib.kf': 'block Res(units: int)(x) {\n  return x -> Dense(units)\n}\n',
      '/project/main.kf': 'import "./lib.kf" as L\nmodel M {\n  input x: [4]\n  h = x -> L.Res(4)\n  output y = h -> L.Res(4)\n  loss y = mse\n}\n',
    };
    const result = check({ fileName: '/project/main.kf', text: files['/project/main.kf'] }, { readFile: (path) => files[path as keyof typeof files] });
    expect(result.diagnostics).toEqual([]);
    const main = result.files.find((f) => f.fileName === '/project/main.kf')!;
    const lib = result.files.find((f) => f.fileName === '/project/lib.kf')!;
    expect(main.imports).toEqual(['/project/lib.kf']);
    const res = lib.symbols.find((s) => s.name === 'Res')!;
    expect(res.kind).toBe('block');
    expect(res.references.map((r) => [r.fileName, r.range.start.line, r.range.start.character])).toEqual([
      ['/project/main.kf', 3, 13],
      ['/project/main.kf', 4, 20],
    ]);
    const h = main.symbols.find((s) => s.name === 'h')!;
    expect(h).toMatchObject({ kind: 'tensor', container: 'M' });
    expect(h.references.map((r) => [r.range.start.line, r.range.start.character])).toEqual([[4, 13]]);
    const y = main.symbols.find((s) => s.name === 'y')!;
    expect(y.kind).toBe('output');
    expect(y.references.map((r) => r.range.start.line)).toEqual([5]);
  });

  it('reports problems in imported files under their own file name', () => {
    const files = { '/p/lib.kf': 'let size = 4 // 0\n', '/p/main.kf': 'import "./lib.kf"\nmodel M {\n  input x: [4]\n  output y = x -> Dense(size)\n}\n' };
    const result = check({ fileName: '/p/main.kf', text: files['/p/main.kf'] }, { readFile: (path) => files[path as keyof typeof files] });
    expect(describeDiagnostics(result.diagnostics, '/p/main.kf')).toEqual([`${relative(checkerDirectory, '/p/lib.kf')}:1:12 error KF216 division by zero in \`//\``]);
  });

  it('checks several files at once, each diagnostic naming its file', () => {
    const result = check([
      { fileName: join(checkerDirectory, 'a.kf'), text: 'model A {\n  input x: [2]\n  output y = x -> Dens(1)\n}\n' },
      { fileName: join(checkerDirectory, 'b.kf'), text: 'model B {\n  input x: [2]\n  output y = x -> Dropout(2)\n}\n' },
    ]);
    expect(result.diagnostics.map((d) => [d.fileName?.split('/').pop(), d.code])).toEqual([
      ['a.kf', 'KF202'],
      ['b.kf', 'KF208'],
    ]);
    expect(result.models.map((m) => m.name)).toEqual(['A', 'B']);
  });

  it('gives an unknown shape, not an error, to what follows a failed layer', () => {
    const result = checkText('model M {\n  input x: [4]\n  h = x -> Nope(3)\n  g = h -> Dense(2) -> Reshape([7])\n  output y = Concatenate()([g, x])\n  loss y = mse\n}\n');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KF202']);
    expect(shapes(result)).toMatchObject({ h: '?', g: '?', y: '?' });
    const node = result.models[0].nodes.find((n) => result.models[0].layers[n.layer].className === 'Reshape')!;
    expect(node.errors).toEqual([]);
  });

  it('marks the application that failed, for pictures', () => {
    const result = checkText('model M {\n  input a: [4]\n  input b: [5]\n  output y = ElementWiseSum()([a, b])\n}\n');
    const model = result.models[0];
    expect(model.nodes.map((n) => n.errors)).toEqual([['KF301']]);
  });

  it('reads train settings', () => {
    const result = checkText(
      'sequential S {\n  Input([4])\n  Dense(1)\n  loss = mse\n  optimizer = sgd\n  train { data = iris, epochs = 3, batch_size = 8, validation_split = 0.2, shuffle = false }\n}\n',
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.models[0]).toMatchObject({ kind: 'sequential', train: { data: 'iris', epochs: 3, batch_size: 8, validation_split: 0.2, shuffle: false } });
  });
});

describe('check by path', () => {
  it('reads the files it is given by path, and says which cannot be read', () => {
    const path = join(checkerDirectory, 'valid', 'siamese.kf');
    const result = check([path, join(checkerDirectory, 'no-such.kf')]);
    expect(result.models.map((m) => m.name)).toEqual(['Siamese', 'MnistMlp']);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['KF212', `cannot read file '${join(checkerDirectory, 'no-such.kf')}': no such file`]]);
  });
});

describe('arguments by keyword', () => {
  it('takes a positional argument given by its name, as the runtime does', () => {
    const result = checkText('model M {\n  input x: [T, 4]\n  output y = x -> TimeDistributed(Dense(output_dim=3)) -> GlobalPooling1D(mode=max) -> Dropout(drop_rate=0.5) -> Dense(output_dim=2)\n}\n');
    expect(result.diagnostics).toEqual([]);
    expect(shapes(result)).toMatchObject({ y: '[batch, 2] float32' });
    expect(result.models[0].paramCount).toBe(15 + 8);
  });
});

describe('limits', () => {
  it('reports blocks nested thousands deep as KF219, at the model that applies them, without throwing', () => {
    const depth = 3000;
    const blocks = Array.from({ length: depth }, (_, i) => `block B${i}()(x) {\n  return x -> Dense(2)${i < depth - 1 ? ` -> B${i + 1}()` : ''}\n}`);
    const result = checkText(`${blocks.join('\n')}\nmodel M {\n  input x: [2]\n  output y = x -> B0()\n}\n`);
    expect(result.diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['KF219', depth * 3, 'model M nests too deeply to check (thousands of levels of blocks applied inside blocks, or of operators): flatten the nesting'],
    ]);
  });
});

describe('long constants', () => {
  it('evaluates a sum of 20,000 terms without exhausting the stack', () => {
    const result = checkText(`let total = ${Array.from({ length: 20_000 }, () => '1').join(' + ')}\nmodel M {\n  input x: [2]\n  output y = x -> Dense(total // 10000)\n}\n`);
    expect(result.diagnostics).toEqual([]);
    expect(shapes(result)).toMatchObject({ y: '[batch, 2] float32' });
  });
});

describe('names in messages', () => {
  // A tensor may share its name with a camelCase argument of some layer (Pooling's poolSize): messages quote it as written.
  it('quotes a tensor named like a camelCase argument as written, and suggests it as written', () => {
    const result = checkText('model M {\n  input x: [4]\n  poolSize = x -> Dense(4)\n  poolSize = x -> Dense(4)\n  output y = poolSiz -> Dense(1)\n}\n');
    expect(result.diagnostics.map((d) => [d.code, d.message, d.data?.suggestion])).toEqual([
      ['KF402', "'poolSize' is already defined: each name is defined once", undefined],
      ['KF201', "unknown tensor 'poolSiz'; did you mean 'poolSize'?", 'poolSize'],
    ]);
  });

  it('writes argument names as .kf writes them, where they are argument names', () => {
    const result = checkText('model M {\n  input x: [4]\n  output y = x -> Dense(8, initial_weights={V: [[1]]})\n}\n');
    expect(result.diagnostics.map((d) => d.message)).toEqual(["dense_1: initial_weights names parameter 'V', which does not exist; did you mean 'W'? expected 2 parameters ('W', 'b')"]);
  });
});

describe('diagnostic data', () => {
  it('carries what the message was made of: the reason and layer of a runtime shape error, the argument as .kf writes it', () => {
    const result = checkText('model M {\n  input x: [28, 28]\n  output y = x -> Convolution2D(8, 3, 3)\n}\n');
    expect(result.diagnostics.map((d) => [d.code, d.data])).toEqual([['KF302', expect.objectContaining({ reason: 'rank', layer: 'convolution2d_1', given: '[batch, 28, 28]' })]]);
    const weights = checkText('model M {\n  input x: [4]\n  output y = x -> Dense(8, initial_weights={V: [[1]]})\n}\n');
    expect(weights.diagnostics[0]?.data).toMatchObject({ argument: 'initial_weights', key: 'V', suggestion: 'W' });
  });

  it('carries the suggested argument name as .kf writes it', () => {
    const result = checkText('model M {\n  input x: [4]\n  output y = x -> Dense(8, outputdim=3)\n}\n');
    expect(result.diagnostics.map((d) => [d.code, d.data?.suggestion])).toEqual([['KF204', 'output_dim']]);
  });
});
