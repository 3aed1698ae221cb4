/**
 * Dígitro Interact CTI adapter: one agent's connection, commands in, `DomainEvent`s out.
 *
 * The codec (`codec.ts` + `codec-json.ts` / lazily imported `codec-xml.ts`) maps frames; the
 * transport (`transport.ts`) moves them; this module is the loop that joins them and owns the
 * channel lifecycle, the watchdog and reconnection. Every timer goes through `host.clock`.
 *
 * Connection lifecycle (agent channel; the supervisor channel follows the same steps, best effort):
 * ```
 *   idle ─ start() ─► connecting ─ EventSource open / on_open_channel ─► subscribe ──ok──► connected
 *                        ▲    │                                              │               │
 *                        │    └─ error: probe status ── 403 → new channel id, reopen          │
 *                        │                          ├── 503 → server-down (backoff + jitter)  │
 *                        │                          ├── 400/404 → error event, closed (no loop)
 *                        │                          └── other → reconnecting (backoff + jitter)
 *                        └───── reconnecting ◄── stream error / on_close_channel / watchdog ◄─┤
 *   connected ─ on_server_state_change disconnected ─► server-down ─ connected ─► renew + resync
 *   any ─ close() ─► unsubscribe + close_channel ─► closed      (the agent stays logged in)
 *   any ─ logout ─► agent/logout, unsubscribe + close_channel ─► closed
 * ```
 * After every (re)connect: `get_status` → `snapshot` (authoritative), then the pause-reason and
 * classification lists (cached; an `unsafe_request` is retried once after 5 s).
 *
 * `config.options` keys read (defaults): `channelIdMin` (1), `channelIdMax` (9999), `expires` (3600 s),
 * `heartbeatTimeoutMs` (45000), `requestTimeoutMs` (10000), `reconnectBaseMs` (1000),
 * `reconnectMaxMs` (30000), `serverDownBaseMs` (5000), `queues` (true), `updateInterval` (5 s),
 * `dialingPollMs` (3000: while a call we dialled is not known to be answered, `get_status` every this
 * long; the manual promises no event when the far end answers).
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Capabilities, ConnectionStatus, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import {
  ALL_EVENT_NAMES,
  QueueAggregator,
  agentSubscription,
  classifications,
  ctiError,
  decodeEvent,
  interpretResponse,
  LOGIN_PENDING,
  num,
  pauseReasons,
  snapshotFromStatus,
  str,
  supervisorSubscription,
  utf8Length,
  type FrameFormat,
  type WireEvent,
  type WireObject,
} from './codec.js';
import { jsonFormat } from './codec-json.js';
import { InteractTransport } from './transport.js';

/** Options with their defaults (see the module comment). */
export interface InteractOptions {
  readonly channelIdMin: number;
  readonly channelIdMax: number;
  readonly expires: number;
  readonly heartbeatTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly serverDownBaseMs: number;
  readonly queues: boolean;
  readonly updateInterval: number;
  readonly dialingPollMs: number;
}

export const DEFAULT_OPTIONS: InteractOptions = {
  channelIdMin: 1,
  channelIdMax: 9999,
  expires: 3600,
  heartbeatTimeoutMs: 45_000,
  requestTimeoutMs: 10_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 30_000,
  serverDownBaseMs: 5_000,
  queues: true,
  updateInterval: 5,
  dialingPollMs: 3_000,
};

/** The list rate limit (§8: the same list at most once every 5 s). */
const LIST_INTERVAL_MS = 5_000;
/** Consecutive 403s on open before backing off instead of trying another id at once. */
const MAX_IMMEDIATE_403 = 5;
/** Maximum bytes of `call_associate_data` (L5542-5544). */
const MAX_ASSOCIATED_BYTES = 100;

export function readOptions(raw: SessionConfig['options']): InteractOptions {
  const o = raw ?? {};
  const n = (k: keyof InteractOptions, min: number, max: number): number => {
    const v = num(o[k]);
    return v === undefined ? (DEFAULT_OPTIONS[k] as number) : Math.min(max, Math.max(min, v));
  };
  const channelIdMin = Math.round(n('channelIdMin', 1, 9999));
  return {
    channelIdMin,
    channelIdMax: Math.max(channelIdMin, Math.round(n('channelIdMax', 1, 9999))),
    expires: Math.round(n('expires', 1, 86_400)),
    heartbeatTimeoutMs: n('heartbeatTimeoutMs', 1_000, 600_000),
    requestTimeoutMs: n('requestTimeoutMs', 500, 120_000),
    reconnectBaseMs: n('reconnectBaseMs', 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 10, 3_600_000),
    serverDownBaseMs: n('serverDownBaseMs', 10, 600_000),
    queues: o['queues'] !== false && o['queues'] !== 'false',
    updateInterval: n('updateInterval', 5, 60),
    dialingPollMs: n('dialingPollMs', 500, 60_000),
  };
}


type Resource = 'agent' | 'supervisor';
type DownKind = 'retry' | 'server-down' | 'fatal';

/** What a monitor channel needs from the adapter. */
interface ChannelOwner {
  readonly clock: Clock;
  readonly opts: InteractOptions;
  readonly transport: InteractTransport;
  readonly fmt: FrameFormat;
  readonly agent: string;
  randomChannelId(): number;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** A REST exchange already interpreted: the `response` body, or a thrown `CtiError`. */
  call(resource: string, method: 'GET' | 'POST', path: string, body?: WireObject, query?: Record<string, string | number | undefined>): Promise<WireObject>;
}

interface ChannelCallbacks {
  subscriptionBody(channelId: number, id: number | undefined): WireObject;
  onSubscribed(first: boolean): void;
  onEvent(ev: WireEvent): void;
  onDown(kind: DownKind, error?: CtiError): void;
}

/**
 * One monitor channel + its subscription: open (EventSource), subscribe within 60 s, renew on the
 * expiry warning or at 80 % of `expires`, heartbeat watchdog. It reports failures; the owner decides
 * when to reopen.
 */
