/**
 * Check speed: generated `.kf` files of 10,000 and 1,000 lines through
 * `check` (parse, scopes, argument binding, symbolic shapes through every
 * layer, graph and training checks). Targets (issue 8): 10,000 lines
 * ≤ 300 ms and 1,000 lines ≤ 30 ms, warm.
 *
 *   npx tsx bench/check/check.bench.ts
 *
 * Prints the first (cold) run, then the median and best of the warm runs,
 * and the warm median as a ratio to the warm median of parsing the same file
 * (timed alternately with the checks, so that a busy machine slows both
 * alike): the figure to compare between machines.
 */
import { check, parse } from '../../compiler/index.ts';
import { generateKf } from '../generated-kf.ts';

function measure(targetLines: number, target: number): void {
  const text = generateKf(targetLines);
  const timeOnce = () => {
    const start = performance.now();
    const { diagnostics } = check({ fileName: `/bench/generated-${targetLines}.kf`, text });
    const elapsed = performance.now() - start;
    if (diagnostics.length > 0) throw new Error(`the generated file should check cleanly: ${diagnostics[0]!.message}`);
    return elapsed;
  };
  const parseOnce = () => {
    const start = performance.now();
    parse(text, { fileName: `/bench/generated-${targetLines}.kf` });
    return performance.now() - start;
  };
  const cold = timeOnce();
  for (let round = 0; round < 3; round++) timeOnce();
  const warm: number[] = [];
  const parses: number[] = [];
  for (let round = 0; round < 11; round++) {
    warm.push(timeOnce());
    parses.push(parseOnce());
  }
  warm.sort((a, b) => a - b);
  parses.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  const parseMedian = parses[Math.floor(parses.length / 2)]!;
  console.log(`check: ${targetLines.toLocaleString('en-US')} lines (target ≤ ${target} ms warm)`);
  console.log(`  cold   ${cold.toFixed(1)} ms`);
  console.log(`  median ${median.toFixed(1)} ms (11 warm runs)  ${median <= target ? 'meets' : 'MISSES'} the target`);
  console.log(`  best   ${warm[0]!.toFixed(1)} ms`);
  console.log(`  parse  ${parseMedian.toFixed(1)} ms median: check takes ${(median / parseMedian).toFixed(1)}× the parse`);
}

measure(10_000, 300);
measure(1_000, 30);
