/**
 * The hub SharedWorker entry (module worker). One instance per (worker origin × top-level site):
 * every tab and iframe of that site shares it and, through it, one vendor connection per session.
 */
/// <reference lib="webworker" />
import { serveHub } from './worker-main.js';

serveHub(self as unknown as SharedWorkerGlobalScope);
