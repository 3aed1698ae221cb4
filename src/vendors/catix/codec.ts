/**
 * Catix (Catelani) codec: one JSON object per line ↔ typed values. Pure: no DOM, no socket, no clock.
 *
 * The wire (seed "Informações de Conexão / Formato das mensagens"; command and event lists from the digest):
 * - every message is one JSON object on one line, `\n` terminated (the framing is `relay/framing-lines.ts`);
 * - `tipo`: `ACAO` (client command, with `comando`), `NOTIFICACAO` (the answer, `informacao: "OK"`), `ERRO`
 *   (`informacao` = the error text, `erroCod` = the code), `KEEP_ALIVE`, `EVENT` — some documented events use
 *   `EVENTO`: both are events, the event name in `informacao`, the agent in `agente`;
 * - the client's `messageId` comes back on the answer. Some documented answers carry no `tipo` at all
 *   (`STATUS_SERVIDOR`, `INFORMACAO_PAUSA`): a message with a `messageId` and no `tipo` is an answer (an error
 *   when it has an `erroCod`);
 * - `atributos`: a key → value map; values come as strings or numbers (`"idPausa": 1`), lists inside answers
 *   (`pausas`, `ramal`, `filas`) as JSON arrays or as JSON text in a string (see `listAttribute`).
 *
 * The parser is strict JSON: the published examples have defects (curly quotes, a missing `:` after
 * `"atributos"`, trailing commas) that a real server does not send; such a line is `malformed` and the stream
 * goes on with the next line.
 */
import { AgentPhase } from '../../domain/model.js';
import { redact } from '../../domain/redact.js';
import type { CtiError, ErrorCode, PauseReason, QueueStats, Timestamp, TransferTarget } from '../../domain/model.js';
import { defined } from '../../domain/defined.js';

/** The commands the adapter sends, as on the wire. */
export type CatixCommand =
  | 'LOGAR_SINGLE_USER'
  | 'LOGAR_MULTI_USER'
  | 'AGENTE_LOGAR'
  | 'AGENTE_DESLOGAR'
  | 'DISCAR'
  | 'REDISCAR'
  | 'PAUSAR'
  | 'STATUS_AGENTE'
  | 'INFORMACAO_PAUSA'
  | 'DESLIGAR_CHAMADA'
  | 'BUSCAR_TIPOS_PAUSA'
  | 'TRANSFERIR'
  | 'BUSCAR_OPCOES_TRANSFERENCIA'
  | 'BUSCAR_FILAS'
  | 'SAIR';

/**
 * The event names, canonical (spelling variants are folded into these). Every spelling in the documents
 * (upper-cased) → canonical: the scheduled-call notice is `SCHEDULED_CALL_COMING` in the heading and
 * `SCHEDULED_CALL_COMMING` in the example; the answer's heading says `SCHEDULED_CALL_ASNWER`.
 */
const EVENTS = [
  'AGENT_LOGIN',
  'AGENT_LOGOFF',
  'AGENT_PAUSED',
  'AGENT_UNPAUSED',
  'AGENT_COMPLETE',
  'DIALING',
  'ANSWER',
  'HANGUP',
  'AGENT_RECEIVED_DIALER_CALL',
  'SCHEDULED_CALL_COMING',
  'SCHEDULED_CALL_ANSWER',
] as const;
export type CatixEventName = (typeof EVENTS)[number];

const EVENT_NAMES: ReadonlyMap<string, CatixEventName> = new Map([
  ...EVENTS.map((n) => [n, n] as const),
  ['SCHEDULED_CALL_COMMING', 'SCHEDULED_CALL_COMING'],
  ['SCHEDULED_CALL_ASNWER', 'SCHEDULED_CALL_ANSWER'],
]);

/*
 * The integration's error codes (public Catix documentation, "Lista de Erros"): 1000 missing parameter, 1001
 * invalid parameter, 1002 missing attribute, 1003 invalid attribute, 1004 agent not found, 1005 no last number,
 * 1006 no extension for the number, 1007 agent already logged in, 1008 no pause information, 1009 pause deleted,
 * 1010 invalid required attribute, 2000 invalid credentials, 2001 user not found, 2002 authentication required,
 * 9000 not implemented, 9001 blank message, 9002 invalid message, 9999 unexpected. The ones the adapter reads:
 */
