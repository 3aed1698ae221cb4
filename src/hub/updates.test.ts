/**
 * The hub → tab protocol (issue #13 §2): the whole session on attach, then only what changed, coalesced per frame
 * interval; the log never on the update path; the tab rebuilds its snapshot with every unchanged slice (and list
 * item) kept. Also prints the bytes per update (JSON length of what is posted) before/after, for the README.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../domain/clock.js';
import type { SessionSnapshot } from '../domain/model.js';
import { createSessionStore } from '../domain/session-store.js';
import type { AdapterDeps } from '../vendors/adapter.js';
import { FakeLocks } from '../../test/fixtures/hub/fake-locks.js';
import { createFakeVendor, fakeConfig } from '../../test/fixtures/hub/fake-vendor.js';
import { HubCore } from './hub-core.js';
import { newSessionSecret } from './session-secret.js';
import { applyUpdate, diffViews, isUrgent, wireBytes } from './updates.js';
import type { SessionUpdate } from './updates.js';

const deps = { random: Math.random } as unknown as AdapterDeps;
const SECRET = newSessionSecret();

async function setup(frameMs: number) {
  const clock = new ManualClock();
  const locks = new FakeLocks();
  const vendor = createFakeVendor();
  const hub = new HubCore({ clock, deps, locks, frameMs, loadFactory: async () => vendor.factory, createStore: createSessionStore });
  const tab = async (id: string) => {
    locks.hold(`cti-tab-${id}`);
    await hub.hello(id, `cti-tab-${id}`);
    const updates: SessionUpdate[] = [];
    /** The attach's answer (the whole session, the base of the patches), then each update applied. */
    const seen: SessionSnapshot[] = [];
    const take = (u: SessionUpdate) => {
      const next = applyUpdate(seen.at(-1), u);
      if (!next) throw new Error('gap');
      seen.push(next);
    };
    const listener = (u: SessionUpdate) => {
      updates.push(u);
      take(u);
    };
    const attach = async () => {
      const view = await hub.attach(id, fakeConfig('alice'), listener, SECRET);
      take({ t: 'full', key: view.key, snapshot: view });
      return view;
    };
    return { id, updates, seen, listener, attach };
  };
  const a = await tab('a');
  const snap = await a.attach();
  const emit = vendor.adapters[0]!.emit;
  return { clock, hub, tab, a, snap, emit };
}

const team = (n: number, phase: 'ready' | 'paused' = 'ready') =>
  Array.from({ length: n }, (_, i) => ({ agentId: `agent-${String(i).padStart(4, '0')}`, name: `Agente ${i}`, phase, detail: 'Disponível' }));

