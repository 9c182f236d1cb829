/**
 * Editor documents are named by URI, the compiler's files by absolute path.
 * A `file:` URI maps to its path; any other scheme (an unsaved buffer) gets
 * a made-up path under the working directory, so that relative imports in
 * it still resolve somewhere sensible, and maps back to its own URI.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export class FileNames {
  /** Paths of documents whose URI the editor chose, back to that exact URI (editors spell URIs differently). */
  private readonly uris = new Map<string, string>();

  fileNameOf(uri: string): string {
    let fileName: string;
    if (uri.startsWith('file:')) {
      try {
        fileName = fileURLToPath(uri);
      } catch {
        fileName = resolve('untitled', encodeURIComponent(uri));
      }
    } else {
      fileName = resolve('untitled', encodeURIComponent(uri));
    }
    this.uris.set(fileName, uri);
    return fileName;
  }

  uriOf(fileName: string): string {
    return this.uris.get(fileName) ?? pathToFileURL(fileName).href;
  }
}
