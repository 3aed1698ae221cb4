import { expect } from '@open-wc/testing';
import { affectedCallIds, callsTransition, callTransition } from './call-machine.js';
import type { CallEffect } from './call-machine.js';
import { capabilitiesFor, NO_ACTIONS } from '../vendors/capabilities.js';
import type { CallReport, DomainEvent } from './events.js';
import type { Call } from './model.js';

const T0 = 1_700_000_000_000;
const interact = capabilitiesFor('interact');
const r = (id: string, extra: Partial<CallReport> = {}): CallReport => ({ id, remote: [{ number: '4830001111' }], ...extra });

function go(call: Call | undefined, event: DomainEvent, now = T0): [Call | undefined, CallEffect[]] {
  return callTransition(call, event, now, interact);
}
const types = (fx: CallEffect[]) => fx.map((e) => e.type);

const ringing = () => go(undefined, { type: 'call-offered', call: r('c1', { mustAccept: true, service: 'sales' }) })[0]!;
const active = () => go(ringing(), { type: 'call-answered', call: r('c1') }, T0 + 2000)[0]!;

describe('callTransition', () => {
  it('absent → ringing on call-offered, with call-offered effect and actions', () => {
    const [c, fx] = go(undefined, { type: 'call-offered', call: r('c1', { mustAccept: true }) });
    expect(c).to.include({ id: 'c1', state: 'ringing', direction: 'inbound', startedAt: T0, mustAccept: true });
    expect(c!.answeredAt).to.equal(undefined);
    expect(c!.actions).to.include({ answer: true, reject: true, hold: false, hangup: false });
    expect(types(fx)).to.deep.equal(['call-changed', 'call-offered']);
  });

  it('absent → dialing on call-dialing (outbound)', () => {
    const [c, fx] = go(undefined, { type: 'call-dialing', call: r('c2') });
    expect(c).to.include({ state: 'dialing', direction: 'outbound' });
    expect(c!.actions.hangup).to.equal(true);
    expect(types(fx)).to.deep.equal(['call-changed']);
  });

  it('ringing → active and dialing → active on call-answered, answeredAt = now', () => {
    const [a, fx] = go(ringing(), { type: 'call-answered', call: r('c1') }, T0 + 2000);
    expect(a).to.include({ state: 'active', answeredAt: T0 + 2000, startedAt: T0, service: 'sales' });
    expect(a!.actions).to.include({ answer: false, hold: true, consult: true, transfer: true, hangup: true });
    expect(fx).to.deep.include({ type: 'call-answered', callId: 'c1' });
    const d = go(undefined, { type: 'call-dialing', call: r('c2') })[0];
    expect(go(d, { type: 'call-answered', call: r('c2') })[0]!.state).to.equal('active');
  });

  it('active → held → active (hold / retrieve), the talk timer survives', () => {
    const [h] = go(active(), { type: 'call-held', call: r('c1') }, T0 + 5000);
    expect(h).to.include({ state: 'held', answeredAt: T0 + 2000 });
    expect(h!.actions).to.include({ hold: false, retrieve: true });
    const [back] = go(h, { type: 'call-retrieved', call: r('c1') }, T0 + 6000);
    expect(back).to.include({ state: 'active', answeredAt: T0 + 2000 });
  });

  it('active → wrap-up on release with work owed; wrap-up → ended → remove-later', () => {
    const [w, fx] = go(active(), { type: 'call-released', callId: 'c1', mustClassify: true, classifySeconds: 30 }, T0 + 9000);
    expect(w).to.include({ state: 'wrap-up', endedAt: T0 + 9000 });
    expect(w!.actions).to.include({ hangup: false, associateData: true });
    expect(types(fx)).to.deep.equal(['call-changed']);
    const [e, fx2] = go(w, { type: 'call-ended', callId: 'c1' }, T0 + 20_000);
    expect(e).to.include({ state: 'ended', endedAt: T0 + 9000 });
    expect(e!.actions).to.equal(NO_ACTIONS);
    expect(fx2).to.deep.include({ type: 'call-ended', callId: 'c1' });
    expect(fx2).to.deep.include({ type: 'remove-later', callId: 'c1', ms: 4000 });
  });

  it('active → ended on release without wrap-up; the linger is configurable', () => {
    const [e, fx] = callTransition(active(), { type: 'call-released', callId: 'c1' }, T0 + 9000, interact, { lingerMs: 100 });
    expect(e).to.include({ state: 'ended', endedAt: T0 + 9000 });
    expect(fx).to.deep.include({ type: 'remove-later', callId: 'c1', ms: 100 });
  });

  it('ringing → ended on call-ended (missed); ended + call-ended is a no-op', () => {
    const [e] = go(ringing(), { type: 'call-ended', callId: 'c1' }, T0 + 1);
    expect(e!.state).to.equal('ended');
    const [same, fx] = go(e, { type: 'call-ended', callId: 'c1' }, T0 + 2);
    expect(same).to.equal(e);
    expect(fx).to.deep.equal([]);
  });

  it('active/held → conference; replaced ids are dropped', () => {
    const [c] = go(active(), { type: 'call-conference', call: r('c1', { conferenceOwner: 'ana' }) });
    expect(c).to.include({ state: 'conference', conferenceOwner: 'ana' });
    const [gone, fx] = callTransition(active(), { type: 'call-conference', call: r('conf'), replaces: ['c1'] }, T0, interact, { targetId: 'c1' });
    expect(gone).to.equal(undefined);
    expect(types(fx)).to.deep.equal(['call-changed']);
  });

  it('consult: original held, consultation dialing, linked both ways', () => {
    const event: DomainEvent = { type: 'call-consulting', call: r('c1'), consultation: r('k1', { remote: [{ number: '3001' }] }) };
    expect(affectedCallIds(event)).to.deep.equal(['c1', 'k1']);
    const [calls] = callsTransition([active()], event, T0 + 3000, interact);
    const original = calls.find((c) => c.id === 'c1')!;
    const consultation = calls.find((c) => c.id === 'k1')!;
    expect(original).to.include({ state: 'held', consultationId: 'k1' });
    expect(consultation).to.include({ state: 'dialing', consultationOf: 'c1', direction: 'outbound' });
  });

  it('transfer: previous id leaves; the new id stays only when stays', () => {
    const gone = callsTransition([active()], { type: 'call-transferred', previousId: 'c1', call: r('c2'), stays: false }, T0, interact);
    expect(gone[0].map((c) => [c.id, c.state])).to.deep.equal([['c1', 'ended']]);
    expect(gone[1]).to.deep.include({ type: 'call-ended', callId: 'c1' });
    const stays = callsTransition([active()], { type: 'call-transferred', previousId: 'c1', call: r('c2'), stays: true }, T0, interact);
    expect(stays[0].map((c) => [c.id, c.state])).to.deep.equal([['c2', 'active']]);
    const blind = callsTransition([active()], { type: 'call-transferred', previousId: 'c1', stays: false }, T0, interact);
    expect(blind[0].map((c) => c.state)).to.deep.equal(['ended']);
  });

  it('associated data merges; secret-named keys never enter', () => {
    const [c] = go(active(), { type: 'call-data', callId: 'c1', data: { crm: '42', password: 'x' } });
    const [c2] = go(c, { type: 'call-data', callId: 'c1', data: { ticket: '7' } });
    expect(c2!.data).to.deep.equal({ crm: '42', ticket: '7' });
  });

  it('call-updated merges fields without changing the state', () => {
    const [c] = go(active(), { type: 'call-updated', call: r('c1', { detail: 'busy', remote: [{ number: '1', name: 'Zé' }] }) });
    expect(c).to.include({ state: 'active', detail: 'busy' });
    expect(c!.remote).to.deep.equal([{ number: '1', name: 'Zé' }]);
  });

  it('snapshot rebuilds a call; durationSeconds restores answeredAt = now - duration*1000', () => {
    const now = T0 + 100_000;
    const [c, fx] = go(undefined, { type: 'snapshot', agent: { phase: 'busy', detail: '' }, calls: [r('c7', { durationSeconds: 42, state: 'held' })] }, now);
    expect(c).to.include({ state: 'held', answeredAt: now - 42_000, startedAt: now - 42_000 });
    expect(types(fx)).to.deep.equal(['call-changed']);
    const [d] = go(undefined, { type: 'snapshot', agent: { phase: 'busy', detail: '' }, calls: [r('c8')] }, now);
    expect(d!.state).to.equal('active');
    const [ring, fx2] = go(undefined, { type: 'snapshot', agent: { phase: 'ready', detail: '' }, calls: [r('c9', { state: 'ringing', mustAccept: true })] }, now);
    expect(ring!.actions.answer).to.equal(true);
    expect(types(fx2)).to.include('call-offered');
  });

  it('snapshot replaces fields instead of merging', () => {
    const [withData] = go(active(), { type: 'call-data', callId: 'c1', data: { crm: '1' } });
    const [c] = go(withData, { type: 'snapshot', agent: { phase: 'busy', detail: '' }, calls: [r('c1', { data: { other: '2' } })] }, T0 + 5000);
    expect(c!.data).to.deep.equal({ other: '2' });
    expect(c!.answeredAt).to.equal(T0 + 2000);
  });

  it('a repeated event is a no-op: same object, no effects', () => {
    const a = active();
    const [same, fx] = go(a, { type: 'call-answered', call: r('c1') }, T0 + 9999);
    expect(same).to.equal(a);
    expect(fx).to.deep.equal([]);
  });

  describe('illegal transitions keep the call and say so', () => {
    const cases: [string, () => Call | undefined, DomainEvent][] = [
      ['answer a held call', () => go(active(), { type: 'call-held', call: r('c1') })[0], { type: 'call-answered', call: r('c1') }],
      ['hold a ringing call', ringing, { type: 'call-held', call: r('c1') }],
      ['offer an active call again', active, { type: 'call-offered', call: r('c1') }],
      ['dial an active call', active, { type: 'call-dialing', call: r('c1') }],
      ['retrieve a ringing call', ringing, { type: 'call-retrieved', call: r('c1') }],
      ['conference a ringing call', ringing, { type: 'call-conference', call: r('c1') }],
      ['release an unknown call', () => undefined, { type: 'call-released', callId: 'c1' }],
      ['data for an unknown call', () => undefined, { type: 'call-data', callId: 'c1', data: {} }],
      ['update an unknown call', () => undefined, { type: 'call-updated', call: r('c1') }],
      ['release an ended call', () => go(active(), { type: 'call-ended', callId: 'c1' })[0], { type: 'call-released', callId: 'c1' }],
    ];
    for (const [name, make, event] of cases) {
      it(name, () => {
        const before = make();
        const [after, fx] = go(before, event);
        expect(after).to.equal(before);
        expect(fx).to.have.length(1);
        expect(fx[0]).to.include({ type: 'illegal', callId: 'c1', from: before?.state ?? 'absent', event: event.type });
      });
    }
  });

  it('actions follow the vendor: DGPhone dtmf, Catix cannot answer or hold', () => {
    const dg = callTransition(undefined, { type: 'call-answered', call: r('l1') }, T0, capabilitiesFor('dgphone'))[0]!;
    expect(dg.actions).to.include({ dtmf: true, hold: true, transfer: false });
    const cx = callTransition(undefined, { type: 'call-offered', call: r('x1', { mustAccept: true }) }, T0, capabilitiesFor('catix'))[0]!;
    expect(cx.actions).to.include({ answer: false, reject: false });
  });

  it('server permissions restrict consult/transfer/conference', () => {
    const [c] = go(undefined, { type: 'call-answered', call: r('c1', { permissions: ['transfer'] }) });
    expect(c!.actions).to.include({ consult: false, transfer: true, conference: false });
  });

  it('never mutates its inputs', () => {
    const a = active();
    const copy = JSON.parse(JSON.stringify(a));
    go(a, { type: 'call-held', call: r('c1') });
    go(a, { type: 'call-data', callId: 'c1', data: { z: '1' } });
    go(a, { type: 'call-ended', callId: 'c1' });
    expect(a).to.deep.equal(copy);
  });
});
