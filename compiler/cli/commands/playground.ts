/**
 * `keraflow playground [--port N]`: the playground — write a .kf model, see
 * its errors, shapes and picture as you type, and train it — served at
 * http://127.0.0.1:N/ until interrupted. `?example=NAME` opens
 * examples/NAME.kf. The page is built with the package (`npm run build`);
 * in a clone without the built page, this command builds it first.
 */
import { Command, InvalidArgumentError } from 'commander';
import { CommandError, runCommand } from '../command-error.ts';

const defaultPort = 5180;

export const command = new Command('playground')
  .description('serve the playground: edit, check, picture and train .kf models in the browser')
  .option('--port <n>', `the port to serve on, at 127.0.0.1 (0: any free port; default ${defaultPort})`, port, defaultPort)
  .action(async (options: { port: number }) => {
    await runCommand(async () => {
      const folder = await builtPage();
      const { serveFolder } = await import('../static-server.ts');
      let served: Awaited<ReturnType<typeof serveFolder>>;
      try {
        served = await serveFolder(folder, { host: '127.0.0.1', port: options.port });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'EADDRINUSE' ? 'it is in use (choose another with --port N)' : (error as Error).message;
        throw new CommandError(`cannot serve on port ${options.port}: ${reason}`);
      }
      process.stdout.write(`keraflow playground: ${served.url} (Ctrl-C to stop)\n`);
    });
  });

function port(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || number > 65535) throw new InvalidArgumentError(`expected a port number from 0 to 65535, found '${value}'.`);
  return number;
}

/**
 * The folder of the built page: dist/playground/ (beside the built CLI, or in
 * the clone whose sources run), built now from playground/ when missing.
 */
async function builtPage(): Promise<string> {
  const { existsSync } = await import('node:fs');
  const { extname, join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const fromSource = extname(import.meta.url) === '.ts';
  const folder = fileURLToPath(new URL(fromSource ? '../../../dist/playground/' : '../../../playground/', import.meta.url));
  if (existsSync(join(folder, 'index.html'))) return folder;
  const config = fileURLToPath(new URL(fromSource ? '../../../playground/vite.config.ts' : '../../../../playground/vite.config.ts', import.meta.url));
  if (!existsSync(config)) throw new CommandError(`the playground is not built: ${join(folder, 'index.html')} is missing; reinstall keraflow, or run \`npm run build\` in its clone`);
  process.stderr.write('keraflow playground: building the page (once; `npm run build` does it too)…\n');
  // Vite is a development dependency: present in a clone, where playground/ is.
  const { build } = await import('vite');
  await build({ configFile: config });
  return folder;
}
