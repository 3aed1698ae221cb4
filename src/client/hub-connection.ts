/**
 * Page side of the hub: one connection per page (tab or iframe), shared by every session in it.
 *
 * `connectHub` tries the hub modes in one order (`hubModes` below), each a module in `hub-modes/`
 * implementing `HubModeStarter` (`hub-modes/mode.ts`: start it, its transport, close, its failure):
 *   1. `shared-worker`: a module SharedWorker from the widget's origin, comlink over its port; or, when the
 *      widget is served from another origin than the page, the hub frame (`hub-modes/frame.ts`, reported as
 *      `shared-worker`, `viaFrame`), which starts that worker and hands over its port;
 *   2. `leader-tab` / `follower-tab` (`hub-modes/local.ts`): Web-Lock leader election and a BroadcastChannel
 *      protocol in the PAGE's origin, the leader's hub in a dedicated Worker, else
 *   3. the same with the leader's hub in the page itself; `single-tab` where Web Locks are refused too (a
 *      cross-site iframe where the browser refuses storage to third parties): one hub, one vendor connection.
 * In `auto` each refusal falls through to the next, its reason kept; when none can run, `connectHub`
 * rejects with `hub-unavailable` and the browser's reasons. A forced mode tries only itself.
 *
 * Session secrets (the hub's trust boundary, `session-secrets.ts`): an attach refused `session-denied`
 * (another tab opened the session) asks this origin's other tabs for the secret and tries once more.
 *
 * Tab liveness: the page holds the Web Lock `cti-tab-<tabId>` for its whole life and says
 * `goodbye` on `pagehide`; the hub asks for the same lock and is granted it when the page is gone.
 * Hub liveness: every call has a timeout; a ping every `pingIntervalMs` and, after two failed
 * pings, a reconnect (new worker instance / new port) that re-sends `hello` and every `attach`.
 */
import type { Command } from '../domain/commands.js';
import type { CtiError, HubMode, SessionSnapshot } from '../domain/model.js';
import type { CommandResult, HubApi, HubDiagnostics, HubInfo, SessionUpdate, SnapshotListener } from '../hub/contract.js';
import { applyUpdate } from '../hub/updates.js';
import { isValidHubName } from '../hub/frame-protocol.js';
import type { HubLogger } from '../hub/hub-core.js';
import type { LocalCore } from '../hub/local-hub.js';
import { ctiError, defaultTimeouts, hubApiWithTimeouts } from '../hub/rpc.js';
import type { HubTimeouts } from '../hub/rpc.js';
import { isCtiError, sessionKey } from '../vendors/adapter.js';
import type { SessionConfig } from '../vendors/adapter.js';
import { defaultFrameUrl, newDedicatedWorker, scriptOrigin } from './hub-script.js';
import { frameMode } from './hub-modes/frame.js';
import { errorText } from './hub-modes/mode.js';
import type { HubModeStarter, ModeContext, StartedHub } from './hub-modes/mode.js';
import { sharedWorkerMode } from './hub-modes/shared-worker.js';
import { sessionSecrets } from './session-secrets.js';

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
  /** The session's log and connection history, asked of the hub (they are not in the updates). */
  diagnostics(key: string): Promise<HubDiagnostics>;
  onStatus(listener: (status: HubStatus) => void): () => void;
  /** Reconnect now (new port / new worker instance) and re-attach. */
  reconnect(reason?: string): Promise<void>;
  close(): void;
}

/* ------------------------------------------------------------- the choice */

/**
 * The modes to try, best first (see the header): the one place the order and the fallback are decided.
 * A generator, so the local modes (a lazy chunk: most pages never need them) load only when reached.
 */
async function* hubModes(options: ConnectHubOptions): AsyncGenerator<HubModeStarter> {
  const requested = options.mode ?? 'auto';
  const workerUrl = options.workerUrl ?? hubLocation.workerUrl;
  const frameUrl = options.frameUrl ?? hubLocation.frameUrl;
  const origin = scriptOrigin(workerUrl);
  if (requested !== 'local') {
    const useFrame = requested === 'frame' || (requested === 'auto' && (frameUrl !== undefined || (origin !== undefined && origin !== location.origin)));
    yield useFrame
      ? frameMode(() => new URL(frameUrl ?? defaultFrameUrl(workerUrl), location.href), options.frameTimeoutMs ?? 10000)
      : sharedWorkerMode(workerUrl, requested === 'shared-worker');
    if (requested !== 'auto') return;
  }
  const { localModes } = await import('./hub-modes/local.js');
  const leaderWorker = origin === location.origin ? () => newDedicatedWorker(workerUrl, options.name ?? 'cti-hub') : undefined;
  yield* localModes(leaderWorker, options.createLocalCore);
}

/**
 * Start the first mode that runs. A forced mode's failure is thrown as is; in `auto` (or `local`) each
 * refusal is kept, and when none runs the rejection is `hub-unavailable` with every reason.
 */
async function startHub(modes: AsyncIterable<HubModeStarter>, ctx: ModeContext, forced: boolean): Promise<StartedHub> {
  /** Why each hub tried before the one that runs could not (the browser's words). */
  const reasons: string[] = [];
  for await (const mode of modes) {
    try {
      const started = await mode.start(ctx);
      if (started) return started;
    } catch (e) {
      if (forced) throw e;
      reasons.push(`${mode.label}: ${errorText(e)}`);
      ctx.log('warn', `${mode.label} refused, trying the next hub`);
    }
  }
  throw ctiError('hub-unavailable', 'connect', reasons.join('; '));
}

/* ---------------------------------------------------------------- connect */

