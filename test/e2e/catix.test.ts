/**
 * Catix end to end: the real hub SharedWorker, the real Catix adapter, the browser's own WebSocket, the REAL
 * websockify relay (token allow-list) and the Catix simulator (the test oracle, written from the documents).
 * One simulator and one relay per variant; the simulator is reset before every test.
 *
 * The suite runs twice: against the default simulator and against its `strict` variant (only what the
 * documents show; where they are silent, the least convenient plausible form: lists as JSON text, command
 * errors as NOTIFICACAO + erroCod, 1004 for a logged-out agent's status, no KEEP_ALIVE).
 */
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { createCtiSession } from '../../src/client/session.js';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import type { Call, SessionSnapshot } from '../../src/domain/model.js';
import type { SessionConfig } from '../../src/vendors/adapter.js';
import { control, openSession, rejection, startSimulator, uniqueHubName, until, waitFor, type SimulatorHandle } from './helpers.js';

const ACCOUNT = { user: 'crm', password: 'int-S3cret!' };
const TOKEN = 'catix-e2e';

interface Relay {
  id: string;
  url: string;
}

interface CatixState {
  running: boolean;
  clients: { id: number; mode: string | null; agent: string | null }[];
  agents: { id: string; state: string; extension: string | null; status: string; pause: { id: string; obs: string } | null; call: { rl: string; number: string; state: string } | null }[];
  transfers: { agent: string; rl: string; to: string; via: string }[];
  log: { message?: Record<string, unknown>; invalid?: string }[];
  variants: { strict: boolean };
}

const catixState = (sim: SimulatorHandle): Promise<CatixState> => control(sim, 'state');
const commands = (state: CatixState, comando: string) => state.log.flatMap((e) => (e.message?.['comando'] === comando ? [e.message] : []));
const agent1 = (state: CatixState) => state.agents.find((a) => a.id === '1001')!;

async function startRelay(targets: Record<string, string>): Promise<Relay> {
  const res = await fetch('/__sim/relay', { method: 'POST', body: JSON.stringify({ targets }) });
  if (!res.ok) throw new Error(`relay: ${res.status} ${await res.text()}`);
  return (await res.json()) as Relay;
}
async function relayFault(relay: Relay, what: 'down' | 'up'): Promise<void> {
  const res = await fetch(`/__sim/relay-${what}-${relay.id}`, { method: 'POST' });
  if (!res.ok) throw new Error(`relay ${what}: ${res.status}`);
}

const live = (s: CtiSessionHandle): Call | undefined => s.snapshot?.calls.find((c) => c.state !== 'ended');

