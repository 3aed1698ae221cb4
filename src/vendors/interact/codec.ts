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
  PauseInfo,
  PauseReason,
  PauseTrigger,
  QueueStats,
  Timestamp,
} from '../../domain/model.js';

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

/** `config/monitor`, `config\/monitor`, `config\monitor` → `config/monitor`. */
export function normaliseResource(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : s.replace(/\\\/?/g, '/');
}

/* ---------------------------------------------------------- event names */

/** Canonical names of every event the agent and supervisor monitors can send. */
export const CanonicalEvent = {
  OpenChannel: 'on_open_channel',
  CloseChannel: 'on_close_channel',
  SubscriptionExpire: 'on_subscription_expire',
  SubscriptionExpireWarning: 'on_subscription_expire_warning',
  ServerStateChange: 'on_server_state_change',
  Login: 'on_login',
  Logout: 'on_logout',
  AgentStatus: 'on_agent_status',
  StateChange: 'on_state_change',
  ConfigChange: 'on_config_change',
  QueueChange: 'on_queue_change',
  CallReceive: 'on_call_receive',
  CallAccept: 'on_call_accept',
  CallGenerate: 'on_call_generate',
  CallRelease: 'on_call_release',
  CallHold: 'on_call_hold',
  CallRetrieve: 'on_call_retrieve',
  CallConsultation: 'on_call_consultation',
  CallTransfer: 'on_call_transfer',
  CallEnd: 'on_call_end',
  CallRecord: 'on_call_record',
  CallAssociatedData: 'on_call_associated_data',
  CallConference: 'on_call_conference',
  ChatMessage: 'on_chat_message',
  Typing: 'on_typing',
  FileTransfer: 'on_file_transfer',
  VideoAction: 'on_video_action',
  InactivityTimer: 'on_inactivity_timer',
  Change: 'on_change',
  ServiceStats: 'on_service_stats',
  AgentStats: 'on_agent_stats',
  Alarm: 'on_alarm',
} as const;
export type CanonicalEvent = (typeof CanonicalEvent)[keyof typeof CanonicalEvent];

/** Spelling variants found in the manual (§5.10), mapped to the canonical name. */
export const EVENT_VARIANTS: Readonly<Record<string, CanonicalEvent>> = {
  open_channel: CanonicalEvent.OpenChannel,
  close_channel: CanonicalEvent.CloseChannel,
  on_change_state: CanonicalEvent.StateChange,
  on_stage_change: CanonicalEvent.StateChange,
  on_subscribe_expire: CanonicalEvent.SubscriptionExpire,
  on_subscribe_expire_warning: CanonicalEvent.SubscriptionExpireWarning,
};

const CANONICAL: ReadonlySet<string> = new Set(Object.values(CanonicalEvent));

/** Every event name a transport must listen to (canonical names plus every variant). */
export const ALL_EVENT_NAMES: readonly string[] = [...CANONICAL, ...Object.keys(EVENT_VARIANTS)];

/** The canonical name of an event, or `undefined` for a name nobody documented. */
export function canonicalEventName(name: string): CanonicalEvent | undefined {
  const n = name.trim().toLowerCase();
  if (CANONICAL.has(n)) return n as CanonicalEvent;
  return EVENT_VARIANTS[n];
}

/** A heartbeat is an event-less `message` whose data is `{}` or empty (§5.8). */
export function isHeartbeatData(data: string): boolean {
  const t = data.trim();
  return t === '' || t === '{}' || /^\{\s*\}$/.test(t);
}

/* ----------------------------------------------------------- agent state */

/**
 * Interact agent `state` (§6.5) → `AgentPhase`. The raw state is always kept as `detail`.
 *
 * ```
 * not_logged_in                         → logged-out
 * ready, ready_free                     → ready
 * ready_service, ready_private          → busy
 * pause, custom_pause                   → paused
 * fail_pause, *_fail_pause              → paused (failure, trigger system unless told)
 * invalid, unknown, anything else       → unknown
 * ```
 */
