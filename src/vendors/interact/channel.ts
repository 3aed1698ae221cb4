/**
 * One Interact monitor channel (`agent/monitor` or `supervisor/monitor`) and its subscription, as the
 * connection runtime's link (`../runtime/`): `open` gives the runtime one `Link` (a native `EventSource`), and
 * `subscribe` is its sign-in. The channel id and the subscription id outlive a link: a reconnect reopens the
 * same channel id and renews the subscription by its id (L629-635).
 *
 * - Open: the link is open on the stream's `open` or its first frame (`on_open_channel` is always first,
 *   L2086, but it may come late); nothing at all for `heartbeatTimeoutMs` → a dead stream (closed, not opened).
 * - `EventSource` hides the HTTP status of a refused stream: ask for it (`probeChannel`). 403 → the channel id is
 *   taken: another id at once (up to `MAX_IMMEDIATE_403` in a row, then a normal loss); 503 → the server is down
 *   (the runtime waits with status `server-down`); 400 / 404 → refused for good (`refuse`); else a loss.
 * - `on_close_channel` or a stream error after it opened: the link closed (the runtime reopens).
 * - Renewal (`subscribe` with `id`) on `on_subscription_expire_warning` (5 min before expiry, L2081) or a local
 *   timer at 80 % of `expires`; a renewal answered `not_found` (expired) subscribes afresh; `on_subscribe_expire`
 *   subscribes afresh. A renewal that fails is `failed` (the owner decides: lose, suspend or refuse).
 * - `shutdown`: `unsubscribe` + `close_channel` (best effort; the agent stays logged in).
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { CtiError, ErrorCode } from '../../domain/model.js';
import type { Link, LinkEvents } from '../runtime/connection.js';
import { SilenceWatch } from '../runtime/silence-watch.js';
import { ALL_EVENT_NAMES, ctiError, decodeEvent, num, type FrameFormat, type WireEvent, type WireObject } from './codec.js';
import type { InteractOptions } from './options.js';
import type { InteractTransport } from './transport.js';

export type Resource = 'agent' | 'supervisor';

/** Consecutive 403s on open before backing off instead of trying another id at once. */
const MAX_IMMEDIATE_403 = 5;
const UNREACHABLE = 'unreachable';

/** What a monitor channel needs from the adapter. */
export interface ChannelOwner {
  readonly clock: Clock;
  readonly opts: InteractOptions;
  readonly transport: InteractTransport;
  readonly fmt: FrameFormat;
  readonly agent: string;
  randomChannelId(): number;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** A REST exchange already interpreted: the `response` body, or a thrown `CtiError`. */
  call(method: 'GET' | 'POST', path: string, body?: WireObject, query?: Record<string, string | number | undefined>): Promise<WireObject>;
}

export interface ChannelHooks {
  subscriptionBody(channelId: number, id: number | undefined): WireObject;
  /** The server refused the channel for good (400 / 404 on open). */
  refuse(error: CtiError): void;
  /** A renewal (or a fresh subscription after expiry) failed while the link lives. */
  failed(error: CtiError): void;
}

/** How a failed `subscribe` (or any request) reads: the server down, worth another try, or for good. */
export function failureKind(error: CtiError): 'server-down' | 'retry' | 'fatal' {
  if (error.code === 'server-unavailable') return 'server-down';
  return error.code === 'network' || error.code === 'timeout' || error.code === 'malformed-frame' ? 'retry' : 'fatal';
}

/** A control frame the channel handles itself (the adapter ignores it). */
export const isControl = (ev: WireEvent): boolean =>
  ev.kind === 'heartbeat' || ev.kind === 'channel-open' || ev.kind === 'channel-close' || ev.kind === 'subscription-expire' || ev.kind === 'subscription-expire-warning';

/**
 * How a link that closed reads (the runtime's `closeError`): `status` is the HTTP status the probe learnt (0:
 * none: unreachable, or the stream had opened), `reason` what happened, a code (`unreachable`, `silence`, `stream-lost`,
 * `open-failed`, `closed-by-server`: the error's detail; the sentence went to the log).
 */
export function channelCloseError(status: number, reason: string, at: number): CtiError {
  if (status === 503) return ctiError('server-unavailable', at, { operation: 'open_channel', httpStatus: 503 });
  if (status === 403) return ctiError('forbidden', at, { operation: 'open_channel', httpStatus: 403 });
  if (status === 0) return ctiError(reason === UNREACHABLE ? 'network' : 'connection-lost', at, { operation: 'open_channel', detail: reason });
  return ctiError('connection-lost', at, { operation: 'open_channel', httpStatus: status, detail: reason });
}