for (const variant of ['default', 'strict'] as const) describe(`Catix end to end (through websockify, ${variant} simulator)`, function () {
  this.timeout(30000);
  const strict = variant === 'strict';
  let sim: SimulatorHandle;
  let relay: Relay;
  const sessions: CtiSessionHandle[] = [];

  function config(options: Record<string, string | number | boolean> = {}, extra: Partial<SessionConfig> = {}): SessionConfig {
    return {
      vendor: 'catix',
      server: `${relay.url}?token=${TOKEN}`,
      agent: '1001',
      extension: '2001',
      credentials: ACCOUNT,
      options: { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000, ...options },
      ...extra,
    };
  }
  function open(options: Record<string, string | number | boolean> = {}, extra: Partial<SessionConfig> = {}): CtiSessionHandle {
    const s = openSession(config(options, extra));
    sessions.push(s);
    return s;
  }
  /** Connected, the agent logged in on 2001 with the PIN confirmed on the "extension". */
  async function signedIn(options: Record<string, string | number | boolean> = {}): Promise<CtiSessionHandle> {
    const s = open(options);
    await until(s, (x) => x.connection.status === 'connected' && x.agent.detail === 'Deslogado', 'connected, logged out');
    await s.execute({ type: 'login', agent: '1001', extension: '2001' });
    await until(s, (x) => x.agent.detail === 'catix-pin-pending', 'the PIN prompt');
    await control(sim, 'pin', { agent: '1001' });
    await until(s, (x) => x.agent.phase === 'ready', 'logged in');
    return s;
  }
  async function activeCall(s: CtiSessionHandle, to = '01733334444'): Promise<Call> {
    await s.execute({ type: 'dial', to });
    await waitFor(() => live(s)?.state === 'dialing', 'dialing');
    await control(sim, 'answer', { agent: '1001' });
    await until(s, () => live(s)?.state === 'active', 'answered');
    return live(s)!;
  }

  before(async () => {
    sim = await startSimulator('catix', { accounts: [ACCOUNT], pinDelayMs: null, farEndAnswerMs: null, ...(strict ? { strict: true } : { keepAliveMs: 200 }) });
    relay = await startRelay({ [TOKEN]: sim.url });
  });
  after(async () => {
    await fetch(`/__sim/${relay.id}`, { method: 'DELETE' });
    await sim.stop();
  });
  beforeEach(async () => {
    await control(sim, 'reset');
  });
  afterEach(() => {
    for (const s of sessions.splice(0)) s.dispose();
    for (const el of hosts.splice(0)) el.remove();
  });

  /** A host page: `<cti-provider>` with `<cti-phone>` on the real hub; every host event recorded in order. */
  const hosts: HTMLElement[] = [];
  async function hostPage(): Promise<{ provider: CtiProvider; events: { type: string; detail: any; command?: string }[]; session: CtiSessionHandle }> {
    const provider = document.createElement('cti-provider') as CtiProvider;
    const hub = uniqueHubName('catix-host');
    provider.sessionFactory = (c) => createCtiSession(c, { hub: { name: hub, pingIntervalMs: 0 } });
    provider.options = { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000 };
    provider.credentials = ACCOUNT;
    Object.assign(provider, { vendor: 'catix', server: `${relay.url}?token=${TOKEN}`, agent: '1001', extension: '2001' });
    provider.append(document.createElement('cti-phone'));
    const events: { type: string; detail: any; command?: string }[] = [];
    for (const type of ['cti-incoming-call', 'cti-call-answered', 'cti-call-ended', 'cti-error']) {
      provider.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail, command: (e as { command?: string }).command }));
    }
    document.body.append(provider);
    hosts.push(provider);
    const session = await waitFor(() => provider.session, 'the provider session');
    await until(session, (x) => x.connection.status === 'connected' && x.agent.detail === 'Deslogado', 'connected, logged out');
    await provider.login({ agent: '1001', extension: '2001' });
    await until(session, (x) => x.agent.detail === 'catix-pin-pending', 'the PIN prompt');
    await control(sim, 'pin', { agent: '1001' });
    await until(session, (x) => x.agent.phase === 'ready', 'logged in');
    return { provider, events, session };
  }

  it('connects through the relay, shows the server lists, logs the agent in after the PIN, never leaks the account', async () => {
    expect((await catixState(sim)).variants.strict).to.equal(strict);
    const s = open();
    const first = await until(s, (x) => x.connection.status === 'connected' && x.agent.detail === 'Deslogado', 'connected');
    expect(first.capabilities).to.include({ vendor: 'catix', answer: 'never', hold: false, redial: true, transferTargets: true, team: true });
    const lists = await until(s, (x) => x.pauseReasons.length > 0 && x.transferTargets.length > 0 && x.queues.length > 0, 'the lists');
    expect(lists.pauseReasons.find((r) => r.id === '2')).to.deep.equal({ id: '2', name: 'Outra tarefa', requiresNote: true });
    expect(lists.transferTargets.map((t) => t.name)).to.deep.equal(['2001', '2002', '2003']);
    expect(lists.queues.map((q) => q.name)).to.deep.equal(['RECEPCAO', 'COBRANCA_GERAL']);

    await s.execute({ type: 'login', agent: '1001', extension: '2002' });
    await until(s, (x) => x.agent.detail === 'catix-pin-pending', 'the PIN prompt');
    // The agent's own extension is never a transfer destination.
    expect(s.snapshot!.transferTargets.map((t) => t.name)).to.deep.equal(['2001', '2003']);
    expect(agent1(await catixState(sim)).state).to.equal('logged-out');
    await control(sim, 'pin', { agent: '1001' });
    const ready = await until(s, (x) => x.agent.phase === 'ready', 'logged in');
    expect(ready.agent).to.include({ agentId: '1001', extension: '2002' });
    const state = await catixState(sim);
    expect(state.clients.map((c) => [c.mode, c.agent])).to.deep.equal([['single', '1001']]);
    expect(commands(state, 'LOGAR_SINGLE_USER')[0]).to.deep.include({ agente: '1001', atributos: { usuario: 'crm', senha: '***' } });
    expect(JSON.stringify(s.snapshot)).not.to.contain(ACCOUNT.password);

    await s.execute({ type: 'logout' });
    await until(s, (x) => x.agent.phase === 'logged-out', 'logged out');
  });

  it('pause: a reason that needs a note is refused locally without one; with one it pauses; ready unpauses (DESPAUSAR)', async () => {
    const s = await signedIn();
    const error = await rejection(s.execute({ type: 'pause', reasonId: '2' }));
    expect(error).to.include({ code: 'missing-data', operation: 'pause' });
    expect(commands(await catixState(sim), 'PAUSAR')).to.have.length(0);
    await s.execute({ type: 'pause', reasonId: '2', note: 'Reunião <b>geral</b>' });
    const paused = await until(s, (x) => x.agent.phase === 'paused', 'paused');
    expect(paused.agent.pause).to.include({ reasonId: '2', reasonName: 'Outra tarefa' });
    expect(agent1(await catixState(sim)).pause).to.include({ id: '2', obs: 'Reunião <b>geral</b>' });
    await s.execute({ type: 'ready' });
    await until(s, (x) => x.agent.phase === 'ready', 'ready');
    expect(commands(await catixState(sim), 'PAUSAR').map((c) => (c['atributos'] as Record<string, string>)['pausa-acao'])).to.deep.equal(['PAUSAR', 'DESPAUSAR']);
  });

  it('dial, far-end answer, transfer to a listed target; redial, remote hang-up; an error reply is typed', async () => {
    const s = await signedIn();
    const call = await activeCall(s, '0 (17) 3333-4444');
    expect(call).to.include({ direction: 'outbound' });
    expect(call.remote[0]?.number).to.equal('01733334444');
    expect(s.snapshot!.agent.phase).to.equal('busy');
    const target = s.snapshot!.transferTargets.find((t) => t.name === '2003')!;
    await s.execute({ type: 'transfer', callId: call.id, to: target.id, toTarget: true });
    await until(s, () => !live(s), 'the call left');
    expect((await catixState(sim)).transfers).to.deep.equal([{ agent: '1001', rl: call.id, to: '2003', via: 'idDestino' }]);

    await s.execute({ type: 'redial' });
    await waitFor(() => live(s)?.state === 'dialing', 'redialing');
    expect(live(s)!.remote[0]?.number).to.equal('01733334444');
    await control(sim, 'hangup', { agent: '1001' });
    await until(s, (x) => !live(s) && x.agent.phase === 'ready', 'remote hang-up');

    await control(sim, 'fail-next', { comando: 'DISCAR', erroCod: 9999, informacao: 'Tronco indisponível' });
    const error = await rejection(s.execute({ type: 'dial', to: '2002' }));
    expect(error).to.include({ code: 'command-failed', vendorCode: '9999', detail: 'Tronco indisponível', operation: 'dial' });
    await until(s, (x) => x.lastError?.vendorCode === '9999', 'the error in the snapshot');
    const active = await activeCall(s, '2002');
    await s.execute({ type: 'hangup', callId: active.id });
    await until(s, () => !live(s), 'hung up');
  });

  it('dialer call with contact data, scheduled-call notice and answer, a queue call', async () => {
    const s = await signedIn();
    const { rl } = await control(sim, 'dialer', { agent: '1001', 'contato-cpfcnpj': '12345678909' });
    const dialer = await waitFor(() => live(s), 'the dialer call');
    expect(dialer).to.include({ id: rl, state: 'active', direction: 'outbound', service: '18' });
    expect(dialer.data).to.include({ 'contato-cpfcnpj': '12345678909', 'numero-contato': '1712345678', 'campanha-id': '18' });
    await s.execute({ type: 'hangup', callId: rl });
    await until(s, () => !live(s), 'dialer call over');

    await control(sim, 'scheduled', { agent: '1001', id: '15', dataHora: '08/04/2030 19:13:22' });
    const withNotice = await until(s, (x) => x.notices.length === 1, 'the notice');
    expect(withNotice.notices[0]).to.include({ id: 'scheduled-15', kind: 'scheduled-call', dueAt: new Date(2030, 3, 8, 19, 13, 22).getTime() });
    const sa = await control(sim, 'scheduled-answer', { agent: '1001', id: '15' });
    const scheduled = await waitFor(() => live(s), 'the scheduled call');
    expect(scheduled.id).to.equal(sa.rl);
    expect(scheduled.data).to.include({ 'agendamento-id': '15', 'agendamento-cod-referencia': '123456789' });
    await until(s, (x) => x.notices.length === 0, 'the notice dismissed');
    await control(sim, 'hangup', { agent: '1001' });
    await until(s, () => !live(s), 'scheduled call over');

    const inbound = await control(sim, 'inbound', { agent: '1001', from: '1733335555' });
    const queued = await waitFor(() => live(s), 'the queue call');
    expect(queued).to.include({ id: inbound.rl, state: 'active', direction: 'inbound', service: 'RECEPCAO' });
  });

  it('a refresh whose status and side queries fail keeps the lists, the call and the agent state', async () => {
    const s = await signedIn();
    const call = await activeCall(s);
    const before = s.snapshot!;
    for (const comando of ['STATUS_AGENTE', 'BUSCAR_TIPOS_PAUSA', 'BUSCAR_FILAS']) await control(sim, 'fail-next', { comando, erroCod: 9999, informacao: `${comando} fora do ar` });
    await s.execute({ type: 'refresh' });
    await until(s, (x) => x.lastError?.detail === 'STATUS_AGENTE fora do ar', 'the failures shown (the status is reported last)');
    const after = s.snapshot!;
    expect(after.connection.status).to.equal('connected');
    expect(after.agent.phase).to.equal('busy');
    expect(live(s)).to.include({ id: call.id, state: 'active' });
    expect(after.pauseReasons).to.deep.equal(before.pauseReasons);
    expect(after.queues).to.deep.equal(before.queues);
    await s.execute({ type: 'hangup', callId: call.id });
    await until(s, (x) => !live(s) && x.agent.phase === 'ready', 'hung up');
  });

  it('host page: a dialer call (put through already connected) fires cti-incoming-call once, then cti-call-answered, then cti-call-ended; a queue call too', async () => {
    const { events, session } = await hostPage();
    const { rl } = await control(sim, 'dialer', { agent: '1001', 'numero-contato': '1712345678' });
    await waitFor(() => events.some((e) => e.type === 'cti-call-answered'), 'cti-call-answered');
    await new Promise((r) => setTimeout(r, 150));
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
    expect(events[0]!.detail).to.include({ callId: rl, connected: true, service: '18' });
    expect(events[0]!.detail.data).to.include({ 'numero-contato': '1712345678', 'campanha-id': '18' });
    await session.execute({ type: 'hangup', callId: rl });
    await waitFor(() => events.some((e) => e.type === 'cti-call-ended'), 'cti-call-ended');
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-answered', 'cti-call-ended']);
    // A queue call is put through connected too (strict: its ANSWER carries no origem-tipo).
    events.length = 0;
    const queue = await control(sim, 'inbound', { agent: '1001', from: '1733335555' });
    await waitFor(() => events.some((e) => e.type === 'cti-call-answered'), 'the queue call answered');
    await new Promise((r) => setTimeout(r, 150));
    expect(events.map((e) => e.type)).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
    expect(events[0]!.detail).to.include({ callId: queue.rl, connected: true, service: 'RECEPCAO' });
    expect(events[0]!.detail.from.number).to.equal('1733335555');
  });

  it('host page: a dial Catix refuses is shown by <cti-phone> and fired as exactly one cti-error', async () => {
    const { provider, events, session } = await hostPage();
    await control(sim, 'fail-next', { comando: 'DISCAR', erroCod: 1001, informacao: 'Parâmetro inválido: numeroDiscado.' });
    const phone = provider.querySelector('cti-phone')!;
    const part = (name: string) => phone.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    await waitFor(() => part('dial-button')?.getAttribute('aria-disabled') !== 'true', 'dial enabled');
    // The phone's own dial (what its Call button runs): typing into the field raced the phone's re-renders.
    expect(await phone.dial('2002')).to.equal(false);
    await waitFor(() => part('error')?.getAttribute('data-code') === 'command-failed', 'the phone shows the refusal');
    await until(session, (x) => x.lastError?.vendorCode === '1001', 'the refusal as lastError too');
    await new Promise((r) => setTimeout(r, 150));
    const errors = events.filter((e) => e.type === 'cti-error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail).to.include({ code: 'command-failed', vendorCode: '1001', operation: 'dial' });
    expect(errors[0]!.command).to.equal('dial');
    expect(events.map((e) => e.type)).to.deep.equal(['cti-error']);
  });

  it('garbage and a truncated line from the server: malformed-frame, the connection and calls go on', async () => {
    const s = await signedIn();
    await control(sim, 'emit', { text: '\u0000\u00ff garbage {"tipo":\n' });
    await until(s, (x) => x.lastError?.code === 'malformed-frame', 'malformed-frame');
    // The default simulator writes a KEEP_ALIVE every 200 ms: one landing between the two halves (two control
    // calls apart, which a loaded machine can stretch past 200 ms) made both unreadable, as a real server never
    // does to its own line. Its keep-alives wait while the line is written in two.
    await control(sim, 'config', { keepAliveMs: null });
    await control(sim, 'emit', { text: '{"tipo":"EVENT","agente":"1001","informacao":"AGENT_PAU' });
    await control(sim, 'emit', { text: 'SED","atributos":{"idPausa":3,"pausa":"Banheiro"}}\n' });
    await until(s, (x) => x.agent.phase === 'paused' && x.agent.pause?.reasonName === 'Banheiro', 'the line split in two writes');
    if (!strict) await control(sim, 'config', { keepAliveMs: 200 });
    await control(sim, 'emit', { text: '{"tipo":"EVENT","agente":"1001","informacao":"AGENT_UNPAUSED"' });
    await control(sim, 'drop');
    await until(s, (x) => x.connection.status === 'connected' && x.agent.detail === 'Disponível', 'reconnected after the truncated line');
    expect(s.snapshot!.agent.phase).to.equal('ready');
    await activeCall(s);
  });

  it('wrong integration password: auth-failed, closed, no retry loop', async () => {
    const s = open({}, { credentials: { user: 'crm', password: 'wrong' } });
    const snap = await until(s, (x) => x.connection.status === 'closed', 'closed');
    expect(snap.lastError).to.include({ code: 'auth-failed', vendorCode: '2000' });
    await new Promise((r) => setTimeout(r, 500));
    expect(commands(await catixState(sim), 'LOGAR_SINGLE_USER')).to.have.length(1);
    expect(JSON.stringify(snap)).not.to.contain('wrong');
  });

  it('any error answer to the integration login (an erroCod no document lists) is a refused sign-in: closed, one attempt only', async () => {
    await control(sim, 'fail-next', { comando: 'LOGAR_SINGLE_USER', erroCod: 4242, informacao: 'Limite de licenças' });
    const s = open();
    const snap = await until(s, (x) => x.connection.status === 'closed', 'closed');
    expect(snap.lastError).to.include({ code: 'auth-failed', vendorCode: 'login-refused', detail: 'Limite de licenças' });
    await new Promise((r) => setTimeout(r, 600));
    expect(commands(await catixState(sim), 'LOGAR_SINGLE_USER')).to.have.length(1);
    expect(s.snapshot!.connection.status).to.equal('closed');
  });

  it('a re-login the server refuses for now (its old connection still held, seed L16/L20): retried, then connected with the call', async () => {
    const s = await signedIn();
    const call = await activeCall(s);
    await control(sim, 'fail-next', { comando: 'LOGAR_SINGLE_USER', erroCod: 9999, informacao: 'Agente 1001 já possui uma conexão', count: 2 });
    await control(sim, 'drop');
    await until(s, (x) => x.lastError?.code === 'server-unavailable', 'the refusal shown as an outage');
    expect(s.snapshot!.lastError).to.include({ vendorCode: '9999', detail: 'Agente 1001 já possui uma conexão' });
    const back = await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'busy', 'connected again');
    expect(back.calls.filter((c) => c.state !== 'ended').map((c) => [c.id, c.state])).to.deep.equal([[call.id, 'active']]);
    expect(commands(await catixState(sim), 'LOGAR_SINGLE_USER')).to.have.length(4);
  });

  it('a token the relay does not allow: relay-unavailable, retrying, never connected', async () => {
    const s = open({}, { server: `${relay.url}?token=not-allowed` });
    const snap = await until(s, (x) => x.lastError?.code === 'relay-unavailable', 'relay-unavailable');
    expect(snap.connection.status).to.be.oneOf(['reconnecting', 'connecting']);
    expect((await catixState(sim)).clients).to.have.length(0);
  });

  // Strict: no KEEP_ALIVE at all (the seed names the kind, not who sends it or when), so none can stop.
  (strict ? it.skip : it)('the server stops answering (keep-alives stop): keep-alive-lost, then back', async () => {
    const s = await signedIn({ keepAliveIntervalMs: 200, keepAliveMissed: 3 });
    // The watchdog starts with the server's first KEEP_ALIVE (every 200 ms here): let one or two arrive.
    await new Promise((r) => setTimeout(r, 450));
    await control(sim, 'freeze', { on: true });
    await until(s, (x) => x.lastError?.code === 'keep-alive-lost', 'keep-alive-lost', 5000);
    await control(sim, 'freeze', { on: false });
    await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'ready', 'connected again');
  });

  it('a server whose KEEP_ALIVE comes less often than keepAliveIntervalMs (the seed gives no interval) is not dropped', async () => {
    await control(sim, 'config', { keepAliveMs: 700 });
    const s = await signedIn({ keepAliveIntervalMs: 200, keepAliveMissed: 2 });
    await new Promise((r) => setTimeout(r, 2500));
    expect(s.snapshot!.connection.status).to.equal('connected');
    // One integration login: the link was never dropped and opened again.
    expect(commands(await catixState(sim), 'LOGAR_SINGLE_USER')).to.have.length(1);
  });

  it('the Catix server stopped mid-call and back: vendor-unreachable meanwhile, then the same call, still active', async () => {
    const s = await signedIn();
    const call = await activeCall(s);
    await control(sim, 'stop');
    await until(s, (x) => x.lastError?.code === 'vendor-unreachable', 'vendor-unreachable');
    expect((await rejection(s.execute({ type: 'hangup', callId: call.id }))).code).to.equal('not-connected');
    await control(sim, 'start');
    const back = await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'busy', 'reconnected');
    expect(back.calls.filter((c) => c.state !== 'ended').map((c) => [c.id, c.state])).to.deep.equal([[call.id, 'active']]);
    // The call is still the server's: hanging it up works.
    await s.execute({ type: 'hangup', callId: call.id });
    await until(s, () => !live(s), 'hung up after recovery');
    expect(agent1(await catixState(sim)).call).to.equal(null);
  });

  it('a call that ended while the server was away, and its number dialled again from the Catix panel: that call\'s HANGUP ends it (no ghost call)', async () => {
    const s = await signedIn();
    const call = await activeCall(s);
    await control(sim, 'stop');
    await until(s, (x) => x.connection.status !== 'connected', 'the link lost');
    await control(sim, 'hangup', { agent: '1001' });
    await control(sim, 'panel', { comando: 'DISCAR', agente: '1001', numeroDiscado: '01733334444' });
    await control(sim, 'start');
    // STATUS_AGENTE names no rl: the call dialling now keeps the id the client knew.
    await until(s, (x) => x.connection.status === 'connected' && live(s)?.state === 'dialing', 'reconnected, dialing');
    expect(live(s)!.id).to.equal(call.id);
    await control(sim, 'hangup', { agent: '1001' });
    await until(s, (x) => !live(s) && x.agent.phase === 'ready', 'the second call over, no ghost');
  });

  it('the Catix socket goes away and back while the extension asks for the PIN: the prompt stays after the resync, the PIN then logs in', async () => {
    const s = open();
    await until(s, (x) => x.connection.status === 'connected' && x.agent.detail === 'Deslogado', 'connected, logged out');
    await s.execute({ type: 'login', agent: '1001', extension: '2001' });
    await until(s, (x) => x.agent.detail === 'catix-pin-pending', 'the PIN prompt');
    await control(sim, 'stop');
    await until(s, (x) => x.connection.status !== 'connected', 'the link lost');
    await control(sim, 'start');
    await waitFor(async () => commands(await catixState(sim), 'STATUS_AGENTE').length >= 2, 'the status read after the reconnect');
    await until(s, (x) => x.connection.status === 'connected', 'reconnected');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.snapshot!.agent).to.include({ phase: 'logged-out', detail: 'catix-pin-pending' });
    await control(sim, 'pin', { agent: '1001' });
    await until(s, (x) => x.agent.phase === 'ready', 'logged in');
  });

  it('the server hangs (strict: no KEEP_ALIVE to tell): a command meets silence, then the status read too → reconnecting; back once it answers', async () => {
    const s = await signedIn({ requestTimeoutMs: 1000 });
    await control(sim, 'freeze', { on: true });
    expect(await rejection(s.execute({ type: 'dial', to: '2002' }))).to.include({ code: 'timeout', operation: 'dial' });
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting', 5000);
    await control(sim, 'freeze', { on: false });
    await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'ready', 'connected again', 10000);
    expect(agent1(await catixState(sim)).call).to.equal(null);
  });

  it('an idle agent on a hung server: the status poll tells (no KEEP_ALIVE rhythm watched) → reconnecting; back once it answers', async () => {
    // keepAliveIntervalMs 0: the default simulator's KEEP_ALIVEs (every 200 ms) are watched by nothing; they only keep the link from being quiet.
    const s = await signedIn({ statusPollMs: 400, requestTimeoutMs: 1000, keepAliveIntervalMs: 0 });
    const before = commands(await catixState(sim), 'STATUS_AGENTE').length;
    await new Promise((r) => setTimeout(r, 1000));
    const polled = commands(await catixState(sim), 'STATUS_AGENTE').length - before;
    // Strict says nothing while the agent is idle: polled about every 400 ms. Default: never quiet, never polled.
    if (strict) expect(polled).to.be.within(1, 4);
    else expect(polled).to.equal(0);
    expect(s.snapshot!.connection.status).to.equal('connected');
    await control(sim, 'freeze', { on: true });
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting', 5000);
    await control(sim, 'freeze', { on: false });
    await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'ready', 'connected again', 10000);
  });

  it('the relay killed mid-call and back: relay-unavailable meanwhile, then the right state', async () => {
    const s = await signedIn();
    const call = await activeCall(s);
    await relayFault(relay, 'down');
    await until(s, (x) => x.lastError?.code === 'relay-unavailable', 'relay-unavailable');
    // Meanwhile the far end hangs up and the agent pauses from the Catix panel.
    await control(sim, 'hangup', { agent: '1001' });
    await control(sim, 'panel', { comando: 'PAUSAR', agente: '1001', atributos: { 'pausa-id': '1', 'pausa-acao': 'PAUSAR' } });
    await relayFault(relay, 'up');
    const back: SessionSnapshot = await until(s, (x) => x.connection.status === 'connected' && x.agent.phase === 'paused', 'the state after recovery');
    expect(back.agent.pause).to.include({ reasonId: '1', reasonName: 'Almoço' });
    expect(back.calls.find((c) => c.id === call.id)?.state ?? 'ended').to.equal('ended');
  });

  it('a supervisor session (multi-user) sees every agent in the team and does not act as an agent', async () => {
    const agent = await signedIn();
    const sup = open({ role: 'supervisor', agents: '1001,1002' }, { agent: 'supervisor-1' });
    const first = await until(sup, (x) => x.connection.status === 'connected' && x.team.length === 2, 'the team');
    expect(first.agent.detail).to.equal('catix-supervisor');
    expect(first.team.map((m) => [m.agentId, m.phase])).to.deep.equal([['1001', 'ready'], ['1002', 'logged-out']]);
    await activeCall(agent, '2003');
    const busy = await until(sup, (x) => x.team.find((m) => m.agentId === '1001')?.call?.number === '2003', 'the call in the team');
    expect(busy.team.find((m) => m.agentId === '1001')).to.include({ phase: 'busy' });
    expect((await rejection(sup.execute({ type: 'dial', to: '2002' }))).code).to.equal('unsupported');
    expect((await catixState(sim)).clients.map((c) => c.mode).sort()).to.deep.equal(['multi', 'single']);
  });
});
