import { expect } from '@open-wc/testing';
import { ManualClock } from '../domain/clock.js';
import type { SessionSnapshot } from '../domain/model.js';
import type { AdapterDeps } from '../vendors/adapter.js';
import { FakeLocks } from '../../test/fixtures/hub/fake-locks.js';
import { createFakeStore, createFakeVendor, fakeConfig, FAKE_VENDOR } from '../../test/fixtures/hub/fake-vendor.js';
import type { FakeVendor } from '../../test/fixtures/hub/fake-vendor.js';
import { commandAllowed, HubCore } from './hub-core.js';
import { capabilitiesFor, supervisorCapabilities } from '../vendors/capabilities.js';
import type { Command } from '../domain/commands.js';
import type { Capabilities } from '../domain/model.js';
import { createSessionStore } from '../domain/session-store.js';
import type { HubCoreOptions } from './hub-core.js';
import { MapMemory } from './session-memory.js';
import { newSessionSecret } from './session-secret.js';
import { applyUpdate } from './updates.js';
import type { SessionUpdate } from './updates.js';
import { loadAdapterFactory } from '../vendors/registry.js';

const deps = { fetch, EventSource, WebSocket, random: Math.random } as unknown as AdapterDeps;
const tick = () => new Promise((r) => setTimeout(r, 0));
/** The session secret the tabs of these tests share (the page that opened each session). */
const SECRET = newSessionSecret();

function setup(extra: Partial<HubCoreOptions> = {}) {
  const clock = new ManualClock();
  const locks = new FakeLocks();
  const vendor: FakeVendor = createFakeVendor();
  const logs: string[] = [];
  const stores: ReturnType<typeof createFakeStore>[] = [];
  const hub = new HubCore({
    clock,
    deps,
    locks,
    loadFactory: async (v) => (v === FAKE_VENDOR ? vendor.factory : loadAdapterFactory(v)),
    createStore: (o) => {
      const s = createFakeStore(o);
      stores.push(s);
      return s;
    },
    logger: (level, message) => logs.push(`${level} ${message}`),
    // Every change at once here; the coalescing has its own tests.
    frameMs: 0,
    ...extra,
  });
  // The attach's answer is the whole session, the base of the listener's patches: a tab below takes it as its own.
  const bases = new Map<unknown, (view: SessionSnapshot) => void>();
  const attach = hub.attach.bind(hub);
  hub.attach = async (tabId, config, listener, secret) => {
    const view = await attach(tabId, config, listener, secret);
    bases.get(listener)?.(view);
    return view;
  };
  /** A tab that holds its lock and says hello. */
  const tab = async (id: string) => {
    locks.hold(`cti-tab-${id}`);
    await hub.hello(id, `cti-tab-${id}`);
    /** Every snapshot the tab rebuilt: the attach's answer first, then from the hub's updates. */
    const seen: SessionSnapshot[] = [];
    const updates: SessionUpdate[] = [];
    let early: SessionUpdate[] | undefined = [];
    const take = (u: SessionUpdate) => {
      const next = applyUpdate(seen.at(-1), u);
      if (!next) throw new Error(`gap: ${JSON.stringify(u).slice(0, 80)}`);
      seen.push(next);
    };
    const listener = (u: SessionUpdate) => {
      updates.push(u);
      if (early) early.push(u);
      else take(u);
    };
    bases.set(listener, (view) => {
      const before = early ?? [];
      early = undefined;
      take({ t: 'full', key: view.key, snapshot: view });
      for (const u of before) take(u);
    });
    return { id, seen, updates, listener };
  };
  return { clock, locks, vendor, logs, stores, hub, tab };
}

