/**
 * The snapshot of a session that never reached a hub (no hub could run in this browser, or the attach
 * failed): connection closed, the error, the vendor's capabilities, nothing else known. Lazily loaded by
 * `session.ts` on that rare path, so it (and the capabilities table) stays out of the page bundle.
 */
import { capabilitiesFor } from '../vendors/capabilities.js';
import type { CtiError, SessionSnapshot } from '../domain/model.js';
import { initialSnapshot } from '../domain/session-store.js';
import type { SessionConfig } from '../vendors/adapter.js';

export function unavailableSnapshot(config: SessionConfig, key: string, error: CtiError): SessionSnapshot | undefined {
  let capabilities: SessionSnapshot['capabilities'];
  try {
    capabilities = capabilitiesFor(config.vendor);
  } catch {
    return undefined; // not a vendor: the provider never creates such a session
  }
  const now = Date.now();
  return {
    ...initialSnapshot(key, capabilities, now),
    connection: { status: 'closed', since: now },
    agent: { phase: 'unknown', since: now, detail: '' },
    lastError: error,
    log: [{ at: now, level: 'error', message: `no hub: ${error.detail ?? error.code}`, code: error.code }],
  };
}
