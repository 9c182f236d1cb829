/**
 * The Keraflow extension: `.kf` files get the TextMate grammar (declared in
 * package.json) and a language client that starts `keraflow lsp --stdio`,
 * which does the rest (diagnostics, hover, completion, rename, ...).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commands, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, type Executable, type LanguageClientOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The command that runs the server: the configured one, the workspace's, or `keraflow` on the PATH. */
function serverExecutable(): Executable {
  const args = ['lsp', '--stdio'];
  const configured = workspace.getConfiguration('keraflow').get<string>('server.path', '').trim();
  if (configured) {
    return configured.endsWith('.js') ? { command: 'node', args: [configured, ...args] } : { command: configured, args, options: { shell: process.platform === 'win32' } };
  }
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'keraflow.cmd' : 'keraflow');
    if (existsSync(local)) return { command: local, args, options: { shell: process.platform === 'win32' } };
  }
  return { command: 'keraflow', args, options: { shell: process.platform === 'win32' } };
}

async function start(): Promise<void> {
  const server = serverExecutable();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'kf' }],
  };
  // No `transport` on purpose: with one, the client would add a second `--stdio`.
  client = new LanguageClient('keraflow', 'Keraflow', { run: server, debug: server }, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('keraflow.restartServer', async () => {
      await stop();
      await start();
    }),
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('keraflow.server')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
