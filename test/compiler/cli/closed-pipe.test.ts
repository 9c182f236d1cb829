/** Output piped to a reader that stops early (`| head -1`): the command ends quietly, no EPIPE stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keraflowCommand } from '../../run-keraflow.ts';

const root = join(import.meta.dirname, '../../..');
const directory = mkdtempSync(join(tmpdir(), 'keraflow-pipe-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** `keraflow ARGS 2>stderr | head -1`: what head printed, and keraflow's stderr and exit status. */
function throughHead(args: string[]) {
  const quoted = [process.execPath, ...keraflowCommand(args)].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const errors = join(directory, 'stderr.txt');
  const result = spawnSync('sh', ['-c', `${quoted} 2>'${errors}' | head -1`], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, KERAFLOW_BACKEND: 'cpu' },
  });
  return { head: result.stdout, stderr: readFileSync(errors, 'utf8') };
}

describe('a reader that stops early', () => {
  it('check: more output than a pipe holds, then head exits: no stack trace', () => {
    // 6 files of 100 shown diagnostics with long source lines: far more than a 64 KiB pipe buffer.
    const files = Array.from({ length: 6 }, (_, i) => {
      const name = `noisy${i}.kf`;
      writeFileSync(join(directory, name), Array.from({ length: 200 }, (_, j) => `let a${j} = ${'q'.repeat(150)} $`).join('\n'));
      return name;
    });
    const { head, stderr } = throughHead(['check', ...files]);
    expect(head).toMatch(/^noisy0\.kf:1:\d+: error KF\d+: /);
    expect(stderr).toBe('');
  }, 300_000);

  it('train: head exits after the first line, while training still prints', () => {
    const { head, stderr } = throughHead(['train', join(root, 'examples/iris.kf'), '--epochs', '50', '--backend', 'cpu']);
    expect(head).toBe('backend: cpu\n');
    expect(stderr).toBe('');
  }, 300_000);
});
