/**
 * InWise NEON codec: JSON text frames ↔ typed values. Pure: no DOM, no WebSocket, no clock.
 *
 * The wire (seed "Instrumentação do NEON via WebSocket", v2.1):
 * - request  `{ id?, action, token?, …params }` — `action` lower-case; `token` on all but `authenticate`;
 *            requests spell the call id `callid`, the DTMF key upper-case `DTMF`.
 * - response `{ id, success, data }` — correlated by the `id` we sent; on failure an error code from the
 *            table (0 none, 100 data format, 102 invalid argument, 500 internal, 600 invalid credentials,
 *            601 not registered with the SIP proxy, 602 command not authorised). The document does not show
 *            a failure, so the code is looked for wherever a server could reasonably put it (`error`,
 *            `errorCode`, `code`, top level or inside `data`).
 * - event    `{ action: "event", name, data }` — responses and events share the socket: `action === "event"`
 *            tells them apart. Events spell the call id `callId` and give SIP URIs for `from` / `to`.
 */
import type { CallDirection, CtiError, ErrorCode, Party, Timestamp } from '../../domain/model.js';
import { redact } from '../../domain/redact.js';
import { defined } from '../../domain/defined.js';
import { finiteNumber as num } from '../runtime/options.js';

/** The commands of the reference table, as sent on the wire. */
export type NeonAction =
  | 'authenticate'
  | 'sipregister'
  | 'sipunregister'
  | 'startcall'
  | 'finalizecall'
  | 'acceptcall'
  | 'transferecall'
  | 'senddtmf'
  | 'sethold'
  | 'showui';

/** Canonical event names, as the seed's reference table spells them (the spelling variants are folded into these). */
export const NEON_EVENTS = [
  'OnSIPRegister',
  'OnSIPUnRegister',
  'OnSIPRegisterRefused',
  'OnSIPRegisterFinalized',
  'OnSIPRegisterCancelled',
  'OnSIPRegisterExpired',
  'OnSIPRegisterError',
  'OnNewCall',
  'OnAcceptCall',
  'OnFinalizedCall',
  'OnTransferredCall',
] as const;
export type NeonEventName = (typeof NEON_EVENTS)[number];

/**
 * Every spelling seen in the document, lower-cased → canonical. The reference table writes
 * `OnSIPUnRegister` and `OnSIPRegisterCancelled`; the prose writes `OnSIPUnregister` and
 * `OnSIPRegisterCanceled`. Names are matched case-insensitively.
 */
const EVENT_NAMES: ReadonlyMap<string, NeonEventName> = new Map([
  ...NEON_EVENTS.map((n) => [n.toLowerCase(), n] as const),
  ['onsipregistercanceled', 'OnSIPRegisterCancelled'],
  ['onsipunregistered', 'OnSIPUnRegister'],
  ['ontransferedcall', 'OnTransferredCall'],
  ['onfinalizecall', 'OnFinalizedCall'],
]);

/**
 * The documented error codes (0 is "no error") and what each means here: 100 data format, 102 invalid argument
 * (the adapter: a call NEON no longer knows), 500 internal, 600 invalid credentials, 601 not registered with the
 * SIP proxy, 602 command not authorised (the adapter: the token may be stale). Any other code: `command-failed`.
 */
const ERROR_MAP: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [100, 'bad-request'],
  [102, 'bad-request'],
  [500, 'command-failed'],
  [600, 'auth-failed'],
  [601, 'not-registered'],
  [602, 'command-denied'],
]);

export type WireData = Readonly<Record<string, unknown>>;

export interface NeonFailure {
  /** The NEON error code, when the server gave one. */
  readonly code?: number;
  /** The server's own words, when it gave any (server text: render as text). */
  readonly message?: string;
}

export type NeonFrame =
  | { readonly kind: 'response'; readonly id?: number | string; readonly success: boolean; readonly data: WireData; readonly failure?: NeonFailure }
  | { readonly kind: 'event'; readonly name: NeonEventName; readonly data: WireData }
  /** An event whose name the document does not list (kept: it is reported, not dropped silently). */
  | { readonly kind: 'unknown-event'; readonly name: string; readonly data: WireData }
  | { readonly kind: 'malformed'; readonly reason: string; readonly tooLong?: true };

/** The longest frame we accept (NEON frames are a few hundred bytes). */
export const MAX_FRAME_CHARS = 256 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export { defined } from '../../domain/defined.js';

/** Encode one request. `params` never contains `undefined` on the wire. */
export function encodeRequest(action: NeonAction, params: Readonly<Record<string, string | number | boolean | undefined>>, id?: number, token?: string): string {
  const body: Record<string, string | number | boolean> = {};
  if (id !== undefined) body['id'] = id;
  body['action'] = action;
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body[k] = v;
  if (token !== undefined && action !== 'authenticate') body['token'] = token;
  return JSON.stringify(body);
}

