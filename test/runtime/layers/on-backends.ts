/**
 * Runs a suite once per backend: on cpu (the tests' default) and on wasm,
 * where kernels differ (XNNPACK) and a missing kernel or gradient shows up.
 * The backend is switched in beforeAll and restored in afterAll.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../../runtime/index.ts';

export function describeOnBackends(name: string, body: (backend: BackendName) => void, backends: readonly BackendName[] = ['cpu', 'wasm']): void {
  for (const backend of backends) {
    describe(`${name} (${backend})`, () => {
      let previous: string;
      beforeAll(async () => {
        previous = getBackend();
        await setBackend(backend);
      });
      afterAll(async () => {
        await setBackend(previous as BackendName);
      });
      body(backend);
    });
  }
}
