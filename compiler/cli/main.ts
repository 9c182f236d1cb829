/**
 * The `keraflow` command line (DESIGN.md, "The command line"). Each command
 * is one file in ./commands/ exporting `command` (a commander `Command`);
 * a command file imports its heavy parts inside its action, so that every
 * command starts fast.
 */
import { Command } from 'commander';
import { createRequire } from 'node:module';

/** Adding a command: add its file name (./commands/<name>.ts) here. */
const commandNames = ['check', 'summary', 'compile', 'train', 'graph', 'fmt', 'lsp'];

// By the package's own name: found from the sources and from dist/ alike.
const packageJson = createRequire(import.meta.url)('keraflow/package.json') as { version: string };

const program = new Command('keraflow')
  .description('Keraflow: check, compile, train and format .kf neural-network models')
  .version(packageJson.version)
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

for (const name of commandNames) {
  const module = (await import(`./commands/${name}.ts`)) as { command: Command };
  program.addCommand(module.command);
}

await program.parseAsync(process.argv);
