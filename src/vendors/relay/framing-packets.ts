/**
 * Packet framing (Intelix DGPhone, Asterisk-manager style). Pure.
 *
 * The wire: `Key: Value` lines ending in CRLF; a packet ends with an empty line.
 * - Bare LF is accepted as well as CRLF (one trailing `\r` is dropped from each line).
 * - A field is split at its FIRST colon: the value may contain `:` (`Message: Error: busy`). The key is
 *   trimmed, the value loses the blanks after the colon. Duplicate keys are kept, in order.
 * - Lines without a colon (or starting with one) are not fields. Before the first field of the
 *   connection they are the server's `Banner` (`Asterisk Call Manager/1.1`); later, a `StrayLine`
 *   reported where it stood (so before the packet it sat in). Whitespace-only lines are ignored.
 * - Extra empty lines between packets are ignored.
 * - A packet whose lines add up to more than `maxChars` (terminators not counted) is dropped, reported
 *   as one `Overflow`, and framing resumes after the empty line that ends it.
 */
import { maxCharsOf, PendingLine, type FramerOptions, type Overflow } from './framing.js';

export type PacketField = readonly [key: string, value: string];

export interface Packet {
  readonly kind: 'packet';
  /** The fields in wire order; duplicates kept. */
  readonly fields: readonly PacketField[];
}

/** A colon-less line before the first packet of the connection (the server's greeting). */
export interface Banner {
  readonly kind: 'banner';
  readonly line: string;
}

/** A colon-less line anywhere else. */
export interface StrayLine {
  readonly kind: 'stray';
  readonly line: string;
}

export type PacketItem = Packet | Banner | StrayLine | Overflow;

/** The first value of `key` (case-insensitive, as Asterisk reads keys), or `undefined`. */
export function fieldValue(packet: Packet, key: string): string | undefined {
  const k = key.toLowerCase();
  return packet.fields.find(([name]) => name.toLowerCase() === k)?.[1];
}

/** Every value of `key` (case-insensitive), in order. */
export function fieldValues(packet: Packet, key: string): string[] {
  const k = key.toLowerCase();
  return packet.fields.filter(([name]) => name.toLowerCase() === k).map(([, value]) => value);
}

export class PacketFramer {
  readonly maxChars: number;
  private readonly partial = new PendingLine();
  private fields: PacketField[] = [];
  /** Characters of the fields held for the unfinished packet. */
  private pending = 0;
  /** No field seen yet since construction / `reset()`: colon-less lines are the banner. */
  private greeting = true;
  /** Dropping an overflowed packet up to its empty line. */
  private skipping = false;
  /** Inside a non-empty line while skipping: drop up to its `\n`. */
  private discardingLine = false;

  constructor(options: FramerOptions = {}) {
    this.maxChars = maxCharsOf(options);
  }

  /** Characters held for the unfinished packet (a pending `\r` not counted). */
  get buffered(): number {
    return this.pending + this.partial.counted;
  }

  push(text: string): PacketItem[] {
    const out: PacketItem[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) {
        this.hold(text.slice(start), out);
        return out;
      }
      if (this.discardingLine) {
        this.discardingLine = false;
      } else {
        let line = this.partial.take(text.slice(start, end));
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.line(line, out);
      }
      start = end + 1;
    }
  }

  /** Drop everything held; the next colon-less lines are a banner again (a new connection). */
  reset(): void {
    this.partial.clear();
    this.fields = [];
    this.pending = 0;
    this.greeting = true;
    this.skipping = false;
    this.discardingLine = false;
  }

  /** The unterminated tail of a push. */
  private hold(tail: string, out: PacketItem[]): void {
    if (this.discardingLine || tail === '') return;
    this.partial.add(tail);
    if (this.skipping) {
      // Only whether this line is empty matters; it is not once it holds more than a possible `\r`.
      if (this.partial.counted > 0) {
        this.partial.clear();
        this.discardingLine = true;
      }
    } else if (this.buffered > this.maxChars) {
      this.overflow(out);
      this.partial.clear();
      this.discardingLine = true;
    }
  }

  private line(line: string, out: PacketItem[]): void {
    if (this.skipping) {
      if (line === '') this.skipping = false;
      return;
    }
    if (line === '') {
      if (this.fields.length > 0) out.push({ kind: 'packet', fields: this.fields });
      this.fields = [];
      this.pending = 0;
      return;
    }
    if (this.pending + line.length > this.maxChars) {
      this.overflow(out);
      return;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      this.fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
      this.pending += line.length;
      this.greeting = false;
    } else if (line.trim() !== '') {
      out.push({ kind: this.greeting && this.fields.length === 0 ? 'banner' : 'stray', line });
    }
  }

  private overflow(out: PacketItem[]): void {
    out.push({ kind: 'overflow', limit: this.maxChars });
    this.fields = [];
    this.pending = 0;
    this.skipping = true;
  }
}
