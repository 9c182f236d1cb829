/** `keraflow fmt`, run as users run it: a child process. */
import { spawnSync } from 'node:child_process';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKeraflow } from '../../run-keraflow.ts';

const root = join(import.meta.dirname, '../../..');

function keraflow(args: string[], options: { cwd?: string; input?: string } = {}) {
  return runKeraflow(args, { cwd: options.cwd ?? root, input: options.input });
}

const formatted = 'model M {\n  input x: [3]\n  output y = x -> Dense(1)\n}\n';
const unformatted = 'model M { input x : [3] ; output y=x->Dense(1) }\n';
const broken = 'model M {\n  input x [3]\n}\n';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-fmt-'));
  writeFileSync(join(directory, 'formatted.kf'), formatted);
  writeFileSync(join(directory, 'unformatted.kf'), unformatted);
  writeFileSync(join(directory, 'broken.kf'), broken);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('keraflow fmt', () => {
  it('prints the formatted text', () => {
    const result = keraflow(['fmt', join(directory, 'unformatted.kf')]);
    expect(result).toEqual({ status: 0, stdout: formatted, stderr: '' });
  });

  it('reads standard input for "-"', () => {
    expect(keraflow(['fmt', '-'], { input: unformatted })).toEqual({ status: 0, stdout: formatted, stderr: '' });
  });

  it('prints syntax errors as file:line:col with the line and a caret, and exits 1', () => {
    const result = keraflow(['fmt', 'broken.kf'], { cwd: directory });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('broken.kf:2:11: error KF101: expected `:` or `=` after input name `x`, found `[`\n' + '  input x [3]\n' + '          ^\n');
  });

  it('--check lists the files that would change and exits 1; 0 when none would', () => {
    const changed = keraflow(['fmt', '--check', 'formatted.kf', 'unformatted.kf'], { cwd: directory });
    expect(changed).toEqual({ status: 1, stdout: 'unformatted.kf\n', stderr: '' });
    expect(keraflow(['fmt', '--check', 'formatted.kf'], { cwd: directory })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('--write rewrites what changes, leaves the rest and files with errors alone, and leaves no temporary file', () => {
    const before = statSync(join(directory, 'formatted.kf')).mtimeMs;
    linkSync(join(directory, 'unformatted.kf'), join(directory, 'unformatted.link'));
    const result = keraflow(['fmt', '--write', 'formatted.kf', 'unformatted.kf', 'broken.kf'], { cwd: directory });
    // Replaced by a rename, not rewritten in place (the other link keeps the old text): a kill leaves the old file or the new one.
    expect(readFileSync(join(directory, 'unformatted.link'), 'utf8')).toBe(unformatted);
    rmSync(join(directory, 'unformatted.link'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^broken\.kf:2:11: error KF101/);
    expect(readFileSync(join(directory, 'unformatted.kf'), 'utf8')).toBe(formatted);
    expect(readFileSync(join(directory, 'broken.kf'), 'utf8')).toBe(broken);
    expect(statSync(join(directory, 'formatted.kf')).mtimeMs).toBe(before);
    expect(readdirSync(directory).sort()).toEqual(['broken.kf', 'formatted.kf', 'unformatted.kf']);
  });

  it('refuses --check with --write, and a file it cannot read', () => {
    const both = keraflow(['fmt', '--check', '--write', 'formatted.kf'], { cwd: directory });
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/'--check' cannot be used with option '--write'/);
    const missing = keraflow(['fmt', 'missing.kf'], { cwd: directory });
    expect(missing).toEqual({ status: 1, stdout: '', stderr: 'missing.kf: error: cannot read it: no such file\n' });
  });

  it("runs as `npx keraflow` from the repository (npm runs the package's own bin)", () => {
    const result = spawnSync('npx', ['--no-install', 'keraflow', 'fmt', join(directory, 'unformatted.kf')], { cwd: root, encoding: 'utf8' });
    expect(result.stdout, result.stderr).toBe(formatted);
    expect(result.status).toBe(0);
  });
});
