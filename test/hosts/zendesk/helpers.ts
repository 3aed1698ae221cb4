/** Helpers of the Zendesk app tests (default and blocked-storage runs). */
import { expect } from '@open-wc/testing';
import { control, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { ZafParentFake, type FakeTicket, type FakeUser, type RecordedRequest } from './zaf-fake.js';

/** The same test server on the other host name: another site than this page. */
export function appUrl(): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}/dist/zendesk/assets/iframe.html`;
}

export const MARIA: FakeUser = { id: 501, name: 'Maria Souza', phone: '+55 11 95555-4444' };
export function mariaTickets(): FakeTicket[] {
  return [
    { id: 9000, requester_id: 501, status: 'solved', updated_at: '2026-12-02T10:00:00Z' },
    { id: 9001, requester_id: 501, status: 'open', updated_at: '2026-12-01T10:00:00Z' },
    { id: 8999, requester_id: 501, status: 'pending', updated_at: '2026-11-20T10:00:00Z' },
    { id: 7000, requester_id: 999, status: 'open', updated_at: '2026-12-03T10:00:00Z' },
  ];
}

/** The app signed in and ready (the agent's part, done through the test reporter). */
export async function readyApp(fake: ZafParentFake, guid: string): Promise<any> {
  await waitFor(() => fake.registered(guid), 'the ZAF handshake', 10000);
  let last: unknown;
  await waitFor(async () => {
    last = await fake.ask(guid, 'state');
    const l = last as { provider?: boolean; agentForm?: boolean };
    return l.provider === true || l.agentForm === true;
  }, 'the app to show the phone or ask the agent login', 15000, 100).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(last)}`);
  });
  const asked = last as { provider?: boolean; agentForm?: boolean };
  if (asked.agentForm) expect(asked.provider, 'no phone before the Interact login is known').to.equal(false);
  await fake.ask(guid, 'agent', { agent: '1001' });
  await waitFor(async () => (await fake.ask(guid, 'state')).connection === 'connected', 'the app to connect', 15000, 100);
  const login = await fake.ask(guid, 'login', {}, 15000);
  expect(login, JSON.stringify([login, await fake.ask(guid, 'state')])).to.deep.equal({ ok: true });
  return waitFor(async () => {
    const s = await fake.ask(guid, 'state');
    return s.phase === 'ready' && s.connection === 'connected' ? s : undefined;
  }, 'the agent to be ready', 10000, 100);
}


export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two Zendesk tabs of one account (one fake parent, one ticket store), each with the app's top bar frame on the
 * same Interact simulator: tab A signed in and ready, then tab B opened and connected (on A's session, or, with
 * third-party storage blocked, on its own hub and vendor connection). `close()` after each test.
 */
export class TwoZendeskTabs {
  sim: SimulatorHandle | undefined;
  fake: ZafParentFake | undefined;

  async open(callLog = 'note'): Promise<{ fake: ZafParentFake; a: string; b: string }> {
    this.sim = await startSimulator('interact', { ringMs: 300, farEndAnswerMs: 300 });
    const fake = (this.fake = new ZafParentFake({
      appUrl: appUrl(),
      settings: { vendor: 'interact', server: this.sim.url, callLog },
      users: [MARIA],
      tickets: mariaTickets(),
      extraParams: { zreport: '1' },
    }));
    const a = await fake.open('top_bar');
    await readyApp(fake, a);
    const b = await fake.open('top_bar');
    await waitFor(() => fake.registered(b), 'tab B handshake', 10000);
    await waitFor(async () => (await fake.ask(b, 'state')).provider || (await fake.ask(b, 'state')).agentForm, 'tab B to load', 15000, 100);
    await fake.ask(b, 'agent', { agent: '1001' });
    await waitFor(async () => (await fake.ask(b, 'state')).connection === 'connected', 'tab B to connect', 15000, 100);
    return { fake, a, b };
  }

  /** A call rang and was answered; both tabs show it active. */
  async ring(a: string, b: string): Promise<string> {
    const { call_id } = await control(this.sim!, 'inbound', { agent: '1001', from: '11955554444' });
    const fake = this.fake!;
    await waitFor(() => fake.invocations.find((i) => i.name === 'routeTo'), 'the ticket routed to');
    for (const guid of [a, b]) await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call active in both tabs', 10000, 100);
    // The other tab learns what the ring found as soon as the popping tab has it; give it a moment.
    await sleep(500);
    return call_id as string;
  }

  /**
   * Maria's number clicked in tab `from` only (`voice.dialout`: Zendesk tells the app of the tab it was clicked in);
   * the far end answers and both tabs show the call active. Nothing pops for a call dialled.
   */
  async dial(from: string, other: string): Promise<string> {
    const fake = this.fake!;
    fake.trigger('voice.dialout', { number: '(11) 95555-4444' }, from);
    const call_id = await waitFor(async () => ((await control(this.sim!, 'state')).calls as { call_id: string }[])[0]?.call_id, 'the dialled call', 8000, 100);
    for (const guid of [from, other]) await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call active in both tabs', 10000, 100);
    expect(this.popped()).to.deep.equal([]);
    // The other tab learns what the dialling tab's lookup found as soon as it has it; give it a moment.
    await sleep(500);
    return call_id;
  }

  /** Two tabs open, and a call dialled from the first (its owner). */
  async dialledByOne(): Promise<{ fake: ZafParentFake; owner: string; other: string; call_id: string }> {
    const { fake, a, b } = await this.open();
    return { fake, owner: a, other: b, call_id: await this.dial(a, b) };
  }

  /** The tabs that popped the call (showed the popover). */
  popped(): string[] {
    return this.fake!.invocations.filter((i) => i.name === 'popover').map((i) => i.instanceGuid);
  }

  /** The internal notes written on ticket 9001 (Maria's newest open one) and the tickets created. */
  notes(): string[] {
    return this.fake!.tickets.find((tk) => tk.id === 9001)?.comments?.map((c) => c.body) ?? [];
  }

  /** The ticket writes (a note's PUT, a new ticket's POST) this tab made. */
  writes(guid: string): RecordedRequest[] {
    return this.fake!.requests.filter((r) => r.guid === guid && r.type !== 'GET' && !r.url.includes('/display.json'));
  }

  /**
   * The tab goes away mid-call — closed (its frame removed) or crashed (muted first: not even its pagehide speaks) —
   * and the call ends a second later; resolves with the time from the hang-up to the note on ticket 9001.
   */
  async goneThenNote(guid: string, how: 'closed' | 'crashed', call_id: string): Promise<number> {
    if (how === 'crashed') await this.fake!.ask(guid, 'crash');
    this.fake!.remove(guid);
    await sleep(1100);
    const hangup = Date.now();
    await this.hangup(call_id);
    await waitFor(() => this.notes().length, 'the note on ticket 9001', 10000);
    return Date.now() - hangup;
  }

  hangup(call_id: string): Promise<unknown> {
    return control(this.sim!, 'hangup', { call_id });
  }

  async close(): Promise<void> {
    this.fake?.close();
    this.fake = undefined;
    await this.sim?.stop();
    this.sim = undefined;
  }
}
