/**
 * Streaming text decoding for the websockify relay. Pure: no socket, no DOM.
 *
 * The relay moves bytes, and a WebSocket frame boundary is not a character boundary: a multi-byte UTF-8
 * character may arrive half in one frame and half in the next. `StreamDecoder` keeps the incomplete tail
 * between calls (`TextDecoder` with `{ stream: true }`), so the text it returns is the same however the
 * bytes were split.
 *
 * - Invalid bytes become U+FFFD; it never throws (`fatal: false`).
 * - A UTF-8 byte-order mark is dropped only at the very start of the stream (and again after `reset()`);
 *   a U+FEFF in the middle of the stream is text and is kept.
 * - `'iso-8859-1'` follows the WHATWG Encoding Standard, which decodes that label as windows-1252: bytes
 *   0x80–0x9F give the Windows characters (0x80 → '€'), not C1 controls. Servers that say "Latin-1"
 *   almost always mean that. (Outgoing text is encoded as true ISO-8859-1: see `encoder.ts`.)
 */

/** The text encodings a raw-TCP vendor may be configured with. */
export const RelayEncoding = {
  Utf8: 'utf-8',
  Latin1: 'iso-8859-1',
  Windows1252: 'windows-1252',
} as const;
export type RelayEncoding = (typeof RelayEncoding)[keyof typeof RelayEncoding];

const ENCODINGS: ReadonlySet<string> = new Set(Object.values(RelayEncoding));

/** Whether `value` names a supported encoding (exact spelling, as configured). */
export function isRelayEncoding(value: unknown): value is RelayEncoding {
  return typeof value === 'string' && ENCODINGS.has(value);
}

/** Bytes → text across frames, one instance per connection. */
export class StreamDecoder {
  readonly encoding: RelayEncoding;
  private decoder: TextDecoder;

  constructor(encoding: RelayEncoding = RelayEncoding.Utf8) {
    this.encoding = encoding;
    this.decoder = StreamDecoder.create(encoding);
  }

  /** Decode the next chunk. An incomplete trailing character is held back until the next call. */
  decode(bytes: ArrayBuffer | ArrayBufferView): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  /** End of stream: whatever incomplete character was held back comes out as U+FFFD. Ready for a new stream. */
  flush(): string {
    const rest = this.decoder.decode();
    return rest;
  }

  /** Forget any held-back bytes without emitting them (a new connection). */
  reset(): void {
    this.decoder = StreamDecoder.create(this.encoding);
  }

  private static create(encoding: RelayEncoding): TextDecoder {
    return new TextDecoder(encoding, { fatal: false });
  }
}