export const AGENT_NOT_FOUND = '1004';
export const AGENT_ALREADY_LOGGED_IN = '1007';
export const INVALID_CREDENTIALS = '2000';
export const USER_NOT_FOUND = '2001';
export const AUTHENTICATION_REQUIRED = '2002';

const ERROR_MAP: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  [INVALID_CREDENTIALS, 'auth-failed'],
  [USER_NOT_FOUND, 'auth-failed'],
  [AUTHENTICATION_REQUIRED, 'auth-failed'],
  ['9000', 'unsupported'],
]);

/** Raw `atributos` of an answer (lists and numbers as sent). */
export type WireData = Readonly<Record<string, unknown>>;
/** `atributos` of an event, every scalar as text (numbers and booleans stringified; lists and objects dropped). */
export type Attributes = Readonly<Record<string, string>>;

export type CatixMessage =
  /** `NOTIFICACAO`: the answer to the command with this `messageId`. */
  | { readonly kind: 'answer'; readonly messageId?: string; readonly info: string; readonly data: WireData }
  /** `ERRO`: the command with this `messageId` failed (no `messageId`: a line the server could not read). */
  | { readonly kind: 'error'; readonly messageId?: string; readonly code: string; readonly text: string }
  | { readonly kind: 'keep-alive' }
  | { readonly kind: 'event'; readonly name: CatixEventName; readonly agent?: string; readonly data: Attributes }
  | { readonly kind: 'unknown-event'; readonly name: string; readonly agent?: string }
  /** Not a Catix message: `reason` says why, `preview` is the start of the line (secrets masked). */
  | { readonly kind: 'malformed'; readonly reason: string; readonly preview: string };

/* ---------------------------------------------------------------- decode */

const PREVIEW_CHARS = 120;

/**
 * The first characters of a broken line, secret values masked whole (`redact`). Cut first (bounded work): a
 * value cut in the middle is unterminated and masked to the end.
 */
export function preview(line: string): string {
  const masked = redact(line.slice(0, PREVIEW_CHARS + 1));
  return masked.length > PREVIEW_CHARS ? `${masked.slice(0, PREVIEW_CHARS)}…` : masked;
}

/** One framed line → a typed message. Never throws. */
export function decodeLine(line: string): CatixMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return malformed('not JSON', line);
  }
  if (!isRecord(parsed)) return malformed('not a JSON object', line);
  const json = parsed;
  // Accents folded: the seed's table spells `NOTIFICACAO`, its prose ``Notificação`` (L18, L52).
  const tipo = typeof json['tipo'] === 'string' ? fold(json['tipo']).toUpperCase() : undefined;
  const messageId = idText(json['messageId']);
  const info = typeof json['informacao'] === 'string' ? json['informacao'] : '';
  const code = idText(json['erroCod']);
  const error = (): CatixMessage => defined({ kind: 'error', messageId, code: code ?? '', text: info });
  const answer = (): CatixMessage => defined({ kind: 'answer', messageId, info, data: record(json['atributos']) });
  switch (tipo) {
    case 'KEEP_ALIVE':
      return { kind: 'keep-alive' };
    case 'EVENT':
    case 'EVENTO':
      return decodeEvent(json, info, line);
    case 'ERRO':
      return error();
    case 'NOTIFICACAO':
      return code ? error() : answer();
    case undefined:
      // Answers shown without `tipo` in the document. An event name in `informacao` is an event, even with a
      // `messageId` (the scheduled-call examples carry `"messageId": "1"`): an answer says "OK" or an error there.
      if (code) return error();
      if (EVENT_NAMES.has(info.trim().toUpperCase())) return decodeEvent(json, info, line);
      return messageId !== undefined ? answer() : malformed('no tipo', line);
    default:
      return malformed(`unexpected tipo ${tipo.slice(0, 30)}`, line);
  }
}

function decodeEvent(json: Readonly<Record<string, unknown>>, info: string, line: string): CatixMessage {
  const key = info.trim().toUpperCase();
  const agent = idText(json['agente']) || undefined;
  if (!key) return malformed('event without a name', line);
  const name = EVENT_NAMES.get(key);
  if (!name) return defined({ kind: 'unknown-event', name: info.trim().slice(0, 80), agent });
  return defined({ kind: 'event', name, agent, data: attributes(json['atributos']) });
}

