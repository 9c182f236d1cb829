/** `keraflow check` and `keraflow summary`, run as users run them: child processes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeraflow } from '../../run-keraflow.ts';

function keraflow(args: string[], cwd: string) {
  return runKeraflow(args, { cwd });
}

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-check-'));
  writeFileSync(join(directory, 'clean.kf'), 'model Clean {\n  input x: [4]\n  output y = x -> Dense(2, activation=softmax)\n  loss y = categorical_crossentropy\n}\n');
  writeFileSync(join(directory, 'blocks.kf'), 'block Wide(units: int)(x) {\n  return ElementWiseSum()([x, x -> Dense(units)])\n}\n');
  writeFileSync(join(directory, 'wrong.kf'), 'import "./blocks.kf"\nmodel Wrong {\n  input x: [28, 28]\n  h = x -> Flatten -> Dense(64, activation=rleu)\n  output y = x -> Wide(8)\n}\n');
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('keraflow check', () => {
  it('prints nothing and exits 0 on a clean file', () => {
    expect(keraflow(['check', 'clean.kf'], directory)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it("--data compares that data with every model, at the model's name (exit 1 when it does not fit, 0 when it does)", () => {
    writeFileSync(join(directory, 'fours.json'), JSON.stringify({ x: [[1, 2, 3, 4]], y: [[0, 1]] }));
    expect(keraflow(['check', 'clean.kf', '--data', 'fours.json'], directory)).toEqual({ status: 0, stdout: '', stderr: '' });
    const { status, stdout } = keraflow(['check', 'clean.kf', '--data', 'mnist'], directory);
    expect(status).toBe(1);
    expect(stdout.split('\n').filter((line) => line.startsWith('clean.kf'))).toEqual([
      "clean.kf:1:7: error KF530: data 'mnist': \"x\" samples are [784], but input 'x' expects [4]",
      "clean.kf:2:9: note: input 'x' is declared here",
      "clean.kf:1:7: error KF530: data 'mnist': \"y\" samples are [10], but output 'y' expects [2]",
      "clean.kf:3:10: note: output 'y' is declared here",
    ]);
    // Two child processes: a busy machine needs more than the default minute.
  }, 300_000);

  it('prints each problem as file:line:col with the source line and a caret, sorted, and exits 1', () => {
    const { status, stdout } = keraflow(['check', 'wrong.kf'], directory);
    expect(status).toBe(1);
    expect(stdout).toBe(
      [
        "wrong.kf:4:44: error KF203: Dense: argument 'activation' must be an activation name or function, but got \"rleu\"; did you mean 'relu'?",
        '  h = x -> Flatten -> Dense(64, activation=rleu)',
        '                                           ^^^^',
        'wrong.kf:5:19: error KF301: element_wise_sum_1 (ElementWiseSum) takes tensors of one shape (input 1 is [batch, 28, 8], input 0 is [batch, 28, 28]), but got [[batch, 28, 28], [batch, 28, 8]] (in block Wide)',
        '  output y = x -> Wide(8)',
        '                  ^^^^^^^',
        'blocks.kf:2:10: note: in block Wide',
        '',
      ].join('\n'),
    );
  });

  it('prints the same as JSON with --format json', () => {
    const { status, stdout } = keraflow(['check', '--format', 'json', 'wrong.kf'], directory);
    expect(status).toBe(1);
    const { diagnostics } = JSON.parse(stdout) as { diagnostics: { code: string; fileName: string; range: { start: { line: number; character: number } }; related?: { fileName: string }[] }[] };
    expect(diagnostics.map((d) => [d.fileName, d.code, d.range.start.line, d.range.start.character])).toEqual([
      ['wrong.kf', 'KF203', 3, 43],
      ['wrong.kf', 'KF301', 4, 18],
    ]);
    expect(diagnostics[1].related?.[0].fileName).toBe(join(directory, 'blocks.kf'));
    // What each message was made of, as data: the suggested name, the layer and the reason, for tools.
    const data = (diagnostics as { data?: Record<string, unknown> }[]).map((d) => d.data);
    expect(data[0]).toEqual({ problem: 'value', constructor: 'Dense', argument: 'activation', expected: 'an activation name or function', given: '"rleu"', suggestion: 'relu' });
    expect(data[1]).toMatchObject({ layer: 'element_wise_sum_1', given: '[[batch, 28, 28], [batch, 28, 8]]' });
  });

  it('never echoes control characters, and prints at most 100 diagnostics per file with a count of the rest', () => {
    const bytes = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    writeFileSync(join(directory, 'noise.kf'), `let a = \x1b]0;title\x07\x1b[2J\n${bytes}\n`, 'latin1');
    const { status, stdout, stderr } = keraflow(['check', 'noise.kf'], directory);
    expect(status).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(stdout).toContain('\\x1b]0;title\\x07\\x1b[2J');
    expect(stdout.match(/^noise\.kf:\d+:\d+: (error|warning) /gm)).toHaveLength(100);
    expect(stdout).toMatch(/\nnoise\.kf: \d+ more not shown \(\d+ errors?(, \d+ warnings?)?\); fix the ones above first\n$/);
  });

  it('says when a file cannot be read', () => {
    const { status, stderr } = keraflow(['check', 'missing.kf'], directory);
    expect(status).toBe(1);
    expect(stderr).toBe('keraflow check: cannot read missing.kf: no such file\n');
  });
});

describe('keraflow summary', () => {
  it("prints each model's layers, output shapes and parameter counts", () => {
    const { status, stdout } = keraflow(['summary', 'clean.kf'], directory);
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        'Model: Clean',
        '========================================',
        'Layer (type)     Output shape  Param #',
        '========================================',
        'x (Input)        [batch, 4]    0',
        'dense_1 (Dense)  [batch, 2]    10',
        '========================================',
        'Total params: 10',
        'Trainable params: 10',
        'Non-trainable params: 0',
        '',
      ].join('\n'),
    );
  });

  it('names the models when --model names none of them', () => {
    const { status, stderr } = keraflow(['summary', 'clean.kf', '--model', 'Other'], directory);
    expect(status).toBe(1);
    expect(stderr).toBe("keraflow summary: clean.kf has no model 'Other' (its models: Clean)\n");
  });

  it('exits 1 on a file with no model, as graph does', () => {
    const summary = keraflow(['summary', 'blocks.kf'], directory);
    expect(summary).toEqual({
      status: 1,
      stdout: '',
      stderr: "keraflow summary: blocks.kf declares no model (a 'model', or a 'sequential' whose first item is Input(...))\n",
    });
    expect(keraflow(['graph', 'blocks.kf'], directory).status).toBe(summary.status);
  });
});
