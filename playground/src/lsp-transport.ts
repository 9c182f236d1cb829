/**
 * The CodeMirror LSP client's transport over a Web Worker: the client speaks
 * JSON text, the worker's connection (vscode-languageserver/browser) posts
 * message objects.
 */
import type { Transport } from '@codemirror/lsp-client';

export function workerTransport(worker: Worker): Transport {
  const handlers = new Map<(value: string) => void, (event: MessageEvent) => void>();
  return {
    send: (message) => worker.postMessage(JSON.parse(message)),
    subscribe(handler) {
      const listener = (event: MessageEvent) => handler(JSON.stringify(event.data));
      handlers.set(handler, listener);
      worker.addEventListener('message', listener);
    },
    unsubscribe(handler) {
      const listener = handlers.get(handler);
      if (listener) worker.removeEventListener('message', listener);
      handlers.delete(handler);
    },
  };
}
