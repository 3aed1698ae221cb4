/**
 * Numbers and documents as Brazilian agents read them. Pure display helpers: the raw value is never
 * changed (host events, commands and copies keep it); a value that is not a Brazilian number is returned as
 * it came (extensions, names, other countries' numbers).
 *
 *   11987654321      → (11) 98765-4321        4833334444   → (48) 3333-4444
 *   08001234567      → 0800 123 4567          40041234     → 4004-1234
 *   +5511987654321   → +55 (11) 98765-4321    011987654321 → (11) 98765-4321 (trunk 0 dropped)
 *   987654321        → 98765-4321             2001         → 2001 (an extension, as it is)
 */

/** Area codes (DDD) are two digits, neither of them 0. */
const DDD = /^[1-9]{2}$/;

/** A national number without trunk prefix: DDD + 8 or 9 digits, or the subscriber number alone. */
function national(d: string): string | undefined {
  if (/^0[3589]00\d{7}$/.test(d)) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  if (/^[34]00\d{5}$/.test(d)) return `${d.slice(0, 4)}-${d.slice(4)}`;
  if ((d.length === 10 || d.length === 11) && DDD.test(d.slice(0, 2)) && (d.length === 10 || d[2] === '9')) {
    return `(${d.slice(0, 2)}) ${local(d.slice(2))}`;
  }
  if (d.length === 9 && d[0] === '9') return local(d);
  if (d.length === 8 && /^[2-5]/.test(d)) return local(d);
  return undefined;
}

function local(d: string): string {
  return `${d.slice(0, -4)}-${d.slice(-4)}`;
}

/** `raw` formatted for Brazil, or `raw` (trimmed) when it is not a number this module knows. */
export function formatPhone(raw: string): string {
  const text = raw.trim();
  // Only digits and the separators people type; anything else (names, *, #, letters) stays as it is.
  if (!/^\+?[\d\s().-]+$/.test(text)) return text;
  const plus = text.startsWith('+');
  const d = text.replace(/\D/g, '');
  if (plus || ((d.length === 12 || d.length === 13) && d.startsWith('55'))) {
    const br = d.startsWith('55') ? national(d.slice(2)) : undefined;
    return br && !br.startsWith('0') ? `+55 ${br}` : text;
  }
  // Trunk prefix 0 (and a two-digit carrier code): 0 + DDD + number, 0 + carrier + DDD + number.
  if (d.startsWith('0') && !/^0[3589]00/.test(d)) {
    for (const rest of [d.slice(1), d.slice(3)]) {
      if ((rest.length === 10 || rest.length === 11) && DDD.test(rest.slice(0, 2))) return national(rest) ?? text;
    }
    return text;
  }
  return national(d) ?? text;
}

/** Formatted CPF (`123.456.789-01`) or CNPJ (`12.345.678/0001-95`) anywhere in a text. */
const DOCUMENT_IN_TEXT = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b|\b\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}\b/g;

/** Keys that name a CPF / CNPJ (Catix `contato-cpfcnpj`; any `cpf`, `cnpj`). */
export function isDocumentKey(key: string): boolean {
  return /cpf|cnpj/i.test(key);
}

/**
 * A CPF / CNPJ with all but its last 4 digits hidden, in its usual layout: `•••.•••.•89-01`,
 * `••.•••.•••/••01-95`. Another value of a document key keeps only its last 4 characters.
 */
export function maskDocument(value: string): string {
  const d = value.replace(/\D/g, '');
  const layout =
    d.length === 11 ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`
    : d.length === 14 ? `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`
    : undefined;
  if (!layout) return value.length > 4 ? '•'.repeat(value.length - 4) + value.slice(-4) : value;
  let keep = 4;
  return [...layout]
    .reverse()
    .map((c) => (/\d/.test(c) ? (keep-- > 0 ? c : '•') : c))
    .reverse()
    .join('');
}

/** Tactium's recording link code (`CD_LTA_EXT`): the seed's example of what it holds is a CPF. */
const RECORDING_LINK_KEY = 'cod-vinculo-gravacao';

/**
 * The value as shown by default: masked when its key names a document, else every formatted CPF / CNPJ
 * inside it masked (free text such as Interact associated data). `masked` says whether anything was hidden.
 */
export function maskDataValue(key: string, value: string): { readonly text: string; readonly masked: boolean } {
  const whole = isDocumentKey(key) || (key === RECORDING_LINK_KEY && /^\d{11}$|^\d{14}$/.test(value.replace(/[.\/-]/g, '')));
  if (whole && value.trim()) return { text: maskDocument(value.trim()), masked: true };
  const text = value.replace(DOCUMENT_IN_TEXT, (m) => maskDocument(m));
  return { text, masked: text !== value };
}
