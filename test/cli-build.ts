/**
 * Vitest's global setup: this checkout's grammar/, compiler/ and runtime/
 * transpiled to JavaScript once per run, for test/run-keraflow.ts to run
 * the `keraflow` command from. Running the sources through tsx costs each
 * command 1-2 s of loader work, paid again by every one of the hundreds of
 * commands the tests run; this build takes about a second and is made anew
 * from the sources at every run, so the tests still see the sources as they
 * are. Transpiled by esbuild, as tsx does; laid out as dist/ is (one folder
 * under the checkout, relative `.ts` imports made `.js`), so the command
 * takes its compiled paths (the runtime it loads, the replicas' worker).
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

const root = join(import.meta.dirname, '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the transpiled sources (as dist/ does the built ones). */
    keraflowBuild: string;
  }
}

// `from './x.ts'`, `import('./x.ts')`, `import(`./commands/${name}.ts`)`: relative specifiers only, as tsc's rewriteRelativeImportExtensions.
const relativeTsSpecifier = /((?:from|import)\s*\(?\s*)(['"`])(\.{1,2}\/[^'"`\n]*)\.ts\2/g;

function sourceFiles(): string[] {
  return ['grammar', 'compiler', 'runtime'].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}

/** Built once per run: vitest calls a global setup once for the root config and once for each project (vitest.config.ts). */
const builds = globalThis as { keraflowBuild?: Promise<string>; keraflowRebuild?: Promise<void> };

export default async function setup(project: TestProject): Promise<() => void> {
  builds.keraflowBuild ??= transpileSources(mkdtempSync(join(root, '.tmp-keraflow-build-'))).then((folder) => {
    // Run from the sources, `keraflow playground` serves dist/playground/; built, its own folder's playground/.
    symlinkSync(join(root, 'dist/playground'), join(folder, 'playground'));
    return folder;
  });
  const folder = await builds.keraflowBuild;
  project.provide('keraflowBuild', folder);
  // In watch mode, the sources as they are at each rerun.
  project.onTestsRerun(async () => {
    builds.keraflowRebuild ??= transpileSources(folder).then(() => (builds.keraflowRebuild = undefined));
    await builds.keraflowRebuild;
  });
  return () => rmSync(folder, { recursive: true, force: true });
}

// Into a folder of this run's own (.tmp-keraflow-build-*, which .gitignore leaves out), so that two runs in one checkout do not meet.
async function transpileSources(folder: string): Promise<string> {
  const result = await build({
    entryPoints: sourceFiles(),
    outdir: folder,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    write: false,
  });
  for (const file of result.outputFiles) {
    const code = file.text.replace(relativeTsSpecifier, (_, before, quote, stem) => `${before}${quote}${stem}.js${quote}`);
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, code);
  }
  return folder;
}
