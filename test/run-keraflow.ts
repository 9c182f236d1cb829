/**
 * The `keraflow` command as a user's shell runs it, for the tests of the
 * command line: a process of its own, its exit status and its output. It
 * runs this checkout's sources as test/cli-build.ts transpiled them for this
 * run (the entry bin/keraflow.js loads from dist/), not through tsx, which
 * would cost every command seconds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';

export const keraflowBin = join(import.meta.dirname, '../bin/keraflow.js');

/** The script to give node, then the arguments: for the tests that spawn the command themselves (signals, streams). */
export function keraflowCommand(args: readonly string[]): string[] {
  return [join(inject('keraflowBuild'), 'compiler/cli/main.js'), ...args];
}

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
  const result = spawnSync(process.execPath, keraflowCommand(args), {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
