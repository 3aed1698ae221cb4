/**
 * DGPhone correlation: the table of what confirms each command, on the runtime's correlation by name
 * (`../runtime/by-name.ts`: first in first out per command name, a late answer stays its own, every wait
 * bounded, nothing past its link). Seed assumptions (seed 001): the seed promises a `DGPhoneResponse` for
 * `Login` only; other actions "may generate a response event or a DGPhone event" ("podem gerar um evento de
 * resposta ou um evento do DGPhone"). So each command names what confirms it, with one bound
 * (`requestTimeoutMs`):
 *   Login           its DGPhoneResponse (Success / Error): promised, silence is "no answer" (`timeout`)
 *   LineSelect      LineSelected on that line          Dial     Dialing (or Answer) on its line / its Number
 *   Answer          Answer on that line                Hold     Hold (`Hold: 1|0`) on the selected line
 *   Hangup          Hangup or Ready on that line       logoff   the server closing the link ("a conexão será
 *                                                                encerrada")
 *   SendDtmf, Status  done once written (no event promised; Status lines are collected by the resync)
 * A `DGPhoneResponse` that does come carries no id: it names its `Command:` (and a `Line:` when the server
 * adds one: not in the seed) and answers the OLDEST command of that name sent in the last bound (the
 * runtime's rule). Success completes that command, Error fails it; when that command was already confirmed
 * by its event (or written), Error is still shown. A response that names no command is taken only when
 * unambiguous, never guessed by order. A confirmation bound that expires is `timeout` / `not-confirmed`
 * ("the DGPhone did not confirm"), never "the server did not answer" — except for Login, whose answer is
 * promised.
 */
import type { CtiError } from '../../domain/model.js';
import type { NamedAnswer } from '../runtime/by-name.js';
import type { RequestSpec } from '../runtime/requests.js';
import { defined, encodeCommand, type DGCommandName, type DGMessage, type LineStatusName } from './codec.js';
import type { LineMessage } from './lines.js';

/** What confirms a command. `what` names it in a timeout's detail. */
export type Confirm =
  /** Its DGPhoneResponse (Login), or the link closing (logoff). */
  | { readonly by: 'response'; readonly what: string }
  /** A DGPhoneEvent, or a DGPhoneResponse that comes first; with `quietMs`, silence that long resolves (`undefined`). */
  | { readonly by: 'event'; readonly what: string; readonly match: (m: LineMessage) => boolean; readonly quietMs?: number }
  /** Done once written. */
  | { readonly by: 'write' };

export const WRITTEN: Confirm = { by: 'write' };

/** Confirmed by one of `statuses` on `line`. */
export function onLine(line: number, ...statuses: LineStatusName[]): Confirm {
  return { by: 'event', what: statuses.join(' / '), match: (m) => m.line === line && statuses.includes(m.status) };
}

/** A DGPhone command as a runtime request. */
export interface DGRequest extends RequestSpec<DGMessage> {
  /** A `Response: Error` that comes after it settled (default: shown as an error). */
  readonly lateError?: (error: CtiError) => void;
}

/** `command` on the wire, correlated by its name (and `line`, the line it acts on: its `Line:` or the selected one). */
export function dgRequest(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): DGRequest {
  return defined({
    op: command,
    payload: encodeCommand(command, fields),
    by: 'name',
    name: command,
    scope: line,
    written: confirm.by === 'write' || undefined,
    awaits: confirm.by === 'write' ? undefined : confirm.what,
    accepts: confirm.by === 'event' ? (m: DGMessage) => m.kind === 'line' && confirm.match(m) : undefined,
    promised: command === 'Login' || undefined,
    timeoutMs: confirm.by === 'event' ? confirm.quietMs : undefined,
    silence: confirm.by === 'event' && confirm.quietMs ? 'resolve' : undefined,
    lateError,
  });
}

/** The error a `Response: Error` means for `operation` (a refused Login: `auth-failed`). */
export function responseError(m: Extract<DGMessage, { kind: 'response' }>, operation: string, at: number): CtiError {
  const login = operation === 'Login';
  return defined({ code: login ? 'auth-failed' : 'command-failed', at, operation, vendorCode: login ? 'login-refused' : 'Error', detail: m.message || undefined });
}

/** A `DGPhoneResponse` as an answer naming its command (and line). */
export function namedAnswer(m: Extract<DGMessage, { kind: 'response' }>, at: number): NamedAnswer<DGRequest> {
  return defined({ name: m.command, scope: m.line, refusal: m.ok ? undefined : (r: DGRequest) => responseError(m, r.op, at) });
}
