/**
 * PLACEHOLDER (replaced by the DGPhone adapter work in issue 4): keeps the registry's import resolvable.
 */
import type { AdapterFactory } from '../adapter.js';
import { capabilitiesFor } from '../../domain/capabilities.js';

export const createDGPhoneAdapter: AdapterFactory = (_config, host) => ({
  capabilities: capabilitiesFor('dgphone'),
  start() {
    host.emit({ type: 'error', error: { code: 'unsupported', at: host.clock.now(), operation: 'connect', detail: 'DGPhone adapter not built yet' } });
  },
  execute: async () => {
    throw { code: 'unsupported', at: host.clock.now(), detail: 'DGPhone adapter not built yet' };
  },
  close: async () => {},
});