/** Canonical name of an event, or `undefined` when the document does not list it. */
export function canonicalEventName(name: string): NeonEventName | undefined {
  return EVENT_NAMES.get(name.trim().toLowerCase());
}

/** Decode one text frame. Never throws. */
export function decodeFrame(text: string): NeonFrame {
  const malformed = (reason: string): NeonFrame => ({ kind: 'malformed', reason });
  if (text.length > MAX_FRAME_CHARS) return { kind: 'malformed', reason: `frame of ${text.length} characters is too long`, tooLong: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed(`not JSON: ${preview(text)}`);
  }
  if (!isObject(value)) return malformed(`not a JSON object: ${preview(text)}`);
  const data: WireData = isObject(value['data']) ? value['data'] : {};
  const action = value['action'];
  if (typeof action === 'string' && action.toLowerCase() === 'event') {
    const name = value['name'];
    if (typeof name !== 'string' || name.trim() === '') return malformed('event without a name');
    const canonical = canonicalEventName(name);
    return canonical ? { kind: 'event', name: canonical, data } : { kind: 'unknown-event', name: name.slice(0, 80), data };
  }
  const id = value['id'];
  const hasId = typeof id === 'number' || (typeof id === 'string' && id !== '');
  // Seed L112-L116 shows `success: true`; a flag written as text or 0 / 1 ("false", 0) says the same. Anything else: as if absent.
  const success = flag(value['success']);
  if (success === undefined && !hasId) return malformed(`neither a response nor an event: ${preview(text)}`);
  const failure = findFailure(value, data);
  // A code other than 0 ("no error") is a failure whatever `success` says; without a code, `success`
  // decides, and with neither the answer is a success.
  const failed = (failure?.code ?? 0) !== 0 || success === false || (success === undefined && failure !== undefined && failure.code === undefined);
  return defined({ kind: 'response', id: hasId ? (id as number | string) : undefined, success: !failed, data, failure: failed ? (failure ?? {}) : undefined });
}

function flag(v: unknown): boolean | undefined {
  const t = typeof v === 'string' ? v.trim().toLowerCase() : v;
  return t === true || t === 'true' || t === 1 || t === '1' ? true : t === false || t === 'false' || t === 0 || t === '0' ? false : undefined;
}

const CODE_KEYS = ['error', 'errorCode', 'errorcode', 'error_code', 'code'] as const;
const MESSAGE_KEYS = ['message', 'errorMessage', 'msg', 'description', 'error'] as const;

/** The first code and the first message, in this order: per source (top level, then `data`), each code key's value and the `code` and messages of an object there, then the message keys. */
function findFailure(top: Record<string, unknown>, data: WireData): NeonFailure | undefined {
  let code: number | undefined;
  let message: string | undefined;
  const says = (o: Readonly<Record<string, unknown>>): void => {
    for (const k of MESSAGE_KEYS) {
      const m = o[k];
      if (message === undefined && typeof m === 'string' && m.trim() && asCode(m) === undefined) message = m.trim();
    }
  };
  for (const source of [top, data]) {
    for (const k of CODE_KEYS) {
      const v = source[k];
      code ??= asCode(v);
      if (isObject(v)) {
        // `error: { code: "601", description: "Não registrado no SIP Proxy" }` (the table's columns).
        code ??= asCode(v['code']);
        says(v);
      }
    }
    says(source);
  }
  return code === undefined && message === undefined ? undefined : defined({ code, message: message?.slice(0, 300) });
}

function asCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v)) return Number(v);
  return undefined;
}

function preview(text: string): string {
  // Never echo a secret from a broken frame into a log line or an error detail: secret values are masked whole
  // (`redact`); the frame is cut first (bounded work), and a value cut in the middle is masked to the end.
  const one = redact(text.slice(0, 200))
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > 60 ? `${one.slice(0, 60)}…` : one;
}

/** A NEON failure as a typed, visible error. `vendorCode` is the NEON number (`'601'`). */
export function neonError(failure: NeonFailure, operation: string, at: Timestamp): CtiError {
  const code = failure.code;
  return defined({
    code: (code !== undefined && ERROR_MAP.get(code)) || 'command-failed',
    at,
    operation,
    vendorCode: code?.toString(),
    detail: failure.message || undefined,
  });
}

/* ------------------------------------------------------------------ values */

/** A string field, trimmed; numbers are stringified (the example sends `callId: 55`). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** A numeric field (number or numeric string): the runtime's one reader (`runtime/options.ts`). */
export { num };

/** The call id of an event (`callId`; `callid` and `id` tolerated). */
export function eventCallId(data: WireData): string | undefined {
  return str(data['callId']) ?? str(data['callid']) ?? str(data['CallId']);
}

/**
 * A SIP URI (or a bare number) as a party a person can read:
 * `"Maria" <sip:+55%2071@host;transport=udp>` → `{ number: '+55 71', name: 'Maria' }`,
 * `sip:20719023@208.89.104.57` → `{ number: '20719023' }`, `tel:+5571333` → `{ number: '+5571333' }`.
 * A URI without a user part gives its host. Anything unparseable is kept as given (trimmed).
 */
