/**
 * `npm run build:gemm`: assembles runtime/backends/wasm/gemm/wat.ts's module
 * text (both memory kinds) into runtime/backends/wasm/gemm/binary.ts with
 * WABT. Run it after changing wat.ts; test/runtime/backends/wasm/gemm/
 * kernels.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleGemm } from './gemm-assembler.ts';

const target = join(import.meta.dirname, '../runtime/backends/wasm/gemm/binary.ts');
writeFileSync(target, await assembleGemm());
console.log(`build:gemm: wrote ${target}`);
