/**
 * The one redaction function: masks credentials in text that may reach a log, an error detail, a snapshot or
 * a malformed-frame preview. Pure: no DOM, no clock. Linear in the text's length.
 *
 * A value is masked WHOLE (`***`) when its key is secret: a key whose words (split at camelCase, `_`, `-`, `.`)
 * include password, passwd, pwd, passphrase, senha, pin, digits, dtmf, token, secret, authorization,
 * credential(s), key or apikey (`sipPassword`, `senhaIntegracao`, `X-Api-Key`, `PIN`, `Digits`). The forms:
 *
 * ```
 *   JSON / JS        "password": "Zq9 \"Wx,7}{'"   →  "password": "***"     (escaped quotes stay inside the value;
 *                    {\"senha\":\"a\\\"b\"}       →  {\"senha\":\"***\"}   JSON text inside a JSON string too)
 *                    "pin": 1234                 →  "pin": ***
 *   key=value        password=Zq9 Wx7            →  password=***          (to the end of the line; in a URL
 *                    ?user=a&token=x&b=1         →  ?user=a&token=***&b=1  query, to the next & or blank)
 *   Key: Value       Digits: 1234                →  Digits: ***           (DGPhone packets; to the end of the line)
 *   XML              <password>a b</password>    →  <password>***</password>
 *                    <login password='a b'/>     →  <login password='***'/>
 *   bearer token     Bearer eyJhbGciOi…          →  Bearer ***
 * ```
 *
 * An unterminated value (a cut preview, a broken frame) is masked to the end of the text. Everything else is kept:
 * the rest of the diagnostic stays readable. A value that already is `***` is left as is (idempotent).
 */
export const MASK = '***';

const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'senha',
  'pin',
  'digits',
  'dtmf',
  'token',
  'secret',
  'authorization',
  'credential',
  'credentials',
  'key',
  'apikey',
]);

/** Whether a key names a secret: one of its words is a secret word (`sipPassword`, `api_key`, `PINCode`). */
export function isSecretKey(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w));
}

const NAME = String.raw`[A-Za-z_][\w.-]{0,63}`;
/**
 * One pass over the text. Alternatives, in order:
 *   1 XML open tag `<ns:name …>` (group 1: name);
 *   2 quoted key and separator, at any escape depth (2: backslashes, 3: quote, 4: name);
 *   3 bare key and separator (5: name), also right after an escaped `\n`;
 *   4 `Bearer `.
 * Bounded repetitions keep each attempt short, so the scan stays linear.
 */
const FINDER = new RegExp(
  [
    String.raw`<(?:[\w.-]{1,32}:)?(${NAME})(?:\s[^<>]*)?>`,
    String.raw`(\\{0,7})(["'])(${NAME})\2\3\s{0,16}[:=]\s{0,16}`,
    String.raw`(?:(?<=\\[nrt])|(?<![\w.\-\\]))(${NAME})[ \t]{0,16}[:=][ \t]{0,16}`,
    String.raw`\bBearer[ \t]+(?=[\w\-.~+/])`,
  ].join('|'),
  'gi',
);

const TOKEN_CHARS = /[\w\-.~+/=]/;
const JSON_BARE_END = /[\s,;}\]&\\"'<]/;
const QUERY_END = /[\s&#"'<|]/;

/** Known secrets shorter than this are not searched for by value (a 3-character match would eat diagnostics). */
export const MIN_KNOWN_SECRET = 4;

/**
 * Mask every secret value in `text` (see the module comment). `known`: secrets the caller holds (the hub: the
 * session's credentials and the passwords of its commands); each is also masked wherever it appears as is or
 * JSON-escaped, with no key next to it (a server that says `Senha Zq9… incorreta`).
 */
export function redact(text: string, known?: Iterable<string>): string {
  if (typeof text !== 'string' || text === '') return typeof text === 'string' ? text : '';
  return maskKeys(known ? maskKnown(text, known) : text);
}

function maskKnown(text: string, known: Iterable<string>): string {
  let out = text;
  for (const secret of known) {
    if (typeof secret !== 'string' || secret.length < MIN_KNOWN_SECRET) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of escaped === secret ? [secret] : [escaped, secret]) if (out.includes(form)) out = out.split(form).join(MASK);
  }
  return out;
}