export function phaseOfState(state: string | undefined): AgentPhase {
  switch (state) {
    case 'not_logged_in':
      return 'logged-out';
    case 'ready':
    case 'ready_free':
      return 'ready';
    case 'ready_service':
    case 'ready_private':
      return 'busy';
    case 'pause':
    case 'custom_pause':
      return 'paused';
    default:
      if (state && (state === 'fail_pause' || state.endsWith('_fail_pause') || state.endsWith('_pause'))) return 'paused';
      return 'unknown';
  }
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
  const stateId = str(w['state_id']);
  let pause: PauseInfo | undefined;
  if (phase === 'paused') {
    const failure = isFailurePause(state);
    const trig = trigger(w['pause_trigger']) ?? (failure ? 'system' : undefined);
    const endsAt = wireTime(w['pause_timeout']);
    pause = {
      reasonId: stateId ?? state,
      // Seed §6.3: `pause_name` is sent only for a registered pause (`custom_pause`). Without it the pause has
      // no name: never the state code ("pause", "timeout_fail_pause") in its place (the UI names the state).
      reasonName: str(w['pause_name']) ?? '',
      ...(trig ? { trigger: trig } : {}),
      ...(failure ? { failure } : {}),
      ...(endsAt !== undefined ? { endsAt } : {}),
    };
  }
  let pendingPause: PauseInfo | undefined;
  const pre = obj(w['pre_pause']);
  if (pre && (str(pre['id']) || str(pre['name']))) {
    const trig = trigger(pre['trigger']);
    pendingPause = {
      reasonId: str(pre['id']) ?? '',
      reasonName: str(pre['name']) ?? '',
      ...(trig ? { trigger: trig } : {}),
    };
  }
  const agentId = str(w[nameField]);
  const extension = str(w['branch']);
  const changedBy = str(w['state_changed_by']);
  return {
    phase,
    detail: state,
    ...(agentId ? { agentId } : {}),
    ...(extension ? { extension } : {}),
    ...(pause ? { pause } : {}),
    ...(pendingPause ? { pendingPause } : {}),
    ...(changedBy ? { changedBy } : {}),
  };
}

/* ------------------------------------------------------------------ call */

const PERMISSIONS = new Set(['consult', 'transfer', 'conference']);

/** Call id normalised: trimmed (the manual's JSON example has a trailing space, L6534). */
export function callId(v: unknown): string | undefined {
  const s = str(v);
  return s ? s : undefined;
}

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

