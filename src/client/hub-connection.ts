/**
 * Page side of the hub: one connection per page (tab or iframe), shared by every session in it.
 *
 * Modes, chosen by `connectHub`:
 *  - `shared-worker`: a module SharedWorker from the widget's origin, comlink over its port.
 *  - frame (reported as `shared-worker`): the widget is served from another origin than the page,
 *    so a hidden hub frame from the widget's origin starts the worker and hands over its port.
 *  - `leader-tab` / `follower-tab`: no SharedWorker, or it (or the hub frame) was refused or failed:
 *    Web-Lock leader election and a BroadcastChannel protocol in the PAGE's origin (`local-hub.ts`).
 *    The leader's hub runs in a dedicated Worker when the hub script is on the page's origin, else in
 *    the page itself (`dedicated-core.ts`).
 *  - `single-tab`: Web Locks are refused too (a cross-site iframe where the browser refuses storage to
 *    third parties): this tab runs its own hub and its own vendor connection.
 * In `auto` mode each refusal falls through to the next; only when none can run does `connectHub`
 * reject, with `hub-unavailable` and the browser's reasons.
 *
 * Session secrets (the hub's trust boundary, `hub/session-secret.ts`): the page makes one per session key
 * at its first attach; same-origin tabs of this page share it over a BroadcastChannel (per origin, so a
 * page of another origin reaching the same hub never gets it), and the tab keeps it in its own
 * sessionStorage so a reload within the hub's grace finds its session. An attach refused `session-denied`
 * (another tab opened the session) asks those tabs for the secret and tries once more.
 *
 * Tab liveness: the page holds the Web Lock `cti-tab-<tabId>` for its whole life and says
 * `goodbye` on `pagehide`; the hub asks for the same lock and is granted it when the page is gone.
 * Hub liveness: every call has a timeout; a ping every `pingIntervalMs` and, after two failed
 * pings, a reconnect (new worker instance / new port) that re-sends `hello` and every `attach`.
 */
import { trustedScriptUrl } from './trusted-url.js';
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { Command } from '../domain/commands.js';
import type { CtiError, HubMode, SessionSnapshot } from '../domain/model.js';
import type { CommandResult, HubApi, HubInfo, SnapshotListener } from '../hub/contract.js';
import { isFrameReply, isValidHubName } from '../hub/frame-protocol.js';
import type { HubLogger } from '../hub/hub-core.js';
import { dedicatedWorkerCore, inPageCore } from '../hub/dedicated-core.js';
// The fallback hub is a lazy chunk: most pages never need it (it loads when the shared hub cannot run).
import type { LocalCore } from '../hub/local-hub.js';
import { ctiError, defaultTimeouts, hubApiWithTimeouts } from '../hub/rpc.js';
import type { HubTimeouts } from '../hub/rpc.js';
import { isCtiError, sessionKey } from '../vendors/adapter.js';
import { isSessionSecret, newSessionSecret } from '../hub/session-secret.js';
import type { SessionConfig } from '../vendors/adapter.js';

/* ------------------------------------------------------------ hub location */

export interface HubLocation {
  /** URL of the hub SharedWorker script (must be the widget's origin). */
  readonly workerUrl?: string | URL;
  /** URL of the hub frame (`hub-frame.html`) for pages on another origin than the widget. */
  readonly frameUrl?: string | URL;
}

let hubLocation: HubLocation = {};

/**
 * Where the hub worker and hub frame are. The ES module build finds the worker itself
 * (`import.meta.url`); the drop-in IIFE build has no `import.meta.url` and calls this with URLs
 * resolved against `document.currentScript.src`.
 */
export function setHubLocation(location: HubLocation): void {
  hubLocation = { ...hubLocation, ...location };
}

export function getHubLocation(): HubLocation {
  return hubLocation;
}

/* ----------------------------------------------------------------- options */

export type HubModeOption = 'auto' | 'shared-worker' | 'frame' | 'local';

