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
 *
 * All of that is `startHubWorker` (`worker-main.ts`), in the hub's chunk: the built entry is a stub that imports it
 * (0.1 kB gzip; vite.config.ts says why the entry holds nothing an adapter chunk could import).
 */
/// <reference lib="webworker" />
import { startHubWorker } from './worker-main.js';

startHubWorker(self as unknown as SharedWorkerGlobalScope);
