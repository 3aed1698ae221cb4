import { expect } from '@open-wc/testing';
import { capabilitiesFor } from '../vendors/capabilities.js';
import { FakeSession, makeCall, makeSnapshot } from '../elements/test-support/fake-session.js';
import { CtiCallDataEvent } from '../events/cti-call-data.js';
import { CtiErrorEvent } from '../events/cti-error.js';
import { CtiIncomingCallEvent } from '../events/cti-incoming-call.js';
import { CtiNoticeEvent } from '../events/cti-notice.js';
import { diffSnapshots, HostEventTracker, reportingRejections, toDomEvent, type HostEvent } from './host-events.js';

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
        primary: true,
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

describe('diffSnapshots: calls that arrive already connected', () => {
  const types = (events: readonly { type: string }[]) => events.map((e) => e.type);

  it('an inbound call first seen active fires cti-incoming-call then cti-call-answered, each once', () => {
    const a = makeSnapshot();
    const call = makeCall(caps, { id: 'q1', state: 'active', answeredAt: 5, service: 'SAC' });
    const b = { ...a, calls: [call] };
    const events = diffSnapshots(a, b);
    expect(types(events)).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
    expect(events[0]!.detail).to.deep.equal({
      callId: 'q1',
      from: { number: '4832001000', name: 'Maria Souza' },
      service: 'SAC',
      data: {},
      mustAccept: false,
      primary: true,
      connected: true,
    });
    expect(events[1]!.detail).to.include({ callId: 'q1', answeredAt: 5 });
    // Later snapshots of the same call: nothing more; held and retrieved is not a new arrival.
    expect(diffSnapshots(b, { ...b, version: 9 })).to.deep.equal([]);
    const held = { ...b, calls: [{ ...call, state: 'held' as const }] };
    expect(diffSnapshots(b, held)).to.deep.equal([]);
    expect(diffSnapshots(held, b)).to.deep.equal([]);
  });

  it('a dialer call (outbound, detail dialer) first seen active is an arrival too; one of unknown direction as well', () => {
    const tactium = capabilitiesFor('tactium');
    const a = makeSnapshot({}, 'tactium');
    const dialer = makeCall(tactium, { id: 'd1', state: 'active', direction: 'outbound', detail: 'dialer', answeredAt: 7, data: { cliente: 'X' } });
    expect(types(diffSnapshots(a, { ...a, calls: [dialer] }))).to.deep.equal(['cti-incoming-call', 'cti-call-answered', 'cti-call-data']);
    const unknown = makeCall(tactium, { id: 'u1', state: 'held', direction: 'unknown', answeredAt: 7 });
    expect(types(diffSnapshots(a, { ...a, calls: [unknown] }))).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
  });

  it('a call the agent dialled is never incoming: first seen active, or dialing then active', () => {
    const a = makeSnapshot();
    const manual = makeCall(caps, { id: 'o1', state: 'active', direction: 'outbound', detail: 'outbound', answeredAt: 3 });
    expect(types(diffSnapshots(a, { ...a, calls: [manual] }))).to.deep.equal(['cti-call-answered']);
    const dialing = { ...a, calls: [makeCall(caps, { id: 'o2', state: 'dialing', direction: 'outbound', detail: 'dialer' })] };
    const talking = { ...a, calls: [makeCall(caps, { id: 'o2', state: 'active', direction: 'outbound', detail: 'dialer', answeredAt: 4 })] };
    expect(types(diffSnapshots(dialing, talking))).to.deep.equal(['cti-call-answered']);
  });

  it('a call seen ringing and then active fires cti-incoming-call only once (when ringing)', () => {
    const a = makeSnapshot();
    const ringing = { ...a, calls: [makeCall(caps, { id: 'r1', state: 'ringing' })] };
    const active = { ...a, calls: [makeCall(caps, { id: 'r1', state: 'active', answeredAt: 9 })] };
    expect(types(diffSnapshots(a, ringing))).to.deep.equal(['cti-incoming-call']);
    expect(types(diffSnapshots(ringing, active))).to.deep.equal(['cti-call-answered']);
    // Rung and answered between two snapshots (coalesced frames): still both, in order.
    const both = diffSnapshots(a, active);
    expect(types(both)).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
  });

  it('the first snapshot of a tab opened during a call pops it (incoming then answered)', () => {
    const s = makeSnapshot({ calls: [makeCall(caps, { id: 'f1', state: 'active', answeredAt: 1 })] });
    expect(types(diffSnapshots(undefined, s))).to.deep.equal([
      'cti-connection-changed',
      'cti-agent-state-changed',
      'cti-incoming-call',
      'cti-call-answered',
    ]);
  });
});