export interface ConnectHubOptions {
  /** Hub name: the SharedWorker name, and the channel/lock names of the fallback. Default `cti-hub`. */
  readonly name?: string;
  /** Force a mode. Default `auto`. */
  readonly mode?: HubModeOption;
  /** Overrides `setHubLocation().workerUrl`. */
  readonly workerUrl?: string | URL;
  /** Overrides `setHubLocation().frameUrl`; setting it selects the frame mode in `auto`. */
  readonly frameUrl?: string | URL;
  readonly timeouts?: Partial<HubTimeouts>;
  /** Hub liveness ping period (ms). Default 5000; 0 disables. */
  readonly pingIntervalMs?: number;
  /** How long the hub frame may take to hand over a port (ms). Default 10000. */
  readonly frameTimeoutMs?: number;
  readonly logger?: HubLogger;
  /**
   * Builds the leader tab's hub in the fallback. Default: the hub script in a dedicated Worker.
   * Tests pass an in-page `HubCore`.
   */
  readonly createLocalCore?: () => LocalCore;
}

export type HubStatus =
  | { readonly type: 'connected'; readonly mode: HubMode; readonly info: HubInfo }
  | { readonly type: 'reconnecting'; readonly reason: string }
  | { readonly type: 'unavailable'; readonly error: CtiError };

export interface Attachment {
  readonly key: string;
  /** The snapshot the hub answered with. */
  readonly snapshot: SessionSnapshot;
  /** Stop listening; the page detaches from the hub when its last listener for the key leaves. */
  detach(): void;
}

export interface HubConnection {
  /** The raw hub API with a timeout on every call. Prefer `attach`/`command`, which survive reconnects. */
  readonly api: HubApi;
  readonly mode: HubMode;
  readonly tabId: string;
  readonly info: HubInfo | undefined;
  /** Whether the hub runs from another origin through the hub frame. */
  readonly viaFrame: boolean;
  /** Attach a listener to a session; several listeners in one page share one hub attachment. */
  attach(config: SessionConfig, listener: SnapshotListener): Promise<Attachment>;
  command(key: string, command: Command): Promise<CommandResult>;
  /** The latest snapshot received for a key. */
  latest(key: string): SessionSnapshot | undefined;
  onStatus(listener: (status: HubStatus) => void): () => void;
  /** Reconnect now (new port / new worker instance) and re-attach. */
  reconnect(reason?: string): Promise<void>;
  close(): void;
}

/* --------------------------------------------------------------- transports */

interface Transport {
  readonly mode: HubMode;
  readonly api: HubApi;
  readonly viaFrame: boolean;
  /** Prepare a page-side listener to be passed to `api.attach`. */
  wrapListener(listener: SnapshotListener): SnapshotListener;
  /** Get a fresh channel to the hub (after a restart). Local: nothing to do. */
  renew(): Promise<void>;
  /** Local mode: leadership moved. */
  onReset?(listener: () => void): () => void;
  /** Rejects when the hub behind this transport could not start (a worker's `error`, the frame's `hub-error`). */
  readonly failed?: Promise<never>;
  close(): void;
}

function comlinkTransport(port: MessagePort, viaFrame: boolean, renewPort: () => Promise<MessagePort>, failed?: Promise<never>): Transport {
  let current = port;
  let remote = wrap<HubApi>(current);
  const api: HubApi = {
    hello: (...a) => remote.hello(...a),
    attach: (tabId, config, listener, secret) => (remote as unknown as HubApi).attach(tabId, config, listener, secret),
    detach: (...a) => remote.detach(...a),
    command: (...a) => remote.command(...a) as Promise<CommandResult>,
    goodbye: (...a) => remote.goodbye(...a),
    tabFocus: (...a) => remote.tabFocus(...a),
    ping: () => remote.ping(),
    stats: () => remote.stats(),
  };
  const drop = () => {
    try {
      (remote as Remote<HubApi>)[releaseProxy]();
    } catch {
      /* the port is gone */
    }
    current.close();
  };
  return {
    mode: 'shared-worker',
    api,
    viaFrame,
    ...(failed ? { failed } : {}),
    wrapListener: (listener) => proxy(listener),
    async renew() {
      const next = await renewPort();
      drop();
      current = next;
      remote = wrap<HubApi>(current);
    },
    close: drop,
  };
}

