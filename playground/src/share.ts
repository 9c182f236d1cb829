/**
 * Sharing: the editor's text in the page's URL, deflated and in base64url
 * (`#code=...`), so that a link opens the same text; `?example=NAME` opens
 * examples/NAME.kf.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

const examples = import.meta.glob('../../examples/*.kf', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Every example by name (`mnist_mlp`), sorted. */
export const exampleTexts: ReadonlyMap<string, string> = new Map(
  Object.entries(examples)
    .map(([path, text]) => [path.split('/').pop()!.replace(/\.kf$/, ''), text] as const)
    .sort(([first], [second]) => first.localeCompare(second)),
);

export function encodeText(text: string): string {
  let binary = '';
  for (const byte of deflateSync(strToU8(text), { level: 9 })) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeText(encoded: string): string {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
  return strFromU8(inflateSync(Uint8Array.from(binary, (character) => character.charCodeAt(0))));
}

/** The URL that opens `text`: the page's own, its query and hash replaced. */
export function shareUrl(text: string, location: Location): string {
  return `${location.origin}${location.pathname}#code=${encodeText(text)}`;
}

/** What the URL asks to open: shared text, an example, or (undefined) the default example. */
export function textFromUrl(location: Location): { text: string; example?: string } | { problem: string } | undefined {
  const shared = new URLSearchParams(location.hash.slice(1)).get('code');
  if (shared !== null) {
    try {
      return { text: decodeText(shared) };
    } catch (error) {
      return { problem: `the shared text in this URL cannot be read (${(error as Error).message}): expected #code= followed by what the Share button writes` };
    }
  }
  const example = new URLSearchParams(location.search).get('example');
  if (example === null) return undefined;
  const text = exampleTexts.get(example);
  if (text === undefined) return { problem: `no example '${example}': expected one of ${[...exampleTexts.keys()].join(', ')}` };
  return { text, example };
}
