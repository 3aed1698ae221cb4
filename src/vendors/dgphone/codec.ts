/**
 * Intelix DGPhone codec: framed packets ↔ typed messages. Pure: no DOM, no socket, no clock.
 *
 * The wire (seed 001, Portuguese; Asterisk-manager style, TCP 5038): `Key: Value` lines, a packet ends with
 * an empty line. Framing (CRLF / bare LF, banner, duplicate keys, size bound) is `relay/framing-packets.ts`;
 * this module reads one framed item and says what it means, and builds the packets we send.
 *
 * ```
 *   client → server   Action: DGPhoneCommand / Command: Login|logoff|Status|LineSelect|Hold|Dial|Answer|
 *                     SendDtmf|Hangup / User: <extension> / …the command's keys
 *   server → client   Event: DGPhoneResponse  Response: Success|Error, Command, Message (, User)
 *                     Event: DGPhoneEvent     User, Status: LineSelected|Dialing|ReceivingCall|Answer|Hold|
 *                                             Hangup|Ready|DTMFReceived (+ Line, Number, Hold, Digit)
 *                                             | UserLogoff | AgentLogin|AgentCalled|AgentConnect|AgentComplete|
 *                                             AgentLogoff (+ Agent, Uniqueid)
 *                     (Event: Status          as DGPhoneEvent: a reading of the seed's "evento Status", L39)
 *                     Event: DGTimeStamp      Time   (keep-alive)
 * ```
 *
 * Keys and the names of events, statuses and commands are matched case-insensitively (as Asterisk reads
 * keys). Nothing here throws: a packet that cannot mean anything is a `malformed` message with a reason and a
 * short preview (secret-looking values masked).
 */
import { fieldValue, type Packet, type PacketItem } from '../relay/framing-packets.js';
import { defined } from '../../domain/defined.js';

/** DGPhone has six lines, numbered 1..6. */
export const LINE_COUNT = 6;

/** Commands as spelled on the wire (the seed writes `logoff` in lower case). */
const COMMAND_NAMES = ['Login', 'logoff', 'Status', 'LineSelect', 'Hold', 'Dial', 'Answer', 'SendDtmf', 'Hangup'] as const;
export type DGCommandName = (typeof COMMAND_NAMES)[number];

/** `Status:` values of line events (also what `Status` reports for each line). */
const LINE_STATUS_NAMES = ['LineSelected', 'Dialing', 'ReceivingCall', 'Answer', 'Hold', 'Hangup', 'Ready', 'DTMFReceived'] as const;
export type LineStatusName = (typeof LINE_STATUS_NAMES)[number];

/** `Status:` values of the agent (queue) events. */
const AGENT_STATUS_NAMES = ['AgentLogin', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'AgentLogoff'] as const;
export type AgentStatusName = (typeof AGENT_STATUS_NAMES)[number];