class MonitorChannel {
  channelId: number | undefined;
  subscriptionId: number | undefined;
  #handle: ReturnType<InteractTransport['openChannel']> | undefined;
  #gen = 0;
  #opened = false;
  #subscribing = false;
  #subscribed = false;
  #watchdog: TimerHandle | undefined;
  #renewTimer: TimerHandle | undefined;
  #forbidden = 0;

  constructor(
    readonly resource: Resource,
    readonly owner: ChannelOwner,
    readonly cb: ChannelCallbacks,
  ) {}

  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** Open (or reopen) the channel, keeping the current id unless told otherwise. */
  open(newId = false): void {
    this.#teardownStream();
    const gen = ++this.#gen;
    if (newId || this.channelId === undefined) this.channelId = this.owner.randomChannelId();
    const channelId = this.channelId;
    this.#opened = false;
    this.#subscribing = false;
    this.#subscribed = false;
    this.owner.log('debug', `${this.resource}: opening channel ${channelId}`);
    this.#handle = this.owner.transport.openChannel(this.resource, channelId, ALL_EVENT_NAMES, {
      onOpen: () => {
        if (gen !== this.#gen) return;
        this.#opened = true;
        this.#forbidden = 0;
        this.#armWatchdog();
        void this.#subscribe(gen, false);
      },
      onFrame: (name, data) => {
        if (gen !== this.#gen) return;
        this.#opened = true;
        this.#armWatchdog();
        this.#frame(gen, name, data);
      },
      onError: () => {
        if (gen !== this.#gen) return;
        void this.#streamFailed(gen);
      },
    });
    // Also the open timeout: a stream that never says anything is dead.
    this.#armWatchdog();
  }

  /** Stop listening, without any request (timers and the EventSource only). */
  dispose(): void {
    this.#gen++;
    this.#teardownStream();
    this.#clearRenew();
    this.#subscribed = false;
  }

  /** Unsubscribe and close the channel (best effort), then dispose. */
  async shutdown(): Promise<void> {
    const id = this.subscriptionId;
    const channelId = this.channelId;
    this.#gen++;
    this.#clearRenew();
    this.#clearWatchdog();
    const res = `${this.resource}/monitor`;
    if (id !== undefined) {
      try {
        await this.owner.call(res, 'POST', `${res}/unsubscribe`, { id }, { id });
      } catch (e) {
        this.owner.log('warn', `${this.resource}: unsubscribe failed (${(e as CtiError).code ?? 'error'})`);
      }
    }
    if (channelId !== undefined && this.#handle) {
      try {
        await this.owner.call(res, 'POST', `${res}/close_channel`, { channel_id: channelId }, { channel_id: channelId });
      } catch (e) {
        this.owner.log('warn', `${this.resource}: close_channel failed (${(e as CtiError).code ?? 'error'})`);
      }
    }
    this.subscriptionId = undefined;
    this.dispose();
  }

  /** Renew the subscription now (expiry warning, local timer, server back). */
  renew(): void {
    if (this.#subscribed) void this.#subscribe(this.#gen, true);
  }

  #frame(gen: number, name: string, data: string): void {
    const ev = decodeEvent(this.owner.fmt, name, data, { agent: this.owner.agent, now: this.owner.clock.now() });
    switch (ev.kind) {
      case 'heartbeat':
        return;
      case 'channel-open':
        if (ev.channelId !== undefined && ev.channelId !== this.channelId) {
          this.owner.log('warn', `${this.resource}: server reports channel ${ev.channelId}, asked for ${this.channelId}`);
          this.channelId = ev.channelId;
        }
        void this.#subscribe(gen, false);
        return;
      case 'channel-close':
        this.owner.log('info', `${this.resource}: channel closed by the server`);
        this.#lost('retry');
        return;
      case 'subscription-expire-warning':
        if (ev.id === undefined || ev.id === this.subscriptionId) {
          this.owner.log('info', `${this.resource}: subscription expiring, renewing`);
          void this.#subscribe(gen, true);
        }
        return;
      case 'subscription-expire':
        if (ev.id === undefined || ev.id === this.subscriptionId) {
          this.owner.log('warn', `${this.resource}: subscription expired, subscribing again`);
          this.subscriptionId = undefined;
          this.#subscribed = false;
          void this.#subscribe(gen, false);
        }
        return;
      default:
        this.cb.onEvent(ev);
    }
  }

  async #subscribe(gen: number, renewal: boolean): Promise<void> {
    if (gen !== this.#gen || this.channelId === undefined) return;
    if (this.#subscribing || (!renewal && this.#subscribed)) return;
    this.#subscribing = true;
    const res = `${this.resource}/monitor`;
    const first = !renewal;
    try {
      let body: WireObject;
      try {
        body = await this.owner.call(res, 'POST', `${res}/subscribe`, this.cb.subscriptionBody(this.channelId, this.subscriptionId));
      } catch (e) {
        const err = e as CtiError;
        if (err.code !== 'not-found' || this.subscriptionId === undefined || gen !== this.#gen) throw e;
        // The subscription to renew is gone (expired): subscribe afresh.
        this.subscriptionId = undefined;
        body = await this.owner.call(res, 'POST', `${res}/subscribe`, this.cb.subscriptionBody(this.channelId, undefined));
      }
      if (gen !== this.#gen) return;
      const id = num(body['id']);
      if (id !== undefined) this.subscriptionId = id;
      this.#subscribed = true;
      this.#scheduleRenew(gen);
      this.owner.log(renewal ? 'debug' : 'info', `${this.resource}: subscribed (id ${this.subscriptionId ?? '?'}) on channel ${this.channelId}`);
      this.cb.onSubscribed(first);
    } catch (e) {
      if (gen !== this.#gen) return;
      const err = e as CtiError;
      this.owner.log('warn', `${this.resource}: subscribe failed (${err.code}${err.vendorCode ? ` ${err.vendorCode}` : ''})`);
      if (err.code === 'server-unavailable') this.#lost('server-down', err);
      else if (err.code === 'network' || err.code === 'timeout' || err.code === 'malformed-frame') this.#lost('retry', err);
      else this.#lost('fatal', err);
    } finally {
      if (gen === this.#gen) this.#subscribing = false;
    }
  }

  #scheduleRenew(gen: number): void {
    this.#clearRenew();
    const ms = Math.max(1_000, this.owner.opts.expires * 1000 * 0.8);
    this.#renewTimer = this.owner.clock.setTimeout(() => {
      this.#renewTimer = undefined;
      if (gen !== this.#gen) return;
      this.owner.log('debug', `${this.resource}: renewing subscription (local timer)`);
      void this.#subscribe(gen, true);
    }, ms);
  }

  async #streamFailed(gen: number): Promise<void> {
    const opened = this.#opened;
    const channelId = this.channelId!;
    this.#teardownStream();
    if (opened) {
      this.owner.log('warn', `${this.resource}: channel ${channelId} stream lost`);
      this.#lost('retry');
      return;
    }
    // The EventSource hides the status: ask for it.
    const status = await this.owner.transport.probeChannel(this.resource, channelId, this.owner.opts.requestTimeoutMs);
    if (gen !== this.#gen) return;
    const at = this.owner.clock.now();
    if (status === 403) {
      this.#forbidden++;
      this.owner.log('info', `${this.resource}: channel ${channelId} refused (403), trying another id`);
      if (this.#forbidden <= MAX_IMMEDIATE_403) {
        this.open(true);
      } else {
        this.#forbidden = 0;
        this.channelId = undefined;
        this.#lost('retry', ctiError('forbidden', at, { operation: 'open_channel', httpStatus: 403 }));
      }
      return;
    }
    if (status === 503) {
      this.#lost('server-down', ctiError('server-unavailable', at, { operation: 'open_channel', httpStatus: 503 }));
      return;
    }
    if (status === 400 || status === 404) {
      const code: ErrorCode = status === 400 ? 'bad-request' : 'not-found';
      this.#lost('fatal', ctiError(code, at, { operation: 'open_channel', httpStatus: status }));
      return;
    }
    this.owner.log('warn', `${this.resource}: channel ${channelId} failed to open (${status ?? 'unreachable'})`);
    this.#lost(
      'retry',
      status === undefined
        ? ctiError('network', at, { operation: 'open_channel' })
        : ctiError('connection-lost', at, { operation: 'open_channel', httpStatus: status }),
    );
  }

  #lost(kind: DownKind, error?: CtiError): void {
    this.#gen++;
    this.#teardownStream();
    this.#clearRenew();
    this.#subscribed = false;
    this.#subscribing = false;
    this.cb.onDown(kind, error);
  }

  #armWatchdog(): void {
    this.#clearWatchdog();
    const gen = this.#gen;
    this.#watchdog = this.owner.clock.setTimeout(() => {
      this.#watchdog = undefined;
      if (gen !== this.#gen) return;
      this.owner.log('warn', `${this.resource}: no event or heartbeat for ${Math.round(this.owner.opts.heartbeatTimeoutMs / 1000)} s, reopening`);
      this.#lost('retry', ctiError('connection-lost', this.owner.clock.now(), { operation: 'heartbeat' }));
    }, this.owner.opts.heartbeatTimeoutMs);
  }

