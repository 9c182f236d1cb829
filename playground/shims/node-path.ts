/**
 * node:path for the page: the POSIX functions the checker and the language
 * server call, on the absolute paths the playground gives them
 * (`/examples/mnist_mlp.kf`). There is no working directory in a page: a
 * relative path resolves from `/`.
 */
export const sep = '/';

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/** `a/./b/../c` as `a/c`, keeping a leading `/`. */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `${isAbsolute(path) ? '/' : ''}${parts.join('/')}` || '.';
}

export function join(...paths: string[]): string {
  return normalize(paths.filter((path) => path !== '').join('/'));
}

export function resolve(...paths: string[]): string {
  let resolved = '';
  for (const path of paths) resolved = isAbsolute(path) ? path : `${resolved}/${path}`;
  return normalize(isAbsolute(resolved) ? resolved : `/${resolved}`);
}

export function dirname(path: string): string {
  const normalized = normalize(path);
  const slash = normalized.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : normalized.slice(0, slash);
}

export function basename(path: string, extension?: string): string {
  const name = normalize(path).split('/').pop() ?? '';
  return extension && name.endsWith(extension) ? name.slice(0, -extension.length) : name;
}

export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

export function relative(from: string, to: string): string {
  const fromParts = resolve(from).split('/').filter(Boolean);
  const toParts = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < fromParts.length && fromParts[common] === toParts[common]) common++;
  return [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)].join('/');
}

export const posix = { sep, isAbsolute, normalize, join, resolve, dirname, basename, extname, relative };
export default posix;
