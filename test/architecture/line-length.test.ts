/**
 * A ceiling on line length for every hand-written source file, where Biome's
 * formatter (biome.json, lineWidth 160) cannot reach: comments, long strings
 * and regular expressions. Lower it once the tree has been formatted.
 * Generated files (examples/*.ts, the checker's fixtures, the product
 * module's bytes in runtime/backends/wasm/gemm/binary.ts) are left out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const MAXIMUM = 250;
const root = resolve(import.meta.dirname, '../..');

it(`no line of a source file is longer than ${MAXIMUM} characters`, () => {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.mjs'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !/^examples\/[^/]+\.ts$/.test(file) && !file.includes('/fixtures/') && file !== 'runtime/backends/wasm/gemm/binary.ts');
  expect(files.length).toBeGreaterThan(100);
  const long = files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => (line.length > MAXIMUM ? [`${file}:${index + 1} (${line.length})`] : [])),
  );
  expect(long).toEqual([]);
});
