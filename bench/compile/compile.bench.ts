/**
 * Compile speed: `compile()` (check, then emit TypeScript from what the
 * checker resolved) on the generated 10,000-line `.kf` file, in lines per
 * second and as a ratio to `check` alone, measured interleaved in one run;
 * then files of 1,000 to 20,000 `let` lines, to show that emitting grows
 * linearly with the number of declarations (issue 20: it was quadratic,
 * 5,000 lets 220 s).
 *
 *   npx tsx bench/compile/compile.bench.ts
 *
 * Prints the first (cold) runs, then the medians of the warm runs.
 */
import { check, compile } from '../../compiler/index.ts';
import { generateKf } from '../generated-kf.ts';

const rounds = Number(process.env.ROUNDS ?? 5);
const text = generateKf(10_000);
const lineCount = text.split('\n').length - 1;
const source = { fileName: '/bench/generated.kf', text };

function time(run: () => { diagnostics: readonly unknown[] }): number {
  const start = performance.now();
  const { diagnostics } = run();
  const elapsed = performance.now() - start;
  if (diagnostics.length > 0) throw new Error('the generated file should check cleanly');
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const linesPerSecond = (lines: number, milliseconds: number) => Math.round((lines / milliseconds) * 1000).toLocaleString('en-US');

const coldCheck = time(() => check(source));
const coldCompile = time(() => compile(source));
const checks: number[] = [];
const compiles: number[] = [];
for (let round = 0; round < rounds; round++) {
  checks.push(time(() => check(source)));
  compiles.push(time(() => compile(source)));
}
const checkMedian = median(checks);
const compileMedian = median(compiles);
console.log(`${lineCount.toLocaleString('en-US')} lines (bench/generated-kf.ts), ${rounds} warm rounds, interleaved`);
console.log(`  check    cold ${coldCheck.toFixed(0)} ms, median ${checkMedian.toFixed(0)} ms  ${linesPerSecond(lineCount, checkMedian)} lines/s`);
console.log(`  compile  cold ${coldCompile.toFixed(0)} ms, median ${compileMedian.toFixed(0)} ms  ${linesPerSecond(lineCount, compileMedian)} lines/s`);
console.log(`  compile / check: ${(compileMedian / checkMedian).toFixed(1)}× the time (${(checkMedian / compileMedian).toFixed(2)} of check's lines/s)`);

console.log('let lines (one declaration each): compile time, per declaration');
for (const count of [1_000, 5_000, 20_000]) {
  const lets = { fileName: `/bench/lets-${count}.kf`, text: Array.from({ length: count }, (_, i) => `let c${i} = ${i}\n`).join('') };
  const elapsed = median([time(() => compile(lets)), time(() => compile(lets)), time(() => compile(lets))]);
  console.log(`  ${count.toLocaleString('en-US').padStart(6)} lets  ${elapsed.toFixed(0).padStart(6)} ms  ${((elapsed / count) * 1000).toFixed(0)} µs each`);
}
