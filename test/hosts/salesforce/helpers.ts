/**
 * The built Salesforce softphone (dist/salesforce/) inside a fake Lightning page: this test page plays the org
 * (fake-salesforce.ts; Open CTI served from this origin), the softphone page is on the other site (widget
 * origin), and softphone-driver.js, injected into it by the test server, reports what it shows.
 */
import { control, simState, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { otherOrigin } from '../../build/helpers.js';
import { FakeSalesforce, type FakeSalesforceOptions } from './fake-salesforce.js';
import { expect } from '@open-wc/testing';

export interface SoftphoneState {
  notices: { text: string; role: string }[];
  scripts: string[];
  provider: { vendor: string; server: string; locale: string | null } | null;
  elements: string[];
  hubMode?: string;
  status?: string;
  phase?: string;
  calls: { id: string; state: string }[];
  lang: string;
  agentForm: boolean;
  trustedTypesEnforced: boolean;
  agentLine: string | null;
}

/** A softphone page in a fake Salesforce, followed through its driver. */
export class Softphone {
  readonly events: { type: string; detail: any }[] = [];
  readonly #onMessage = (event: MessageEvent) => {
    if (event.source !== this.sf.iframe.contentWindow || event.data?.ctiDriver !== 1 || !event.data.type) return;
    this.events.push({ type: event.data.type, detail: event.data.detail });
  };

  private constructor(readonly sf: FakeSalesforce) {}

  static async open(options: Omit<FakeSalesforceOptions, 'widgetOrigin' | 'query'> = {}): Promise<Softphone> {
    // The driver says `loaded` before the iframe's load event: keep what arrives before the Softphone exists.
    const early: MessageEvent[] = [];
    const buffer = (event: MessageEvent) => early.push(event);
    window.addEventListener('message', buffer);
    const sf = await FakeSalesforce.open({ ...options, widgetOrigin: otherOrigin(), query: { ctiTestDriver: '1' } });
    const phone = new Softphone(sf);
    window.removeEventListener('message', buffer);
    for (const e of early) phone.#onMessage(e);
    window.addEventListener('message', phone.#onMessage);
    await waitFor(() => phone.of('loaded').length > 0, 'the softphone driver to load');
    return phone;
  }

  of(type: string): any[] {
    return this.events.filter((e) => e.type === type).map((e) => e.detail);
  }

  #send(cmd: string, arg?: unknown): void {
    this.sf.iframe.contentWindow!.postMessage({ ctiDriver: 1, cmd, arg }, otherOrigin());
  }

  async state(): Promise<SoftphoneState> {
    const before = this.of('state').length;
    this.#send('state');
    await waitFor(() => this.of('state').length > before, 'the softphone state');
    return this.of('state').at(-1) as SoftphoneState;
  }

  async until(predicate: (s: SoftphoneState) => boolean, what: string, timeoutMs = 10000): Promise<SoftphoneState> {
    let last: SoftphoneState | undefined;
    try {
      return await waitFor(async () => ((last = await this.state()), predicate(last) ? last : undefined), what, timeoutMs, 50);
    } catch (e) {
      throw new Error(`${(e as Error).message}; last state ${JSON.stringify(last)}; Open CTI calls ${JSON.stringify(this.sf.calls.map((c) => c.method))}`);
    }
  }

  async run(cmd: 'agent' | 'login' | 'ready' | 'veto' | 'classify' | 'crash', arg?: unknown): Promise<void> {
    const before = this.events.length;
    this.#send(cmd, arg);
    const reply = await waitFor(
      () => this.events.slice(before).find((e) => (e.type === 'done' && e.detail === cmd) || (e.type === 'failed' && e.detail?.cmd === cmd)),
      `${cmd} in the softphone`,
    );
    if (reply.type === 'failed') throw new Error(`${cmd} failed: ${JSON.stringify(reply.detail.error)}`);
  }

  close(): void {
    window.removeEventListener('message', this.#onMessage);
    this.sf.close();
  }
}

/** Settings items for a vendor server, as an administrator fills the ctiWidget section. */
export function widget(server: string, extra: Record<string, string> = {}): Record<string, string> {
  return { '/ctiWidget/vendor': 'interact', '/ctiWidget/server': server, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`/ctiWidget/${k}`, v])) };
}

/**
 * Two Salesforce tabs of one org (one Tasks map), each with its softphone frame on the same vendor server: tab A
 * asked for the agent, connected, signed in and ready; then tab B opened and connected (on A's session, or, with
 * third-party storage blocked, on its own hub and vendor connection).
 */
