/**
 * The page side of the hub → tab updates (issue #13 §2): through a real connection (the leader-tab mode with an
 * in-page hub), the tab rebuilds its snapshots from patches keeping unchanged slices, and a patch that does not
 * follow its version (a gap) makes it ask for the whole session again, after which it is current.
 */
import { expect } from '@open-wc/testing';
import { connectHub } from '../../src/client/hub-connection.js';
import type { SessionSnapshot } from '../../src/domain/model.js';
import type { HubApi, UpdateListener } from '../../src/hub/contract.js';
import { createHubCore } from '../../src/hub/create-hub.js';
import type { LocalCore } from '../../src/hub/local-hub.js';
import { createFakeVendor, fakeConfig } from '../fixtures/hub/fake-vendor.js';
import { uniqueName, waitFor } from './helpers.js';

describe('hub → tab updates in the page', () => {
  it('keeps unchanged slices; a gap is repaired by a full snapshot', async () => {
    const vendor = createFakeVendor();
    const core = createHubCore({ mode: 'leader-tab', loadFactory: async () => vendor.factory });
    let attaches = 0;
    let breakNext = false;
    const local: LocalCore = {
      id: core.id,
      hello: (...a) => core.hello(...a),
      attach: (tabId, config, listener: UpdateListener, secret) => {
        attaches++;
        // The first patch after `breakNext` claims another base: the tab cannot apply it.
        const tampering: UpdateListener = (u) => {
          if (breakNext && u.t === 'patch') {
            breakNext = false;
            return listener({ ...u, base: u.base + 1000 });
          }
          return listener(u);
        };
        return core.attach(tabId, config, tampering, secret);
      },
      detach: (...a) => core.detach(...a),
      command: (...a) => core.command(...a),
      diagnostics: (...a) => core.diagnostics(...a),
      goodbye: (...a) => core.goodbye(...a),
      tabFocus: (...a) => core.tabFocus(...a),
      ping: () => core.ping(),
      stats: () => core.stats(),
      dispose: () => core.dispose(),
    } satisfies HubApi & LocalCore;
    const connection = await connectHub({ name: uniqueName('updates'), mode: 'local', pingIntervalMs: 0, createLocalCore: () => local });
    try {
      const seen: SessionSnapshot[] = [];
      const attachment = await connection.attach(fakeConfig('alice'), (s) => seen.push(s));
      expect(attaches).to.equal(1);
      const emit = vendor.adapters[0]!.emit;

      emit({ type: 'agent', agent: { phase: 'ready', detail: 'Disponível' } });
      const ready = await waitFor(() => seen.find((s) => s.agent.phase === 'ready'), 'ready');
      emit({ type: 'queues', queues: [{ id: 'q1', name: 'Suporte', waiting: 2 }] });
      const queued = await waitFor(() => seen.find((s) => s.queues.length === 1), 'the queue');
      expect(queued.agent, 'the agent slice kept its identity').to.equal(ready.agent);
      expect(queued).not.to.have.property('log');

      breakNext = true;
      emit({ type: 'agent', agent: { phase: 'paused', detail: 'Almoço' } });
      const paused = await waitFor(() => {
        const latest = connection.latest(attachment.key);
        return latest?.agent.phase === 'paused' ? latest : undefined;
      }, 'paused after the gap');
      expect(attaches, 'a full snapshot was asked for').to.equal(2);
      expect(paused.queues).to.deep.equal(queued.queues);
      // Patches apply again after the full one.
      emit({ type: 'agent', agent: { phase: 'ready', detail: 'De volta' } });
      await waitFor(() => connection.latest(attachment.key)?.agent.detail === 'De volta', 'the next patch');
      expect(attaches).to.equal(2);
      // The log is on demand.
      const { log } = await connection.diagnostics(attachment.key);
      expect(log.some((e) => e.message === 'connection opened')).to.equal(true);
    } finally {
      connection.close();
    }
  });
});
