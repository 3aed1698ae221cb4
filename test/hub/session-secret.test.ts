/**
 * The page side of the session secret (src/client/hub-connection.ts): tabs of one origin share it, a tab
 * keeps it for a reload, and the hub refuses whoever lacks it.
 */
import { expect } from '@open-wc/testing';
import { proxy } from 'comlink';
import { connectHub } from '../../src/client/hub-connection.js';
import { newSessionSecret } from '../../src/hub/session-secret.js';
import { fakeConfig } from '../fixtures/hub/fake-vendor.js';
import { uniqueName, waitFor, WORKER } from './helpers.js';

describe('session secret (page side)', () => {
  it('a second tab of this origin that does not hold the secret gets it from the first over BroadcastChannel', async () => {
    const name = uniqueName('secret-share');
    const a = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    try {
      const seen: string[] = [];
      const first = await a.attach(fakeConfig('alice'), (s) => seen.push(s.agent.phase));
      const stored = sessionStorage.getItem(`cti-hub-secrets:${name}`);
      expect(stored, 'kept in the tab for a reload').to.be.a('string');
      // A tab of another top-level context has its own sessionStorage: it starts without the secret.
      sessionStorage.removeItem(`cti-hub-secrets:${name}`);
      const logs: string[] = [];
      const b = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0, logger: (_level, message) => logs.push(message) });
      try {
        const second = await b.attach(fakeConfig('alice'), () => {});
        expect(logs).to.include('attach: the session secret came from another tab of this page');
        expect(second.snapshot.tabs).to.equal(2);
        expect(await b.command(second.key, { type: 'ready' })).to.deep.equal({ ok: true });
        await waitFor(() => seen.includes('ready'), 'the first tab sees the second tab’s command');
        expect((await b.api.stats()).connections).to.equal(1);
        // What the hub holds is the first tab's: both tabs' storage now has the same secret.
        expect(sessionStorage.getItem(`cti-hub-secrets:${name}`)).to.equal(stored);
        // The raw API with any other secret is refused, attach and command alike.
        let error: unknown;
        try {
          await b.api.attach(b.tabId, fakeConfig('alice'), proxy(() => {}), newSessionSecret());
        } catch (e) {
          error = e;
        }
        expect(error).to.deep.include({ code: 'session-denied' });
        const refused = await b.api.command(b.tabId, first.key, { type: 'logout' }, newSessionSecret());
        expect(!refused.ok && refused.error.code).to.equal('session-denied');
        expect(a.latest(first.key)?.agent.phase).to.equal('ready');
      } finally {
        b.close();
      }
    } finally {
      a.close();
      sessionStorage.removeItem(`cti-hub-secrets:${name}`);
    }
  });
});
