import { describe, expect, it } from 'vitest';
import type * as ast from '../../grammar/ast.ts';
import { walk } from '../../grammar/walk.ts';
import { parse } from '../../compiler/index.ts';
import { allRangeFaults, fixtureNames, readFixture, textAt, withoutRanges } from './helpers.ts';

describe('valid files (every example of LANGUAGE.md)', () => {
  for (const name of fixtureNames('valid')) {
    it(`${name}.kf parses without diagnostics, with real ranges`, () => {
      const text = readFixture('valid', name);
      const { ast: tree, diagnostics } = parse(text, { fileName: `${name}.kf` });
      expect(diagnostics).toEqual([]);
      expect(tree.declarations.length).toBeGreaterThan(0);
      expect(allRangeFaults(tree, diagnostics, text)).toEqual([]);
    });

    it(`${name}.kf: every name's range covers exactly that name`, () => {
      const text = readFixture('valid', name);
      walk(parse(text).ast, (node) => {
        if (node.kind === 'Identifier' || node.kind === 'Name') expect(textAt(text, node.range)).toBe(node.name);
        if (node.kind === 'Number') expect(textAt(text, node.range)).toBe(node.text);
        if (node.kind === 'Comment') expect(textAt(text, node.range)).toBe(node.text);
      });
    });
  }
});

describe("the tree of LANGUAGE.md's taste", () => {
  const text = readFixture('valid', 'siamese');
  const tree = parse(text).ast;
  const [letHidden, residual, siamese, mnist] = tree.declarations as [ast.Let, ast.Block, ast.Model, ast.Sequential];

  it('has its four declarations in order', () => {
    expect(tree.declarations.map((declaration) => declaration.kind)).toEqual(['Let', 'Block', 'Model', 'Sequential']);
    expect(tree.comments.map((comment) => comment.text)[0]).toBe('# examples/siamese.kf');
  });

  it('ranges are 0-based lines and characters with offsets', () => {
    expect(letHidden.name.range).toEqual({
      start: { line: 1, character: 4, offset: 26 },
      end: { line: 1, character: 10, offset: 32 },
    });
    expect(textAt(text, letHidden.range)).toBe('let hidden = 64');
    expect(textAt(text, residual.range).split('\n').at(-1)).toBe('}');
  });

  it("reads a block's parameters, inputs and body", () => {
    expect(residual.name.name).toBe('Residual');
    expect(withoutRanges(residual.parameters)).toEqual([
      { kind: 'Parameter', name: { kind: 'Identifier', name: 'units' }, type: { kind: 'Identifier', name: 'int' } },
      { kind: 'Parameter', name: { kind: 'Identifier', name: 'act' }, default: { kind: 'Name', name: 'relu' } },
    ]);
    expect(residual.inputs.map((input) => input.name)).toEqual(['x']);
    expect(residual.body.map((statement) => statement.kind)).toEqual(['Assignment', 'Return']);
    const chain = (residual.body[0] as ast.Assignment).value as ast.Chain;
    expect(chain.kind).toBe('Chain');
    expect(textAt(text, chain.range)).toBe('x -> Dense(units, activation=act) -> Dense(units)');
    const firstDense = chain.stages[0] as ast.Call;
    expect(firstDense.arguments.map((argument) => argument.name?.name)).toEqual([undefined, 'activation']);
    expect(textAt(text, firstDense.argumentsRange)).toBe('(units, activation=act)');
  });

  it("reads a model's statements in order", () => {
    expect(siamese.body.map((statement) => statement.kind)).toEqual(['Input', 'Input', 'Layer', 'Assignment', 'Assignment', 'Output', 'Output', 'Loss', 'Loss', 'Metrics', 'Optimizer']);
    const left = siamese.body[0] as ast.InputWithShape;
    expect(left.form).toBe('shape');
    expect(withoutRanges(left.shape)).toEqual({ kind: 'List', elements: [{ kind: 'Number', value: 100, text: '100', isInteger: true }] });
    const encoder = siamese.body[2] as ast.LayerDeclaration;
    const regularizers = (encoder.value as ast.Call).arguments[1]!;
    expect(regularizers.name?.name).toBe('regularizers');
    const dict = regularizers.value as ast.Dict;
    expect(dict.entries.map((entry) => (entry.key as ast.Identifier).name)).toEqual(['b']);
    expect(textAt(text, dict.entries[0]!.key.range)).toBe('b');
  });

  it('reads an output chain: application, arithmetic and constructor stages', () => {
    const same = siamese.body[5] as ast.Output;
    expect(same.name.name).toBe('same');
    const chain = same.value as ast.Chain;
    const source = chain.source as ast.Call;
    expect((source.callee as ast.Call).callee).toMatchObject({ kind: 'Name', name: 'Concatenate' });
    expect(withoutRanges(source.arguments)).toEqual([
      {
        kind: 'Argument',
        value: {
          kind: 'List',
          elements: [
            { kind: 'Name', name: 'a' },
            { kind: 'Name', name: 'b' },
          ],
        },
      },
    ]);
    const residualCall = chain.stages[0] as ast.Call;
    const product = residualCall.arguments[0]!.value as ast.Binary;
    expect(product).toMatchObject({ kind: 'Binary', operator: '*', left: { value: 2 }, right: { name: 'hidden' } });
    expect(textAt(text, product.operatorRange)).toBe('*');
  });

  it('reads the training statements', () => {
    const loss = siamese.body[7] as ast.Loss;
    expect(loss.output?.name).toBe('same');
    expect(loss.value).toMatchObject({ kind: 'Name', name: 'binary_crossentropy' });
    const optimizer = siamese.body[10] as ast.Optimizer;
    expect((optimizer.value as ast.Call).arguments.map((argument) => argument.name?.name)).toEqual(['lr', 'momentum', 'nesterov']);
    expect((optimizer.value as ast.Call).arguments[2]!.value).toMatchObject({ kind: 'Boolean', value: true });
  });

  it('splits a sequential into layers and training settings', () => {
    expect(mnist.layers.map((layer) => textAt(text, layer.range))).toEqual(['Input([784])', 'Dense(512, activation=relu)', 'Dropout(0.2)', 'Dense(10, activation=softmax)']);
    expect(mnist.training.map((statement) => statement.kind)).toEqual(['Loss', 'Metrics', 'Optimizer', 'Train']);
    const train = mnist.training[3] as ast.Train;
    expect(train.settings.map((setting) => setting.name.name)).toEqual(['data', 'batch_size', 'epochs', 'validation_split']);
    expect(mnist.training[0]).toMatchObject({ kind: 'Loss', output: undefined });
  });
});

