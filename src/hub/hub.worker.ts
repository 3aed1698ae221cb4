/**
 * The hub SharedWorker entry (module worker). One instance per (worker origin × top-level site):
 * every tab and iframe of that site shares it and, through it, one vendor connection per session.
 *
 * The same script also runs as the leader tab's dedicated Worker in the fallback. Only the
 * SharedWorker gets the reload grace: the page opens it with `extendedLifetime`, so it may outlive
 * its last tab, and a tab reloaded mid-call finds the vendor connection (and the call) as it was.
 * A dedicated Worker dies with its tab, so a grace there would keep nothing.
 *
 * Both remember (IndexedDB, facts only) what the tabs were shown, so a hub that follows one that died can
 * say what the vendor could not report again (`state-lost`).
 */
/// <reference lib="webworker" />
import { DEFAULT_GRACE_MS } from './hub-core.js';
import { indexedDbMemory } from './session-memory.js';
import { serveHub } from './worker-main.js';

const scope = self as unknown as SharedWorkerGlobalScope;
// Both kinds of hub remember what a tab showed, for the hub that follows one that died (README, "Reloading").
const memory = indexedDbMemory(scope.name || 'cti-hub');
serveHub(scope, { ...('onconnect' in scope ? { graceMs: DEFAULT_GRACE_MS } : {}), ...(memory ? { memory } : {}) });
