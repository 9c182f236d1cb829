/** `keraflow playground`'s failures, run as users run it: one line each, exit status 1. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { keraflowCommand } from '../run-keraflow.ts';

function keraflow(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, keraflowCommand(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('keraflow playground', () => {
  it('refuses a port that is not one, saying what it expected', async () => {
    for (const port of ['70000', 'abc', '-1']) {
      const result = await keraflow(['playground', '--port', port]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`expected a port number from 0 to 65535, found '${port}'.`);
      expect(result.stdout).toBe('');
    }
  });

  it('says when the port is taken, and exits', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await keraflow(['playground', '--port', String(port)]);
      expect(result).toMatchObject({ status: 1, stdout: '' });
      expect(result.stderr.split('\n').filter((line) => line.startsWith('keraflow playground: cannot'))).toEqual([
        `keraflow playground: cannot serve on port ${port}: it is in use (choose another with --port N)`,
      ]);
    } finally {
      taken.close();
    }
  }, 600_000);
});
