/**
 * One vendor connection's lifecycle, the same for every vendor:
 *
 * ```
 *  idle ─ start() ─► connecting ─ link open ─► authenticating ─ ok ─► synchronising ─ ok ─► connected
 *          ▲             │ config problem / auth-failed ──────────────────────────────────► refused (no retry)
 *          │             │ link closed / timeout / watchdog / resync failed                     │
 *          │             ▼                                                                        │ lost
 *          └─ timer ─ waiting (backoff with jitter) ◄─────────────── lost ◄──────────────────────┘
 *  any ─ close() ─► closed          refused / waiting ─ retryNow() (a `refresh`) ─► connecting
 * ```
 *
 * - The outage is reported once: the first error of an outage is emitted, the same code again only logged;
 *   a successful authentication ends the outage.
 * - Commands fail fast with a typed `not-connected` `CtiError` unless the link is authenticated
 *   (`synchronising` or `connected`): never queued for later.
 * - `synchronise` runs after every (re)connect; the domain status reads `connected` from there on (so the
 *   snapshot it publishes lands on a connected session).
 * - Every request belongs to its link: when the link goes, they fail with `connection-lost`; messages and
 *   timers of an older link are ignored (a generation counter).
 * - Watchdog: `poll` (a probe request every `everyMs` after the last one settled; the probe is a `drop`
 *   request, so silence drops the link as `keep-alive-lost`) or `silence` (any message re-arms it; none for
 *   `limitMs` → `keep-alive-lost`).
 * - A handler bug never kills a connection: an exception thrown by `receive` drops that one message and is shown
 *   once as `internal` (detail `handler`), its message in the log; the link and what waits on it go on.
 * - Clock, transport (`open`) and random source are injected.
 *
 * Domain `connection` events (as the adapters always sent them): `connecting` for the first attempt,
 * `reconnecting` (with `attempt`) for the later ones, `reconnecting` with `attempt` and `retryAt` while
 * waiting, `connected`, `closed` (refused or closed).
 */
import type { ConnectionStatus, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterHost } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import { Requests, type RequestSpec, type Silence } from './requests.js';

export type LinkState = 'idle' | 'connecting' | 'authenticating' | 'synchronising' | 'connected' | 'waiting' | 'suspended' | 'refused' | 'closed';

/** One transport link (a WebSocket, a relay socket, an SSE stream + its REST calls). */
export interface Link {
  send(payload: string): boolean;
  /** Close without a `closed` report (the owner asked for it). */
  close(): void;
  readonly open: boolean;
}

export interface LinkEvents<M> {
  opened(): void;
  message(m: M): void;
  /** The link closed by itself; `opened`: it had been open (a drop) or never (refused). */
  closed(code: number, reason: string, opened: boolean): void;
}

export type Watchdog = { readonly kind: 'poll'; readonly everyMs: number; probe(): Promise<unknown> } | { readonly kind: 'silence'; readonly limitMs: number };

export interface ConnectionSpec<M, R extends RequestSpec<M>> {
  /** For logs: `Tactium`. */
  readonly name: string;
  readonly host: AdapterHost;
  readonly random: () => number;
  /** `serverDownBaseMs`: the base of the waits while the server says it is down (`serverDown`, `suspend`); default `baseMs`. */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number; readonly serverDownBaseMs?: number };
  readonly requestTimeoutMs: number;
  /** Open one link; its events come back through `events`. */
  open(events: LinkEvents<M>): Link;
  /** Checked before every attempt: a problem is `refused` (no link opened). */
  configProblem?(): CtiError | undefined;
  /** The link is open: sign in. Rejecting with `auth-failed` refuses; anything else is an outage. */
  authenticate(): Promise<void>;
  /** After every (re)connect: read everything again and publish it. Rejecting is an outage. */
  synchronise(): Promise<void>;
  /** How a link that closed by itself reads (a relay link: `relayCloseError` in `relay-link.ts`). */
  closeError(code: number, reason: string, opened: boolean): CtiError;
  /** Every message of the current link, in order. */
  receive(m: M): void;
  /**
   * The error that lost the link says the server is down (Interact: a 503): the wait after it reads
   * `server-down` and starts at `backoff.serverDownBaseMs` (the server's outage, not the link's backoff).
   */
  serverDown?(error: CtiError): boolean;
  /** The link went (a drop, a watchdog, a refusal): e.g. mark a call unconfirmed. */
  lost?(): void;
  /** A request met silence (after it was settled): e.g. poll now to learn whether the link lives. */
  timedOut?(request: R, silence: Silence): void;
  readonly watchdog?: Watchdog;
}