/** The value of `let v = <source>`. */
function valueOf(source: string): unknown {
  const { ast: tree, diagnostics } = parse(`let v = ${source}\n`);
  expect(diagnostics).toEqual([]);
  return withoutRanges((tree.declarations[0] as ast.Let).value);
}

const number = (value: number, text = String(value)) => ({ kind: 'Number', value, text, isInteger: /^\d+$/.test(text) });
const name = (text: string) => ({ kind: 'Name', name: text });

describe('expressions', () => {
  it('numbers', () => {
    expect(valueOf('12')).toEqual(number(12));
    expect(valueOf('0.5')).toEqual(number(0.5));
    expect(valueOf('1e-3')).toEqual({ kind: 'Number', value: 0.001, text: '1e-3', isInteger: false });
    expect(valueOf('-2')).toEqual({ kind: 'Unary', operator: '-', operand: number(2) });
    expect(valueOf('--2')).toEqual({ kind: 'Unary', operator: '-', operand: { kind: 'Unary', operator: '-', operand: number(2) } });
  });

  it('strings decode their escapes', () => {
    expect(valueOf(String.raw`"a\"b\n\t\\"`)).toEqual({ kind: 'String', value: 'a"b\n\t\\' });
    expect(valueOf(String.raw`'it\'s' `)).toEqual({ kind: 'String', value: "it's" });
    expect(valueOf(String.raw`"\x41\u00e9\u{1F600}\0"`)).toEqual({ kind: 'String', value: 'Aé😀\0' });
  });

  it('arithmetic: precedence, left associativity, parentheses', () => {
    const binary = (operator: string, left: unknown, right: unknown) => ({ kind: 'Binary', operator, left, right });
    expect(valueOf('1 + 2 * 3')).toEqual(binary('+', number(1), binary('*', number(2), number(3))));
    expect(valueOf('1 - 2 - 3')).toEqual(binary('-', binary('-', number(1), number(2)), number(3)));
    expect(valueOf('(1 + 2) * 3')).toEqual(binary('*', binary('+', number(1), number(2)), number(3)));
    expect(valueOf('7 // 2 % 3 / 1')).toEqual(binary('/', binary('%', binary('//', number(7), number(2)), number(3)), number(1)));
    expect(valueOf('-a * 2')).toEqual(binary('*', { kind: 'Unary', operator: '-', operand: name('a') }, number(2)));
  });

  it('tuples, parentheses, lists and dicts', () => {
    expect(valueOf('(3, 3)')).toEqual({ kind: 'Tuple', elements: [number(3), number(3)] });
    expect(valueOf('(3,)')).toEqual({ kind: 'Tuple', elements: [number(3)] });
    expect(valueOf('()')).toEqual({ kind: 'Tuple', elements: [] });
    expect(valueOf('(3)')).toEqual(number(3));
    expect(valueOf('[1, [2], ]')).toEqual({ kind: 'List', elements: [number(1), { kind: 'List', elements: [number(2)] }] });
    expect(valueOf('{W: l1, "b": 2}')).toEqual({
      kind: 'Dict',
      entries: [
        { kind: 'DictEntry', key: { kind: 'Identifier', name: 'W' }, value: name('l1') },
        { kind: 'DictEntry', key: { kind: 'String', value: 'b' }, value: number(2) },
      ],
    });
  });

  it('literals and qualified names', () => {
    expect(valueOf('[true, false, none]')).toEqual({
      kind: 'List',
      elements: [{ kind: 'Boolean', value: true }, { kind: 'Boolean', value: false }, { kind: 'None' }],
    });
    expect(valueOf('B.Residual')).toEqual({
      kind: 'QualifiedName',
      qualifier: { kind: 'Identifier', name: 'B' },
      member: { kind: 'Identifier', name: 'Residual' },
    });
  });

  it('calls: positional then keyword arguments, applications, keyword-named arguments', () => {
    expect(valueOf('Dense(10, activation=softmax)')).toEqual({
      kind: 'Call',
      callee: name('Dense'),
      arguments: [
        { kind: 'Argument', value: number(10) },
        { kind: 'Argument', name: { kind: 'Identifier', name: 'activation' }, value: name('softmax') },
      ],
    });
    expect(valueOf('Dense(10)(x)')).toMatchObject({ kind: 'Call', callee: { kind: 'Call', callee: name('Dense') } });
    expect(valueOf('TimeDistributed(layer=Dense(8))')).toMatchObject({
      arguments: [{ name: { kind: 'Identifier', name: 'layer' }, value: { kind: 'Call' } }],
    });
  });

  it('chains: bare constructors and qualified stages', () => {
    expect(valueOf('x -> Flatten -> B.Dense(10)')).toEqual({
      kind: 'Chain',
      source: name('x'),
      stages: [
        name('Flatten'),
        {
          kind: 'Call',
          callee: { kind: 'QualifiedName', qualifier: { kind: 'Identifier', name: 'B' }, member: { kind: 'Identifier', name: 'Dense' } },
          arguments: [{ kind: 'Argument', value: number(10) }],
        },
      ],
    });
  });
});