// `extendedLifetime` (Chromium 148+; ignored elsewhere): the hub may outlive its last tab, so a reload
// mid-call finds the vendor connection during the hub's reload grace (README, "Reloading the page").
function newWorker(workerUrl: string | URL | undefined, name: string): SharedWorker {
  if (workerUrl !== undefined) return new SharedWorker(trustedScriptUrl(workerUrl), { type: 'module', name, extendedLifetime: true } as WorkerOptions);
  // This literal form is what the bundler recognises to emit the worker chunk: keep it as is.
  return new SharedWorker(new URL('../hub/hub.worker.ts', import.meta.url), { type: 'module', name, extendedLifetime: true } as WorkerOptions);
}

/**
 * Rejects with `hub-unavailable` when `worker` fires `error`: a refused SharedWorker (a third-party frame
 * without storage) says nothing else, and comlink would wait for ever.
 */
function workerFailure(worker: SharedWorker): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', () => reject(ctiError('hub-unavailable', 'connect', 'hub SharedWorker refused or failed')), { once: true });
  });
  failed.catch(() => {});
  return failed;
}

function newDedicatedWorker(workerUrl: string | URL | undefined, name: string): Worker {
  if (workerUrl !== undefined) return new Worker(trustedScriptUrl(workerUrl), { type: 'module', name: `${name}-leader` });
  // The same hub script as the SharedWorker: keep this literal form for the bundler too.
  return new Worker(new URL('../hub/hub.worker.ts', import.meta.url), { type: 'module', name: `${name}-leader` });
}

function scriptOrigin(workerUrl: string | URL | undefined): string | undefined {
  try {
    return new URL(workerUrl ?? import.meta.url, location.href).origin;
  } catch {
    return undefined;
  }
}

function defaultFrameUrl(workerUrl: string | URL | undefined): URL {
  const rel = workerUrl !== undefined ? 'hub-frame.html' : '../hub/hub-frame.html';
  return new URL(rel, workerUrl !== undefined ? new URL(workerUrl, location.href) : import.meta.url);
}

