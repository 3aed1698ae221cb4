/**
 * The hub SharedWorker entry (module worker). One instance per (worker origin × top-level site):
 * every tab and iframe of that site shares it and, through it, one vendor connection per session.
 *
 * The same script also runs as the leader tab's dedicated Worker in the fallback. Only the
 * SharedWorker gets the reload grace: the page opens it with `extendedLifetime`, so it may outlive
 * its last tab, and a tab reloaded mid-call finds the vendor connection (and the call) as it was.
 * A dedicated Worker dies with its tab, so a grace there would keep nothing.
 */
/// <reference lib="webworker" />
import { DEFAULT_GRACE_MS } from './hub-core.js';
import { serveHub } from './worker-main.js';

const scope = self as unknown as SharedWorkerGlobalScope;
serveHub(scope, 'onconnect' in scope ? { graceMs: DEFAULT_GRACE_MS } : {});
