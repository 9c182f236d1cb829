import { KeraflowError } from '../errors.ts';

/**
 * Files in a browser page: reading a File (from `<input type="file">` or a
 * drop) or any Blob, and offering bytes as downloads.
 */

/** Whether `value` is a Blob (a File is one): what `loadFromFile` takes in a browser. */
export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** The name a Blob is known by in messages: a File's name, else `fallback`. */
export function blobName(blob: Blob, fallback: string): string {
  return typeof File !== 'undefined' && blob instanceof File && blob.name !== '' ? blob.name : fallback;
}

export async function readBlob(blob: Blob, name: string, argument: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    throw new KeraflowError(`cannot read ${name}: ${(error as Error).message}`, { argument, given: name, expected: 'a readable File or Blob' });
  }
}

/** Offers each file as a download, as a link the page clicks would (the browser saves it to the user's downloads). */
export function downloadFiles(files: readonly { name: string; data: string | Uint8Array; type: string }[], method: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new KeraflowError(`${method} needs a browser page to offer downloads; in Node, use saveToFile`, {
      argument: method,
      expected: 'a browser page (document)',
      given: 'no document',
    });
  }
  for (const { name, data, type } of files) {
    const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
    // The download has started from the click; the URL may go once this task ends.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
