/**
 * One analysis per open document: its syntax tree and the checker's result
 * for it (with the files it imports), cached until the document, a document
 * it imports or a file on disk changes. Every feature reads the analysis of
 * the document's current version, computed on demand, so that a request
 * that arrives before the debounced diagnostics still sees the latest text.
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ast } from '../index.ts';
import { check } from '../check/index.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { parse } from '../parse.ts';
import { readFromDisk } from '../check/files.ts';
import type { CheckResult } from '../check/types.ts';
import type { FileNames } from './files.ts';

export interface Analysis {
  uri: string;
  fileName: string;
  version: number;
  text: string;
  /** This document's syntax tree (parsed on first use). */
  readonly tree: ast.File;
  /** The checker's result; undefined when it failed (a bug, logged). */
  result?: CheckResult;
  /** Diagnostics in this document: the checker's, or the parser's when the checker failed. */
  diagnostics: Diagnostic[];
  /** Every other file the analysis read, with the version of the open document it read (undefined: read from disk). */
  inputs: Map<string, number | undefined>;
  diskGeneration: number;
}

export class Analyzer {
  private readonly analyses = new Map<string, Analysis>();
  private diskGeneration = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly fileNames: FileNames,
    private readonly logError: (message: string) => void,
  ) {}

  /** The analysis of an open document's current text; undefined when the document is not open. */
  analysisOf(uri: string): Analysis | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && this.isCurrent(cached, document)) return cached;
    const analysis = this.analyse(document);
    this.analyses.set(uri, analysis);
    return analysis;
  }

  /** Files on disk changed (saved by another program, created, deleted): every analysis must read them again. */
  diskChanged(): void {
    this.diskGeneration++;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
  }

  /** Open documents whose last analysis read `fileName` (directly or through other imports). */
  dependentsOf(fileName: string): string[] {
    return [...this.analyses.values()].filter((analysis) => analysis.inputs.has(fileName)).map((analysis) => analysis.uri);
  }

  /** The open document with this path, if any (compared as paths: editors spell URIs in more than one way). */
  documentOf(fileName: string): TextDocument | undefined {
    return this.documents.get(this.fileNames.uriOf(fileName)) ?? this.documents.all().find((document) => this.fileNames.fileNameOf(document.uri) === fileName);
  }

  private isCurrent(analysis: Analysis, document: TextDocument): boolean {
    if (analysis.version !== document.version || analysis.diskGeneration !== this.diskGeneration) return false;
    for (const [fileName, version] of analysis.inputs) {
      if (this.documentOf(fileName)?.version !== version) return false;
    }
    return true;
  }

  private analyse(document: TextDocument): Analysis {
    const uri = document.uri;
    const fileName = this.fileNames.fileNameOf(uri);
    const text = document.getText();
    const inputs = new Map<string, number | undefined>();
    let tree: ast.File | undefined;
    const analysis: Analysis = {
      uri,
      fileName,
      version: document.version,
      text,
      get tree() {
        tree ??= parse(text, { fileName }).ast;
        return tree;
      },
      diagnostics: [],
      inputs,
      diskGeneration: this.diskGeneration,
    };
    const readFile = (path: string): string | undefined => {
      const open = this.documentOf(path);
      inputs.set(path, open?.version);
      return open ? open.getText() : readFromDisk(path);
    };
    try {
      // The training data's shapes too (read once per file version, up to a size): a mismatch shows before training.
      analysis.result = check({ fileName, text }, { readFile, data: {} });
      // The checker parsed this text: its tree serves every feature.
      tree = analysis.result.files.find((file) => file.fileName === fileName)?.ast;
      analysis.diagnostics = analysis.result.diagnostics.filter((diagnostic) => (diagnostic.fileName ?? fileName) === fileName);
      return analysis;
    } catch (error) {
      // A checker bug must not cost the user the syntax diagnostics.
      this.logError(`keraflow: the checker failed on ${fileName}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    const parsed = parse(text, { fileName });
    tree = parsed.ast;
    analysis.diagnostics = parsed.diagnostics;
    return analysis;
  }
}
