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

/**
 * The unfinished line a framer holds, as a list of pieces with a running length: adding a piece and asking
 * how long the line is cost O(piece), never O(line), so a long line arriving in tiny pieces stays linear
 * (`partial += piece` plus `endsWith` on the whole buffer was quadratic: 1 MiB in 64-byte pieces took ~8 s).
 */
export class PendingLine {
  #pieces: string[] = [];
  #length = 0;
  #lastCr = false;

  /** Characters held, a last `\r` not counted (it may be the `\r` of `\r\n`). */
  get counted(): number {
    return this.#lastCr ? this.#length - 1 : this.#length;
  }

  add(piece: string): void {
    if (piece === '') return;
    this.#pieces.push(piece);
    this.#length += piece.length;
    this.#lastCr = piece.charCodeAt(piece.length - 1) === 13;
  }

  /** The held text followed by `tail`, and nothing held afterwards. */
  take(tail: string): string {
    if (this.#pieces.length === 0) return tail;
    this.#pieces.push(tail);
    const text = this.#pieces.join('');
    this.clear();
    return text;
  }

  clear(): void {
    this.#pieces = [];
    this.#length = 0;
    this.#lastCr = false;
  }
}

export function maxCharsOf(options: FramerOptions): number {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChars must be a positive integer, got ${max}`);
  return max;
}
