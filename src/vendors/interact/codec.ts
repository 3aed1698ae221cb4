/**
 * Dígitro Interact CTI codec: format-neutral wire types and the wire ⇄ domain mapping.
 *
 * Pure: no DOM, no timers, no sockets, no clock (time is passed in). The two frame formats live in
 * `codec-json.ts` and `codec-xml.ts`; both turn a text frame into the same plain `WireObject` shape
 * (XML scalars arrive as trimmed strings, JSON scalars as numbers/booleans/strings), and every mapper
 * here reads values through the normalising helpers (`str`, `num`, `bool`, `list`) so it never cares
 * which format produced them.
 *
 * Protocol reference: /work/shared/protocols/interact-cti.md (§3 envelope, §4 encoding, §5-§7 events,
 * §8 lists, §10 commands, §12 supervisor statistics).
 */
import type { DomainEvent, AgentReport, CallReport } from '../../domain/events.js';
import type {
  AgentPhase,
  CallDirection,
  CallState,
  Classification,
  CtiError,
  ErrorCode,
  Party,
  PauseReason,
  PauseTrigger,
  QueueStats,
  Timestamp,
} from '../../domain/model.js';
import { defined } from '../../domain/defined.js';

/* ------------------------------------------------------------------ wire */

export type InteractFormat = 'json' | 'xml';

/** A decoded wire value: what JSON.parse gives, or what the XML decoder builds (strings, lists, objects). */
export type WireValue = string | number | boolean | null | WireValue[] | WireObject;
export interface WireObject {
  [key: string]: WireValue;
}

/** The result of decoding one text frame. Decoders never throw. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** What a frame format (JSON or XML) must provide. Implemented by `codec-json.ts` and `codec-xml.ts`. */
export interface FrameFormat {
  readonly format: InteractFormat;
  /** Content-Type of request bodies in this format. */
  readonly contentType: string;
  /** Encode a request body (`{...}` / `<request>…</request>`). */
  encodeRequest(body: WireObject): string;
  /**
   * Decode a whole document: a response (`{response:{…}}` / `<response>…</response>`) or an SSE event
   * payload (`{…}` / bare fragment / `<data>…</data>`). Returns the top-level object.
   */
  decode(text: string, kind: 'response' | 'event'): Decoded<WireObject>;
}

/* ----------------------------------------------------------- normalising */

function isObject(v: unknown): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string, from a string, number or boolean; trimmed. `undefined` for absent/null/empty objects. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Longest numeric text read as a number (ids, counters, seconds, epoch milliseconds: the manual's longest is
 * a 13-digit timestamp). Longer text is not a number: a hostile 40,000-digit `channel_id` costs one length check.
 */
export const MAX_NUMBER_CHARS = 32;

/** A number, from a number or a numeric string (`" 38 "`). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    // Linear pattern: the integer and fraction digits are separated by a required `.` (the former
    // `\d+\.?\d*` could split a digit run two ways and backtracked quadratically: ~4.7 s for 40,000 digits).
    if (t === '' || t.length > MAX_NUMBER_CHARS || !/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return undefined;
    return Number(t);
  }
  return undefined;
}

/** A boolean, from a boolean, `"true"/"false"`, `1/0`. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes') return true;
    if (t === 'false' || t === '0' || t === 'no' || t === '') return false;
  }
  return undefined;
}

/** A list, from a list, a scalar (one item) or nothing (`[]`). */
export function list(v: unknown): WireValue[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null || v === '') return [];
  return [v as WireValue];
}

/** Objects of a list (non-objects dropped). */
export function objects(v: unknown): WireObject[] {
  return list(v).filter(isObject);
}

export function obj(v: unknown): WireObject | undefined {
  return isObject(v) ? v : undefined;
}

/** Text that says something: trimmed, `undefined` when absent or empty. */
export function text(v: unknown): string | undefined {
  return str(v) || undefined;
}

export { defined } from '../../domain/defined.js';

/**
 * `table[key]` for the table's own keys only. Wire names are server text: `constructor` or `__proto__` must
 * read as unknown, never as `Object.prototype`'s members.
 */
function own<V>(table: Readonly<Record<string, V>>, key: string | undefined): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `config/monitor`, `config\/monitor`, `config\monitor` → `config/monitor`. */
export function normaliseResource(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : s.replace(/\\\/?/g, '/');
}

/* ---------------------------------------------------------- event names */

/** Canonical names of every event the agent and supervisor monitors can send. */
const CANONICAL_NAMES = [
  'on_open_channel',
  'on_close_channel',
  'on_subscription_expire',
  'on_subscription_expire_warning',
  'on_server_state_change',
  'on_login',
  'on_logout',
  'on_agent_status',
  'on_state_change',
  'on_config_change',
  'on_queue_change',
  'on_call_receive',
  'on_call_accept',
  'on_call_generate',
  'on_call_release',
  'on_call_hold',
  'on_call_retrieve',
  'on_call_consultation',
  'on_call_transfer',
  'on_call_end',
  'on_call_record',
  'on_call_associated_data',
  'on_call_conference',
  'on_chat_message',
  'on_typing',
  'on_file_transfer',
  'on_video_action',
  'on_inactivity_timer',
  'on_change',
  'on_service_stats',
  'on_agent_stats',
  'on_alarm',
] as const;
export type CanonicalEvent = (typeof CANONICAL_NAMES)[number];

