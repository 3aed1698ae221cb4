import { expect } from '@open-wc/testing';
import { connectHub } from '../../src/client/hub-connection.js';
import { now, openTab, uniqueName, waitFor, WORKER } from './helpers.js';

describe('hub in a real SharedWorker (fake vendor)', () => {
  it('two iframes share ONE connection and see the same snapshot within one frame', async () => {
    const name = uniqueName('sw-share');
    const a = await openTab({ name, worker: WORKER });
    const b = await openTab({ name, worker: WORKER });
    try {
      expect(a.tab.connection.mode).to.equal('shared-worker');
      expect(a.tab.connection.info!.hubId).to.equal(b.tab.connection.info!.hubId);
      expect(await a.tab.connection.api.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });
      expect(b.tab.raw.at(-1)!.snapshot.agent.detail).to.equal('conn-1');

      const rawA = a.tab.raw.length;
      const rawB = b.tab.raw.length;
      await a.tab.session.execute({ type: 'ready' });
      const [ra, rb] = await waitFor(() => {
        const ra = a.tab.raw.slice(rawA).find((r) => r.snapshot.agent.phase === 'ready');
        const rb = b.tab.raw.slice(rawB).find((r) => r.snapshot.agent.phase === 'ready');
        return ra && rb ? ([ra, rb] as const) : undefined;
      }, 'both tabs to see ready');
      expect(ra.snapshot.version).to.equal(rb.snapshot.version);
      const rawSkew = Math.abs(ra.at - rb.at);
      const [pa, pb] = await waitFor(() => {
        const pa = a.tab.painted.find((r) => r.snapshot.agent.phase === 'ready');
        const pb = b.tab.painted.find((r) => r.snapshot.agent.phase === 'ready');
        return pa && pb ? ([pa, pb] as const) : undefined;
      }, 'both sessions to paint ready');
      const paintSkew = Math.abs(pa.at - pb.at);
      console.log(`snapshot skew between iframes: raw ${rawSkew.toFixed(1)} ms, painted ${paintSkew.toFixed(1)} ms`);
      expect(rawSkew).to.be.below(17);
      expect(paintSkew).to.be.below(34); // both land on the same or the next animation frame
    } finally {
      a.iframe.remove();
      b.iframe.remove();
    }
  });

  it('notices a removed iframe through its lock, keeps the other working, and closes the adapter when both are gone', async () => {
    const name = uniqueName('sw-death');
    const a = await openTab({ name, worker: WORKER });
    const b = await openTab({ name, worker: WORKER });
    // An observer on the test page itself: it attaches nothing.
    const observer = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    try {
      expect(await observer.api.stats()).to.deep.equal({ sessions: 1, tabs: 3, connections: 1 });
      const removedAt = now();
      a.iframe.remove();
      await waitFor(async () => (await observer.api.stats()).tabs === 2, 'the hub to drop the removed tab', 5000, 1);
      const noticedMs = now() - removedAt;
      console.log(`removed iframe noticed by the hub in ${noticedMs.toFixed(1)} ms`);
      expect(noticedMs).to.be.below(1000);
      await waitFor(() => b.tab.raw.at(-1)!.snapshot.tabs === 1, 'b to see tabs = 1');

      await b.tab.session.execute({ type: 'pause', reasonId: 'lunch' });
      await waitFor(() => b.tab.session.snapshot?.agent.phase === 'paused', 'b to see paused');
      expect(await observer.api.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });

      b.iframe.remove();
      await waitFor(async () => (await observer.api.stats()).connections === 0, 'the adapter to close');
      expect(await observer.api.stats()).to.deep.equal({ sessions: 0, tabs: 1, connections: 0 });
    } finally {
      a.iframe.remove();
      b.iframe.remove();
      observer.close();
    }
  });

  it('a page that closes its connection says goodbye at once', async () => {
    const name = uniqueName('sw-bye');
    const a = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    const b = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    expect((await b.api.stats()).tabs).to.equal(2);
    a.close();
    await waitFor(async () => (await b.api.stats()).tabs === 1, 'goodbye');
    b.close();
  });

  it('an unsupported vendor rejects attach with a CtiError, and the session rejects execute', async () => {
    const name = uniqueName('sw-unsupported');
    const hub = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    try {
      let error: unknown;
      try {
        await hub.attach({ vendor: 'nope' as never, server: 'x', agent: 'y' }, () => {});
      } catch (e) {
        error = e;
      }
      expect(error).to.deep.include({ code: 'unsupported' });
    } finally {
      hub.close();
    }
  });

  it('calls time out with hub-unavailable when the hub never answers', async () => {
    const name = uniqueName('sw-silent');
    let error: unknown;
    try {
      // A worker script that never exposes anything: comlink would wait forever.
      await connectHub({ name, mode: 'shared-worker', workerUrl: '/test/fixtures/hub/silent.worker.ts', timeouts: { callMs: 300 } });
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'hub-unavailable' });
  });
});

describe('hub reconnect', () => {
  it('reconnect() takes a new port, re-sends hello and attach, and snapshots keep flowing', async () => {
    const name = uniqueName('sw-reconnect');
    const hub = await connectHub({ name, workerUrl: WORKER, pingIntervalMs: 0 });
    try {
      const seen: string[] = [];
      const a = await hub.attach({ vendor: 'fake' as never, server: 'http://fake.invalid', agent: 'r' }, (s) => seen.push(s.agent.phase));
      await hub.reconnect('test');
      expect(await hub.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
      await hub.command(a.key, { type: 'ready' });
      await waitFor(() => seen.includes('ready'), 'ready after reconnect');
    } finally {
      hub.close();
    }
  });
});
