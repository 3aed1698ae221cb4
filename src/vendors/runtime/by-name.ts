/**
 * Correlation by the command's NAME (`by: 'name'`, DGPhone): the vendor's answer names the command it answers
 * (`Command: Dial`, maybe a scope such as `Line: 3`), never the request, and the seed does not promise one for
 * every command. So a request waits for whichever comes first:
 *
 * - its confirming event (`accepts` / `fails`, offered by `Requests.match`: the OLDEST unsettled request the
 *   event confirms is settled by it), or
 * - an answer naming it (`Requests.answerByName`): the OLDEST request of that name sent in the last bound,
 *   settled or not (first in, first out per name; narrowed by `scope` when both name one). A request settled
 *   by its event, once written (`written`), or by its timeout stays for one bound more only to take its OWN
 *   late answer: that answer is reported as `late` (a late refusal is for the owner to show), and never
 *   revives, fails or settles a newer request of the same name.
 * - An answer that names no command is taken only when unambiguous, never guessed by order: the one request
 *   in the window; for a refusal, also the one request its event has not confirmed (a refusal cannot answer
 *   a command its event showed working).
 * - Every wait is bounded (`timeoutMs`, else the default). Silence is a `timeout` (detail `no-answer`; the
 *   connection logs "no <awaits> to <op> in N ms"), with
 *   vendorCode `not-confirmed` unless the seed promises the answer (`promised`). `silence: 'resolve'` /
 *   `'drop'` mean what they mean for the other kinds.
 * - `failAll` (the link went) fails what waits and forgets the settled ones: their answers cannot come on a
 *   new link.
 * At most `MAX_WINDOW` requests are kept: past it the oldest settled one leaves first.
 */
import type { TimerHandle } from '../../domain/clock.js';
import type { CtiError, ErrorCode } from '../../domain/model.js';
import type { Match, RequestSpec, RequestsHost } from './requests.js';

/** An answer that names its command (not its request). */
export interface NamedAnswer<R> {
  /** The command it names (compared without case); absent: taken only when unambiguous. */
  readonly name?: string;
  /** The scope it names too (DGPhone `Line:`): narrows between requests of that name. */
  readonly scope?: string | number;
  /** Present: the answer is a refusal; the error for the request it fails (or its late refusal). */
  readonly refusal?: (request: R) => CtiError;
}

/** Whose answer it was: settled by it now (`reply` / `failed`), or already settled before (`late`). */
export interface NamedMatch<R> {
  readonly request: R;
  readonly outcome: 'reply' | 'failed' | 'late';
  /** `late` refusal: the error, for the owner to show. */
  readonly error?: CtiError;
}

interface Named<M, R> {
  readonly request: R;
  readonly resolve: (m: M | undefined) => void;
  readonly reject: (e: CtiError) => void;
  timer: TimerHandle | undefined;
  /** Confirmed, written, failed or timed out: kept only to take its own late answer. */
  settled: boolean;
  /** Its confirming event came: a refusal that names no command is not its. */
  confirmed: boolean;
}

/** What the window needs of `Requests`' host. */
export type ByNameHost<R> = Pick<RequestsHost<R>, 'clock' | 'defaultTimeoutMs' | 'error' | 'timedOut'>;

/** Requests kept at most (settled ones leave first). */
const MAX_WINDOW = 32;

export class ByName<M, R extends RequestSpec<M>> {
  readonly #host: ByNameHost<R>;
  /** Sent in the last bound, oldest first. */
  readonly #window: Named<M, R>[] = [];

  constructor(host: ByNameHost<R>) {
    this.#host = host;
  }

  /** How many wait (settled ones kept for their late answer do not count). */
  get size(): number {
    return this.#window.filter((n) => !n.settled).length;
  }