describe('HubCore', () => {
  it('shares one adapter across tabs and gives a late tab the current snapshot at once', async () => {
    const { hub, vendor, tab } = setup();
    const a = await tab('a');
    const b = await tab('b');
    const first = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    expect(first.connection.status).to.equal('connected');
    await hub.command(a.id, first.key, { type: 'ready' }, SECRET);
    const second = await hub.attach(b.id, fakeConfig('alice', 'http://fake.invalid/'), b.listener, SECRET);
    expect(vendor.adapters).to.have.length(1);
    expect(second.agent.phase).to.equal('ready');
    expect(second.tabs).to.equal(2);
    expect(await hub.stats()).to.deep.equal({ sessions: 1, tabs: 2, connections: 1 });
  });

  it('creates one adapter when two tabs attach concurrently', async () => {
    const { hub, vendor, tab } = setup();
    const a = await tab('a');
    const b = await tab('b');
    await Promise.all([hub.attach(a.id, fakeConfig('x'), a.listener, SECRET), hub.attach(b.id, fakeConfig('x'), b.listener, SECRET)]);
    expect(vendor.adapters).to.have.length(1);
  });

  it('fans snapshots out to every attached tab, and keeps sessions apart by key', async () => {
    const { hub, tab } = setup();
    const a = await tab('a');
    const b = await tab('b');
    const c = await tab('c');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    await hub.attach(c.id, fakeConfig('bob'), c.listener, SECRET);
    c.seen.length = 0;
    await hub.command(b.id, snap.key, { type: 'pause', reasonId: '1' }, SECRET);
    expect(a.seen.at(-1)!.agent.phase).to.equal('paused');
    expect(b.seen.at(-1)!.agent.phase).to.equal('paused');
    // The same snapshot, but for whether each tab is the elected one (the tab that rings).
    const { primary: pa, popCalls: _a, ...sa } = a.seen.at(-1)!;
    const { primary: pb, popCalls: _b, ...sb } = b.seen.at(-1)!;
    expect(sa).to.deep.equal(sb);
    expect([pa, pb]).to.have.members([true, false]);
    expect(c.seen).to.have.length(0);
  });

  it('notices a dead tab when its lock is granted, and drops its lease', async () => {
    const { hub, locks, vendor, tab, stores } = setup();
    const a = await tab('a');
    const b = await tab('b');
    await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    expect(locks.waiting('cti-tab-a')).to.equal(1);
    locks.release('cti-tab-a'); // tab a died
    await tick();
    expect(await hub.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
    expect(b.seen.at(-1)!.tabs).to.equal(1);
    expect(vendor.adapters[0]!.closed).to.equal(false);
    locks.release('cti-tab-b');
    await tick();
    expect(vendor.adapters[0]!.closed).to.equal(true);
    expect(stores[0]!.disposed).to.equal(true);
    expect(await hub.stats()).to.deep.equal({ sessions: 0, tabs: 0, connections: 0 });
  });

  it('goodbye releases at once and cancels the lock request', async () => {
    const { hub, locks, vendor, tab } = setup();
    const a = await tab('a');
    await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    await hub.goodbye(a.id);
    await tick();
    expect(locks.waiting('cti-tab-a')).to.equal(0);
    expect(vendor.adapters[0]!.closed).to.equal(true);
  });

  it('closes the adapter cleanly when the last tab detaches: no logout is sent', async () => {
    const { hub, vendor, tab } = setup();
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    await hub.command(a.id, snap.key, { type: 'login', agent: 'alice', password: 's3cret' }, SECRET);
    await hub.detach(a.id, snap.key);
    const adapter = vendor.adapters[0]!;
    expect(adapter.closed).to.equal(true);
    expect(adapter.commands.map((c) => c.type)).to.deep.equal(['login']);
    // the next attach opens a fresh connection
    await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    expect(vendor.adapters).to.have.length(2);
  });

  it('passes credentials to the adapter but never logs them or puts them in a snapshot', async () => {
    const { hub, vendor, tab, logs } = setup();
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    const result = await hub.command(a.id, snap.key, { type: 'login', agent: 'alice', password: 'pw-XYZZY' }, SECRET);
    expect(result).to.deep.equal({ ok: true });
    expect(vendor.adapters[0]!.commands[0]).to.deep.include({ password: 'pw-XYZZY' });
    expect(logs.join('\n')).not.to.contain('XYZZY');
    expect(JSON.stringify(a.seen)).not.to.contain('XYZZY');
  });

  it('isolates a throwing listener and drops its tab after repeated failures', async () => {
    const { hub, tab } = setup({ maxListenerFailures: 3 });
    const a = await tab('a');
    const b = await tab('b');
    const got: string[] = [];
    const snap = await hub.attach(a.id, fakeConfig('alice'), (u: SessionUpdate) => {
      got.push(u.t);
      throw new Error('listener broke');
    }, SECRET);
    expect(got).to.deep.equal([]); // the whole session is the attach's answer, not also a listener call
    await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    // b's attach changed the tab count (a patch); a failed to take it, so its next update is the whole session.
    expect(got).to.deep.equal(['patch']);
    const seen = b.seen.length;
    await hub.command(b.id, snap.key, { type: 'ready' }, SECRET);
    expect(got).to.deep.equal(['patch', 'full']);
    expect(b.seen.slice(seen).map((s) => s.agent.phase)).to.deep.equal(['ready']);
    expect((await hub.stats()).tabs).to.equal(2);
    await hub.command(b.id, snap.key, { type: 'pause', reasonId: '1' }, SECRET);
    expect(got).to.have.length(3);
    expect((await hub.stats()).tabs).to.equal(1);
    expect(b.seen.at(-1)).to.deep.include({ tabs: 1 });
    expect(b.seen.at(-1)!.agent.phase).to.equal('paused');
  });

  it('sends the whole session once per attach, as its answer (never also on the listener), and once per re-attach', async () => {
    const { hub, tab, vendor } = setup();
    const a = await tab('a');
    const view = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    expect(a.updates, 'nothing on the listener: the answer is the whole session').to.deep.equal([]);
    // A change right after the attach arrives, as a patch from the answer's version.
    vendor.adapters[0]!.emit({ type: 'agent', agent: { phase: 'ready', detail: 'Disponível' } });
    expect(a.updates.map((u) => u.t)).to.deep.equal(['patch']);
    expect(a.updates[0]).to.include({ base: view.version });
    expect(a.seen.at(-1)!.agent).to.deep.include({ phase: 'ready', detail: 'Disponível' });
    // A gap repair attaches again with a new listener: the answer is current, the old listener hears no more.
    const repair: SessionUpdate[] = [];
    const again = await hub.attach(a.id, fakeConfig('alice'), (u: SessionUpdate) => void repair.push(u), SECRET);
    expect(again.agent.phase).to.equal('ready');
    expect(repair, 'no listener copy of the repair').to.deep.equal([]);
    vendor.adapters[0]!.emit({ type: 'agent', agent: { phase: 'paused', detail: 'Almoço' } });
    expect(repair.map((u) => u.t === 'patch' && u.base)).to.deep.equal([again.version]);
    expect(applyUpdate(again, repair[0]!)!.agent.phase).to.equal('paused');
    expect(a.updates).to.have.length(1);
  });

  it('treats a rejecting (remote) listener as a failure too', async () => {
    const { hub, tab } = setup({ maxListenerFailures: 2 });
    const a = await tab('a');
    const b = await tab('b');
    const snap = await hub.attach(a.id, fakeConfig('alice'), () => Promise.reject(new Error('port gone')) as unknown as void, SECRET);
    await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    await hub.command(b.id, snap.key, { type: 'ready' }, SECRET);
    await hub.command(b.id, snap.key, { type: 'pause', reasonId: '1' }, SECRET);
    await tick();
    expect((await hub.stats()).tabs).to.equal(1);
  });

  it('a hang-up of a call that ended meanwhile is done: not sent once the call shows ended, no error when refused after its end came', async () => {
    const { hub, tab, vendor } = setup({ createStore: (o) => createSessionStore(o) });
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    const adapter = vendor.adapters[0]!;
    const call = (id: string) => ({ id, direction: 'inbound' as const, remote: [{ number: '1133334444' }] });
    // Refused by the vendor (no such call) while the call is live: the refusal stands.
    adapter.emit({ type: 'call-answered', call: call('fail') });
    const live = await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET);
    expect(!live.ok && live.error.code, 'a live call: the refusal is shown').to.equal('command-failed');
    // The other side hung up while the agent's hang-up was on its way: the vendor refuses it, the end has come.
    const raced = hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET);
    adapter.emit({ type: 'call-ended', callId: 'fail' });
    expect(await raced, 'refused after the end came').to.deep.equal({ ok: true });
    // Already ended when the command arrives (within its linger): nothing is sent.
    const sent = adapter.commands.length;
    expect(await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET)).to.deep.equal({ ok: true });
    expect(adapter.commands, 'not sent').to.have.length(sent);
    // A call nobody knows is still the vendor's to answer.
    const unknown = await hub.command(a.id, snap.key, { type: 'hangup', callId: 'nope' }, SECRET);
    expect(unknown.ok).to.equal(true);
    expect(adapter.commands.at(-1)).to.deep.equal({ type: 'hangup', callId: 'nope' });
  });

  it('answers unsupported for a command the vendor lacks, and never throws', async () => {
    const { hub, tab, vendor } = setup();
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    const r = await hub.command(a.id, snap.key, { type: 'dtmf', callId: '1', digits: '5' }, SECRET);
    expect(r.ok).to.equal(false);
    // The hub's own refusals carry a code as detail (shown as the error's title, never English on screen).
    expect(!r.ok && r.error).to.include({ code: 'unsupported', operation: 'dtmf', detail: 'dtmf' });
    expect(vendor.adapters[0]!.commands).to.have.length(0);
    const failed = await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET);
    expect(!failed.ok && failed.error.code).to.equal('command-failed');
    const bogus = await hub.command(a.id, snap.key, null as never, SECRET);
    expect(!bogus.ok && bogus.error).to.include({ code: 'bad-request', detail: 'command' });
    const noSession = await hub.command(a.id, 'nope', { type: 'ready' }, SECRET);
    expect(!noSession.ok && noSession.error).to.include({ code: 'not-connected', detail: 'no-session' });
    const b = await tab('b');
    const notAttached = await hub.command(b.id, snap.key, { type: 'ready' }, SECRET);
    expect(!notAttached.ok && notAttached.error).to.include({ code: 'invalid-state', detail: 'not-attached' });
  });

  it('dismisses a notice in the hub: the snapshot drops it and the vendor never hears of it', async () => {
    const { hub, tab, vendor } = setup({ createStore: (o) => createSessionStore(o) });
    const a = await tab('a');
    const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    vendor.adapters[0]!.emit({ type: 'notice', notice: { id: 'n1', kind: 'scheduled-call', data: { contato: 'Ana' } } });
    expect(a.seen.at(-1)!.notices.map((n) => n.id)).to.deep.equal(['n1']);
    const r = await hub.command(a.id, snap.key, { type: 'dismiss-notice', id: 'n1' }, SECRET);
    expect(r.ok).to.equal(true);
    expect(a.seen.at(-1)!.notices).to.deep.equal([]);
    expect(vendor.adapters[0]!.commands).to.have.length(0);
  });

  it('rejects attach for an unsupported vendor with a CtiError', async () => {
    const { hub, tab } = setup();
    const a = await tab('a');
    let error: unknown;
    try {
      await hub.attach(a.id, { vendor: 'nope' as never, server: 'x', agent: 'y' }, a.listener, SECRET);
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'unsupported' });
    expect(await hub.stats()).to.deep.equal({ sessions: 0, tabs: 1, connections: 0 });
  });

  it('cleans up when the adapter fails to start', async () => {
    const { hub, tab, vendor, logs } = setup();
    const a = await tab('a');
    let error: unknown;
    try {
      await hub.attach(a.id, fakeConfig('throw'), a.listener, SECRET);
    } catch (e) {
      error = e;
    }
    // The exception's own words go to the log; the tab gets a code.
    expect(error).to.deep.include({ code: 'internal', operation: 'attach', detail: 'adapter-start' });
    expect(logs.some((l) => l.startsWith('error ') && l.endsWith('adapter-start failed: boom'))).to.equal(true);
    expect(vendor.adapters[0]!.closed).to.equal(true);
    expect((await hub.stats()).sessions).to.equal(0);
  });

  describe('reload grace', () => {
    it('keeps the connection while no tab is left, and a tab back within the grace finds the session as it was', async () => {
      const { hub, vendor, tab, clock, locks, logs } = setup({ graceMs: 20_000 });
      const a = await tab('a');
      const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      await hub.command(a.id, snap.key, { type: 'ready' }, SECRET);
      await hub.goodbye(a.id); // pagehide of the reloading tab
      locks.release('cti-tab-a');
      await tick();
      clock.advance(19_999);
      expect(vendor.adapters[0]!.closed, 'still open inside the grace').to.equal(false);
      expect(await hub.stats()).to.deep.equal({ sessions: 1, tabs: 0, connections: 1 });
      // An event while nobody watches is kept for the tab that comes back.
      vendor.adapters[0]!.emit({ type: 'agent', agent: { phase: 'paused', detail: 'while-away' } } as never);
      const b = await tab('a2'); // the reloaded page: a new tab id
      const back = await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
      expect(vendor.adapters).to.have.length(1);
      expect(back.agent.phase).to.equal('paused');
      expect(back.tabs).to.equal(1);
      clock.advance(60_000);
      expect(vendor.adapters[0]!.closed, 'the grace timer was cancelled').to.equal(false);
      expect(logs.some((l) => l.includes('within the grace'))).to.equal(true);
    });

    it('closes the connection when the grace runs out with no tab back (no logout sent), and a later attach opens a new one', async () => {
      const { hub, vendor, tab, clock, locks } = setup({ graceMs: 20_000 });
      const a = await tab('a');
      const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      await hub.command(a.id, snap.key, { type: 'login', agent: 'alice', password: 'x' }, SECRET);
      locks.release('cti-tab-a'); // the tab closed for good
      await tick();
      clock.advance(19_999);
      expect(vendor.adapters[0]!.closed).to.equal(false);
      clock.advance(1);
      await tick();
      expect(vendor.adapters[0]!.closed).to.equal(true);
      expect(vendor.adapters[0]!.commands.map((c) => c.type)).to.deep.equal(['login']);
      expect(await hub.stats()).to.deep.equal({ sessions: 0, tabs: 0, connections: 0 });
      const b = await tab('b');
      await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
      expect(vendor.adapters).to.have.length(2);
    });

    it('an explicit detach closes at once; the config option reloadGraceMs overrides the hub default (bounded)', async () => {
      const { hub, vendor, tab, clock } = setup({ graceMs: 20_000 });
      const a = await tab('a');
      const snap = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      await hub.detach(a.id, snap.key);
      expect(vendor.adapters[0]!.closed, 'detach: the page no longer wants the session').to.equal(true);

      const b = await tab('b');
      await hub.attach(b.id, { ...fakeConfig('bob'), options: { reloadGraceMs: 500 } }, b.listener, SECRET);
      await hub.goodbye(b.id);
      clock.advance(499);
      expect(vendor.adapters[1]!.closed).to.equal(false);
      clock.advance(1);
      expect(vendor.adapters[1]!.closed).to.equal(true);

      const c = await tab('c');
      await hub.attach(c.id, { ...fakeConfig('carol'), options: { reloadGraceMs: 0 } }, c.listener, SECRET);
      await hub.goodbye(c.id);
      expect(vendor.adapters[2]!.closed, 'grace 0 closes at once').to.equal(true);

      const d = await tab('d');
      await hub.attach(d.id, { ...fakeConfig('dave'), options: { reloadGraceMs: 'bogus' as never } }, d.listener, SECRET);
      await hub.goodbye(d.id);
      clock.advance(19_999);
      expect(vendor.adapters[3]!.closed, 'a bad value falls back to the default').to.equal(false);
      clock.advance(1);
      expect(vendor.adapters[3]!.closed).to.equal(true);
    });

    it('dispose closes lingering sessions at once; the default hub (no graceMs) closes with its last tab', async () => {
      const { hub, vendor, tab } = setup({ graceMs: 20_000 });
      const a = await tab('a');
      await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      await hub.goodbye(a.id);
      expect(vendor.adapters[0]!.closed).to.equal(false);
      await hub.dispose();
      expect(vendor.adapters[0]!.closed).to.equal(true);

      const plain = setup();
      const t = await plain.tab('t');
      await plain.hub.attach(t.id, fakeConfig('alice'), t.listener, SECRET);
      await plain.hub.goodbye(t.id);
      expect(plain.vendor.adapters[0]!.closed).to.equal(true);
    });
  });

  describe('memory across a hub that died', () => {
    const ready = (n: number) => ({ type: 'agent', agent: { phase: 'ready', detail: `conn-${n}` } }) as never;
    const loggedOut = { type: 'agent', agent: { phase: 'logged-out', detail: 'out' } } as never;
    const connected = { type: 'connection', status: 'connected' } as never;

    it('records facts only, forgets on a clean close, and a new hub says state-lost when the vendor shows less', async () => {
      const memory = new MapMemory();
      const first = setup({ memory, createStore: createSessionStore });
      const a = await first.tab('a');
      await first.hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      first.vendor.adapters[0]!.emit(ready(1));
      first.vendor.adapters[0]!.emit({ type: 'call-answered', call: { id: 'c1', direction: 'inbound', remote: [{ number: '11999990000' }] } } as never);
      const record = memory.records.get(fakeConfig('alice').vendor + '|http://fake.invalid|alice')!;
      expect(record).to.deep.include({ signedIn: true, liveCalls: 1 });
      expect(JSON.stringify([...memory.records.values()]), 'no number, no data').not.to.contain('1199999');
      // The hub dies (no close): the record stays. A new hub recreates the session.
      const second = setup({ memory, resumeCheckMs: 1000, createStore: createSessionStore });
      const b = await second.tab('b');
      await second.hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
      const adapter = second.vendor.adapters[0]!;
      adapter.emit(connected);
      adapter.emit(loggedOut); // the vendor cannot tell: the new connection starts signed out, no call
      second.clock.advance(999);
      expect(b.seen.at(-1)!.lastError, 'not before resumeCheckMs').to.equal(undefined);
      second.clock.advance(1);
      expect(b.seen.at(-1)!.lastError).to.deep.include({ code: 'state-lost', operation: 'reload', vendorCode: 'reload' });
      // The record now says what is shown; a clean close forgets it.
      expect(memory.records.size).to.equal(0);
      adapter.emit(ready(2));
      expect(memory.records.size).to.equal(1);
      await second.hub.detach(b.id, b.seen.at(-1)!.key);
      expect(memory.records.size).to.equal(0);
    });

    it('says nothing when the vendor resynced what was shown, or when the record is stale', async () => {
      const memory = new MapMemory();
      const key = `${fakeConfig('alice').vendor}|http://fake.invalid|alice`;
      const fresh = setup({ memory, createStore: createSessionStore });
      memory.write({ key, at: fresh.clock.now() - 1000, signedIn: true, liveCalls: 1 });
      const a = await fresh.tab('a');
      await fresh.hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      const adapter = fresh.vendor.adapters[0]!;
      adapter.emit(connected);
      adapter.emit(ready(1));
      adapter.emit({ type: 'call-answered', call: { id: 'c9', direction: 'inbound' } } as never);
      fresh.clock.advance(5000);
      expect(a.seen.at(-1)!.lastError).to.equal(undefined);

      const stale = setup({ memory, createStore: createSessionStore });
      memory.write({ key, at: stale.clock.now() - 11 * 60_000, signedIn: true, liveCalls: 1 });
      const b = await stale.tab('b');
      const attached = await stale.hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
      stale.vendor.adapters[0]!.emit(loggedOut);
      stale.clock.advance(5000);
      expect((b.seen.at(-1) ?? attached).lastError).to.equal(undefined);
    });

    it('waits for the vendor connection before comparing, and a memory that never answers does not block attach', async () => {
      const memory = new MapMemory();
      const key = `${fakeConfig('alice').vendor}|http://fake.invalid|alice`;
      const h = setup({ memory, createStore: createSessionStore });
      memory.write({ key, at: h.clock.now(), signedIn: true, liveCalls: 0 });
      const a = await h.tab('a');
      await h.hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      h.vendor.adapters[0]!.emit({ type: 'connection', status: 'reconnecting' } as never);
      h.clock.advance(10_000);
      expect(a.seen.at(-1)!.lastError, 'no comparison while not connected').to.equal(undefined);
      h.vendor.adapters[0]!.emit(connected);
      h.vendor.adapters[0]!.emit(loggedOut);
      h.clock.advance(799);
      expect(a.seen.at(-1)!.lastError).to.equal(undefined);
      h.clock.advance(1);
      expect(a.seen.at(-1)!.lastError?.code).to.equal('state-lost');

      const hung = setup({ memory: { read: () => new Promise(() => {}), write: () => {}, forget: () => {} } });
      const t = await hung.tab('t');
      const attaching = hung.hub.attach(t.id, fakeConfig('bob'), t.listener, SECRET);
      await tick();
      hung.clock.advance(500);
      expect((await attaching).key).to.contain('bob');
    });
  });

  describe('session secret (the hub trust boundary)', () => {
    const OTHER = newSessionSecret();
    const rejection = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e as Record<string, unknown>;
      }
      throw new Error('expected a rejection');
    };

    it('refuses an attach without a well-formed secret, and opens nothing', async () => {
      const { hub, vendor, tab } = setup();
      const a = await tab('a');
      for (const bad of [undefined, '', 'short', 'x'.repeat(129), 'not url safe!!!!!!!!', 42]) {
        const e = await rejection(hub.attach(a.id, fakeConfig('alice'), a.listener, bad as never));
        expect(e).to.include({ code: 'bad-request', operation: 'attach' });
      }
      expect(vendor.adapters).to.have.length(0);
      expect(a.seen).to.have.length(0);
    });

    it('a tab with another secret cannot join a live session, read it, command it, or sign the agent out', async () => {
      const released: unknown[] = [];
      const { hub, vendor, tab } = setup({ releaseListener: (l) => released.push(l) });
      const crm = await tab('crm');
      const intruder = await tab('intruder');
      const opened = await hub.attach(crm.id, fakeConfig('alice'), crm.listener, SECRET);
      await hub.command(crm.id, opened.key, { type: 'ready' }, SECRET);
      const e = await rejection(hub.attach(intruder.id, fakeConfig('alice'), intruder.listener, OTHER));
      expect(e).to.include({ code: 'session-denied', operation: 'attach' });
      // Nothing of the session in the refusal, and the intruder's listener is never called.
      expect(JSON.stringify(e)).not.to.match(/alice|ready|fake\.invalid/);
      expect(intruder.seen).to.have.length(0);
      expect(released).to.include(intruder.listener);
      for (const command of [{ type: 'logout' }, { type: 'hangup', callId: 'c1' }, { type: 'ready' }] as const) {
        const result = await hub.command(intruder.id, opened.key, command as never, OTHER);
        expect(result.ok).to.equal(false);
        expect(!result.ok && result.error).to.include({ code: 'session-denied' });
        // The attached tab presenting a wrong (or no) secret is refused too: the check is per command.
        const own = await hub.command(crm.id, opened.key, command as never, (command.type === 'ready' ? undefined : OTHER) as never);
        expect(!own.ok && own.error.code).to.equal('session-denied');
      }
      expect(vendor.adapters).to.have.length(1);
      expect(vendor.adapters[0]!.commands.map((c) => c.type)).to.deep.equal(['ready']);
      expect(crm.seen.at(-1)!.tabs).to.equal(1);
      expect(await hub.stats()).to.deep.include({ sessions: 1, connections: 1 });
      // The page that opened the session still works, and a tab of it (same secret) shares the connection.
      const sibling = await tab('sibling');
      const joined = await hub.attach(sibling.id, fakeConfig('alice'), sibling.listener, SECRET);
      expect(joined.agent.phase).to.equal('ready');
      expect(joined.tabs).to.equal(2);
      expect(await hub.command(sibling.id, opened.key, { type: 'pause', reasonId: '1' }, SECRET)).to.deep.equal({ ok: true });
    });

    it('two tabs attaching at once with different secrets: the one that opened the session gets it', async () => {
      const { hub, vendor, tab } = setup();
      const a = await tab('a');
      const b = await tab('b');
      const [first, second] = await Promise.allSettled([
        hub.attach(a.id, fakeConfig('x'), a.listener, SECRET),
        hub.attach(b.id, fakeConfig('x'), b.listener, OTHER),
      ]);
      expect(first.status).to.equal('fulfilled');
      expect(second.status === 'rejected' && (second.reason as Record<string, unknown>).code).to.equal('session-denied');
      expect(vendor.adapters).to.have.length(1);
      expect(b.seen).to.have.length(0);
    });

    it('a lingering session (reload grace) is kept for its own secret only', async () => {
      const { hub, vendor, tab, clock } = setup({ graceMs: 20_000 });
      const a = await tab('a');
      const opened = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
      await hub.goodbye(a.id);
      clock.advance(1000);
      const intruder = await tab('intruder');
      const e = await rejection(hub.attach(intruder.id, fakeConfig('alice'), intruder.listener, OTHER));
      expect(e).to.include({ code: 'session-denied' });
      expect(intruder.seen).to.have.length(0);
      const reloaded = await tab('reloaded');
      const back = await hub.attach(reloaded.id, fakeConfig('alice'), reloaded.listener, SECRET);
      expect(back.key).to.equal(opened.key);
      expect(vendor.adapters).to.have.length(1);
      // A session closed for good takes its secret with it: the next page opens a new one with its own.
      await hub.detach(reloaded.id, opened.key);
      await hub.attach(intruder.id, fakeConfig('alice'), intruder.listener, OTHER);
      expect(vendor.adapters).to.have.length(2);
    });
  });

  it('pings with the injected clock', async () => {
    const { hub, clock } = setup();
    expect(await hub.ping()).to.equal(clock.now());
    expect(hub.info().mode).to.equal('shared-worker');
  });
});