export class MonitorChannel {
  channelId: number | undefined;
  subscriptionId: number | undefined;
  readonly #owner: ChannelOwner;
  readonly #hooks: ChannelHooks;
  /** Bumped on every new link and when one ends: answers for an older link are ignored. */
  #gen = 0;
  #subscribed = false;
  #subscribing: Promise<void> | undefined;
  #renewTimer: TimerHandle | undefined;
  /** A link is open or opening (for `shutdown`: `close_channel` only then). */
  #live = false;

  constructor(
    readonly resource: Resource,
    owner: ChannelOwner,
    hooks: ChannelHooks,
  ) {
    this.#owner = owner;
    this.#hooks = hooks;
  }

  get subscribed(): boolean {
    return this.#subscribed;
  }

  get live(): boolean {
    return this.#live;
  }

  /** A new link on the channel (the same id, unless none was chosen yet or it was taken). */
  open(events: LinkEvents<WireEvent>): Link {
    const owner = this.#owner;
    const gen = ++this.#gen;
    this.#stopRenew();
    this.#subscribed = false;
    this.#subscribing = undefined;
    this.#live = true;
    let handle: ReturnType<InteractTransport['openChannel']> | undefined;
    let opened = false;
    let ended = false;
    let forbidden = 0;
    // A stream that never says anything is dead (the runtime's heartbeat watchdog starts once signed in).
    const opening = new SilenceWatch(owner.clock, owner.opts.heartbeatTimeoutMs, (ms) => end(0, 'silence', `channel ${this.channelId}: nothing heard for ${ms} ms`));
    const stopStream = () => {
      opening.stop();
      handle?.close();
      handle = undefined;
    };
    /** The link ends here (false: it had already). */
    const finish = (): boolean => {
      if (ended) return false;
      ended = true;
      this.#endLink(gen);
      stopStream();
      return true;
    };
    /** The link closed: `reason` (a code: the error's detail) goes with it, `why` (the sentence) to the log. */
    const end = (code: number, reason: string, why: string) => {
      if (!finish()) return;
      owner.log('warn', `${this.resource}: ${why}`);
      events.closed(code, reason, opened);
    };
    const nowOpen = () => {
      if (opened) return;
      opened = true;
      opening.stop();
      events.opened();
    };
    const failed = async () => {
      const channelId = this.channelId!;
      stopStream();
      if (opened) return end(0, 'stream-lost', `channel ${channelId} stream lost`);
      // The EventSource hides the status: ask for it.
      const status = await owner.transport.probeChannel(this.resource, channelId, owner.opts.requestTimeoutMs);
      if (ended) return;
      if (status === 403 && ++forbidden <= MAX_IMMEDIATE_403) {
        owner.log('info', `${this.resource}: channel ${channelId} refused (403), trying another id`);
        return start(true);
      }
      if (status === 403) this.channelId = undefined;
      if (status === 400 || status === 404) {
        finish();
        const code: ErrorCode = status === 400 ? 'bad-request' : 'not-found';
        return this.#hooks.refuse(ctiError(code, owner.clock.now(), { operation: 'open_channel', httpStatus: status }));
      }
      if (status === undefined) end(0, UNREACHABLE, `channel ${channelId} unreachable`);
      else end(status, 'open-failed', `channel ${channelId} failed to open (${status})`);
    };
    const start = (newId: boolean) => {
      if (newId || this.channelId === undefined) this.channelId = owner.randomChannelId();
      const channelId = this.channelId;
      owner.log('debug', `${this.resource}: opening channel ${channelId}`);
      handle = owner.transport.openChannel(this.resource, channelId, ALL_EVENT_NAMES, {
        onOpen: () => {
          if (!ended) nowOpen();
        },
        onFrame: (name, data) => {
          if (ended) return;
          nowOpen();
          if (!ended) this.#frame(gen, name, data, events, end);
        },
        onError: () => {
          if (!ended) void failed();
        },
      });
      opening.start();
    };
    start(false);
    return {
      send: () => false,
      close: () => void finish(),
      get open() {
        return opened && !ended;
      },
    };
  }

