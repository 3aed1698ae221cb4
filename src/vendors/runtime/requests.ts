/**
 * Request correlation as data. A request says how its answer is recognised (`by`) and how long it may wait
 * (`timeoutMs`, always bounded) and what silence means (`silence`):
 *
 * - `id`: the answer names the request (NEON `id`, Catix `messageId`); the adapter calls `answer(id, …)`.
 *   Any number wait at once. An answer for an id nobody waits for (late, unknown) returns `false`.
 * - `order`: replies carry no id (Tactium): one request on the wire at a time, the rest wait their turn.
 *   Every incoming message is offered to the one on the wire: `accepts` → its reply; `absorbs` → it belongs
 *   to it without settling it; `fails` → its failure. Anything else is not its business.
 * - `event`: a command is confirmed by an event (DGPhone): any number wait; the first waiting request whose
 *   `accepts` takes a message is settled by it (oldest first), a `fails` match fails it.
 * - `none`: fire-and-forget where the seed promises nothing: resolved once sent.
 * - `name`: the answer names the command, not the request (DGPhone): its confirming event (`match`) or an
 *   answer naming it (`answerByName`), first in first out per name; see `by-name.ts`. Installed by the adapter
 *   that uses it (`correlateByName`), so the others do not bundle it.
 *
 * Silence: `fail` (a `timeout` error), `resolve` (the seed promises no answer: silence means yes, `undefined`),
 * `drop` (the request is the watchdog: a `timeout` error, and the owner drops the link). A request that timed
 * out is gone: a late answer finds nothing (by id) or is offered to whoever waits now (by order), never to it.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { CtiError, ErrorCode } from '../../domain/model.js';
import type { ByName, NamedAnswer, NamedMatch } from './by-name.js';

export type CorrelateBy = 'id' | 'order' | 'event' | 'none' | 'name';
export type Silence = 'fail' | 'resolve' | 'drop';

export interface RequestSpec<M> {
  /** The operation (a command's type, `bind`, `status`…): named in its errors. */
  readonly op: string;
  /** What goes on the wire. */
  readonly payload: string;
  readonly by: CorrelateBy;
  /** `by: 'id'`: the id its answer carries. */
  readonly id?: string;
  /** `order` / `event`: whether `m` is the answer (or the confirming event). */
  readonly accepts?: (m: M) => boolean;
  /** `order`: `m` belongs to this request without settling it. */
  readonly absorbs?: (m: M) => boolean;
  /** `order` / `event`: `m` fails this request; returns the error's detail. */
  readonly fails?: (m: M) => string | undefined;
  /** The bound on the wait (else the default). */
  readonly timeoutMs?: number;
  /** What silence for `timeoutMs` means (default `fail`). */
  readonly silence?: Silence;
  /** `by: 'name'`: the command its answer names (DGPhone `Command:`). */
  readonly name?: string;
  /** `by: 'name'`: the scope an answer may name too (DGPhone `Line:`). */
  readonly scope?: string | number;
  /** `by: 'name'`: done once written (nothing promised); an answer that still comes is its own (`late`). */
  readonly written?: boolean;
  /** `by: 'name'`: what confirms it, named in its timeout's log line (`no Dialing to Dial in 8000 ms`). */
  readonly awaits?: string;
  /** `by: 'name'`: the seed promises its answer: silence is a plain `timeout`, not `not-confirmed`. */
  readonly promised?: boolean;
}

/** What an incoming message was to the requests: whose reply, absorbed by whom, whose failure. */
export interface Match<R> {
  readonly request: R;
  readonly outcome: 'reply' | 'absorbed' | 'failed';
}

export interface RequestsHost<R> {
  readonly clock: Clock;
  readonly defaultTimeoutMs: number;
  /** Put a payload on the wire; `false`: not sent (the link is not open). */
  send(payload: string, request: R): boolean;
  error(code: ErrorCode, operation: string, detail?: string): CtiError;
  /** A request met silence; `drop` requests: the owner drops the link. */
  timedOut(request: R, silence: Silence, ms: number): void;
}

interface Entry<M, R> {
  readonly request: R;
  readonly resolve: (m: M | undefined) => void;
  readonly reject: (e: CtiError) => void;
  timer?: TimerHandle;
}

export class Requests<M, R extends RequestSpec<M> = RequestSpec<M>> {
  readonly #host: RequestsHost<R>;
  /** `id` and `event` requests waiting, oldest first. */
  readonly #waiting: Entry<M, R>[] = [];
  /** `order` requests not yet sent. */
  readonly #queue: Entry<M, R>[] = [];
  /** The `order` request on the wire. */
  #inflight: Entry<M, R> | undefined;
  /** `name` requests (waiting, or settled and kept for their own late answer), once installed. */
  #named: ByName<M, R> | undefined;

  constructor(host: RequestsHost<R>) {
    this.#host = host;
  }

  /** Install the correlation by name: `correlateByName((host) => new ByName(host))` (`by-name.ts`). */
  correlateByName(make: (host: RequestsHost<R>) => ByName<M, R>): void {
    this.#named ??= make(this.#host);
  }

