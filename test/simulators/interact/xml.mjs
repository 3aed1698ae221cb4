// XML helpers for the Interact CTI simulator (manual §"Padrão de Respostas" and digest §4).
// Lists are containers with one <member> child per item; objects are nested elements.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ENTITY = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** @param {string} s */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

/** @param {string} s */
export function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Encode a JS value as a sequence of XML elements (no root).
 * @param {Record<string, unknown>} obj
 * @param {{ whitespace?: boolean, pretty?: boolean, indent?: string }} [opts]
 */
export function encodeFragment(obj, opts = {}) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue;
    parts.push(encodeElement(k, v, opts, opts.indent ?? ''));
  }
  return parts.join(opts.pretty ? '\n' : '');
}

function encodeElement(name, value, opts, indent) {
  const nl = opts.pretty ? '\n' : '';
  const inner = opts.pretty ? indent + '  ' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<${name}></${name}>`;
    const items = value.map((item) => encodeElement('member', item, opts, inner));
    return `${indent}<${name}>${nl}${items.join(nl)}${nl}${opts.pretty ? indent : ''}</${name}>`;
  }
  if (value && typeof value === 'object') {
    const children = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      children.push(encodeElement(k, v, opts, inner));
    }
    if (children.length === 0) return `${indent}<${name}></${name}>`;
    return `${indent}<${name}>${nl}${children.join(nl)}${nl}${opts.pretty ? indent : ''}</${name}>`;
  }
  const text = escapeXml(String(value));
  return `${indent}<${name}>${opts.whitespace ? ` ${text} ` : text}</${name}>`;
}

/** Full XML document with prolog. */
export function encodeDocument(rootName, obj, opts = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${encodeElement(rootName, obj, opts, '')}`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'member',
});

function normalise(v) {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'member') return v.member.map(normalise);
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const k of keys) out[k] = normalise(v[k]);
    return out;
  }
  if (typeof v === 'string') return decodeEntities(v);
  return v;
}

/**
 * Parse an XML request body. Returns { ok: true, value } or { ok: false, message }.
 * A <request> root is unwrapped; a document with another single root keeps that root as a key.
 * @param {string} text
 */
export function parseXmlBody(text) {
  const check = XMLValidator.validate(text);
  if (check !== true) {
    const e = check.err;
    return { ok: false, message: `XML syntax error at line ${e.line}, column ${e.col}: ${e.msg}` };
  }
  let doc;
  try {
    doc = parser.parse(text);
  } catch (err) {
    return { ok: false, message: `XML syntax error: ${err && err.message}` };
  }
  for (const k of Object.keys(doc)) if (k.startsWith('?')) delete doc[k];
  if ('request' in doc) {
    const r = normalise(doc.request);
    return { ok: true, value: r && typeof r === 'object' && !Array.isArray(r) ? r : {} };
  }
  return { ok: true, value: normalise(doc) };
}