/** DTMF keys (`Digit` of DTMFReceived, `Digits` of SendDtmf). */
export const DTMF_KEYS = /^[0-9*#A-D]+$/;

/** Wire names read case-insensitively: lower case → as the seed spells it. */
const byLowerCase = <T extends string>(names: readonly T[]): ReadonlyMap<string, T> => new Map(names.map((n) => [n.toLowerCase(), n]));
const LINE_STATUSES = byLowerCase(LINE_STATUS_NAMES);
const AGENT_STATUSES = byLowerCase(AGENT_STATUS_NAMES);
const COMMANDS = byLowerCase(COMMAND_NAMES);

export type DGMessage =
  /** `Event: DGPhoneResponse` (or a bare `Response:` packet). `ok`: `Response: Success`. */
  | {
      readonly kind: 'response';
      readonly ok: boolean;
      /** The command it answers, canonical when known, else as sent by the server; absent if not given. */
      readonly command?: string;
      readonly message?: string;
      readonly user?: string;
      /** `Line:` when the server names one (not in the seed's response; used to narrow the match). */
      readonly line?: number;
    }
  /** A line event (or one line of a `Status` answer). */
  | {
      readonly kind: 'line';
      readonly status: LineStatusName;
      readonly user?: string;
      readonly line: number;
      readonly number?: string;
      /** `Hold: 1` (true) / `Hold: 0` (false); only for `Hold`. */
      readonly hold?: boolean;
      /** Only for `DTMFReceived`. */
      readonly digit?: string;
    }
  | {
      readonly kind: 'agent';
      readonly status: AgentStatusName;
      readonly user?: string;
      readonly agent?: string;
      readonly uniqueid?: string;
    }
  /** The DGPhone of `user` closed or became unavailable. */
  | { readonly kind: 'user-logoff'; readonly user?: string }
  /** `Event: DGTimeStamp`: the link is alive. */
  | { readonly kind: 'timestamp'; readonly time?: string }
  /** The server's greeting line before the first packet. */
  | { readonly kind: 'banner'; readonly line: string }
  /** A well-formed event we do not know. */
  | { readonly kind: 'unknown'; readonly event: string; readonly status?: string; readonly user?: string }
  | { readonly kind: 'malformed'; readonly reason: string; readonly preview: string; readonly tooLong?: true };

/** What one framed item means. Never throws. */
export function decodeItem(item: PacketItem): DGMessage {
  switch (item.kind) {
    case 'packet':
      return decodePacket(item);
    case 'banner':
      return { kind: 'banner', line: item.line };
    case 'stray':
      return malformed('a line that is not `Key: Value`', item.line);
    case 'overflow':
      return malformed(`a packet longer than ${item.limit} characters was dropped`, '', true);
  }
}

/** What one packet means. Never throws. */
export function decodePacket(packet: Packet): DGMessage {
  const get = (key: string): string | undefined => {
    const v = fieldValue(packet, key);
    return v === undefined ? undefined : v.trim();
  };
  const event = get('Event');
  const user = nonEmpty(get('User'));
  const bad = (reason: string): DGMessage => malformed(reason, packetPreview(packet));
  if (event === undefined || event === '') {
    // AMI answers `Response: …` without `Event:`; accept that shape for a response too.
    if (get('Response') !== undefined) return response(get, user, bad);
    return bad('a packet without Event');
  }
  switch (event.toLowerCase()) {
    case 'dgphoneresponse':
      return response(get, user, bad);
    case 'dgtimestamp':
      return defined({ kind: 'timestamp', time: nonEmpty(get('Time')) });
    case 'dgphoneevent':
    // Seed L39 "será gerado o evento Status para cada linha": L27 names an event by its `Event:` ("evento de
    // resposta (DGPhoneResponse)"), so a server may answer Status with `Event: Status` packets: read as DGPhoneEvent.
    case 'status':
      return dgEvent(get, user, bad);
    default:
      return defined({ kind: 'unknown', event, status: nonEmpty(get('Status')), user });
  }
}

type Getter = (key: string) => string | undefined;

function response(get: Getter, user: string | undefined, bad: (reason: string) => DGMessage): DGMessage {
  const value = (get('Response') ?? '').toLowerCase();
  if (value !== 'success' && value !== 'error') return bad(`Response is neither Success nor Error: '${get('Response') ?? ''}'`);
  const rawCommand = nonEmpty(get('Command'));
  const command = rawCommand === undefined ? undefined : (COMMANDS.get(rawCommand.toLowerCase()) ?? rawCommand);
  return defined({ kind: 'response', ok: value === 'success', command, message: nonEmpty(get('Message')), user, line: lineNumber(get('Line')) });
}

function dgEvent(get: Getter, user: string | undefined, bad: (reason: string) => DGMessage): DGMessage {
  const rawStatus = nonEmpty(get('Status'));
  if (rawStatus === undefined) return bad('a DGPhoneEvent without Status');
  const key = rawStatus.toLowerCase();
  if (key === 'userlogoff') return defined({ kind: 'user-logoff', user });
  const agentStatus = AGENT_STATUSES.get(key);
  if (agentStatus) return defined({ kind: 'agent', status: agentStatus, user, agent: nonEmpty(get('Agent')), uniqueid: nonEmpty(get('Uniqueid')) });
  const status = LINE_STATUSES.get(key);
  if (!status) return defined({ kind: 'unknown', event: 'DGPhoneEvent', status: rawStatus, user });
  const line = lineNumber(get('Line'));
  if (line === undefined) return bad(`${status} without a valid Line (1..${LINE_COUNT}): '${get('Line') ?? ''}'`);
  let hold: boolean | undefined;
  let digit: string | undefined;
  if (status === 'Hold') {
    const h = get('Hold');
    if (h !== '1' && h !== '0') return bad(`Hold without Hold: 1|0 ('${h ?? ''}')`);
    hold = h === '1';
  } else if (status === 'DTMFReceived') {
    digit = (get('Digit') ?? '').toUpperCase();
    if (digit.length !== 1 || !DTMF_KEYS.test(digit)) return bad(`DTMFReceived with an invalid Digit: '${get('Digit') ?? ''}'`);
  }
  return defined({ kind: 'line', status, user, line, number: nonEmpty(get('Number')), hold, digit });
}

/** `1..6` as a number; anything else `undefined`. */
export function lineNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n >= 1 && n <= LINE_COUNT ? n : undefined;
}

/**
 * One command packet: `Action: DGPhoneCommand`, `Command`, then `fields` in order; CRLF line ends and the
 * empty line. CR and LF inside a value are replaced by spaces, so a value can never end the packet or add a key.
 */
export function encodeCommand(command: DGCommandName, fields: readonly (readonly [string, string])[] = []): string {
  const lines = [`Action: DGPhoneCommand`, `Command: ${command}`, ...fields.map(([k, v]) => `${clean(k)}: ${clean(v)}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const clean = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

/**
 * A number the agent typed, as DGPhone should dial it: blanks, dots, dashes and parentheses dropped; what is
 * left must be `+` (first) and `0-9 * #`. `undefined` when nothing dialable is left.
 */
export function dialString(input: string): string | undefined {
  const s = input.replace(/[\s().-]/g, '');
  return /^\+?[0-9*#]{1,40}$/.test(s) ? s : undefined;
}

const SECRET_KEY = /^(digits|pin|password|passwd|secret|token)$/i;

/** A short, single-line view of a packet for logs and error details; secret-looking values are `***`. */
export function packetPreview(packet: Packet, max = 160): string {
  const text = packet.fields.map(([k, v]) => `${k}: ${SECRET_KEY.test(k.trim()) ? '***' : v}`).join('; ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Longest reason kept: a reason quotes the server's value (`Response is neither …: '<value>'`). */
const MAX_REASON = 300;

function malformed(reason: string, preview: string, tooLong = false): DGMessage {
  const p = preview.length > 160 ? `${preview.slice(0, 160)}…` : preview;
  return defined({ kind: 'malformed', reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason, preview: p, tooLong: tooLong || undefined });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value || undefined;
}

export { defined } from '../../domain/defined.js';
