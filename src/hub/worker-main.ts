/**
 * SharedWorker wiring: one `HubCore` per worker, exposed with comlink on every connecting port.
 * Only wiring; the logic is in `hub-core.ts`.
 */
import { expose, releaseProxy } from 'comlink';
import type { Remote } from 'comlink';
import type { SnapshotListener } from './contract.js';
import { createHubCore } from './create-hub.js';
import type { HubCore, HubCoreOptions } from './hub-core.js';

/** The part of `SharedWorkerGlobalScope` the wiring needs. */
export interface ConnectScope {
  addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void;
}

export function serveHub(scope: ConnectScope, overrides: Partial<HubCoreOptions> = {}): HubCore {
  const hub = createHubCore({
    mode: 'shared-worker',
    // Listeners arrive as comlink proxies: release them when the hub stops using them.
    releaseListener: (listener: SnapshotListener) => (listener as unknown as Remote<SnapshotListener>)[releaseProxy]?.(),
    logger: (level, message) => {
      if (level !== 'debug') console[level](`[cti-hub] ${message}`);
    },
    ...overrides,
  });
  scope.addEventListener('connect', (event: MessageEvent) => {
    const port = event.ports[0];
    if (port) expose(hub, port);
  });
  return hub;
}
