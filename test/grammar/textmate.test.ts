/**
 * The VS Code TextMate grammar (editors/vscode/syntaxes/kf.tmLanguage.json):
 * scope assertions in test/grammar/textmate/*.test.kf, run by
 * vscode-tmgrammar-test, and its keyword lists kept equal to the lexer's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywords } from '../../grammar/index.ts';

const root = join(import.meta.dirname, '../..');
const grammarPath = join(root, 'editors/vscode/syntaxes/kf.tmLanguage.json');
const tool = join(root, 'node_modules/vscode-tmgrammar-test/dist/unit.js');

function runTool(pattern: string) {
  const result = spawnSync(process.execPath, [tool, '--compact', '-g', grammarPath, pattern], { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

interface Rule {
  match?: string;
}

/** The words of a `\b(?:a|b|c)\b` rule in the grammar's repository. */
function wordsOf(rule: Rule): string[] {
  const alternation = /\(\?:([a-z_|]+)\)/.exec(rule.match ?? '');
  return alternation === null ? [] : alternation[1]!.split('|');
}

describe('TextMate grammar', () => {
  const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string; repository: Record<string, Rule> };

  it('is source.kf', () => {
    expect(grammar.scopeName).toBe('source.kf');
  });

  it('passes its scope assertions', () => {
    const { status, output } = runTool('test/grammar/textmate/*.test.kf');
    expect(output).not.toMatch(/failed/);
    expect(status, output).toBe(0);
  });

  it("knows exactly the lexer's keywords", () => {
    const known = [...wordsOf(grammar.repository['keyword']!), ...wordsOf(grammar.repository['constant']!)];
    const lexerWords = keywords.filter((word) => word !== 'return'); // `return` has its own rule
    expect(known.sort()).toEqual(lexerWords.sort());
  });

  it('scopes every keyword of the lexer (a new keyword needs a rule and, if not keyword.other, a line here)', () => {
    const expected: Record<string, string> = {
      let: 'storage.type.kf',
      block: 'storage.type.kf',
      model: 'storage.type.kf',
      sequential: 'storage.type.kf',
      import: 'keyword.control.import.kf',
      as: 'keyword.control.import.kf',
      use: 'keyword.control.import.kf',
      return: 'keyword.control.return.kf',
      true: 'constant.language.kf',
      false: 'constant.language.kf',
      none: 'constant.language.kf',
    };
    const lines = ['# SYNTAX TEST "source.kf" "every keyword"'];
    for (const word of keywords) lines.push(`${word} x`, `# <${'-'.repeat(word.length - 1)} ${expected[word] ?? 'keyword.other.kf'}`);
    const directory = mkdtempSync(join(tmpdir(), 'keraflow-textmate-'));
    try {
      writeFileSync(join(directory, 'keywords.test.kf'), lines.join('\n') + '\n');
      const { status, output } = runTool(join(directory, '*.test.kf'));
      expect(status, output).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
