import { expect } from '@open-wc/testing';
import { connectSalesforce, type ProviderLike } from './bridge.js';
import type { ClickToDial, HostApi, HostRecord, HostResult } from './host-api.js';
import type { Heard, TabMessage, Tabs } from './tabs.js';
import type { Call } from '../../domain/model.js';

/** A HostApi that records what the bridge asks and answers like Open CTI would (ids for saved records). */
class FakeHost implements HostApi {
  readonly saved: Record<string, string | number>[] = [];
  readonly pops: unknown[] = [];
  panels = 0;
  click?: (c: ClickToDial) => void;
  nav?: (r: HostRecord) => void;
  failSave = false;
  /** The record a pop opens (Salesforce then reports the navigation). */
  popTo?: HostRecord;
  #id = 0;
  showPanel = async (): Promise<HostResult> => (this.panels++, { ok: true, value: null });
  screenPop = async (call: unknown): Promise<HostResult> => {
    this.pops.push(call);
    if (this.popTo) this.nav?.(this.popTo);
    return { ok: true, value: null };
  };
  saveRecord = async (fields: Readonly<Record<string, string | number>>): Promise<HostResult<string | undefined>> => {
    this.saved.push({ ...fields });
    if (this.failSave) return { ok: false, error: 'SERVER_ERROR: A problem was encountered on the server.' };
    return { ok: true, value: (fields['Id'] as string | undefined) ?? `00T${++this.#id}` };
  };
  enableClickToDial = async (): Promise<HostResult> => ({ ok: true, value: null });
  onClickToDial = (l: (c: ClickToDial) => void) => void (this.click = l);
  onNavigationChange = (l: (r: HostRecord) => void) => void (this.nav = l);
}

