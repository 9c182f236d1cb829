import { expect } from 'vitest';
import { KeraflowError } from '../../../runtime/errors.ts';

/** The KeraflowError `run` throws; the test fails when it throws something else or nothing. */
export function errorOf(run: () => unknown): KeraflowError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KeraflowError);
    return error as KeraflowError;
  }
  throw new Error('expected a KeraflowError, but nothing was thrown');
}