/** Spelling variants found in the manual (§5.10), mapped to the canonical name. */
export const EVENT_VARIANTS: Readonly<Record<string, CanonicalEvent>> = {
  open_channel: 'on_open_channel',
  close_channel: 'on_close_channel',
  on_change_state: 'on_state_change',
  on_stage_change: 'on_state_change',
  on_subscribe_expire: 'on_subscription_expire',
  on_subscribe_expire_warning: 'on_subscription_expire_warning',
};

const CANONICAL: ReadonlySet<string> = new Set(CANONICAL_NAMES);

/** Every event name a transport must listen to (canonical names plus every variant). */
export const ALL_EVENT_NAMES: readonly string[] = [...CANONICAL_NAMES, ...Object.keys(EVENT_VARIANTS)];

/** The canonical name of an event, or `undefined` for a name nobody documented. */
export function canonicalEventName(name: string): CanonicalEvent | undefined {
  const n = name.trim().toLowerCase();
  return CANONICAL.has(n) ? (n as CanonicalEvent) : own(EVENT_VARIANTS, n);
}

/** A heartbeat is an event-less `message` whose data is `{}` or empty (§5.8). */
export function isHeartbeatData(data: string): boolean {
  return /^\s*(\{\s*\}\s*)?$/.test(data);
}

/* ----------------------------------------------------------- agent state */

/**
 * Interact agent `state` (§6.5) → `AgentPhase`. The raw state is always kept as `detail`.
 *
 * ```
 * not_logged_in                         → logged-out
 * ready, ready_free                     → ready
 * ready_service, ready_private          → busy
 * pause, *_pause (custom_pause…)        → paused
 * fail_pause, *_fail_pause              → paused (failure, trigger system unless told)
 * invalid, unknown, anything else       → unknown
 * ```
 */
const PHASES: Readonly<Record<string, AgentPhase>> = {
  not_logged_in: 'logged-out',
  ready: 'ready',
  ready_free: 'ready',
  ready_service: 'busy',
  ready_private: 'busy',
  pause: 'paused',
};

export function phaseOfState(state: string | undefined): AgentPhase {
  return own(PHASES, state) ?? (state?.endsWith('_pause') ? 'paused' : 'unknown');
}

export function isFailurePause(state: string | undefined): boolean {
  return !!state && (state === 'fail_pause' || state.endsWith('_fail_pause'));
}

function trigger(v: unknown): PauseTrigger | undefined {
  const t = str(v)?.toLowerCase();
  return t === 'manual' || t === 'scheduled' || t === 'system' ? t : undefined;
}

/** Longest date-time text handed to `Date.parse` (`2024-05-02T10:11:12.345-03:00` is 29). */
const MAX_DATE_CHARS = 64;

/**
 * A wire date-time whose format the manual leaves open: a UNIX timestamp in seconds or
 * milliseconds, or anything `Date.parse` reads. `undefined` when unreadable.
 */
