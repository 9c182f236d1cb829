/**
 * The files around the open documents: text as the editor has it (open
 * documents) or as the disk has it, and the `.kf` files of the workspace
 * folders, which references and rename search for uses of a top-level name
 * (a block, a sequential, a constant) in files that import it.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFromDisk } from '../check/files.ts';
import type { CheckResult } from '../check/types.ts';
import type { Analyzer } from './analysis.ts';
import { check } from '../check/index.ts';
import type { FileNames } from './files.ts';

/** Enough for a project; a workspace opened at `/` must not hang the server. */
const maximumFiles = 2000;

export class Workspace {
  private folders: string[] = [];

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: Analyzer,
    readonly fileNames: FileNames,
  ) {}

  setFolders(uris: string[]): void {
    this.folders = uris.filter((uri) => uri.startsWith('file:')).map((uri) => this.fileNames.fileNameOf(uri));
  }

  /** An open document's text, else the file on disk; undefined when neither exists. */
  readFile(fileName: string): string | undefined {
    return this.analyzer.documentOf(fileName)?.getText() ?? readFromDisk(fileName);
  }

  /** Checker results of every open document and of every workspace `.kf` file whose text contains `name`. */
  resultsMentioning(name: string): CheckResult[] {
    const results: CheckResult[] = [];
    const openFiles = new Set<string>();
    for (const document of this.documents.all()) {
      openFiles.add(this.fileNames.fileNameOf(document.uri));
      const result = this.analyzer.analysisOf(document.uri)?.result;
      if (result) results.push(result);
    }
    for (const fileName of this.kfFiles()) {
      if (openFiles.has(fileName)) continue;
      const text = this.readFile(fileName);
      if (text === undefined || !text.includes(name)) continue;
      results.push(check({ fileName, text }, { readFile: (path) => this.readFile(path) }));
    }
    return results;
  }

  private kfFiles(): string[] {
    const found: string[] = [];
    const pending = [...this.folders];
    while (pending.length > 0 && found.length < maximumFiles) {
      const directory = pending.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(directory, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const path = join(directory, entry.name);
        if (entry.isDirectory()) pending.push(path);
        else if (entry.isFile() && entry.name.endsWith('.kf')) found.push(path);
      }
    }
    return found;
  }
}
