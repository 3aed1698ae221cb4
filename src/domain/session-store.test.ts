import { expect } from '@open-wc/testing';
import { capabilitiesFor } from '../vendors/capabilities.js';
import { ManualClock } from './clock.js';
import type { DomainEvent } from './events.js';
import type { SessionSnapshot } from './model.js';
import { createSessionStore, NOTICE_LIMIT } from './session-store.js';
import type { SessionStoreOptions } from './session-store.js';

function setup(extra: Partial<SessionStoreOptions> = {}) {
  const clock = new ManualClock();
  const changes: SessionSnapshot[] = [];
  const store = createSessionStore({
    key: 'interact|http://x|ana',
    capabilities: capabilitiesFor('interact'),
    clock,
    onChange: (s) => changes.push(s),
    ...extra,
  });
  return { clock, store, changes };
}

const offered: DomainEvent = { type: 'call-offered', call: { id: 'c1', remote: [{ number: '100' }], mustAccept: true } };

describe('createSessionStore', () => {
  it('starts idle, logged out, empty, version 0', () => {
    const { store, clock } = setup();
    const s = store.snapshot;
    expect(s).to.include({ key: 'interact|http://x|ana', vendor: 'interact', version: 0, tabs: 0 });
    expect(s.connection).to.deep.equal({ status: 'idle', since: clock.now() });
    expect(s.agent).to.deep.equal({ phase: 'logged-out', since: clock.now(), detail: '' });
    for (const list of [s.calls, s.lines, s.queues, s.pauseReasons, s.classifications, s.log]) expect(list).to.deep.equal([]);
    expect(Object.isFrozen(s)).to.equal(true);
  });

  it('a change gives a new object with version + 1 and leaves the previous one untouched', () => {
    const { store } = setup();
    const s0 = store.snapshot;
    const s1 = store.apply({ type: 'connection', status: 'connected' });
    expect(s1).not.to.equal(s0);
    expect(s1.version).to.equal(1);
    expect(s1.connection.status).to.equal('connected');
    expect(s0.connection.status).to.equal('idle');
    expect(s0.version).to.equal(0);
    expect(store.snapshot).to.equal(s1);
  });

  it('a no-op returns the same object (Object.is)', () => {
    const { store } = setup();
    const s1 = store.apply({ type: 'connection', status: 'connected' });
    expect(Object.is(store.apply({ type: 'connection', status: 'connected' }), s1)).to.equal(true);
    const s2 = store.apply({ type: 'pause-reasons', reasons: [{ id: '1', name: 'Lunch' }] });
    expect(Object.is(store.apply({ type: 'pause-reasons', reasons: [{ id: '1', name: 'Lunch' }] }), s2)).to.equal(true);
    expect(Object.is(store.setTabs(0), s2)).to.equal(true);
    expect(Object.is(store.apply({ type: 'logged-out' }), s2)).to.equal(true);
  });

  it('an event of a type it does not know changes nothing, with a call and a signed-in agent in place', () => {
    const { store } = setup();
    store.apply({ type: 'logged-in', agentId: 'ana' });
    const s = store.apply(offered);
    for (const type of ['call-bogus', 'ring', 'constructor']) {
      expect(Object.is(store.apply({ type, call: { id: 'c1' }, callId: 'c1' } as unknown as DomainEvent), s), type).to.equal(true);
    }
    expect(s.calls.map((c) => c.state)).to.deep.equal(['ringing']);
    expect(s.log).to.deep.equal([]);
  });

  it('connection: since moves only with the status; attempt and retryAt kept', () => {
    const { store, clock } = setup();
    store.apply({ type: 'connection', status: 'reconnecting', attempt: 1, retryAt: clock.now() + 1000 });
    const t = clock.now();
    clock.advance(500);
    const s = store.apply({ type: 'connection', status: 'reconnecting', attempt: 2 });
    expect(s.connection).to.deep.equal({ status: 'reconnecting', since: t, attempt: 2 });
  });

  it('drives agent and calls together through the machines', () => {
    const { store } = setup();
    store.apply({ type: 'logged-in', agentId: 'ana', extension: '2001' });
    const s1 = store.apply(offered);
    expect(s1.agent.phase).to.equal('busy');
    expect(s1.calls.map((c) => [c.id, c.state, c.actions.answer])).to.deep.equal([['c1', 'ringing', true]]);
    store.apply({ type: 'call-answered', call: { id: 'c1' } });
    const s3 = store.apply({ type: 'call-released', callId: 'c1', mustClassify: true, classifySeconds: 20 });
    expect(s3.agent.phase).to.equal('after-call');
    expect(s3.agent.afterCall?.classifyBy).to.equal(store.snapshot.agent.since + 20_000);
    expect(s3.calls[0]!.state).to.equal('wrap-up');
    const s4 = store.apply({ type: 'call-ended', callId: 'c1' });
    expect(s4.agent.phase).to.equal('ready');
    expect(s4.calls[0]!.state).to.equal('ended');
  });

  it('ended calls linger, then a timer removes them and calls onChange', () => {
    const { store, clock, changes } = setup({ endedCallLingerMs: 1000 });
    store.apply({ type: 'logged-in', agentId: 'ana' });
    store.apply(offered);
    const ended = store.apply({ type: 'call-ended', callId: 'c1' });
    expect(ended.calls).to.have.length(1);
    expect(clock.pending).to.equal(1);
    clock.advance(999);
    expect(store.snapshot.calls).to.have.length(1);
    clock.advance(1);
    expect(store.snapshot.calls).to.deep.equal([]);
    expect(store.snapshot.version).to.equal(ended.version + 1);
    expect(changes).to.deep.equal([store.snapshot]);
    expect(ended.calls).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });

  it('snapshot REPLACES calls (never merges) and cancels their linger timers', () => {
    const { store, clock } = setup();
    store.apply({ type: 'logged-in', agentId: 'ana' });
    store.apply(offered);
    store.apply({ type: 'call-dialing', call: { id: 'c2' } });
    store.apply({ type: 'call-ended', callId: 'c2' });
    expect(clock.pending).to.equal(1);
    const now = clock.now();
    const s = store.apply({
      type: 'snapshot',
      agent: { phase: 'busy', detail: 'ready_service' },
      calls: [{ id: 'c3', durationSeconds: 10 }],
    });
    expect(s.calls.map((c) => c.id)).to.deep.equal(['c3']);
    expect(s.calls[0]!.answeredAt).to.equal(now - 10_000);
    expect(s.agent.phase).to.equal('busy');
    expect(clock.pending).to.equal(0);
    const empty = store.apply({ type: 'snapshot', agent: { phase: 'ready', detail: 'ready_free' }, calls: [] });
    expect(empty.calls).to.deep.equal([]);
    expect(empty.agent.phase).to.equal('ready');
  });

  it('logged-out clears the calls', () => {
    const { store, clock } = setup();
    store.apply({ type: 'logged-in', agentId: 'ana' });
    store.apply(offered);
    store.apply({ type: 'call-ended', callId: 'c1' });
    const s = store.apply({ type: 'logged-out' });
    expect(s.agent.phase).to.equal('logged-out');
    expect(s.calls).to.deep.equal([]);
    expect(clock.pending).to.equal(0);
  });

  it('lines, pause reasons and classifications are replaced', () => {
    const { store } = setup();
    store.apply({ type: 'lines', lines: [{ id: '1', label: '1', state: 'idle', selected: true }] });
    store.apply({ type: 'classifications', classifications: [{ id: 'k', name: 'Sale' }] });
    const s = store.apply({ type: 'pause-reasons', reasons: [{ id: '2', name: 'Break' }] });
    expect(s.lines).to.have.length(1);
    expect(s.classifications).to.deep.equal([{ id: 'k', name: 'Sale' }]);
    expect(s.pauseReasons).to.deep.equal([{ id: '2', name: 'Break' }]);
  });

  it('queues merge by id with updatedAt = now; replace drops the unlisted', () => {
    const { store, clock } = setup();
    store.apply({ type: 'queues', queues: [{ id: 'q1', name: 'Sales', waiting: 2 }, { id: 'q2', name: 'Support' }] });
    clock.advance(1000);
    const s = store.apply({ type: 'queues', queues: [{ id: 'q1', agentsReady: 3 }] });
    expect(s.queues).to.deep.equal([
      { id: 'q1', name: 'Sales', waiting: 2, agentsReady: 3, updatedAt: clock.now() },
      { id: 'q2', name: 'Support', updatedAt: clock.now() - 1000 },
    ]);
    const r = store.apply({ type: 'queues', queues: [{ id: 'q2', waiting: 0 }], replace: true });
    expect(r.queues.map((q) => q.id)).to.deep.equal(['q2']);
  });

  it('queue figures that change nothing keep the queue, its updatedAt and the snapshot; a change is stamped', () => {
    const { store, clock } = setup();
    const first = store.apply({ type: 'queues', queues: [{ id: 'q1', name: 'Sales', waiting: 2 }, { id: 'q2', name: 'Support', waiting: 1 }] });
    clock.advance(5000);
    const again = store.apply({ type: 'queues', queues: [{ id: 'q1', waiting: 2 }, { id: 'q2', name: 'Support' }] });
    expect(again).to.equal(first);
    expect(again.queues[0]!.updatedAt).to.equal(clock.now() - 5000);
    clock.advance(1000);
    const changed = store.apply({ type: 'queues', queues: [{ id: 'q1', waiting: 3 }, { id: 'q2', waiting: 1 }] });
    expect(changed.queues[0]).to.deep.equal({ id: 'q1', name: 'Sales', waiting: 3, updatedAt: clock.now() });
    expect(changed.queues[1]).to.equal(first.queues[1]);
  });

  it('statistics repeated with a new stamp (Interact: service figures, agent counts, on_queue_change) publish nothing; queues and team alike', () => {
    const { store, clock, changes } = setup();
    const stats = (at: number, waiting = 4): DomainEvent[] => [
      { type: 'queues', queues: [{ id: 'S', name: 'S', waiting, longestWaitSeconds: 61, handled: 5, updatedAt: at }, { id: 'T', name: 'T', waiting: 0, updatedAt: at }] },
      { type: 'queues', queues: [{ id: 'S', name: 'S', agentsReady: 1, agentsBusy: 0, agentsPaused: 0, updatedAt: at }] },
      { type: 'queues', queues: [{ id: 'S', name: 'S', waiting, updatedAt: at }] },
      { type: 'team', members: [{ agentId: 'ana', name: 'Ana', phase: 'ready', detail: 'Livre' }] },
    ];
    for (const e of stats(clock.now())) store.apply(e);
    const first = store.snapshot;
    const stampedAt = clock.now();
    for (let round = 1; round <= 3; round++) {
      clock.advance(5000);
      for (const e of stats(clock.now())) expect(store.apply(e), `round ${round}: ${e.type}`).to.equal(first);
    }
    expect(store.snapshot.version).to.equal(first.version);
    expect(store.snapshot.queues).to.equal(first.queues);
    expect(store.snapshot.team).to.equal(first.team);
    expect(changes, 'no listener call').to.deep.equal([]);
    // "Atualizado às" is when the figures last changed, not the repeat's stamp.
    expect(first.queues.map((q) => q.updatedAt)).to.deep.equal([stampedAt, stampedAt]);
    expect(first.team[0]!.updatedAt).to.equal(stampedAt);
    // A change is one new version, stamped now; the unchanged queue keeps its identity.
    clock.advance(1000);
    const [changed] = stats(clock.now() - 60_000, 5);
    const next = store.apply(changed!);
    expect(next.version).to.equal(first.version + 1);
    expect(next.queues[0]).to.deep.include({ waiting: 5, updatedAt: clock.now() });
    expect(next.queues[1]).to.equal(first.queues[1]);
    expect(next.team).to.equal(first.team);
  });

  it('error sets lastError and logs at level error', () => {
    const { store, clock } = setup();
    const error = { code: 'forbidden', at: clock.now(), operation: 'dial', httpStatus: 403 } as const;
    const s = store.apply({ type: 'error', error });
    expect(s.lastError).to.deep.equal(error);
    expect(s.log).to.deep.equal([{ at: clock.now(), level: 'error', message: 'dial: forbidden', code: 'forbidden' }]);
  });

  it('a condition (NEON not running) is the snapshot condition until the connection is back; a command failure is not', () => {
    const { store, clock } = setup();
    store.apply({ type: 'connection', status: 'reconnecting', attempt: 1 });
    const down = { code: 'softphone-unavailable', at: clock.now(), operation: 'connect', vendorCode: 'not-running' } as const;
    const s1 = store.apply({ type: 'error', error: down });
    expect(s1.condition).to.deep.equal(down);
    expect(s1.lastError).to.deep.equal(down);
    const s2 = store.apply({ type: 'connection', status: 'connected' });
    expect(s2.condition, 'gone with the condition').to.equal(undefined);
    expect(s2.lastError, 'not kept as history').to.equal(undefined);
    const refused = { code: 'command-failed', at: clock.now(), operation: 'classify' } as const;
    const s3 = store.apply({ type: 'error', error: refused });
    expect(s3.condition).to.equal(undefined);
    expect(store.apply({ type: 'connection', status: 'connected' }).lastError, 'a command failure is not a condition').to.deep.equal(refused);
  });

  it('illegal transitions become warnings in the log, state unchanged', () => {
    const { store } = setup();
    const s = store.apply({ type: 'call-released', callId: 'nope' });
    expect(s.calls).to.deep.equal([]);
    expect(s.log).to.have.length(1);
    expect(s.log[0]).to.include({ level: 'warn', code: 'invalid-state' });
    expect(s.log[0]!.message).to.contain('call-released');
    const a = store.apply({ type: 'agent', agent: { phase: 'busy', detail: 'x' } });
    expect(a.agent.phase).to.equal('logged-out');
    expect(a.log[1]).to.include({ level: 'warn' });
  });

  it('the log is bounded and masks credential-looking values', () => {
    const { store } = setup({ logLimit: 3 });
    for (let i = 0; i < 5; i++) store.log('info', `m${i}`);
    expect(store.snapshot.log.map((e) => e.message)).to.deep.equal(['m2', 'm3', 'm4']);
    const s = store.log('debug', 'login password=hunter2 x\ntoken: abc');
    expect(s.log.at(-1)!.message).to.equal('login password=***\ntoken: ***');
    expect(JSON.stringify(s)).not.to.contain('hunter2');
  });

  it('a secret in server text (an error detail, a log line) is masked whole in lastError and the log', () => {
    const { store } = setup();
    const secret = `Zq9 "Wx,7}{'`;
    const body = JSON.stringify({ response: { status: 'error', error_msg: 'wrong password', password: secret } });
    const s1 = store.apply({ type: 'error', error: { code: 'auth-failed', at: 1, operation: 'login', detail: body } });
    expect(s1.lastError).to.include({ code: 'auth-failed', operation: 'login' });
    expect(s1.lastError!.detail).to.equal('{"response":{"status":"error","error_msg":"wrong password","password":"***"}}');
    const s2 = store.log('warn', `DGPhone: Login failed: auth-failed (Message: senha: ${secret})`);
    for (const piece of ['Zq9', 'Wx,7', '}{']) expect(JSON.stringify(s2)).not.to.contain(piece);
    expect(s2.log.at(-1)!.message).to.equal('DGPhone: Login failed: auth-failed (Message: senha: ***');
  });

  it('setTabs changes the tab count', () => {
    const { store } = setup();
    expect(store.setTabs(2).tabs).to.equal(2);
  });

  it('dispose stops the linger timers', () => {
    const { store, clock, changes } = setup();
    store.apply({ type: 'logged-in', agentId: 'ana' });
    store.apply(offered);
    store.apply({ type: 'call-ended', callId: 'c1' });
    store.dispose();
    expect(clock.pending).to.equal(0);
    clock.advance(10_000);
    expect(changes).to.deep.equal([]);
  });

  it('untouched slices keep their identity across versions', () => {
    const { store } = setup();
    const s1 = store.apply({ type: 'pause-reasons', reasons: [{ id: '1', name: 'Lunch' }] });
    const s2 = store.apply({ type: 'connection', status: 'connected' });
    expect(s2.pauseReasons).to.equal(s1.pauseReasons);
    expect(s2.agent).to.equal(s1.agent);
  });

  describe('raw-TCP vendor slices', () => {
    it('transfer targets replace the list, drop entries without an id and name unnamed ones by id', () => {
      const { store } = setup();
      const s = store.apply({ type: 'transfer-targets', targets: [{ id: '2001', name: 'Recepção' }, { id: '', name: 'x' }, { id: '2002', name: '' }] });
      expect(s.transferTargets).to.deep.equal([{ id: '2001', name: 'Recepção' }, { id: '2002', name: '2002' }]);
      expect(store.apply({ type: 'transfer-targets', targets: [] }).transferTargets).to.deep.equal([]);
    });

    it('notices: stamped with the clock, replaced by id, bounded to the newest, dismissed by id', () => {
      const { store, clock } = setup();
      const first = store.apply({ type: 'notice', notice: { id: 'a', kind: 'scheduled-call', data: { contato: 'Ana' } } });
      expect(first.notices).to.deep.equal([{ id: 'a', kind: 'scheduled-call', at: clock.now(), data: { contato: 'Ana' } }]);
      clock.advance(10);
      const again = store.apply({ type: 'notice', notice: { id: 'a', kind: 'scheduled-call', dueAt: 99, data: { contato: 'Ana B' } } });
      expect(again.notices).to.have.length(1);
      expect(again.notices[0]).to.include({ id: 'a', dueAt: 99, at: clock.now() });
      for (let i = 0; i < NOTICE_LIMIT + 2; i++) store.apply({ type: 'notice', notice: { id: `n${i}`, kind: 'scheduled-call', data: {} } });
      const ids = store.snapshot.notices.map((n) => n.id);
      expect(ids).to.have.length(NOTICE_LIMIT);
      expect(ids.at(-1)).to.equal(`n${NOTICE_LIMIT + 1}`);
      expect(ids).not.to.include('a');
      const after = store.apply({ type: 'notice-dismissed', id: `n${NOTICE_LIMIT + 1}` });
      expect(after.notices.map((n) => n.id)).not.to.include(`n${NOTICE_LIMIT + 1}`);
      expect(Object.is(store.apply({ type: 'notice-dismissed', id: 'unknown' }), after)).to.equal(true);
    });

    it('team: merges by agent, keeps since while the phase stays, sets and clears calls, replace drops the unlisted', () => {
      const { store, clock } = setup();
      const t0 = clock.now();
      store.apply({ type: 'team', members: [{ agentId: 'ana', name: 'Ana', phase: 'ready', detail: '1' }, { agentId: 'bia', phase: 'paused', detail: 'Lanche' }] });
      clock.advance(1000);
      const call = { id: 'c1', direction: 'inbound' as const, number: '4833334444', since: clock.now() };
      let s = store.apply({ type: 'team', members: [{ agentId: 'ana', phase: 'ready', call }] });
      const ana = s.team.find((m) => m.agentId === 'ana')!;
      expect(ana).to.deep.include({ name: 'Ana', phase: 'ready', detail: '1', since: t0, call, updatedAt: clock.now() });
      clock.advance(1000);
      s = store.apply({ type: 'team', members: [{ agentId: 'ana', phase: 'busy', detail: '3' }] });
      expect(s.team.find((m) => m.agentId === 'ana')).to.deep.include({ phase: 'busy', since: clock.now(), call });
      s = store.apply({ type: 'team', members: [{ agentId: 'ana', call: null }] });
      expect(s.team.find((m) => m.agentId === 'ana')!.call).to.equal(undefined);
      expect(s.team.find((m) => m.agentId === 'ana')!.phase).to.equal('busy');
      clock.advance(1000);
      expect(Object.is(store.apply({ type: 'team', members: [{ agentId: 'ana', phase: 'busy', detail: '3' }] }), s)).to.equal(true);
      s = store.apply({ type: 'team', members: [{ agentId: 'cid' }, { agentId: '' }], replace: true });
      expect(s.team.map((m) => m.agentId)).to.deep.equal(['cid']);
      expect(s.team[0]).to.include({ phase: 'unknown', detail: '' });
    });
  });
});