/** Ask the hub frame for a port to the hub worker. Creates the frame on first use. */
function frameConnector(frameUrl: URL, name: string, tabId: string, timeoutMs: number) {
  const frameOrigin = frameUrl.origin;
  let iframe: HTMLIFrameElement | undefined;
  let loaded: Promise<void> | undefined;
  // After handing a port, the frame still reports a worker that failed to start (`hub-error`).
  let fail!: (error: CtiError) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const onLateError = (event: MessageEvent) => {
    if (!iframe || event.source !== iframe.contentWindow || event.origin !== frameOrigin) return;
    const msg: unknown = event.data;
    if (isFrameReply(msg) && msg.tabId === tabId && msg.cti === 'hub-error') fail(ctiError('hub-unavailable', 'connect', msg.detail));
  };
  const ensureFrame = () => {
    if (!iframe) {
      const el = document.createElement('iframe');
      el.hidden = true;
      el.tabIndex = -1;
      el.title = 'cti hub';
      el.setAttribute('aria-hidden', 'true');
      // The hub frame's worker opens the vendor socket; for a softphone on this computer (NEON,
      // ws://localhost) Chromium's Local Network Access asks the frame to be delegated the
      // permission (`local-network-access` until Chrome 145, `loopback-network` / `local-network` after).
      el.allow = 'local-network-access; loopback-network; local-network';
      el.src = frameUrl.href;
      loaded = new Promise((resolve) => el.addEventListener('load', () => resolve(), { once: true }));
      (document.body ?? document.documentElement).append(el);
      iframe = el;
      window.addEventListener('message', onLateError);
    }
    return loaded!;
  };
  const requestPort = async (): Promise<MessagePort> => {
    await withDeadline(ensureFrame(), timeoutMs, 'hub frame did not load');
    const frame = iframe!;
    return new Promise<MessagePort>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
      };
      const timer = setTimeout(() => {
        done();
        reject(ctiError('hub-unavailable', 'connect', 'the hub frame did not answer'));
      }, timeoutMs);
      const onMessage = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
        const msg: unknown = event.data;
        if (!isFrameReply(msg) || msg.tabId !== tabId) return;
        if (msg.cti === 'hub-error') {
          done();
          reject(ctiError('hub-unavailable', 'connect', msg.detail));
          return;
        }
        const port = event.ports[0];
        if (!port) return;
        done();
        resolve(port);
      };
      window.addEventListener('message', onMessage);
      frame.contentWindow?.postMessage({ cti: 'hub-connect', v: 1, tabId, name }, frameOrigin);
    });
  };
  return {
    requestPort,
    failed,
    remove: () => {
      window.removeEventListener('message', onLateError);
      iframe?.remove();
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, detail: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(ctiError('hub-unavailable', 'connect', detail)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/* ---------------------------------------------------------- session secrets */

interface SecretMessage {
  readonly t: 'ask' | 'tell';
  readonly key: string;
  readonly secret?: string;
}

/** How long an attach refused `session-denied` waits for a same-origin tab to tell the session's secret. */
const SECRET_ASK_MS = 2000;

/** This page's session secrets (see the header). Never logged, never sent but to the hub and same-origin tabs. */
function sessionSecrets(name: string) {
  const storageKey = `cti-hub-secrets:${name}`;
  /** Secrets the hub accepted, per key. */
  const confirmed = new Map<string, string>();
  /** Secrets for attaches not accepted yet. */
  const pending = new Map<string, string>();
  /** Keys other tabs asked for recently (answered when our attach is accepted). */
  const asked = new Map<string, number>();
  const waiting = new Map<string, (secret: string) => void>();
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}');
    if (typeof stored === 'object' && stored !== null) {
      for (const [key, secret] of Object.entries(stored)) if (isSessionSecret(secret)) confirmed.set(key, secret);
    }
  } catch {
    /* storage refused (a third-party frame) or damaged: memory only */
  }
  const persist = () => {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(Object.fromEntries(confirmed)));
    } catch {
      /* memory only */
    }
  };
  let channel: BroadcastChannel | undefined;
  try {
    channel = new BroadcastChannel(`cti-hub-secret-${name}`);
  } catch {
    channel = undefined;
  }
  const tell = (key: string) => {
    const secret = confirmed.get(key);
    if (secret) channel?.postMessage({ t: 'tell', key, secret } satisfies SecretMessage);
  };
  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      const m = event.data as Partial<SecretMessage> | null;
      if (!m || typeof m.key !== 'string') return;
      if (m.t === 'ask') {
        if (confirmed.has(m.key)) tell(m.key);
        else asked.set(m.key, Date.now());
      } else if (m.t === 'tell' && isSessionSecret(m.secret)) {
        waiting.get(m.key)?.(m.secret);
      }
    };
  }
  return {
    /** The secret to present for `key`: the accepted one, else a new one (this page opens the session). */
    get(key: string): string {
      const known = confirmed.get(key) ?? pending.get(key);
      if (known) return known;
      const fresh = newSessionSecret();
      pending.set(key, fresh);
      return fresh;
    },
    /** The hub accepted `secret` for `key`. */
    accepted(key: string, secret: string): void {
      pending.delete(key);
      if (confirmed.get(key) === secret) return;
      confirmed.set(key, secret);
      persist();
      const at = asked.get(key);
      asked.delete(key);
      if (at !== undefined && Date.now() - at < SECRET_ASK_MS) tell(key);
    },
    /** Ask this origin's other tabs for `key`'s secret; `undefined` when none answers in time. */
    ask(key: string, current: string): Promise<string | undefined> {
      if (!channel) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(undefined), SECRET_ASK_MS);
        const finish = (secret: string | undefined) => {
          clearTimeout(timer);
          if (waiting.get(key) === receive) waiting.delete(key);
          resolve(secret);
        };
        const receive = (secret: string) => {
          if (secret !== current) finish(secret);
        };
        waiting.set(key, receive);
        channel!.postMessage({ t: 'ask', key } satisfies SecretMessage);
      });
    },
    close(): void {
      channel?.close();
      for (const done of [...waiting.values()]) done('');
      waiting.clear();
    },
  };
}

/* ---------------------------------------------------------------- connect */

interface KeyEntry {
  readonly key: string;
  readonly config: SessionConfig;
  readonly listeners: Set<SnapshotListener>;
  latest: SessionSnapshot | undefined;
  /** The attach in flight or done for the current hub generation. */
  attached: Promise<SessionSnapshot> | undefined;
}

