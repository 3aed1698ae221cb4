import { expect } from '@open-wc/testing';
import { connectHub } from '../../src/client/hub-connection.js';
import { now, openTab, uniqueName, waitFor, WORKER } from './helpers.js';

describe('hub fallback: leader tab over BroadcastChannel', () => {
  it('elects one leader; when the leader iframe goes, the other becomes leader and still works', async () => {
    const name = uniqueName('local');
    const a = await openTab({ name, mode: 'local' });
    const b = await openTab({ name, mode: 'local' });
    try {
      expect(a.tab.connection.mode).to.equal('leader-tab');
      expect(b.tab.connection.mode).to.equal('follower-tab');
      expect(await b.tab.connection.api.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });
      expect(a.tab.vendor.adapters).to.have.length(1);
      expect(b.tab.vendor.adapters).to.have.length(0);

      await b.tab.session.execute({ type: 'ready' });
      await waitFor(() => a.tab.session.snapshot?.agent.phase === 'ready' && b.tab.session.snapshot?.agent.phase === 'ready', 'both to see ready');

      const removedAt = now();
      a.iframe.remove();
      await waitFor(() => b.tab.connection.mode === 'leader-tab', 'b to become leader');
      // b re-attached to its own new hub: a new vendor connection in b's page.
      await waitFor(() => b.tab.vendor.adapters.length === 1 && b.tab.session.snapshot?.tabs === 1, 'b to re-attach');
      console.log(`leadership moved in ${(now() - removedAt).toFixed(1)} ms`);
      expect(await b.tab.connection.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
      await b.tab.session.execute({ type: 'pause', reasonId: 'x' });
      await waitFor(() => b.tab.session.snapshot?.agent.phase === 'paused', 'b to see paused');

      // A newcomer follows b.
      const c = await openTab({ name, mode: 'local' });
      try {
        expect(c.tab.connection.mode).to.equal('follower-tab');
        expect(c.tab.session.snapshot?.agent.phase).to.equal('paused');
        expect(await c.tab.connection.api.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });
      } finally {
        c.iframe.remove();
      }
      await waitFor(async () => (await b.tab.connection.api.stats()).tabs === 1, 'the leader to notice the follower left');
    } finally {
      a.iframe.remove();
      b.iframe.remove();
    }
  });

  it('elects the tab that rings across leader and follower: tabFocus travels over the BroadcastChannel', async () => {
    const name = uniqueName('local-focus');
    const a = await openTab({ name, mode: 'local' });
    const b = await openTab({ name, mode: 'local' });
    // Headless iframes do not reliably get window focus: each document says whether it has it, a focus event reports it.
    const focusOn = (target: typeof a) => {
      for (const t of [a, b]) Object.defineProperty(t.iframe.contentWindow!.document, 'hasFocus', { configurable: true, value: () => t === target });
      target.iframe.contentWindow!.dispatchEvent(new FocusEvent('focus'));
    };
    try {
      expect(b.tab.connection.mode).to.equal('follower-tab');
      focusOn(b);
      await waitFor(() => b.tab.session.snapshot?.primary === true && a.tab.session.snapshot?.primary === false, 'the follower elected');
      focusOn(a);
      await waitFor(() => a.tab.session.snapshot?.primary === true && b.tab.session.snapshot?.primary === false, 'the leader elected');
    } finally {
      a.iframe.remove();
      b.iframe.remove();
    }
  });

  it('runs the leader hub in a dedicated Worker from the hub script (production path), and moves it with leadership', async () => {
    const name = uniqueName('dedicated');
    const params = { name, mode: 'local', worker: WORKER, dedicated: '1' };
    const a = await openTab(params);
    const b = await openTab(params);
    try {
      expect(a.tab.connection.mode).to.equal('leader-tab');
      expect(b.tab.connection.mode).to.equal('follower-tab');
      // The hub core lives in the leader's worker, not in either page.
      expect(a.tab.vendor.adapters).to.have.length(0);
      expect(await b.tab.connection.api.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });
      await b.tab.session.execute({ type: 'ready' });
      await waitFor(() => a.tab.session.snapshot?.agent.phase === 'ready' && b.tab.session.snapshot?.agent.phase === 'ready', 'both to see ready');

      a.iframe.remove();
      await waitFor(() => b.tab.connection.mode === 'leader-tab', 'b to become leader');
      await waitFor(async () => (await b.tab.connection.api.stats()).connections === 1 && b.tab.session.snapshot?.tabs === 1, 'b to re-attach in its own worker');
      expect(b.tab.vendor.adapters).to.have.length(0);
      await b.tab.session.execute({ type: 'pause', reasonId: 'x' });
      await waitFor(() => b.tab.session.snapshot?.agent.phase === 'paused', 'b to see paused');
    } finally {
      a.iframe.remove();
      b.iframe.remove();
    }
  });
});

describe('hub fallback when the shared hub cannot start', () => {
  const otherOrigin = (path: string) => `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}${path}`;

  it('a hub frame whose SharedWorker fails (error after the port) makes the page run a leader tab, without waiting for a timeout', async () => {
    const started = now();
    const hub = await connectHub({
      name: uniqueName('frame-broken'),
      frameUrl: otherOrigin('/test/fixtures/hub/test-hub-frame-broken.html'),
      workerUrl: WORKER,
      timeouts: { callMs: 4000 },
      pingIntervalMs: 0,
    });
    try {
      expect(hub.mode).to.equal('leader-tab');
      expect(hub.viaFrame).to.equal(false);
      expect(now() - started, 'the frame said the worker failed: no 4 s hello timeout').to.be.below(3000);
      expect(await hub.api.stats()).to.deep.equal({ sessions: 0, tabs: 1, connections: 0 });
    } finally {
      hub.close();
    }
  });

  it('a same-origin hub script that fails to load: SharedWorker error, dedicated Worker error, then the hub core in the page', async () => {
    const started = now();
    const hub = await connectHub({ name: uniqueName('sw-broken'), workerUrl: '/test/fixtures/hub/missing-hub.worker.js', timeouts: { callMs: 4000 }, pingIntervalMs: 0 });
    try {
      expect(hub.mode).to.equal('leader-tab');
      expect(now() - started, 'error events, not timeouts').to.be.below(3000);
      expect(await hub.api.ping()).to.be.a('number');
    } finally {
      hub.close();
    }
  });
});
