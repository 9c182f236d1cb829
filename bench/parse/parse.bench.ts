/**
 * Parse speed: a generated 10,000-line `.kf` file through `parse` (lexer,
 * layout, parser, syntax tree, diagnostics), in lines per second.
 *
 *   npx tsx bench/parse/parse.bench.ts
 *
 * Prints the first (cold) run, then the median and best of the warm runs.
 */
import { parse } from '../../compiler/index.ts';
import { generateKf } from '../generated-kf.ts';

const targetLines = 10_000;

const text = generateKf(targetLines);
const lineCount = text.split('\n').length - 1;

function timeOnce(): number {
  const start = performance.now();
  const { diagnostics } = parse(text);
  const elapsed = performance.now() - start;
  if (diagnostics.length > 0) throw new Error(`the generated file should parse cleanly: ${diagnostics[0]!.message}`);
  return elapsed;
}

const cold = timeOnce();
for (let round = 0; round < 5; round++) timeOnce();
const warm = Array.from({ length: 21 }, timeOnce).sort((first, second) => first - second);
const median = warm[Math.floor(warm.length / 2)]!;
const best = warm[0]!;
const linesPerSecond = (milliseconds: number) => Math.round((lineCount / milliseconds) * 1000).toLocaleString('en-US');

console.log(`parse: ${lineCount.toLocaleString('en-US')} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`  cold   ${cold.toFixed(1)} ms  ${linesPerSecond(cold)} lines/s`);
console.log(`  median ${median.toFixed(1)} ms  ${linesPerSecond(median)} lines/s (21 warm runs)`);
console.log(`  best   ${best.toFixed(1)} ms  ${linesPerSecond(best)} lines/s`);

// The same file as the TypeScript `keraflow compile` writes, type-checked by `tsc --noEmit --strict`
// against the runtime's types: how parsing compares with the TypeScript compiler's own front end.
const { compile } = await import('../../compiler/index.ts');
const { mkdirSync, rmSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { execFileSync } = await import('node:child_process');
const directory = join(import.meta.dirname, '.tmp-generated');
mkdirSync(directory, { recursive: true });
try {
  const emitted = compile({ fileName: join(directory, 'generated.kf'), text }).modules[0]!.text;
  writeFileSync(join(directory, 'generated.ts'), emitted);
  const tsc = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
  const flags = [
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--target',
    'es2023',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--allowImportingTsExtensions',
    join(directory, 'generated.ts'),
  ];
  const start = performance.now();
  execFileSync(process.execPath, [tsc, ...flags], { stdio: 'inherit' });
  const tscTime = performance.now() - start;
  console.log(
    `tsc --noEmit --strict on the emitted TypeScript (${emitted.split('\n').length.toLocaleString('en-US')} lines): ${tscTime.toFixed(0)} ms, ${(tscTime / median).toFixed(0)}× the median parse`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