describe('hub → tab updates', () => {
  it('sends the whole session once, then only what changed; the tab keeps every unchanged slice and team member', async () => {
    const { a, snap, emit } = await setup(0);
    expect(a.updates.map((u) => u.t), 'the whole session is the attach’s answer alone').to.deep.equal([]);
    expect(a.seen).to.deep.equal([snap]);
    expect(snap).not.to.have.property('log');
    emit({ type: 'team', members: team(1000), replace: true });
    const before = a.seen.at(-1)!;
    expect(before.team).to.have.length(1000);

    emit({ type: 'team', members: [{ agentId: 'agent-0500', phase: 'paused', detail: 'Almoço' }] });
    const patch = a.updates.at(-1)!;
    expect(patch.t).to.equal('patch');
    if (patch.t !== 'patch') return;
    expect(patch.base).to.equal(before.version);
    expect(Object.keys(patch.lists ?? {})).to.deep.equal(['team']);
    expect(patch.lists!['team']!.set.map(([i]) => i)).to.deep.equal([500]);
    expect(patch.set).to.deep.equal({});
    const after = a.seen.at(-1)!;
    expect(after.version).to.equal(patch.version);
    expect(after.agent).to.equal(before.agent); // same object: Lit skips it
    expect(after.calls).to.equal(before.calls);
    expect(after.team).not.to.equal(before.team);
    expect(after.team[499]).to.equal(before.team[499]);
    expect(after.team[500]!.phase).to.equal('paused');
    expect(Object.isFrozen(after.team)).to.equal(true);
  });

  it('keeps the log off the update path (a logged line sends nothing) and gives it on demand', async () => {
    const { a, hub, snap } = await setup(0);
    const sent = a.updates.length;
    await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET); // the hub logs the failure
    expect(a.updates.length).to.equal(sent);
    const { log } = await hub.diagnostics(a.id, snap.key, SECRET);
    expect(log.map((e) => e.message)).to.include('command hangup failed: command-failed');
  });

  it('removes an optional slice that is gone and sends a focus change as the primary flag alone', async () => {
    const { a, hub, tab, snap, emit } = await setup(0);
    emit({ type: 'error', error: { code: 'command-failed', at: 1 } });
    expect(a.seen.at(-1)!.lastError?.code).to.equal('command-failed');
    const b = await tab('b');
    await b.attach();
    await hub.tabFocus(b.id, { visible: true, focused: true });
    const last = a.updates.at(-1)!;
    expect(last.t === 'patch' && { ...last.set, ...last.lists }).to.deep.equal({ primary: false });
    expect(a.seen.at(-1)!.primary).to.equal(false);
    expect(a.seen.at(-1)!.key).to.equal(snap.key);
    // A removed slice, straight through the wire functions.
    const prev = a.seen.at(-1)!;
    const withError = { ...prev, version: prev.version + 1, lastError: { code: 'timeout', at: 2 } } as SessionSnapshot;
    const { lastError: _gone, ...without } = withError;
    const removal = diffViews(withError, { ...without, version: prev.version + 2 } as SessionSnapshot)!;
    expect(removal.t === 'patch' && removal.set).to.deep.equal({ lastError: undefined });
    expect(applyUpdate(withError, removal)).not.to.have.property('lastError');
  });

  it('coalesces: a change after a quiet interval goes at once, the next ones together at the interval end (latest wins)', async () => {
    const { a, clock, emit } = await setup(16);
    clock.advance(100);
    const sent = a.updates.length;
    const queues = (waiting: number) => emit({ type: 'queues', queues: [{ id: 'q1', name: 'Suporte', waiting }] });
    queues(1);
    expect(a.updates.length).to.equal(sent + 1); // at once: nothing was sent in the last interval
    for (const waiting of [2, 3, 4, 5]) queues(waiting);
    expect(a.updates.length).to.equal(sent + 1);
    clock.advance(15);
    expect(a.updates.length).to.equal(sent + 1);
    clock.advance(1);
    expect(a.updates.length).to.equal(sent + 2);
    expect(a.seen.at(-1)!.queues[0]!.waiting).to.equal(5);
    clock.advance(100);
    expect(a.updates.length).to.equal(sent + 2); // nothing more to send
  });

  it('a change the agent acts on goes at once inside a busy interval, with what was pending; the burst stays coalesced', async () => {
    const { a, clock, emit } = await setup(16);
    clock.advance(100);
    const sent = a.updates.length;
    const queues = (waiting: number) => emit({ type: 'queues', queues: [{ id: 'q1', name: 'Suporte', waiting }] });
    // 100 queue changes per second: one every 10 ms, one update per 16 ms interval.
    queues(1);
    clock.advance(10);
    queues(2);
    expect(a.updates.length, 'the second waits for the interval').to.equal(sent + 1);
    clock.advance(3);
    emit({ type: 'call-offered', call: { id: 'c1', direction: 'inbound', remote: [{ number: '4830001234' }], service: 'Suporte' } });
    expect(a.updates.length, 'the ring did not wait').to.equal(sent + 2);
    const ring = a.seen.at(-1)!;
    expect(ring.calls.map((c) => c.id)).to.deep.equal(['c1']);
    expect(ring.queues[0]!.waiting, 'the pending change went with it').to.equal(2);
    // The interval starts again from the ring: the next queue changes wait for its end, latest wins.
    queues(3);
    clock.advance(10);
    queues(4);
    expect(a.updates.length).to.equal(sent + 2);
    clock.advance(6);
    expect(a.updates.length).to.equal(sent + 3);
    expect(a.seen.at(-1)!.queues[0]!.waiting).to.equal(4);
    expect(a.seen.at(-1)!.calls, 'the call slice kept its identity').to.equal(ring.calls);
    // Each of the slices the agent acts on, and none of the others.
    const base = a.seen.at(-1)!;
    for (const k of ['agent', 'calls', 'lines', 'connection', 'lastError', 'condition', 'notices']) expect(isUrgent(base, { ...base, [k]: {} } as SessionSnapshot), k).to.equal(true);
    for (const k of ['queues', 'team', 'pauseReasons', 'tabs', 'version']) expect(isUrgent(base, { ...base, [k]: {} } as SessionSnapshot), k).to.equal(false);
    expect(isUrgent(undefined, base), 'nothing sent yet').to.equal(true);
  });

  it('a hidden tab gets what the agent acts on at once, the rest at most every hiddenMs, and everything when shown', async () => {
    const { a, clock, emit, hub, tab } = await setup(16);
    const b = await tab('b');
    await b.attach();
    await hub.tabFocus(b.id, { visible: false, focused: false });
    clock.advance(500);
    const [sentA, sentB] = [a.updates.length, b.updates.length];
    const queues = (waiting: number) => emit({ type: 'queues', queues: [{ id: 'q1', name: 'Suporte', waiting }] });
    // 100 queue changes per second for 150 ms: the visible tab gets one per frame interval, the hidden one the first.
    for (let i = 1; i <= 15; i++) {
      queues(i);
      clock.advance(10);
    }
    expect(a.updates.length - sentA).to.be.within(9, 11);
    expect(b.updates.length - sentB, 'hidden: the first only').to.equal(1);
    // A ring reaches the hidden tab at once (its cti-incoming-call), with the latest queues.
    emit({ type: 'call-offered', call: { id: 'c1', direction: 'inbound', remote: [{ number: '4830001234' }], service: 'Suporte' } });
    expect(b.updates.length - sentB).to.equal(2);
    expect(b.seen.at(-1)!.calls.map((c) => c.id)).to.deep.equal(['c1']);
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(15);
    // Held changes are sent once hiddenMs has passed, even when nothing else changes.
    queues(16);
    clock.advance(20);
    queues(17);
    clock.advance(20);
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(15);
    clock.advance(200);
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(17);
    expect(a.seen.at(-1)!.queues[0]!.waiting).to.equal(17);
    // Shown again: what it was not sent, at once.
    queues(18);
    clock.advance(20);
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(17);
    await hub.tabFocus(b.id, { visible: true, focused: true });
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(18);
    // Visible: every frame interval again.
    const shown = b.updates.length;
    queues(19);
    clock.advance(20);
    expect(b.updates.length).to.equal(shown + 1);
    expect(b.seen.at(-1)!.queues[0]!.waiting).to.equal(19);
  });

  it('a patch that does not follow the tab’s version is a gap', () => {
    const full: SessionUpdate = { t: 'full', key: 'k', snapshot: { key: 'k', version: 3 } as SessionSnapshot };
    const base = applyUpdate(undefined, full)!;
    expect(applyUpdate(base, { t: 'patch', key: 'k', base: 2, version: 4, set: { tabs: 2 } })).to.equal(undefined);
    expect(applyUpdate(undefined, { t: 'patch', key: 'k', base: 3, version: 4 })).to.equal(undefined);
    expect(applyUpdate(base, { t: 'patch', key: 'k', base: 3, version: 4, set: { tabs: 2 } })).to.deep.include({ tabs: 2, version: 4 });
  });

  it('a full one that repeats the tab’s snapshot (an attach answer it already has) gives the tab’s own back', () => {
    const view = { key: 'k', version: 3, primary: true, popCalls: ['c1'] } as unknown as SessionSnapshot;
    const mine = applyUpdate(undefined, { t: 'full', key: 'k', snapshot: view })!;
    expect(applyUpdate(mine, { t: 'full', key: 'k', snapshot: { ...view, popCalls: ['c1'] } })).to.equal(mine);
    // Anything else a full one says is new: another version, the election, the calls it pops.
    for (const other of [{ version: 4 }, { primary: false }, { popCalls: [] }]) {
      const next = { ...view, ...other } as SessionSnapshot;
      expect(applyUpdate(mine, { t: 'full', key: 'k', snapshot: next }), JSON.stringify(other)).to.equal(next);
    }
  });

  for (const supervisor of [false, true]) {
    it(`measures the bytes per update, ${supervisor ? 'supervisor with 1,000 agents' : 'agent session'}: before (the whole snapshot, log included) and after (the patch)`, async () => {
      const { a, hub, snap, emit, tab } = await setup(0);
      // A working session: a log of 50 lines (the store's bound), 8 queues, and the team for a supervisor.
      for (let i = 0; i < 50; i++) await hub.command(a.id, snap.key, { type: 'hangup', callId: 'fail' }, SECRET);
      emit({ type: 'queues', queues: Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, name: `Fila ${i}`, waiting: i, agentsReady: 3 })) });
      if (supervisor) emit({ type: 'team', members: team(1000), replace: true });
      const whole = async () => wireBytes({ ...a.seen.at(-1)!, ...(await hub.diagnostics(a.id, snap.key, SECRET)) });
      const measure = async (label: string, change: () => void) => {
        const sent = a.updates.length;
        change();
        const updates = a.updates.slice(sent);
        expect(updates.length, label).to.equal(1);
        return { label, before: await whole(), after: wireBytes(updates[0]) };
      };
      const rows = [
        await measure('call ringing', () =>
          emit({ type: 'call-offered', call: { id: 'c1', direction: 'inbound', remote: [{ number: '4830001234', name: 'Cliente' }], service: 'Suporte', mustAccept: true } }),
        ),
        await measure('agent state change', () => emit({ type: 'agent', agent: { phase: 'paused', detail: 'Almoço' } })),
      ];
      if (supervisor) rows.push(await measure('one team member of 1,000', () => emit({ type: 'team', members: [{ agentId: 'agent-0500', phase: 'paused', detail: 'Almoço' }] })));
      console.log(`hub → tab bytes per update (JSON), ${supervisor ? 'supervisor' : 'agent'}: ${rows.map((r) => `${r.label}: ${r.before} → ${r.after}`).join('; ')}`);
      // An attach (also a gap repair's): what crosses is its answer; before, the listener got the same view again.
      const b = await tab('b');
      const answer = await b.attach();
      const attachBytes = wireBytes(answer) + b.updates.reduce((n, u) => n + wireBytes(u), 0);
      const twice = wireBytes(answer) + wireBytes({ t: 'full', key: answer.key, snapshot: answer });
      console.log(`hub → tab bytes per attach (JSON), ${supervisor ? 'supervisor' : 'agent'}: ${twice} → ${attachBytes}`);
      expect(b.updates.filter((u) => u.t === 'full'), 'the whole session once').to.have.length(0);
      expect(attachBytes).to.be.lessThan(twice * 0.51);
      for (const r of rows) expect(r.after, r.label).to.be.lessThan(r.before / (supervisor ? 100 : 5));
      expect(rows.every((r) => r.after < 1000)).to.equal(true);
    });
  }
});
