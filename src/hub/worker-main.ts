/**
 * SharedWorker wiring: one `HubCore` per worker, its `HubApi` served on every connecting port (comlink's wire:
 * `port-rpc.ts`).
 * Only wiring; the logic is in `hub-core.ts`.
 */
import type { HubApi, UpdateListener } from './contract.js';
import { redact } from '../domain/redact.js';
import { createHubCore } from './create-hub.js';
import type { HubCore, HubCoreOptions, HubLogger } from './hub-core.js';
import { serveApi } from './port-rpc.js';
import type { RemoteFunction, RpcEndpoint } from './port-rpc.js';

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

/** What a page may call: the `HubApi`, nothing else of the hub (`dispose`, `info`). */
const HUB_API = new Set(Object.keys({ hello: 1, attach: 1, detach: 1, command: 1, diagnostics: 1, goodbye: 1, tabFocus: 1, ping: 1, stats: 1 } satisfies Record<keyof HubApi, 1>));

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
    // Listeners arrive as comlink proxies (`remoteFunction`): release them when the hub stops using them.
    releaseListener: (listener: UpdateListener) => (listener as Partial<RemoteFunction>).release?.(),
    logger: consoleLogger,
    ...overrides,
  });
  if (shared) {
    scope.addEventListener('connect', (event: MessageEvent) => {
      const port = event.ports[0];
      if (port) serveApi(hub, HUB_API, port);
    });
  } else {
    serveApi(hub, HUB_API, scope as unknown as RpcEndpoint);
  }
  slot[SERVED] = hub;
  return hub;
}
