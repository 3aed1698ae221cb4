/**
 * The fallback leader's hub in a dedicated Worker: a `LocalCore` that forwards to a `HubCore`
 * running in the hub script (`hub.worker.ts` serves a dedicated Worker too). Keeps the hub core
 * and every vendor adapter out of the page bundle. The worker dies with the leader tab; the
 * next leader starts its own.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { CommandResult, HubApi } from './contract.js';
import type { LocalCore } from './local-hub.js';

export function dedicatedWorkerCore(worker: Worker): LocalCore {
  const remote = wrap<HubApi>(worker);
  const id = crypto.randomUUID();
  return {
    id,
    hello: (tabId, lockName) => remote.hello(tabId, lockName),
    attach: (tabId, config, listener) => (remote as unknown as HubApi).attach(tabId, config, proxy(listener)),
    detach: (tabId, key) => remote.detach(tabId, key),
    command: (tabId, key, command) => remote.command(tabId, key, command) as Promise<CommandResult>,
    goodbye: (tabId) => remote.goodbye(tabId),
    ping: () => remote.ping(),
    stats: () => remote.stats(),
    dispose() {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
