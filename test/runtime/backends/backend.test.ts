/**
 * Keraflow registers its kernels for a backend when the runtime first
 * selects it, and only for that backend: exactly the kernels of
 * WASM_KERNELS and POOL_KERNELS (shipped ones, wrapped) for wasm and
 * CPU_KERNELS for cpu change, once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { onBackendSelected, setBackend } from '../../../runtime/backends/backend.ts';
import { CPU_KERNELS } from '../../../runtime/backends/cpu/index.ts';
import { POOL_KERNELS, WASM_KERNELS } from '../../../runtime/backends/wasm/index.ts';

const snapshot = (backend: string) => new Map(tf.getKernelsForBackend(backend).map((k) => [k.kernelName, k.kernelFunc]));
const changed = (before: Map<string, unknown>, after: Map<string, unknown>) =>
  [...after]
    .filter(([name, kernel]) => before.get(name) !== kernel)
    .map(([name]) => name)
    .sort();

describe('kernel registration', () => {
  // This file imports no module that selects a backend: what tfjs shipped is still registered here.
  const shipped = { wasm: snapshot('wasm'), cpu: snapshot('cpu') };
  const wasmKernels = [...Object.keys(WASM_KERNELS), ...POOL_KERNELS];

  it('replaces nothing before a backend is selected, then exactly its own kernels, once; runs added setups after them, in order, once', async () => {
    expect(changed(shipped.wasm, snapshot('wasm'))).toEqual([]);
    expect(changed(shipped.cpu, snapshot('cpu'))).toEqual([]);
    const calls: string[] = [];
    onBackendSelected('wasm', () => void calls.push('first'));
    onBackendSelected('wasm', async () => void calls.push(`second, with ${wasmKernels.length} kernels in place: ${changed(shipped.wasm, snapshot('wasm')).length}`));

    await setBackend('wasm');
    expect(changed(shipped.wasm, snapshot('wasm'))).toEqual(wasmKernels.sort());
    expect(changed(shipped.cpu, snapshot('cpu')), 'cpu untouched by selecting wasm').toEqual([]);
    const count = wasmKernels.length;
    expect(calls).toEqual(['first', `second, with ${count} kernels in place: ${count}`]);

    await setBackend('cpu');
    expect(changed(shipped.cpu, snapshot('cpu'))).toEqual(Object.keys(CPU_KERNELS).sort());

    const registered = snapshot('wasm');
    await setBackend('wasm');
    await setBackend('cpu');
    expect(changed(registered, snapshot('wasm')), 'selecting again registers nothing new').toEqual([]);
    expect(calls, 'setups run once').toHaveLength(2);
  });
});
