/**
 * PLACEHOLDER (replaced by the Catix adapter work in issue 4): keeps the registry's import resolvable.
 */
import type { AdapterFactory } from '../adapter.js';
import { capabilitiesFor } from '../../domain/capabilities.js';

export const createCatixAdapter: AdapterFactory = (_config, host) => ({
  capabilities: capabilitiesFor('catix'),
  start() {
    host.emit({ type: 'error', error: { code: 'unsupported', at: host.clock.now(), operation: 'connect', detail: 'Catix adapter not built yet' } });
  },
  execute: async () => {
    throw { code: 'unsupported', at: host.clock.now(), detail: 'Catix adapter not built yet' };
  },
  close: async () => {},
});
