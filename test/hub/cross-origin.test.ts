import { expect } from '@open-wc/testing';
import { expose } from 'comlink';
import { connectHub } from '../../src/client/hub-connection.js';
import { fakeConfig } from '../fixtures/hub/fake-vendor.js';
import { uniqueName, waitFor } from './helpers.js';

/** The same test server, another origin. */
function otherOrigin(path: string): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}${path}`;
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
