/**
 * Temporary folders of our own (`keraflow-train-<pid>-XXXXXX` in the system
 * temp directory) that do not outlive their command: removed when the
 * process exits, normally or by SIGINT, SIGTERM or SIGHUP (the process then
 * ends by that signal, as it would have). A SIGKILL cannot be caught: the
 * next command that makes one removes those whose process is gone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/** A new folder `<prefix><pid>-XXXXXX`, and the function that removes it (also run at exit). */
export function makeTemporaryFolder(prefix: string): { folder: string; dispose: () => void } {
  removeAbandoned(prefix);
  const folder = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  live.add(folder);
  removeAtExit();
  return {
    folder,
    dispose: () => {
      live.delete(folder);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function removeLive(): void {
  for (const folder of live) rmSync(folder, { recursive: true, force: true });
  live.clear();
}

function removeAtExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLive();
      process.kill(process.pid, signal);
    });
  }
}

/** Folders of this naming whose process no longer runs (killed by SIGKILL, or a crash of the machine). */
function removeAbandoned(prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)-[A-Za-z0-9]{6}$`);
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
