/**
 * Builds the production `HubCore`: real clock, real transports, the vendor registry, the real
 * session store and `navigator.locks`. Used by the SharedWorker and by the leader tab of the fallback.
 */
import { systemClock } from '../domain/clock.js';
import { createSessionStore } from '../domain/session-store.js';
import { loadAdapterFactory } from '../vendors/registry.js';
import { guardSecrets } from './guard-secrets.js';
import { HubCore } from './hub-core.js';
import type { HubCoreOptions, LockManagerLike } from './hub-core.js';

export function createHubCore(overrides: Partial<HubCoreOptions> = {}): HubCore {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  const load = overrides.loadFactory ?? loadAdapterFactory;
  return new HubCore({
    clock: systemClock,
    createStore: createSessionStore,
    deps: {
      fetch: globalThis.fetch.bind(globalThis),
      EventSource: globalThis.EventSource,
      WebSocket: globalThis.WebSocket,
      random: Math.random,
    },
    ...(nav?.locks ? { locks: nav.locks } : {}),
    ...overrides,
    // Every adapter behind the guard (also an injected one): secrets the session holds are masked by value.
    loadFactory: async (vendor) => guardSecrets(await load(vendor)),
  });
}
