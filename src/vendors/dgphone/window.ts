/**
 * DGPhone correlation (the runtime's "by confirming event", with the DGPhone's own response rule). The seed
 * promises a `DGPhoneResponse` for `Login` only; other actions "may generate a response event or a DGPhone
 * event". So each command names what confirms it, with one bound (`requestTimeoutMs`):
 *   Login           its DGPhoneResponse (Success / Error)
 *   LineSelect      LineSelected on that line          Dial     Dialing (or Answer) on its line / its Number
 *   Answer          Answer on that line                Hold     Hold (`Hold: 1|0`) on the selected line
 *   Hangup          Hangup or Ready on that line       logoff   the server closing the link
 *   SendDtmf, Status  done once written (no event promised; Status lines are collected by the resync)
 * A `DGPhoneResponse` that does come is matched without an id: the OLDEST command sent in the last bound that
 * has had no response yet and whose name equals its `Command:` (and its `Line:`, when the server adds one).
 * Success completes that command, Error fails it; when that command was already confirmed by its event (or
 * written), Error is still shown. A response that names no command is taken only when unambiguous (one command
 * in the window; for an Error, one command not confirmed by its event), never guessed by order. A confirmation
 * bound that expires is `timeout` / `not-confirmed` ("the DGPhone did not confirm"), never "the server did not
 * answer" — except for Login, whose answer is promised.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { CtiError, ErrorCode, LogLevel } from '../../domain/model.js';
import { DGCommand, type DGCommandName, type DGMessage, type LineStatusName } from './codec.js';
import type { LineMessage } from './lines.js';

/** What confirms a command. `what` names it in a timeout's detail. */
export type Confirm =
  /** Its DGPhoneResponse (Login), or the link closing (logoff). */
  | { readonly by: 'response'; readonly what: string }
  /** A DGPhoneEvent, or a DGPhoneResponse that comes first. */
  | { readonly by: 'event'; readonly what: string; readonly match: (m: LineMessage) => boolean }
  /** Done once written. */
  | { readonly by: 'write' };

export const WRITTEN: Confirm = { by: 'write' };

/** Confirmed by one of `statuses` on `line`. */
export function onLine(line: number, ...statuses: LineStatusName[]): Confirm {
  return { by: 'event', what: statuses.join(' / '), match: (m) => m.line === line && statuses.includes(m.status) };
}

/** A command sent in the last bound. */
interface Pending {
  readonly command: DGCommandName;
  /** The line it acts on (its `Line:` or the selected line), to narrow a response that names a line. */
  readonly line: number | undefined;
  readonly confirm: Confirm;
  /** Confirmed, written, failed or timed out: kept in the window only to take its own late response. */
  settled: boolean;
  /** Its confirming event came: it worked, so an Error that names no command is not its. */
  confirmedByEvent: boolean;
  readonly resolve: () => void;
  readonly reject: (error: CtiError) => void;
  timer: TimerHandle | undefined;
  /** A `Response: Error` that comes after it settled (default: shown as an error). */
  readonly lateError: ((error: CtiError) => void) | undefined;
}

export interface WindowHost {
  readonly clock: Clock;
  readonly timeoutMs: number;
  log(level: LogLevel, message: string): void;
  /** Show an error (a late or unsolicited Error). */
  report(error: CtiError): void;
}

/** Commands kept in the response window at most. */
const MAX_WINDOW = 32;

export class ResponseWindow {
  readonly #host: WindowHost;
  /** Commands sent in the last bound, oldest first. */
  readonly #window: Pending[] = [];

  constructor(host: WindowHost) {
    this.#host = host;
  }