function malformed(reason: string, line: string): CatixMessage {
  return { kind: 'malformed', reason, preview: preview(line) };
}

/** `atributos` as a string map (see `Attributes`). */
export function attributes(value: unknown): Attributes {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = String(v);
  }
  return out;
}

/* ---------------------------------------------------------------- encode */

/** The fields a command may carry besides `comando` (names exactly as on the wire). */
export interface CommandFields {
  readonly agente?: string;
  readonly numeroDiscado?: string;
  readonly destino?: string;
  readonly idDestino?: string;
  readonly atributos?: Readonly<Record<string, string>>;
}

/** One command line: `{"tipo":"ACAO","comando":…,…,"messageId":…}\n`. */
export function encodeCommand(comando: CatixCommand, fields: CommandFields, messageId?: string): string {
  const { agente, numeroDiscado, destino, idDestino, atributos } = fields;
  // In this order, whatever the order of `fields` (JSON.stringify leaves the undefined ones out).
  return `${JSON.stringify({ tipo: 'ACAO', comando, agente, numeroDiscado, destino, idDestino, atributos, messageId })}\n`;
}

/** The keep-alive line a client may send back. */
export function encodeKeepAlive(): string {
  return '{"tipo":"KEEP_ALIVE"}\n';
}

/* -------------------------------------------------------- answer payloads */

/**
 * A list-valued attribute as read. The seed defines `atributos` as "Parâmetros no formato de Mapa, Chave ->
 * Valor" and shows only string values, so a list may come as a JSON array or as JSON text in a string
 * (`"filas": "[{\"id\":154,…}]"`): both are read. `absent`: the answer carries no such key (nothing to report:
 * the caller keeps what it knew). `malformed`: the key is there but is no list (or no entry is readable): a
 * visible typed error, never a silently empty list. `skipped`: entries without an id, left out.
 */
export type ListReading<T> =
  | { readonly kind: 'list'; readonly items: T[]; readonly skipped: number }
  | { readonly kind: 'absent' }
  | { readonly kind: 'malformed'; readonly key: string; readonly detail: string };

/** The list under `key` (array or JSON text of an array), each entry mapped by `item` (undefined: skipped). */
export function listAttribute<T>(data: WireData, key: string, item: (entry: Readonly<Record<string, unknown>>) => T | undefined): ListReading<T> {
  const raw = data[key];
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { kind: 'absent' };
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return { kind: 'malformed', key, detail: `${key}: text that is not JSON (${preview(raw)})` };
    }
  }
  if (!Array.isArray(value)) return { kind: 'malformed', key, detail: `${key}: ${value === null ? 'null' : typeof value} where a list was expected` };
  const items: T[] = [];
  let skipped = 0;
  for (const entry of value as unknown[]) {
    const mapped = isRecord(entry) ? item(entry) : undefined;
    if (mapped === undefined) skipped += 1;
    else items.push(mapped);
  }
  if (items.length === 0 && skipped > 0) return { kind: 'malformed', key, detail: `${key}: none of its ${skipped} entries has an id` };
  return { kind: 'list', items, skipped };
}

/** `BUSCAR_TIPOS_PAUSA` → pause reasons (`exigeObs` → `requiresNote`). Entries without an id are skipped. */
export function pauseReasons(data: WireData): ListReading<PauseReason> {
  return listAttribute(data, 'pausas', (p) => {
    const id = idText(p['id']);
    if (!id) return undefined;
    return defined({ id, name: textOf(p['nome']) || textOf(p['descricao']) || id, requiresNote: truthy(p['exigeObs']) || undefined });
  });
}

/** `BUSCAR_OPCOES_TRANSFERENCIA` → transfer targets (`ramal: [{id, nome}]`). */
export function transferTargets(data: WireData): ListReading<TransferTarget> {
  return listAttribute(data, 'ramal', idName);
}

/** `BUSCAR_FILAS` → queues (id and name only: Catix gives no statistics). */
export function queues(data: WireData): ListReading<Pick<QueueStats, 'id' | 'name'>> {
  return listAttribute(data, 'filas', idName);
}

