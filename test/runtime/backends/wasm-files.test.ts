/**
 * setWasmPath and describeBackend in Node. Their browser side — the .wasm
 * files found beside the bundle, elsewhere through setWasmPath, or missing —
 * is tested in headless Chromium by test/browser/chromium.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { describeBackend, getBackend, KeraflowError, setWasmPath } from '../../../runtime/index.ts';

describe('the wasm files in Node', () => {
  it('setWasmPath is refused: Node reads the files from the tfjs-backend-wasm package', async () => {
    const error = await setWasmPath('/wasm/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect((error as Error).message).toBe("setWasmPath is for browser pages: in Node, the wasm backend reads its .wasm files from @tensorflow/tfjs-backend-wasm's own folder");
  });

  it('describeBackend names the backend that runs', () => {
    expect(describeBackend()).toBe(getBackend());
  });
});
