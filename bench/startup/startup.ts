/**
 * Cold start of each `keraflow` command, as a ratio to a bare `node -e 0`
 * measured in the same run (issue 15: `check` on a small file within 5×).
 *
 *   npm run build && npx tsx bench/startup/startup.ts [--rounds 7]
 *
 * Runs the built CLI (bin/keraflow.js -> dist/), as users do. Each round
 * starts every command once, after a bare `node -e 0`, in one order; a
 * figure is the median over rounds, and a ratio the median of each round's
 * ratio to that round's `node -e 0`. Wall-clock time (what a user waits)
 * and the process's CPU time (user + system, reported by the process as it
 * exits: steadier on a shared machine) are both given.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/keraflow.js');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 0) || 7;

if (!existsSync(join(root, 'dist/compiler/cli/main.js'))) {
  console.error('bench/startup: dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'keraflow-startup-'));
copyFileSync(join(root, 'examples/mnist_mlp.kf'), join(work, 'mnist_mlp.kf'));
copyFileSync(join(root, 'examples/iris.kf'), join(work, 'iris.kf'));
const cpuFile = join(work, 'cpu.txt');
// Loaded before anything else in every process measured, the baseline included: on exit, the process's own CPU time.
const cpuProbe = `data:text/javascript,${encodeURIComponent(`process.on('exit', () => { const u = process.cpuUsage(); process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });`)}`;

interface Run {
  name: string;
  args: string[];
  /** The language server's session: written to stdin, the last part once the server has answered the rest. */
  session?: { start: string; end: string };
}

const keraflow = (...args: string[]) => [bin, ...args];
const runs: Run[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'keraflow --version', args: keraflow('--version') },
  { name: 'keraflow check mnist_mlp.kf', args: keraflow('check', 'mnist_mlp.kf') },
  { name: 'keraflow summary mnist_mlp.kf', args: keraflow('summary', 'mnist_mlp.kf') },
  { name: 'keraflow fmt --check mnist_mlp.kf', args: keraflow('fmt', '--check', 'mnist_mlp.kf') },
  { name: 'keraflow compile mnist_mlp.kf', args: keraflow('compile', 'mnist_mlp.kf', '-o', 'out.ts') },
  { name: 'keraflow graph mnist_mlp.kf -o out.svg', args: keraflow('graph', 'mnist_mlp.kf', '-o', 'out.svg') },
  { name: 'keraflow lsp --stdio (initialize, shutdown)', args: keraflow('lsp', '--stdio'), session: lspSession() },
  { name: 'keraflow train iris.kf --epochs 1', args: keraflow('train', 'iris.kf', '--epochs', '1') },
];

/** initialize, initialized, shutdown; after the answer to shutdown, exit: the server starts, answers, and leaves. */
function lspSession(): { start: string; end: string } {
  const frame = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  return {
    start: [
      frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }),
      frame({ method: 'initialized', params: {} }),
      frame({ id: 2, method: 'shutdown' }),
    ].join(''),
    end: frame({ method: 'exit' }),
  };
}

/** Wall-clock and CPU milliseconds of one run; fails loudly on a non-zero exit, so that an error is never timed as a start. */
function measure(run: Run): Promise<{ wall: number; cpu: number }> {
  rmSync(cpuFile, { force: true });
  const env = { ...process.env };
  delete env.KERAFLOW_FROM_SOURCE;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', cpuProbe, ...run.args], { cwd: work, env });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  if (run.session) {
    const { start, end } = run.session;
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('"id":2')) child.stdin.end(end);
    });
    child.stdin.write(start);
  } else {
    child.stdout.resume();
    child.stdin.end();
  }
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`${run.name} exited with ${code}:\n${stderr}`));
      resolve({ wall, cpu: Number(readFileSync(cpuFile, 'utf8')) });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const wall = new Map<string, number[]>(runs.map((run) => [run.name, []]));
const cpu = new Map<string, number[]>(runs.map((run) => [run.name, []]));
const wallRatio = new Map<string, number[]>(runs.map((run) => [run.name, []]));
const cpuRatio = new Map<string, number[]>(runs.map((run) => [run.name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    let baseline = { wall: 0, cpu: 0 };
    for (const run of runs) {
      const figures = await measure(run);
      if (run === runs[0]) baseline = figures;
      wall.get(run.name)!.push(figures.wall);
      cpu.get(run.name)!.push(figures.cpu);
      wallRatio.get(run.name)!.push(figures.wall / baseline.wall);
      cpuRatio.get(run.name)!.push(figures.cpu / baseline.cpu);
    }
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`Median of ${rounds} rounds (Node ${process.version}); ratio: to \`node -e 0\` in the same round.\n`);
console.log('| command | wall | wall ratio | CPU | CPU ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const run of runs) {
  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
  const ratio = (values: number[]) => median(values).toFixed(1);
  console.log(`| \`${run.name}\` | ${ms(wall.get(run.name)!)} | ${ratio(wallRatio.get(run.name)!)} | ${ms(cpu.get(run.name)!)} | ${ratio(cpuRatio.get(run.name)!)} |`);
}
