/** Error recovery: one typo, one diagnostic that says what was expected; the rest of the file still in the tree. */
import { describe, expect, it } from 'vitest';
import type * as ast from '../../grammar/ast.ts';
import { walk } from '../../grammar/walk.ts';
import { parse } from '../../compiler/index.ts';
import { allRangeFaults, positionsAndCodes, readFixture } from './helpers.ts';

function messages(text: string): string[] {
  return parse(text).diagnostics.map((diagnostic) => `${positionsAndCodes([diagnostic])[0]} ${diagnostic.message}`);
}

describe('three independent typos', () => {
  const text = readFixture('invalid', 'three-typos');
  const { ast: tree, diagnostics } = parse(text);

  it('give three diagnostics that say what was expected', () => {
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'expected `:` or `=` after input name `x`, found `[`',
      'expected `,` or `)` after `128`, found `activation`',
      'expected an expression after `=`, found `)`',
    ]);
    expect(diagnostics.every((diagnostic) => diagnostic.severity === 'error')).toBe(true);
  });

  it('keep the valid statements in the tree', () => {
    const model = tree.declarations[0] as ast.Model;
    expect(model.name.name).toBe('Typos');
    expect(model.body.map((statement) => statement.kind)).toEqual(['Layer', 'Assignment', 'Output', 'Loss']);
    expect(((model.body[0] as ast.LayerDeclaration).value as ast.Call).arguments).toHaveLength(1);
    const output = model.body[2] as ast.Output;
    const dense = (output.value as ast.Chain).stages[0] as ast.Call;
    expect(dense.arguments[1]).toMatchObject({ name: { name: 'activation' }, value: { kind: 'Missing' } });
  });
});

describe('messages', () => {
  it.each([
    ['let x 3', '1:7 KF101 expected `=` after constant name `x`, found `3`'],
    ['let = 3', '1:5 KF101 expected a name after `let`, found `=`'],
    ['let a = 1 2', '1:11 KF101 expected the end of the statement after `1`, found `2`'],
    ['= 3', '1:1 KF101 expected a statement, found `=`'],
    ['let a = (1 +)', '1:13 KF101 expected an expression after `+`, found `)`'],
    ['let a = [1, , 2]', '1:13 KF101 expected a value or `]` after `,`, found `,`'],
    ['let a = f(x=1, 2)', '1:16 KF109 positional argument after a keyword argument: positional arguments come first'],
    ['model {\n}', '1:7 KF101 expected a model name after `model`, found `{`'],
    ['model M {\n  loss y mse\n}', '2:10 KF101 expected `=` after output name `y`, found `mse`'],
    ['model M {\n  input x: [3] -> Dense(1)\n}', '2:16 KF101 expected the end of the statement after `]`, found `->`'],
    ['let a = "abc', '1:9 KF102 unterminated string: the closing quote must be on the same line'],
    ['let a = 1 $ 2', '1:11 KF103 unexpected character `$`'],
    ['let a = f(1', '1:10 KF104 `(` is never closed: expected `)`'],
    ['let a = 1)', '1:10 KF105 `)` closes nothing: no bracket is open here'],
    ['let a = "\\q"', '1:10 KF106 unknown escape `\\q` in a string: use \\n \\t \\r \\\\ \\" \\\' \\0 \\xHH or \\uHHHH'],
    ['let a = f(1]', '1:12 KF114 `]` does not match the open bracket: expected `)`'],
    ['block B()(x) {\n  h = x\n}', '1:7 KF112 block `B` has no `return`: end it with `return <tensor>`'],
    ['let a = f(x.y=1)', '1:11 KF110 only a plain name can come before `=` in an argument list'],
  ])('%j', (text, expected) => {
    expect(messages(text)).toEqual([expected]);
  });

  it('names invisible characters by code point', () => {
    expect(messages('let a = 1 \u0000\u200b')).toEqual(['1:11 KF103 unexpected characters U+0000 U+200B']);
  });
});