/** `call_state` conference or `call_source` internal/external conference (with `_` or a space, A-24). */
export function isConferenceLeg(w: WireObject): boolean {
  return str(w['call_state']) === 'conference' || /conference$/.test(str(w['call_source']) ?? '');
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
  const direction: CallDirection | undefined =
    type === 'inbound' || type === 'outbound' ? type : type === 'unknown' ? (defaultDirection ?? 'unknown') : defaultDirection;
  const remote = parties(w['interlocutor']);
  const service = str(w['service']);
  const perms = list(w['permissions'])
    .map((p) => str(p))
    .filter((p): p is 'consult' | 'transfer' | 'conference' => !!p && PERMISSIONS.has(p));
  const hasPerms = w['permissions'] !== undefined;
  const data = str(w['associated_data']);
  const consultationId = callId(w['consultation_call_id']);
  const owner = str(w['owner']);
  const detail = str(w['call_state']);
  const duration = num(w['duration']);
  const mustAccept = bool(w['must_accept']);
  return {
    id,
    ...(direction ? { direction } : {}),
    ...(remote.length ? { remote } : {}),
    ...(service ? { service } : {}),
    ...(mustAccept !== undefined ? { mustAccept } : {}),
    ...(hasPerms ? { permissions: perms } : {}),
    ...(data ? { data: { [ASSOCIATED_DATA_KEY]: data } } : {}),
    ...(consultationId ? { consultationId } : {}),
    ...(owner ? { conferenceOwner: owner } : {}),
    ...(detail ? { detail } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
  };
}

/* ---------------------------------------------------------------- lists */

/** `get_pause_type_list` → pause reasons (`partial` minutes per entry; 0 = no limit). */
export function pauseReasons(body: WireObject): PauseReason[] {
  const out: PauseReason[] = [];
  for (const p of objects(body['pauses'])) {
    const id = str(p['id']);
    if (!id) continue;
    const partial = num(p['partial']);
    out.push({ id, name: str(p['pause']) ?? str(p['name']) ?? id, ...(partial ? { maxMinutes: partial } : {}) });
  }
  return out;
}

/** `get_classification_list` → classifications (list key is singular `classification`, L2625). */
export function classifications(body: WireObject): Classification[] {
  const out: Classification[] = [];
  for (const c of objects(body['classification'] ?? body['classifications'])) {
    const id = str(c['id']);
    if (!id) continue;
    const scope = str(c['scope']);
    out.push({ id, name: str(c['name']) ?? id, ...(scope ? { scope } : {}) });
  }
  return out;
}

/* ---------------------------------------------------------------- errors */

export function ctiError(code: ErrorCode, at: Timestamp, extra: Omit<CtiError, 'code' | 'at'> = {}): CtiError {
  return { code, at, ...extra };
}

/** Every documented `error_type` (§3.2) → `ErrorCode`. */
export function errorCodeOf(errorType: string, command?: string): ErrorCode {
  switch (errorType.trim().toLowerCase().replace(/\s+/g, '_')) {
    case 'empty_data':
      return 'missing-data';
    case 'invalid_data':
      return 'bad-request';
    case 'missing_data':
      return 'missing-data';
    case 'not_found':
      return 'not-found';
    case 'command_failed':
      return command === 'login' ? 'auth-failed' : 'command-failed';
    case 'command_denied':
      return 'command-denied';
    case 'no_license':
      return 'no-license';
    case 'duplicated_number':
      return 'duplicated-number';
    case 'invalid_item':
      return 'invalid-item';
    case 'unsafe_request':
      return 'rate-limited';
    default:
      return 'command-failed';
  }
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
  return ctiError('malformed-frame', at, { operation, ...(httpStatus !== undefined ? { httpStatus } : {}), detail: 'too-long' });
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
  if (httpStatus !== 200) {
    const code = errorCodeOfStatus(httpStatus);
    const detail = text.trim() ? clip(text) : undefined;
    return { ok: false, error: ctiError(code, at, { operation: command, httpStatus, ...(detail ? { detail } : {}) }) };
  }
  if (text.length > MAX_FRAME_CHARS) return { ok: false, error: frameTooLarge(command, at, httpStatus), why: tooLargeWhy('response body') };
  const decoded = fmt.decode(text, 'response');
  if (!decoded.ok) {
    return { ok: false, error: ctiError('malformed-frame', at, { operation: command, httpStatus, detail: UNPARSABLE }), why: decoded.reason };
  }
  // Some responses are unwrapped (§4); treat the document itself as the body then.
  const body = obj(decoded.value['response']) ?? decoded.value;
  const status = str(body['status'])?.toLowerCase();
  if (status === 'error') {
    const errorType = str(body['error_type']) ?? '';
    const code = errorCodeOf(errorType, command);
    const msg = str(body['error_msg']);
    const items = describeErrorItems(body['error_items'] ?? body['error_itens']);
    const detail = [msg, items].filter((x) => !!x).join(' — ');
    return {
      ok: false,
      error: ctiError(code, at, {
        operation: command,
        httpStatus,
        ...(errorType ? { vendorCode: errorType } : {}),
        ...(detail ? { detail: clip(detail) } : {}),
      }),
    };
  }
  if (status !== undefined && status !== 'ok') {
    return { ok: false, error: ctiError('malformed-frame', at, { operation: command, httpStatus, detail: 'unexpected-status' }), why: `unexpected status ${clip(status)}` };
  }
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
  | { readonly kind: 'agent'; readonly name: CanonicalEvent; readonly agent?: string; readonly events: readonly DomainEvent[] }
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
    return { kind: 'error', error: ctiError('malformed-frame', ctx.now, { operation: 'event', detail: 'mapping-failed' }), why: `${clip(eventName)}: ${String(e)}` };
  }
}