export function wireTime(v: unknown): Timestamp | undefined {
  const n = num(v);
  if (n !== undefined) return n < 1e12 ? n * 1000 : n;
  const s = str(v);
  if (!s || s.length > MAX_DATE_CHARS) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Agent common fields (§6.3) → `AgentReport`. `nameField` is `agent` on events and `name` in
 * `get_status` / `get_agents_list` entries.
 */
export function agentReport(w: WireObject, nameField: 'agent' | 'name' = 'agent'): AgentReport {
  const state = str(w['state']) ?? 'unknown';
  const phase = phaseOfState(state);
  const failure = isFailurePause(state);
  const pre = obj(w['pre_pause']);
  return defined({
    phase,
    detail: state,
    agentId: text(w[nameField]),
    extension: text(w['branch']),
    pause:
      phase === 'paused'
        ? defined({
            reasonId: str(w['state_id']) ?? state,
            // Seed §6.3: `pause_name` is sent only for a registered pause (`custom_pause`). Without it the pause has
            // no name: never the state code ("pause", "timeout_fail_pause") in its place (the UI names the state).
            reasonName: str(w['pause_name']) ?? '',
            trigger: trigger(w['pause_trigger']) ?? (failure ? 'system' : undefined),
            failure: failure || undefined,
            endsAt: wireTime(w['pause_timeout']),
          })
        : undefined,
    pendingPause:
      pre && (str(pre['id']) || str(pre['name']))
        ? defined({ reasonId: str(pre['id']) ?? '', reasonName: str(pre['name']) ?? '', trigger: trigger(pre['trigger']) })
        : undefined,
    changedBy: text(w['state_changed_by']),
  });
}

/* ------------------------------------------------------------------ call */

const PERMISSIONS = new Set(['consult', 'transfer', 'conference']);

/** Call id normalised: trimmed (the manual's JSON example has a trailing space, L6534). */
export const callId = text;

/** `interlocutor` → parties; a conference lists participants comma-separated (L1411). */
export function parties(v: unknown): Party[] {
  const s = str(v);
  if (!s) return [];
  return s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((number) => ({ number }));
}

/** Key under which `associated_data` appears in `Call.data`. */
export const ASSOCIATED_DATA_KEY = 'associated_data';

/**
 * `call_state` conference, `call_source` internal/external conference (with `_` or a space, A-24), or more than one
 * participant: "Em conferências, esse atributo traz uma lista de interlocutores separados por vírgula" (L1411), the
 * only mark the manual promises (which `call_state` goes with which event is not said, A-35).
 */
export function isConferenceLeg(w: WireObject): boolean {
  return str(w['call_state']) === 'conference' || /conference$/.test(str(w['call_source']) ?? '') || parties(w['interlocutor']).length > 1;
}

/** Agent detail while the state after a login is not known yet (the login answer carries none). */
export const LOGIN_PENDING = 'login-pending';

/** Only voice calls reach the domain: the widget is a voice phone (chat/e-mail are ignored). */
export function isVoice(w: WireObject): boolean {
  const m = str(w['media_type']);
  return !m || m.toLowerCase() === 'voice';
}

/** Call common fields (§6.4) → `CallReport` (undefined without a `call_id`). */
export function callReport(w: WireObject, defaultDirection?: CallDirection): CallReport | undefined {
  const id = callId(w['call_id']);
  if (!id) return undefined;
  const type = str(w['call_type']);
  const remote = parties(w['interlocutor']);
  const data = text(w['associated_data']);
  return defined({
    id,
    direction: type === 'inbound' || type === 'outbound' ? type : type === 'unknown' ? (defaultDirection ?? 'unknown') : defaultDirection,
    remote: remote.length ? remote : undefined,
    service: text(w['service']),
    mustAccept: bool(w['must_accept']),
    permissions:
      w['permissions'] === undefined
        ? undefined
        : list(w['permissions'])
            .map(str)
            .filter((p): p is 'consult' | 'transfer' | 'conference' => !!p && PERMISSIONS.has(p)),
    data: data ? { [ASSOCIATED_DATA_KEY]: data } : undefined,
    consultationId: callId(w['consultation_call_id']),
    conferenceOwner: text(w['owner']),
    detail: text(w['call_state']),
    durationSeconds: num(w['duration']),
  });
}

/* ---------------------------------------------------------------- lists */

/** `get_pause_type_list` → pause reasons (`partial` minutes per entry; 0 = no limit). */
export function pauseReasons(body: WireObject): PauseReason[] {
  return listed(body['pauses'], (p, id) => ({ id, name: str(p['pause']) ?? str(p['name']) ?? id, maxMinutes: num(p['partial']) || undefined }));
}

/** `get_classification_list` → classifications (list key is singular `classification`, L2625). */
export function classifications(body: WireObject): Classification[] {
  return listed(body['classification'] ?? body['classifications'], (c, id) => ({ id, name: str(c['name']) ?? id, scope: text(c['scope']) }));
}

/** The entries of a list that have an `id`, each read by `read` (its `undefined` fields dropped). */
function listed<T extends object>(v: unknown, read: (entry: WireObject, id: string) => T): T[] {
  const out: T[] = [];
  for (const entry of objects(v)) {
    const id = text(entry['id']);
    if (id) out.push(defined(read(entry, id)));
  }
  return out;
}

/* ---------------------------------------------------------------- errors */

export function ctiError(code: ErrorCode, at: Timestamp, extra: Omit<CtiError, 'code' | 'at'> = {}): CtiError {
  return { code, at, ...extra };
}

/** Every documented `error_type` (§3.2) → `ErrorCode`; `command_failed` and anything else: `command-failed`. */
const ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  empty_data: 'missing-data',
  missing_data: 'missing-data',
  invalid_data: 'bad-request',
  not_found: 'not-found',
  command_denied: 'command-denied',
  no_license: 'no-license',
  duplicated_number: 'duplicated-number',
  invalid_item: 'invalid-item',
  unsafe_request: 'rate-limited',
};

export function errorCodeOf(errorType: string, command?: string): ErrorCode {
  const type = errorType.trim().toLowerCase().replace(/\s+/g, '_');
  return own(ERROR_CODES, type) ?? (type === 'command_failed' && command === 'login' ? 'auth-failed' : 'command-failed');
}

/** HTTP status → `ErrorCode` for non-200 answers (§2). */
export function errorCodeOfStatus(status: number): ErrorCode {
  if (status === 400) return 'bad-request';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 503) return 'server-unavailable';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server-unavailable';
  return 'bad-request';
}

