/**
 * XML frame format for Interact CTI, on fast-xml-parser. Pure: no DOM, no timers, no sockets.
 * Loaded lazily (`await import('./codec-xml.js')`) only when a session is configured for XML, so the
 * JSON path never pulls fast-xml-parser into the worker's initial chunk.
 *
 * Rules (protocol reference §4, A-8, A-21):
 * - any prolog is stripped, including the manual's malformed `<?xml … encoding="UTF-8">`;
 * - a document type declaration is refused outright (no entity expansion, billion-laughs safe), and
 *   the parser runs with `processEntities: false`; only the five predefined entities and numeric
 *   character references are decoded afterwards, by hand, without recursion;
 * - an event payload is a `<data>` root or a bare fragment; both come back as the same object;
 * - text is trimmed; every value stays a string (the codec normalises numbers and booleans);
 * - lists are `<member>` children; list versus object is decided by `LIST_FIELDS`, not by how many
 *   children there are (one `<member>` is a one-item list, an empty list element is `[]`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Decoded, FrameFormat, WireObject, WireValue } from './codec.js';

/**
 * Fields whose value is a list. The XML decoder uses this schema (not the number of `<member>` children)
 * to decide list versus object: a single `<member>` is still a one-item list, an empty element is `[]`,
 * and a scalar `all` where a list is expected becomes `['all']`.
 */
export const LIST_FIELDS: ReadonlySet<string> = new Set([
  'agents',
  'services',
  'events',
  'media_types',
  'calls',
  'devices',
  'permissions',
  'queues',
  'pauses',
  'classification',
  'classifications',
  'subscriptions',
  'logged_in_agents',
  'logged_out_agents',
  'inbound_services',
  'outbound_services',
  'states_details',
  'calls_details',
  'call_details',
  'stats',
  'alarms',
  'active',
  'agent_stats',
  'service_stats',
  'items',
  'types',
  'states',
  'bots',
  'held_emails',
  'attachments',
  'history',
  'form',
  'files',
]);

const ROOT = '__interact_root';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  isArray: (name: string) => name === 'member',
});

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode predefined entities and character references, once (never recursive). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[ref] ?? m;
  });
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turn fast-xml-parser's tree into wire values, applying the list schema. */
function normalise(name: string, v: unknown): WireValue {
  if (Array.isArray(v)) return v.map((x) => normalise('member', x));
  if (isRecord(v)) {
    const keys = Object.keys(v).filter((k) => k !== '#text');
    if (keys.length === 1 && keys[0] === 'member') return normalise('member', v['member']);
    const out: WireObject = {};
    for (const k of keys) out[k] = normalise(k, v[k]);
    if (LIST_FIELDS.has(name)) return keys.length === 0 ? [] : [out];
    return out;
  }
  const text = v === undefined || v === null ? '' : decodeEntities(String(v).trim());
  if (LIST_FIELDS.has(name)) return text === '' ? [] : [text];
  return text;
}

function encodeValue(name: string, v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `<${name}>${v.map((x) => encodeValue('member', x)).join('')}</${name}>`;
  if (isRecord(v)) {
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => encodeValue(k, x))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeText(v === null ? '' : String(v))}</${name}>`;
}

export const xmlFormat: FrameFormat = {
  format: 'xml',
  contentType: 'application/xml; charset=utf-8',

  encodeRequest(body: WireObject): string {
    return `<?xml version="1.0" encoding="UTF-8"?>${encodeValue('request', body)}`;
  },

  decode(text: string, kind: 'response' | 'event'): Decoded<WireObject> {
    const t = text
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/^<\?xml[^>]*>/i, '')
      .trim();
    if (t === '' || t === '{}') return { ok: true, value: {} };
    if (/<!DOCTYPE|<!ENTITY/i.test(t)) return { ok: false, reason: 'XML document type declarations are refused' };
    const wrapped = `<${ROOT}>${t}</${ROOT}>`;
    let tree: unknown;
    try {
      const valid = XMLValidator.validate(wrapped);
      if (valid !== true) {
        const err = valid.err;
        return { ok: false, reason: `invalid XML: ${err.msg} (line ${err.line}, col ${err.col})`.slice(0, 300) };
      }
      tree = parser.parse(wrapped);
    } catch (e) {
      return { ok: false, reason: `invalid XML: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300) };
    }
    const root = isRecord(tree) ? tree[ROOT] : undefined;
    const value = normalise(ROOT, root);
    if (!isRecord(value)) {
      return typeof value === 'string' && value === '' ? { ok: true, value: {} } : { ok: false, reason: 'XML frame has text but no elements' };
    }
    if (kind === 'event') {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'data') {
        const data = value['data'];
        if (isRecord(data)) return { ok: true, value: data };
        if (data === '') return { ok: true, value: {} };
      }
    }
    return { ok: true, value };
  },
};