function maskKeys(text: string): string {
  let out = '';
  let copied = 0;
  FINDER.lastIndex = 0;
  for (let m = FINDER.exec(text); m !== null; m = FINDER.exec(text)) {
    const start = m.index + m[0].length;
    let end: number | undefined;
    let resume = start;
    if (m[1] !== undefined) {
      // XML element: its text up to the closing tag (`/>`: no text).
      if (isSecretKey(m[1]) && !m[0].endsWith('/>')) {
        const close = text.indexOf('</', start);
        end = close < 0 ? text.length : close;
      } else {
        resume = m.index + 1; // its attributes are read as `name="value"`
      }
    } else if (m[4] !== undefined) {
      if (isSecretKey(m[4])) end = valueEnd(text, start, m[2]?.length ?? 0, 'json');
    } else if (m[5] !== undefined) {
      const before = text[m.index - 1];
      if (isSecretKey(m[5])) end = valueEnd(text, start, 0, before === '?' || before === '&' ? 'query' : 'line');
    } else {
      end = scan(text, start, (c) => !TOKEN_CHARS.test(c));
    }
    if (end !== undefined) {
      const valueStart = quotedStart(text, start);
      const [from, to] = valueStart ? [valueStart.contentStart, Math.min(end, closingStart(text, valueStart, end))] : [start, end];
      if (to > from && text.slice(from, to) !== MASK) {
        out += text.slice(copied, from) + MASK;
        copied = to;
      }
      resume = end;
    }
    FINDER.lastIndex = resume > m.index ? resume : m.index + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A `CtiError` whose `detail` is redacted (the same object when nothing changes). */
export function redactError<E extends { readonly detail?: string }>(error: E, known?: Iterable<string>): E {
  if (typeof error?.detail !== 'string') return error;
  const detail = redact(error.detail, known);
  return detail === error.detail ? error : { ...error, detail };
}

interface QuotedValue {
  /** Backslashes before the opening quote (the escape depth's run). */
  readonly run: number;
  readonly quote: string;
  readonly contentStart: number;
}

/** `\\…"` at `i`: a quoted value's opening (any run of up to 7 backslashes, then `"` or `'`). */
function quotedStart(text: string, i: number): QuotedValue | undefined {
  let run = 0;
  while (run < 8 && text[i + run] === '\\') run++;
  const quote = text[i + run];
  if (quote !== '"' && quote !== "'") return undefined;
  return { run, quote, contentStart: i + run + 1 };
}

/**
 * Where the quoted value's content ends (the start of its closing sequence), or `limit`. At escape depth d the
 * opening quote follows n = 2^d − 1 backslashes, and a quote closes the value when the run of backslashes before
 * it is n modulo 2(n + 1) (depth 0: an even run; depth 1: 1, 5, 9 …); any other quote is content.
 */
function closingStart(text: string, value: QuotedValue, limit: number): number {
  const n = value.run;
  for (let i = value.contentStart; i < limit; i++) {
    if (text[i] !== value.quote) continue;
    let run = 0;
    while (run < i - value.contentStart && text[i - 1 - run] === '\\') run++;
    if (run >= n && (run - n) % (2 * (n + 1)) === 0) return i - n;
  }
  return limit;
}

/** Where the value that starts at `i` ends (the index after it; the closing quote excluded by the caller). */
function valueEnd(text: string, i: number, keyRun: number, form: 'json' | 'line' | 'query'): number {
  const quoted = quotedStart(text, i);
  if (quoted) {
    const close = closingStart(text, quoted, text.length);
    return close === text.length ? text.length : close;
  }
  if (text[i] === '{' || text[i] === '[') return i; // an object under a secret key: its own keys are checked
  if (text.startsWith(MASK, i)) return i; // already masked
  if (form === 'json' || keyRun > 0) return scan(text, i, (c) => JSON_BARE_END.test(c));
  if (form === 'query') return scan(text, i, (c) => QUERY_END.test(c));
  return scan(text, i, (c) => c === '\n' || c === '\r');
}

function scan(text: string, i: number, stop: (c: string) => boolean): number {
  let j = i;
  while (j < text.length && !stop(text[j] as string)) j++;
  return j;
}
