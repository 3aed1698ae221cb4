/**
 * JSON frame format for Interact CTI. Pure: no DOM, no timers, no sockets.
 *
 * Tolerates two defects of real or documented Interact output on a second attempt only:
 * an invalid escape such as `config\monitor` and trailing commas.
 */
import type { Decoded, FrameFormat, WireObject } from './codec.js';

function parseObject(text: string): WireObject | undefined {
  const v: unknown = JSON.parse(text);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as WireObject) : undefined;
}

/** Repairs applied only when strict parsing failed. */
function repair(text: string): string {
  return text.replace(/\\(?!["\\/bfnrtu])/g, '\\\\').replace(/,(\s*[}\]])/g, '$1');
}

export const jsonFormat: FrameFormat = {
  format: 'json',
  contentType: 'application/json; charset=utf-8',

  encodeRequest(body: WireObject): string {
    return JSON.stringify(body);
  },

  decode(text: string): Decoded<WireObject> {
    const t = text.replace(/^\uFEFF/, '').trim();
    if (t === '') return { ok: true, value: {} };
    let first: unknown;
    try {
      const v = parseObject(t);
      return v ? { ok: true, value: v } : { ok: false, reason: 'JSON frame is not an object' };
    } catch (e) {
      first = e;
    }
    try {
      const v = parseObject(repair(t));
      if (v) return { ok: true, value: v };
    } catch {
      /* fall through to the first error */
    }
    return { ok: false, reason: `invalid JSON: ${first instanceof Error ? first.message : String(first)}`.slice(0, 300) };
  },
};
