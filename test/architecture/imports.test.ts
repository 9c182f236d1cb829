/**
 * The direction of imports (DESIGN.md): data flows grammar -> compiler/check
 * -> compiler/emit -> lsp and cli, and the runtime depends on nothing of
 * ours. Every import of every source file is read (static, re-exports,
 * dynamic `import()`), with TypeScript's own pre-processor.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Our own files a source file imports, as paths from the repository root. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(root, resolve(root, dirname(file), name)));
}

/** Folders whose files may not import from the listed folders. */
const RULES: { from: string; never: string[] }[] = [
  { from: 'runtime', never: ['compiler', 'grammar', 'bench', 'test', 'examples'] },
  { from: 'grammar', never: ['compiler', 'runtime', 'bench', 'test', 'examples'] },
  { from: 'compiler/check', never: ['compiler/emit', 'compiler/emit-keras', 'compiler/lsp', 'compiler/cli'] },
  { from: 'compiler/emit', never: ['compiler/lsp', 'compiler/cli'] },
  { from: 'compiler/emit-keras', never: ['compiler/lsp', 'compiler/cli'] },
];

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('import direction', () => {
  it('reads imports of every kind', () => {
    const { importedFiles } = ts.preProcessFile("import a from './a.ts';\nexport { b } from '../b.ts';\nconst c = await import('./c.ts');\nimport type {\n  D,\n} from './d.ts';", true, true);
    expect(importedFiles.map((f) => f.fileName)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts']);
  });

  it('resolves imports to folders (compiler/check reads grammar and the runtime)', () => {
    const targets = sourceFiles('compiler/check').flatMap(importsOf);
    expect(targets.some((target) => inside(target, 'grammar'))).toBe(true);
    expect(targets.some((target) => inside(target, 'runtime/layers'))).toBe(true);
  });

  for (const rule of RULES) {
    it(`${rule.from} never imports ${rule.never.join(', ')}`, () => {
      const files = sourceFiles(rule.from);
      expect(files.length).toBeGreaterThan(0);
      const wrong = files.flatMap((file) =>
        importsOf(file)
          .filter((target) => rule.never.some((folder) => inside(target, folder)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(wrong).toEqual([]);
    });
  }
});
