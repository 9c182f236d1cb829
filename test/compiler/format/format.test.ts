import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format } from '../../../compiler/format/format.ts';
import { parse } from '../../../compiler/index.ts';
import { tokenize, tokens as t } from '../../../grammar/index.ts';
import { fixtureNames, readFixture, withoutRanges } from '../../grammar/helpers.ts';

/** The tree without positions, and the comments in order: what formatting must keep. */
function meaning(text: string) {
  const { ast: tree, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return { declarations: withoutRanges(tree.declarations), comments: tree.comments.map((comment) => comment.text) };
}

function expectCanonical(text: string): string {
  const once = format(text);
  expect(once.diagnostics).toEqual([]);
  expect(meaning(once.text)).toEqual(meaning(text));
  expect(format(once.text).text).toBe(once.text);
  return once.text;
}

describe('format', () => {
  for (const name of fixtureNames('valid')) {
    it(`${name}.kf: same meaning, idempotent`, () => {
      expectCanonical(readFixture('valid', name));
    });
  }

  it('leaves the examples of examples/ as they are: they are written in the canonical style', () => {
    const directory = join(import.meta.dirname, '../../../examples');
    const names = readdirSync(directory).filter((name) => name.endsWith('.kf'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const text = readFileSync(join(directory, name), 'utf8');
      expect(expectCanonical(text), name).toBe(text);
    }
  });

  it("leaves LANGUAGE.md's examples as they are: they are the canonical style", () => {
    for (const name of fixtureNames('valid').filter((name) => name !== 'layout')) {
      expect(format(readFixture('valid', name)).text, name).toBe(readFixture('valid', name));
    }
  });

  it('spaces, indents, one statement per line, blank lines cut to one, comments in place', () => {
    const messy = [
      '',
      '',
      '# header comment',
      'let   hidden=64',
      'let neg = - 2 *-hidden',
      'let d={ W :l1 ,b:L2( 0.1 ) }',
      '',
      '',
      '',
      'block Residual( units:int , act=relu )( x )',
      '{   # opening comment',
      '    h=x->Dense( units,activation = act )->Dense(units)',
      '',
      '',
      '    return ElementWiseSum( )( [ x,h ] )',
      '',
      '}',
      'model M {   input x : [ 3 ] int32 ; layer l=Dense(3) ; output y=x->l',
      '  z = x',
      '        -> Dense(4)',
      '  w = Dense(',
      '              3,',
      '     activation=relu,   # why',
      '       )(x)',
      '  train {data=mnist,epochs=5}',
      '  optimizer=SGD(lr=1e-3)  ;',
      '}',
      'sequential S {',
      'Input([3])',
      '\tDense(1)',
      'train { data = iris; epochs = 1 }',
      '}',
      'model Empty {',
      '}',
    ].join('\r\n');
    expect(expectCanonical(messy)).toBe(
      [
        '# header comment',
        'let hidden = 64',
        'let neg = -2 * -hidden',
        'let d = {W: l1, b: L2(0.1)}',
        '',
        'block Residual(units: int, act = relu)(x) {   # opening comment',
        '  h = x -> Dense(units, activation=act) -> Dense(units)',
        '',
        '  return ElementWiseSum()([x, h])',
        '}',
        'model M {',
        '  input x: [3] int32',
        '  layer l = Dense(3)',
        '  output y = x -> l',
        '  z = x',
        '    -> Dense(4)',
        '  w = Dense(',
        '    3,',
        '    activation=relu,   # why',
        '  )(x)',
        '  train { data = mnist, epochs = 5 }',
        '  optimizer = SGD(lr=1e-3)',
        '}',
        'sequential S {',
        '  Input([3])',
        '  Dense(1)',
        '  train {',
        '    data = iris',
        '    epochs = 1',
        '  }',
        '}',
        'model Empty {}',
        '',
      ].join('\n'),
    );
  });

  it('indents continued statements and multi-line brackets', () => {
    const text = 'model M {\ninput x: [2]\na = x ->\nDense(3,\nactivation=relu) ->\nDense(2)\nb =\n[a,\na]\n# closing\n}\n';
    expect(expectCanonical(text)).toBe('model M {\n  input x: [2]\n  a = x ->\n    Dense(3,\n      activation=relu) ->\n    Dense(2)\n  b =\n    [a,\n      a]\n  # closing\n}\n');
  });

  it('empty bodies, settings and dicts close on the same line', () => {
    expect(expectCanonical('model A {\n}\nsequential S {\n  Input([1])\n  train { }\n}\nlet d = { }\n')).toBe('model A {}\nsequential S {\n  Input([1])\n  train {}\n}\nlet d = {}\n');
  });

  it('an empty file or a file of comments', () => {
    expect(format('').text).toBe('');
    expect(format('\n\n  \n').text).toBe('');
    expect(format('# one\n\n\n   # two').text).toBe('# one\n\n# two\n');
  });

  it('refuses a file with syntax errors: original text, and the diagnostics', () => {
    const text = 'model M {\n  input x [3]\n}\n';
    const result = format(text);
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['KF101']);
  });
});

describe('format is independent of spacing', () => {
  const wordLike = new Set([...t.keywordTokens, t.Identifier, t.NumberLiteral]);

  /**
   * `text` with the spaces between tokens and the indentation drawn at
   * random (never joining two tokens); line breaks, and the gap before a
   * trailing comment, are the author's choice and stay.
   */
  const respaced = (text: string) =>
    fc.infiniteStream(fc.constantFrom('', ' ', '   ', '\t')).map((spaces) => {
      const { tokens, comments } = tokenize(text);
      const items = [...tokens, ...comments].sort((first, second) => first.startOffset - second.startOffset);
      let result = '';
      let previous: (typeof items)[number] | undefined;
      for (const item of items) {
        if (item.tokenType === t.Newline) {
          result += '\n' + spaces.next().value;
        } else if (item.tokenType === t.Comment && previous !== undefined && previous.tokenType !== t.Newline) {
          result += text.slice(previous.endOffset! + 1, item.startOffset) + item.image;
        } else {
          let space = spaces.next().value;
          const wouldJoin = previous !== undefined && wordLike.has(previous.tokenType) && wordLike.has(item.tokenType);
          const joinsOperator = previous?.tokenType === t.Slash && item.tokenType === t.Slash;
          if (space === '' && (wouldJoin || joinsOperator)) space = ' ';
          result += (previous?.tokenType === t.Newline || previous === undefined ? '' : space) + item.image;
        }
        previous = item;
      }
      return result;
    });

  for (const name of fixtureNames('valid')) {
    it(`${name}.kf, respaced, formats to the same text`, () => {
      const original = readFixture('valid', name);
      const canonical = format(original).text;
      fc.assert(
        fc.property(respaced(original), (variant) => {
          const result = format(variant);
          expect(result.diagnostics).toEqual([]);
          expect(result.text).toBe(canonical);
        }),
        { numRuns: process.env.CI ? 300 : 40 },
      );
    });
  }
});

describe('format of use keras', () => {
  it('keeps the dialect declaration first, spaced as any statement', () => {
    const source = 'use   keras\n\n\nmodel M {\n  input x: [4]\n  output y = x -> Dense(3,activation=relu)\n}\n';
    expect(format(source)).toEqual({ text: 'use keras\n\nmodel M {\n  input x: [4]\n  output y = x -> Dense(3, activation=relu)\n}\n', diagnostics: [] });
  });
});
