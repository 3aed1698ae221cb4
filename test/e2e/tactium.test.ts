/**
 * Tactium IP end to end: the real hub SharedWorker, the real Tactium adapter, the browser's own WebSocket, the
 * REAL websockify (token allow-list) and the Tactium simulator (the test oracle, written from the seed alone).
 * One simulator and one relay for the whole file; every test gets a fresh hub and a reset simulator.
 */
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { createCtiSession } from '../../src/client/session.js';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import type { Call, SessionSnapshot } from '../../src/domain/model.js';
import type { SessionConfig } from '../../src/vendors/adapter.js';
import { control, openSession, rejection, startSimulator, uniqueHubName, until, waitFor, type SimulatorHandle } from './helpers.js';

interface SimCall {
  key: number;
  endedBy?: string;
  kind: 'A' | 'R';
  dialer: boolean;
  id: string;
  dest: string;
  dddDest: string;
  service: string;
}
interface TactiumState {
  running: boolean;
  muted: boolean;
  connections: { id: number; bound: string[]; admin: boolean }[];
  agents: { login: string; status: number; pauseCode: string | null; call: SimCall | null; lastCall: SimCall | null }[];
  outcomes: { agent: string; itemId: string; state: string }[];
  callbacks: { agent: string; itemId: string; at: string; wire: string; phone: string; for: string }[];
  dials: { agent: string; ddd: string; phone: string; service: string }[];
  received: { conn: number; text?: string; garbage?: string }[];
}

interface Relay {
  id: string;
  url: string;
}

const OPTIONS = {
  pauseReasons: '1=Lanche;2=Banheiro;3=Treinamento',
  defaultDdd: '85',
  statusPollMs: 250,
  requestTimeoutMs: 700,
  reconnectBaseMs: 50,
  reconnectMaxMs: 250,
} as const;

const simState = (sim: SimulatorHandle): Promise<TactiumState> => control(sim, 'state');
const agentIn = (state: TactiumState, login: string) => state.agents.find((a) => a.login === login)!;
const live = (s: CtiSessionHandle): Call | undefined => s.snapshot?.calls.find((c) => c.state !== 'ended');
const connected = (s: SessionSnapshot): boolean => s.connection.status === 'connected';

async function startRelay(targets: Record<string, string>): Promise<Relay> {
  const res = await fetch('/__sim/relay', { method: 'POST', body: JSON.stringify({ targets }) });
  if (!res.ok) throw new Error(`relay: ${res.status} ${await res.text()}`);
  return (await res.json()) as Relay;
}
async function relayFault(relay: Relay, what: 'down' | 'up'): Promise<void> {
  const res = await fetch(`/__sim/relay-${what}-${relay.id}`, { method: 'POST' });
  if (!res.ok) throw new Error(`relay-${what}: ${res.status}`);
}

