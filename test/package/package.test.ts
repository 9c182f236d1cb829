/**
 * Keraflow as users install it: `npm pack` (which builds dist/ through
 * `prepare`), the tarball installed with typescript into a fresh project
 * (`"type": "module"`, tsconfig with nodenext, strict, skipLibCheck), a `.kf`
 * with a sibling import compiled with `npx keraflow compile`, the user's
 * program type-checked by that project's tsc (nodenext, then bundler
 * resolution) and run with node, with tsx and bundled by esbuild: each
 * builds the model and predicts. And the tarball ships no tests.
 *
 * Installs from the npm cache where it can (--prefer-offline): the packages
 * are the ones this repository installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const minutes = (count: number) => count * 60_000;

/** The environment of a user's shell: none of `npm test`'s npm_* settings, and the CLI from dist/, not the sources. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
  delete env.KERAFLOW_FROM_SOURCE;
  return env;
}

/** Runs a command; its output, or a failure that shows what it printed. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, env: userEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A version this repository installed, so that npm finds it in its cache. */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

const blocksKf = `let hidden = 8

block Twice(units: int)(x) {
  return x -> Dense(units, activation=relu) -> Dense(units, activation=relu)
}
`;

const tinyKf = `import "./blocks.kf"

model Tiny {
  input features: [4]
  output species = features -> Twice(hidden) -> Dense(3, activation=softmax)
  loss = categorical_crossentropy
  optimizer = Adam(lr=0.01)
}
`;

/** A Keras 3 file: its compiled code takes layers, initializer, constraint and regularizer objects from keraflow/keras. */
const wideKf = `use keras

model Wide {
  input x: [4]
  output y = x -> Dense(5, activation="relu", kernel_initializer=HeNormal(seed=1), kernel_constraint=MaxNorm(max_value=2), kernel_regularizer=L1L2(l2=0.01)) -> Dense(3, activation="softmax")
}
`;

/** The user's program: the compiled model from the runtime entry, the checker from keraflow/compiler, and a Keras 3 layer from keraflow/keras. */
const mainTs = `import { getBackend, Input, type Kensor } from 'keraflow';
import { check } from 'keraflow/compiler';
import { layers } from 'keraflow/keras';
import { hidden } from './blocks.js';
import { buildTiny } from './tiny.js';
import { buildWide } from './wide.js';

const model = buildTiny();
const output: Kensor = model.outputs[0];
const prediction = model.predict([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]);
const rows = (Array.isArray(prediction) ? prediction[0] : prediction).arraySync() as number[][];
const { diagnostics } = check({ fileName: 'bad.kf', text: 'model M {\\n  input x: [4]\\n  output y = x -> Dense(0)\\n}\\n' });
const kerasShape = new layers.Dense(64).apply(new Input([4])).shape;
const wide = buildWide();
const wideWeights = Object.keys(Object.values(wide.getWeights())[0]);
console.log(JSON.stringify({ backend: getBackend(), hidden, shape: output.shape, rows, codes: diagnostics.map((d) => d.code), kerasShape, wideShape: wide.outputs[0].shape, wideWeights }));
`;

const tsconfig = (module: string, moduleResolution: string) => ({
  compilerOptions: { target: 'ES2022', module, moduleResolution, strict: true, skipLibCheck: true, outDir: 'build' },
  include: ['src'],
});

let work: string;
let project: string;
let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'keraflow-package-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as (typeof packed)[];

  project = join(work, 'project');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(tsconfig('nodenext', 'nodenext'), null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.bundler.json'), `${JSON.stringify(tsconfig('esnext', 'bundler'), null, 2)}\n`);
  writeFileSync(join(project, 'src/blocks.kf'), blocksKf);
  writeFileSync(join(project, 'src/tiny.kf'), tinyKf);
  writeFileSync(join(project, 'src/wide.kf'), wideKf);
  writeFileSync(join(project, 'src/main.ts'), mainTs);
  const tools = ['typescript', 'tsx', 'esbuild'].map((name) => `${name}@${installedVersion(name)}`);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename), ...tools], project);
}, minutes(20));

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the user's program printed: the model's predictions for two samples, and the checker's codes for a bad file. */
function expectPredictions(stdout: string): void {
  const printed = JSON.parse(stdout.trim().split('\n').pop()!) as {
    hidden: number;
    shape: (number | null)[];
    rows: number[][];
    codes: string[];
    kerasShape: (number | null)[];
    wideShape: (number | null)[];
    wideWeights: string[];
  };
  expect(printed.hidden).toBe(8);
  expect(printed.kerasShape).toEqual([null, 64]);
  // The Keras file's model: built with Keras's objects, its weights under Keras's names.
  expect(printed.wideShape).toEqual([null, 3]);
  expect(printed.wideWeights).toEqual(['kernel', 'bias']);
  expect(printed.shape).toEqual([null, 3]);
  expect(printed.rows).toHaveLength(2);
  for (const row of printed.rows) {
    expect(row).toHaveLength(3);
    expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  }
  expect(printed.codes.length).toBeGreaterThan(0);
  expect(printed.codes.every((code) => /^KF\d{3}$/.test(code))).toBe(true);
}

