import { expect } from '@open-wc/testing';
import { capabilitiesFor } from '../vendors/capabilities.js';
import { ManualClock } from './clock.js';
import { createSessionStore } from './session-store.js';
import { CONNECTION_HISTORY_LIMIT, RECENT_CALLS_LIMIT } from './session-history.js';

function setup() {
  const clock = new ManualClock();
  const store = createSessionStore({ key: 'interact|http://x|ana', capabilities: capabilitiesFor('interact'), clock });
  return { clock, store };
}

describe('session history (recent calls, connection history)', () => {
  it('records an answered inbound call with its talk time, a missed one and an unanswered outbound one, newest first', () => {
    const { store, clock } = setup();
    store.apply({ type: 'call-offered', call: { id: 'a', direction: 'inbound', remote: [{ number: '11987654321', name: 'Ana' }] } });
    clock.advance(2000);
    store.apply({ type: 'call-answered', call: { id: 'a' } });
    clock.advance(65_000);
    store.apply({ type: 'call-ended', callId: 'a' });
    store.apply({ type: 'call-offered', call: { id: 'b', direction: 'inbound', remote: [{ number: '4833334444' }] } });
    clock.advance(1000);
    store.apply({ type: 'call-ended', callId: 'b' });
    store.apply({ type: 'call-dialing', call: { id: 'c', direction: 'outbound', remote: [{ number: '08001234567' }] } });
    clock.advance(1000);
    const s = store.apply({ type: 'call-ended', callId: 'c' });
    const recent = s.recentCalls ?? [];
    expect(recent.map((r) => [r.id, r.direction, r.number, r.outcome])).to.deep.equal([
      ['c', 'outbound', '08001234567', 'unanswered'],
      ['b', 'inbound', '4833334444', 'missed'],
      ['a', 'inbound', '11987654321', 'answered'],
    ]);
    expect(recent[2]).to.include({ name: 'Ana', talkMs: 65_000 });
    expect(recent[2]!.endedAt - recent[2]!.startedAt).to.equal(67_000);
    expect(recent[0]!.talkMs).to.equal(undefined);
  });

  it('records each call once (ended, then removed after the linger), and a call that leaves the list on a sign-out', () => {
    const { store, clock } = setup();
    store.apply({ type: 'call-offered', call: { id: 'a', direction: 'inbound', remote: [{ number: '100' }] } });
    store.apply({ type: 'call-ended', callId: 'a' });
    clock.advance(10_000);
    store.apply({ type: 'call-dialing', call: { id: 'b', direction: 'outbound', remote: [{ number: '200' }] } });
    store.apply({ type: 'call-answered', call: { id: 'b' } });
    const s = store.apply({ type: 'logged-out' });
    expect(s.calls).to.deep.equal([]);
    expect((s.recentCalls ?? []).map((r) => [r.id, r.outcome])).to.deep.equal([
      ['b', 'answered'],
      ['a', 'missed'],
    ]);
  });

  it(`keeps the newest ${RECENT_CALLS_LIMIT} calls`, () => {
    const { store, clock } = setup();
    for (let i = 0; i < RECENT_CALLS_LIMIT + 5; i++) {
      store.apply({ type: 'call-dialing', call: { id: `c${i}`, direction: 'outbound', remote: [{ number: `${1000 + i}` }] } });
      clock.advance(10);
      store.apply({ type: 'call-ended', callId: `c${i}` });
    }
    const recent = store.snapshot.recentCalls ?? [];
    expect(recent.length).to.equal(RECENT_CALLS_LIMIT);
    expect(recent[0]!.number).to.equal(`${1000 + RECENT_CALLS_LIMIT + 4}`);
    expect(recent.at(-1)!.number).to.equal('1005');
  });

  it('a snapshot that changes nothing keeps the same recent-calls array', () => {
    const { store } = setup();
    store.apply({ type: 'call-offered', call: { id: 'a', direction: 'inbound', remote: [{ number: '100' }] } });
    const s1 = store.apply({ type: 'call-ended', callId: 'a' });
    const s2 = store.apply({ type: 'queues', queues: [{ id: 'q', waiting: 1 }] });
    expect(s2.recentCalls).to.equal(s1.recentCalls);
  });

  it(`records the connection's status changes (bounded to ${CONNECTION_HISTORY_LIMIT})`, () => {
    const { store, clock } = setup();
    store.apply({ type: 'connection', status: 'connecting' });
    clock.advance(100);
    store.apply({ type: 'connection', status: 'connected' });
    store.apply({ type: 'connection', status: 'connected' });
    clock.advance(100);
    store.apply({ type: 'connection', status: 'reconnecting', attempt: 1 });
    store.apply({ type: 'connection', status: 'reconnecting', attempt: 2 });
    const history = store.snapshot.connectionHistory ?? [];
    expect(history.map((h) => [h.status, h.attempt])).to.deep.equal([
      ['connecting', undefined],
      ['connected', undefined],
      ['reconnecting', 1],
      ['reconnecting', 2],
    ]);
    for (let i = 0; i < CONNECTION_HISTORY_LIMIT; i++) store.apply({ type: 'connection', status: i % 2 ? 'connected' : 'reconnecting' });
    expect(store.snapshot.connectionHistory!.length).to.equal(CONNECTION_HISTORY_LIMIT);
  });
});