  /** Wait for `command`'s confirmation; `write` puts it on the wire (`false`: not sent). */
  request(command: DGCommandName, line: number | undefined, confirm: Confirm, lateError: ((e: CtiError) => void) | undefined, write: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { command, line, confirm, settled: false, confirmedByEvent: false, resolve, reject, timer: undefined, lateError };
      p.timer = this.#host.clock.setTimeout(() => this.#expire(p), this.#host.timeoutMs);
      this.#window.push(p);
      if (this.#window.length > MAX_WINDOW) {
        const oldest = this.#window.find((q) => q.settled);
        if (oldest) this.#forget(oldest);
      }
      if (!write()) {
        this.#forget(p);
        this.#settle(p, this.#error('not-connected', command));
        return;
      }
      if (confirm.by === 'write') this.#settle(p);
    });
  }

  /** A line event: it confirms the oldest command waiting for it. */
  onLine(m: LineMessage): void {
    const confirmed = this.#window.find((p) => !p.settled && p.confirm.by === 'event' && p.confirm.match(m));
    if (confirmed) {
      confirmed.confirmedByEvent = true;
      this.#settle(confirmed);
    }
  }

  onResponse(m: Extract<DGMessage, { kind: 'response' }>): void {
    const pending = this.#answered(m);
    const error = (operation: string): CtiError => {
      const login = operation === DGCommand.Login;
      return { code: login ? 'auth-failed' : 'command-failed', at: this.#host.clock.now(), operation, vendorCode: login ? 'login-refused' : 'Error', ...(m.message ? { detail: m.message } : {}) };
    };
    if (!pending) {
      this.#host.log('warn', `DGPhone: response to no command sent (${m.command ?? 'no Command'}, ${m.ok ? 'Success' : 'Error'})`);
      if (!m.ok) this.#host.report(error(m.command ?? 'receive'));
      return;
    }
    this.#forget(pending);
    this.#host.log('debug', `DGPhone ← ${pending.command} ${m.ok ? 'Success' : `Error${m.message ? ` (${m.message})` : ''}`}${pending.settled ? ' (already settled)' : ''}`);
    if (!pending.settled) this.#settle(pending, m.ok ? undefined : error(pending.command));
    else if (!m.ok) (pending.lateError ?? ((e: CtiError) => this.#host.report(e)))(error(pending.command));
  }

  /** Fail and forget every command (the link or the DGPhone went away). */
  failAll(code: ErrorCode, detail: string): void {
    for (const p of [...this.#window]) {
      this.#forget(p);
      this.#settle(p, { ...this.#error(code, p.command), detail });
    }
  }

  /**
   * The command a response answers: the oldest in the window with its `Command:` (narrowed by `Line:` when
   * both name one). With no `Command:`, only an unambiguous one, never a guess by order: the one command in
   * the window; for an Error, also the one command whose event has not confirmed it (an Error cannot be the
   * answer of a command its event showed working).
   */
  #answered(m: Extract<DGMessage, { kind: 'response' }>): Pending | undefined {
    const wanted = m.command?.toLowerCase();
    if (wanted === undefined) {
      const open = m.ok ? this.#window : this.#window.filter((p) => !p.confirmedByEvent);
      return open.length === 1 ? open[0] : undefined;
    }
    const named = this.#window.filter((p) => p.command.toLowerCase() === wanted);
    const sameLine = m.line === undefined ? [] : named.filter((p) => p.line === m.line);
    return (sameLine.length ? sameLine : named)[0];
  }

  /**
   * The bound of a command: still unconfirmed → `timeout` (kept one more bound for its late answer);
   * settled → it leaves the window.
   */
  #expire(p: Pending): void {
    p.timer = undefined;
    if (!this.#window.includes(p)) return;
    if (p.settled || p.confirm.by === 'write') {
      this.#forget(p);
      return;
    }
    const ms = this.#host.timeoutMs;
    this.#host.log('warn', `DGPhone: ${p.command} not confirmed (no ${p.confirm.what}) in ${ms} ms`);
    p.timer = this.#host.clock.setTimeout(() => this.#forget(p), ms);
    // Login: the seed promises its response, so "no answer" is the truth. Any other command: not confirmed.
    this.#settle(p, { ...this.#error('timeout', p.command), ...(p.command === DGCommand.Login ? {} : { vendorCode: 'not-confirmed' }), detail: `no ${p.confirm.what} in ${Math.round(ms / 1000)} s` });
  }

  #settle(p: Pending, error?: CtiError): void {
    if (p.settled) return;
    p.settled = true;
    if (error) p.reject(error);
    else p.resolve();
  }

  /** Out of the window (answered, or its bound passed). */
  #forget(p: Pending): void {
    const i = this.#window.indexOf(p);
    if (i >= 0) this.#window.splice(i, 1);
    if (p.timer) this.#host.clock.clearTimeout(p.timer);
    p.timer = undefined;
  }

  #error(code: ErrorCode, operation: string): CtiError {
    return { code, at: this.#host.clock.now(), operation };
  }
}
