/**
 * A reader that stops early (`keraflow check bad.kf | head -1`) closes the
 * pipe under our output. Writing then fails with EPIPE; Unix tools end
 * quietly there (SIGPIPE), and so do we: no stack trace, exit status 1
 * unless one was set already (the output did not all reach its reader).
 */
export function endQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode || 1);
      throw error;
    });
  }
}
