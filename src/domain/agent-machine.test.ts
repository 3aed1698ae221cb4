import { expect } from '@open-wc/testing';
import { agentTransition, initialAgentState, plainEquals } from './agent-machine.js';
import type { AgentEffect } from './agent-machine.js';
import type { AgentReport, DomainEvent } from './events.js';
import type { AgentState, PauseInfo } from './model.js';

const T0 = 1_700_000_000_000;
const lunch: PauseInfo = { reasonId: '7', reasonName: 'Lunch', trigger: 'manual' };
const report = (r: Partial<AgentReport> & Pick<AgentReport, 'phase'>): DomainEvent => ({
  type: 'agent',
  agent: { detail: r.phase, ...r },
});
const call = { id: 'c1' };

function run(state: AgentState, events: DomainEvent[], now = T0, openCalls = 0): [AgentState, AgentEffect[]] {
  let s = state;
  const all: AgentEffect[] = [];
  for (const e of events) {
    const [next, fx] = agentTransition(s, e, now, openCalls);
    s = next;
    all.push(...fx);
  }
  return [s, all];
}

const ready = (): AgentState => run(initialAgentState(T0), [{ type: 'logged-in', agentId: 'ana', extension: '2001' }])[0];

describe('agentTransition', () => {
  it('starts logged out with an empty detail', () => {
    expect(initialAgentState(T0)).to.deep.equal({ phase: 'logged-out', since: T0, detail: '' });
  });

  it('logged-out → ready on logged-in, with an agent-changed effect', () => {
    const s0 = initialAgentState(T0);
    const [s1, fx] = agentTransition(s0, { type: 'logged-in', agentId: 'ana', extension: '2001' }, T0 + 5);
    expect(s1).to.include({ phase: 'ready', since: T0 + 5, agentId: 'ana', extension: '2001' });
    expect(fx).to.deep.equal([{ type: 'agent-changed', previous: s0, next: s1 }]);
  });

  it('logged-out → ready / paused on a report (implicit login)', () => {
    expect(run(initialAgentState(T0), [report({ phase: 'ready', detail: 'ready_free' })])[0]).to.include({ phase: 'ready', detail: 'ready_free' });
    const [p] = run(initialAgentState(T0), [report({ phase: 'paused', pause: lunch })]);
    expect(p.phase).to.equal('paused');
    expect(p.pause).to.deep.equal(lunch);
  });

  it('ready → paused → ready, since moves with the phase and the reason', () => {
    const [p] = agentTransition(ready(), report({ phase: 'paused', pause: lunch }), T0 + 10);
    expect(p).to.include({ phase: 'paused', since: T0 + 10 });
    const [same, noFx] = agentTransition(p, report({ phase: 'paused', pause: lunch }), T0 + 20);
    expect(same).to.equal(p);
    expect(noFx).to.deep.equal([]);
    const [other] = agentTransition(p, report({ phase: 'paused', pause: { reasonId: '8', reasonName: 'Training' } }), T0 + 30);
    expect(other.since).to.equal(T0 + 30);
    const [r] = agentTransition(p, report({ phase: 'ready' }), T0 + 40);
    expect(r).to.include({ phase: 'ready', since: T0 + 40 });
    expect(r.pause).to.equal(undefined);
  });

  it('keeps failure pauses and the scheduled pause end', () => {
    const fail: PauseInfo = { reasonId: 'f', reasonName: 'Missed', failure: true, trigger: 'system', endsAt: T0 + 60_000 };
    const [p] = agentTransition(ready(), report({ phase: 'paused', detail: 'timeout_fail_pause', pause: fail }), T0);
    expect(p.pause).to.deep.equal(fail);
    expect(p.detail).to.equal('timeout_fail_pause');
  });

  it('ready → busy on a call offered, dialed or answered', () => {
    for (const type of ['call-offered', 'call-dialing', 'call-answered'] as const) {
      const [b] = agentTransition(ready(), { type, call }, T0 + 1);
      expect(b, type).to.include({ phase: 'busy', since: T0 + 1 });
    }
  });

  it('busy → ready when the last call is released with nothing owed', () => {
    const [b] = agentTransition(ready(), { type: 'call-answered', call }, T0);
    const [r] = agentTransition(b, { type: 'call-released', callId: 'c1' }, T0 + 9, 0);
    expect(r.phase).to.equal('ready');
    const [still] = agentTransition(b, { type: 'call-released', callId: 'c1' }, T0 + 9, 1);
    expect(still).to.equal(b);
  });

  it('busy → after-call with deadlines from seconds + now', () => {
    const [b] = agentTransition(ready(), { type: 'call-answered', call }, T0);
    const [a] = agentTransition(b, { type: 'call-released', callId: 'c1', mustClassify: true, classifySeconds: 30, wrapUpSeconds: 60 }, T0 + 1000);
    expect(a.phase).to.equal('after-call');
    expect(a.afterCall).to.deep.equal({ callId: 'c1', mustClassify: true, classifyBy: T0 + 31_000, wrapUpBy: T0 + 61_000 });
  });

  it('after-call → ready on call-ended of that call', () => {
    const [b] = agentTransition(ready(), { type: 'call-answered', call }, T0);
    const [a] = agentTransition(b, { type: 'call-released', callId: 'c1', wrapUpSeconds: 10 }, T0);
    const [other] = agentTransition(a, { type: 'call-ended', callId: 'zz' }, T0 + 1);
    expect(other).to.equal(a);
    const [r] = agentTransition(a, { type: 'call-ended', callId: 'c1' }, T0 + 2);
    expect(r.phase).to.equal('ready');
    expect(r.afterCall).to.equal(undefined);
  });

  it('a pause requested while busy (pendingPause) is entered when the calls end', () => {
    const [b] = agentTransition(ready(), report({ phase: 'busy', detail: 'ready_service', pendingPause: lunch }), T0);
    expect(b.pendingPause).to.deep.equal(lunch);
    const [a] = agentTransition(b, { type: 'call-released', callId: 'c1', wrapUpSeconds: 5 }, T0 + 1);
    expect(a.phase).to.equal('after-call');
    expect(a.pendingPause).to.deep.equal(lunch);
    const [p] = agentTransition(a, { type: 'call-ended', callId: 'c1' }, T0 + 2);
    expect(p.phase).to.equal('paused');
    expect(p.pause).to.deep.equal(lunch);
    expect(p.pendingPause).to.equal(undefined);
  });

  it('busy → ready / paused on call-ended of the last call', () => {
    const [b] = agentTransition(ready(), { type: 'call-answered', call }, T0);
    expect(agentTransition(b, { type: 'call-ended', callId: 'c1' }, T0, 0)[0].phase).to.equal('ready');
    expect(agentTransition(b, { type: 'call-ended', callId: 'c1' }, T0, 1)[0]).to.equal(b);
  });

  it('any phase → logged-out on logged-out; clears pause, pending pause and after-call', () => {
    const [p] = agentTransition(ready(), report({ phase: 'paused', pause: lunch }), T0);
    const [o] = agentTransition(p, { type: 'logged-out' }, T0 + 3);
    expect(o).to.deep.equal({ phase: 'logged-out', since: T0 + 3, detail: '', agentId: 'ana', extension: '2001' });
    const [again, fx] = agentTransition(o, { type: 'logged-out' }, T0 + 4);
    expect(again).to.equal(o);
    expect(fx).to.deep.equal([]);
  });

  it('unknown → anything', () => {
    const [u] = agentTransition(ready(), report({ phase: 'unknown', detail: 'weird' }), T0);
    expect(u.phase).to.equal('unknown');
    expect(agentTransition(u, report({ phase: 'after-call' }), T0)[0].phase).to.equal('after-call');
    expect(agentTransition(u, { type: 'call-offered', call }, T0)[0].phase).to.equal('busy');
  });

  it('ILLEGAL: a call phase reported while logged out keeps the state and says so', () => {
    const s0 = initialAgentState(T0);
    for (const phase of ['busy', 'after-call'] as const) {
      const [s, fx] = agentTransition(s0, report({ phase }), T0 + 1);
      expect(s).to.equal(s0);
      expect(fx).to.have.length(1);
      expect(fx[0]).to.include({ type: 'illegal', from: 'logged-out', event: 'agent' });
    }
  });

  it('ILLEGAL: logged-in as someone else while logged in', () => {
    const r = ready();
    const [s, fx] = agentTransition(r, { type: 'logged-in', agentId: 'bob' }, T0);
    expect(s).to.equal(r);
    expect(fx[0]).to.include({ type: 'illegal', from: 'ready', event: 'logged-in' });
    const [same] = agentTransition(r, { type: 'logged-in', agentId: 'ana' }, T0 + 1);
    expect(same).to.equal(r);
  });

  it('call events while logged out do not move the agent', () => {
    const s0 = initialAgentState(T0);
    const [s, fx] = agentTransition(s0, { type: 'call-offered', call }, T0);
    expect(s).to.equal(s0);
    expect(fx).to.deep.equal([]);
  });

  it('a vendor-given start (Catix tempo) sets since, but never in the future', () => {
    const s0 = initialAgentState(T0);
    const [past] = agentTransition(s0, { type: 'snapshot', agent: { phase: 'paused', detail: 'Pausado', since: T0 - 90_000 }, calls: [] }, T0 + 10);
    expect(past.since).to.equal(T0 - 90_000);
    const [future] = agentTransition(s0, { type: 'snapshot', agent: { phase: 'ready', detail: 'Disponível', since: T0 + 60_000 }, calls: [] }, T0 + 10);
    expect(future.since).to.equal(T0 + 10);
    const [same] = agentTransition(past, { type: 'agent', agent: { phase: 'paused', detail: 'Pausado', since: T0 - 5_000 } }, T0 + 20);
    expect(same.since).to.equal(T0 - 90_000);
  });

  it('snapshot is authoritative and accepted from any phase', () => {
    const s0 = initialAgentState(T0);
    const [s, fx] = agentTransition(s0, { type: 'snapshot', agent: { phase: 'busy', detail: 'ready_service', agentId: 'ana' }, calls: [{ id: 'c9' }] }, T0 + 7);
    expect(s).to.include({ phase: 'busy', detail: 'ready_service', agentId: 'ana', since: T0 + 7 });
    expect(fx[0]?.type).to.equal('agent-changed');
    const [ac] = agentTransition(s, { type: 'snapshot', agent: { phase: 'after-call', detail: 'after_call' }, calls: [{ id: 'c9', state: 'wrap-up' }] }, T0 + 8);
    expect(ac.afterCall).to.deep.equal({ callId: 'c9', mustClassify: false });
    const [lo] = agentTransition(ac, { type: 'snapshot', agent: { phase: 'logged-out', detail: '' }, calls: [] }, T0 + 9);
    expect(lo.phase).to.equal('logged-out');
    expect(lo.afterCall).to.equal(undefined);
  });

  it('never mutates the previous state', () => {
    const r = ready();
    const copy = JSON.parse(JSON.stringify(r));
    agentTransition(r, report({ phase: 'paused', pause: lunch }), T0 + 1);
    agentTransition(r, { type: 'logged-out' }, T0 + 1);
    expect(r).to.deep.equal(copy);
  });

  it('plainEquals ignores key order and undefined properties', () => {
    expect(plainEquals({ a: 1, b: undefined, c: [1, { d: 2 }] }, { c: [1, { d: 2 }], a: 1 })).to.equal(true);
    expect(plainEquals({ a: 1 }, { a: 2 })).to.equal(false);
  });

  it('plainEquals compares lists item by item: a kept item is never serialised', () => {
    let serialised = 0;
    const kept = { id: 'a', toJSON: () => (serialised++, { id: 'a' }) };
    expect(plainEquals([kept, { id: 'b', n: 1 }], [kept, { n: 1, id: 'b' }])).to.equal(true);
    expect(plainEquals([kept, { id: 'b', n: 1 }], [kept, { id: 'b', n: 2 }])).to.equal(false);
    expect(plainEquals([kept], [kept, kept])).to.equal(false);
    expect(plainEquals([], {})).to.equal(false);
    expect(plainEquals({ list: [1, { a: 2, b: undefined }] }, { list: [1, { a: 2 }] })).to.equal(true);
    expect(serialised).to.equal(0);
  });
});
