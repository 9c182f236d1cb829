/**
 * The `keraflow` command line (DESIGN.md, "The command line"). Each command
 * is one file in ./commands/ exporting `command` (a commander `Command`);
 * a command file imports its heavy parts inside its action, so that every
 * command starts fast.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Adding a command: add its file name (./commands/<name>.ts) here. */
const commandNames = ['check', 'summary', 'compile', 'train', 'predict', 'evaluate', 'graph', 'fmt', 'lsp'];

const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

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