class FakeProvider extends EventTarget implements ProviderLike {
  dialled: string[] = [];
  veto = false;
  readonly #seen = new Set<(s: { calls: Call[] }) => void>();
  session = {
    snapshot: { primary: true } as { primary?: boolean },
    hubMode: 'shared-worker',
    subscribe: (l: (s: { calls: Call[] }) => void) => (this.#seen.add(l), () => void this.#seen.delete(l)),
  };
  /** The session's snapshot now has these calls (outbound, to these numbers, in this state). */
  show(state: string, ...calls: [id: string, number: string][]): void {
    const ended = state === 'wrap-up' || state === 'ended' ? { endedAt: Date.now() } : {};
    const list = calls.map(([id, number]) => ({ id, direction: 'outbound', state, remote: [{ number }], data: {}, ...ended }) as unknown as Call);
    for (const l of this.#seen) l({ calls: list });
  }
  async dial(number: string): Promise<boolean> {
    if (this.veto) return false;
    this.dialled.push(number);
    return true;
  }
  fire(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The other softphones, as a test plays them: what this tab sent, and claims it wins unless told. */
class FakeTabs implements Tabs {
  readonly id = 'me';
  locks = true;
  win = true;
  readonly sent: TabMessage[] = [];
  readonly watching: string[] = [];
  readonly #gone = new Map<string, () => void>();
  onMessage?: (m: Heard) => void;
  send(m: TabMessage): void {
    this.sent.push(m);
  }
  watch(tab: string, gone: () => void): boolean {
    this.watching.push(tab);
    this.#gone.set(tab, gone);
    return this.locks;
  }
  readonly claims: [string, boolean][] = [];
  async claim(key: string, strong = false): Promise<boolean> {
    this.claims.push([key, strong]);
    return this.win;
  }
  close(): void {}
  /** That tab's lock was released: it is gone. */
  lose(tab: string): void {
    this.#gone.get(tab)?.();
  }
}

function setup(tabs?: FakeTabs, graceMs?: number) {
  const provider = new FakeProvider();
  const host = new FakeHost();
  const problems: string[] = [];
  const bridge = connectSalesforce({
    provider,
    host,
    texts: { subject: (kind, number) => `${kind} ${number}` },
    report: (action, error) => problems.push(`${action}: ${error}`),
    now: () => new Date(2026, 11, 3, 10, 0),
    tabs,
    ...(graceMs !== undefined ? { graceMs } : {}),
  });
  return { provider, host, bridge, problems };
}

describe('Salesforce bridge (wiring against a HostApi)', () => {
  it('a call never answered gets one Task when it ends: missed (inbound) or unanswered (outbound)', async () => {
    const { provider, host, bridge } = setup();
    provider.fire('cti-incoming-call', { callId: 'c1', from: { number: '4833334444' }, data: {}, mustAccept: true, primary: true });
    provider.fire('cti-call-ended', { callId: 'c1', direction: 'inbound', remote: [{ number: '4833334444' }], data: {}, answered: false });
    await bridge.idle();
    const missed = { entityApiName: 'Task', Subject: 'missed 4833334444', TaskSubtype: 'Call', CallType: 'Inbound', CallObject: 'c1', ActivityDate: '2026-12-03', Description: '4833334444' };
    expect(host.saved).to.deep.equal([{ ...missed, Status: 'Completed', CallDurationInSeconds: 0, CallDisposition: 'noAnswer ' }]);
    // A clicked number whose call ended before it showed in a snapshot: logged at its end, on the clicked record.
    host.click!({ number: '11955554444', recordId: '003X', objectType: 'Contact' });
    provider.fire('cti-call-ended', { callId: 'c2', direction: 'outbound', remote: [{ number: '11955554444' }], data: {}, answered: false });
    await bridge.idle();
    expect(provider.dialled).to.deep.equal(['11955554444']);
    expect(host.saved[1]).to.deep.equal({
      entityApiName: 'Task', Subject: 'unanswered 11955554444', TaskSubtype: 'Call', CallType: 'Outbound', CallObject: 'c2', ActivityDate: '2026-12-03',
      Description: '11955554444', WhoId: '003X', Status: 'Completed', CallDurationInSeconds: 0, CallDisposition: 'noAnswer ',
    });
  });

  it('a clicked number: its Task is created on the clicked record as soon as the call shows dialling, told to the other tabs, and completed as unanswered; once per click', async () => {
    const tabs = new FakeTabs();
    const { provider, host, bridge } = setup(tabs);
    await Promise.resolve();
    host.nav!({ recordId: '500C', objectType: 'Case' });
    host.click!({ number: '(11) 95555-4444', recordId: '003X', objectType: 'Contact' });
    provider.show('wrap-up', ['o0', '11955554444']); // an earlier call to that number, ended: not the click's
    provider.show('dialing', ['o1', '11955554444']);
    provider.show('dialing', ['o1', '11955554444'], ['o2', '11955554444']); // the same number dialled again, not clicked
    await bridge.idle();
    expect(host.saved).to.deep.equal([
      { entityApiName: 'Task', Subject: 'outbound 11955554444', TaskSubtype: 'Call', CallType: 'Outbound', CallObject: 'o1', ActivityDate: '2026-12-03', Description: '11955554444', WhoId: '003X', Status: 'In Progress' },
    ]);
    expect(tabs.sent).to.deep.equal([{ k: 'task', call: 'o1', task: '00T1' }]);
    expect(provider.dialled).to.deep.equal(['11955554444']); // the field as shown, "(11) 95555-4444": its digits
    provider.fire('cti-call-ended', { callId: 'o1', direction: 'outbound', remote: [{ number: '11955554444' }], data: {}, answered: false });
    await bridge.idle();
    expect(host.saved[1]).to.deep.equal({ Id: '00T1', Status: 'Completed', CallDurationInSeconds: 0, Subject: 'unanswered 11955554444', CallDisposition: 'noAnswer ' });
    expect(tabs.sent.at(-1)).to.deep.equal({ k: 'done', call: 'o1' });
    expect(host.saved).to.have.length(2);
    expect(host.pops).to.deep.equal([]);
  });

  it('a clicked number answered: the Task created when it showed is not created again, and is completed with the talk time and the outcome', async () => {
    const { provider, host, bridge } = setup();
    host.click!({ number: '4733330000', recordId: '001A', objectType: 'Account' });
    provider.show('dialing', ['o3', '4733330000']);
    await bridge.idle();
    provider.fire('cti-call-answered', { callId: 'o3', direction: 'outbound', remote: [{ number: '4733330000' }], data: {}, answeredAt: Date.now() });
    bridge.disposition('o3', 'Venda');
    provider.fire('cti-call-ended', { callId: 'o3', direction: 'outbound', remote: [{ number: '4733330000' }], data: {}, answered: true, talkMs: 5_000 });
    await bridge.idle();
    expect(host.saved).to.have.length(2);
    expect(host.saved[0]).to.include({ Subject: 'outbound 4733330000', WhatId: '001A', Status: 'In Progress' });
    expect(host.saved[1]).to.deep.equal({ Id: '00T1', Status: 'Completed', CallDurationInSeconds: 5, CallDisposition: 'Venda' });
  });

  it('a call dialled in the softphone and never answered: the elected tab logs it when it ends (no pop), a tab not elected nothing', async () => {
    const { provider, host, bridge } = setup();
    host.nav!({ recordId: '003R', objectType: 'Lead' });
    provider.show('dialing', ['u1', '4833330000']);
    provider.fire('cti-call-ended', { callId: 'u1', direction: 'outbound', remote: [{ number: '4833330000' }], data: {}, answered: false });
    await bridge.idle();
    expect(host.saved).to.have.length(1);
    expect(host.saved[0]).to.include({ Subject: 'unanswered 4833330000', CallType: 'Outbound', CallObject: 'u1', WhoId: '003R', Status: 'Completed', CallDurationInSeconds: 0, CallDisposition: 'noAnswer ' });
    expect(host.pops).to.deep.equal([]);
    provider.session.snapshot.primary = false;
    provider.fire('cti-call-ended', { callId: 'u2', direction: 'outbound', remote: [{ number: '4833330001' }], data: {}, answered: false });
    await bridge.idle();
    expect(host.saved).to.have.length(1);
  });

  it('a call dialled in the softphone pops its number (outbound) and links the record that opened; a dialer outcome becomes the CallDisposition; a tab that is not elected logs nothing', async () => {
    const { provider, host, bridge } = setup();
    host.nav!({ recordId: '500C', objectType: 'Case', recordName: 'Caso 1' });
    host.popTo = { recordId: '003P', objectType: 'Contact', recordName: 'Paulo' };
    provider.fire('cti-call-answered', { callId: 'd1', direction: 'outbound', remote: [{ number: '4733330000' }], data: { campanha: 'Vendas' }, answeredAt: Date.now() });
    bridge.disposition('d1', 'agendado');
    provider.fire('cti-call-ended', { callId: 'd1', direction: 'outbound', remote: [{ number: '4733330000' }], data: {}, answered: true, talkMs: 61_400 });
    await bridge.idle();
    expect(host.saved.map((s) => s['Id'] ?? s['entityApiName'])).to.deep.equal(['Task', '00T1']);
    expect(host.saved[0]).to.include({ Subject: 'outbound 4733330000', CallType: 'Outbound', WhoId: '003P', Status: 'In Progress', Description: '4733330000\ncampanha: Vendas' });
    expect(host.saved[0]).to.not.have.property('WhatId');
    expect(host.saved[1]).to.deep.equal({ Id: '00T1', Status: 'Completed', CallDurationInSeconds: 61, CallDisposition: 'agendado' });
    expect(host.pops).to.deep.equal([{ number: '4733330000', data: { campanha: 'Vendas' }, direction: 'outbound' }]);

    provider.session.snapshot.primary = false;
    provider.fire('cti-call-answered', { callId: 'd2', direction: 'outbound', remote: [{ number: '4733330001' }], data: {}, answeredAt: Date.now() });
    provider.fire('cti-call-ended', { callId: 'd2', direction: 'outbound', remote: [{ number: '4733330001' }], data: {}, answered: true, talkMs: 1000 });
    await bridge.idle();
    expect(host.saved).to.have.length(2);
    expect(host.pops).to.have.length(1);
  });

  it('a failed save is reported, and the end of the call creates the Task it could not update', async () => {
    const { provider, host, bridge, problems } = setup();
    host.failSave = true;
    provider.fire('cti-call-answered', { callId: 'e1', direction: 'inbound', remote: [{ number: '1' }], data: {}, answeredAt: Date.now() });
    await bridge.idle();
    host.failSave = false;
    provider.fire('cti-call-ended', { callId: 'e1', direction: 'inbound', remote: [{ number: '1' }], data: {}, answered: true, talkMs: 2000 });
    await bridge.idle();
    expect(problems).to.deep.equal(['log: SERVER_ERROR: A problem was encountered on the server.']);
    expect(host.saved.map((s) => s['Id'] ?? s['entityApiName'])).to.deep.equal(['Task', 'Task']);
    expect(host.saved[1]).to.include({ Subject: 'inbound 1', CallType: 'Inbound', CallObject: 'e1', Status: 'Completed', CallDurationInSeconds: 2 });
  });

  it('dispose stops the wiring', async () => {
    const { provider, host, bridge } = setup();
    bridge.dispose();
    provider.fire('cti-incoming-call', { callId: 'x', from: { number: '1' }, data: {}, mustAccept: false, primary: true });
    host.click!({ number: '2' });
    await bridge.idle();
    expect(host.panels).to.equal(0);
    expect(provider.dialled).to.deep.equal([]);
  });

  describe('with the other tabs (tabs.ts)', () => {
    const T = '00T000000000042';
    const ended = (callId: string, talkMs: number) => ({ callId, direction: 'inbound', remote: [{ number: '1' }], data: {}, answered: true, talkMs });

    it('tells the others the Task it logs (again to a tab that says hello) and that it completes it', async () => {
      const tabs = new FakeTabs();
      const { provider, bridge } = setup(tabs);
      await Promise.resolve();
      provider.fire('cti-call-answered', { callId: 'k1', direction: 'inbound', remote: [{ number: '1' }], data: {}, answeredAt: Date.now() });
      await bridge.idle();
      tabs.onMessage!({ k: 'hello', tab: 'b' });
      await bridge.idle();
      provider.fire('cti-call-ended', ended('k1', 3000));
      await bridge.idle();
      tabs.onMessage!({ k: 'hello', tab: 'c' });
      await bridge.idle();
      expect(tabs.sent).to.deep.equal([
        { k: 'task', call: 'k1', task: '00T1' },
        { k: 'task', call: 'k1', task: '00T1' },
        { k: 'done', call: 'k1' },
      ]);
    });

    it('the logging tab gone: adopts its Task and completes it at the end with this tab\'s duration and classification; never while it lives', async () => {
      const tabs = new FakeTabs();
      const { provider, host, bridge } = setup(tabs);
      await Promise.resolve();
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'k2', task: T });
      expect(tabs.watching).to.deep.equal(['a']);
      provider.fire('cti-call-ended', ended('k2', 61_400));
      await bridge.idle();
      expect(host.saved).to.deep.equal([]); // A lives (its lock is held): A completes it
      tabs.lose('a');
      await bridge.idle();
      expect(host.saved).to.deep.equal([{ Id: T, Status: 'Completed', CallDurationInSeconds: 61 }]);
      expect(tabs.sent).to.deep.equal([{ k: 'task', call: 'k2', task: T }, { k: 'done', call: 'k2' }]);
      bridge.disposition('k2', 'Venda');
      tabs.lose('a'); // said twice (bye, then the lock): once
      await bridge.idle();
      expect(host.saved).to.deep.equal([{ Id: T, Status: 'Completed', CallDurationInSeconds: 61 }, { Id: T, CallDisposition: 'Venda' }]);
    });

    it('a classification given here for a call another tab logs goes to that Task; a call the owner completed is never adopted', async () => {
      const tabs = new FakeTabs();
      const { provider, host, bridge } = setup(tabs);
      await Promise.resolve();
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'k3', task: T });
      provider.fire('cti-call-ended', ended('k3', 1000));
      tabs.onMessage!({ k: 'done', tab: 'a', call: 'k3' });
      bridge.disposition('k3', 'Dúvida');
      tabs.onMessage!({ k: 'bye', tab: 'a' });
      await bridge.idle();
      expect(host.saved).to.deep.equal([{ Id: T, CallDisposition: 'Dúvida' }]);
    });

    it('without Web Locks, a tab that does not say done within the grace after the end is taken for gone; one that does is not', async () => {
      const tabs = new FakeTabs();
      tabs.locks = false;
      const { provider, host, bridge } = setup(tabs, 50);
      await Promise.resolve();
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'k4', task: T });
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'k5', task: '00T000000000043' });
      provider.fire('cti-call-ended', ended('k4', 2000));
      provider.fire('cti-call-ended', ended('k5', 2000));
      tabs.onMessage!({ k: 'done', tab: 'a', call: 'k5' });
      await new Promise((r) => setTimeout(r, 120));
      await bridge.idle();
      expect(host.saved).to.deep.equal([{ Id: T, Status: 'Completed', CallDurationInSeconds: 2 }]);
    });

    it('a call this tab logs that another tab then says it logs (this tab said bye and came back): the other finishes it', async () => {
      const tabs = new FakeTabs();
      const { provider, host, bridge } = setup(tabs);
      await Promise.resolve();
      provider.fire('cti-call-answered', { callId: 'k7', direction: 'inbound', remote: [{ number: '1' }], data: {}, answeredAt: Date.now() });
      await bridge.idle();
      tabs.onMessage!({ k: 'task', tab: 'b', call: 'k7', task: '00T000000000001' });
      provider.fire('cti-call-ended', ended('k7', 1000));
      await bridge.idle();
      expect(host.saved.map((v) => v['Status'])).to.deep.equal(['In Progress']);
    });

    it('single-tab sessions: the tabs claim each call; the tab that loses neither pops nor logs it, the clicked tab claims first', async () => {
      const tabs = new FakeTabs();
      const { provider, host, bridge } = setup(tabs);
      provider.session.hubMode = 'single-tab';
      await Promise.resolve();
      tabs.win = false;
      provider.fire('cti-incoming-call', { callId: 's1', from: { number: '1' }, data: {}, mustAccept: true, primary: true });
      provider.fire('cti-call-answered', { callId: 's1', direction: 'inbound', remote: [{ number: '1' }], data: {}, answeredAt: Date.now() });
      provider.fire('cti-call-ended', ended('s1', 1000));
      await bridge.idle();
      expect([host.panels, host.pops.length, host.saved.length]).to.deep.equal([0, 0, 0]);
      tabs.win = true;
      provider.fire('cti-incoming-call', { callId: 's2', from: { number: '2' }, data: {}, mustAccept: true, primary: true });
      provider.fire('cti-call-answered', { callId: 's2', direction: 'inbound', remote: [{ number: '2' }], data: {}, answeredAt: Date.now() });
      provider.fire('cti-call-ended', ended('s2', 4000));
      await bridge.idle();
      expect([host.panels, host.pops.length]).to.deep.equal([1, 1]);
      expect(host.saved.map((v) => v['Status'])).to.deep.equal(['In Progress', 'Completed']);
      host.click!({ number: '11955554444', recordId: '003X', objectType: 'Contact' });
      provider.fire('cti-call-answered', { callId: 's3', direction: 'outbound', remote: [{ number: '11955554444' }], data: {}, answeredAt: Date.now() });
      await bridge.idle();
      expect(tabs.claims).to.deep.equal([['cs1', false], ['cs2', false], ['cs3', true]]);
      expect(host.saved.at(-1)).to.include({ CallType: 'Outbound', WhoId: '003X', Status: 'In Progress' });
    });

    it('a clicked call another tab logs: not logged here when answered (though elected); that tab gone, its Task is completed here', async () => {
      const tabs = new FakeTabs();
      const { provider, host, bridge } = setup(tabs);
      await Promise.resolve();
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'o4', task: T });
      provider.fire('cti-call-answered', { callId: 'o4', direction: 'outbound', remote: [{ number: '1199' }], data: {}, answeredAt: Date.now() });
      await bridge.idle();
      expect(host.saved).to.deep.equal([]); // this tab is elected, but A logs it
      expect(host.pops).to.deep.equal([]);
      tabs.lose('a');
      await bridge.idle();
      provider.fire('cti-call-ended', { callId: 'o4', direction: 'outbound', remote: [{ number: '1199' }], data: {}, answered: true, talkMs: 2000 });
      await bridge.idle();
      expect(host.saved).to.deep.equal([{ Id: T, Status: 'Completed', CallDurationInSeconds: 2 }]);
      provider.fire('cti-call-ended', { callId: 'o5', direction: 'outbound', remote: [{ number: '1198' }], data: {}, answered: false });
      tabs.onMessage!({ k: 'task', tab: 'c', call: 'o6', task: '00T000000000043' });
      tabs.lose('c');
      await bridge.idle();
      provider.fire('cti-call-ended', { callId: 'o6', direction: 'outbound', remote: [{ number: '1197' }], data: {}, answered: false });
      await bridge.idle();
      // o5 (no tab's): logged here, the elected tab; o6 (C's, C gone before its end): C's Task completed as unanswered.
      expect(host.saved.slice(1).map((t) => [t['Id'] ?? t['CallObject'], t['Subject']])).to.deep.equal([['o5', 'unanswered 1198'], ['00T000000000043', 'unanswered 1197']]);
    });

    it('a claim lost: another tab adopts, and this one writes nothing', async () => {
      const tabs = new FakeTabs();
      tabs.win = false;
      const { provider, host, bridge } = setup(tabs);
      await Promise.resolve();
      tabs.onMessage!({ k: 'task', tab: 'a', call: 'k6', task: T });
      provider.fire('cti-call-ended', ended('k6', 2000));
      tabs.onMessage!({ k: 'bye', tab: 'a' });
      await bridge.idle();
      tabs.onMessage!({ k: 'task', tab: 'c', call: 'k6', task: T });
      await bridge.idle();
      expect(host.saved).to.deep.equal([]);
      expect(tabs.watching).to.deep.equal(['a', 'c']);
    });
  });
});
