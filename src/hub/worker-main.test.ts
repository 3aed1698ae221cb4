import { expect } from '@open-wc/testing';
import { serveHub } from './worker-main.js';
import type { ConnectScope } from './worker-main.js';

describe('serveHub', () => {
  it('serves one hub per worker global: a second run of the worker entry (WebKit re-runs it) gets the first hub and adds no listener', async () => {
    const listeners: string[] = [];
    const scope: ConnectScope = { onconnect: null, addEventListener: (type) => listeners.push(type) };
    const first = serveHub(scope, { logger: () => {} });
    const second = serveHub(scope, { logger: () => {} });
    expect(second).to.equal(first);
    expect(listeners).to.deep.equal(['connect']);
    // Another global (another worker) gets its own hub.
    const other: ConnectScope = { onconnect: null, addEventListener: () => {} };
    expect(serveHub(other, { logger: () => {} })).not.to.equal(first);
    await first.dispose();
  });
});
