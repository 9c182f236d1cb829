/**
 * Whether `train --save DIR` can write there, checked (and the folder made)
 * before any training, so that a bad target costs a line, not a training
 * run. Every level is made here, one `mkdir` each: Node's recursive
 * `mkdirSync` spins forever under /proc.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KeraflowError } from '../../runtime/errors.ts';

/** Makes `folder` (and its missing parents) and checks that a file can be written in it; a KeraflowError in one line otherwise. */
export function prepareSaveFolder(folder: string, option = '--save'): void {
  const fail = (why: string): never => {
    throw new KeraflowError(`cannot save to ${option} ${folder}: ${why}`, { argument: option, given: folder, expected: 'a writable directory, or a path where one can be made' });
  };
  const target = resolve(folder);
  const missing: string[] = [];
  for (let level = target; ; level = dirname(level)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(level).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(level) !== level) {
        missing.push(level);
        continue;
      }
      if (code === 'ENOTDIR') continue; // a file further up: said when it is reached
      throw fail(reason(error));
    }
    if (!isDirectory) throw fail(level === target ? 'it is a file, not a directory' : `${level} is a file, not a directory`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      fail(`cannot make the folder ${level}: ${reason(error)}`);
    }
  }
  // Writable: a file can be made there (root passes permission checks that the file system still refuses).
  const probe = join(target, `.keraflow-save-check.${process.pid}.tmp`);
  try {
    writeFileSync(probe, '');
  } catch (error) {
    fail(`cannot write files in it: ${reason(error)}`);
  }
  rmSync(probe, { force: true });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOENT') return 'the system does not let folders be made there';
  return code ?? (error as Error).message;
}