/** Connect this page to the hub. Resolves once the hub answered `hello`. */
export async function connectHub(options: ConnectHubOptions = {}): Promise<HubConnection> {
  const name = options.name ?? 'cti-hub';
  if (!isValidHubName(name)) throw ctiError('bad-request', 'connect', 'invalid hub name');
  const timeouts: HubTimeouts = { ...defaultTimeouts, ...options.timeouts };
  const log: HubLogger = options.logger ?? (() => {});
  const tabId = crypto.randomUUID();
  const lockName = `cti-tab-${tabId}`;
  // The tab's liveness lock. Refused (a third-party frame without storage): go on without it; the hub
  // then relies on `goodbye` and the listener failures, and is never told to watch a lock nobody holds.
  let lockRefused = false;
  const tabLock = await holdLock(lockName).catch((e: unknown) => {
    lockRefused = true;
    log('warn', `tab lock refused: ${errorText(e)}`);
    return { release() {} } satisfies HeldLock;
  });

  const workerUrl = options.workerUrl ?? hubLocation.workerUrl;
  const frameUrlOption = options.frameUrl ?? hubLocation.frameUrl;
  const requested = options.mode ?? 'auto';
  const origin = scriptOrigin(workerUrl);
  const useFrame =
    requested === 'frame' || (requested === 'auto' && (frameUrlOption !== undefined || (origin !== undefined && origin !== location.origin)));
  /** Why each hub tried before the one that runs could not (the browser's words). */
  const reasons: string[] = [];
  const refused = (what: string, e: unknown) => {
    reasons.push(`${what}: ${errorText(e)}`);
    log('warn', `${what} refused, trying the next hub`);
  };
  // The frame holds the tab's lock in the hub's own storage partition; elsewhere the page holds it, if allowed.
  const helloLock = (t: Transport) => (t.viaFrame || !lockRefused ? lockName : '');

  /** The leader's hub, best first: a dedicated Worker (hub script on this origin), else the page itself. */
  const localCores = async (): Promise<(() => LocalCore)[]> => {
    if (options.createLocalCore) return [options.createLocalCore];
    if (typeof Worker !== 'function' || origin !== location.origin) return [inPageCore];
    const dedicated = () => {
      try {
        return dedicatedWorkerCore(newDedicatedWorker(workerUrl, name));
      } catch {
        return inPageCore(); // the Worker was refused (CSP worker-src, Trusted Types): the page runs it
      }
    };
    return [dedicated, inPageCore];
  };

  const openLocal = async (createCore: () => LocalCore): Promise<Transport> => {
    const { LocalHub } = await import('../hub/local-hub.js');
    const hub = new LocalHub({ name, tabId, requestTimeoutMs: timeouts.callMs, logger: log, createCore });
    try {
      await hub.start();
    } catch (e) {
      hub.close();
      throw e;
    }
    return {
      get mode() {
        return hub.mode;
      },
      api: hub.api,
      viaFrame: false,
      wrapListener: (l) => l,
      renew: async () => {},
      onReset: (l) => hub.onReset(l),
      close: () => hub.close(),
    };
  };

  let frame: ReturnType<typeof frameConnector> | undefined;
  /** The SharedWorker hub, directly or through the hub frame; `undefined` when this browser has none. */
  const openShared = async (): Promise<Transport | undefined> => {
    if (useFrame) {
      const frameUrl = new URL(frameUrlOption ?? defaultFrameUrl(workerUrl), location.href);
      frame = frameConnector(frameUrl, name, tabId, options.frameTimeoutMs ?? 10000);
      const port = await frame.requestPort();
      return comlinkTransport(port, true, frame.requestPort, frame.failed);
    }
    if (typeof SharedWorker !== 'function') {
      if (requested === 'shared-worker') throw ctiError('unsupported', 'connect', 'no SharedWorker in this browser');
      return undefined;
    }
    let worker: SharedWorker;
    try {
      worker = newWorker(workerUrl, name);
    } catch (e) {
      throw ctiError('hub-unavailable', 'connect', errorText(e));
    }
    return comlinkTransport(worker.port, false, async () => newWorker(workerUrl, name).port, workerFailure(worker));
  };

  let transport: Transport | undefined;
  let api!: HubApi;
  let info!: HubInfo;
  if (requested !== 'local') {
    try {
      transport = await openShared();
      if (transport) {
        api = hubApiWithTimeouts(transport.api, timeouts);
        // A worker that fails to start fires `error` (refused) or says nothing (a bad script): whichever first.
        info = await (transport.failed ? Promise.race([api.hello(tabId, helloLock(transport)), transport.failed]) : api.hello(tabId, helloLock(transport)));
      }
    } catch (e) {
      transport?.close();
      transport = undefined;
      frame?.remove();
      frame = undefined;
      if (requested !== 'auto') {
        tabLock.release();
        throw e;
      }
      refused(useFrame ? 'hub frame' : 'SharedWorker', e);
    }
  }
  if (!transport) {
    const cores = await localCores().catch((e: unknown) => {
      refused('local hub', e);
      return [];
    });
    for (const createCore of cores) {
      let local: Transport | undefined;
      try {
        local = await openLocal(createCore);
        api = hubApiWithTimeouts(local.api, timeouts);
        info = await waitForLocalHello(api, tabId, helloLock(local));
        transport = local;
        break;
      } catch (e) {
        local?.close();
        refused('local hub', e);
      }
    }
  }
  if (!transport) {
    tabLock.release();
    throw ctiError('hub-unavailable', 'connect', reasons.join('; '));
  }
  const ready: Transport = transport;

  const entries = new Map<string, KeyEntry>();
  const secrets = sessionSecrets(name);
  const statusListeners = new Set<(status: HubStatus) => void>();
  let closed = false;
  let generation = 0;
  let pingFailures = 0;
  let reconnecting: Promise<void> | undefined;

  const emitStatus = (status: HubStatus) => {
    for (const l of [...statusListeners]) {
      try {
        l(status);
      } catch {
        /* a listener's problem */
      }
    }
  };

  const deliver = (entry: KeyEntry, snapshot: SessionSnapshot) => {
    if (closed || entries.get(entry.key) !== entry) return;
    entry.latest = snapshot;
    for (const l of [...entry.listeners]) {
      try {
        l(snapshot);
      } catch (e) {
        log('error', `snapshot listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  const attachEntry = (entry: KeyEntry): Promise<SessionSnapshot> => {
    const gen = generation;
    const listener = ready.wrapListener((snapshot: SessionSnapshot) => {
      if (gen === generation) deliver(entry, snapshot);
    });
    const attachWith = async (secret: string) => {
      const snapshot = await api.attach(tabId, entry.config, listener, secret);
      secrets.accepted(entry.key, secret);
      return snapshot;
    };
    const first = secrets.get(entry.key);
    const attached = attachWith(first)
      .catch(async (e: unknown) => {
        // Another tab of this page may have opened the session: it tells its secret (same origin only).
        if (!isCtiError(e) || e.code !== 'session-denied') throw e;
        const shared = await secrets.ask(entry.key, first);
        if (!shared) throw e;
        log('info', 'attach: the session secret came from another tab of this page');
        return attachWith(shared);
      })
      .then((snapshot) => {
        if (gen === generation) deliver(entry, snapshot);
        return snapshot;
      });
    entry.attached = attached;
    attached.catch(() => {
      if (entry.attached === attached) entry.attached = undefined;
    });
    return attached;
  };

  /** Re-send hello and every attach (after a hub restart or a leadership move). */
  const resync = async () => {
    generation++;
    info = await api.hello(tabId, helloLock(ready));
    pingFailures = 0;
    reportFocus();
    emitStatus({ type: 'connected', mode: ready.mode, info });
    await Promise.allSettled([...entries.values()].map((entry) => attachEntry(entry)));
  };

  const reconnect = (reason = 'requested'): Promise<void> => {
    if (closed) return Promise.resolve();
    reconnecting ??= (async () => {
      log('warn', `reconnecting to the hub: ${reason}`);
      emitStatus({ type: 'reconnecting', reason });
      try {
        await ready.renew();
        await resync();
      } catch (e) {
        const error = isCtiError(e) ? e : ctiError('hub-unavailable', 'reconnect', String(e));
        emitStatus({ type: 'unavailable', error });
      }
    })().finally(() => {
      reconnecting = undefined;
    });
    return reconnecting;
  };

  const offReset = ready.onReset?.(() => {
    void resync().catch((e: unknown) => {
      emitStatus({ type: 'unavailable', error: isCtiError(e) ? e : ctiError('hub-unavailable', 'resync', String(e)) });
    });
  });

  const pingMs = options.pingIntervalMs ?? 5000;
  const pingTimer =
    pingMs > 0
      ? setInterval(() => {
          if (reconnecting) return;
          api.ping().then(
            () => {
              pingFailures = 0;
            },
            () => {
              pingFailures++;
              if (pingFailures >= 2) void reconnect('the hub stopped answering');
            },
          );
        }, pingMs)
      : undefined;

  const onPageHide = () => {
    // Fire and forget: the lock covers the case where this message never arrives.
    void api.goodbye(tabId).catch(() => {});
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) void resync().catch(() => {});
  };
  addEventListener('pagehide', onPageHide);
  addEventListener('pageshow', onPageShow);

  // The hub elects the tab that rings (the most recently focused visible one): tell it where the agent is.
  const reportFocus = () => {
    if (closed || typeof document === 'undefined') return;
    const visible = document.visibilityState !== 'hidden';
    // Focused now (a focus event, a tab just opened or reloaded, a resync): the hub stamps it as the latest.
    const focused = visible && document.hasFocus();
    void api.tabFocus(tabId, { visible, focused }).catch(() => {});
  };
  const onFocusChange = () => reportFocus();
  addEventListener('focus', onFocusChange);
  document.addEventListener('visibilitychange', onFocusChange);
  reportFocus();

  const connection: HubConnection = {
    get api() {
      return api;
    },
    get mode() {
      return ready.mode;
    },
    tabId,
    get info() {
      return info;
    },
    get viaFrame() {
      return ready.viaFrame;
    },
    async attach(config, listener) {
      if (closed) throw ctiError('hub-unavailable', 'attach', 'connection closed');
      const key = sessionKey(config);
      let entry = entries.get(key);
      if (!entry) {
        entry = { key, config, listeners: new Set(), latest: undefined, attached: undefined };
        entries.set(key, entry);
      }
      entry.listeners.add(listener);
      const current = entry;
      const detach = () => {
        if (!current.listeners.delete(listener) || current.listeners.size > 0) return;
        if (entries.get(key) === current) entries.delete(key);
        if (!closed) void api.detach(tabId, key).catch(() => {});
      };
      try {
        const snapshot = await (current.attached ?? attachEntry(current));
        return { key, snapshot: current.latest ?? snapshot, detach };
      } catch (e) {
        detach();
        throw e;
      }
    },
    command(key, command) {
      return api.command(tabId, key, command, secrets.get(key));
    },
    latest(key) {
      return entries.get(key)?.latest;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnect,
    close() {
      if (closed) return;
      closed = true;
      if (pingTimer !== undefined) clearInterval(pingTimer);
      removeEventListener('pagehide', onPageHide);
      removeEventListener('pageshow', onPageShow);
      removeEventListener('focus', onFocusChange);
      document.removeEventListener('visibilitychange', onFocusChange);
      offReset?.();
      secrets.close();
      const bye = api.goodbye(tabId).catch(() => {});
      entries.clear();
      void bye.finally(() => {
        ready.close();
        frame?.remove();
        tabLock.release();
      });
    },
  };
  emitStatus({ type: 'connected', mode: ready.mode, info });
  return connection;
}

/** A follower's first hello can race the election: retry for a short while. */
async function waitForLocalHello(api: HubApi, tabId: string, lockName: string): Promise<HubInfo> {
  let lastError: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await api.hello(tabId, lockName);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

interface HeldLock {
  release(): void;
}

/** Take a Web Lock and hold it until `release` (or until the page dies). Resolves once granted. */
function holdLock(name: string): Promise<HeldLock> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve({ release() {} });
  return new Promise<HeldLock>((granted, failed) => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    locks
      .request(name, () => {
        granted({ release });
        return held;
      })
      .catch(failed);
  });
}

function errorText(e: unknown): string {
  if (isCtiError(e)) return e.detail ?? e.code;
  return e instanceof Error ? e.message || e.name : String(e);
}
