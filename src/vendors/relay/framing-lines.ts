/**
 * Line framing (Catix): one JSON object per line, `\n` terminated. Pure.
 *
 * - A trailing `\r` is dropped (`\r\n` tolerated); blank (empty or whitespace-only) lines are skipped.
 * - Lines come out raw: parsing the JSON is the vendor codec's job.
 * - A line longer than `maxChars` (not counting its `\r\n`) is dropped and reported as one `Overflow`;
 *   framing resumes after its `\n`.
 */
import { maxCharsOf, PendingLine, type FramerOptions, type Overflow } from './framing.js';

export interface Line {
  readonly kind: 'line';
  /** The line without its terminator. */
  readonly line: string;
}

export type LineItem = Line | Overflow;

export class LineFramer {
  readonly maxChars: number;
  private readonly partial = new PendingLine();
  /** Inside a line already reported as overflowing: drop up to its `\n`. */
  private discarding = false;

  constructor(options: FramerOptions = {}) {
    this.maxChars = maxCharsOf(options);
  }

  /** Characters held for the unfinished line (its pending `\r` not counted). */
  get buffered(): number {
    return this.partial.counted;
  }

  push(text: string): LineItem[] {
    const out: LineItem[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) {
        if (!this.discarding) {
          this.partial.add(text.slice(start));
          if (this.partial.counted > this.maxChars) this.overflow(out);
        }
        return out;
      }
      if (this.discarding) {
        this.discarding = false;
      } else {
        let line = this.partial.take(text.slice(start, end));
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.length > this.maxChars) out.push({ kind: 'overflow', limit: this.maxChars });
        else if (line.trim() !== '') out.push({ kind: 'line', line });
      }
      start = end + 1;
    }
  }

  /** Drop everything held (a new connection). */
  reset(): void {
    this.partial.clear();
    this.discarding = false;
  }

  private overflow(out: LineItem[]): void {
    out.push({ kind: 'overflow', limit: this.maxChars });
    this.partial.clear();
    this.discarding = true;
  }
}
