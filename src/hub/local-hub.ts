/**
 * The fallback hub when there is no SharedWorker: one tab of the site is elected leader with a
 * Web Lock, runs the hub core in a dedicated Worker of its own (the same hub script, so the page
 * bundle never carries the hub core or a vendor adapter) and serves the others over a `BroadcastChannel`.
 * comlink cannot pass callbacks over BroadcastChannel, so this is a small protocol of its own:
 *
 *   follower → all   { cti: 'bc', t: 'req', id, from, method, args }   (attach: args without the listener;
 *                                                                      the session secret goes to same-origin tabs only)
 *   leader   → all   { cti: 'bc', t: 'res', id, to, ok, value | error }
 *   leader   → all   { cti: 'bc', t: 'snap', to, key, snapshot }       (the follower's listener: an update, `updates.ts`)
 *   leader   → all   { cti: 'bc', t: 'leader', hubId, tabId }           (new leader: followers re-attach)
 *
 * Leadership moves when the leader tab closes: its lock frees, the next tab is granted it, builds
 * its own `HubCore` (a new vendor connection) and announces itself; every tab then re-sends
 * `hello` and `attach` (credentials are not re-sent). Followers' calls in flight to a dead leader
 * time out with `hub-unavailable`.
 *
 * `single-tab`: where Web Locks are absent or refused (a cross-site iframe in a browser that refuses it
 * storage: Chrome Incognito, Safari, Brave, Firefox strict) no leader can be elected safely, so the tab
 * runs its own core, serves nobody and listens to nobody: one vendor connection per tab, said as such.
 */
import type { CommandResult, HubApi, HubDiagnostics, HubInfo, UpdateListener } from './contract.js';
import type { SessionSnapshot } from '../domain/model.js';
import { isCtiError, sessionKey } from '../vendors/adapter.js';
import type { SessionUpdate } from './updates.js';
import type { HubLogger } from './hub-core.js';
import { failure } from './failure.js';

/**
 * The leader's hub: a `HubCore` (tests run one in the page) or a dedicated-worker proxy to one
 * (`dedicated-core.ts`, production).
 */
export interface LocalCore extends HubApi {
  readonly id: string;
  dispose(): void | Promise<void>;
}
import { ctiError } from './rpc.js';

type Method = 'hello' | 'attach' | 'detach' | 'command' | 'diagnostics' | 'goodbye' | 'tabFocus' | 'ping' | 'stats';
const METHODS: ReadonlySet<string> = new Set<Method>(['hello', 'attach', 'detach', 'command', 'diagnostics', 'goodbye', 'tabFocus', 'ping', 'stats']);

type BcMessage =
  | { cti: 'bc'; t: 'req'; id: string; from: string; method: Method; args: unknown[] }
  | { cti: 'bc'; t: 'res'; id: string; to: string; ok: boolean; value?: unknown; error?: unknown }
  | { cti: 'bc'; t: 'snap'; to: string; key: string; snapshot: SessionUpdate }
  | { cti: 'bc'; t: 'leader'; hubId: string; tabId: string };

function isBcMessage(value: unknown): value is BcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (m.cti !== 'bc') return false;
  switch (m.t) {
    case 'req':
      return typeof m.id === 'string' && typeof m.from === 'string' && typeof m.method === 'string' && METHODS.has(m.method) && Array.isArray(m.args);
    case 'res':
      return typeof m.id === 'string' && typeof m.to === 'string' && typeof m.ok === 'boolean';
    case 'snap':
      return typeof m.to === 'string' && typeof m.key === 'string' && typeof m.snapshot === 'object' && m.snapshot !== null;
    case 'leader':
      return typeof m.hubId === 'string' && typeof m.tabId === 'string';
    default:
      return false;
  }
}

export interface LocalHubOptions {
  /** Hub name: the BroadcastChannel and leader lock are derived from it. */
  readonly name: string;
  readonly tabId: string;
  /** Builds the leader's core (mode `leader-tab`); `logger` is this hub's, for what the core cannot tell a tab. */
  readonly createCore: (logger?: HubLogger) => LocalCore;
  /** Timeout of a follower's request (ms). */
  readonly requestTimeoutMs: number;
  readonly logger?: HubLogger;
}

export class LocalHub {
  readonly #o: LocalHubOptions;
  readonly #bc: BroadcastChannel | undefined;
  readonly #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  /** This tab's listeners when it is a follower, by session key. */
  readonly #listeners = new Map<string, UpdateListener>();
  readonly #resetListeners = new Set<() => void>();
  readonly #abort = new AbortController();
  #core: LocalCore | undefined;
  #releaseLeadership: (() => void) | undefined;
  #next = 0;
  #closed = false;
  /** Why this tab runs alone (`single-tab`), once it does. */
  #single: string | undefined;

  /** Calls routed to the local core (leader) or over the channel (follower). */
  readonly api: HubApi;