/** A list entry's `id` and `nome` (the id when it has no name); no id: skipped. */
function idName(entry: Readonly<Record<string, unknown>>): { id: string; name: string } | undefined {
  const id = idText(entry['id']);
  return id ? { id, name: textOf(entry['nome']) || id } : undefined;
}

/** `STATUS_AGENTE`, with `-` (the document's "nothing") read as absent and `obs` as plain text. */
export interface AgentStatus {
  /** The status text as sent (`Disponível`, `Em ligação`…). */
  readonly status: string;
  readonly phase: AgentPhase;
  /** The call state the status implies, if any. */
  readonly call?: 'dialing' | 'active';
  readonly name?: string;
  readonly agentId?: string;
  readonly extension?: string;
  readonly number?: string;
  /** `tempo` in seconds. */
  readonly seconds?: number;
  /** `obs` with the HTML markup removed. */
  readonly note?: string;
}

export function agentStatus(data: WireData): AgentStatus {
  const field = (k: string): string | undefined => {
    const v = textOf(data[k]).trim();
    return v && v !== '-' ? v : undefined;
  };
  const status = textOf(data['status']).trim();
  const { phase, call } = statusPhase(status);
  const note = field('obs');
  return defined({
    status,
    phase,
    call,
    name: field('nome'),
    agentId: field('idAgente'),
    extension: field('ramal_fisico'),
    number: field('numero_discado'),
    seconds: hmsSeconds(textOf(data['tempo'])),
    note: (note && htmlToText(note)) || undefined,
  });
}

/** The documented status texts, accents and case folded → phase (and the call they imply). */
const STATUS_PHASES: ReadonlyMap<string, { phase: AgentPhase; call?: 'dialing' | 'active' }> = new Map([
  ['disponivel', { phase: AgentPhase.Ready }],
  ['livre', { phase: AgentPhase.Ready }],
  ['discando', { phase: AgentPhase.Busy, call: 'dialing' as const }],
  ['chamando', { phase: AgentPhase.Busy, call: 'dialing' as const }],
  ['em ligacao', { phase: AgentPhase.Busy, call: 'active' as const }],
  ['em atendimento', { phase: AgentPhase.Busy, call: 'active' as const }],
  ['pausado', { phase: AgentPhase.Paused }],
  ['em pausa', { phase: AgentPhase.Paused }],
  ['pos atendimento', { phase: AgentPhase.AfterCall }],
  ['deslogado', { phase: AgentPhase.LoggedOut }],
  ['nao logado', { phase: AgentPhase.LoggedOut }],
  ['offline', { phase: AgentPhase.LoggedOut }],
  ['', { phase: AgentPhase.Unknown }],
]);

/** A status text → phase; anything undocumented is `unknown` (the text is kept as the detail). */
export function statusPhase(status: string): { phase: AgentPhase; call?: 'dialing' | 'active' } {
  return STATUS_PHASES.get(fold(status)) ?? { phase: AgentPhase.Unknown };
}

/** Whether a pause name is the automatic post-call pause ("Pós Atendimento"). */
export function isPostCallPause(name: string): boolean {
  return fold(name) === 'pos atendimento';
}

/** `INFORMACAO_PAUSA`. */
export interface PauseDetails {
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  /** `tempo-limite` ("60 minutos") in minutes; absent or 0: no limit. */
  readonly limitMinutes?: number;
  /** `tempo-decorrido` in seconds. */
  readonly elapsedSeconds?: number;
  readonly note?: string;
}

export function pauseDetails(data: WireData): PauseDetails {
  const limit = /(\d+)/.exec(textOf(data['tempo-limite']))?.[1];
  const elapsedText = textOf(data['tempo-decorrido']).trim();
  const elapsed = Number(elapsedText);
  const note = textOf(data['obs']).trim();
  return defined({
    id: idText(data['id-pausa'] ?? data['idPausa']) || undefined,
    name: textOf(data['pausa']).trim() || undefined,
    description: textOf(data['descricao']).trim() || undefined,
    limitMinutes: limit === undefined ? undefined : Number(limit),
    elapsedSeconds: elapsedText !== '' && Number.isFinite(elapsed) && elapsed >= 0 ? Math.floor(elapsed) : undefined,
    note: note ? htmlToText(note) : undefined,
  });
}

