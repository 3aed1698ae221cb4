/**
 * PLACEHOLDER (replaced by the Tactium adapter work in issue 4): keeps the registry's import resolvable.
 */
import type { AdapterFactory } from '../adapter.js';
import { capabilitiesFor } from '../../domain/capabilities.js';

export const createTactiumAdapter: AdapterFactory = (_config, host) => ({
  capabilities: capabilitiesFor('tactium'),
  start() {
    host.emit({ type: 'error', error: { code: 'unsupported', at: host.clock.now(), operation: 'connect', detail: 'Tactium adapter not built yet' } });
  },
  execute: async () => {
    throw { code: 'unsupported', at: host.clock.now(), detail: 'Tactium adapter not built yet' };
  },
  close: async () => {},
});