describe('HubCore: the elected tab (the one that rings and pops)', () => {
  const ring = (id: string) => ({ type: 'call-offered' as const, call: { id, direction: 'inbound' as const, remote: [{ number: '11987654321' }] } });
  const latest = (t: { seen: SessionSnapshot[] }) => t.seen.at(-1)!;

  async function three() {
    const s = setup({ createStore: (o) => createSessionStore(o) });
    const a = await s.tab('a');
    const b = await s.tab('b');
    const c = await s.tab('c');
    for (const t of [a, b, c]) await s.hub.attach(t.id, fakeConfig('alice'), t.listener, SECRET);
    return { ...s, a, b, c, tabs: [a, b, c] };
  }

  it('elects the most recently focused visible tab; the call pops in that tab only, and stays pinned to it', async () => {
    const { hub, vendor, a, b, c, tabs } = await three();
    await hub.tabFocus(a.id, { visible: true, focused: true });
    await hub.tabFocus(b.id, { visible: true, focused: true });
    await hub.tabFocus(c.id, { visible: false, focused: false });
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([false, true, false]);
    vendor.adapters[0]!.emit(ring('k1'));
    expect(tabs.map((t) => latest(t).popCalls)).to.deep.equal([[], ['k1'], []]);
    // Focus moves to A while k1 rings: A rings now, but k1 was popped in B; the next call pops in A.
    await hub.tabFocus(a.id, { visible: true, focused: true });
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([true, false, false]);
    expect(latest(b).popCalls).to.deep.equal(['k1']);
    vendor.adapters[0]!.emit(ring('k2'));
    expect(latest(a).popCalls).to.deep.equal(['k2']);
    expect(latest(b).popCalls).to.deep.equal(['k1']);
  });

  it('a visible tab beats a hidden one that had the focus later; all hidden: the last focused', async () => {
    const { hub, a, b, tabs } = await three();
    await hub.tabFocus(b.id, { visible: true, focused: true });
    await hub.tabFocus(a.id, { visible: true, focused: true });
    await hub.tabFocus(a.id, { visible: false, focused: false });
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([false, true, false]);
    await hub.tabFocus(b.id, { visible: false, focused: false });
    await hub.tabFocus(tabs[2]!.id, { visible: false, focused: false });
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([true, false, false]);
    // The agent switches to C's browser tab: it becomes visible (an embedded widget may never get the focus itself).
    await hub.tabFocus(tabs[2]!.id, { visible: true, focused: false });
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([false, false, true]);
    // Reports from an unknown tab, or garbage, change nothing.
    await hub.tabFocus('nobody', { visible: true, focused: true });
    await hub.tabFocus(a.id, null as never);
    expect(tabs.map((t) => latest(t).primary)).to.deep.equal([false, false, true]);
  });

  it('the elected tab closes: the next one takes over, with the ringing call', async () => {
    const { hub, vendor, locks, a, b, c } = await three();
    await hub.tabFocus(c.id, { visible: true, focused: true });
    await hub.tabFocus(b.id, { visible: true, focused: true });
    vendor.adapters[0]!.emit(ring('k1'));
    expect(latest(b).popCalls).to.deep.equal(['k1']);
    locks.release('cti-tab-b');
    await tick();
    expect([latest(a).primary, latest(c).primary]).to.deep.equal([false, true]);
    expect(latest(c).popCalls).to.deep.equal(['k1']);
    await hub.goodbye(c.id);
    expect(latest(a).primary).to.equal(true);
  });

  it('a single tab is always elected, also a late tab that attaches to a ringing call nobody pops', async () => {
    const { hub, vendor, tab } = setup({ createStore: (o) => createSessionStore(o) });
    const a = await tab('a');
    const first = await hub.attach(a.id, fakeConfig('alice'), a.listener, SECRET);
    expect(first.primary).to.equal(true);
    vendor.adapters[0]!.emit(ring('k1'));
    expect(latest(a)).to.include({ primary: true });
    expect(latest(a).popCalls).to.deep.equal(['k1']);
    // Reload: the old tab leaves (grace keeps the session), the new one gets the pop.
    await hub.tabFocus('nobody', { visible: true, focused: true });
    const b = await tab('b');
    const again = await hub.attach(b.id, fakeConfig('alice'), b.listener, SECRET);
    expect(again.primary).to.equal(false);
    expect(again.popCalls).to.deep.equal([]);
    await hub.goodbye(a.id);
    expect(latest(b).primary).to.equal(true);
    expect(latest(b).popCalls).to.deep.equal(['k1']);
  });
});

