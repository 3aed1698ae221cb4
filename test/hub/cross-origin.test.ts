import { expect } from '@open-wc/testing';
import { expose } from 'comlink';
import { connectHub } from '../../src/client/hub-connection.js';
import { fakeConfig } from '../fixtures/hub/fake-vendor.js';
import { foreignPage, otherHost, secondPortOrigin, uniqueName, waitFor } from './helpers.js';

/** The same test server, another origin. */
function otherOrigin(path: string): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}${path}`;
}

/** The CRM: this page, through the hub frame of the widget's origin (allow-list: this server's origins). */
async function openCrm(name: string) {
  const hub = await connectHub({ name, frameUrl: otherOrigin('/test/fixtures/hub/test-hub-frame.html'), pingIntervalMs: 0 });
  const seen: string[] = [];
  const a = await hub.attach(fakeConfig('alice'), (s) => seen.push(s.agent.phase));
  expect(await hub.command(a.key, { type: 'ready' })).to.deep.equal({ ok: true });
  await waitFor(() => seen.includes('ready'), 'the CRM agent ready');
  return { hub, key: a.key, seen };
}

describe('hub through the cross-origin hub frame', () => {
  it('bridges a MessagePort from the frame origin and comlink works over it', async () => {
    const name = uniqueName('frame');
    const frameUrl = otherOrigin('/test/fixtures/hub/test-hub-frame.html');
    const hub = await connectHub({ name, frameUrl, pingIntervalMs: 0 });
    try {
      expect(hub.viaFrame).to.equal(true);
      expect(hub.mode).to.equal('shared-worker');
      const seen: string[] = [];
      const a = await hub.attach(fakeConfig('alice'), (s) => seen.push(s.agent.phase));
      expect(a.snapshot.connection.status).to.equal('connected');
      const result = await hub.command(a.key, { type: 'ready' });
      expect(result).to.deep.equal({ ok: true });
      await waitFor(() => seen.includes('ready'), 'the snapshot through the bridged port');
      expect(await hub.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
    } finally {
      hub.close();
    }
  });

  it('ignores a forged hub-port message from the wrong source/origin', async () => {
    const name = uniqueName('frame-forged');
    const frameUrl = otherOrigin('/test/fixtures/hub/test-hub-frame.html');
    const tabId = '00000000-0000-4000-8000-000000000001';
    const realUuid = crypto.randomUUID.bind(crypto);
    crypto.randomUUID = () => tabId;
    // A fake hub an attacker would like the page to talk to.
    const evil = { hello: async () => ({ mode: 'shared-worker', hubId: 'evil', tabs: 0 }), ping: async () => 0 };
    const forge = setInterval(() => {
      const channel = new MessageChannel();
      expose(evil, channel.port1);
      window.postMessage({ cti: 'hub-port', v: 1, tabId }, '*', [channel.port2]);
    }, 2);
    try {
      const hub = await connectHub({ name, frameUrl, pingIntervalMs: 0 });
      crypto.randomUUID = realUuid;
      clearInterval(forge);
      expect(hub.info!.hubId).not.to.equal('evil');
      expect((await hub.api.stats()).tabs).to.equal(1);
      hub.close();
    } finally {
      crypto.randomUUID = realUuid;
      clearInterval(forge);
    }
  });

  it('a frame with no allow-list (the default) refuses a page of another origin at once and the page falls back', async () => {
    const frameUrl = otherOrigin('/test/fixtures/hub/test-hub-frame-closed.html');
    const started = performance.now();
    let error: unknown;
    try {
      await connectHub({ name: uniqueName('frame-closed'), mode: 'frame', frameUrl, frameTimeoutMs: 5000, pingIntervalMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'hub-unavailable' });
    expect((error as { detail: string }).detail).to.contain(`does not serve ${location.origin}`);
    expect(performance.now() - started, 'refused by the frame, not by the timeout').to.be.below(4000);
    // In `auto` the page runs a hub of its own origin instead: a working fallback, not a hang.
    const hub = await connectHub({ name: uniqueName('frame-closed-auto'), frameUrl, frameTimeoutMs: 5000, pingIntervalMs: 0, timeouts: { callMs: 1500 } });
    try {
      expect(hub.viaFrame).to.equal(false);
      expect(performance.now() - started).to.be.below(4500);
    } finally {
      hub.close();
    }
  });

  describe('the CRM hub against pages of other origins embedding the same frame', () => {
    const refusedFrom = async (origin: string) => {
      const name = uniqueName('trust');
      const crm = await openCrm(name);
      try {
        const report = await foreignPage(origin, { name, frame: otherOrigin('/test/fixtures/hub/test-hub-frame.html'), agent: 'alice' });
        expect(report.refused, JSON.stringify(report)).to.deep.include({ code: 'hub-unavailable' });
        expect((report.refused as { detail: string }).detail).to.contain(`does not serve ${origin}`);
        expect(report.ms as number, 'refused visibly, not by the timeout').to.be.below(4000);
        expect(JSON.stringify(report)).not.to.match(/ready|conn-|"agent"|"calls"/);
        // The CRM's hub saw no other tab, and its session is as it was.
        expect(await crm.hub.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
        expect(crm.hub.latest(crm.key)?.agent.phase).to.equal('ready');
        // In `auto` that page runs a hub of its own origin (its own session, nothing of the CRM's).
        const auto = await foreignPage(origin, { name, frame: otherOrigin('/test/fixtures/hub/test-hub-frame.html'), agent: 'alice', mode: 'auto' });
        expect(auto).to.include({ viaFrame: false });
        expect(await crm.hub.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
      } finally {
        crm.hub.close();
      }
    };

    it('another origin of the same site (same host, another port) is refused by the frame', async () => {
      await refusedFrom(await secondPortOrigin());
    });

    it('another site is refused by the frame', async () => {
      await refusedFrom(await secondPortOrigin(otherHost()));
    });

    it('a page the frame serves but that did not open the session gets nothing of it: no attach, no command, no sign-out', async () => {
      const name = uniqueName('trust-secret');
      const crm = await openCrm(name);
      try {
        // The widget's own origin: the frame serves it, and under this top-level site it reaches the CRM's hub.
        const report = await foreignPage(new URL(otherOrigin('/')).origin, { name, frame: otherOrigin('/test/fixtures/hub/test-hub-frame.html'), agent: 'alice' });
        expect(report, JSON.stringify(report)).to.include({ viaFrame: true, seen: 0 });
        expect(report.attached).to.equal(undefined);
        expect(report.attachError).to.deep.include({ code: 'session-denied', operation: 'attach' });
        const commands = report.commands as { ok: boolean; error: { code: string } }[];
        expect(commands).to.have.length(4);
        for (const c of commands) expect(c).to.deep.include({ ok: false, error: { ...c.error, code: 'session-denied' } });
        expect(JSON.stringify(report)).not.to.match(/ready|conn-|"agent"|"calls"/);
        // The CRM's agent was not signed out, and its page still commands its session.
        expect(crm.hub.latest(crm.key)?.agent.phase).to.equal('ready');
        expect(await crm.hub.command(crm.key, { type: 'pause', reasonId: '1' })).to.deep.equal({ ok: true });
        await waitFor(() => crm.seen.includes('paused'), 'the CRM still commands its session');
        expect((await crm.hub.api.stats()).connections).to.equal(1);
      } finally {
        crm.hub.close();
      }
    });
  });

  it('a frame whose allow-list excludes the page never hands over a port', async () => {
    const name = uniqueName('frame-deny');
    const frameUrl = otherOrigin('/test/fixtures/hub/test-hub-frame-deny.html');
    let error: unknown;
    try {
      // Forced frame mode: in `auto` the page would run a hub of its own instead (blocked-storage tests).
      await connectHub({ name, mode: 'frame', frameUrl, frameTimeoutMs: 1000, pingIntervalMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'hub-unavailable' });
    expect(document.querySelectorAll('iframe[title="cti hub"]')).to.have.length(0);
  });
});
