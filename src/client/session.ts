/**
 * `createCtiSession`: the page-side `CtiSessionHandle`, attached through the page's one hub connection.
 *
 * Snapshots from the hub are coalesced per animation frame: a subscriber is called at most once
 * per frame, with the latest snapshot (measured: one update per frame keeps event → paint p95 at
 * ~16 ms at 100 events/s, updating per message doubles it). `snapshot` is always the latest.
 */
import type { Command } from '../domain/commands.js';
import type { CtiError, HubMode, SessionSnapshot } from '../domain/model.js';
import { ctiError } from '../hub/rpc.js';
import { isCtiError, sessionKey } from '../vendors/adapter.js';
import type { SessionConfig } from '../vendors/adapter.js';
import { connectHub } from './hub-connection.js';
import type { Attachment, ConnectHubOptions, HubConnection } from './hub-connection.js';
import type { CtiSessionHandle } from './types.js';
import { noteSnapshot, tabLog, withTabLog } from './tab-log.js';

const shared = new Map<string, Promise<HubConnection>>();

/** The page's hub connection for `options.name` (one per page, shared by all sessions). */
export function getSharedHub(options: ConnectHubOptions = {}): Promise<HubConnection> {
  const name = options.name ?? 'cti-hub';
  let hub = shared.get(name);
  if (!hub) {
    hub = connectHub({ ...options, logger: withTabLog(options.logger) });
    shared.set(name, hub);
    hub.catch(() => {
      if (shared.get(name) === hub) shared.delete(name);
    });
  }
  return hub;
}

export interface CtiSessionOptions {
  /** Options for the shared hub connection (ignored when `connection` is given). */
  readonly hub?: ConnectHubOptions;
  /** Use this connection instead of the page's shared one. */
  readonly connection?: Promise<HubConnection>;
  /** Frame scheduler (tests). Default `requestAnimationFrame`. */
  readonly requestFrame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
  /**
   * Whether the page is hidden (tests). Default: `document.visibilityState === 'hidden'`.
   * A hidden page gets no animation frames at all, so snapshots are delivered at once there:
   * a background CRM tab must still fire `cti-incoming-call` for its notification.
   */
  readonly isHidden?: () => boolean;
  /**
   * How long a delivery waits for an animation frame before it goes without one (ms, default 100). A page
   * that says it is visible may still get no frames: an iframe the host keeps in the page but not rendered
   * (`display: none`, a collapsed CRM panel) — its host events must not wait until it is shown.
   */
  readonly frameFallbackMs?: number;
  /** Timer (tests). Default `setTimeout` / `clearTimeout`. */
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

type Listener = (snapshot: SessionSnapshot) => void;

export function createCtiSession(config: SessionConfig, options: CtiSessionOptions = {}): CtiSessionHandle {
  const requestFrame = options.requestFrame ?? ((cb: () => void) => requestAnimationFrame(cb));
  const cancelFrame = options.cancelFrame ?? ((h: number) => cancelAnimationFrame(h));
  const isHidden = options.isHidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
  const key = sessionKey(config);
  const delivered = new Map<Listener, SessionSnapshot | undefined>();
  let latest: SessionSnapshot | undefined;
  let mode: HubMode | undefined;
  const fallbackMs = options.frameFallbackMs ?? 100;
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let frame: number | undefined;
  let fallback: unknown;
  let disposed = false;
  let offStatus: (() => void) | undefined;

  const flush = () => {
    if (frame !== undefined) cancelFrame(frame);
    frame = undefined;
    if (fallback !== undefined) clearTimer(fallback);
    fallback = undefined;
    const snapshot = latest;
    if (disposed || !snapshot) return;
    for (const [listener, last] of [...delivered]) {
      if (last === snapshot || !delivered.has(listener)) continue;
      delivered.set(listener, snapshot);
      try {
        listener(snapshot);
      } catch (e) {
        // A subscriber's bug must not starve the others.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  };
  const schedule = () => {
    if (disposed) return;
    if (isHidden()) {
      // No frames will come while hidden: deliver now (nothing is painted, so nothing to coalesce).
      flush();
      return;
    }
    if (frame === undefined) {
      frame = requestFrame(() => {
        frame = undefined;
        flush();
      });
      fallback = setTimer(flush, fallbackMs);
    }
  };
  // A frame requested just before the page was hidden would wait until it is shown again.
  const onVisibility = () => {
    if (frame !== undefined && isHidden()) flush();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  const receive = (snapshot: SessionSnapshot) => {
    if (disposed) return;
    // Which hub this tab goes through is the page's to say (a leader and its followers share a snapshot).
    latest = mode !== undefined && snapshot.connection.hubMode !== mode ? { ...snapshot, connection: { ...snapshot.connection, hubMode: mode } } : snapshot;
    noteSnapshot(key, latest);
    schedule();
  };

  const connection = options.connection ?? getSharedHub(options.hub);
  const attachment: Promise<Attachment> = connection.then(async (hub) => {
    mode = hub.mode;
    offStatus = hub.onStatus((status) => {
      if (status.type === 'connected') mode = status.mode;
      // The hub stopped answering and could not be reached again: what is on screen is no longer live.
      else if (status.type === 'unavailable' && latest) {
        receive({ ...latest, connection: { status: 'closed', since: status.error.at }, lastError: status.error });
      }
    });
    const a = await hub.attach(config, receive);
    if (disposed) {
      a.detach();
      throw ctiError('invalid-state', 'attach', 'session disposed');
    }
    receive(hub.latest(key) ?? a.snapshot);
    return a;
  });
  attachment.catch((e: unknown) => {
    // Also surfaced by execute(). No hub could run (or the attach failed): never stay on "Connecting…" —
    // the session says so with a closed connection and the error (the provider fires cti-error once).
    const error = asCtiError(e, 'connect');
    void import('./unavailable-snapshot.js').then(({ unavailableSnapshot }) => {
      if (disposed || latest) return;
      const snapshot = unavailableSnapshot(config, key, error);
      if (snapshot) receive(snapshot);
    }, () => {});
  });

  return {
    config,
    get snapshot() {
      return latest;
    },
    get hubMode() {
      return mode;
    },
    subscribe(listener) {
      delivered.set(listener, undefined);
      if (latest) schedule();
      return () => {
        delivered.delete(listener);
      };
    },
    async hubDiagnostics() {
      await attachment;
      return (await connection).diagnostics(key);
    },
    async execute(command: Command) {
      if (disposed) throw ctiError('invalid-state', command.type, 'session disposed');
      let result;
      try {
        await attachment;
        const hub = await connection;
        result = await hub.command(key, command);
      } catch (e) {
        throw asCtiError(e, command.type);
      }
      // The typed error names the command that failed (the host page's cti-error detail too).
      if (!result.ok) {
        const { code, detail } = result.error;
        tabLog('warn', `command ${command.type} refused: ${code}${detail ? ` (${detail.slice(0, 300)})` : ''}`);
        throw result.error.operation ? result.error : { ...result.error, operation: command.type };
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (frame !== undefined) cancelFrame(frame);
      frame = undefined;
      if (fallback !== undefined) clearTimer(fallback);
      fallback = undefined;
      delivered.clear();
      offStatus?.();
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      attachment.then((a) => a.detach()).catch(() => {});
    },
  };
}

function asCtiError(e: unknown, operation: string): CtiError {
  return isCtiError(e) ? e : ctiError('hub-unavailable', operation, e instanceof Error ? e.message : String(e));
}