describe('HostEventTracker: one cti-error per failure', () => {
  const refused = { code: 'auth-failed' as const, at: 100, operation: 'login', vendorCode: '601', detail: 'senha' };

  it('a rejected command fires one cti-error with its command type; the same error as lastError later does not fire again', () => {
    const t = new HostEventTracker();
    const a = makeSnapshot();
    t.snapshot(a);
    expect(t.rejected(refused, 'login')).to.deep.equal({ type: 'cti-error', detail: refused, command: 'login' });
    // The adapter also published it (structured clone: another object, same failure).
    const b = { ...a, lastError: { ...refused } };
    expect(t.snapshot(b)).to.deep.equal([]);
    // A new failure afterwards is reported.
    const c = { ...b, lastError: { ...refused, at: 101 } };
    expect(t.snapshot(c).map((e) => e.type)).to.deep.equal(['cti-error']);
  });

  it('lastError first, the rejection of the same failure after: one event', () => {
    const t = new HostEventTracker();
    const a = makeSnapshot();
    t.snapshot(a);
    expect(t.snapshot({ ...a, lastError: refused })).to.deep.equal([{ type: 'cti-error', detail: refused }]);
    expect(t.rejected({ ...refused, operation: undefined }, 'login')).to.equal(undefined);
    // …and only that once: the same error rejected again is a new occurrence.
    expect(t.rejected(refused, 'login')).to.deep.include({ type: 'cti-error', command: 'login' });
  });

  it('two rejections are two occurrences, even with the same code; each names its command', () => {
    const t = new HostEventTracker();
    const offline = { code: 'not-connected' as const, at: 5 };
    const first = t.rejected(offline, 'dial');
    const second = t.rejected(offline, 'hold');
    expect(first).to.deep.equal({ type: 'cti-error', detail: { ...offline, operation: 'dial' }, command: 'dial' });
    expect(second).to.deep.equal({ type: 'cti-error', detail: { ...offline, operation: 'hold' }, command: 'hold' });
    // The adapter published that failure as lastError too: not a third event.
    expect(t.snapshot(makeSnapshot({ lastError: offline })).map((e) => e.type)).to.deep.equal(['cti-connection-changed', 'cti-agent-state-changed']);
  });

  it('keeps the other host events and the error operation; anything else rejected becomes a typed internal error', () => {
    const t = new HostEventTracker();
    expect(t.snapshot(makeSnapshot()).map((e) => e.type)).to.deep.equal(['cti-connection-changed', 'cti-agent-state-changed']);
    const raw = t.rejected(new Error('boom'), 'ready');
    expect(raw?.detail).to.include({ code: 'internal', operation: 'ready', detail: 'boom' });
    expect(raw?.detail.at).to.be.a('number');
    // An adapter that names the failing step keeps it; the event still says which command.
    const step = t.rejected({ code: 'timeout', at: 1, operation: 'status' }, 'ready');
    expect(step).to.deep.equal({ type: 'cti-error', detail: { code: 'timeout', at: 1, operation: 'status' }, command: 'ready' });
    const event = toDomEvent(step!);
    expect(event).to.be.instanceOf(CtiErrorEvent);
    expect((event as CtiErrorEvent).command).to.equal('ready');
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('the same snapshot again reports nothing', () => {
    const t = new HostEventTracker();
    const a = makeSnapshot({ lastError: refused });
    expect(t.snapshot(a)).to.have.length(2);
    expect(t.snapshot(a)).to.deep.equal([]);
  });

  it('a tab opened later gets no cti-error for a past failure, only for a condition that holds now', () => {
    // A refused login an hour ago, the connection up since: history, not news.
    expect(new HostEventTracker().snapshot(makeSnapshot({ lastError: refused })).map((e) => e.type)).to.not.include('cti-error');
    // NEON was not running and is back (the store cleared it; an old snapshot error while connected is history too).
    const notRunning = { code: 'softphone-unavailable' as const, at: 7, operation: 'connect', vendorCode: 'not-running' };
    expect(new HostEventTracker().snapshot(makeSnapshot({ lastError: notRunning })).map((e) => e.type)).to.not.include('cti-error');
    // Still not running: the tab hears of the condition once.
    const down = makeSnapshot({ connection: { status: 'reconnecting', since: 1, attempt: 2 }, lastError: notRunning, condition: notRunning });
    const t = new HostEventTracker();
    expect(t.snapshot(down).filter((e) => e.type === 'cti-error').map((e) => e.detail)).to.deep.equal([notRunning]);
    expect(t.snapshot({ ...down, version: down.version + 1 }).filter((e) => e.type === 'cti-error')).to.deep.equal([]);
    // The hub could not start (a snapshot the page made itself): a condition too.
    const hub = { code: 'hub-unavailable' as const, at: 3 };
    const closed = makeSnapshot({ connection: { status: 'closed', since: 3 }, lastError: hub });
    expect(new HostEventTracker().snapshot(closed).filter((e) => e.type === 'cti-error')).to.have.length(1);
  });
});

describe('HostEventTracker: a lastError that overtakes its command', () => {
  const refused = { code: 'auth-failed' as const, at: 100, operation: 'login', vendorCode: 'agent-login-refused' };

  it('held while a command is in flight: its rejection fires it once, naming the command', () => {
    const late: HostEvent[] = [];
    const t = new HostEventTracker((e) => late.push(e));
    const a = makeSnapshot();
    t.snapshot(a);
    t.started();
    // The hub sends the agent's change at once: the failure arrives before the command's answer.
    expect(t.snapshot({ ...a, version: a.version + 1, lastError: refused })).to.deep.equal([]);
    expect(t.rejected({ ...refused }, 'login')).to.deep.equal({ type: 'cti-error', detail: refused, command: 'login' });
    t.settled();
    expect(late).to.deep.equal([]);
  });

  it('a held lastError no rejection claims fires when the commands settle, once', () => {
    const late: HostEvent[] = [];
    const t = new HostEventTracker((e) => late.push(e));
    const a = makeSnapshot();
    t.snapshot(a);
    t.started();
    t.started();
    const b = { ...a, version: a.version + 1, lastError: refused };
    expect(t.snapshot(b)).to.deep.equal([]);
    t.settled();
    expect(late).to.deep.equal([]);
    t.settled();
    expect(late).to.deep.equal([{ type: 'cti-error', detail: refused }]);
    // It fired from lastError: the same failure's rejection arriving after that does not fire again.
    expect(t.rejected({ ...refused }, 'login')).to.equal(undefined);
  });

  it('a command that never settles holds the lastError no longer than holdMs', async () => {
    const late: HostEvent[] = [];
    const t = new HostEventTracker((e) => late.push(e), 20);
    const a = makeSnapshot();
    t.snapshot(a);
    t.started();
    t.snapshot({ ...a, version: a.version + 1, lastError: refused });
    expect(late).to.have.length(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(late.map((e) => e.type)).to.deep.equal(['cti-error']);
  });

  it('nothing in flight, or no late listener: the lastError fires at once', () => {
    const a = makeSnapshot();
    const idle = new HostEventTracker(() => {});
    idle.snapshot(a);
    expect(idle.snapshot({ ...a, version: a.version + 1, lastError: refused }).map((e) => e.type)).to.deep.equal(['cti-error']);
    const plain = new HostEventTracker();
    plain.snapshot(a);
    plain.started();
    expect(plain.snapshot({ ...a, version: a.version + 1, lastError: refused }).map((e) => e.type)).to.deep.equal(['cti-error']);
  });

  it('reportingRejections tells the tracker when each command starts and settles (after its rejection)', async () => {
    const fake = new FakeSession();
    const calls: string[] = [];
    const handle = reportingRejections(fake, () => calls.push('rejected'), {
      started: () => calls.push('started'),
      settled: () => calls.push('settled'),
    });
    await handle.execute({ type: 'ready' });
    fake.rejectWith = { code: 'not-connected', at: 1 };
    await handle.execute({ type: 'ready' }).catch(() => undefined);
    expect(calls).to.deep.equal(['started', 'settled', 'started', 'rejected', 'settled']);
  });
});

describe('reportingRejections', () => {
  it('hands each rejection to the listener once and rejects with the same reason; success and state pass through', async () => {
    const fake = new FakeSession();
    const seen: [unknown, string][] = [];
    const handle = reportingRejections(fake, (reason, command) => seen.push([reason, command.type]));
    await handle.execute({ type: 'ready' });
    expect(seen).to.deep.equal([]);
    fake.rejectWith = { code: 'not-connected', at: 1, operation: 'dial' };
    const reason = await handle.execute({ type: 'dial', to: '1' }).then(() => undefined, (e: unknown) => e);
    expect(reason).to.equal(fake.rejectWith);
    expect(seen).to.deep.equal([[fake.rejectWith, 'dial']]);
    expect(handle.snapshot).to.equal(fake.snapshot);
    expect(handle.config).to.equal(fake.config);
    const off = handle.subscribe(() => {});
    expect(fake.listenerCount).to.equal(1);
    off();
    handle.dispose();
    expect(fake.disposed).to.equal(true);
  });

  it('a session that throws instead of rejecting still rejects (and is reported)', async () => {
    const fake = new FakeSession();
    fake.execute = () => {
      throw new Error('sync');
    };
    const seen: string[] = [];
    const handle = reportingRejections(fake, (_reason, command) => seen.push(command.type));
    const reason = await handle.execute({ type: 'ready' }).then(() => undefined, (e: unknown) => e);
    expect((reason as Error).message).to.equal('sync');
    expect(seen).to.deep.equal(['ready']);
  });
});
