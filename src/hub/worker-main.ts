/**
 * SharedWorker wiring: one `HubCore` per worker; its `HubApi` (and nothing else of the hub) exposed with comlink on
 * every connecting port. Only wiring; the logic is in `hub-core.ts`.
 */
import { expose, releaseProxy } from 'comlink';
import type { Endpoint, Remote } from 'comlink';
import type { HubApi, UpdateListener } from './contract.js';
import { redact } from '../domain/redact.js';
import { createHubCore } from './create-hub.js';
import { DEFAULT_GRACE_MS } from './hub-core.js';
import type { HubCore, HubCoreOptions, HubLogger } from './hub-core.js';
import { indexedDbMemory } from './session-memory.js';

/** The part of a worker global scope the wiring needs. */
export interface ConnectScope {
  addEventListener(type: 'connect' | 'message', listener: (event: MessageEvent) => void): void;
  postMessage?(message: unknown, transfer?: Transferable[]): void;
  /** Present (null) on a SharedWorkerGlobalScope only. */
  readonly onconnect?: unknown;
}

/**
 * Serve the hub from this worker. A SharedWorker serves every connecting port; a dedicated
 * Worker (the leader tab's hub in the fallback) serves its one owner page.
 */

/**
 * One hub per worker global. WebKit (measured: WebKitGTK 2.50, test/engines/) evaluates a module worker's
 * entry script a second time when a lazily imported chunk imports it, which the build does (adapter chunks
 * import helpers bundled into the entry): without this, a second hub would answer every later port too,
 * and open a second vendor connection. The symbol is in the global registry, the same in both copies.
 */
const SERVED = Symbol.for('cti-elements.hub');

/** What a page may call: the `HubApi` methods (the check makes a new one a compile error until it is listed). */
const HUB_API = Object.keys({ hello: 1, attach: 1, detach: 1, command: 1, diagnostics: 1, goodbye: 1, tabFocus: 1, ping: 1, stats: 1 } satisfies Record<keyof HubApi, 1>) as (keyof HubApi)[];

/**
 * The object comlink exposes: the hub's `HubApi` methods only. comlink's `expose` answers any property path of
 * the object it is given, so exposing the hub itself would let a page call `dispose()` (or read `info`).
 */
export function servedApi(hub: HubApi): HubApi {
  const api: Record<string, unknown> = {};
  for (const name of HUB_API) {
    const method = hub[name] as (...args: unknown[]) => unknown;
    api[name] = (...args: unknown[]) => method.apply(hub, args);
  }
  return api as unknown as HubApi;
}

/**
 * The hub's console logger. The console is the one place hub messages leave without passing the session store,
 * so it redacts them with the same function (`redact`): a secret echoed in server text never reaches it.
 */
export const consoleLogger: HubLogger = (level, message) => {
  if (level !== 'debug') console[level](`[cti-hub] ${redact(message)}`);
};

export function serveHub(scope: ConnectScope, overrides: Partial<HubCoreOptions> = {}): HubCore {
  const slot = scope as unknown as Record<symbol, HubCore | undefined>;
  const existing = slot[SERVED];
  if (existing) return existing;
  const shared = 'onconnect' in scope;
  const hub = createHubCore({
    mode: shared ? 'shared-worker' : 'leader-tab',
    // Listeners arrive as comlink proxies: release them when the hub stops using them.
    releaseListener: (listener: UpdateListener) => (listener as unknown as Remote<UpdateListener>)[releaseProxy]?.(),
    logger: consoleLogger,
    ...overrides,
  });
  if (shared) {
    scope.addEventListener('connect', (event: MessageEvent) => {
      const port = event.ports[0];
      if (port) expose(servedApi(hub), port);
    });
  } else {
    expose(servedApi(hub), scope as unknown as Endpoint);
  }
  slot[SERVED] = hub;
  return hub;
}

/**
 * The hub script's start (`hub.worker.ts`, as a SharedWorker or as the leader tab's dedicated Worker): both remember
 * (IndexedDB, facts only) what the tabs were shown, for the hub that follows one that died (README, "Reloading"); only
 * the SharedWorker gets the reload grace. In this module rather than in the entry, which stays a stub that imports the
 * hub's chunk (vite.config.ts).
 */
export function startHubWorker(scope: ConnectScope & { readonly name?: string }): HubCore {
  const memory = indexedDbMemory(scope.name || 'cti-hub');
  return serveHub(scope, { ...('onconnect' in scope ? { graceMs: DEFAULT_GRACE_MS } : {}), ...(memory ? { memory } : {}) });
}
