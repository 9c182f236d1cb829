/**
 * Polling for another thread's answer before sleeping on it: on this
 * machine's virtual CPUs, waking a sleeping thread costs far more than a
 * short poll. Used by the replicas' exchanges (training/parallel/) and the
 * product helpers (backends/wasm/gemm/).
 */

/** Polls `ready` for up to `ms` milliseconds: whether it became true. */
export function spinUntil(ms: number, ready: () => boolean): boolean {
  if (ready()) return true;
  if (ms <= 0) return false;
  const until = performance.now() + ms;
  while (performance.now() < until) if (ready()) return true;
  return false;
}
