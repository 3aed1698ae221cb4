import { expect } from '@open-wc/testing';
import { capabilitiesFor } from '../domain/capabilities.js';
import { makeCall, makeSnapshot } from '../elements/test-support/fake-session.js';
import { CtiCallDataEvent } from '../events/cti-call-data.js';
import { CtiIncomingCallEvent } from '../events/cti-incoming-call.js';
import { CtiNoticeEvent } from '../events/cti-notice.js';
import { diffSnapshots, toDomEvent } from './host-events.js';

const caps = capabilitiesFor('interact');

describe('diffSnapshots', () => {
  it('reports connection and agent state on the first snapshot', () => {
    const events = diffSnapshots(undefined, makeSnapshot());
    expect(events.map((e) => e.type)).to.deep.equal(['cti-connection-changed', 'cti-agent-state-changed']);
    expect(events[0]!.detail).to.include({ previous: undefined, next: 'connected' });
  });

  it('reports nothing for an identical snapshot', () => {
    const s = makeSnapshot();
    expect(diffSnapshots(s, s)).to.deep.equal([]);
    expect(diffSnapshots(s, { ...s, version: 2 })).to.deep.equal([]);
  });

  it('reports connection changes', () => {
    const a = makeSnapshot();
    const b = { ...a, connection: { status: 'reconnecting' as const, since: 1, attempt: 2, retryAt: 5 } };
    const [event] = diffSnapshots(a, b);
    expect(event).to.deep.include({ type: 'cti-connection-changed' });
    expect(event!.detail).to.include({ previous: 'connected', next: 'reconnecting' });
  });

  it('reports agent phase, detail and pause reason changes with previous/next', () => {
    const a = makeSnapshot({ agent: { phase: 'ready', since: 1, detail: 'ready_free' } });
    const b = makeSnapshot({
      agent: { phase: 'paused', since: 2, detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } },
    });
    const c = makeSnapshot({
      agent: { phase: 'paused', since: 3, detail: 'custom_pause', pause: { reasonId: '8', reasonName: 'Lanche' } },
    });
    const ab = diffSnapshots(a, b).find((e) => e.type === 'cti-agent-state-changed');
    expect(ab?.detail).to.deep.include({
      previous: { phase: 'ready', detail: 'ready_free' },
      next: { phase: 'paused', detail: 'custom_pause', pauseReasonId: '7' },
    });
    expect(diffSnapshots(b, c).map((e) => e.type)).to.deep.equal(['cti-agent-state-changed']);
    // `since` alone is not a change
    expect(diffSnapshots(a, { ...a, agent: { ...a.agent, since: 99 } })).to.deep.equal([]);
  });

  it('reports an incoming call once, with caller, service and associated data', () => {
    const a = makeSnapshot();
    const ringing = makeCall(caps, { id: 'c1', state: 'ringing', service: 'SAC', data: { cpf: '123', ticket: '9' } });
    const b = { ...a, calls: [ringing] };
    const events = diffSnapshots(a, b);
    // The new call's data is reported as cti-call-data too (screen-pop listeners need one event only).
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-data']);
    expect(events[0]).to.deep.equal({
      type: 'cti-incoming-call',
      detail: {
        callId: 'c1',
        from: { number: '4832001000', name: 'Maria Souza' },
        service: 'SAC',
        data: { cpf: '123', ticket: '9' },
        mustAccept: false,
      },
    });
    expect(diffSnapshots(b, { ...b, version: 3 })).to.deep.equal([]);
  });

  it('does not report an outbound dialing call as incoming', () => {
    const a = makeSnapshot();
    const b = { ...a, calls: [makeCall(caps, { id: 'o1', state: 'dialing', direction: 'outbound' })] };
    expect(diffSnapshots(a, b)).to.deep.equal([]);
  });

  it('reports answered when answeredAt appears, and ended when the call ends or vanishes', () => {
    const a = makeSnapshot({ calls: [makeCall(caps, { id: 'c1', state: 'ringing' })] });
    const b = { ...a, calls: [makeCall(caps, { id: 'c1', state: 'active', answeredAt: 1000 })] };
    const c = { ...a, calls: [makeCall(caps, { id: 'c1', state: 'wrap-up', answeredAt: 1000, endedAt: 61_000 })] };
    expect(diffSnapshots(a, b).map((e) => e.type)).to.deep.equal(['cti-call-answered']);
    const ended = diffSnapshots(b, c);
    expect(ended.map((e) => e.type)).to.deep.equal(['cti-call-ended']);
    expect(ended[0]!.detail).to.include({ callId: 'c1', answered: true, talkMs: 60_000 });
    // wrap-up → ended is not a second end
    expect(diffSnapshots(c, { ...c, calls: [makeCall(caps, { id: 'c1', state: 'ended', answeredAt: 1000 })] })).to.deep.equal([]);
    // a live call that vanishes has ended
    const gone = diffSnapshots(b, { ...b, calls: [] });
    expect(gone.map((e) => e.type)).to.deep.equal(['cti-call-ended']);
    // an unanswered call that vanishes ended unanswered
    expect(diffSnapshots(a, { ...a, calls: [] })[0]!.detail).to.include({ answered: false });
  });

  it('reports a new lastError once', () => {
    const a = makeSnapshot();
    const error = { code: 'server-unavailable' as const, at: 5, detail: 'Interact down' };
    const b = { ...a, lastError: error };
    expect(diffSnapshots(a, b)).to.deep.equal([{ type: 'cti-error', detail: error }]);
    expect(diffSnapshots(b, { ...b, lastError: { ...error } })).to.deep.equal([]);
    expect(diffSnapshots(b, { ...b, lastError: { ...error, at: 6 } })).to.have.length(1);
  });

  it('maps to bubbling, composed DOM events', () => {
    const a = makeSnapshot();
    const [hostEvent] = diffSnapshots(a, { ...a, calls: [makeCall(caps, { id: 'c1', state: 'ringing' })] });
    const event = toDomEvent(hostEvent!);
    expect(event).to.be.instanceOf(CtiIncomingCallEvent);
    expect(event.type).to.equal('cti-incoming-call');
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.cancelable).to.equal(false);
  });

  it('reports call data that arrives or changes later (dialer contact data, recording path), with the line', () => {
    const dg = capabilitiesFor('dgphone');
    const a = makeSnapshot({ calls: [makeCall(dg, { id: 'k1', state: 'active', lineId: 'L2', answeredAt: 1 })] });
    expect(diffSnapshots(undefined, a).map((e) => e.type), 'a new call without data').not.to.include('cti-call-data');
    const withPath = makeCall(dg, { id: 'k1', state: 'active', lineId: 'L2', answeredAt: 1, data: { recording: '\\\\srv\\rec\\1.wav' } });
    const b = { ...a, calls: [withPath] };
    expect(diffSnapshots(a, b)).to.deep.equal([
      {
        type: 'cti-call-data',
        detail: { callId: 'k1', direction: 'inbound', remote: withPath.remote, data: { recording: '\\\\srv\\rec\\1.wav' }, lineId: 'L2' },
      },
    ]);
    // Same keys and values in a new object: nothing; a changed value: reported; a key removed alone: nothing.
    expect(diffSnapshots(b, { ...b, calls: [{ ...withPath, data: { ...withPath.data } }] })).to.deep.equal([]);
    const changed = { ...b, calls: [{ ...withPath, data: { recording: 'other.wav' } }] };
    expect(diffSnapshots(b, changed).map((e) => e.type)).to.deep.equal(['cti-call-data']);
    expect(diffSnapshots(changed, { ...b, calls: [{ ...withPath, data: {} }] })).to.deep.equal([]);
  });

  it('reports each new notice once, after the call events', () => {
    const notice = { id: 'ag-1', kind: 'scheduled-call' as const, at: 10, dueAt: 20, data: { 'agendamento-id': '1' } };
    const a = makeSnapshot({}, 'catix');
    const b = { ...a, notices: [notice] };
    expect(diffSnapshots(a, b)).to.deep.equal([{ type: 'cti-notice', detail: notice }]);
    expect(diffSnapshots(b, { ...b, notices: [notice, { ...notice, id: 'ag-2' }] }).map((e) => e.detail)).to.deep.equal([{ ...notice, id: 'ag-2' }]);
    // Dismissed: nothing to report; the same id again (re-announced) is not new.
    expect(diffSnapshots(b, a)).to.deep.equal([]);
    expect(diffSnapshots(b, { ...b, notices: [{ ...notice, at: 11 }] })).to.deep.equal([]);
    const event = toDomEvent({ type: 'cti-notice', detail: notice });
    expect(event).to.be.instanceOf(CtiNoticeEvent);
    expect((event as CtiNoticeEvent).detail).to.equal(notice);
    const data = toDomEvent({ type: 'cti-call-data', detail: { callId: 'k1', direction: 'inbound', remote: [], data: {} } });
    expect(data).to.be.instanceOf(CtiCallDataEvent);
    expect(data.type).to.equal('cti-call-data');
    expect(data.bubbles && data.composed).to.equal(true);
  });
});