describe('bracket repair', () => {
  it('an unclosed bracket is closed before the next statement: one diagnostic, both statements kept', () => {
    const { ast: tree, diagnostics } = parse('model M {\n  h = Dense(3\n  output y = h\n}\n');
    expect(positionsAndCodes(diagnostics)).toEqual(['2:12 KF104']);
    expect(diagnostics[0]!.related).toEqual([{ message: 'assumed closed here', range: { start: { line: 1, character: 13, offset: 23 }, end: { line: 1, character: 13, offset: 23 } } }]);
    expect((tree.declarations[0] as ast.Model).body.map((statement) => statement.kind)).toEqual(['Assignment', 'Output']);
  });

  it('a model left open ends where the next declaration starts', () => {
    const { ast: tree, diagnostics } = parse('model A {\n  input x: [1]\n\nmodel B {\n  input y: [1]\n}\n');
    expect(positionsAndCodes(diagnostics)).toEqual(['1:9 KF104']);
    expect(tree.declarations.map((declaration) => (declaration as ast.Model).name.name)).toEqual(['A', 'B']);
  });

  it('a declaration nested by mistake is misplaced, not a missing brace', () => {
    const { diagnostics } = parse('model A {\n  input x: [1]\n  model B {\n  }\n}\n');
    expect(positionsAndCodes(diagnostics)).toEqual(['3:3 KF108']);
  });
});

describe('recovery-inserted tokens', () => {
  it('have real, zero-width ranges where the token was missing', () => {
    const text = 'model M {\n  loss y mse\n}\n';
    const { ast: tree, diagnostics } = parse(text);
    expect(allRangeFaults(tree, diagnostics, text)).toEqual([]);
    const loss = (tree.declarations[0] as ast.Model).body[0] as ast.Loss;
    expect(loss).toMatchObject({ kind: 'Loss', output: { name: 'y' }, value: { kind: 'Name', name: 'mse' } });
    expect(loss.range.start).toEqual({ line: 1, character: 2, offset: 12 });
  });

  it('never leave NaN or negative positions, whatever the text', () => {
    const texts = ['model M { input x: [', 'block B(a: , b = )(', 'let a = f(g(h(', 'sequential S {\n Dense(3 Dense(4)\n', 'model\n{'];
    for (const text of texts) {
      const { ast: tree, diagnostics } = parse(text);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(allRangeFaults(tree, diagnostics, text), text).toEqual([]);
    }
  });
});

describe('bad input never throws nor hangs', () => {
  const cases: [string, () => string][] = [
    ['an empty file', () => ''],
    ['binary junk', () => String.fromCharCode(...Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 65536))],
    ['NUL bytes and lone surrogates', () => 'let a\u0000 = "\ud800" \udc00 1'],
    ['a 10 MB line: one string', () => 'let a = "' + 'x'.repeat(10_000_000) + '"'],
    ['a 10 MB line: one name', () => 'let a = ' + 'abcdefghij'.repeat(1_000_000)],
    ['a 10 MB line: junk', () => '@#$'.repeat(3_500_000)],
    ['a 10 MB line: an unterminated string', () => 'let a = "' + 'x'.repeat(10_000_000)],
    ['a line of a million tokens', () => 'let a = [' + '1,'.repeat(500_000) + ']'],
    ['a long broken statement (an error every few tokens)', () => 'let a = f(' + 'a b, '.repeat(50_000) + ')'],
    ['thousands of broken lines', () => 'model M {\n' + '  x = ( y y\n'.repeat(5_000) + '}'],
    ['unbalanced brackets', () => '((((([[[[{{{{'.repeat(500) + ')]}'.repeat(700)],
    ['only closers', () => ')]}'.repeat(1000)],
    ['unterminated strings', () => '"abc\n\'def\n"'.repeat(200)],
    ['stray Unicode', () => 'model Ünïcödé { input ẍ: [3] → Dense(1) 🙂 }'],
    ['deep unary minus', () => 'let a = ' + '-'.repeat(100_000) + '1'],
    ['a long chain', () => 'let a = x' + ' -> L'.repeat(50_000)],
    ['many statements', () => 'model M {\n' + '  x = y -> Dense(3)\n'.repeat(20_000) + '}'],
    ['keywords only', () => 'model block let input output layer return loss metrics optimizer train import as true false none '.repeat(200)],
  ];
  it.each(cases)('%s', (_, makeText) => {
    const text = makeText();
    const { ast: tree, diagnostics } = parse(text);
    expect(Array.isArray(diagnostics)).toBe(true);
    expect(
      diagnostics.every((diagnostic) => diagnostic.code !== 'KF199'),
      JSON.stringify(diagnostics[0]),
    ).toBe(true);
    for (const diagnostic of diagnostics.slice(0, 1000)) {
      expect(diagnostic.range.start.offset).toBeGreaterThanOrEqual(0);
      expect(diagnostic.range.end.offset).toBeLessThanOrEqual(text.length);
    }
    let nodes = 0;
    walk(tree, () => nodes++);
    expect(nodes).toBeGreaterThan(0);
  });
});