/**
 * A refusal of the adapter's own (a bad argument, a command its vendor lacks, a wrong state): what the agent sees is
 * the translated message for `code` with `detail` — a code or the offending field's name, never an English sentence
 * of ours — and the sentence `why` goes to the log. Every adapter refuses through this one function.
 */
export function refusal(host: AdapterHost, vendor: string, code: ErrorCode, operation: string, detail: string, why: string): CtiError {
  host.log('info', `${vendor}: ${operation} refused (${detail}): ${why}`);
  return errorAt(host, code, operation, detail);
}

/** A typed error at the host's clock's now (`detail` only when there is one): `Connection.error` without a connection. */
export function errorAt(host: AdapterHost, code: ErrorCode, operation: string, detail?: string): CtiError {
  return { code, at: host.clock.now(), operation, ...(detail ? { detail } : {}) };
}

export class Connection<M, R extends RequestSpec<M> = RequestSpec<M>> {
  readonly requests: Requests<M, R>;
  readonly #spec: ConnectionSpec<M, R>;
  #state: LinkState = 'idle';
  #status: ConnectionStatus = 'idle';
  #link: Link | undefined;
  #generation = 0;
  #attempt = 0;
  #everConnected = false;
  #outage: ErrorCode | undefined;
  /** The unknown event names heard on this link (`unknownEvent`). */
  readonly #unknown = new Set<string>();
  #retryTimer: ReturnType<AdapterHost['clock']['setTimeout']> | undefined;
  #watchTimer: ReturnType<AdapterHost['clock']['setTimeout']> | undefined;

  constructor(spec: ConnectionSpec<M, R>) {
    this.#spec = spec;
    this.requests = new Requests<M, R>({
      clock: spec.host.clock,
      defaultTimeoutMs: spec.requestTimeoutMs,
      send: (payload) => this.#link?.open === true && this.#link.send(payload),
      error: (code, op, detail) => this.error(code, op, detail),
      timedOut: (request, silence, ms) => {
        // The sentence is for the log (the wire only for the watchdog's probe: a sign-in may carry a secret); the detail is a code.
        const probe = silence === 'drop' ? ` (${request.payload})` : '';
        if (silence !== 'resolve') spec.host.log('warn', `${spec.name}: no ${request.awaits ?? 'answer'} to ${request.op} in ${ms} ms${probe}`);
        if (silence === 'drop') this.lose({ ...this.error('keep-alive-lost', request.op, 'no-answer'), vendorCode: 'no-reply' });
        else spec.timedOut?.(request, silence);
      },
    });
  }

  get state(): LinkState {
    return this.#state;
  }

  /** The link is authenticated: commands may go. */
  get ready(): boolean {
    return this.#state === 'synchronising' || this.#state === 'connected';
  }

  /** Bumped on every new link: work started for an older one checks it and stops. */
  get generation(): number {
    return this.#generation;
  }

