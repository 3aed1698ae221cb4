/**
 * Tactium IP Integration codec: framed `<field>…$` messages ↔ typed values. Pure: no DOM, no socket, no clock.
 *
 * The wire (seed "Tactium IP — Integração Socket", 08/04/2016): the relay's `DollarFramer` cuts the stream into
 * messages (`<jose><S><1>$` → fields `['jose', 'S', '1']`); this module says what a message means.
 *
 * ```
 *   from the server                                     kind
 *   <login><OK>$                                        ok          (most commands' reply)
 *   <login><S><code>$                                   status      (0 logged out … 4 after-call work)
 *   <login><A><id><ddd o><orig><ddd d><dest><desc><link><ext>$   call (outbound: manual or dialer)
 *   <login><R><id><ddd o><orig><ddd d><dest><---><ext>$          call (inbound)
 *   <login><G><path>$                                   recording
 *   <login><EndCall>$                                   end-call
 *   <login><AC>$                                        no-call     (our reading of an empty `<AC>` reply)
 *   <login><ERRO|ERROR|ERR|NOK><text…>$                 error       (the seed shows no error form: a guess)
 *   <login><anything else>…$                            unknown     (kept raw)
 *   text outside any message                            garbage     (an error reply in a form we cannot guess)
 *   $ with nothing before it ($$, a stray $)           empty       (ends no message: ignored, see framing-dollar.ts)
 * ```
 *
 * The login in server messages is matched without case (the seed answers `<jose><D>$` with `<Jose><EndCall>$`).
 * A call's last field may be the dialer's attach info, `key=value;` pairs (`Socket.SendAttachInfo`, seed 5.1):
 * it is parsed into `attach`; otherwise it is the plain external id. The seed's own example has one field fewer
 * than its field list (no recording-link code), so fields are read from the ends inwards: the five positional
 * ones, the description next, the attach info / external id last, the link code only when there is room.
 */
import type { DollarItem } from '../relay/framing-dollar.js';
import { AgentPhase } from '../../domain/model.js';

/** The supervisor login (seed 4.12): that connection receives every agent's events. */
export const ADMSOCKET = 'ADMSOCKET';

/** A call as the `<A>` / `<R>` message (or the `<AC>` reply) gives it. Server text: render as text. */
export interface TactiumCall {
  /** `A`: outbound (manual or dialer, "ligação ativa"); `R`: inbound ("ligação receptiva"). */
  readonly kind: 'A' | 'R';
  /** Dialer item id (outbound dialer calls); unused for inbound. */
  readonly itemId: string;
  readonly dddOrigin: string;
  /** Inbound: the caller's number; outbound: the extension or dialer routing point. */
  readonly origin: string;
  readonly dddDest: string;
  /** Outbound: the number called; inbound: the extension or routing point the call came to. */
  readonly dest: string;
  /** DS_LTA_EXT: text the IP Client shows (dialer calls). */
  readonly description: string;
  /** CD_LTA_EXT: recording link code (a CPF, for example). */
  readonly recordingCode: string;
  /** CD_LTA_ATI: the external id, when the last field is a plain value. */
  readonly externalId: string;
  /** The dialer's attach info (`dialer.CampaignName=…;…`), when the last field carries it. */
  readonly attach: Readonly<Record<string, string>>;
  /** Fields past the documented ones, if a server sends more. */
  readonly extra: readonly string[];
}

export type TactiumMessage =
  | { readonly kind: 'ok'; readonly login: string; readonly raw: string }
  | { readonly kind: 'status'; readonly login: string; readonly code: string; readonly raw: string }
  | { readonly kind: 'call'; readonly login: string; readonly call: TactiumCall; readonly raw: string }
  | { readonly kind: 'recording'; readonly login: string; readonly path: string; readonly raw: string }
  | { readonly kind: 'end-call'; readonly login: string; readonly raw: string }
  | { readonly kind: 'no-call'; readonly login: string; readonly raw: string }
  | { readonly kind: 'error'; readonly login: string; readonly name: string; readonly text: string; readonly raw: string }
  | { readonly kind: 'unknown'; readonly login: string; readonly name: string; readonly raw: string }
  | { readonly kind: 'garbage'; readonly raw: string }
  /** A `$` ending no message: carries nothing, answers nothing, is no error (seed 4.12: `$` is the terminator). */
  | { readonly kind: 'empty'; readonly raw: string }
  /** `code`: what is wrong, kebab-case (the error's detail, shown as a title); `reason`: the sentence, for the log. */
  | { readonly kind: 'malformed'; readonly code: MalformedCode; readonly reason: string; readonly raw: string };

/** Why a message cannot be read: the `malformed-frame` error's detail (a code: no words of ours on the agent's screen). */
export type MalformedCode = 'too-long' | 'too-few-fields' | 'no-login' | 'no-status-code';

/** The `malformed-frame` detail of text outside any `<…>$` message (the text itself goes to the log only). */
export const OUTSIDE_MESSAGE = 'outside-message';

export type TactiumMessageKind = TactiumMessage['kind'];

