/**
 * What the relay framers share. Pure.
 *
 * Every framer (`framing-lines.ts`, `framing-packets.ts`, `framing-dollar.ts`) takes decoded text in
 * arbitrary pieces (`push`) and returns the complete messages found so far, in order; the output is the
 * same whether the stream came in one piece or one character at a time. A framer holds at most
 * `maxChars` characters of an unfinished message: a message that grows past it is dropped, reported as
 * one `Overflow` item where it stood in the stream, and the framer resynchronises at the next message
 * boundary.
 */

/** Default bound on an unfinished message: 1 MiB of characters. */
export const DEFAULT_MAX_CHARS = 1 << 20;

export interface FramerOptions {
  /** Largest unfinished message held, in UTF-16 code units (default `DEFAULT_MAX_CHARS`). */
  readonly maxChars?: number;
}

/** A message longer than `limit` characters was dropped. */
export interface Overflow {
  readonly kind: 'overflow';
  readonly limit: number;
}

export function maxCharsOf(options: FramerOptions): number {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChars must be a positive integer, got ${max}`);
  return max;
}