interface KeyEntry {
  readonly key: string;
  readonly config: SessionConfig;
  readonly listeners: Set<SnapshotListener>;
  latest: SessionSnapshot | undefined;
  /** The hub generation `latest` came from. */
  latestGen: number;
  /** A full snapshot was asked for after a gap and has not come yet. */
  resyncing: boolean;
  /** The attach in flight or done for the current hub generation. */
  attached: Promise<SessionSnapshot> | undefined;
  /** Attaches sent, and the latest one answered: an older attach's listener is then stale (the hub let it go). */
  attaches: number;
  answered: number;
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
  const helloLock = (viaFrame: boolean) => (viaFrame || !lockRefused ? lockName : '');
  const ctx: ModeContext = {
    name,
    tabId,
    timeouts,
    log,
    async greet(transport, hello) {
      try {
        const api = hubApiWithTimeouts(transport.api, timeouts);
        // The frame holds the tab's lock in the hub's own storage partition; elsewhere the page holds it, if allowed.
        return { transport, api, info: await hello(api, helloLock(transport.viaFrame)) };
      } catch (e) {
        transport.close();
        throw e;
      }
    },
  };
  let started: StartedHub;
  try {
    const requested = options.mode ?? 'auto';
    started = await startHub(hubModes(options), ctx, requested === 'shared-worker' || requested === 'frame');
  } catch (e) {
    tabLock.release();
    throw e;
  }
  return hubConnection(started, {
    name,
    tabId,
    log,
    helloLock: helloLock(started.transport.viaFrame),
    pingIntervalMs: options.pingIntervalMs ?? 5000,
    releaseLock: () => tabLock.release(),
  });
}

interface ConnectionParts {
  readonly name: string;
  readonly tabId: string;
  readonly log: HubLogger;
  /** The lock named in every `hello`. */
  readonly helloLock: string;
  readonly pingIntervalMs: number;
  /** Let go of the tab's liveness lock (on close). */
  releaseLock(): void;
}

/**
 * The connection over a started hub: attachments shared by the page's listeners that survive reconnects
 * and leadership moves, commands with the session secret, liveness pings, focus reports, close.
 */
function hubConnection(started: StartedHub, { name, tabId, log, helloLock, pingIntervalMs, releaseLock }: ConnectionParts): HubConnection {
  const { transport: ready, api } = started;
  let info: HubInfo = started.info;

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
    entry.latestGen = generation;
    for (const l of [...entry.listeners]) {
      try {
        l(snapshot);
      } catch (e) {
        log('error', `snapshot listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  /** An update from the hub: applied to the latest snapshot (unchanged slices kept); a gap asks for a full one. */
  const receive = (entry: KeyEntry, update: SessionUpdate) => {
    if (closed || entries.get(entry.key) !== entry) return;
    const next = applyUpdate(entry.latestGen === generation ? entry.latest : undefined, update);
    if (next) {
      entry.resyncing = false;
      // A full one this tab already has (after a listener failure the hub sends one): nothing new to deliver.
      if (next !== entry.latest) deliver(entry, next);
      return;
    }
    if (entry.resyncing) return;
    entry.resyncing = true;
    log('info', `update ${update.t === 'patch' ? `${update.base}→${update.version}` : ''} does not follow this tab's snapshot: asking for a full one`);
    // Attaching again makes the hub answer with the whole session (and start its patches from it).
    attachEntry(entry).catch(() => {
      entry.resyncing = false;
    });
  };

  const attachEntry = (entry: KeyEntry): Promise<SessionSnapshot> => {
    const gen = generation;
    const seq = ++entry.attaches;
    // The whole session comes as the attach's answer only; the listener's first update is a patch from it, and
    // it may overtake the answer (two ports, or a hub in this page calling it at once): held until the answer.
    let held: SessionUpdate[] | undefined = [];
    const listener = ready.wrapListener((update: SessionUpdate) => {
      if (gen !== generation || seq < entry.answered) return;
      if (held) held.push(update);
      else receive(entry, update);
    });
    const release = () => {
      const updates = held ?? [];
      held = undefined;
      for (const update of updates) if (gen === generation && seq >= entry.answered) receive(entry, update);
    };
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
        if (gen === generation) entry.answered = Math.max(entry.answered, seq);
        const current = entry.latestGen === gen ? entry.latest : undefined;
        if (gen === generation && (!current || entry.resyncing || current.version <= snapshot.version)) {
          entry.resyncing = false;
          // The answer is the listener's base (also at the same version: whether this tab rings, its pops).
          if (!current || applyUpdate(current, { t: 'full', key: entry.key, snapshot }) !== current) deliver(entry, snapshot);
        }
        release();
        return snapshot;
      });
    // Refused or timed out: what the listener got is applied as it comes (a gap asks for the whole session again).
    attached.catch(release);
    entry.attached = attached;
    attached.catch(() => {
      if (entry.attached === attached) entry.attached = undefined;
    });
    return attached;
  };

  /** Re-send hello and every attach (after a hub restart or a leadership move). */
  const resync = async () => {
    generation++;
    info = await api.hello(tabId, helloLock);
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

  const pingTimer =
    pingIntervalMs > 0
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
        }, pingIntervalMs)
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
        entry = { key, config, listeners: new Set(), latest: undefined, latestGen: -1, resyncing: false, attached: undefined, attaches: 0, answered: 0 };
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
    diagnostics(key) {
      return api.diagnostics(tabId, key, secrets.get(key));
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
        releaseLock();
      });
    },
  };
  emitStatus({ type: 'connected', mode: ready.mode, info });
  return connection;
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