  /** A request just written: wait for its event or its answer (settled at once when `written`). */
  add(request: R, resolve: (m: M | undefined) => void, reject: (e: CtiError) => void): void {
    const n: Named<M, R> = { request, resolve, reject, timer: undefined, settled: false, confirmed: false };
    const ms = request.timeoutMs ?? this.#host.defaultTimeoutMs;
    n.timer = this.#host.clock.setTimeout(() => this.#expire(n, ms), ms);
    this.#window.push(n);
    if (this.#window.length > MAX_WINDOW) {
      const oldest = this.#window.find((q) => q.settled);
      if (oldest) this.#forget(oldest);
    }
    if (request.written) this.#settle(n, undefined);
  }

  /** An incoming event: it settles the oldest unsettled request it confirms (or fails). */
  match(m: M): Match<R> | undefined {
    for (const n of this.#window) {
      if (n.settled) continue;
      const r = n.request;
      if (r.accepts?.(m)) {
        n.confirmed = true;
        this.#settle(n, m);
        return { request: r, outcome: 'reply' };
      }
      const detail = r.fails?.(m);
      if (detail !== undefined) {
        this.#settle(n, undefined, this.#host.error('command-failed', r.op, detail));
        return { request: r, outcome: 'failed' };
      }
    }
    return undefined;
  }

  /** An answer naming its command: whose it is (`undefined`: nobody's, e.g. unsolicited or ambiguous). */
  answer(a: NamedAnswer<R>, m: M): NamedMatch<R> | undefined {
    const n = this.#answered(a);
    if (!n) return undefined;
    this.#forget(n);
    const error = a.refusal?.(n.request);
    if (n.settled) return { request: n.request, outcome: 'late', ...(error ? { error } : {}) };
    this.#settle(n, m, error);
    return { request: n.request, outcome: error ? 'failed' : 'reply' };
  }

  /** Fail what waits and forget every request (the link went). */
  failAll(code: ErrorCode, detail: string): void {
    for (const n of this.#window.splice(0)) {
      if (n.timer) this.#host.clock.clearTimeout(n.timer);
      n.timer = undefined;
      this.#settle(n, undefined, this.#host.error(code, n.request.op, detail));
    }
  }

  #answered(a: NamedAnswer<R>): Named<M, R> | undefined {
    const wanted = a.name?.toLowerCase();
    if (wanted === undefined) {
      const open = a.refusal ? this.#window.filter((n) => !n.confirmed) : this.#window;
      return open.length === 1 ? open[0] : undefined;
    }
    const named = this.#window.filter((n) => n.request.name?.toLowerCase() === wanted);
    const sameScope = a.scope === undefined ? [] : named.filter((n) => n.request.scope === a.scope);
    return (sameScope.length ? sameScope : named)[0];
  }

  /** The bound: an unsettled request meets silence (kept one bound more for its late answer); a settled one leaves. */
  #expire(n: Named<M, R>, ms: number): void {
    n.timer = undefined;
    if (n.settled) return this.#forget(n);
    const r = n.request;
    const silence = r.silence ?? 'fail';
    n.timer = this.#host.clock.setTimeout(() => this.#forget(n), ms);
    if (silence === 'resolve') this.#settle(n, undefined);
    else {
      // A code as detail; the connection logs the sentence (`no Dialing to Dial in 2000 ms`).
      const error = this.#host.error('timeout', r.op, 'no-answer');
      this.#settle(n, undefined, r.promised ? error : { ...error, vendorCode: 'not-confirmed' });
    }
    this.#host.timedOut(r, silence, ms);
  }

  #settle(n: Named<M, R>, m: M | undefined, error?: CtiError): void {
    if (n.settled) return;
    n.settled = true;
    if (error) n.reject(error);
    else n.resolve(m);
  }

  #forget(n: Named<M, R>): void {
    const i = this.#window.indexOf(n);
    if (i >= 0) this.#window.splice(i, 1);
    if (n.timer) this.#host.clock.clearTimeout(n.timer);
    n.timer = undefined;
  }
}
