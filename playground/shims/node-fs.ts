/**
 * node:fs for the page: a read-only disk holding the examples, at
 * `/examples/NAME.kf`, so that a `.kf` file in the editor can import one
 * (`import "./blocks.kf"`) as on a real disk. Nothing can be written.
 */
const examples = import.meta.glob('../../examples/*.kf', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const files = new Map(Object.entries(examples).map(([path, text]) => [`/examples/${path.split('/').pop()}`, text]));

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file in the playground, '${path}'`), { code: 'ENOENT' });
}

export function readFileSync(path: string): string {
  const text = files.get(String(path));
  if (text === undefined) throw missing(String(path));
  return text;
}

export function existsSync(path: string): boolean {
  return files.has(String(path)) || String(path) === '/examples';
}

export function readdirSync(path: string, options?: { withFileTypes?: boolean }): unknown[] {
  if (String(path) !== '/examples') throw missing(String(path));
  const names = [...files.keys()].map((file) => file.slice('/examples/'.length));
  if (!options?.withFileTypes) return names;
  return names.map((name) => ({ name, parentPath: '/examples', isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false }));
}

function readOnly(): never {
  throw new Error('the playground has no disk to write to');
}

export const writeFileSync = readOnly;
export const mkdirSync = readOnly;
export const rmSync = readOnly;
export const statSync = readOnly;
export const constants = {};
export default { readFileSync, existsSync, readdirSync, writeFileSync, mkdirSync, rmSync, statSync, constants };

/** Puts a file on the page's disk (a data file dropped on the page), for the runtime's readers. */
export function addFile(path: string, text: string): void {
  files.set(path, text);
}
