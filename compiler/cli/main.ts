/**
 * The `keraflow` command line (README.md, "The command line"). Each command
 * is one file in ./commands/ exporting `command` (a commander `Command`);
 * a command file imports its heavy parts inside its action, so that every
 * command starts fast. A command fails by throwing a CommandError: its
 * message is printed here, as one line, and the exit status set here.
 */
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';
import { CommandError } from './command-error.ts';

endQuietlyOnClosedPipe();

/** Adding a command: add its file name (./commands/<name>.ts) here. */
const commandNames = ['check', 'summary', 'compile', 'train', 'predict', 'evaluate', 'export', 'import', 'graph', 'fmt', 'lsp', 'playground'];

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

/** The command running, for the one prefix of its failure: `keraflow compile: ...`. */
let running = 'keraflow';
program.hook('preAction', (_program, actionCommand) => {
  running = `keraflow ${actionCommand.name()}`;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommandError)) throw error;
  if (error.message !== '') process.stderr.write(`${running}: ${error.message}\n`);
  if (process.env.KERAFLOW_DEBUG && error.cause instanceof Error) process.stderr.write(`${error.cause.stack}\n`);
  process.exitCode = 1;
}
