/**
 * Reconnection delay shared by the adapters: exponential from `baseMs`, capped at `maxMs`, half of it
 * fixed and half random (so many browsers that lost the same server do not come back in step).
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(1, Math.max(0, random())));
}
