/**
 * The one way a command fails: it throws a CommandError, and main prints its
 * message as one line, `keraflow <command>: <message>`, and sets exit status
 * 1 (compiler/cli/main.ts). A command whose problems are already printed
 * (diagnostics, with their source lines) throws one without a message.
 */
export class CommandError extends Error {
  constructor(message = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandError';
  }
}

/** Fails with exit status 1 when the diagnostics, already printed, hold an error. */
export function failOnErrors(diagnostics: readonly { severity: string }[]): void {
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) throw new CommandError();
}
