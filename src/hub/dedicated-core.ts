/**
 * The fallback leader's hub (`local-hub.ts`), where the page can run it:
 *
 * - `dedicatedWorkerCore`: a `HubCore` in the hub script started as a dedicated Worker (`hub.worker.ts`
 *   serves a dedicated Worker too). Keeps the hub core and every vendor adapter out of the page bundle
 *   and off the page's (throttled) main thread. Needs the hub script on the PAGE's origin: a Worker from
 *   another origin (a CDN) is refused. A worker that fails to start (`error`) fails its calls at once.
 * - `inPageCore`: the same `HubCore` imported into the page itself (a lazy chunk, from wherever the widget
 *   is served): always possible, the hub core is plain TypeScript. Its timers run on the page's thread.
 *
 * Either dies with its tab; the next leader starts its own. A failure to start is `hub-unavailable` with a code as
 * detail (`worker-error`, `hub-core-load`); the browser's words for it go to the tab's log (`log`), once.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { CommandResult, HubApi } from './contract.js';
import type { HubLogger } from './hub-core.js';
import type { LocalCore } from './local-hub.js';
import { ctiError } from './rpc.js';
import { failure } from './failure.js';

export function dedicatedWorkerCore(worker: Worker, log?: HubLogger): LocalCore {
  const remote = wrap<HubApi>(worker);
  const id = crypto.randomUUID();
  // comlink never rejects a call to a worker that did not start: race every call with its `error` event.
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener(
      'error',
      (event) => {
        event.preventDefault(); // handled: logged here, and every call rejects (not also an uncaught page error)
        log?.('error', `the hub worker could not start: ${event.message || 'no reason given'}`);
        reject(ctiError('hub-unavailable', 'worker', 'worker-error'));
      },
      { once: true },
    );
  });
  failed.catch(() => {});
  const guard = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
  return {
    id,
    hello: (tabId, lockName) => guard(remote.hello(tabId, lockName)),
    attach: (tabId, config, listener, secret) => guard((remote as unknown as HubApi).attach(tabId, config, proxy(listener), secret)),
    detach: (tabId, key) => guard(remote.detach(tabId, key)),
    command: (tabId, key, command, secret) => guard(remote.command(tabId, key, command, secret) as Promise<CommandResult>),
    diagnostics: (tabId, key, secret) => guard(remote.diagnostics(tabId, key, secret)),
    goodbye: (tabId) => guard(remote.goodbye(tabId)),
    tabFocus: (tabId, focus) => guard(remote.tabFocus(tabId, focus)),
    ping: () => guard(remote.ping()),
    stats: () => guard(remote.stats()),
    dispose() {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * A `HubCore` in this page, loaded on first use (`load`: tests replace the import). A failed import fails every
 * call with `hub-unavailable`.
 */
export function inPageCore(log?: HubLogger, load = () => import('./create-hub.js')): LocalCore {
  const id = crypto.randomUUID();
  const core = load().then(
    ({ createHubCore }) => createHubCore({ id, mode: 'leader-tab' }),
    (e: unknown) => {
      log?.('error', `the hub core did not load in the page: ${failure(e)}`);
      throw ctiError('hub-unavailable', 'hub-core', 'hub-core-load');
    },
  );
  core.catch(() => {});
  return {
    id,
    hello: (tabId, lockName) => core.then((c) => c.hello(tabId, lockName)),
    attach: (tabId, config, listener, secret) => core.then((c) => c.attach(tabId, config, listener, secret)),
    detach: (tabId, key) => core.then((c) => c.detach(tabId, key)),
    command: (tabId, key, command, secret) => core.then((c) => c.command(tabId, key, command, secret)),
    diagnostics: (tabId, key, secret) => core.then((c) => c.diagnostics(tabId, key, secret)),
    goodbye: (tabId) => core.then((c) => c.goodbye(tabId)),
    tabFocus: (tabId, focus) => core.then((c) => c.tabFocus(tabId, focus)),
    ping: () => core.then((c) => c.ping()),
    stats: () => core.then((c) => c.stats()),
    dispose: () => core.then((c) => c.dispose()).catch(() => {}),
  };
}
