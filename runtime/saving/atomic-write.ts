import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { KeraflowError } from '../errors.ts';
import { announceStep } from './save-steps.ts';

export interface WriteOptions {
  /** Replace an existing file (default false: an existing file is an error, and stays untouched). */
  overwrite?: boolean;
  /** The argument the path came from, for messages (`archPath`, `weightPath`). */
  argument: string;
}

/** Throws when `file` exists and may not be replaced; run before any write, so that nothing is written. */
export async function checkCanWrite(file: string, options: WriteOptions): Promise<void> {
  if (options.overwrite) return;
  try {
    await fs.access(file, fsConstants.F_OK);
  } catch {
    return;
  }
  throw existsError(file, options.argument);
}

/**
 * Writes `data` to `file` atomically: to a temporary file in the same folder
 * (same file system), flushed, then renamed into place. A crash leaves the
 * old file or the new one, never half of one; the temporary files of killed
 * earlier writes of the same file are removed first. Without `overwrite` the new
 * file is linked into place, which fails if another writer got there first.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions): Promise<void> {
  const directory = path.dirname(file);
  const temporary = path.join(directory, temporaryName(path.basename(file)));
  let handle: fs.FileHandle | undefined;
  try {
    await clearStaleTemporaries(file);
    announceStep(`write ${temporary}`);
    handle = await fs.open(temporary, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    announceStep(`rename ${temporary} to ${file}`);
    if (options.overwrite) {
      await fs.rename(temporary, file);
    } else {
      await linkIntoPlace(temporary, file, options.argument);
    }
    await syncDirectory(directory);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(temporary, { force: true }).catch(() => {});
    if (error instanceof KeraflowError) throw error;
    throw new KeraflowError(`cannot write ${file}: ${(error as Error).message}`, {
      argument: options.argument,
      given: file,
      expected: 'a writable path',
    });
  }
}

/** `.model.json.<pid>.<random>.tmp`: hidden, beside its target, and naming the process that writes it. */
function temporaryName(base: string): string {
  return `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Removes the temporary files `writeFileAtomic` left for `file` when its
 * process was killed (SIGINT, SIGKILL, a crash) before renaming them:
 * those whose process no longer runs. A live writer's file is left alone.
 * `namePattern` (a regular expression) matches the names of several files.
 */
export async function clearStaleTemporaries(file: string, namePattern = escapeRegExp(path.basename(file))): Promise<void> {
  const directory = path.dirname(file);
  const pattern = new RegExp(`^\\.${namePattern}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) {
      announceStep(`remove ${path.join(directory, name)}`);
      await fs.rm(path.join(directory, name), { force: true }).catch(() => {});
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A rename is durable once its folder is flushed too (best effort: some systems cannot open a folder for it). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r').catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}

/** `link` fails when the target exists: the no-overwrite rule holds even against a concurrent writer. */
async function linkIntoPlace(temporary: string, file: string, argument: string): Promise<void> {
  try {
    await fs.link(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(file, argument);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    // A file system without hard links: check, then rename.
    await checkCanWrite(file, { argument });
    await fs.rename(temporary, file);
    return;
  }
  await fs.rm(temporary, { force: true });
}

function existsError(file: string, argument: string): KeraflowError {
  return new KeraflowError(`${file} already exists; pass {overwrite: true} to replace it`, {
    argument,
    given: file,
    expected: 'a path that does not exist, or overwrite: true',
  });
}

/** Reads a whole file; a missing or unreadable file is a KeraflowError naming it. */
export async function readFileOrThrow(file: string, argument: string, what: string): Promise<Uint8Array> {
  if (typeof file !== 'string' || file === '') {
    throw new KeraflowError(`${argument} must be a file path, but got ${JSON.stringify(file) ?? String(file)}`, {
      argument,
      expected: 'a file path',
      given: String(file),
    });
  }
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new KeraflowError(`cannot read ${what} ${file}: ${reason}`, { argument, given: file, expected: `a readable ${what}` });
  }
}