  /** How many wait (queued, on the wire, or waiting for an id / event / named answer). */
  get size(): number {
    return this.#waiting.length + this.#queue.length + (this.#inflight ? 1 : 0) + (this.#named?.size ?? 0);
  }

  /** The `order` request on the wire. */
  get inflight(): R | undefined {
    return this.#inflight?.request;
  }

  /** Send `request` and wait for its answer (resolves with it; `undefined` for fire-and-forget or `resolve` silence). */
  request(request: R): Promise<M | undefined> {
    return new Promise<M | undefined>((resolve, reject) => {
      const entry: Entry<M, R> = { request, resolve, reject };
      const named = this.#named;
      if (request.by === 'name' && !named) {
        reject(this.#host.error('internal', request.op, 'no-correlation-by-name'));
        return;
      }
      if (request.by === 'order') {
        this.#queue.push(entry);
        this.#pump();
        return;
      }
      if (!this.#host.send(request.payload, request)) {
        reject(this.#host.error('not-connected', request.op, 'link-closed'));
        return;
      }
      if (request.by === 'none') {
        resolve(undefined);
        return;
      }
      if (named && request.by === 'name') {
        named.add(request, resolve, reject);
        return;
      }
      this.#waiting.push(entry);
      this.#arm(entry);
    });
  }

  /** By id: `m` answers `id`. `false`: nobody waits for it (late, unknown, already settled). */
  answer(id: string, m: M): boolean {
    const entry = this.#byId(id);
    if (!entry) return false;
    this.#settle(entry, m);
    return true;
  }

  /** By id: the answer to `id` is a refusal. `false`: nobody waits for it. */
  refuse(id: string, error: CtiError): boolean {
    const entry = this.#byId(id);
    if (!entry) return false;
    this.#settle(entry, undefined, error);
    return true;
  }

  /** By name: an answer naming its command (DGPhone); whose it was, `late` included (`by-name.ts`). */
  answerByName(answer: NamedAnswer<R>, m: M): NamedMatch<R> | undefined {
    return this.#named?.answer(answer, m);
  }

  /** Offer an incoming message to the `order` request on the wire, then to the `event` requests, then to the `name` ones. */
  match(m: M): Match<R> | undefined {
    const current = this.#inflight;
    if (current) {
      const r = current.request;
      if (r.accepts?.(m)) {
        this.#settle(current, m);
        return { request: r, outcome: 'reply' };
      }
      if (r.absorbs?.(m)) return { request: r, outcome: 'absorbed' };
      const detail = r.fails?.(m);
      if (detail !== undefined) {
        this.#settle(current, undefined, this.#host.error('command-failed', r.op, detail));
        return { request: r, outcome: 'failed' };
      }
    }
    for (const entry of this.#waiting) {
      const r = entry.request;
      if (r.by !== 'event') continue;
      if (r.accepts?.(m)) {
        this.#settle(entry, m);
        return { request: r, outcome: 'reply' };
      }
      const detail = r.fails?.(m);
      if (detail !== undefined) {
        this.#settle(entry, undefined, this.#host.error('command-failed', r.op, detail));
        return { request: r, outcome: 'failed' };
      }
    }
    return this.#named?.match(m);
  }

  /** Fail every request (the link went, or the owner closed): nothing waits past its link. */
  failAll(code: ErrorCode, detail: string): void {
    const all = [...(this.#inflight ? [this.#inflight] : []), ...this.#queue.splice(0), ...this.#waiting.splice(0)];
    this.#inflight = undefined;
    for (const entry of all) {
      if (entry.timer) this.#host.clock.clearTimeout(entry.timer);
      entry.reject(this.#host.error(code, entry.request.op, detail));
    }
    this.#named?.failAll(code, detail);
  }

  #byId(id: string): Entry<M, R> | undefined {
    return this.#waiting.find((e) => e.request.by === 'id' && e.request.id === id);
  }

  #pump(): void {
    while (!this.#inflight) {
      const next = this.#queue.shift();
      if (!next) return;
      if (!this.#host.send(next.request.payload, next.request)) {
        next.reject(this.#host.error('not-connected', next.request.op, 'link-closed'));
        continue;
      }
      this.#inflight = next;
      this.#arm(next);
    }
  }

  #arm(entry: Entry<M, R>): void {
    const ms = entry.request.timeoutMs ?? this.#host.defaultTimeoutMs;
    entry.timer = this.#host.clock.setTimeout(() => {
      entry.timer = undefined;
      const silence = entry.request.silence ?? 'fail';
      if (silence === 'resolve') this.#settle(entry, undefined);
      else this.#settle(entry, undefined, this.#host.error('timeout', entry.request.op, 'no-answer'));
      this.#host.timedOut(entry.request, silence, ms);
    }, ms);
  }

  /** Settle one request (once), then put the next `order` request on the wire. */
  #settle(entry: Entry<M, R>, m: M | undefined, error?: CtiError): void {
    if (entry === this.#inflight) this.#inflight = undefined;
    else {
      const i = this.#waiting.indexOf(entry);
      if (i < 0) return;
      this.#waiting.splice(i, 1);
    }
    if (entry.timer) this.#host.clock.clearTimeout(entry.timer);
    entry.timer = undefined;
    if (error) entry.reject(error);
    else entry.resolve(m);
    this.#pump();
  }
}
