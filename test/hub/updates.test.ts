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

/**
 * A leader-tab hub in the page whose listener copies can be tampered with: `breakNext` makes the next patch claim
 * another base (a gap); `fulls` counts the whole sessions the listeners got; `answerLate` runs `rightAfter` once the
 * hub has attached and holds its answer back 20 ms, so the patches of that change overtake it (as two ports may).
 */
function tamperedHub() {
  const vendor = createFakeVendor();
  const core = createHubCore({ mode: 'leader-tab', loadFactory: async () => vendor.factory });
  const state = { attaches: 0, breakNext: false, fulls: 0, answerLate: false, rightAfter: () => {}, order: [] as string[] };
  const local: LocalCore = {
    id: core.id,
    hello: (...a) => core.hello(...a),
    attach: (tabId, config, listener: UpdateListener, secret) => {
      state.attaches++;
      const tampering: UpdateListener = (u) => {
        if (state.breakNext && u.t === 'patch') {
          state.breakNext = false;
          return listener({ ...u, base: u.base + 1000 });
        }
        if (u.t === 'full') state.fulls++;
        state.order.push(u.t);
        return listener(u);
      };
      const answer = core.attach(tabId, config, tampering, secret);
      if (!state.answerLate) return answer;
      return answer.then((view) => {
        state.rightAfter();
        return new Promise<typeof view>((resolve) => setTimeout(() => resolve(view), 20)).finally(() => state.order.push('answer'));
      });
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
  return { vendor, state, local };
}

describe('hub → tab updates in the page', () => {
  it('keeps unchanged slices; a gap is repaired by a full snapshot', async () => {
    const { vendor, state, local } = tamperedHub();
    const connection = await connectHub({ name: uniqueName('updates'), mode: 'local', pingIntervalMs: 0, createLocalCore: () => local });
    try {
      const seen: SessionSnapshot[] = [];
      const attachment = await connection.attach(fakeConfig('alice'), (s) => seen.push(s));
      expect(state.attaches).to.equal(1);
      const emit = vendor.adapters[0]!.emit;

      emit({ type: 'agent', agent: { phase: 'ready', detail: 'Disponível' } });
      const ready = await waitFor(() => seen.find((s) => s.agent.phase === 'ready'), 'ready');
      emit({ type: 'queues', queues: [{ id: 'q1', name: 'Suporte', waiting: 2 }] });
      const queued = await waitFor(() => seen.find((s) => s.queues.length === 1), 'the queue');
      expect(queued.agent, 'the agent slice kept its identity').to.equal(ready.agent);
      expect(queued).not.to.have.property('log');

      state.breakNext = true;
      emit({ type: 'agent', agent: { phase: 'paused', detail: 'Almoço' } });
      const paused = await waitFor(() => {
        const latest = connection.latest(attachment.key);
        return latest?.agent.phase === 'paused' ? latest : undefined;
      }, 'paused after the gap');
      expect(state.attaches, 'a full snapshot was asked for').to.equal(2);
      expect(paused.queues).to.deep.equal(queued.queues);
      // Patches apply again after the full one.
      emit({ type: 'agent', agent: { phase: 'ready', detail: 'De volta' } });
      await waitFor(() => connection.latest(attachment.key)?.agent.detail === 'De volta', 'the next patch');
      expect(state.attaches).to.equal(2);
      // The log is on demand.
      const { log } = await connection.diagnostics(attachment.key);
      expect(log.some((e) => e.message === 'connection opened')).to.equal(true);
    } finally {
      connection.close();
    }
  });
  it('a gap repair brings the whole session once (the attach answer), delivered once', async () => {
    const { vendor, state, local } = tamperedHub();
    const connection = await connectHub({ name: uniqueName('updates-once'), mode: 'local', pingIntervalMs: 0, createLocalCore: () => local });
    try {
      const seen: SessionSnapshot[] = [];
      const attachment = await connection.attach(fakeConfig('alice'), (s) => seen.push(s));
      const emit = vendor.adapters[0]!.emit;
      emit({ type: 'agent', agent: { phase: 'ready', detail: 'Disponível' } });
      await waitFor(() => seen.find((s) => s.agent.phase === 'ready'), 'ready');
      state.breakNext = true;
      emit({ type: 'agent', agent: { phase: 'paused', detail: 'Almoço' } });
      await waitFor(() => connection.latest(attachment.key)?.agent.phase === 'paused', 'paused after the gap');
      await new Promise((r) => setTimeout(r, 60)); // anything late has come
      expect(state.attaches).to.equal(2);
      expect(state.fulls, 'no listener copy of the attach or of the repair').to.equal(0);
      const repaired = seen.filter((s) => s.agent.phase === 'paused');
      expect(repaired.map((s) => s.version), 'delivered once').to.have.length(1);
      expect(connection.latest(attachment.key), 'the delivered one stays current').to.equal(repaired[0]);
      // Patches follow it.
      emit({ type: 'agent', agent: { phase: 'ready', detail: 'De volta' } });
      await waitFor(() => connection.latest(attachment.key)?.agent.detail === 'De volta', 'the next patch');
      expect(state.attaches).to.equal(2);
    } finally {
      connection.close();
    }
  });
  it('a change right after the attach, whose patch overtakes the answer, is held until the answer and applied', async () => {
    const { vendor, state, local } = tamperedHub();
    const connection = await connectHub({ name: uniqueName('updates-early'), mode: 'local', pingIntervalMs: 0, createLocalCore: () => local });
    try {
      state.answerLate = true;
      state.rightAfter = () => vendor.adapters[0]!.emit({ type: 'agent', agent: { phase: 'ready', detail: 'Logo após' } });
      const seen: SessionSnapshot[] = [];
      const attachment = await connection.attach(fakeConfig('alice'), (s) => seen.push(s));
      const ready = await waitFor(() => {
        const latest = connection.latest(attachment.key);
        return latest?.agent.detail === 'Logo após' ? latest : undefined;
      }, 'the change right after the attach');
      expect(state.attaches, 'no gap: nothing asked again').to.equal(1);
      expect(state.fulls).to.equal(0);
      expect(state.order, 'the patch came before the answer').to.deep.equal(['patch', 'answer']);
      await new Promise((r) => setTimeout(r, 30));
      expect(seen.at(-1), 'delivered, and current').to.equal(ready);
    } finally {
      connection.close();
    }
  });
});
