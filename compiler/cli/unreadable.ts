/** Why a file could not be read, in words (as runtime/saving says it), not Node's `EISDIR: illegal operation on a directory, read`. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
}