describe('commandAllowed', () => {
  // Nothing allowed but what needs no capability: a supervisor of a one-line vendor (answer never, no outcomes).
  const none = supervisorCapabilities(capabilitiesFor('tactium'));
  const types = (caps: Capabilities) =>
    ['login', 'logout', 'refresh', 'dismiss-notice', 'ready', 'pause', 'end-after-call', 'classify', 'dial', 'answer', 'reject', 'hangup', 'hold', 'retrieve', 'consult', 'transfer', 'conference', 'drop-party', 'dtmf', 'associate-data', 'show-softphone', 'select-line', 'redial', 'dialer-outcome', 'schedule-callback', 'no-such-command']
      .filter((type) => commandAllowed({ type } as unknown as Command, caps));

  it('allows sign-in, sign-out, refresh and dismissing a notice always, nothing else without its capability', () => {
    expect(types(none)).to.deep.equal(['login', 'logout', 'refresh', 'dismiss-notice']);
  });

  it('each capability allows exactly its commands', () => {
    const base = ['login', 'logout', 'refresh', 'dismiss-notice'];
    const cases: [Partial<Capabilities>, string[]][] = [
      [{ agentStates: true }, ['ready', 'pause']],
      [{ afterCallEnd: true }, ['end-after-call']],
      [{ classify: true }, ['classify']],
      [{ dial: true }, ['dial']],
      [{ answer: 'always' }, ['answer']],
      [{ answer: 'when-required' }, ['answer']],
      [{ reject: true }, ['reject']],
      [{ hangup: true }, ['hangup']],
      [{ hold: true }, ['hold', 'retrieve']],
      [{ consult: true }, ['consult']],
      [{ transfer: true }, ['transfer']],
      [{ conference: true }, ['conference', 'drop-party']],
      [{ dtmf: true }, ['dtmf']],
      [{ associateData: true }, ['associate-data']],
      [{ softphoneWindow: true }, ['show-softphone']],
      [{ lines: 6 }, ['select-line']],
      [{ redial: true }, ['redial']],
      [{ dialerOutcomes: ['Fax'] }, ['dialer-outcome']],
      [{ scheduleCallback: true }, ['schedule-callback']],
    ];
    for (const [caps, allowed] of cases) {
      expect(types({ ...none, ...caps }), JSON.stringify(caps)).to.deep.equal([...base, ...allowed]);
    }
  });

  it('an inherited name (constructor, toString) is not a command', () => {
    expect(commandAllowed({ type: 'constructor' } as unknown as Command, none)).to.equal(false);
    expect(commandAllowed({ type: 'toString' } as unknown as Command, none)).to.equal(false);
  });
});

