/**
 * `createCtiSession`: the page-side `CtiSessionHandle`, attached through the page's one hub connection.
 *
 * Snapshots are delivered as they come, in a microtask (latest wins within one task): the hub already sends a tab
 * at most one update per frame interval, except a change the agent acts on, which it sends at once
 * (`src/hub/updates.ts`). Waiting for an animation frame here as well added 0–16 ms to every ring (measured in
 * `npm run bench`), and a page without frames (hidden, or an iframe kept unrendered) would wait for none: the
 * elements render in Lit's own microtask, and a hidden page renders nothing until it is shown (`context.ts`).
 * `snapshot` is always the latest.
 */
import type { Command } from '../domain/commands.js';
import type { ConnectionInfo, CtiError, HubMode, SessionSnapshot } from '../domain/model.js';
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
}

type Listener = (snapshot: SessionSnapshot) => void;

export function createCtiSession(config: SessionConfig, options: CtiSessionOptions = {}): CtiSessionHandle {
  const key = sessionKey(config);
  const delivered = new Map<Listener, SessionSnapshot | undefined>();
  let latest: SessionSnapshot | undefined;
  let mode: HubMode | undefined;
  let due = false;
  let disposed = false;
  let offStatus: (() => void) | undefined;

  const flush = () => {
    due = false;
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
    if (disposed || due) return;
    due = true;
    queueMicrotask(flush);
  };
  // The hub's connection slice last received, and this tab's copy of it: an unchanged slice keeps its copy, so the
  // elements see the same object (an update of the queues alone changes nothing they show).
  let hubConnection: ConnectionInfo | undefined;
  let ownConnection: ConnectionInfo | undefined;
  const receive = (snapshot: SessionSnapshot) => {
    if (disposed) return;
    // Which hub this tab goes through is the page's to say (a leader and its followers share a snapshot).
    const { connection } = snapshot;
    const was = latest;
    if (mode === undefined || connection.hubMode === mode) latest = snapshot;
    else {
      if (connection !== hubConnection || ownConnection?.hubMode !== mode) ownConnection = { ...connection, hubMode: mode };
      hubConnection = connection;
      latest = { ...snapshot, connection: ownConnection };
    }
    // The tab log notes the connection, the agent and the error: the same objects note nothing new.
    if (was?.connection !== latest.connection || was.agent !== latest.agent || was.lastError !== latest.lastError) noteSnapshot(key, latest);
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
      delivered.clear();
      offStatus?.();
      attachment.then((a) => a.detach()).catch(() => {});
    },
  };
}

function asCtiError(e: unknown, operation: string): CtiError {
  return isCtiError(e) ? e : ctiError('hub-unavailable', operation, e instanceof Error ? e.message : String(e));
}