// Every test runs against the default simulator and the strict one (only what the seed shows; the least
// convenient form where it is silent: no reply to a dial or to <AC> with no call, bare error text, <Jose>).
for (const variant of ['default', 'strict'] as const) describe(`Tactium end to end (through websockify, ${variant} simulator)`, function () {
  this.timeout(20000);
  let sim: SimulatorHandle;
  let relay: Relay;
  let session: CtiSessionHandle | undefined;
  let extra: CtiSessionHandle | undefined;

  const config = (options: Record<string, string | number | boolean> = {}, agent = 'jose', token = 'tactium'): SessionConfig => ({
    vendor: 'tactium',
    server: `${relay.url}?token=${token}`,
    agent,
    options: { ...OPTIONS, ...options },
  });

  /** A session for `agent`, connected with its first snapshot. */
  async function agentSession(agent = 'jose', options: Record<string, string | number | boolean> = {}): Promise<CtiSessionHandle> {
    const s = openSession(config(options, agent));
    await until(s, (snap) => connected(snap) && snap.agent.agentId === agent, `${agent} connected`);
    return s;
  }

  before(async () => {
    sim = await startSimulator('tactium', { strict: variant === 'strict' });
    // 'dead': a port nothing listens on (the relay opens, then closes 1011).
    relay = await startRelay({ tactium: sim.url, dead: 'tcp://127.0.0.1:1' });
  });
  after(async () => {
    await fetch(`/__sim/${relay.id}`, { method: 'DELETE' });
    await sim.stop();
  });
  afterEach(async () => {
    session?.dispose();
    extra?.dispose();
    session = extra = undefined;
    for (const el of hosts.splice(0)) el.remove();
    await control(sim, 'reset');
  });

  /** A host page: `<cti-provider>` with `<cti-phone>` on the real hub, jose ready; every host event recorded in order. */
  interface HostEvent {
    type: string;
    detail: { callId?: string; connected?: boolean; code?: string; operation?: string; detail?: string };
    command?: string;
  }
  const hosts: HTMLElement[] = [];
  async function hostPage(): Promise<{ provider: CtiProvider; events: HostEvent[]; session: CtiSessionHandle }> {
    const provider = document.createElement('cti-provider') as CtiProvider;
    const hub = uniqueHubName('tactium-host');
    provider.sessionFactory = (c) => createCtiSession(c, { hub: { name: hub, pingIntervalMs: 0 } });
    provider.options = { ...OPTIONS };
    Object.assign(provider, { vendor: 'tactium', server: `${relay.url}?token=tactium`, agent: 'jose' });
    provider.append(document.createElement('cti-phone'));
    const events: HostEvent[] = [];
    for (const type of ['cti-incoming-call', 'cti-call-answered', 'cti-call-ended', 'cti-error']) {
      provider.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail, command: (e as { command?: string }).command }));
    }
    document.body.append(provider);
    hosts.push(provider);
    const s = await waitFor(() => provider.session, 'the provider session');
    await until(s, (x) => connected(x) && x.agent.phase === 'ready', 'connected, ready');
    return { provider, events, session: s };
  }
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('binds the agent, shows ready with the configured pause reasons; pause, ready, after-call work', async () => {
    session = await agentSession();
    const first = session.snapshot!;
    expect(first.agent).to.deep.include({ phase: 'ready', detail: 'status-1', agentId: 'jose' });
    expect(first.pauseReasons.map((r) => r.name)).to.deep.equal(['Lanche', 'Banheiro', 'Treinamento']);
    expect(first.capabilities).to.deep.include({ vendor: 'tactium', answer: 'never', hold: false, dialService: 'optional', team: true });
    const state = await simState(sim);
    expect(state.connections.some((c) => c.bound.includes('jose'))).to.equal(true);

    await session.execute({ type: 'pause', reasonId: '2' });
    const paused = await until(session, (s) => s.agent.phase === 'paused', 'paused');
    expect(paused.agent.pause).to.deep.include({ reasonId: '2', reasonName: 'Banheiro' });
    expect(agentIn(await simState(sim), 'jose')).to.include({ status: 2, pauseCode: '2' });
    await session.execute({ type: 'ready' });
    await until(session, (s) => s.agent.phase === 'ready', 'ready');

    // After-call work set from the IP Client side: the poll sees it; the widget ends it.
    await control(sim, 'agent', { agent: 'jose', status: 4 });
    await until(session, (s) => s.agent.phase === 'after-call', 'after-call work seen by the poll');
    await session.execute({ type: 'end-after-call' });
    await until(session, (s) => s.agent.phase === 'ready', 'ready after <POS><OFF>');
    expect(agentIn(await simState(sim), 'jose').status).to.equal(1);
  });

  it('<AC> with no call answered in every plausible form (nothing, error-shaped, empty call, empty <AC>, <OK>): signed in, state right, no error', async () => {
    for (const form of ['none', 'error', 'empty-call', 'empty', 'ok'] as const) {
      await control(sim, 'config', { noCurrentCallReply: form });
      await control(sim, 'agent', { agent: 'ana', status: 2, pauseCode: '3' });
      const s = await agentSession('ana');
      try {
        const snap = await until(s, (x) => x.agent.phase === 'paused', `paused (${form})`);
        expect(snap.calls, form).to.deep.equal([]);
        expect(snap.lastError, form).to.equal(undefined);
        // Nothing is left hanging: a command goes through at once.
        await s.execute({ type: 'ready' });
        await until(s, (x) => x.agent.phase === 'ready', `ready (${form})`);
      } finally {
        s.dispose();
      }
    }
  });

  it('login while logged out in the IP Client is refused in words; the IP Client login is picked up; logout', async () => {
    session = await agentSession('maria');
    expect(session.snapshot!.agent.phase).to.equal('logged-out');
    const error = await rejection(session.execute({ type: 'login', agent: 'maria' }));
    expect(error).to.include({ code: 'invalid-state', vendorCode: 'ip-client-logged-out', detail: 'status-0' });
    await until(session, (s) => s.lastError?.vendorCode === 'ip-client-logged-out', 'the error in the snapshot');
    await control(sim, 'ip-login', { agent: 'maria' });
    await until(session, (s) => s.agent.phase === 'ready', 'the poll sees the IP Client login');
    await session.execute({ type: 'login', agent: 'maria' });
    await session.execute({ type: 'logout' });
    await until(session, (s) => s.agent.phase === 'logged-out', 'logged out');
    expect(agentIn(await simState(sim), 'maria').status).to.equal(0);
  });

  it('a bind refused until the IP Client login (seed 4.1): shown once, retried with backoff, connected, the error gone', async () => {
    await control(sim, 'fail-next', { command: 'L', count: 3, text: 'Agente não logado no IP Client' });
    session = openSession(config());
    const refused = await until(session, (s) => s.lastError?.vendorCode === 'bind-refused', 'the refusal');
    expect(refused.lastError).to.include({ code: 'server-unavailable', operation: 'bind' });
    expect(refused.lastError?.detail).to.contain('Agente não logado no IP Client');
    expect(refused.connection.status).to.be.oneOf(['reconnecting', 'connecting']);
    const back = await until(session, (s) => connected(s) && s.agent.agentId === 'jose', 'bound on a later try');
    expect(back.lastError).to.equal(undefined);
    expect(back.condition).to.equal(undefined);
    const binds = (await simState(sim)).received.filter((r) => r.text === '<jose><L><ON>$');
    expect(binds).to.have.length(4);
    // Refused three times, shown once.
    expect((await session.hubDiagnostics!()).log.filter((e) => e.code === 'server-unavailable')).to.have.length(1);
  });

  it('dials (DDD split, service), the far end hangs up, after-call work, then ready', async () => {
    session = await agentSession('jose', { defaultService: 'Vendas' });
    // The offending field as detail (a code, the control's title), never the adapter's English sentence.
    expect(await rejection(session.execute({ type: 'dial', to: 'abc' }))).to.include({ code: 'bad-request', detail: 'to' });
    await session.execute({ type: 'dial', to: '(11) 98765-4321', service: 'Campanha_Cobrança' });
    // Strict: <A> 150 ms after the dial, so the call shows dialing first; its <A> connects the same call.
    const first = await waitFor(() => live(session!), 'the outgoing call');
    const call = await waitFor(() => (live(session!)?.state === 'active' ? live(session!) : undefined), 'the outgoing call connected');
    expect(call.id).to.equal(first.id);
    expect(call).to.deep.include({ state: 'active', direction: 'outbound', service: 'Campanha_Cobrança' });
    expect(call.remote[0]?.number).to.equal('11987654321');
    expect((await simState(sim)).dials).to.deep.equal([{ agent: 'jose', ddd: '11', phone: '987654321', service: 'Campanha_Cobrança' }]);
    await until(session, (s) => s.agent.phase === 'busy', 'busy');

    await control(sim, 'hangup', { agent: 'jose' });
    const after = await until(session, (s) => !live(session!) && s.agent.phase === 'after-call', 'ended, after-call work');
    expect(after.calls.find((c) => c.id === call.id)?.state ?? 'ended').to.equal('ended');
    await session.execute({ type: 'ready' });
    await until(session, (s) => s.agent.phase === 'ready', 'ready');

    // A local number with the default DDD and the default service.
    await session.execute({ type: 'dial', to: '4005-0500' });
    await waitFor(() => live(session!), 'the second call');
    expect((await simState(sim)).dials.at(-1)).to.deep.equal({ agent: 'jose', ddd: '85', phone: '40050500', service: 'Vendas' });
  });

  it('an inbound call with its recording path; the agent hangs up', async () => {
    session = await agentSession();
    await control(sim, 'inbound', { agent: 'jose', ddd: '21', number: '33334444', to: '4000' });
    const call = await waitFor(() => live(session!), 'the inbound call');
    expect(call).to.deep.include({ state: 'active', direction: 'inbound', detail: 'inbound' });
    expect(call.remote[0]?.number).to.equal('2133334444');
    expect(call.actions).to.deep.include({ answer: false, hangup: true, hold: false, transfer: false });
    await control(sim, 'recording', { agent: 'jose', path: 'c:\\records\\2026\\7001-x.wav' });
    await waitFor(() => live(session!)?.data['gravacao'] === 'c:\\records\\2026\\7001-x.wav', 'the recording path');
    await session.execute({ type: 'hangup', callId: call.id });
    await until(session, (s) => !live(session!) && s.agent.phase === 'after-call', 'ended');
    expect((await simState(sim)).agents[0]?.lastCall).to.deep.include({ kind: 'R' });
  });

  it('a dialer call with its attach info; outcome and callback recorded by Tactium', async () => {
    session = await agentSession();
    await control(sim, 'dialer', {
      agent: 'jose',
      id: '15068',
      ddd: '11',
      number: '987654321',
      description: 'Cliente VIP',
      recordingCode: '12345678900',
      externalId: 'CRM-42',
      campaign: 'Cobrança',
    });
    const call = await waitFor(() => live(session!), 'the dialer call');
    expect(call).to.deep.include({ detail: 'dialer', service: 'Cobrança' });
    expect(call.data).to.deep.include({
      id: '15068',
      descricao: 'Cliente VIP',
      'cod-vinculo-gravacao': '12345678900',
      'dialer.CampaignName': 'Cobrança',
      'dialer.AttachInfo': 'CRM-42',
    });
    await session.execute({ type: 'dialer-outcome', callId: call.id, outcome: 'EletronicResponse' });
    await control(sim, 'hangup', { agent: 'jose' });
    await until(session, (s) => s.agent.phase === 'after-call', 'after-call work');
    await session.execute({ type: 'schedule-callback', at: '2026-08-17T15:00', number: '(85) 4005-0500' });
    // Seed 4.7: the callback ends after-call work by itself.
    await until(session, (s) => s.agent.phase === 'ready', 'ready after the callback');
    const state = await simState(sim);
    expect(state.outcomes.map((o) => [o.agent, o.itemId, o.state])).to.deep.equal([['jose', '15068', 'EletronicResponse']]);
    expect(state.callbacks.map((c) => [c.itemId, c.wire, c.phone, c.for])).to.deep.equal([['15068', '17/08/2026 15:00', '8540050500', 'jose']]);
  });

  it("error replies (the bracketed and the bare form) reach the page as command-failed with the server's words, not the wire; the link keeps working", async () => {
    session = await agentSession();
    await control(sim, 'fail-next', { command: 'P', text: 'Pausa não permitida agora' });
    const first = await rejection(session.execute({ type: 'pause', reasonId: '1' }));
    expect(first).to.include({ code: 'command-failed', operation: 'pause', detail: 'Pausa não permitida agora' });
    await control(sim, 'config', { errorForm: 'bare-text' });
    const second = await rejection(session.execute({ type: 'end-after-call' }));
    expect(second).to.include({ code: 'command-failed', detail: 'Agente não está em pós-atendimento' });
    await until(session, (s) => s.lastError?.detail === 'Agente não está em pós-atendimento', 'the words in the snapshot');
    await session.execute({ type: 'pause', reasonId: '3' });
    await until(session, (s) => s.agent.phase === 'paused', 'paused after the failures');
  });

  it('after-call work ended in the IP Client: the refused <POS><OFF> is shown and the status is read at once, not at the next poll', async () => {
    session = await agentSession('jose', { statusPollMs: 60_000 });
    await control(sim, 'inbound', { agent: 'jose' });
    await waitFor(() => live(session!), 'the call');
    await control(sim, 'hangup', { agent: 'jose' });
    await until(session, (s) => !live(session!) && s.agent.phase === 'after-call', 'after-call work');
    // The agent ends it in the IP Client (Tactium pushes no status: seed 4.6 is a query), then in the panel.
    await control(sim, 'agent', { agent: 'jose', status: 1 });
    const error = await rejection(session.execute({ type: 'end-after-call' }));
    expect(error).to.include({ code: 'command-failed', detail: 'Agente não está em pós-atendimento' });
    await until(session, (s) => s.agent.phase === 'ready', 'ready, read right after the refusal (the poll is 60 s away)');
  });

  it('host page: calls put through already connected (<R> inbound, dialer <A>) fire cti-incoming-call once, then cti-call-answered, then cti-call-ended', async () => {
    const { events, session: s } = await hostPage();
    await control(sim, 'inbound', { agent: 'jose', number: '933334444' });
    await waitFor(() => events.some((e) => e.type === 'cti-call-answered'), 'cti-call-answered (inbound)');
    await settle();
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
    expect(events[0]!.detail).to.include({ connected: true });
    const inbound = events[0]!.detail.callId;
    expect(events[1]!.detail.callId).to.equal(inbound);
    await control(sim, 'hangup', { agent: 'jose' });
    await waitFor(() => events.some((e) => e.type === 'cti-call-ended'), 'cti-call-ended');
    await control(sim, 'agent', { agent: 'jose', status: 1 });
    await until(s, (x) => x.agent.phase === 'ready', 'ready again (the poll sees it)');
    await control(sim, 'dialer', { agent: 'jose', id: '777' });
    await waitFor(() => events.filter((e) => e.type === 'cti-call-answered').length === 2, 'cti-call-answered (dialer)');
    await settle();
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-answered', 'cti-call-ended', 'cti-incoming-call', 'cti-call-answered']);
    expect(events[3]!.detail).to.include({ connected: true });
    expect(events[3]!.detail.callId).to.not.equal(inbound);
  });

  it('host page: a dial Tactium refuses is shown by <cti-phone> and fired as exactly one cti-error', async () => {
    const { provider, events, session: s } = await hostPage();
    await control(sim, 'fail-next', { command: 'A', text: 'Telefone bloqueado' });
    const phone = provider.querySelector('cti-phone')!;
    const part = (name: string) => phone.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    // The session is connected before the phone has rendered it: until then its Call button waits (issue #11 §3).
    await waitFor(() => part('dial-button') && part('dial-button')!.getAttribute('aria-disabled') !== 'true', 'the Call button offered');
    const number = (await waitFor(() => part('number-input'), 'the number field')) as HTMLInputElement;
    number.value = '1140050500';
    number.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const service = part('service-input') as HTMLInputElement;
    service.value = 'Vendas';
    service.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    part('dial-button')!.click();
    await waitFor(() => part('error')?.getAttribute('data-code') === 'command-failed', 'the phone shows the refusal');
    // The translated message and the server's words; no wire text (default: `<jose><ERRO>…$`, strict: `ERRO: …$`).
    expect(part('error-message')!.textContent).to.equal('O comando falhou.');
    expect(part('error-detail')!.textContent).to.contain('Telefone bloqueado');
    expect(part('error')!.textContent).to.not.match(/[<>$]|ERRO/);
    await until(s, (x) => x.lastError?.detail === 'Telefone bloqueado', 'the refusal as lastError too');
    await settle();
    const errors = events.filter((e) => e.type === 'cti-error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail).to.include({ code: 'command-failed', operation: 'dial' });
    expect(errors[0]!.detail.detail).to.contain('Telefone bloqueado');
    expect(errors[0]!.command).to.equal('dial');
    expect(events.map((e) => e.type)).to.deep.equal(['cti-error']);
    expect((await simState(sim)).dials).to.deep.equal([]);
  });

  it('host page: a dial shows at once as a dialing call with only hang-up; the agent cancels it before the far end answers, the card goes and Tactium ends the call', async () => {
    // The far end never answers within the test (seed 4.9/5.1 give no timing: the <A> comes when the call connects).
    await control(sim, 'config', { dialConnectMs: 60_000 });
    const { provider, events, session: s } = await hostPage();
    const phone = provider.querySelector('cti-phone')!;
    const part = (name: string, root: ParentNode = phone.shadowRoot!) => root.querySelector<HTMLElement>(`[part~="${name}"]`);
    await waitFor(() => part('dial-button') && part('dial-button')!.getAttribute('aria-disabled') !== 'true', 'the Call button offered');
    await s.execute({ type: 'dial', to: '(11) 98765-4321', service: 'Vendas' });
    const dialing = await waitFor(() => live(s), 'the dialing call');
    expect(dialing).to.deep.include({ state: 'dialing', direction: 'outbound', service: 'Vendas' });
    expect(dialing.remote[0]?.number).to.equal('11987654321');
    expect(dialing.actions).to.deep.include({ hangup: true, answer: false, reject: false, hold: false, transfer: false, consult: false, conference: false, dtmf: false });
    const card = await waitFor(() => part('call'), 'the dialing card');
    expect(card.getAttribute('data-state')).to.equal('dialing');
    expect(part('call-service', card)!.textContent).to.contain('Vendas');
    expect((await simState(sim)).agents[0]!.call).to.deep.include({ kind: 'A', dest: '987654321' });
    part('hangup-button', card)!.click();
    await until(s, () => !live(s), 'the dialing call ended');
    await waitFor(() => !phone.shadowRoot!.querySelector('[part~="call"]:not([data-state="ended"])'), 'no live card');
    const sim2 = agentIn(await simState(sim), 'jose');
    expect(sim2.call).to.equal(null);
    expect(sim2.lastCall).to.deep.include({ kind: 'A', dest: '987654321', endedBy: 'agent' });
    await settle();
    expect(s.snapshot!.calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);
    expect(events.filter((e) => e.type === 'cti-error')).to.deep.equal([]);
  });

  it('a stray $ from the server (alone, doubled after a message, or while a command waits) is ignored: no error, the command takes its reply', async () => {
    session = await agentSession();
    await control(sim, 'emit', { text: '$' });
    await control(sim, 'config', { replyDelayMs: 300 });
    const pause = session.execute({ type: 'pause', reasonId: '1' });
    await settle();
    await control(sim, 'emit', { text: '<jose><S><1>$$ $\r\n' });
    await pause;
    await until(session, (s) => s.agent.phase === 'paused', 'paused');
    await settle();
    expect(session.snapshot!.lastError).to.equal(undefined);
  });

  it('garbage and a truncated message from the server: malformed-frame, no phantom call, the link recovers', async () => {
    session = await agentSession();
    await control(sim, 'emit', { text: '@@@ lixo\r\n' });
    await until(session, (s) => s.lastError?.code === 'malformed-frame' && s.lastError.detail === 'outside-message', 'the malformed-frame error (a code as detail)');
    await control(sim, 'emit', { base64: btoa('<jose><S>$') });
    await until(session, (s) => s.lastError?.detail === 'no-status-code', 'a status without a code (its code as detail)');
    // Half a call message, then the connection drops: the next connection starts clean.
    await control(sim, 'emit', { text: '<jose><R><><85><9888' });
    await control(sim, 'drop');
    await until(session, (s) => s.connection.status !== 'connected', 'the drop');
    await until(session, connected, 'connected again');
    await control(sim, 'inbound', { agent: 'jose', number: '911112222' });
    const call = await waitFor(() => live(session!), 'a call after the bad bytes');
    expect(call.remote[0]?.number).to.equal('85911112222');
    expect(session.snapshot!.calls.filter((c) => c.state !== 'ended')).to.have.length(1);
  });

  it('a token the relay does not know is relay-unavailable; a relay target that is down is vendor-unreachable', async () => {
    session = openSession(config({}, 'jose', 'nope'));
    const refused = await until(session, (s) => s.lastError?.code === 'relay-unavailable', 'relay-unavailable');
    expect(refused.connection.status).to.be.oneOf(['reconnecting', 'connecting']);
    expect((await rejection(session.execute({ type: 'ready' }))).code).to.equal('not-connected');
    extra = openSession(config({}, 'jose', 'dead'));
    await until(extra, (s) => s.lastError?.code === 'vendor-unreachable', 'vendor-unreachable');
  });

  it('the Tactium server stops mid-call and comes back: the call is still there, same id; or gone, with after-call work', async () => {
    session = await agentSession();
    await control(sim, 'inbound', { agent: 'jose' });
    const call = await waitFor(() => live(session!), 'the call');
    await control(sim, 'stop');
    await until(session, (s) => s.lastError?.code === 'vendor-unreachable' || s.lastError?.code === 'connection-lost', 'the outage');
    await waitFor(() => live(session!)?.detail === 'unconfirmed', 'the call unconfirmed');
    await control(sim, 'start');
    await until(session, (s) => connected(s) && live(session!)?.detail === 'inbound', 'reconnected, call confirmed');
    expect(live(session)?.id).to.equal(call.id);
    expect(session.snapshot!.agent.phase).to.equal('busy');

    await control(sim, 'stop');
    await until(session, (s) => !connected(s), 'down again');
    await control(sim, 'hangup', { agent: 'jose' });
    await control(sim, 'start');
    await until(session, (s) => connected(s) && !live(session!) && s.agent.phase === 'after-call', 'no call, after-call work');
  });

  it("seed 5.1's own forms (0 in the unused fields, call messages ending '<$'): no phantom call, a dial stays a plain outbound call, the call survives a reconnect", async () => {
    await control(sim, 'config', { unusedFields: 'zero', callEnd: '<$', noCurrentCallReply: 'empty-call' });
    session = await agentSession();
    expect(live(session)).to.equal(undefined);
    await session.execute({ type: 'dial', to: '(11) 98765-4321', service: 'Vendas' });
    const call = await waitFor(() => (live(session!)?.state === 'active' ? live(session!) : undefined), 'the outgoing call connected');
    expect(call).to.deep.include({ direction: 'outbound', detail: 'outbound', service: 'Vendas' });
    expect(call.data['id']).to.equal(undefined);
    await control(sim, 'stop');
    await until(session, (s) => !connected(s), 'down');
    await control(sim, 'start');
    await until(session, (s) => connected(s) && live(session!)?.detail === 'outbound', 'reconnected, the call confirmed');
    expect(live(session)?.id).to.equal(call.id);
    expect((await session.hubDiagnostics!()).log.some((e) => e.code === 'keep-alive-lost' || e.code === 'malformed-frame')).to.equal(false);
  });

  it('the server restarts during a pause and forgets it: ready after the reconnect; a pause then made in the IP Client shows no reason, not the old one', async () => {
    session = await agentSession();
    await session.execute({ type: 'pause', reasonId: '2' });
    await until(session, (s) => s.agent.pause?.reasonName === 'Banheiro', 'paused (Banheiro)');
    await control(sim, 'reset');
    await until(session, (s) => connected(s) && s.agent.phase === 'ready', 'reconnected, ready (the server forgot the pause)');
    await control(sim, 'agent', { agent: 'jose', status: 2, pauseCode: '3' });
    const paused = await until(session, (s) => s.agent.phase === 'paused', 'the IP Client pause seen by the poll');
    expect(paused.agent.pause?.reasonName ?? '').to.equal('');
  });

  it('the relay is killed mid-call and comes back: reconnects, the call confirmed', async () => {
    session = await agentSession();
    await control(sim, 'dialer', { agent: 'jose', id: '501' });
    const call = await waitFor(() => live(session!), 'the call');
    await relayFault(relay, 'down');
    try {
      // Dropped (connection-lost), then every attempt refused while it is down (relay-unavailable).
      await until(session, (s) => !connected(s) && s.lastError?.code === 'relay-unavailable', 'relay unavailable while it is down');
      expect((await session.hubDiagnostics!()).log.some((e) => e.code === 'connection-lost')).to.equal(true);
    } finally {
      await relayFault(relay, 'up');
    }
    await until(session, (s) => connected(s) && live(session!)?.detail === 'dialer', 'back, the call confirmed', 10000);
    expect(live(session)?.id).to.equal(call.id);
  });

  it('a half-open link (the server stops answering): keep-alive-lost, then connected again once it answers', async () => {
    session = await agentSession();
    await control(sim, 'mute', { on: true });
    await until(session, (s) => s.lastError?.code === 'keep-alive-lost', 'the watchdog');
    await control(sim, 'mute', { on: false });
    await until(session, connected, 'connected again');
  });

  it('a supervisor (ADMSOCKET) sees every agent’s calls and the listed agents’ status, next to an agent session', async () => {
    extra = await agentSession('jose');
    session = openSession(config({ role: 'supervisor', agents: 'jose,ana,maria' }, 'supervisor'));
    const first = await until(session, (s) => connected(s) && s.team.filter((m) => m.phase !== 'unknown').length === 3, 'the team');
    expect(Object.fromEntries(first.team.map((m) => [m.agentId, m.phase]))).to.deep.equal({ jose: 'ready', ana: 'ready', maria: 'logged-out' });
    expect((await simState(sim)).connections.some((c) => c.admin)).to.equal(true);

    await control(sim, 'inbound', { agent: 'ana', number: '933334444' });
    const busy = await until(session, (s) => s.team.find((m) => m.agentId === 'ana')?.call !== undefined, 'ana on a call');
    expect(busy.team.find((m) => m.agentId === 'ana')).to.deep.include({ phase: 'busy' });
    expect(busy.team.find((m) => m.agentId === 'ana')?.call).to.deep.include({ direction: 'inbound', number: '85933334444' });
    await control(sim, 'hangup', { agent: 'ana' });
    await until(session, (s) => {
      const ana = s.team.find((m) => m.agentId === 'ana');
      return ana?.call === undefined && ana?.phase === 'after-call';
    }, 'ana in after-call work, no call');

    // The agent's own session is not disturbed, and the supervisor never acts as an agent.
    await extra.execute({ type: 'pause', reasonId: '1' });
    await until(session, (s) => s.team.find((m) => m.agentId === 'jose')?.phase === 'paused', 'jose paused, seen by the poll');
    expect((await rejection(session.execute({ type: 'ready' }))).code).to.equal('unsupported');
  });
});
