/**
 * The hub's lines about a session also go into the session's own log (so the diagnostics file of any of its
 * tabs has them): connection opened, a failed command, the reload grace kept and used. A refused attach or
 * command (no secret) writes nothing into the session. The log is not in the updates: `diagnostics` asks for it.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../domain/clock.js';
import type { AdapterDeps } from '../vendors/adapter.js';
import { FakeLocks } from '../../test/fixtures/hub/fake-locks.js';
import { createFakeStore, createFakeVendor, fakeConfig } from '../../test/fixtures/hub/fake-vendor.js';
import { HubCore } from './hub-core.js';
import { newSessionSecret } from './session-secret.js';
import type { SessionUpdate } from './updates.js';

const deps = { fetch, EventSource, WebSocket, random: Math.random } as unknown as AdapterDeps;
const tick = () => new Promise((r) => setTimeout(r, 0));
const SECRET = newSessionSecret();

describe('HubCore session log', () => {
  it('has the hub lines about the session; a page without the secret writes nothing', async () => {
    const clock = new ManualClock();
    const locks = new FakeLocks();
    const vendor = createFakeVendor();
    const hub = new HubCore({ clock, deps, locks, loadFactory: async () => vendor.factory, createStore: createFakeStore, graceMs: 20_000 });
    const tab = async (id: string) => {
      locks.hold(`cti-tab-${id}`);
      await hub.hello(id, `cti-tab-${id}`);
      const seen: SessionUpdate[] = [];
      return { id, seen, listener: (u: SessionUpdate) => void seen.push(u) };
    };
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET);
    expect(snap).not.to.have.property('log');
    expect(a.seen.some((u) => JSON.stringify(u).includes('connection opened'))).to.equal(false);
    const messages = async () => (await hub.diagnostics(a.id, snap.key, SECRET)).log.map((e) => `${e.level} ${e.message}`);
    expect(await messages()).to.include.members(['info connection opened', 'warn command hangup failed: command-failed']);

    const stranger = await tab('s');
    const other = newSessionSecret();
    await hub.attach(stranger.id, fakeConfig('alice'), stranger.listener, other).catch(() => undefined);
    await hub.command(stranger.id, snap.key, { type: 'ready' }, other);
    expect((await messages()).some((m) => /refused|secret/.test(m))).to.equal(false);

    await hub.goodbye(a.id);
    locks.release('cti-tab-a');
    await tick();
    const b = await tab('b');
    const back = await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    const log = (await hub.diagnostics(b.id, back.key, SECRET)).log.map((e) => e.message);
    // Only an attached tab with the session's secret gets it.
    const denied = await hub.diagnostics(stranger.id, back.key, SECRET).catch((e: { code?: string }) => e.code);
    expect(denied).to.equal('session-denied');
    expect(log).to.include('no tab left, keeping the connection 20 s for a reload');
    expect(log).to.include('a tab is back within the grace, the connection was kept');
  });
});