function decodeEventUnsafe(fmt: FrameFormat, eventName: string, data: string, ctx: EventContext): WireEvent {
  if (eventName === 'message' || eventName === '') {
    if (isHeartbeatData(data)) return { kind: 'heartbeat' };
    return { kind: 'error', error: ctiError('unknown-event', ctx.now, { operation: 'event', detail: 'unnamed' }), why: 'unnamed event with data' };
  }
  const name = canonicalEventName(eventName);
  if (!name) {
    return { kind: 'error', error: ctiError('unknown-event', ctx.now, { operation: 'event', detail: clip(eventName) }) };
  }
  if (data.length > MAX_FRAME_CHARS) return { kind: 'error', error: frameTooLarge(name, ctx.now), why: tooLargeWhy('event data') };
  const decoded = isHeartbeatData(data) ? ({ ok: true, value: {} } as const) : fmt.decode(data, 'event');
  if (!decoded.ok) {
    return { kind: 'error', error: ctiError('malformed-frame', ctx.now, { operation: name, detail: UNPARSABLE }), why: decoded.reason };
  }
  return mapEvent(name, decoded.value, ctx);
}

/** Map one decoded event payload. */
export function mapEvent(name: CanonicalEvent, w: WireObject, ctx: EventContext): WireEvent {
  const channelId = num(w['channel_id']);
  const subId = num(w['id']);
  switch (name) {
    case 'on_open_channel':
      return channelId !== undefined ? { kind: 'channel-open', channelId } : { kind: 'channel-open' };
    case 'on_close_channel':
      return channelId !== undefined ? { kind: 'channel-close', channelId } : { kind: 'channel-close' };
    case 'on_subscription_expire':
      return { kind: 'subscription-expire', ...(subId !== undefined ? { id: subId } : {}), ...(channelId !== undefined ? { channelId } : {}) };
    case 'on_subscription_expire_warning':
      return {
        kind: 'subscription-expire-warning',
        ...(subId !== undefined ? { id: subId } : {}),
        ...(channelId !== undefined ? { channelId } : {}),
      };
    case 'on_server_state_change':
      return { kind: 'server-state', connected: str(w['state'])?.toLowerCase() !== 'disconnected' };
    case 'on_service_stats':
      return { kind: 'service-stats', services: serviceStats(w) };
    case 'on_agent_stats':
      return { kind: 'agent-stats', agents: agentStats(w) };
    case 'on_alarm':
    case 'on_change':
    case 'on_call_record':
    case 'on_chat_message':
    case 'on_typing':
    case 'on_file_transfer':
    case 'on_video_action':
    case 'on_inactivity_timer':
      return { kind: 'ignored', name };
    default:
      return mapAgentEvent(name, w, ctx);
  }
}