  /** Open the connection and keep it open until `close` (or a refusal). */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#connect();
  }

  /** `not-connected` unless commands may go now. */
  requireReady(operation: string): void {
    if (!this.ready) throw this.error('not-connected', operation, this.#status);
  }

  /** Send a request on the current link (fails fast with `not-connected` when there is none). */
  request(request: R): Promise<M | undefined> {
    if (!this.#link?.open) return Promise.reject(this.error('not-connected', request.op, this.#status));
    return this.requests.request(request);
  }

  /** Drop the current link and try again after a backoff; the error is shown once per outage. */
  lose(error: CtiError): void {
    if (this.#state === 'closed' || this.#state === 'refused' || this.#state === 'waiting') return;
    if (this.#state === 'suspended') this.#clearRetry();
    this.#reportOutage(error);
    this.#drop('connection-lost', error.detail ?? error.code);
    this.#spec.lost?.();
    this.#wait(this.#spec.serverDown?.(error) === true);
  }

  /** Stop for good (bad credentials, a configuration problem): shown, no retry loop. */
  refuse(error: CtiError): void {
    if (this.#state === 'closed') return;
    this.#clearRetry();
    this.#emit({ type: 'error', error });
    const had = this.#link !== undefined;
    this.#drop('connection-lost', error.detail ?? error.code);
    if (had) this.#spec.lost?.();
    this.#state = 'refused';
    this.#setStatus('closed');
  }

  /** A `refresh` while not connected: try again now (also after a refusal). */
  retryNow(): void {
    if (this.#state === 'suspended') {
      this.#clearRetry();
      void this.#authenticate(this.#generation);
      return;
    }
    if (this.#state !== 'waiting' && this.#state !== 'refused' && this.#state !== 'idle') return;
    this.#clearRetry();
    this.#connect();
  }

  /**
   * The vendor's service behind a live link went away (DGPhone: UserLogoff, or a Login refused after it had
   * worked): keep the link, fail what waits, commands fail fast, status `server-down`; authenticate again ON
   * THIS LINK after a backoff. Shown unless an outage is already shown (the same outage goes on). Called from
   * `authenticate`, its rejection is then not handled again. A link that closes meanwhile is a normal loss.
   */
  suspend(error: CtiError): void {
    if (this.#state !== 'authenticating' && this.#state !== 'suspended' && !this.ready) return;
    if (this.#outage === undefined) this.#reportOutage(error);
    else this.#spec.host.log('debug', `${this.#spec.name}: still down (${error.code})`);
    this.#clearWatchdog();
    this.#clearRetry();
    this.requests.failAll(error.code, error.detail ?? error.code);
    this.#spec.lost?.();
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#spec.backoff.serverDownBaseMs ?? this.#spec.backoff.baseMs, this.#spec.backoff.maxMs, this.#spec.random);
    this.#state = 'suspended';
    this.#setStatus('server-down', this.#attempt, this.#spec.host.clock.now() + delay);
    const generation = this.#generation;
    this.#retryTimer = this.#spec.host.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (generation === this.#generation) void this.#authenticate(generation);
    }, delay);
  }

  /**
   * Open a new link now, nothing reported (the server ended the session on purpose, e.g. after a logoff):
   * what waited on the old link fails with `connection-lost`.
   */
  reopen(): void {
    if (this.#state === 'closed' || this.#state === 'refused') return;
    this.#clearRetry();
    const had = this.#link !== undefined;
    this.#drop('connection-lost', 'reopened');
    if (had) this.#spec.lost?.();
    this.#attempt = 0;
    this.#connect();
  }

  /** Poll now (e.g. a command met silence: does the link still live?). */
  pollNow(): void {
    if (this.#spec.watchdog?.kind === 'poll' && this.ready) this.#probe();
  }

  /** Close for good; the vendor session is not logged out. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#clearRetry();
    this.#drop('connection-lost', 'closed');
    this.#state = 'closed';
    this.#setStatus('closed');
  }

  error(code: ErrorCode, operation: string, detail?: string): CtiError {
    return errorAt(this.#spec.host, code, operation, detail);
  }

  /**
   * An event name the adapter does not know at all (a newer server, a variant): the first time on a link it is
   * a typed `unknown-event` error (operation `receive`, detail the name clipped to 80 characters: server text),
   * shown and logged; the same name again on that link only a debug log (a server sending an extra event every
   * second flashes no error every second). A new link starts over; past 50 names on one link, a new one is logged only.
   */
  unknownEvent(name: string): void {
    const detail = name.slice(0, 80);
    const heard = this.#unknown.has(detail);
    this.#spec.host.log(heard ? 'debug' : 'warn', `${this.#spec.name}: unknown event ${detail}`);
    if (heard || this.#unknown.size >= 50) return;
    this.#unknown.add(detail);
    this.#emit({ type: 'error', error: this.error('unknown-event', 'receive', detail) });
  }

  /* --------------------------------------------------------------- states */

  #connect(): void {
    this.#retryTimer = undefined;
    const problem = this.#spec.configProblem?.();
    if (problem) return this.refuse(problem);
    const generation = ++this.#generation;
    this.#unknown.clear();
    this.#state = 'connecting';
    this.#setStatus(this.#everConnected || this.#attempt > 0 ? 'reconnecting' : 'connecting', this.#attempt || undefined);
    const current = () => generation === this.#generation;
    this.#link = this.#spec.open({
      opened: () => {
        if (current()) void this.#authenticate(generation);
      },
      message: (m) => {
        if (!current()) return;
        if (this.#spec.watchdog?.kind === 'silence' && this.ready) this.#armWatchdog();
        this.#receive(m);
      },
      closed: (code, reason, opened) => {
        if (!current()) return;
        this.#link = undefined;
        this.lose(this.#spec.closeError(code, reason, opened));
      },
    });
  }

  /**
   * One message to the adapter. A bug in its handler costs that message only: one `internal` error (detail
   * `handler`) is shown, the exception's message goes to the log (never a stack or wire text on screen), and the
   * link, its other messages and what waits on it go on; nothing is thrown out of the link's event handler.
   */
  #receive(m: M): void {
    try {
      this.#spec.receive(m);
    } catch (e) {
      this.#spec.host.log('error', `${this.#spec.name}: handling a message failed, the message is dropped: ${e instanceof Error ? e.message : String(e)}`);
      this.#emit({ type: 'error', error: this.error('internal', 'receive', 'handler') });
    }
  }

  async #authenticate(generation: number): Promise<void> {
    this.#state = 'authenticating';
    try {
      await this.#spec.authenticate();
    } catch (e) {
      if (generation !== this.#generation || (this.#state as LinkState) === 'suspended') return;
      const error = e as CtiError;
      if (error.code === 'auth-failed') this.refuse(error);
      else if (error.code !== 'connection-lost' && error.code !== 'not-connected') this.lose(error);
      return;
    }
    if (generation !== this.#generation) return;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    this.#attempt = 0;
    this.#outage = undefined;
    this.#state = 'synchronising';
    this.#setStatus('connected');
    this.#spec.host.log('info', `${this.#spec.name}: ${reconnect ? 're' : ''}connected`);
    await this.#synchronise(generation);
  }

  /** Read everything again (after a (re)connect, or a `refresh` while connected). */
  async synchronise(): Promise<void> {
    if (this.ready) await this.#synchronise(this.#generation);
  }

  async #synchronise(generation: number): Promise<void> {
    this.#state = 'synchronising';
    // Suspended, lost or closed while reading (the same link: the generation alone does not tell): that state stands.
    const moved = () => generation !== this.#generation || (this.#state as LinkState) !== 'synchronising';
    try {
      await this.#spec.synchronise();
    } catch (e) {
      if (moved()) return;
      const error = e as CtiError;
      if (error.code !== 'connection-lost' && error.code !== 'not-connected') this.lose(error);
      return;
    }
    if (moved()) return;
    this.#state = 'connected';
    this.#armWatchdog();
  }

  #wait(serverDown = false): void {
    if (this.#retryTimer) return;
    this.#attempt += 1;
    const { baseMs, maxMs, serverDownBaseMs } = this.#spec.backoff;
    const delay = backoffDelay(this.#attempt, serverDown ? (serverDownBaseMs ?? baseMs) : baseMs, maxMs, this.#spec.random);
    this.#state = 'waiting';
    this.#setStatus(serverDown ? 'server-down' : 'reconnecting', this.#attempt, this.#spec.host.clock.now() + delay);
    this.#retryTimer = this.#spec.host.clock.setTimeout(() => this.#connect(), delay);
  }

  /** End the current link (not reported by it) and everything that waited on it. */
  #drop(code: ErrorCode, detail: string): void {
    this.#generation++;
    this.#clearWatchdog();
    this.requests.failAll(code, detail);
    this.#link?.close();
    this.#link = undefined;
  }

  /* ------------------------------------------------------------- watchdog */

  #armWatchdog(): void {
    this.#clearWatchdog();
    const w = this.#spec.watchdog;
    if (!w || !this.ready) return;
    const generation = this.#generation;
    if (w.kind === 'silence') {
      this.#watchTimer = this.#spec.host.clock.setTimeout(() => {
        if (generation !== this.#generation) return;
        this.#spec.host.log('warn', `${this.#spec.name}: nothing heard for ${w.limitMs} ms`);
        this.lose(this.error('keep-alive-lost', 'keep-alive', 'silence'));
      }, w.limitMs);
    } else {
      this.#watchTimer = this.#spec.host.clock.setTimeout(() => this.#probe(), w.everyMs);
    }
  }

  #probe(): void {
    const w = this.#spec.watchdog;
    if (w?.kind !== 'poll') return;
    this.#clearWatchdog();
    const generation = this.#generation;
    void w
      .probe()
      .catch(() => undefined)
      .then(() => {
        if (generation === this.#generation && this.#state === 'connected') this.#armWatchdog();
      });
  }

  #clearWatchdog(): void {
    if (this.#watchTimer) this.#spec.host.clock.clearTimeout(this.#watchTimer);
    this.#watchTimer = undefined;
  }

  #clearRetry(): void {
    if (this.#retryTimer) this.#spec.host.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /* --------------------------------------------------------------- report */

  /** The first error of an outage is shown; the same code again during it is only logged. */
  #reportOutage(error: CtiError): void {
    if (this.#outage === error.code) {
      this.#spec.host.log('debug', `${this.#spec.name}: still ${error.code}`);
      return;
    }
    this.#outage = error.code;
    this.#spec.host.log('warn', `${this.#spec.name}: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
    this.#emit({ type: 'error', error });
  }

  #setStatus(status: ConnectionStatus, attempt?: number, retryAt?: number): void {
    if (status === this.#status && attempt === undefined) return;
    this.#status = status;
    this.#emit({ type: 'connection', status, ...(attempt !== undefined ? { attempt } : {}), ...(retryAt !== undefined ? { retryAt } : {}) });
  }

  #emit(event: Parameters<AdapterHost['emit']>[0]): void {
    if (this.#state === 'closed' && event.type !== 'connection') return;
    this.#spec.host.emit(event);
  }
}