  #clearWatchdog(): void {
    if (this.#watchdog) this.owner.clock.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #clearRenew(): void {
    if (this.#renewTimer) this.owner.clock.clearTimeout(this.#renewTimer);
    this.#renewTimer = undefined;
  }

  #teardownStream(): void {
    this.#clearWatchdog();
    this.#handle?.close();
    this.#handle = undefined;
  }
}

/** Which command word each domain command uses (for errors and logs). */
const COMMAND_NAMES: Readonly<Record<Command['type'], string>> = {
  login: 'login',
  logout: 'logout',
  ready: 'set_state',
  pause: 'set_state',
  'end-after-call': 'after_call_terminate',
  classify: 'classify',
  dial: 'call_private',
  answer: 'call_accept',
  reject: 'call_terminate',
  hangup: 'call_terminate',
  hold: 'call_hold',
  retrieve: 'call_retrieve',
  consult: 'call_consult',
  transfer: 'call_transfer',
  conference: 'call_include_conference',
  'drop-party': 'call_exclude_conference',
  dtmf: 'dtmf',
  'associate-data': 'call_associate_data',
  'show-softphone': 'show-softphone',
  'select-line': 'select-line',
  redial: 'redial',
  'dialer-outcome': 'dialer-outcome',
  'schedule-callback': 'schedule-callback',
  'dismiss-notice': 'dismiss-notice',
  refresh: 'get_status',
};

class InteractAdapter implements VendorAdapter, ChannelOwner {
  readonly capabilities: Capabilities;
  readonly opts: InteractOptions;
  readonly clock: Clock;
  agent: string;

