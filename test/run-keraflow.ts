/**
 * The `keraflow` command as a user's shell runs it, for the tests of the
 * command line: a process of its own (bin/keraflow.js; vitest sets
 * KERAFLOW_FROM_SOURCE, so it runs this checkout's sources), its exit
 * status and its output.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const keraflowBin = join(import.meta.dirname, '../bin/keraflow.js');

export interface KeraflowRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface KeraflowRunOptions {
  /** The working directory (default: this process's). */
  cwd?: string;
  /** Variables set over this process's environment. */
  env?: Readonly<Record<string, string>>;
  /** Standard input. */
  input?: string;
}

export function runKeraflow(args: readonly string[], options: KeraflowRunOptions = {}): KeraflowRun {
  const result = spawnSync(process.execPath, [keraflowBin, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