/* ------------------------------------------------------------- call events */

/** The call fields of `DIALING`, `ANSWER`, `HANGUP` (and the `rl` of the dialer and scheduled events). */
export interface CallFields {
  /** `rl`: the call id. */
  readonly rl?: string;
  readonly linkedRl?: string;
  /** `numero-discado` (agent calls), `numero-contato` (dialer), `numero-agendamento` (scheduled). */
  readonly number?: string;
  /** `origem-tipo` (`AGENTE` for calls an agent made). */
  readonly originType?: string;
  /** `origem-nome`: the agent's name for agent calls, the queue's for queue calls (our reading). */
  readonly originName?: string;
}

export function callFields(data: Attributes): CallFields {
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = data[k]?.trim();
      if (v && v !== '-') return v;
    }
    return undefined;
  };
  return defined({
    rl: pick('rl'),
    linkedRl: pick('linked-rl'),
    number: pick('numero-discado', 'numero-contato', 'numero-agendamento'),
    originType: pick('origem-tipo'),
    originName: pick('origem-nome'),
  });
}

/**
 * Whether call fields describe a call the agent started. The documents give `DIALING`/`ANSWER`/`HANGUP` fields
 * "only for calls started by an agent" (`origem-tipo: AGENTE`); an `ANSWER` with no `DIALING` before it and any
 * other `origem-tipo`, or none at all, is a call put through to the agent (a queue call).
 */
export function agentCall(fields: CallFields): boolean {
  return fields.originType?.toUpperCase() === 'AGENTE';
}

/* ------------------------------------------------------------------ errors */

/** An `ERRO` answer as a `CtiError` (`vendorCode` = `erroCod`, `detail` = `informacao`). */
export function catixError(code: string, text: string, operation: string, at: Timestamp): CtiError {
  return defined({
    code: ERROR_MAP.get(code) ?? 'command-failed',
    at,
    operation,
    vendorCode: code || undefined,
    detail: text.trim().slice(0, 300) || undefined,
  });
}

/* ------------------------------------------------------------------- text */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Server text that may carry HTML (`STATUS_AGENTE.obs`: `<b>Tipo Ligação:</b><i> Sainte</i>`) → plain text:
 * tags removed (a `<br>` or block end becomes a space), the common entities decoded, white space collapsed.
 * The result is still server text: render it as text.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>?/g, (tag) => (/^<\/?(br|p|div|li|tr)\b/i.test(tag) ? ' ' : ''))
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[name.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** `hh:mm:ss` (or `mm:ss`) → seconds; `-`, empty or malformed → undefined. */
export function hmsSeconds(text: string): number | undefined {
  const m = /^\s*(?:(\d+):)?([0-5]?\d):([0-5]?\d)\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** `dd/MM/yyyy HH:mm[:ss]` (the server's local time, taken as this browser's) → epoch ms; else undefined. */
export function brDateTime(text: string): Timestamp | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const [day, month, year, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(year, month - 1, day, hour, minute, second);
  return date.getMonth() === month - 1 ? date.getTime() : undefined;
}

/** A number to dial as Catix takes it: formatting (spaces, dots, dashes, parentheses) removed; undefined when unusable. */
export function dialString(input: string): string | undefined {
  const s = input.trim().replace(/[\s().-]/g, '');
  return /^\+?[0-9*#]{1,32}$/.test(s) ? s : undefined;
}

/** Digits only (comparing `(17) 99149-1234` with `17991491234`). */
export function digits(text: string): string {
  return text.replace(/\D/g, '');
}

/* ---------------------------------------------------------------- helpers */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `atributos` of an answer: a map, or (a server that serialises its map) JSON text of one; else empty. */
function record(value: unknown): WireData {
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (isRecord(parsed)) return parsed;
    } catch {
      // not JSON: no attributes
    }
  }
  return isRecord(value) ? value : {};
}

export { defined } from '../../domain/defined.js';

/** A string as sent, a finite number as text; anything else → ''. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** An id sent as a string (trimmed) or a number → text; anything else → undefined. */
function idText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : textOf(value) || undefined;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(true|sim|s|1|yes)$/i.test(value.trim());
  return false;
}

/** Lower case, accents removed, spaces collapsed: `Pós  Atendimento` → `pos atendimento`. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