  #config: SessionConfig;
  #host: AdapterHost;
  #deps: AdapterDeps;
  #fmt: FrameFormat | undefined;
  #transport: InteractTransport | undefined;
  #status: ConnectionStatus = 'idle';
  /** The server-down condition was published for this outage (once: it holds until connected). */
  #downReported = false;
  #running = false;
  #runId = 0;
  /** Kept in memory only, for logout. Never logged, never in a URL. */
  #password: string | undefined;
  #agentChannel: MonitorChannel | undefined;
  #supChannel: MonitorChannel | undefined;
  #attempt = 0;
  #supAttempt = 0;
  #retryTimer: TimerHandle | undefined;
  #supRetryTimer: TimerHandle | undefined;
  /** The supervisor subscription was refused for good (licence, invalid item): no queue statistics. */
  #supDisabled = false;
  #listTimers = new Set<TimerHandle>();
  #lists: Record<'pauses' | 'classifications', { at: number; events?: DomainEvent; retried: boolean }> = {
    pauses: { at: -Infinity, retried: false },
    classifications: { at: -Infinity, retried: false },
  };
  #consultations = new Map<string, string>();
  #lastReleased: string | undefined;
  /** Agent events received so far: a `get_status` answer older than an event is stale. */
  #agentEventSeq = 0;
  /** Wrap-up seconds announced on release, per call: wrap-up starts once the call is classified. */
  readonly #wrapUpSeconds = new Map<string, number>();
  #queues = new QueueAggregator();
  /** Agent reports (state, snapshot, login) received so far: did the server tell the state since X? */
  #agentStateSeq = 0;
  /** A login was answered and no state came yet: a `get_status` still saying "not logged in" is late. */
  #loginPending = false;
  /** `call_consult` target per original call id: the consultation leg shows the number dialled. */
  readonly #consultTo = new Map<string, string>();
  /** `call_transfer` target per call id, from the request until the call leaves. */
  readonly #transferTo = new Map<string, string>();
  /** The ids a `call_include_conference` in flight eliminates (L4394), until the new id is reported. */
  #conferenceIds: readonly string[] | undefined;
  /** Conference ids seen, with their owner when told (`get_status` does not say it). */
  readonly #conferences = new Map<string, string | undefined>();
  /** Calls we dialled that are not known to be answered: `get_status` tells (no event is promised). */
  readonly #dialing = new Set<string>();
  #dialingTimer: TimerHandle | undefined;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    this.#deps = deps;
    this.clock = host.clock;
    this.agent = config.agent;
    this.opts = readOptions(config.options);
    this.capabilities = { ...capabilitiesFor('interact'), queues: this.opts.queues };
  }

  /* ------------------------------------------------------- ChannelOwner */

  get transport(): InteractTransport {
    return this.#transport!;
  }

  get fmt(): FrameFormat {
    return this.#fmt!;
  }

  randomChannelId(): number {
    const { channelIdMin: min, channelIdMax: max } = this.opts;
    const r = Math.min(0.999999, Math.max(0, this.#deps.random()));
    return min + Math.floor(r * (max - min + 1));
  }

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.#host.log(level, `interact: ${message}`);
  }

  async call(
    _resource: string,
    method: 'GET' | 'POST',
    path: string,
    body?: WireObject,
    query?: Record<string, string | number | undefined>,
  ): Promise<WireObject> {
    const command = path.slice(path.lastIndexOf('/') + 1);
    const transport = this.#transport;
    if (!transport || !this.#fmt) throw ctiError('not-connected', this.clock.now(), { operation: command });
    this.log('debug', `${method} ${path}`);
    const answer = await transport.request({
      method,
      path,
      ...(query ? { query } : {}),
      ...(body && method === 'POST' ? { body: this.#fmt.encodeRequest(body) } : {}),
      timeoutMs: this.opts.requestTimeoutMs,
    });
    const result = interpretResponse(this.#fmt, command, answer.status, answer.text, this.clock.now());
    if (!result.ok) throw result.error;
    return result.body;
  }

  /* ---------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const run = ++this.#runId;
    this.#setStatus('connecting');
    void this.#boot(run);
  }

  async #boot(run: number): Promise<void> {
    try {
      if (!this.#fmt) {
        this.#fmt = this.#config.format === 'xml' ? (await import('./codec-xml.js')).xmlFormat : jsonFormat;
      }
    } catch (e) {
      if (run !== this.#runId) return;
      this.#error(ctiError('internal', this.clock.now(), { operation: 'start', detail: `XML codec failed to load: ${String(e)}` }));
      this.#running = false;
      this.#setStatus('closed');
      return;
    }
    if (run !== this.#runId) return;
    this.#transport ??= new InteractTransport(this.#config.server, this.#fmt.format, this.#fmt.contentType, {
      fetch: this.#deps.fetch,
      EventSource: this.#deps.EventSource,
      clock: this.clock,
    });
    this.#agentChannel = new MonitorChannel('agent', this, {
      subscriptionBody: (channelId, id) =>
        agentSubscription({ agent: this.agent, channelId, expires: this.opts.expires, ...(id !== undefined ? { id } : {}) }),
      onSubscribed: (first) => {
        if (first) void this.#connected(run);
      },
      onEvent: (ev) => this.#agentEvent(ev),
      onDown: (kind, error) => this.#agentDown(run, kind, error),
    });
    this.#agentChannel.open();
  }

  async close(): Promise<void> {
    if (!this.#running) {
      if (this.#status !== 'closed' && this.#status !== 'idle') this.#setStatus('closed');
      return;
    }
    this.log('info', 'closing (the agent stays logged in)');
    await this.#shutdown();
  }

  /** Unsubscribe + close both channels, stop every timer, status `closed`. */
  async #shutdown(): Promise<void> {
    this.#running = false;
    this.#runId++;
    this.#clearTimers();
    const channels = [this.#supChannel, this.#agentChannel].filter((c): c is MonitorChannel => !!c);
    this.#supChannel = undefined;
    this.#agentChannel = undefined;
    await Promise.all(channels.map((c) => c.shutdown()));
    this.#setStatus('closed');
  }

  async #connected(run: number): Promise<void> {
    if (run !== this.#runId) return;
    this.#attempt = 0;
    this.#clearRetry();
    this.#setStatus('connected');
    if (this.opts.queues && !this.#supDisabled) {
      if (!this.#supChannel) this.#openSupervisor(run);
      else if (!this.#supChannel.subscribed) this.#supChannel.open();
    }
    await this.#resync(run);
  }

  /**
   * `get_status` → the authoritative snapshot. An answer is discarded when an agent event arrived
   * while it was in flight (the event is newer than the answer): ask again, a few times at most;
   * if events keep coming, they are keeping the state current and no snapshot is needed.
   */
  async #statusSnapshot(run: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const seq = this.#agentEventSeq;
      const body = await this.call('agent', 'GET', 'agent/get_status', undefined, { agent: this.agent });
      if (run !== this.#runId) return;
      if (seq === this.#agentEventSeq) {
        const snapshot = snapshotFromStatus(body, this.agent);
        if (!snapshot) {
          // Nothing about us: what we know stays (the answer is no news, not "logged out").
          this.log('info', 'get_status did not list the agent; keeping the known state');
        } else if (this.#loginPending && snapshot.agent.phase === 'logged-out') {
          this.log('info', 'get_status still says not logged in after the login answer; waiting for on_login');
        } else {
          this.#emit(this.#track(this.#annotate(snapshot)));
          this.#armDialingPoll();
        }
        return;
      }
      this.log('debug', 'get_status answer older than an event: asking again');
    }
  }

  /** `get_status` → snapshot, then the lists. */
  async #resync(run: number): Promise<void> {
    try {
      await this.#statusSnapshot(run);
    } catch (e) {
      if (run !== this.#runId) return;
      const err = e as CtiError;
      this.log('warn', `get_status failed (${err.code})`);
      if (err.code === 'server-unavailable') {
        this.#agentDown(run, 'server-down', err);
        return;
      }
      // An error-shaped answer (an agent not logged in yet, a server that refuses the query) is no
      // news: the state we know stays and nothing is shown. A request that got no answer is shown.
      if (err.code === 'network' || err.code === 'timeout' || err.code === 'malformed-frame') this.#error(err);
    }
    void this.#loadList(run, 'pauses');
    void this.#loadList(run, 'classifications');
  }

  async #loadList(run: number, which: 'pauses' | 'classifications'): Promise<void> {
    const cache = this.#lists[which];
    const now = this.clock.now();
    if (now - cache.at < LIST_INTERVAL_MS) {
      if (cache.events) this.#emit(cache.events);
      return;
    }
    cache.at = now;
    try {
      const body =
        which === 'pauses'
          ? await this.call('agent', 'GET', 'agent/get_pause_type_list', undefined, { trigger: 'manual' })
          : await this.call('agent', 'GET', 'agent/get_classification_list');
      if (run !== this.#runId) return;
      const keys = which === 'pauses' ? ['pauses'] : ['classification', 'classifications'];
      if (keys.every((k) => body[k] === undefined)) {
        // An answer without the list is no news: the list we have stays.
        this.log('warn', `${which} list answer without a list; keeping the cached one`);
        if (cache.events) this.#emit(cache.events);
        return;
      }
      const event: DomainEvent =
        which === 'pauses' ? { type: 'pause-reasons', reasons: pauseReasons(body) } : { type: 'classifications', classifications: classifications(body) };
      cache.events = event;
      cache.retried = false;
      this.#emit(event);
    } catch (e) {
      if (run !== this.#runId) return;
      const err = e as CtiError;
      if (err.code === 'rate-limited' && !cache.retried) {
        cache.retried = true;
        this.log('info', `${which} list rate-limited, retrying in 5 s`);
        const t = this.clock.setTimeout(() => {
          this.#listTimers.delete(t);
          cache.at = -Infinity;
          void this.#loadList(run, which);
        }, LIST_INTERVAL_MS);
        this.#listTimers.add(t);
        return;
      }
      this.log('warn', `${which} list failed (${err.code})`);
      if (cache.events) this.#emit(cache.events);
    }
  }

  #agentDown(run: number, kind: DownKind, error?: CtiError): void {
    if (run !== this.#runId || !this.#running) return;
    this.#supChannel?.dispose();
    this.#clearSupRetry();
    if (kind === 'fatal') {
      if (error) this.#error(error);
      this.log('error', `channel failed for good (${error?.code ?? 'error'}); not retrying`);
      this.#running = false;
      this.#runId++;
      this.#clearTimers();
      this.#agentChannel?.dispose();
      this.#setStatus('closed');
      return;
    }
    // Stop whatever is left of the stream (and its watchdog) while we wait.
    this.#agentChannel?.dispose();
    this.#attempt++;
    const serverDown = kind === 'server-down';
    const delay = backoffDelay(this.#attempt, serverDown ? this.opts.serverDownBaseMs : this.opts.reconnectBaseMs, this.opts.reconnectMaxMs, this.#deps.random);
    const retryAt = this.clock.now() + delay;
    if (serverDown) this.#reportServerDown(error);
    this.#setStatus(serverDown ? 'server-down' : 'reconnecting', this.#attempt, retryAt);
    this.log('info', `reconnecting in ${delay} ms (attempt ${this.#attempt})`);
    this.#clearRetry();
    this.#retryTimer = this.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (run !== this.#runId || !this.#running) return;
      this.#agentChannel?.open();
    }, delay);
  }

  #openSupervisor(run: number): void {
    const channel = new MonitorChannel('supervisor', this, {
      subscriptionBody: (channelId, id) =>
        supervisorSubscription({ channelId, expires: this.opts.expires, updateInterval: this.opts.updateInterval, ...(id !== undefined ? { id } : {}) }),
      onSubscribed: () => {
        this.#supAttempt = 0;
      },
      onEvent: (ev) => this.#supervisorEvent(ev),
      onDown: (kind, error) => {
        if (run !== this.#runId || this.#supChannel !== channel) return;
        if (kind === 'fatal') {
          // Optional feature (supervision licences are often missing): log, do not retry, no UI error.
          this.log('warn', `queue statistics unavailable (${error?.code ?? 'error'}${error?.vendorCode ? ` ${error.vendorCode}` : ''}); not retrying`);
          this.#supDisabled = true;
          return;
        }
        if (this.#status !== 'connected') return; // the agent channel's reconnect reopens us
        this.#supAttempt++;
        const delay = backoffDelay(this.#supAttempt, kind === 'server-down' ? this.opts.serverDownBaseMs : this.opts.reconnectBaseMs, this.opts.reconnectMaxMs, this.#deps.random);
        this.#clearSupRetry();
        this.#supRetryTimer = this.clock.setTimeout(() => {
          this.#supRetryTimer = undefined;
          if (run === this.#runId && this.#supChannel === channel && this.#status === 'connected') channel.open();
        }, delay);
      },
    });
    this.#supChannel = channel;
    channel.open();
  }

  /* ------------------------------------------------------------- events */

  #agentEvent(ev: WireEvent): void {
    switch (ev.kind) {
      case 'agent':
        if (ev.agent && ev.agent.toLowerCase() !== this.agent.toLowerCase()) return;
        this.#agentEventSeq += 1;
        for (const e of ev.events) this.#emit(this.#track(this.#annotate(e)));
        // on_login without a state (A-34): ask for it rather than guess.
        if (ev.name === 'on_login' && ev.events.some((e) => e.type === 'agent' && e.agent.detail === LOGIN_PENDING)) {
          this.#loginPending = true;
          void this.#refreshQuietly(this.#runId);
        }
        this.#armDialingPoll();
        return;
      case 'server-state':
        this.#serverState(ev.connected);
        return;
      case 'error':
        this.#badFrame(ev.error);
        return;
      case 'ignored':
        this.log('debug', `ignored ${ev.name}`);
        return;
      default:
        this.log('debug', `unexpected ${ev.kind} on the agent channel`);
    }
  }

  #supervisorEvent(ev: WireEvent): void {
    const now = this.clock.now();
    switch (ev.kind) {
      case 'service-stats': {
        const e = this.#queues.serviceStats(ev.services, now);
        if (e) this.#emit(e);
        return;
      }
      case 'agent-stats': {
        const e = this.#queues.agentStats(ev.agents, now);
        if (e) this.#emit(e);
        return;
      }
      case 'server-state':
        this.#serverState(ev.connected);
        return;
      case 'error':
        this.#badFrame(ev.error);
        return;
      default:
        return;
    }
  }

  #badFrame(error: CtiError): void {
    // An unknown event (a newer server, a typo variant we do not know) is reported, not fatal.
    this.log('warn', error.code === 'unknown-event' ? `unknown event ${error.detail ?? ''}` : `bad frame: ${error.detail ?? error.code}`);
    this.#error(error);
  }

  #serverState(connected: boolean): void {
    const run = this.#runId;
    if (!connected) {
      if (this.#status === 'connected') {
        this.log('warn', 'Interact server disconnected from its back-end');
        this.#attempt = 0;
        this.#reportServerDown(ctiError('server-unavailable', this.clock.now(), { operation: 'on_server_state_change' }));
        this.#scheduleServerProbe(run);
      }
      return;
    }
    if (this.#status === 'server-down' && this.#agentChannel?.subscribed) this.#serverBack(run);
  }

  /**
   * While the back-end is down but our channel is up, poll `get_status` with backoff in case the
   * `connected` notification is missed.
   */
  #scheduleServerProbe(run: number): void {
    this.#attempt++;
    const delay = backoffDelay(this.#attempt, this.opts.serverDownBaseMs, this.opts.reconnectMaxMs, this.#deps.random);
    this.#setStatus('server-down', this.#attempt, this.clock.now() + delay);
    this.#clearRetry();
    this.#retryTimer = this.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (run !== this.#runId || this.#status !== 'server-down' || !this.#agentChannel?.subscribed) return;
      this.call('agent', 'GET', 'agent/get_status', undefined, { agent: this.agent }).then(
        () => {
          if (run === this.#runId && this.#status === 'server-down') this.#serverBack(run);
        },
        (e: CtiError) => {
          if (run !== this.#runId || this.#status !== 'server-down') return;
          if (e.code === 'server-unavailable') this.#scheduleServerProbe(run);
          else this.#agentDown(run, 'retry', e);
        },
      );
    }, delay);
  }

  #serverBack(run: number): void {
    this.log('info', 'Interact server back; renewing and resyncing');
    this.#clearRetry();
    this.#attempt = 0;
    this.#setStatus('connected');
    this.#agentChannel?.renew();
    this.#supChannel?.renew();
    void this.#resync(run);
  }

  /** Keep what commands need to know: consultation ids, the call in wrap-up, calls still dialling. */
  #track(e: DomainEvent): DomainEvent {
    if (e.type === 'agent' || e.type === 'snapshot' || e.type === 'logged-in' || e.type === 'logged-out') {
      this.#agentStateSeq += 1;
      // A reported state ends the wait; `logged-in` alone (on_login without a state) does not.
      if (e.type !== 'logged-in' && (e.type !== 'agent' || e.agent.detail !== LOGIN_PENDING)) this.#loginPending = false;
    }
    this.#trackDialing(e);
    switch (e.type) {
      case 'snapshot':
        this.#consultations.clear();
        for (const c of e.calls) if (c.consultationId) this.#consultations.set(c.id, c.consultationId);
        this.#lastReleased = e.calls.find((c) => c.state === 'wrap-up')?.id;
        break;
      case 'call-consulting':
        if (e.consultation) this.#consultations.set(e.call.id, e.consultation.id);
        break;
      case 'call-released':
        this.#lastReleased = e.callId;
        if (e.mustClassify) this.#wrapUpSeconds.set(e.callId, e.wrapUpSeconds ?? 0);
        break;
      case 'call-ended':
        this.#consultations.delete(e.callId);
        this.#wrapUpSeconds.delete(e.callId);
        if (this.#lastReleased === e.callId) this.#lastReleased = undefined;
        break;
      case 'call-conference':
        this.#consultations.clear();
        break;
      default:
        break;
    }
    return e;
  }

  /**
   * Fill in what the event leaves out and the request told us: the number a consultation dialled,
   * who a call was transferred to, which ids a conference eliminated (L4394: the original and the
   * consultation ids are gone, with no event of their own).
   */
  #annotate(e: DomainEvent): DomainEvent {
    switch (e.type) {
      case 'call-consulting': {
        const to = this.#consultTo.get(e.call.id);
        this.#consultTo.delete(e.call.id);
        if (!to || !e.consultation || e.consultation.remote?.length) return e;
        return { ...e, consultation: { ...e.consultation, remote: [{ number: to }] } };
      }
      case 'call-transferred': {
        const to = e.to ?? this.#transferTo.get(e.previousId);
        this.#transferTo.delete(e.previousId);
        return to && !e.to ? { ...e, to } : e;
      }
      case 'call-ended': {
        // call_transfer was asked for this call and it ended with no on_call_transfer: it left by the transfer.
        const to = this.#transferTo.get(e.callId);
        if (to === undefined) return e;
        this.#transferTo.delete(e.callId);
        return { type: 'call-transferred', previousId: e.callId, stays: false, to };
      }
      case 'call-conference': {
        const known = this.#conferences.has(e.call.id);
        this.#conferences.set(e.call.id, e.call.conferenceOwner ?? this.#conferences.get(e.call.id));
        const ids = this.#conferenceIds;
        if (ids && !ids.includes(e.call.id)) {
          this.#conferenceIds = undefined;
          return { ...e, replaces: [...new Set([...(e.replaces ?? []), ...ids])] };
        }
        // A conference we did not make (we were consulted and included): which of our ids it
        // eliminated is not said; get_status tells what is left.
        if (!known && !ids) void this.#refreshQuietly(this.#runId);
        return e;
      }
      case 'snapshot': {
        // get_status has no `owner`: keep the one the conference events gave.
        if (!this.#conferences.size) return e;
        const live = new Set(e.calls.map((c) => c.id));
        for (const id of [...this.#conferences.keys()]) if (!live.has(id)) this.#conferences.delete(id);
        return {
          ...e,
          calls: e.calls.map((c) => {
            const owner = this.#conferences.get(c.id);
            return owner && !c.conferenceOwner ? { ...c, conferenceOwner: owner } : c;
          }),
        };
      }
      case 'logged-out':
        this.#conferences.clear();
        this.#consultTo.clear();
        this.#transferTo.clear();
        this.#conferenceIds = undefined;
        return e;
      default:
        return e;
    }
  }

  #trackDialing(e: DomainEvent): void {
    switch (e.type) {
      case 'snapshot':
        this.#dialing.clear();
        for (const c of e.calls) if (c.state === 'dialing') this.#dialing.add(c.id);
        return;
      case 'call-dialing':
        this.#dialing.add(e.call.id);
        return;
      case 'call-consulting':
        if (e.consultation && (e.consultation.state === undefined || e.consultation.state === 'dialing')) this.#dialing.add(e.consultation.id);
        return;
      case 'call-answered':
      case 'call-held':
      case 'call-retrieved':
        this.#dialing.delete(e.call.id);
        return;
      case 'call-conference':
        this.#dialing.delete(e.call.id);
        for (const id of e.replaces ?? []) this.#dialing.delete(id);
        return;
      case 'call-transferred':
        this.#dialing.delete(e.previousId);
        return;
      case 'call-released':
      case 'call-ended':
        this.#dialing.delete(e.callId);
        return;
      case 'logged-out':
        this.#dialing.clear();
        return;
      default:
        return;
    }
  }

  /**
   * While a call we dialled (outbound or consultation) is not known to be answered, ask `get_status`
   * now and then: the manual promises no event when the far end answers (on_call_accept is "aceita/
   * atendida pelo agente"), while `get_status` reports each call's `call_state`.
   */
  #armDialingPoll(): void {
    if (this.#dialingTimer || this.#dialing.size === 0 || this.#status !== 'connected') return;
    const run = this.#runId;
    this.#dialingTimer = this.clock.setTimeout(() => {
      this.#dialingTimer = undefined;
      if (run !== this.#runId || this.#dialing.size === 0 || this.#status !== 'connected') return;
      void this.#refreshQuietly(run).then(() => this.#armDialingPoll());
    }, this.opts.dialingPollMs);
  }

  /** `get_status` → snapshot, for the adapter's own needs: a failure is logged, never shown. */
  async #refreshQuietly(run: number): Promise<void> {
    try {
      await this.#statusSnapshot(run);
    } catch (e) {
      if (run === this.#runId) this.log('info', `get_status failed (${(e as CtiError).code}); keeping the known state`);
    }
  }

  /* ----------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    const name = COMMAND_NAMES[command.type] ?? command.type;
    if (this.#status !== 'connected' || !this.#transport) {
      throw ctiError('not-connected', this.clock.now(), { operation: command.type, detail: `connection is ${this.#status}` });
    }
    const agent = this.agent;
    const post = async (cmd: string, body: WireObject): Promise<WireObject> => {
      try {
        return await this.call('agent', 'POST', `agent/${cmd}`, body);
      } catch (e) {
        throw { ...(e as CtiError), operation: command.type } satisfies CtiError;
      }
    };
    this.log('info', `command ${command.type} (${name})`);
    switch (command.type) {
      case 'login': {
        if (!command.password) throw this.#local('missing-data', command.type, 'password required');
        const who = command.agent || this.agent;
        const stateSeq = this.#agentStateSeq;
        const body = await post('login', {
          agent: who,
          password: command.password,
          ...(command.extension ? { branch: command.extension } : this.#config.extension ? { branch: this.#config.extension } : {}),
        });
        this.agent = who;
        this.#password = command.password;
        const extension = str(body['branch']) ?? command.extension ?? this.#config.extension;
        const agentId = str(body['agent']) || who;
        if (stateSeq !== this.#agentStateSeq) {
          // on_login (or another state report) came before the answer: it already told the state.
          this.#emit({ type: 'logged-in', agentId, ...(extension ? { extension } : {}) });
          return;
        }
        // The answer carries no state (L3716-3753): signed in, state not known until on_login or
        // get_status says it. Never "ready" on our own.
        this.#loginPending = true;
        this.#emit(this.#track({ type: 'agent', agent: { phase: 'unknown', detail: LOGIN_PENDING, agentId, ...(extension ? { extension } : {}) } }));
        this.#emit({ type: 'logged-in', agentId, ...(extension ? { extension } : {}) });
        void this.#refreshQuietly(this.#runId);
        return;
      }
      case 'logout': {
        const password = command.password ?? this.#password;
        if (!password) throw this.#local('missing-data', command.type, 'password required to log out');
        await post('logout', { agent, password });
        this.#password = undefined;
        this.#emit({ type: 'logged-out' });
        await this.#shutdown();
        return;
      }
      case 'ready':
        await post('set_state', { agent, state_id: 2 });
        return;
      case 'pause': {
        const id = num(command.reasonId);
        await post('set_state', { agent, state_id: id ?? command.reasonId });
        return;
      }
      case 'end-after-call': {
        const callId = command.callId ?? this.#lastReleased;
        if (!callId) throw this.#local('invalid-state', command.type, 'no call in after-call work');
        await post('after_call_terminate', { call_id: callId, agent });
        return;
      }
      case 'classify': {
        const id = num(command.classificationId);
        await post('classify', { call_id: command.callId, classify_id: id ?? command.classificationId, agent });
        // The manual documents no event for a classification: the call is still released, no longer
        // owes a classification, and its wrap-up starts now (as the server starts it).
        this.#emit({
          type: 'call-released',
          callId: command.callId,
          mustClassify: false,
          wrapUpSeconds: this.#wrapUpSeconds.get(command.callId) ?? 0,
        });
        this.#wrapUpSeconds.delete(command.callId);
        return;
      }
      case 'dial':
        if (!command.to.trim()) throw this.#local('bad-request', command.type, 'empty number');
        if (command.service) await post('call_service', { agent, to: command.to.trim(), media_type: 'voice', service: command.service });
        else await post('call_private', { agent, to: command.to.trim(), media_type: 'voice' });
        return;
      case 'answer':
        await post('call_accept', { call_id: command.callId, agent });
        return;
      case 'reject':
      case 'hangup':
        await post('call_terminate', { call_id: command.callId, agent });
        return;
      case 'hold':
        await post('call_hold', { call_id: command.callId, agent });
        return;
      case 'retrieve':
        await post('call_retrieve', { call_id: command.callId, agent });
        return;
      case 'consult': {
        const to = command.to.trim();
        if (!to) throw this.#local('bad-request', command.type, 'empty number');
        // Events may come before the answer: remember the number first.
        this.#consultTo.set(command.callId, to);
        try {
          await post('call_consult', { to, call_id: command.callId, agent, media_type: 'voice' });
        } catch (e) {
          this.#consultTo.delete(command.callId);
          throw e;
        }
        return;
      }
      case 'transfer': {
        const to = command.to.trim();
        if (!to) throw this.#local('bad-request', command.type, 'empty destination');
        this.#transferTo.set(command.callId, to);
        try {
          await post('call_transfer', { call_id: command.callId, to, agent });
        } catch (e) {
          this.#transferTo.delete(command.callId);
          throw e;
        }
        return;
      }
      case 'conference': {
        // call_include_conference takes the consultation call's id (L4392); the original and the
        // consultation ids are eliminated and the conference comes as a new id (L4394).
        const callId = this.#consultations.get(command.callId) ?? command.callId;
        const original = [...this.#consultations].find(([, c]) => c === callId)?.[0];
        this.#conferenceIds = [...new Set([command.callId, callId, ...(original ? [original] : [])])];
        try {
          await post('call_include_conference', { call_id: callId, agent });
        } catch (e) {
          this.#conferenceIds = undefined;
          throw e;
        }
        return;
      }
      case 'drop-party':
        if (!command.party.trim()) throw this.#local('bad-request', command.type, 'no participant');
        await post('call_exclude_conference', { call_id: command.callId, contact: command.party.trim(), agent });
        return;
      case 'associate-data':
        if (utf8Length(command.data) > MAX_ASSOCIATED_BYTES) {
          throw this.#local('bad-request', command.type, `associated data is limited to ${MAX_ASSOCIATED_BYTES} bytes (UTF-8)`);
        }
        await post('call_associate_data', { call_id: command.callId, from: agent, data: command.data });
        return;
      case 'refresh':
        try {
          await this.#statusSnapshot(this.#runId);
        } catch (e) {
          throw { ...(e as CtiError), operation: command.type } satisfies CtiError;
        }
        return;
      case 'dtmf':
        throw this.#local('unsupported', command.type, 'Interact CTI has no DTMF command');
      case 'show-softphone':
        throw this.#local('unsupported', command.type, 'Interact CTI is not a softphone');
      case 'select-line':
      case 'redial':
      case 'dialer-outcome':
      case 'schedule-callback':
      case 'dismiss-notice':
        throw this.#local('unsupported', command.type, `Interact CTI has no ${command.type}`);
      default: {
        const never: never = command;
        throw this.#local('unsupported', String((never as Command).type), 'unknown command');
      }
    }
  }

  /* ------------------------------------------------------------ helpers */

  #local(code: ErrorCode, operation: string, detail: string): CtiError {
    return ctiError(code, this.clock.now(), { operation, detail });
  }

  #emit(event: DomainEvent): void {
    this.#host.emit(event);
  }

  #error(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  /**
   * The server is down (a 503, or `on_server_state_change` disconnected): the condition, published once per
   * outage, so that the page shows it once, in the same words whichever way the server said it.
   */
  #reportServerDown(error: CtiError | undefined): void {
    if (this.#downReported) return;
    this.#downReported = true;
    this.#error(error?.code === 'server-unavailable' ? error : ctiError('server-unavailable', this.clock.now(), { operation: error?.operation ?? 'channel' }));
  }

  #setStatus(status: ConnectionStatus, attempt?: number, retryAt?: number): void {
    if (status === 'connected') this.#downReported = false;
    if (status === this.#status && attempt === undefined) return;
    this.#status = status;
    this.#emit({ type: 'connection', status, ...(attempt !== undefined ? { attempt } : {}), ...(retryAt !== undefined ? { retryAt } : {}) });
  }

  #clearRetry(): void {
    if (this.#retryTimer) this.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #clearSupRetry(): void {
    if (this.#supRetryTimer) this.clock.clearTimeout(this.#supRetryTimer);
    this.#supRetryTimer = undefined;
  }

  #clearTimers(): void {
    if (this.#dialingTimer) this.clock.clearTimeout(this.#dialingTimer);
    this.#dialingTimer = undefined;
    this.#clearRetry();
    this.#clearSupRetry();
    for (const t of this.#listTimers) this.clock.clearTimeout(t);
    this.#listTimers.clear();
  }
}

export const createInteractAdapter: AdapterFactory = (config, host, deps) => new InteractAdapter(config, host, deps);