function mapAgentEvent(name: CanonicalEvent, w: WireObject, ctx: EventContext): WireEvent {
  const agent = str(w['agent']);
  const base = { kind: 'agent' as const, name, ...(agent ? { agent } : {}) };
  const events: DomainEvent[] = [];
  const hasAgentState = w['state'] !== undefined;
  const isCallEvent = name.startsWith('on_call_');
  if (isCallEvent && !isVoice(w)) return { kind: 'ignored', name };
  const missingCall = (): WireEvent => ({
    kind: 'error',
    error: ctiError('malformed-frame', ctx.now, { operation: name, detail: 'call_id' }),
    why: 'event without call_id',
  });
  switch (name) {
    case 'on_login': {
      // The reported state goes first: a bare `logged-in` would read as "ready" until the state came.
      // Without a state (A-34: no payload of its own is documented) the state is unknown until asked.
      const report = agentReport(w);
      events.push({ type: 'agent', agent: hasAgentState ? report : { ...report, phase: 'unknown', detail: LOGIN_PENDING } });
      events.push({ type: 'logged-in', agentId: report.agentId ?? ctx.agent, ...(report.extension ? { extension: report.extension } : {}) });
      return { ...base, events };
    }
    case 'on_logout':
      events.push({ type: 'logged-out' });
      if (hasAgentState) events.push({ type: 'agent', agent: agentReport(w) });
      return { ...base, events };
    case 'on_agent_status':
      return { ...base, events: [snapshotFrom(w, 'agent')] };
    case 'on_state_change':
    case 'on_config_change':
      return { ...base, events: hasAgentState ? [{ type: 'agent', agent: agentReport(w) }] : [] };
    case 'on_queue_change': {
      const queues: Partial<QueueStats>[] = [];
      for (const q of objects(w['queues'])) {
        const id = str(q['service']);
        if (!id) continue;
        const waiting = num(q['length'] ?? q['lenght']);
        queues.push({ id, name: id, ...(waiting !== undefined ? { waiting } : {}), updatedAt: ctx.now });
      }
      return { ...base, events: queues.length ? [{ type: 'queues', queues }] : [] };
    }
    case 'on_call_transfer': {
      const previousId = callId(w['previous_call_id']);
      const id = callId(w['call_id']);
      if (!previousId && !id) return missingCall();
      const to = str(w['transfer_to']);
      const stays = !!to && to.toLowerCase() === ctx.agent.toLowerCase();
      const call = id ? callReport(w) : undefined;
      return { ...base, events: [{ type: 'call-transferred', previousId: previousId ?? id!, ...(call ? { call } : {}), stays, ...(to ? { to } : {}) }] };
    }
    default:
      break;
  }
  // Call events with call fields.
  const call = callReport(w, name === 'on_call_generate' ? 'outbound' : name === 'on_call_receive' ? 'inbound' : undefined);
  if (!call) return missingCall();
  switch (name) {
    case 'on_call_receive':
      // A conference is announced as a new call id (L4394): it is the conference, not a ringing call.
      if (isConferenceLeg(w)) events.push({ type: 'call-conference', call: { ...call, mustAccept: false } });
      else events.push({ type: 'call-offered', call: { ...call, mustAccept: call.mustAccept ?? false } });
      break;
    case 'on_call_generate':
      events.push({ type: 'call-dialing', call });
      break;
    case 'on_call_accept':
      events.push({ type: 'call-answered', call });
      break;
    case 'on_call_hold':
      events.push({ type: 'call-held', call });
      break;
    case 'on_call_retrieve':
      events.push({ type: 'call-retrieved', call });
      break;
    case 'on_call_consultation': {
      const consultation: CallReport | undefined = call.consultationId
        ? { id: call.consultationId, direction: 'outbound', consultationOf: call.id }
        : undefined;
      events.push({ type: 'call-consulting', call, ...(consultation ? { consultation } : {}) });
      break;
    }
    case 'on_call_conference':
      events.push({ type: 'call-conference', call });
      break;
    case 'on_call_release': {
      const mustClassify = bool(w['must_classify']);
      const classifySeconds = num(w['classification_time']);
      const wrapUpSeconds = num(w['after_call_work_time']);
      events.push({
        type: 'call-released',
        callId: call.id,
        ...(mustClassify !== undefined ? { mustClassify } : {}),
        ...(classifySeconds !== undefined ? { classifySeconds } : {}),
        ...(wrapUpSeconds !== undefined ? { wrapUpSeconds } : {}),
      });
      break;
    }
    case 'on_call_end':
      events.push({ type: 'call-ended', callId: call.id });
      break;
    case 'on_call_associated_data':
      events.push({ type: 'call-data', callId: call.id, data: call.data ?? { [ASSOCIATED_DATA_KEY]: '' } });
      break;
    default:
      return { kind: 'ignored', name };
  }
  return { ...base, events };
}

/**
 * `on_agent_status` / a `get_status` agent entry → the authoritative `snapshot` (replaces agent and calls).
 * Only voice calls are kept. When every call is in wrap-up the phase is `after-call`.
 */
