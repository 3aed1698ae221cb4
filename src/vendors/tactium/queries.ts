/**
 * Tactium requests and the two queries: the status (seed 4.6, its `<S><code>` reply promised) and the current
 * call (4.11, fenced by `<S>`). Replies carry no id: every request is correlated by order (one on the wire at a
 * time, `../runtime/requests.ts`); anything error-shaped while one waits fails it, with the server's words.
 */
import type { CtiError, LogLevel } from '../../domain/model.js';
import type { RequestSpec } from '../runtime/requests.js';
import { replyWords, sameLogin, type TactiumCall, type TactiumMessage } from './codec.js';
import * as TactiumCommand from './commands.js';

/** What a request is for: a status read (a poll: not logged), a query, a command, the bind. */
export interface Request extends RequestSpec<TactiumMessage> {
  readonly kind: 'bind' | 'status' | 'query' | 'command';
  /** A status read for a snapshot (the resync's `<AC>`+`<S>`): no `agent` event of its own. */
  readonly quiet?: boolean;
  /** Dial: the service the call is linked to. */
  readonly service?: string;
  /** Supervisor: the agent asked about. */
  readonly subject?: string;
  /** Run as the reply is read (`undefined`: it came back error-shaped), before any later message. */
  readonly answered?: (reply: TactiumMessage | undefined) => void;
}

/** A request as the adapter writes it (the correlation and the failure test are the same for all). */
export type Ask = Omit<Request, 'by' | 'fails'>;

export const isFailureReply = (m: TactiumMessage): boolean => m.kind === 'error' || m.kind === 'unknown' || m.kind === 'garbage';

/**
 * A failure-shaped reply → the error's detail: the server's words (`replyWords`), never the wire text (that
 * goes to the log). The seed documents no error reply nor any result code: see `codec.ts`.
 */
export const failureDetail = (m: TactiumMessage): string | undefined => (isFailureReply(m) ? replyWords(m) : undefined);

/** How the server answered `<AC>` before the `<S>` fence: a call, a "no call" form, an error-shaped reply, nothing. */
export type CurrentCallAnswer = 'call' | 'empty' | 'error' | 'none';

export interface CurrentCall {
  readonly call: TactiumCall | undefined;
  readonly answer: CurrentCallAnswer;
  /** The status from the fence's `<S>` reply (`undefined` when it came back error-shaped). */
  readonly code: string | undefined;
}

export interface QueriesHost {
  /** Send a request (correlated by order; failure-shaped replies fail it). */
  request(spec: Ask): Promise<TactiumMessage | undefined>;
  /** A message as an event (it may also have answered `request`). */
  handle(m: TactiumMessage, request: Ask | undefined): void;
  log(level: LogLevel, message: string): void;
  /** A supervisor session: a "no call" answer is a team change too. */
  readonly supervisor: boolean;
}

export class TactiumQueries {
  readonly #host: QueriesHost;
  /** A status request waiting or on the wire, per login (polls are not stacked). */
  readonly #statusWaits = new Map<string, Promise<string | undefined>>();

  constructor(host: QueriesHost) {
    this.#host = host;
  }

  /** The status of `login` (the agent, or another agent for a supervisor); one request per login at a time. */
  statusOf(login: string): Promise<string | undefined> {
    const key = login.toLowerCase();
    const waiting = this.#statusWaits.get(key);
    if (waiting) return waiting;
    const p = this.#host
      .request({
        op: 'status',
        kind: 'status',
        payload: TactiumCommand.status(login),
        subject: login,
        // The status reply is promised (seed 4.6): silence means the server is gone (or the link is half-open).
        silence: 'drop',
        accepts: (m) => m.kind === 'status' && sameLogin(m.login, login),
      })
      .then((m) => (m?.kind === 'status' ? m.code : undefined));
    const settled = p.finally(() => {
      if (this.#statusWaits.get(key) === settled) this.#statusWaits.delete(key);
    });
    this.#statusWaits.set(key, settled);
    return settled;
  }

  /**
   * `<AC>` fenced by `<S>`: seed 4.11 promises "a message like the call events" when there is a call and says
   * nothing of the case with none; 4.6 promises the `<S><code>` reply. So `<login><AC>$<login><S>$` is sent and
   * the status reply ends the query: whatever came before it is the `<AC>` answer — a call, a "no call" form
   * (`<OK>`, `<AC>`, an empty `<A>`/`<R>`, `<EndCall>`), an error-shaped reply (logged, not shown), or nothing.
   * No wait for a reply that may never come. Rejects only when the link fails (or the status never comes).
   */
  async currentCallOf(login: string, quiet = false, onAnswer?: (current: CurrentCall) => void): Promise<CurrentCall> {
    const host = this.#host;
    let call: TactiumCall | undefined;
    let answer: CurrentCallAnswer = 'none';
    const absorbs = (m: TactiumMessage): boolean => {
      if ((m.kind === 'call' || m.kind === 'no-call' || m.kind === 'ok' || m.kind === 'end-call') && sameLogin(m.login, login)) {
        if (m.kind === 'call') {
          call = m.call;
          answer = 'call';
          host.handle(m, request);
        } else {
          call = undefined;
          answer = 'empty';
          if (host.supervisor) host.handle({ kind: 'no-call', login: m.login, raw: m.raw }, request);
        }
        return true;
      }
      if (answer === 'none' && isFailureReply(m)) {
        // The first error-shaped reply is `<AC>`'s ("no call" said badly); a second one would be the status's.
        answer = 'error';
        host.log('info', `Tactium: ${TactiumCommand.currentCall(login)} answered ${m.raw}: taken as "no current call"`);
        return true;
      }
      return false;
    };
    const request: Ask = {
      op: 'current-call',
      kind: 'query',
      payload: TactiumCommand.currentCall(login) + TactiumCommand.status(login),
      subject: login,
      quiet,
      absorbs,
      silence: 'drop',
      accepts: (m) => m.kind === 'status' && sameLogin(m.login, login),
      answered: (reply) => onAnswer?.({ call, answer, code: reply?.kind === 'status' ? reply.code : undefined }),
    };
    try {
      const reply = await host.request(request);
      return { call, answer, code: reply?.kind === 'status' ? reply.code : undefined };
    } catch (e) {
      // The status came back error-shaped: what `<AC>` said still stands; the caller keeps the status it knew.
      if ((e as CtiError).code === 'command-failed') return { call, answer, code: undefined };
      throw e;
    }
  }
}