/** `error_items` / `error_itens` → `agents: a, b; services: c`. */
export function describeErrorItems(v: unknown): string | undefined {
  const items = obj(v);
  if (!items) return undefined;
  const parts: string[] = [];
  for (const [k, val] of Object.entries(items)) {
    const names = list(val)
      .map((x) => (isObject(x) ? (str(x['member']) ?? str(x['name']) ?? '') : (str(x) ?? '')))
      .filter((x) => x !== '');
    parts.push(`${k}: ${names.join(', ')}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * A decoded response: the inner `response` object on success, a `CtiError` otherwise. An error of ours (not the
 * server's words) has a code as detail and its sentence in `why`, for the log.
 */
export type ResponseResult = { readonly ok: true; readonly body: WireObject } | { readonly ok: false; readonly error: CtiError; readonly why?: string };

/** Longest server text kept in an error detail. */
const MAX_DETAIL = 300;

/**
 * Longest response body or SSE event data decoded, in characters. The seed's largest examples (an
 * `on_agent_stats` list) are ~1.3 KB; 256 KiB (NEON's frame cap too) leaves ~200× room for big teams, and
 * bounds what one frame can cost the hub (a megabyte of XML took up to a second).
 */
export const MAX_FRAME_CHARS = 256 * 1024;

/** The typed error for a body or event past `MAX_FRAME_CHARS` (nothing of it is parsed): detail `too-long`. */
export function frameTooLarge(operation: string, at: Timestamp, httpStatus?: number): CtiError {
  return ctiError('malformed-frame', at, defined({ operation, httpStatus, detail: 'too-long' }));
}

/** `frameTooLarge`'s sentence, for the log. */
export const tooLargeWhy = (what: string): string => `${what} longer than ${MAX_FRAME_CHARS} characters`;

function clip(s: string): string {
  const t = s.trim();
  return t.length > MAX_DETAIL ? `${t.slice(0, MAX_DETAIL)}…` : t;
}

/**
 * Interpret one HTTP answer: status + body text → the `response` object or a `CtiError`.
 * Never throws. A 400's body is the server's parser position text (§2) and becomes the detail.
 */
export function interpretResponse(
  fmt: FrameFormat,
  command: string,
  httpStatus: number,
  text: string,
  at: Timestamp,
): ResponseResult {
  const fail = (code: ErrorCode, extra: Partial<CtiError>, why?: string): ResponseResult =>
    defined({ ok: false as const, error: ctiError(code, at, defined({ operation: command, httpStatus, ...extra })), why });
  if (httpStatus !== 200) return fail(errorCodeOfStatus(httpStatus), { detail: text.trim() ? clip(text) : undefined });
  if (text.length > MAX_FRAME_CHARS) return { ok: false, error: frameTooLarge(command, at, httpStatus), why: tooLargeWhy('response body') };
  const decoded = fmt.decode(text, 'response');
  if (!decoded.ok) return fail('malformed-frame', { detail: UNPARSABLE }, decoded.reason);
  // Some responses are unwrapped (§4); treat the document itself as the body then.
  const body = obj(decoded.value['response']) ?? decoded.value;
  const status = str(body['status'])?.toLowerCase();
  if (status === 'error') {
    const errorType = str(body['error_type']) ?? '';
    const detail = [str(body['error_msg']), describeErrorItems(body['error_items'] ?? body['error_itens'])].filter((x) => !!x).join(' — ');
    return fail(errorCodeOf(errorType, command), { vendorCode: errorType || undefined, detail: detail ? clip(detail) : undefined });
  }
  if (status !== undefined && status !== 'ok') return fail('malformed-frame', { detail: 'unexpected-status' }, `unexpected status ${clip(status)}`);
  return { ok: true, body };
}

/* ---------------------------------------------------------------- events */

/** What one SSE frame means, once decoded and mapped. */
export type WireEvent =
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'channel-open'; readonly channelId?: number }
  | { readonly kind: 'channel-close'; readonly channelId?: number }
  | { readonly kind: 'subscription-expire'; readonly id?: number; readonly channelId?: number }
  | { readonly kind: 'subscription-expire-warning'; readonly id?: number; readonly channelId?: number }
  | { readonly kind: 'server-state'; readonly connected: boolean }
  /** Agent-monitor events for one agent, already mapped. */
  | { readonly kind: 'agent'; readonly name: CanonicalEvent; readonly agent?: string; readonly events: readonly DomainEvent[]; readonly fields?: AgentReport }
  /** Supervisor statistics, for the queue aggregator. */
  | { readonly kind: 'service-stats'; readonly services: readonly ServiceStatsEntry[] }
  | { readonly kind: 'agent-stats'; readonly agents: readonly AgentStatsEntry[] }
  /** Understood but not used by a voice widget (chat, alarms, recordings...). */
  | { readonly kind: 'ignored'; readonly name: string }
  /** A frame that cannot be used: `why` is the sentence for the log (the error's detail is a code or the server's word). */
  | { readonly kind: 'error'; readonly error: CtiError; readonly why?: string };

/** The `malformed-frame` detail of a body or event data the format cannot parse (the parser's words go to the log). */
export const UNPARSABLE = 'unparsable';

/** Context the event mapper needs: who we are, and when it is. */
export interface EventContext {
  /** Our agent's login name (transfers: does the call stay with us?). */
  readonly agent: string;
  readonly now: Timestamp;
}

/** Decode and map one SSE frame. Never throws: bad frames become `kind: 'error'`. */
export function decodeEvent(fmt: FrameFormat, eventName: string, data: string, ctx: EventContext): WireEvent {
  try {
    return decodeEventUnsafe(fmt, eventName, data, ctx);
  } catch (e) {
    return frameError('malformed-frame', ctx.now, 'event', 'mapping-failed', `${clip(eventName)}: ${String(e)}`);
  }
}

/** A frame that cannot be used: the typed error (`detail` a code or the server's word), `why` its sentence for the log. */
function frameError(code: ErrorCode, at: Timestamp, operation: string, detail: string, why?: string): WireEvent {
  return defined({ kind: 'error', error: ctiError(code, at, { operation, detail }), why });
}

function decodeEventUnsafe(fmt: FrameFormat, eventName: string, data: string, ctx: EventContext): WireEvent {
  const heartbeat = isHeartbeatData(data);
  if (eventName === 'message' || eventName === '') {
    return heartbeat ? { kind: 'heartbeat' } : frameError('unknown-event', ctx.now, 'event', 'unnamed', 'unnamed event with data');
  }
  const name = canonicalEventName(eventName);
  if (!name) return frameError('unknown-event', ctx.now, 'event', clip(eventName));
  if (data.length > MAX_FRAME_CHARS) return { kind: 'error', error: frameTooLarge(name, ctx.now), why: tooLargeWhy('event data') };
  const decoded = heartbeat ? ({ ok: true, value: {} } as const) : fmt.decode(data, 'event');
  return decoded.ok ? mapEvent(name, decoded.value, ctx) : frameError('malformed-frame', ctx.now, name, UNPARSABLE, decoded.reason);
}

/** Events a voice widget understands and does not use (chat, alarms, recordings...). */
const IGNORED: ReadonlySet<string> = new Set([
  'on_alarm',
  'on_change',
  'on_call_record',
  'on_chat_message',
  'on_typing',
  'on_file_transfer',
  'on_video_action',
  'on_inactivity_timer',
]);

/** Call events whose only content is the call, by the domain event they become. */
const CALL_EVENTS = {
  on_call_generate: 'call-dialing',
  on_call_accept: 'call-answered',
  on_call_hold: 'call-held',
  on_call_retrieve: 'call-retrieved',
  on_call_conference: 'call-conference',
} as const;

/** Map one decoded event payload. */
export function mapEvent(name: CanonicalEvent, w: WireObject, ctx: EventContext): WireEvent {
  const channelId = num(w['channel_id']);
  switch (name) {
    case 'on_open_channel':
    case 'on_close_channel':
      return defined({ kind: name === 'on_open_channel' ? 'channel-open' : 'channel-close', channelId });
    case 'on_subscription_expire':
    case 'on_subscription_expire_warning':
      return defined({ kind: name === 'on_subscription_expire' ? 'subscription-expire' : 'subscription-expire-warning', id: num(w['id']), channelId });
    case 'on_server_state_change':
      return { kind: 'server-state', connected: str(w['state'])?.toLowerCase() !== 'disconnected' };
    case 'on_service_stats':
      return { kind: 'service-stats', services: serviceStats(w) };
    case 'on_agent_stats':
      return { kind: 'agent-stats', agents: agentStats(w) };
    default:
      return IGNORED.has(name) || (name.startsWith('on_call_') && !isVoice(w)) ? { kind: 'ignored', name } : mapAgentEvent(name, w, ctx);
  }
}

function mapAgentEvent(name: CanonicalEvent, w: WireObject, ctx: EventContext): WireEvent {
  const agent = text(w['agent']);
  const report = agentReport(w);
  const state = w['state'] !== undefined && report;
  // Every operational event carries the agent's fields (L1277-1279): a call event's are `fields` (agent.ts).
  const mapped = (...events: (DomainEvent | false)[]): WireEvent =>
    defined({ kind: 'agent', name, agent, events: events.filter((e): e is DomainEvent => !!e), fields: (name.startsWith('on_call_') && state) || undefined });
  const missingCall = frameError('malformed-frame', ctx.now, name, 'call_id', 'event without call_id');
  switch (name) {
    case 'on_login': {
      // The reported state goes first: a bare `logged-in` would read as "ready" until the state came.
      // Without a state (A-34: no payload of its own is documented) the state is unknown until asked.
      return mapped(
        { type: 'agent', agent: state ? report : { ...report, phase: 'unknown', detail: LOGIN_PENDING } },
        defined<DomainEvent>({ type: 'logged-in', agentId: report.agentId ?? ctx.agent, extension: report.extension }),
      );
    }
    case 'on_logout':
      return mapped({ type: 'logged-out' }, state && { type: 'agent', agent: state });
    case 'on_agent_status':
      return mapped(snapshotFrom(w, 'agent'));
    case 'on_state_change':
    case 'on_config_change':
      return mapped(state && { type: 'agent', agent: state });
    case 'on_queue_change': {
      const queues: Partial<QueueStats>[] = [];
      for (const q of objects(w['queues'])) {
        const id = text(q['service']);
        if (id) queues.push(defined({ id, name: id, waiting: num(q['length'] ?? q['lenght']), updatedAt: ctx.now }));
      }
      return mapped(queues.length > 0 && { type: 'queues', queues });
    }
    case 'on_call_transfer': {
      const previousId = callId(w['previous_call_id']) ?? callId(w['call_id']);
      if (!previousId) return missingCall;
      const to = text(w['transfer_to']);
      const stays = to?.toLowerCase() === ctx.agent.toLowerCase();
      // Transferred to us: the new call is "encaminhada para um agente" and comes in its own on_call_receive
      // (L1259), ringing, to be accepted when it must be; this event alone does not make it a talking call.
      return mapped(defined<DomainEvent>({ type: 'call-transferred', previousId, call: stays ? undefined : callReport(w), stays, to }));
    }
  }
  // Call events with call fields.
  const call = callReport(w, name === 'on_call_generate' ? 'outbound' : name === 'on_call_receive' ? 'inbound' : undefined);
  if (!call) return missingCall;
  const simple = own(CALL_EVENTS, name);
  if (simple) return mapped({ type: simple, call });
  switch (name) {
    case 'on_call_receive':
      // A conference is announced as a new call id (L4394): it is the conference, not a ringing call.
      return mapped(
        isConferenceLeg(w)
          ? { type: 'call-conference', call: { ...call, mustAccept: false } }
          : { type: 'call-offered', call: { ...call, mustAccept: call.mustAccept ?? false } },
      );
    case 'on_call_consultation':
      return mapped(
        defined<DomainEvent>({
          type: 'call-consulting',
          call,
          consultation: call.consultationId ? { id: call.consultationId, direction: 'outbound', consultationOf: call.id } : undefined,
        }),
      );
    case 'on_call_release':
      return mapped(
        defined<DomainEvent>({
          type: 'call-released',
          callId: call.id,
          mustClassify: bool(w['must_classify']),
          classifySeconds: num(w['classification_time']),
          wrapUpSeconds: num(w['after_call_work_time']),
        }),
      );
    case 'on_call_end':
      return mapped({ type: 'call-ended', callId: call.id });
    case 'on_call_associated_data':
      return mapped({ type: 'call-data', callId: call.id, data: call.data ?? { [ASSOCIATED_DATA_KEY]: '' } });
    default:
      return { kind: 'ignored', name };
  }
}

/**
 * `on_agent_status` / a `get_status` agent entry → the authoritative `snapshot` (replaces agent and calls).
 * Only voice calls are kept. When every call is in wrap-up the phase is `after-call`.
 */
export function snapshotFrom(w: WireObject, nameField: 'agent' | 'name'): Extract<DomainEvent, { type: 'snapshot' }> {
  let agent = agentReport(w, nameField);
  const calls: CallReport[] = [];
  // The calls carry no `must_accept` (L3955-3972, L1853-1877): a ringing call must be accepted when the voice device's
  // `handle_mode` is manual ("atendimento que requer aceite do agente", L1937, L4132).
  const manual = objects(w['devices']).some((d) => isVoice(d) && str(d['handle_mode'])?.toLowerCase() === 'manual');
  for (const c of objects(w['calls'])) {
    if (!isVoice(c)) continue;
    const r = callReport(c);
    if (!r) continue;
    const state = callStateOf(r.detail, r.direction);
    calls.push(state ? { ...r, state, ...(state === 'ringing' && manual && r.mustAccept === undefined ? { mustAccept: true } : {}) } : r);
  }
  if (agent.phase === 'busy' && calls.length > 0 && calls.every((c) => c.detail === 'after_call' || c.detail === 'classifying')) {
    agent = { ...agent, phase: 'after-call' };
  }
  // Consultations: mark the consultation's back-reference when both calls are present.
  const byId = new Map(calls.map((c) => [c.id, c]));
  for (const c of calls) {
    if (c.consultationId && byId.has(c.consultationId)) {
      const k = byId.get(c.consultationId)!;
      byId.set(k.id, { ...k, consultationOf: c.id });
    }
  }
  return { type: 'snapshot', agent, calls: calls.map((c) => byId.get(c.id)!) };
}

/**
 * Interact `call_state` (§6.5) → `CallState`, for snapshots (A-35: events do not say which state they
 * carry, so live events use the event name instead). `calling` is read as the far end ringing: dialing
 * for an outbound call, ringing for an inbound one. Unknown values are left out (the store assumes active).
 */
export function callStateOf(callState: string | undefined, direction: CallDirection | undefined): CallState | undefined {
  return callState === 'calling' ? (direction === 'inbound' ? 'ringing' : 'dialing') : own(CALL_STATES, callState);
}

const CALL_STATES: Readonly<Record<string, CallState>> = {
  dialing: 'dialing',
  ringing: 'ringing',
  waiting_authorization: 'ringing',
  busy: 'active',
  authorized: 'active',
  held: 'held',
  conference: 'conference',
  after_call: 'wrap-up',
  classifying: 'wrap-up',
};

/** `get_status` response body → snapshot for `agent`; `undefined` when the answer does not list it. */
export function snapshotFromStatus(body: WireObject, agent: string): Extract<DomainEvent, { type: 'snapshot' }> | undefined {
  const entries = objects(body['agents']);
  // The one entry of an answer asked for us (`agent=`, L3936) is ours when it names no one (no `name`, L4008's
  // `<name>…</agent>`); one naming another agent is not.
  const mine = entries.find((a) => str(a['name'])?.toLowerCase() === agent.toLowerCase()) ?? (entries.length === 1 && !text(entries[0]!['name']) ? entries[0] : undefined);
  // Nothing about us (no `agents`, an empty list, other agents only): nothing to report, not "logged out".
  if (!mine) return undefined;
  return snapshotFrom(mine, 'name');
}

/* ------------------------------------------------- supervisor statistics */

/** One service of `on_service_stats` (voice figures only; only changed variables are present). */
export interface ServiceStatsEntry {
  readonly name: string;
  readonly waiting?: number;
  readonly longestWaitSeconds?: number;
  readonly handled?: number;
  readonly abandoned?: number;
  readonly handling?: number;
  readonly queued?: number;
  readonly received?: number;
}

/** One entry of an agent's `states_details` (cumulative counters since the statistics started). */
export interface AgentStateDetail {
  readonly id: string;
  readonly name: string;
  readonly times: number;
  readonly totalTime: number;
}

/** One agent of `on_agent_stats`, reduced to what the queue view needs. */
export interface AgentStatsEntry {
  readonly name: string;
  /** `states_details`, when this update carries it. */
  readonly states?: readonly AgentStateDetail[];
  /** Calls in progress (`calls_details` / `call_details`), when this update carries it. */
  readonly calls?: number;
  /** Services the agent's statistics are reported for. */
  readonly services: readonly string[];
}

function voiceStats(stats: unknown): WireObject | undefined {
  const all = objects(stats);
  return all.find((s) => str(s['media_type'])?.toLowerCase() === 'voice') ?? all.find((s) => s['media_type'] === undefined);
}

/** The voice statistics the queue view subscribes to (§12.1 `service_stats`), by the entry's field they fill. */
const STAT_FIELDS = {
  waiting: 'waiting',
  handling: 'handling',
  handled: 'handled',
  abandoned: 'abandoned',
  longest_queue_time: 'longestWaitSeconds',
  queued: 'queued',
  received: 'received',
} as const satisfies Record<string, keyof ServiceStatsEntry>;

export function serviceStats(w: WireObject): ServiceStatsEntry[] {
  const out: ServiceStatsEntry[] = [];
  for (const s of objects(w['services'])) {
    const name = text(s['name']);
    if (!name) continue;
    const v = voiceStats(s['stats']) ?? {};
    const entry: Record<string, number | string | undefined> = { name };
    for (const [wire, key] of Object.entries(STAT_FIELDS)) entry[key] = num(v[wire]);
    out.push(defined(entry) as unknown as ServiceStatsEntry);
  }
  return out;
}

export function agentStats(w: WireObject): AgentStatsEntry[] {
  const out: AgentStatsEntry[] = [];
  for (const a of objects(w['agents'])) {
    const name = text(a['name']);
    if (!name) continue;
    const states = a['states_details'];
    const calls = a['calls_details'] !== undefined ? a['calls_details'] : a['call_details'];
    out.push(
      defined({
        name,
        states:
          states === undefined
            ? undefined
            : objects(states).map((s) => ({
                id: str(s['id']) ?? '',
                name: str(s['name']) ?? '',
                times: num(s['times']) ?? 0,
                totalTime: num(s['total_time']) ?? 0,
              })),
        calls: calls === undefined ? undefined : objects(calls).length,
        services: objects(a['services'])
          .map((s) => text(s['name']))
          .filter((s): s is string => !!s),
      }),
    );
  }
  return out;
}

type AgentStatus = 'ready' | 'busy' | 'paused' | 'logged-out';

function statusOfState(name: string): AgentStatus | undefined {
  const p = phaseOfState(name);
  return p === 'unknown' || p === 'after-call' ? undefined : p;
}

/**
 * The agent's current status from cumulative `states_details` (§12.2, A-30): the counters of the
 * current state are the ones that grow, so the current state is the one whose `times` went up since
 * the previous update (entered again), else the one whose `total_time` went up. With no previous
 * update, only a single listed state is conclusive.
 */
export function currentState(prev: readonly AgentStateDetail[] | undefined, next: readonly AgentStateDetail[]): string | undefined {
  if (!prev) return next.length === 1 ? next[0]!.name : undefined;
  const before = new Map(prev.map((s) => [`${s.id}|${s.name}`, s]));
  let entered: AgentStateDetail | undefined;
  let grew: AgentStateDetail | undefined;
  let growth = 0;
  for (const s of next) {
    const b = before.get(`${s.id}|${s.name}`);
    if (!b ? s.times > 0 : s.times > b.times) entered = s;
    const g = s.totalTime - (b?.totalTime ?? 0);
    if (g > growth) {
      growth = g;
      grew = s;
    }
  }
  return (entered ?? grew)?.name;
}

/**
 * Folds supervisor statistics into `queues` domain events. Pure state, no timers.
 * Keeps per-agent status and service membership so it can count agents ready/busy/paused per service
 * (only for services the server reported the agent's statistics for). Every statistics event is reported, a
 * recount that changes nothing included (each `on_agent_stats` recounts its services): the session store keeps a
 * queue whose figures repeat, and its updatedAt, so a repeat reaches no tab (`unlessRepeat`, session-store.ts).
 */
export class QueueAggregator {
  #agents = new Map<string, { status?: AgentStatus; states?: readonly AgentStateDetail[]; services: Set<string> }>();

  serviceStats(entries: readonly ServiceStatsEntry[], now: Timestamp): DomainEvent | undefined {
    const queues: Partial<QueueStats>[] = entries.map((e) =>
      defined({
        id: e.name,
        name: e.name,
        waiting: e.waiting ?? e.queued,
        longestWaitSeconds: e.longestWaitSeconds,
        handled: e.handled,
        abandoned: e.abandoned,
        ...this.#counts(e.name),
        updatedAt: now,
      }),
    );
    return queueEvent(queues);
  }

  agentStats(entries: readonly AgentStatsEntry[], now: Timestamp): DomainEvent | undefined {
    const touched = new Set<string>();
    for (const e of entries) {
      const cur = this.#agents.get(e.name) ?? { services: new Set<string>() };
      if (e.states) {
        const state = currentState(cur.states, e.states);
        const status = state !== undefined ? statusOfState(state) : undefined;
        if (status) cur.status = status;
        cur.states = e.states;
      }
      if (e.calls !== undefined && e.calls > 0) cur.status = 'busy';
      for (const s of e.services) cur.services.add(s);
      for (const s of cur.services) touched.add(s);
      this.#agents.set(e.name, cur);
    }
    const queues: Partial<QueueStats>[] = [];
    for (const s of touched) {
      queues.push({ id: s, name: s, ...this.#counts(s), updatedAt: now });
    }
    return queueEvent(queues);
  }

  #counts(service: string): Pick<QueueStats, 'agentsReady' | 'agentsBusy' | 'agentsPaused'> | Record<string, never> {
    let ready = 0;
    let busy = 0;
    let paused = 0;
    let known = false;
    for (const a of this.#agents.values()) {
      if (!a.services.has(service)) continue;
      known = true;
      if (a.status === 'ready') ready++;
      else if (a.status === 'busy') busy++;
      else if (a.status === 'paused') paused++;
    }
    return known ? { agentsReady: ready, agentsBusy: busy, agentsPaused: paused } : {};
  }
}

const queueEvent = (queues: Partial<QueueStats>[]): DomainEvent | undefined => (queues.length ? { type: 'queues', queues } : undefined);

/* --------------------------------------------------------------- requests */

/** Subscription body for the agent monitor (§19.1 step 3). */
export function agentSubscription(opts: { agent: string; channelId: number; expires: number; id?: number }): WireObject {
  return {
    subscription: {
      ...(opts.id !== undefined ? { id: opts.id } : {}),
      agents: [opts.agent],
      expires: opts.expires,
      channel_id: opts.channelId,
      agent_control: true,
    },
  };
}

/** Subscription body for the supervisor monitor (§12.1). */
export function supervisorSubscription(opts: { channelId: number; expires: number; updateInterval: number; id?: number }): WireObject {
  return {
    subscription: {
      ...(opts.id !== undefined ? { id: opts.id } : {}),
      agents: 'all',
      services: 'all',
      events: ['on_service_stats', 'on_agent_stats'],
      service_stats: Object.keys(STAT_FIELDS),
      // `total` is a general (cheap) variable; it makes the server list the agent's services, which is
      // how the queue view learns which agents belong to which service.
      agent_stats: ['states_details', 'total'],
      expires: opts.expires,
      update_interval: Math.min(60, Math.max(5, Math.round(opts.updateInterval))),
      channel_id: opts.channelId,
    },
  };
}

/** UTF-8 byte length (for the 100-byte `call_associate_data` limit). */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}