describe('the package', () => {
  it('ships the build, the bin, the docs and the examples, and no tests, benchmarks or CI scripts', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => /^(test|bench|\.ci|scripts|editors|node_modules)\//.test(path))).toEqual([]);
    expect(paths.filter((path) => /\.test\.ts$/.test(path))).toEqual([]);
    const entries = ['dist/runtime/index.js', 'dist/runtime/index.d.ts', 'dist/runtime/keras/index.js', 'dist/runtime/keras/index.d.ts', 'dist/compiler/index.js', 'dist/compiler/index.d.ts'];
    for (const expected of ['bin/keraflow.js', 'LICENSE', 'README.md', 'package.json', ...entries, 'dist/compiler/cli/main.js', 'dist/playground/index.html', 'examples/mnist_mlp.kf']) {
      expect(paths).toContain(expected);
    }
    // TypeScript sources ship only as declarations (and the examples').
    expect(paths.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.startsWith('examples/'))).toEqual([]);
  });

  it('declarations import each other by .js specifiers', () => {
    const dist = join(project, 'node_modules/keraflow/dist');
    const offenders = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.d.ts'))
      .filter((path) => /(from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(join(dist, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it(
    'npx keraflow compile writes modules that import their sibling as ./blocks.js',
    () => {
      const stdout = run('npx', ['--no-install', 'keraflow', 'compile', 'src/blocks.kf', 'src/tiny.kf', 'src/wide.kf'], project);
      expect(stdout).toBe('src/blocks.kf -> src/blocks.ts\nsrc/tiny.kf -> src/tiny.ts\nsrc/wide.kf -> src/wide.ts\n');
      const tiny = readFileSync(join(project, 'src/tiny.ts'), 'utf8');
      expect(tiny).toMatch(/^import \{[^}]*\} from "keraflow";$/m);
      expect(tiny).toContain('import { Twice, hidden } from "./blocks.js";');
    },
    minutes(5),
  );

  it(
    "the user program type-checks with the project's tsc (nodenext) and runs with node",
    () => {
      run('npx', ['--no-install', 'tsc', '-p', '.'], project);
      expectPredictions(run(process.execPath, ['build/main.js'], project));
    },
    minutes(5),
  );

  it(
    'the user program type-checks with moduleResolution bundler',
    () => {
      run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.bundler.json', '--noEmit'], project);
    },
    minutes(5),
  );

  it(
    'the user program runs under tsx',
    () => {
      expectPredictions(run('npx', ['--no-install', 'tsx', 'src/main.ts'], project));
    },
    minutes(5),
  );

  it(
    'the user program runs bundled by esbuild',
    () => {
      run('npx', ['--no-install', 'esbuild', 'src/main.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--outfile=bundle/main.js', '--log-level=warning'], project);
      expectPredictions(run(process.execPath, ['bundle/main.js'], project));
    },
    minutes(5),
  );

  it(
    'keraflow playground serves the shipped page',
    async () => {
      const { spawn } = await import('node:child_process');
      // The installed bin itself (npx would stand between the test and the server it must stop).
      const bin = join(project, 'node_modules/keraflow/bin/keraflow.js');
      const child = spawn(process.execPath, [bin, 'playground', '--port', '0'], { cwd: project, env: userEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const url = await new Promise<string>((done, fail) => {
          let printed = '';
          const read = (chunk: Buffer) => {
            printed += chunk.toString();
            const match = /keraflow playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed);
            if (match) done(match[1]);
          };
          child.stdout.on('data', read);
          child.stderr.on('data', read);
          child.on('exit', (code) => fail(new Error(`keraflow playground exited (${code}): ${printed}`)));
        });
        const page = await fetch(url);
        expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
        const html = await page.text();
        const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
        expect(script, html).toBeDefined();
        expect((await fetch(`${url}${script}`)).status).toBe(200);
        expect((await fetch(`${url}data/mnist.json`)).status).toBe(200);
      } finally {
        child.kill();
      }
    },
    minutes(2),
  );
});
