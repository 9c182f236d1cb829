/**
 * The steps of a save that change the disk (each write and each rename),
 * announced before they run. Nothing listens in normal use; a crash test
 * sets `beforeStep` to stop the process at step k and checks that the saved
 * model is still the old one or the new one, whole
 * (test/runtime/saving/crash.test.ts).
 */
export const saveSteps: { beforeStep?: (step: string) => void } = {};

export function announceStep(step: string): void {
  saveSteps.beforeStep?.(step);
}