export function snapshotFrom(w: WireObject, nameField: 'agent' | 'name'): Extract<DomainEvent, { type: 'snapshot' }> {
  let agent = agentReport(w, nameField);
  const calls: CallReport[] = [];
  for (const c of objects(w['calls'])) {
    if (!isVoice(c)) continue;
    const r = callReport(c);
    if (!r) continue;
    const state = callStateOf(r.detail, r.direction);
    calls.push(state ? { ...r, state } : r);
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
  switch (callState) {
    case 'dialing':
      return 'dialing';
    case 'calling':
      return direction === 'inbound' ? 'ringing' : 'dialing';
    case 'ringing':
    case 'waiting_authorization':
      return 'ringing';
    case 'busy':
    case 'authorized':
      return 'active';
    case 'held':
      return 'held';
    case 'conference':
      return 'conference';
    case 'after_call':
    case 'classifying':
      return 'wrap-up';
    default:
      return undefined;
  }
}

/** `get_status` response body → snapshot for `agent`; `undefined` when the answer does not list it. */
export function snapshotFromStatus(body: WireObject, agent: string): Extract<DomainEvent, { type: 'snapshot' }> | undefined {
  const entries = objects(body['agents']);
  const mine = entries.find((a) => str(a['name'])?.toLowerCase() === agent.toLowerCase()) ?? (entries.length === 1 ? entries[0] : undefined);
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

export function serviceStats(w: WireObject): ServiceStatsEntry[] {
  const out: ServiceStatsEntry[] = [];
  for (const s of objects(w['services'])) {
    const name = str(s['name']);
    if (!name) continue;
    const v = voiceStats(s['stats']) ?? {};
    const pick = (k: string) => num(v[k]);
    const entry: Record<string, number | string> = { name };
    const fields: [keyof ServiceStatsEntry, string][] = [
      ['waiting', 'waiting'],
      ['longestWaitSeconds', 'longest_queue_time'],
      ['handled', 'handled'],
      ['abandoned', 'abandoned'],
      ['handling', 'handling'],
      ['queued', 'queued'],
      ['received', 'received'],
    ];
    for (const [key, wire] of fields) {
      const n = pick(wire);
      if (n !== undefined) entry[key] = n;
    }
    out.push(entry as unknown as ServiceStatsEntry);
  }
  return out;
}

export function agentStats(w: WireObject): AgentStatsEntry[] {
  const out: AgentStatsEntry[] = [];
  for (const a of objects(w['agents'])) {
    const name = str(a['name']);
    if (!name) continue;
    const rawStates = a['states_details'];
    const states =
      rawStates === undefined
        ? undefined
        : objects(rawStates).map((s) => ({
            id: str(s['id']) ?? '',
            name: str(s['name']) ?? '',
            times: num(s['times']) ?? 0,
            totalTime: num(s['total_time']) ?? 0,
          }));
    const callsKey = a['calls_details'] !== undefined ? 'calls_details' : a['call_details'] !== undefined ? 'call_details' : undefined;
    const calls = callsKey ? objects(a[callsKey]).length : undefined;
    const services = objects(a['services'])
      .map((s) => str(s['name']))
      .filter((s): s is string => !!s);
    out.push({ name, ...(states ? { states } : {}), ...(calls !== undefined ? { calls } : {}), services });
  }
  return out;
}

type AgentStatus = 'ready' | 'busy' | 'paused' | 'logged-out';

function statusOfState(name: string): AgentStatus | undefined {
  const p = phaseOfState(name);
  return p === 'ready' || p === 'busy' || p === 'paused' || p === 'logged-out' ? p : undefined;
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
 * (only for services the server reported the agent's statistics for).
 */
export class QueueAggregator {
  #agents = new Map<string, { status?: AgentStatus; states?: readonly AgentStateDetail[]; services: Set<string> }>();
  #services = new Set<string>();

  serviceStats(entries: readonly ServiceStatsEntry[], now: Timestamp): DomainEvent | undefined {
    if (!entries.length) return undefined;
    const queues: Partial<QueueStats>[] = entries.map((e) => {
      this.#services.add(e.name);
      return {
        id: e.name,
        name: e.name,
        ...(e.waiting !== undefined ? { waiting: e.waiting } : e.queued !== undefined ? { waiting: e.queued } : {}),
        ...(e.longestWaitSeconds !== undefined ? { longestWaitSeconds: e.longestWaitSeconds } : {}),
        ...(e.handled !== undefined ? { handled: e.handled } : {}),
        ...(e.abandoned !== undefined ? { abandoned: e.abandoned } : {}),
        ...this.#counts(e.name),
        updatedAt: now,
      };
    });
    return { type: 'queues', queues };
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
      this.#services.add(s);
      queues.push({ id: s, name: s, ...this.#counts(s), updatedAt: now });
    }
    return queues.length ? { type: 'queues', queues } : undefined;
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

/** Service statistics the queue view subscribes to. */
export const SERVICE_STATS = ['waiting', 'handling', 'handled', 'abandoned', 'longest_queue_time', 'queued', 'received'] as const;

/** Subscription body for the supervisor monitor (§12.1). */
export function supervisorSubscription(opts: { channelId: number; expires: number; updateInterval: number; id?: number }): WireObject {
  return {
    subscription: {
      ...(opts.id !== undefined ? { id: opts.id } : {}),
      agents: 'all',
      services: 'all',
      events: ['on_service_stats', 'on_agent_stats'],
      service_stats: [...SERVICE_STATS],
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