describe('statements', () => {
  it('both forms of input', () => {
    const { ast: tree } = parse('model M {\n  input a: [T, 16] int32\n  input b = Input([3], dtype=int32)\n}\n');
    const [a, b] = (tree.declarations[0] as ast.Model).body as [ast.InputWithShape, ast.InputWithCall];
    expect(a).toMatchObject({ form: 'shape', name: { name: 'a' }, dtype: { name: 'int32' } });
    expect(a.shape.elements.map((element) => element.kind)).toEqual(['Name', 'Number']);
    expect(b).toMatchObject({ form: 'call', name: { name: 'b' }, value: { kind: 'Call' } });
  });

  it('imports with and without an alias', () => {
    const { ast: tree } = parse('import "a.kf"\nimport \'b.kf\' as B\n');
    expect(withoutRanges(tree.declarations)).toEqual([
      { kind: 'Import', path: { kind: 'String', value: 'a.kf' } },
      { kind: 'Import', path: { kind: 'String', value: 'b.kf' }, alias: { kind: 'Identifier', name: 'B' } },
    ]);
  });

  it('`;` ends statements like a new line', () => {
    const semicolons = parse('model M { input x: [1]; output y = x; loss = mse; }');
    const lines = parse('model M {\n  input x: [1]\n  output y = x\n  loss = mse\n}');
    expect(semicolons.diagnostics).toEqual([]);
    expect(withoutRanges(semicolons.ast.declarations)).toEqual(withoutRanges(lines.ast.declarations));
  });

  it('an empty file, blank lines and comments only', () => {
    for (const text of ['', '\n\n', '# just a comment', '\r\n# comment\r\n\r\n']) {
      const { ast: tree, diagnostics } = parse(text);
      expect(diagnostics).toEqual([]);
      expect(tree.declarations).toEqual([]);
    }
  });

  it('CRLF line ends and a byte-order mark', () => {
    const { ast: tree, diagnostics } = parse('\ufefflet a = 1\r\nlet b = 2\r\n');
    expect(diagnostics).toEqual([]);
    expect(tree.declarations.map((declaration) => (declaration as ast.Let).name.range.start)).toEqual([
      { line: 0, character: 5, offset: 5 },
      { line: 1, character: 4, offset: 16 },
    ]);
  });
});

describe('use: the dialect declaration', () => {
  it("is read as the file's dialect when it comes first (after comments), not as a declaration", () => {
    const text = '# a Keras file\nuse keras\nlet units = 4\n';
    const { ast: file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.dialect?.dialect.name).toBe('keras');
    expect(textAt(text, file.dialect!.range)).toBe('use keras');
    expect(file.declarations.map((d) => d.kind)).toEqual(['Let']);
  });

  it('anywhere else is a misplaced statement (KF108) at its range, and the file keeps no dialect', () => {
    const text = 'let units = 4\nuse keras\n';
    const { ast: file, diagnostics } = parse(text);
    expect(file.dialect).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, textAt(text, d.range)])).toEqual([['KF108', 'use keras']]);
  });

  it("without one, a file has no dialect (Keraflow's)", () => {
    expect(parse('let units = 4\n').ast.dialect).toBeUndefined();
  });
});
