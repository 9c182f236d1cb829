/**
 * Parse speed: a generated 10,000-line `.kf` file through `parse` (lexer,
 * layout, parser, syntax tree, diagnostics), in lines per second.
 *
 *   npx tsx bench/parse/parse.bench.ts
 *
 * Prints the first (cold) run, then the median and best of the warm runs.
 */
import { parse } from '../../compiler/index.ts';

const targetLines = 10_000;

/** One of each declaration kind, in the style of LANGUAGE.md, numbered to keep names distinct. */
function unit(index: number): string[] {
  return [
    `# unit ${index}: a residual block, an encoder and a model that uses them`,
    `let width${index} = ${16 + (index % 8) * 8}`,
    '',
    `block Residual${index}(units: int, act = relu)(x) {`,
    `  h = x -> Dense(units, activation=act) -> Dense(units)`,
    `  return ElementWiseSum()([x, h])`,
    '}',
    '',
    `sequential Encoder${index} {`,
    `  Dense(width${index}, activation=relu)`,
    '  Dropout(0.2)',
    '}',
    '',
    `model Siamese${index} {`,
    `  input left: [T, ${100 + index}]`,
    '  input right: [T, 100] int32',
    `  layer encoder = Dense(width${index}, regularizers={W: L2(0.01), b: l1}, constraints=[maxnorm])`,
    '  a = encoder(left)        # shared weights',
    '  b = right -> Embedding(1000, 8) -> Flatten',
    `  output same = Concatenate(axis=0)([a, b]) -> Residual${index}(2 * width${index} - 1) -> Dense(1, activation=sigmoid)`,
    `  output gap = a -> Encoder${index}() -> Dense(10, activation=softmax)`,
    '  loss same = binary_crossentropy',
    '  loss gap = categorical_crossentropy',
    '  metrics same = [accuracy, "binary_accuracy"]',
    '  optimizer = SGD(lr=1e-3, momentum=0.9, nesterov=true)',
    "  train { data = mnist, batch_size = 128, epochs = 5, validation_split = 0.1 }",
    '}',
    '',
  ];
}

/** Whole units up to 10,000 lines, topped up with comment lines. */
function generate(): string {
  const lines: string[] = [];
  for (let index = 0; lines.length + unit(index).length <= targetLines; index++) lines.push(...unit(index));
  while (lines.length < targetLines) lines.push('# end');
  return lines.join('\n') + '\n';
}

const text = generate();
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
const { emitTypeScript } = await import('../../compiler/emit/index.ts');
const { mkdirSync, rmSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { execFileSync } = await import('node:child_process');
const directory = join(import.meta.dirname, '.tmp-generated');
mkdirSync(directory, { recursive: true });
try {
  const emitted = emitTypeScript(parse(text).ast, { fileName: 'generated.kf' });
  writeFileSync(join(directory, 'generated.ts'), emitted);
  const tsc = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
  const flags = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2023', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--allowImportingTsExtensions', join(directory, 'generated.ts')];
  const start = performance.now();
  execFileSync(process.execPath, [tsc, ...flags], { stdio: 'inherit' });
  const tscTime = performance.now() - start;
  console.log(`tsc --noEmit --strict on the emitted TypeScript (${emitted.split('\n').length.toLocaleString('en-US')} lines): ${tscTime.toFixed(0)} ms, ${(tscTime / median).toFixed(0)}× the median parse`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
