/**
 * Text → bytes in the configured encoding, for what we send through the relay. Pure: no socket, no DOM.
 *
 * `TextEncoder` only speaks UTF-8, so the single-byte encodings are done here:
 * - `'iso-8859-1'`: U+0000–U+00FF are the bytes themselves (true Latin-1 on the way out);
 * - `'windows-1252'`: ASCII and U+00A0–U+00FF as themselves, the 27 Windows characters of 0x80–0x9F
 *   ('€' → 0x80, '“' → 0x93, …) and the five code points WHATWG decodes 0x81/0x8D/0x8F/0x90/0x9D to.
 *   The table is written out (it does not depend on the platform's `TextDecoder`); encoding a byte
 *   WHATWG decodes gives that byte back.
 * Anything not representable becomes one '?' per character (a surrogate pair is one character);
 * UTF-8 turns a lone surrogate into U+FFFD (TextEncoder's rule).
 */
import { RelayEncoding } from './decoder.js';

const QUESTION = 0x3f;

/**
 * windows-1252 bytes 0x80–0x9F, written out (WHATWG Encoding Standard, index-windows-1252): the 27 Windows
 * characters, and the five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D), which decode to the C1 control of
 * the same number. Not read from `TextDecoder`: Node (and other runtimes without full ICU) decodes the label
 * as Latin-1, so a table built from it would send C1 controls for '€' or '“'.
 */
const CP1252_0X80 = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
] as const;

/** windows-1252 bytes 0x80–0x9F: character code → byte. */
const CP1252_HIGH: ReadonlyMap<number, number> = new Map(CP1252_0X80.map((code, i) => [code, 0x80 + i] as const));

const utf8 = new TextEncoder();

function singleByte(text: string, byteOf: (code: number) => number | undefined): Uint8Array {
  const out = new Uint8Array(text.length); // never more bytes than UTF-16 units
  let n = 0;
  for (const ch of text) out[n++] = byteOf(ch.codePointAt(0) ?? 0) ?? QUESTION;
  return out.subarray(0, n);
}

const latin1Byte = (code: number): number | undefined => (code <= 0xff ? code : undefined);
const cp1252Byte = (code: number): number | undefined =>
  code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_HIGH.get(code);

/** Encode `text` for the wire. */
export function encodeText(text: string, encoding: RelayEncoding): Uint8Array {
  switch (encoding) {
    case RelayEncoding.Utf8:
      return utf8.encode(text);
    case RelayEncoding.Latin1:
      return singleByte(text, latin1Byte);
    case RelayEncoding.Windows1252:
      return singleByte(text, cp1252Byte);
  }
}