export function partyFromUri(raw: string): Party {
  let text = raw.trim();
  let name: string | undefined;
  // A quoted display name may itself contain `<`, `>` or escaped quotes: read it first.
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*(?=<)/.exec(text);
  if (quoted) {
    const display = quoted[1]!.replace(/\\(.)/g, '$1').trim();
    if (display) name = display;
    text = text.slice(quoted[0].length);
  }
  const angle = angleParts(text);
  if (angle) {
    const display = angle[0].trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
    if (display && !name) name = display;
    text = angle[1].trim();
  }
  const scheme = /^(sips?|tel):/i.exec(text);
  let number = text;
  if (scheme) {
    let rest = text.slice(scheme[0].length);
    rest = rest.split(/[;?]/)[0] ?? '';
    if (scheme[1]!.toLowerCase() !== 'tel') {
      const at = rest.lastIndexOf('@');
      const user = at >= 0 ? rest.slice(0, at).split(':')[0]! : '';
      // No user part: the host, without its port.
      rest = user !== '' ? user : (rest.slice(at + 1).split(':')[0] ?? '');
    }
    number = decode(rest);
  }
  number = number.trim() || raw.trim();
  return defined({ number, name: name !== number ? name : undefined });
}

/**
 * `display <uri>` → `[display, uri]`: the first `<` and the first `>` after it, with no line break before the
 * `<` (what `/^(.*?)<([^>]*)>/` matched). Two `indexOf` scans: that pattern backtracked quadratically on a
 * hostile `from` header (100,000 `<` took ~5 s in the hub).
 */
function angleParts(text: string): readonly [string, string] | undefined {
  const lt = text.indexOf('<');
  if (lt < 0) return undefined;
  const before = text.slice(0, lt);
  if (/[\n\r\u2028\u2029]/.test(before)) return undefined;
  const gt = text.indexOf('>', lt + 1);
  return gt < 0 ? undefined : [before, text.slice(lt + 1, gt)];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What a call event says about a call. */
export interface NeonCallInfo {
  readonly id: string;
  readonly direction: CallDirection;
  /** The other side: `from` for an incoming call, `to` for an outgoing one. */
  readonly remote?: Party;
  /** Milliseconds, when given. */
  readonly durationMs?: number;
  /** SIP status code (0 or absent: none). */
  readonly sipError?: number;
}

/** The call fields of `OnNewCall` / `OnAcceptCall` / `OnFinalizedCall` / `OnTransferredCall`. */
export function callInfo(data: WireData): NeonCallInfo | undefined {
  const id = eventCallId(data);
  if (!id) return undefined;
  const type = str(data['type'])?.toLowerCase();
  const direction: CallDirection = type === 'incoming' ? 'inbound' : type === 'outgoing' ? 'outbound' : 'unknown';
  const uri = direction === 'inbound' ? str(data['from']) : direction === 'outbound' ? str(data['to']) : undefined;
  const durationMs = num(data['duration']);
  const sipError = num(data['SIPError'] ?? data['sipError'] ?? data['siperror']);
  return defined({
    id,
    direction,
    remote: uri ? partyFromUri(uri) : undefined,
    durationMs: durationMs! >= 0 ? durationMs : undefined,
    sipError: sipError || undefined,
  });
}

/** SIP status codes a user meets when a call or a registration fails (RFC 3261 reason phrases). */
const SIP_REASONS: ReadonlyMap<number, string> = new Map([
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [407, 'Proxy Authentication Required'],
  [408, 'Request Timeout'],
  [480, 'Temporarily Unavailable'],
  [484, 'Address Incomplete'],
  [486, 'Busy Here'],
  [487, 'Request Terminated'],
  [488, 'Not Acceptable Here'],
  [500, 'Server Internal Error'],
  [503, 'Service Unavailable'],
  [600, 'Busy Everywhere'],
  [603, 'Decline'],
  [604, 'Does Not Exist Anywhere'],
]);

/** `SIP 486 Busy Here`: a SIP status as a short technical detail. */
export function sipDetail(code: number): string {
  const reason = SIP_REASONS.get(code);
  return reason ? `SIP ${code} ${reason}` : `SIP ${code}`;
}

/** A number to dial: phone formatting (spaces, dots, dashes, parentheses) removed; SIP URIs kept. */
export function dialString(to: string): string | undefined {
  const t = to.trim();
  if (t === '') return undefined;
  if (/^[\d\s().+-]+$/.test(t)) {
    const digits = t.replace(/[\s().-]/g, '');
    return /^\+?\d+$/.test(digits) ? digits : undefined;
  }
  // Extensions with * or #, SIP URIs and user names go as typed, but never with whitespace inside.
  return /^[^\s<>"]+$/.test(t) ? t : undefined;
}

/** DTMF keys NEON sends. */
export const DTMF_KEYS = /^[0-9*#A-D]+$/;