  constructor(options: LocalHubOptions) {
    this.#o = options;
    let bc: BroadcastChannel | undefined;
    try {
      bc = new BroadcastChannel(`cti-hub-bc-${options.name}`);
      bc.onmessage = (event: MessageEvent) => this.#onMessage(event.data);
    } catch (e) {
      this.#single = `BroadcastChannel: ${failure(e)}`;
    }
    this.#bc = bc;
    this.api = {
      hello: async (tabId, lockName) => {
        const info = (await this.#call('hello', [tabId, lockName])) as HubInfo;
        return { ...info, mode: this.mode };
      },
      attach: (tabId, config, listener, secret) => {
        if (this.#core) return this.#core.attach(tabId, config, listener, secret);
        // Listening before the answer: the leader's patches may follow it at once (the whole session is the answer).
        const key = typeof config === 'object' && config !== null ? sessionKey(config) : '';
        const before = this.#listeners.get(key);
        this.#listeners.set(key, listener);
        return this.#call('attach', [tabId, config, secret]).then(
          (snapshot) => snapshot as SessionSnapshot,
          (e: unknown) => {
            if (this.#listeners.get(key) === listener) {
              if (before) this.#listeners.set(key, before);
              else this.#listeners.delete(key);
            }
            throw e;
          },
        );
      },
      detach: async (tabId, key) => {
        this.#listeners.delete(key);
        await this.#call('detach', [tabId, key]);
      },
      command: (tabId, key, command, secret) => this.#call('command', [tabId, key, command, secret]) as Promise<CommandResult>,
      diagnostics: (tabId, key, secret) => this.#call('diagnostics', [tabId, key, secret]) as Promise<HubDiagnostics>,
      goodbye: async (tabId) => {
        await this.#call('goodbye', [tabId]);
      },
      tabFocus: async (tabId, focus) => {
        await this.#call('tabFocus', [tabId, focus]);
      },
      ping: () => this.#call('ping', []) as Promise<number>,
      stats: () => this.#call('stats', []) as ReturnType<HubApi['stats']>,
    };
  }

  get mode(): 'leader-tab' | 'follower-tab' | 'single-tab' {
    if (this.#single !== undefined && this.#core) return 'single-tab';
    return this.#core ? 'leader-tab' : 'follower-tab';
  }

  /** Why this tab runs its own hub (`single-tab`): the browser's reason. */
  get singleReason(): string | undefined {
    return this.#single;
  }

  get hubId(): string | undefined {
    return this.#core?.id;
  }

  /** Called when leadership moved (to this tab or another): the tab must hello and re-attach. */
  onReset(listener: () => void): () => void {
    this.#resetListeners.add(listener);
    return () => this.#resetListeners.delete(listener);
  }

  /**
   * Join the election. Resolves when this tab is the leader or another tab already is; if another
   * tab leads, this one queues for the lock and `onReset` fires when it takes over.
   */
  async start(): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks || this.#single !== undefined) {
      // No Web Locks (or no channel): every tab runs its own hub (one connection per tab).
      this.#single ??= 'no Web Locks in this browser';
      this.#becomeLeader();
      return;
    }
    const lockName = `cti-hub-leader-${this.#o.name}`;
    const lead = () => {
      this.#becomeLeader();
      return new Promise<void>((release) => {
        this.#releaseLeadership = release;
      });
    };
    const leading = await new Promise<boolean | { refused: unknown }>((resolve) => {
      locks
        .request(lockName, { ifAvailable: true }, (lock) => {
          if (!lock || this.#closed) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return lead();
        })
        // Before the callback ran: the browser refused the lock (SecurityError "The request was denied."
        // in a third-party frame without storage). Waiting for it would wait for ever.
        .catch((e: unknown) => resolve({ refused: e }));
    });
    if (typeof leading === 'object') {
      if (this.#closed) return;
      this.#single = `Web Locks: ${failure(leading.refused)}`;
      this.#o.logger?.('warn', `${this.#single}; this tab runs its own hub`);
      this.#bc?.close();
      this.#becomeLeader();
      return;
    }
    if (leading || this.#closed) return;
    locks
      .request(lockName, { signal: this.#abort.signal }, () => (this.#closed ? undefined : lead()))
      .catch(() => {
        /* aborted on close */
      });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(ctiError('hub-unavailable', 'local-hub', 'closed'));
    }
    this.#pending.clear();
    const core = this.#core;
    this.#core = undefined;
    if (core) void core.dispose();
    this.#releaseLeadership?.();
    this.#bc?.close();
  }

  #becomeLeader(): void {
    this.#core = this.#o.createCore(this.#o.logger);
    this.#o.logger?.('info', `tab ${this.#o.tabId.slice(0, 8)} ${this.#single === undefined ? 'is the hub leader' : 'runs its own hub'} (${this.#core.id.slice(0, 8)})`);
    this.#post({ cti: 'bc', t: 'leader', hubId: this.#core.id, tabId: this.#o.tabId });
    // Calls this tab made to the previous leader will never be answered now.
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(ctiError('hub-unavailable', 'local-hub', 'leader-moved'));
    }
    this.#listeners.clear();
    this.#emitReset();
  }

  #emitReset(): void {
    for (const l of [...this.#resetListeners]) {
      try {
        l();
      } catch {
        /* a listener's problem */
      }
    }
  }

  #call(method: Method, args: unknown[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(ctiError('hub-unavailable', method, 'closed'));
    const core = this.#core;
    if (core) {
      switch (method) {
        case 'hello':
          return core.hello(args[0] as string, args[1] as string);
        case 'detach':
          return core.detach(args[0] as string, args[1] as string);
        case 'command':
          return core.command(args[0] as string, args[1] as string, args[2] as never, args[3] as string);
        case 'diagnostics':
          return core.diagnostics(args[0] as string, args[1] as string, args[2] as string);
        case 'goodbye':
          return core.goodbye(args[0] as string);
        case 'tabFocus':
          return core.tabFocus(args[0] as string, args[1] as never);
        case 'ping':
          return core.ping();
        case 'stats':
          return core.stats();
        default:
          return Promise.reject(ctiError('internal', method, 'not-routable'));
      }
    }
    const id = `${this.#o.tabId}:${++this.#next}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#o.logger?.('warn', `no hub leader answered ${method} in ${this.#o.requestTimeoutMs} ms`);
        reject(ctiError('hub-unavailable', method, 'no-leader'));
      }, this.#o.requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#post({ cti: 'bc', t: 'req', id, from: this.#o.tabId, method, args });
    });
  }

  #post(message: BcMessage): void {
    // A single tab serves nobody: it never announces itself nor answers.
    if (!this.#closed && this.#single === undefined) this.#bc?.postMessage(message);
  }

  #onMessage(data: unknown): void {
    if (this.#closed || this.#single !== undefined || !isBcMessage(data)) return;
    switch (data.t) {
      case 'req':
        if (this.#core) void this.#serve(this.#core, data);
        return;
      case 'res': {
        if (data.to !== this.#o.tabId) return;
        const p = this.#pending.get(data.id);
        if (!p) return;
        this.#pending.delete(data.id);
        clearTimeout(p.timer);
        if (data.ok) p.resolve(data.value);
        else p.reject(isCtiError(data.error) ? data.error : ctiError('internal', 'local-hub', 'bad-answer'));
        return;
      }
      case 'snap':
        if (data.to === this.#o.tabId && !this.#core) this.#listeners.get(data.key)?.(data.snapshot);
        return;
      case 'leader':
        if (data.tabId === this.#o.tabId) return;
        if (this.#core) {
          // Two leaders can only happen without Web Locks; keep ours.
          this.#o.logger?.('warn', 'another tab claims hub leadership');
          return;
        }
        this.#o.logger?.('info', `hub leader is now tab ${data.tabId.slice(0, 8)}`);
        this.#emitReset();
        return;
    }
  }

  async #serve(core: LocalCore, req: Extract<BcMessage, { t: 'req' }>): Promise<void> {
    const to = req.from;
    let value: unknown;
    try {
      const a = req.args;
      switch (req.method) {
        case 'hello':
          value = await core.hello(a[0] as string, a[1] as string);
          break;
        case 'attach': {
          const tabId = a[0] as string;
          value = await core.attach(
            tabId,
            a[1] as never,
            (update) => {
              this.#post({ cti: 'bc', t: 'snap', to: tabId, key: update.key, snapshot: update });
            },
            a[2] as string,
          );
          break;
        }
        case 'detach':
          value = await core.detach(a[0] as string, a[1] as string);
          break;
        case 'command':
          value = await core.command(a[0] as string, a[1] as string, a[2] as never, a[3] as string);
          break;
        case 'diagnostics':
          value = await core.diagnostics(a[0] as string, a[1] as string, a[2] as string);
          break;
        case 'goodbye':
          value = await core.goodbye(a[0] as string);
          break;
        case 'tabFocus':
          value = await core.tabFocus(a[0] as string, a[1] as never);
          break;
        case 'ping':
          value = await core.ping();
          break;
        case 'stats':
          value = await core.stats();
          break;
      }
      this.#post({ cti: 'bc', t: 'res', id: req.id, to, ok: true, value });
    } catch (e) {
      // The follower gets a code (the method); the exception's words stay in this (the leader's) log.
      if (!isCtiError(e)) this.#o.logger?.('error', `${req.method} for tab ${to.slice(0, 8)} failed: ${failure(e)}`);
      const error = isCtiError(e) ? e : ctiError('internal', req.method, req.method);
      this.#post({ cti: 'bc', t: 'res', id: req.id, to, ok: false, error });
    }
  }
}
