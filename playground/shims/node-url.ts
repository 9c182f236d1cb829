/** node:url for the page: `file:` URIs to paths and back, for the language server's document names. */
export function fileURLToPath(url: string | URL): string {
  const parsed = new URL(String(url));
  if (parsed.protocol !== 'file:') throw new TypeError(`expected a file: URL, found ${parsed.href}`);
  return decodeURIComponent(parsed.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${path.split('/').map(encodeURIComponent).join('/')}`);
}