  /** Subscribe on the current link, or renew when subscribed. Rejects with the server's `CtiError`. */
  subscribe(): Promise<void> {
    if (!this.#subscribing) {
      const p = this.#subscribe(this.#gen)
        .catch((e: CtiError) => {
          this.#owner.log('warn', `${this.resource}: subscribe failed (${e.code}${e.vendorCode ? ` ${e.vendorCode}` : ''})`);
          throw e;
        })
        .finally(() => {
          if (this.#subscribing === p) this.#subscribing = undefined;
        });
      this.#subscribing = p;
    }
    return this.#subscribing;
  }

  /** Unsubscribe and close the channel (best effort); `live`: a link was open or opening. */
  async shutdown(live: boolean): Promise<void> {
    const id = this.subscriptionId;
    const channelId = this.channelId;
    this.#endLink(this.#gen);
    const res = `${this.resource}/monitor`;
    const best = async (command: string, body: WireObject) => {
      try {
        await this.#owner.call('POST', `${res}/${command}`, body, body as Record<string, number>);
      } catch (e) {
        this.#owner.log('warn', `${this.resource}: ${command} failed (${(e as CtiError).code ?? 'error'})`);
      }
    };
    if (id !== undefined) await best('unsubscribe', { id });
    if (channelId !== undefined && live) await best('close_channel', { channel_id: channelId });
    this.subscriptionId = undefined;
  }

  #frame(gen: number, name: string, data: string, events: LinkEvents<WireEvent>, end: (code: number, reason: string, why: string) => void): void {
    const owner = this.#owner;
    const ev = decodeEvent(owner.fmt, name, data, { agent: owner.agent, now: owner.clock.now() });
    switch (ev.kind) {
      case 'channel-open':
        if (ev.channelId !== undefined && ev.channelId !== this.channelId) {
          owner.log('warn', `${this.resource}: server reports channel ${ev.channelId}, asked for ${this.channelId}`);
          this.channelId = ev.channelId;
        }
        break;
      case 'channel-close':
        return end(0, 'closed-by-server', 'channel closed by the server');
      case 'subscription-expire-warning':
      case 'subscription-expire': {
        // Ours (no id says whose: ours), while subscribed: renew, or after expiry subscribe afresh.
        if (!this.#subscribed || (ev.id !== undefined && ev.id !== this.subscriptionId)) break;
        const expired = ev.kind === 'subscription-expire';
        owner.log(expired ? 'warn' : 'info', `${this.resource}: subscription ${expired ? 'expired, subscribing again' : 'expiring, renewing'}`);
        if (expired) {
          this.subscriptionId = undefined;
          this.#subscribed = false;
        }
        this.#background(gen);
        break;
      }
      default:
        break;
    }
    // Everything heard goes on: the runtime's heartbeat watchdog counts it.
    events.message(ev);
  }

  async #subscribe(gen: number): Promise<void> {
    if (this.channelId === undefined) return;
    const owner = this.#owner;
    const channelId = this.channelId;
    const renewal = this.#subscribed;
    const subscribe = (id: number | undefined) => owner.call('POST', `${this.resource}/monitor/subscribe`, this.#hooks.subscriptionBody(channelId, id));
    let body: WireObject;
    try {
      body = await subscribe(this.subscriptionId);
    } catch (e) {
      const err = e as CtiError;
      if (err.code !== 'not-found' || this.subscriptionId === undefined || gen !== this.#gen) throw e;
      // The subscription to renew is gone (expired): subscribe afresh.
      this.subscriptionId = undefined;
      body = await subscribe(undefined);
    }
    if (gen !== this.#gen) return;
    const id = num(body['id']);
    if (id !== undefined) this.subscriptionId = id;
    this.#subscribed = true;
    this.#scheduleRenew(gen);
    owner.log(renewal ? 'debug' : 'info', `${this.resource}: subscribed (id ${this.subscriptionId ?? '?'}) on channel ${this.channelId}`);
  }

  /** Renew (or subscribe again) while the link lives; a failure goes to the owner. */
  #background(gen: number): void {
    this.subscribe().catch((e: CtiError) => {
      if (gen === this.#gen) this.#hooks.failed(e);
    });
  }

  #scheduleRenew(gen: number): void {
    this.#stopRenew();
    const ms = Math.max(1_000, this.#owner.opts.expires * 1000 * 0.8);
    this.#renewTimer = this.#owner.clock.setTimeout(() => {
      this.#renewTimer = undefined;
      if (gen !== this.#gen) return;
      this.#owner.log('debug', `${this.resource}: renewing subscription (local timer)`);
      this.#background(gen);
    }, ms);
  }

  /** The link `gen` ended: its answers and timers are void. */
  #endLink(gen: number): void {
    if (gen !== this.#gen) return;
    this.#gen++;
    this.#live = false;
    this.#stopRenew();
  }

  #stopRenew(): void {
    if (this.#renewTimer) this.#owner.clock.clearTimeout(this.#renewTimer);
    this.#renewTimer = undefined;
  }
}