export async function twoTabs(server: string, tasks: Map<string, Record<string, unknown>>): Promise<[Softphone, Softphone]> {
  const a = await Softphone.open({ settings: widget(server), tasks });
  try {
    await a.run('agent');
    await a.until((s) => s.status === 'connected', 'tab A to connect', 15000);
    await a.run('login');
    await a.run('ready');
    await a.until((s) => s.phase === 'ready', 'tab A ready');
  } catch (e) {
    a.close();
    throw e;
  }
  const b = await Softphone.open({ settings: widget(server), tasks });
  await b.run('agent');
  await b.until((s) => s.status === 'connected', 'tab B to connect', 15000).catch((e) => {
    a.close();
    b.close();
    throw e;
  });
  return [a, b];
}

/** The Task fields each saveLog of this softphone sent. */
export const savedTasks = (p: Softphone): Record<string, unknown>[] => p.sf.of('saveLog').map((c) => c.args['value']);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Maria's Contact record, whose phone (11) 95555-4444 the agent clicks. */
export const MARIA_ID = '003000000000001AAA';

/** What the tab completing the Task of a call never answered writes (pt-BR). */
export const UNANSWERED = { Status: 'Completed', CallDurationInSeconds: 0, Subject: 'Chamada não atendida 11955554444', CallDisposition: 'Não atendida' };

/** Two tabs of one org on an Interact simulator, in a call that tab A answered and logged; `close()` after each test. */
export class TwoTabsCall {
  sim: SimulatorHandle | undefined;
  readonly phones: Softphone[] = [];
  readonly tasks = new Map<string, Record<string, unknown>>();

  /** The call rang, was answered and one of the tabs logged its Task (In Progress); both tabs show it active. */
  async start(): Promise<{ a: Softphone; b: Softphone; id: string; call_id: string }> {
    const [a, b] = await this.#tabs({ ringMs: 300 });
    const { call_id } = await control(this.sim!, 'inbound', { agent: '1001', from: '11955554444' });
    return { a, b, ...(await this.#logged(call_id, 'active')) };
  }

  /**
   * Tab A clicked Maria's number (a Contact, 11955554444) in Salesforce: the call dials (the far end answers only when told,
   * `answer`), its Task is created at once on Maria (In Progress); both tabs show the call dialling.
   */
  async dial(): Promise<{ a: Softphone; b: Softphone; id: string; call_id: string }> {
    const [a, b] = await this.#tabs({ ringMs: 300, farEndAnswerMs: null });
    expect(a.sf.clickToDial({ number: '11955554444', recordId: MARIA_ID, recordName: 'Maria Souza', objectType: 'Contact' })).to.equal(true);
    const call = await waitFor(async () => (await simState(this.sim!)).calls.find((c: any) => c.interlocutor === '11955554444'), 'the dial at the vendor');
    const logged = await this.#logged(call.call_id, 'dialing');
    expect(this.tasks.get(logged.id)).to.include({ CallType: 'Outbound', WhoId: MARIA_ID, Subject: 'Chamada efetuada 11955554444' });
    return { a, b, ...logged };
  }

  async #tabs(simOptions: Record<string, unknown>): Promise<[Softphone, Softphone]> {
    this.sim = await startSimulator('interact', simOptions);
    const tabs = await twoTabs(this.sim.url, this.tasks);
    this.phones.push(...tabs);
    return tabs;
  }

  /** The call's Task logged (In Progress) and the call in `state` in both tabs. */
  async #logged(call_id: string, state: string): Promise<{ id: string; call_id: string }> {
    const [id] = await waitFor(() => [...this.tasks.entries()].find(([, t]) => t['CallObject'] === call_id && t['Status'] === 'In Progress'), 'the Task');
    for (const p of this.phones) await p.until((s) => s.calls.some((c) => c.id === call_id && c.state === state), `the call ${state} in both tabs`);
    // The other tab learns the Task over the channel as soon as the logging tab has its id; give it a moment.
    await sleep(500);
    return { id, call_id };
  }

  /** The far end answers a call tab A dialled. */
  answer(call_id: string): Promise<unknown> {
    return control(this.sim!, 'answer', { call_id });
  }

  /** The tab goes away (its frame removed, as when the Salesforce tab is closed). */
  remove(p: Softphone): void {
    p.close();
    this.phones.splice(this.phones.indexOf(p), 1);
  }

  hangup(call_id: string): Promise<unknown> {
    return control(this.sim!, 'hangup', { call_id });
  }

  async close(): Promise<void> {
    for (const p of this.phones.splice(0)) p.close();
    await this.sim?.stop();
    this.sim = undefined;
    this.tasks.clear();
  }
}