const ERROR_NAMES: ReadonlySet<string> = new Set(['ERRO', 'ERROR', 'ERR', 'NOK', 'FALHA']);

/** Longest raw text kept in a message for error details and logs. */
export const RAW_PREVIEW_CHARS = 200;

/** One framer item → a typed message. Never throws. */
export function decodeItem(item: DollarItem): TactiumMessage {
  switch (item.kind) {
    case 'garbage':
      return { kind: 'garbage', raw: preview(item.text) };
    case 'empty':
      return { kind: 'empty', raw: '$' };
    case 'overflow':
      return { kind: 'malformed', code: 'too-long', reason: `message longer than ${item.limit} characters`, raw: '' };
    case 'message':
      return decodeFields(item.fields, item.raw);
  }
}

/** The fields of one complete message → a typed message. Never throws. */
export function decodeFields(fields: readonly string[], rawText: string): TactiumMessage {
  const raw = preview(rawText);
  const login = (fields[0] ?? '').trim();
  const name = (fields[1] ?? '').trim();
  if (fields.length < 2) return { kind: 'malformed', code: 'too-few-fields', reason: 'fewer than two fields', raw };
  if (!login) return { kind: 'malformed', code: 'no-login', reason: 'no login in the first field', raw };
  const upper = name.toUpperCase();
  const rest = fields.slice(2);
  switch (upper) {
    case 'OK':
      return { kind: 'ok', login, raw };
    case 'S': {
      const code = (rest[0] ?? '').trim();
      if (!/^\d{1,3}$/.test(code)) return { kind: 'malformed', code: 'no-status-code', reason: 'status without a numeric code', raw };
      return { kind: 'status', login, code, raw };
    }
    case 'A':
    case 'R': {
      const call = decodeCall(upper, rest);
      return call ? { kind: 'call', login, call, raw } : { kind: 'no-call', login, raw };
    }
    case 'G':
      return { kind: 'recording', login, path: rest.join('').trim(), raw };
    case 'ENDCALL':
      return { kind: 'end-call', login, raw };
    case 'AC':
      return { kind: 'no-call', login, raw };
    default:
      if (ERROR_NAMES.has(upper)) return { kind: 'error', login, name: upper, text: rest.join(' ').trim(), raw };
      return { kind: 'unknown', login, name: name.slice(0, 40), raw };
  }
}

/**
 * The fields after `<A>` / `<R>` → a call; `undefined` when every number is empty (an "empty" current-call
 * reply, which we read as "no call"). An inbound call's id field is "not used" (seed 5.2): `<R><0>` alone is
 * no call.
 *
 * The id and the two DDDs read `0` as blank: the seed's own example (5.1, L383 `<Agente><A><15068><0><9988><0>…`)
 * writes `0` in a DDD it does not use (L356 "DDD origem: Não utilizado"), so a server may write `0` in any field a
 * call leaves empty — the dialer id of a call the dialer did not make (L354), a DDD of a call that has none. `0` is
 * no DDD and no dialer item; read as such, the agent's own dial would be a dialer call (a screen pop, dialer tools),
 * an all-`0` "no call" answer a call with no number, and the same call a new one when another message writes blanks.
 */
export function decodeCall(kind: 'A' | 'R', rest: readonly string[]): TactiumCall | undefined {
  const [itemId, dddOrigin, origin, dddDest, dest] = [0, 1, 2, 3, 4].map((i) => {
    const f = (rest[i] ?? '').trim();
    return (i < 2 || i === 3) && /^0+$/.test(f) ? '' : f;
  });
  if (!origin && !dest && (kind === 'R' || !itemId)) return undefined;
  const tail = rest.slice(5).map((f) => f.trim());
  const description = tail.length >= 1 && tail[0] !== '---' ? (tail[0] ?? '') : '';
  const last = tail.length >= 2 ? (tail[tail.length - 1] ?? '') : '';
  const recordingCode = tail.length >= 3 ? (tail[1] ?? '') : '';
  const extra = tail.length > 3 ? tail.slice(2, tail.length - 1) : [];
  const attach = parseAttachInfo(last);
  return {
    kind,
    itemId,
    dddOrigin,
    origin,
    dddDest,
    dest,
    description,
    recordingCode,
    externalId: attach ? '' : last,
    attach: attach ?? {},
    extra,
  };
}

