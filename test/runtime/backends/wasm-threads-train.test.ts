/**
 * The thread count as users see it: `keraflow train` (a child process, as
 * users run it) on the wasm backend prints it in its backend line, takes
 * KERAFLOW_THREADS, refuses a bad one in one line, and exits when done
 * (the pool's workers do not keep the process alive).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keraflowCommand } from '../../run-keraflow.ts';

const root = join(import.meta.dirname, '../../..');

function train(threads: string) {
  const result = spawnSync(process.execPath, keraflowCommand(['train', 'examples/iris.kf', '--epochs', '1', '--verbose', '0']), {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, KERAFLOW_BACKEND: 'wasm', KERAFLOW_THREADS: threads },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('keraflow train on wasm threads', () => {
  it('prints the thread count in the backend line, trains, and exits', () => {
    const two = train('2');
    expect(two.stderr).toBe('');
    expect(two.status).toBe(0);
    expect(two.stdout.split('\n')[0]).toBe('backend: wasm (2 threads)');
    expect(two.stdout).toMatch(/^test \(30 held-out samples\): /m);
    const one = train('1');
    expect(one.status).toBe(0);
    expect(one.stdout.split('\n')[0]).toBe('backend: wasm (1 thread)');
  }, 600_000);

  it('names a bad KERAFLOW_THREADS in one line', () => {
    const result = train('many');
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe('keraflow train: KERAFLOW_THREADS must be a whole number of threads, 1 or more, but got "many"');
  });
});
