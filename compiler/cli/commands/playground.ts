/**
 * `keraflow playground [--port N]`: the playground — write a .kf model, see
 * its errors, shapes and picture as you type, and train it — served at
 * http://127.0.0.1:N/ until interrupted. `?example=NAME` opens
 * examples/NAME.kf. The page is built into a packed package (`prepack`: `npm run build:playground`);
 * in a clone without the built page, this command builds it first.
 */
import type { Server } from 'node:http';
import { Command, InvalidArgumentError } from 'commander';
import { CommandError, runCommand } from '../command-error.ts';

const defaultPort = 5180;

export const command = new Command('playground')
  .description('serve the playground: edit, check, picture and train .kf models in the browser')
  .option('--port <n>', `the port to serve on, at 127.0.0.1 (0: any free port; default ${defaultPort})`, port, defaultPort)
  .action(async (options: { port: number }) => {
    await runCommand(async () => {
      const { fileURLToPath } = await import('node:url');
      const fromSource = import.meta.url.endsWith('.ts');
      // dist/playground/: beside the built CLI, or in the clone whose sources run.
      const folder = fileURLToPath(new URL(fromSource ? '../../../dist/playground/' : '../../../playground/', import.meta.url));
      await servePlayground(folder, options.port, async () => buildIfMissing(folder, fromSource));
    });
  });

function port(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || number > 65535) throw new InvalidArgumentError(`expected a port number from 0 to 65535, found '${value}'.`);
  return number;
}

/**
 * Serves the built page in `folder` and prints its URL. The port is taken
 * first, so that a busy one fails at once, before any build (`prepare`).
 */
export async function servePlayground(
  folder: string,
  port: number,
  prepare: () => Promise<void> = async () => {},
  print: (line: string) => void = (line) => void process.stdout.write(line),
): Promise<Server> {
  const { serveFolder } = await import('../static-server.ts');
  let served: Awaited<ReturnType<typeof serveFolder>>;
  try {
    served = await serveFolder(folder, { host: '127.0.0.1', port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'it is in use (choose another with --port N)' : (error as Error).message;
    throw new CommandError(`cannot serve on port ${port}: ${reason}`);
  }
  try {
    await prepare();
  } catch (error) {
    served.server.close();
    throw error;
  }
  print(`keraflow playground: ${served.url} (Ctrl-C to stop)\n`);
  return served.server;
}

/** In a clone without the built page (dist/playground/index.html), builds it from playground/ with Vite (a development dependency). */
async function buildIfMissing(folder: string, fromSource: boolean): Promise<void> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  if (existsSync(join(folder, 'index.html'))) return;
  const config = fileURLToPath(new URL(fromSource ? '../../../playground/vite.config.ts' : '../../../../playground/vite.config.ts', import.meta.url));
  if (!existsSync(config)) throw new CommandError(`the playground is not built: ${join(folder, 'index.html')} is missing; reinstall keraflow, or run \`npm run build:playground\` in its clone`);
  process.stderr.write('keraflow playground: building the page (once; `npm run build:playground` does it too)…\n');
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'error' });
}
