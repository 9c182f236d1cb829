/**
 * Diagnostics on open and on every change: a change waits a short moment
 * (typing usually goes on), then the document and every open document that
 * imports it are checked again and published. A newer change restarts the
 * wait, and an analysis whose document moved on is not published.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../index.ts';
import type { Analyzer } from './analysis.ts';
import type { FileNames } from './files.ts';

/**
 * How long a change waits for the next one before it is checked (a client
 * may choose another: `initializationOptions.diagnosticsDelay`). Short:
 * checking a 1,000-line file takes 15-30 ms, so waiting longer would only
 * delay the errors. Changes that arrive together, or while a check runs
 * (the check is synchronous, so they queue), still coalesce into one check,
 * and an analysis of an outdated version is never published.
 */
export const debounceMilliseconds = 5;

export function toLspDiagnostic(diagnostic: Diagnostic, fileName: string, fileNames: FileNames): LspDiagnostic {
  const severity = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information }[diagnostic.severity];
  const converted: LspDiagnostic = {
    range: lspRange(diagnostic.range),
    severity,
    code: diagnostic.code,
    source: 'keraflow',
    message: diagnostic.message,
  };
  if (diagnostic.related?.length) {
    converted.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri: fileNames.uriOf(related.fileName ?? diagnostic.fileName ?? fileName), range: lspRange(related.range) },
      message: related.message,
    }));
  }
  // The checker's data (`suggestion`: the name a quick fix writes; `name`: the name as written) travels with the diagnostic.
  if (diagnostic.data !== undefined) converted.data = diagnostic.data;
  return converted;
}

/** The compiler's ranges carry offsets too; the protocol takes line and character only. */
export function lspRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Milliseconds a change waits; `initializationOptions.diagnosticsDelay` sets it (0 for a benchmark of the checking itself). */
  delay = debounceMilliseconds;

  constructor(
    private readonly connection: Connection,
    private readonly analyzer: Analyzer,
    private readonly fileNames: FileNames,
  ) {}

  /** Checks `uri` and the open documents that import it, after the debounce delay (or `delay`: 0 for a document just opened). */
  changed(uri: string, delay = this.delay): void {
    const fileName = this.fileNames.fileNameOf(uri);
    this.schedule(uri, delay);
    for (const dependent of this.analyzer.dependentsOf(fileName)) if (dependent !== uri) this.schedule(dependent);
  }

  /** A file on disk changed: re-check the open documents that read it. */
  diskChanged(fileName: string): void {
    for (const dependent of this.analyzer.dependentsOf(fileName)) this.schedule(dependent);
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(uri: string, delay = this.delay): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  private publish(uri: string): void {
    try {
      const analysis = this.analyzer.analysisOf(uri);
      if (!analysis) return; // closed meanwhile
      const diagnostics = analysis.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, analysis.fileName, this.fileNames));
      void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`keraflow: diagnostics for ${uri} failed: ${describeError(error)}`);
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
