/** Waiting helpers for the vendor tests (imported by `*.test.ts` only). */
import type { CtiError } from '../../../domain/model.js';

/** Let promise chains and zero-delay tasks run. */
export async function flush(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** The error `p` rejects with (a test failure when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<CtiError> {
  try {
    await p;
  } catch (e) {
    return e as CtiError;
  }
  throw new Error('expected a rejection');
}
