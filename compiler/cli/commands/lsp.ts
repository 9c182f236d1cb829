/**
 * `keraflow lsp --stdio`: the language server, speaking the Language Server
 * Protocol on standard input and output (what editors start). Nothing else
 * may write to stdout while it runs.
 */
import { Command, Option } from 'commander';

export const command = new Command('lsp')
  .description('run the .kf language server (diagnostics, hover, completion, rename, ...) for editors')
  .addOption(new Option('--stdio', 'talk over standard input and output (the only transport, and the default)'))
  .action(async () => {
    const { runOverStdio } = await import('../../lsp/stdio.ts');
    runOverStdio();
  });