/** `k=v;k2=v2;` → pairs, or `undefined` when the text is not attach info (no `=`). Empty keys are skipped. */
export function parseAttachInfo(text: string): Record<string, string> | undefined {
  if (!text.includes('=')) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key && !Object.prototype.hasOwnProperty.call(out, key)) out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `ddd` + `number`, the DDD dropped when blank or `0` (the seed's "not used" value). */
export function joinNumber(ddd: string, number: string): string {
  return /^[1-9]\d$/.test(ddd) ? `${ddd}${number}` : number;
}

/** The other side's number: the destination of an outbound call, the origin of an inbound one. */
export function remoteNumber(call: TactiumCall): string {
  return call.kind === 'A' ? joinNumber(call.dddDest, call.dest) : joinNumber(call.dddOrigin, call.origin);
}

/** Identifies a call across a reconnection (the `<AC>` reply vs the call we knew). */
export function callSignature(call: TactiumCall): string {
  return [call.kind, call.itemId, call.dddOrigin, call.origin, call.dddDest, call.dest].join('|');
}

/** The campaign / service a call came through, when the dialer says. */
export function callService(call: TactiumCall): string | undefined {
  const name = call.attach['dialer.CampaignName'];
  return name ? name : undefined;
}

/**
 * What goes in `CallReport.data` (non-empty values only). Keys: the seed's field names —
 * `id` (dialer item), `ddd-origem`, `origem`, `ddd-destino`, `destino`, `descricao` (DS_LTA_EXT),
 * `cod-vinculo-gravacao` (CD_LTA_EXT), `id-externo` (CD_LTA_ATI, a plain last field) — plus every attach-info
 * key as sent (`dialer.CampaignName`, `dialer.ExternalID`, `dialer.ItemID`, `dialer.Description`,
 * `dialer.AttachInfo`, `dialer.ExternalData`…) and `campo-N` for fields past the documented ones.
 * The recording path (`<G>`) is added later as `gravacao`.
 */
export function callData(call: TactiumCall): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string): void => {
    if (value !== '' && value !== '---') out[key] = value;
  };
  put('id', call.itemId);
  put('ddd-origem', call.dddOrigin);
  put('origem', call.origin);
  put('ddd-destino', call.dddDest);
  put('destino', call.dest);
  put('descricao', call.description);
  put('cod-vinculo-gravacao', call.recordingCode);
  put('id-externo', call.externalId);
  for (const [k, v] of Object.entries(call.attach)) put(k, v);
  call.extra.forEach((v, i) => put(`campo-${i + 1}`, v));
  return out;
}

/** Key of the recording path in `CallReport.data`. */
export const RECORDING_KEY = 'gravacao';

/* ---------------------------------------------------------------- status */

/** The status codes of seed 4.6, `0` to `4`, in order. */
const STATUS_PHASES = [AgentPhase.LoggedOut, AgentPhase.Ready, AgentPhase.Paused, AgentPhase.Busy, AgentPhase.AfterCall];

/** The status codes of seed 4.6 → the agent's phase (any other code: unknown). `detail` is `status-<code>`. */
export function statusPhase(code: string): { readonly phase: AgentPhase; readonly detail: string } {
  return { phase: /^[0-4]$/.test(code) ? STATUS_PHASES[Number(code)]! : AgentPhase.Unknown, detail: `status-${code}` };
}

/* -------------------------------------------------------------- outgoing */

/** Why `value` cannot be a field (it would break the framing), or `undefined` when it can. */
export function fieldProblem(value: string): string | undefined {
  if (/[<>$]/.test(value)) return 'contains <, > or $';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character';
  return undefined;
}

/**
 * `<f1><f2>…$`. Callers validate every value with `fieldProblem` first; anything that would break the framing
 * is removed here as a last guard, never sent.
 */
export function encodeMessage(fields: readonly string[]): string {
  return `${fields.map((f) => `<${f.replace(/[<>$\u0000-\u001f\u007f]/g, '')}>`).join('')}$`;
}

/** `ERRO:` / `ERROR -` … in front of a bare-text refusal. */
const ERROR_PREFIX = /^\s*(?:ERRO|ERROR|ERR|NOK|FALHA)\b\s*[:\-–]?\s*/i;

/**
 * What a failure-shaped reply says, without the wire around it — the detail a refused command shows (server
 * text: render as text); the raw reply goes to the log. The seed (08/04/2016) documents no error reply and no
 * result code: its only codes are the status codes of 4.6, and `<R>` is the inbound-call event (5.2), never a
 * result. So there is no code to translate: the refusal is `command-failed` (translated), and this is detail.
 * - `<login><ERRO><Agente em atendimento>$` → `Agente em atendimento` (no text: `ERRO`, a code);
 * - `ERRO: Agente em atendimento$` (text outside any field) → `Agente em atendimento`;
 * - `<login><NAO><x>$` (an unknown reply) → `NAO` (its name: a code, shown as the control's title).
 */
export function replyWords(m: TactiumMessage): string {
  switch (m.kind) {
    case 'error':
      return m.text || m.name;
    case 'unknown':
      return m.name || m.raw;
    case 'garbage': {
      const text = m.raw.replace(/\$$/, '').trim();
      // `ERRO$` alone: its word, a code (never the wire's `$`).
      return text.replace(ERROR_PREFIX, '').trim() || text || m.raw;
    }
    default:
      return m.raw;
  }
}

/** `text` cut to `RAW_PREVIEW_CHARS` characters (with an ellipsis when cut). */
export function preview(text: string): string {
  return text.length > RAW_PREVIEW_CHARS ? `${text.slice(0, RAW_PREVIEW_CHARS)}…` : text;
}

/** Same login, ignoring case (the seed answers `<jose>` as `<Jose>`). */
export function sameLogin(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
