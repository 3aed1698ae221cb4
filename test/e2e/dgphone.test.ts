/**
 * Intelix DGPhone end to end: the real hub SharedWorker, the real DGPhone adapter, the browser's own WebSocket,
 * the REAL websockify relay (token allow-list) and the DGPhone simulator (the test oracle, written from the
 * seed). The whole suite runs twice: against the default simulator (a response to every command, LineSelected
 * after Status) and the strict one (only what the seed documents: a response to Login only, silent refusals,
 * Status as six events, Answer moving the selection unannounced). One simulator and one relay per variant;
 * the simulator is reset before every test.
 */
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { createCtiSession } from '../../src/client/session.js';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { Call, CtiError, SessionSnapshot } from '../../src/domain/model.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import type { CtiErrorEvent } from '../../src/events/cti-error.js';
import type { SessionConfig } from '../../src/vendors/adapter.js';
import { control, openSession, rejection, startSimulator, uniqueHubName, until, waitFor, type SimulatorHandle } from './helpers.js';

const AGENT = '1001';
const PIN = '4826';

interface Relay {
  id: string;
  url: string;
}

interface DGLine {
  line: number;
  state: 'idle' | 'dialing' | 'ringing' | 'active' | 'held';
  number?: string;
  feature?: string | null;
}
interface DGState {
  running: boolean;
  strict: boolean;
  clients: { id: number; users: string[]; remoteMode: Record<string, boolean> }[];
  phones: Record<string, { available: boolean; selected: number; agent: string | null; lines: DGLine[] }>;
  dtmf: { user: string; line: number; number: string; digits: string }[];
  attempts: { kind: string; agent: string; ok: boolean }[];
  log: { packet?: Record<string, string> }[];
}

const dgState = (sim: SimulatorHandle): Promise<DGState> => control(sim, 'state');
const phone = async (sim: SimulatorHandle) => (await dgState(sim)).phones['2001']!;
const commands = (state: DGState, name: string) => state.log.flatMap((e) => (e.packet?.['Command'] === name ? [e.packet] : []));

async function startRelay(targets: Record<string, string>): Promise<Relay> {
  const res = await fetch('/__sim/relay', { method: 'POST', body: JSON.stringify({ targets }) });
  if (!res.ok) throw new Error(`relay: ${res.status} ${await res.text()}`);
  return (await res.json()) as Relay;
}
async function relayFault(relay: Relay, what: 'down' | 'up'): Promise<void> {
  const res = await fetch(`/__sim/relay-${what}-${relay.id}`, { method: 'POST' });
  if (!res.ok) throw new Error(`relay ${what}: ${res.status}`);
}

const onLine = (s: CtiSessionHandle, line: string): Call | undefined => s.snapshot?.calls.find((c) => c.lineId === line && c.state !== 'ended');
const lineState = (s: SessionSnapshot, line: string) => s.lines.find((l) => l.id === line)?.state;
const selectedLine = (s: SessionSnapshot) => s.lines.find((l) => l.selected)?.id;

for (const variant of ['default', 'strict'] as const) describe(`DGPhone end to end (${variant} simulator, through websockify)`, function () {
  this.timeout(30000);
  const strict = variant === 'strict';
  const TOKEN = `dgphone-e2e-${variant}`;
  let sim: SimulatorHandle;
  let relay: Relay;
  const sessions: CtiSessionHandle[] = [];

  function config(options: Record<string, string | number | boolean> = {}, extra: Partial<SessionConfig> = {}): SessionConfig {
    return {
      vendor: 'dgphone',
      server: `${relay.url}?token=${TOKEN}`,
      agent: AGENT,
      extension: '2001',
      options: { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000, helperHangupGraceMs: 300, ...options },
      ...extra,
    };
  }
  function open(options: Record<string, string | number | boolean> = {}, extra: Partial<SessionConfig> = {}): CtiSessionHandle {
    const s = openSession(config(options, extra));
    sessions.push(s);
    return s;
  }
  async function connected(options: Record<string, string | number | boolean> = {}): Promise<CtiSessionHandle> {
    const s = open(options);
    await until(s, (x) => x.connection.status === 'connected' && x.lines.length === 6, 'connected with six lines');
    return s;
  }
  /** A call from the far end on `line`, answered. */
  async function answeredInbound(s: CtiSessionHandle, line: number, from = '1133334444'): Promise<Call> {
    await control(sim, 'inbound', { user: '2001', from, line });
    const ringing = await waitFor(() => onLine(s, String(line)), `the call on line ${line}`);
    await s.execute({ type: 'answer', callId: ringing.id });
    await until(s, () => onLine(s, String(line))?.state === 'active', 'answered');
    return onLine(s, String(line))!;
  }

  before(async () => {
    sim = await startSimulator('dgphone', {
      strict,
      agents: [{ agent: AGENT, pin: PIN }],
      timestampIntervalMs: null,
      farEndAnswerMs: null,
      featureAnswerMs: 30,
      featureHangupMs: 50,
    });
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
  const hosts: HTMLElement[] = [];

  it('logs the extension in (RemoteMode), shows six lines, signs the agent in by feature code + DTMF, signs out with logoff', async () => {
    const s = await connected();
    const snap = s.snapshot!;
    expect(snap.capabilities).to.include({ vendor: 'dgphone', lines: 6, dtmf: true, hold: true, answer: 'always', reject: true, transfer: false, agentStates: false });
    expect(snap.capabilities.loginFields).to.deep.equal(['agent', 'password']);
    expect(snap.lines.map((l) => [l.id, l.state])).to.deep.equal(['1', '2', '3', '4', '5', '6'].map((id) => [id, 'idle']));
    // Default: LineSelected follows the six Status events. Strict: nothing says which line is selected.
    if (strict) expect(selectedLine(snap)).to.equal(undefined);
    else await until(s, (x) => selectedLine(x) === '1', 'line 1 selected');
    expect(snap.agent.phase).to.equal('logged-out');
    expect((await dgState(sim)).clients.map((c) => [c.users, c.remoteMode])).to.deep.equal([[['2001'], { 2001: true }]]);
    expect((await dgState(sim)).strict).to.equal(strict);

    await s.execute({ type: 'login', agent: AGENT, password: PIN });
    const ready = await until(s, (x) => x.agent.phase === 'ready', 'the agent signed in');
    expect(ready.agent).to.include({ agentId: AGENT, extension: '2001', detail: 'AgentLogin' });
    const state = await dgState(sim);
    expect(state.attempts).to.deep.equal([{ kind: 'login', user: '2001', agent: AGENT, ok: true }]);
    expect(commands(state, 'Dial')[0]).to.include({ Number: '*9800', User: '2001' });
    expect(commands(state, 'SendDtmf').map((p) => p['Digits'])).to.deep.equal(['***', '***']);
    // The feature-code call was never shown, and the helper line is free again.
    await until(s, (x) => x.lines.every((l) => l.state === 'idle'), 'the helper line free');
    expect(s.snapshot!.calls).to.deep.equal([]);
    expect(JSON.stringify(s.snapshot)).not.to.contain(PIN);

    await s.execute({ type: 'logout' });
    // AgentLogoff can come before the link closes: wait for the extension's second Login, not only the phase.
    await waitFor(async () => commands(await dgState(sim), 'Login').length === 2, 'the extension logged in again');
    await until(s, (x) => x.agent.phase === 'logged-out' && x.connection.status === 'connected', 'signed out, connected again');
    const after = await dgState(sim);
    expect(after.phones['2001']!.agent).to.equal(null);
    expect(commands(after, 'logoff')).to.have.length(1);
    expect(commands(after, 'Login')).to.have.length(2);
  });

  it('a server that tells logoff with UserLogoff (seed L134) before it closes: sign-out succeeds, no error, connected again', async () => {
    await control(sim, 'config', { logoffUserLogoff: true });
    const s = await connected();
    await control(sim, 'agent-login', { user: '2001', agent: AGENT });
    await until(s, (x) => x.agent.phase === 'ready', 'the agent signed in');
    await s.execute({ type: 'logout' });
    await waitFor(async () => commands(await dgState(sim), 'Login').length === 2, 'the extension logged in again');
    await until(s, (x) => x.agent.phase === 'logged-out' && x.connection.status === 'connected', 'signed out, connected again');
    // The bug this guards: UserLogoff read as the DGPhone closing failed the logout (softphone-unavailable).
    expect(s.snapshot!.lastError).to.equal(undefined);
  });

  it('a server that says LineSelected only when the selection changes: dial and hold on the line already selected work', async () => {
    await control(sim, 'config', { lineSelectedOnChange: true });
    const s = await connected();
    await s.execute({ type: 'dial', to: '7133411525' });
    const call = await waitFor(() => onLine(s, '1'), 'the outgoing call on line 1');
    await control(sim, 'answer', { user: '2001', line: 1 });
    await until(s, () => onLine(s, '1')?.state === 'active', 'answered');
    await s.execute({ type: 'hold', callId: call.id });
    await until(s, () => onLine(s, '1')?.state === 'held', 'held');
    expect(s.snapshot!.lastError).to.equal(undefined);
  });

  it('a wrong PIN: the PBX hangs up, the sign-in fails with auth-failed and the agent stays signed out', async () => {
    const s = await connected();
    const e = await rejection(s.execute({ type: 'login', agent: AGENT, password: '0000' }));
    expect(e).to.include({ code: 'auth-failed', vendorCode: 'agent-login-refused' });
    expect(s.snapshot!.agent.phase).to.equal('logged-out');
    expect((await dgState(sim)).attempts).to.deep.equal([{ kind: 'login', user: '2001', agent: AGENT, ok: false }]);
    await until(s, (x) => x.lines.every((l) => l.state === 'idle'), 'the helper line free');
  });

  it('dial, far-end answer, hold / retrieve (Hold: 1|0), DTMF, hang up', async () => {
    const s = await connected();
    await s.execute({ type: 'dial', to: '(71) 3341-1525' });
    const dialing = await waitFor(() => onLine(s, '1'), 'the outgoing call');
    expect(dialing).to.include({ state: 'dialing', direction: 'outbound' });
    expect(dialing.remote[0]?.number).to.equal('7133411525');
    await control(sim, 'answer', { user: '2001', line: 1 });
    await until(s, () => onLine(s, '1')?.state === 'active', 'answered');
    await s.execute({ type: 'hold', callId: dialing.id });
    await until(s, (x) => onLine(s, '1')?.state === 'held' && lineState(x, '1') === 'held', 'held');
    expect((await phone(sim)).lines[0]!.state).to.equal('held');
    await s.execute({ type: 'retrieve', callId: dialing.id });
    await until(s, () => onLine(s, '1')?.state === 'active', 'retrieved');
    // SendDtmf is done once written (no event confirms it): the simulator has it a moment later.
    await s.execute({ type: 'dtmf', callId: dialing.id, digits: '12#' });
    await waitFor(async () => (await dgState(sim)).dtmf.length > 0, 'the keys at the DGPhone');
    expect((await dgState(sim)).dtmf.map((d) => d.digits)).to.deep.equal(['12#']);
    await s.execute({ type: 'hangup', callId: dialing.id });
    await until(s, (x) => !onLine(s, '1') && lineState(x, '1') === 'idle', 'hung up');
  });

  it('six lines right after login: shown as the Status events arrive, long before the bound', async () => {
    const t0 = performance.now();
    const s = open({ requestTimeoutMs: 20000 });
    await until(s, (x) => x.connection.status === 'connected' && x.lines.length === 6, 'six lines', 5000);
    expect(performance.now() - t0).to.be.lessThan(5000);
    expect(s.snapshot!.lines.every((l) => l.state === 'idle')).to.equal(true);
    expect(commands(await dgState(sim), 'Status')).to.have.length(1);
  });

  it('two calls on two lines: dial, far-end answer, a second dial on the next line, hold the first, DTMF on the second, hang up both', async () => {
    const s = await connected();
    await s.execute({ type: 'dial', to: '1111' });
    const first = await waitFor(() => onLine(s, '1'), 'the first call');
    await control(sim, 'answer', { user: '2001', line: 1 });
    await until(s, () => onLine(s, '1')?.state === 'active', 'the first answered');
    await s.execute({ type: 'dial', to: '2222' });
    const second = await waitFor(() => onLine(s, '2'), 'the second call on line 2');
    await control(sim, 'answer', { user: '2001', line: 2 });
    await until(s, () => onLine(s, '2')?.state === 'active', 'the second answered');
    await s.execute({ type: 'hold', callId: first.id });
    await until(s, () => onLine(s, '1')?.state === 'held', 'the first held');
    await s.execute({ type: 'dtmf', callId: second.id, digits: '5*' });
    await waitFor(async () => (await dgState(sim)).dtmf.length > 0, 'the keys at the DGPhone');
    const p = await phone(sim);
    expect(p.lines.slice(0, 2).map((l) => [l.state, l.number])).to.deep.equal([['held', '1111'], ['active', '2222']]);
    expect((await dgState(sim)).dtmf.map((d) => [d.line, d.digits])).to.deep.equal([[2, '5*']]);
    await s.execute({ type: 'hangup', callId: second.id });
    await s.execute({ type: 'hangup', callId: first.id });
    await until(s, (x) => x.calls.every((c) => c.state === 'ended') && lineState(x, '1') === 'idle' && lineState(x, '2') === 'idle', 'both hung up');
    expect(s.snapshot!.lastError).to.equal(undefined);
  });

  it('six lines: an inbound call on another line, answer it, hold the first after selecting its line, reject a third, remote hang-up', async () => {
    const s = await connected();
    const first = await answeredInbound(s, 1, '1111');
    const second = await answeredInbound(s, 3, '3333');
    // The answer selected its line first (LineSelect → LineSelected), in both variants: the selection follows it.
    await until(s, (x) => selectedLine(x) === '3', 'line 3 selected');
    expect((await phone(sim)).selected).to.equal(3);
    await s.execute({ type: 'hold', callId: first.id });
    await until(s, () => onLine(s, '1')?.state === 'held', 'the first call held');
    const p = await phone(sim);
    expect([p.selected, p.lines[0]!.state, p.lines[2]!.state]).to.deep.equal([1, 'held', 'active']);
    await s.execute({ type: 'select-line', lineId: '5' });
    await until(s, (x) => selectedLine(x) === '5', 'line 5 selected');

    await control(sim, 'inbound', { user: '2001', from: '4444', line: 4 });
    const third = await waitFor(() => onLine(s, '4'), 'the third call');
    expect(third.actions).to.include({ answer: true, reject: true });
    await s.execute({ type: 'reject', callId: third.id });
    await until(s, (x) => lineState(x, '4') === 'idle', 'rejected');

    await control(sim, 'hangup', { user: '2001', line: 3 });
    await until(s, () => !onLine(s, '3'), 'the remote hang-up');
    expect(s.snapshot!.calls.find((c) => c.id === second.id)?.state ?? 'ended').to.equal('ended');
    // Dial with the selected line busy selects a free line first.
    await s.execute({ type: 'select-line', lineId: '1' });
    await s.execute({ type: 'dial', to: '555' });
    await waitFor(() => onLine(s, '2'), 'dialled on line 2');
    expect((await phone(sim)).lines[1]).to.include({ state: 'dialing', number: '555' });
  });

  it('another client of the extension answers a call on another line (bare Answer Line): the agent\'s hold holds their own call', async () => {
    const s = await connected();
    const mine = await answeredInbound(s, 1);
    await control(sim, 'inbound', { user: '2001', from: '2133335555', line: 2 });
    await waitFor(() => onLine(s, '2'), 'the call on line 2');
    // Another remote-control client of 2001 (a raw socket through the same relay): Login, then Answer on line 2.
    const other = new WebSocket(`${relay.url}?token=${TOKEN}`, ['binary']);
    const packet = (fields: string[][]) => other.send(new TextEncoder().encode(`${fields.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`));
    await new Promise((resolve, reject) => ((other.onopen = resolve), (other.onerror = reject)));
    packet([['Action', 'DGPhoneCommand'], ['Command', 'Login'], ['User', '2001']]);
    packet([['Action', 'DGPhoneCommand'], ['Command', 'Answer'], ['User', '2001'], ['Line', '2']]);
    await waitFor(async () => (await phone(sim)).lines[1]!.state === 'active', 'line 2 answered by the other client');
    await until(s, () => onLine(s, '2')?.state === 'active', 'line 2 active on screen');
    // Strict: the DGPhone selected line 2 unannounced; Hold (the selected line) must go to line 1 all the same.
    await s.execute({ type: 'hold', callId: mine.id });
    await until(s, () => onLine(s, '1')?.state === 'held', 'line 1 held');
    expect((await phone(sim)).lines.slice(0, 2).map((l) => l.state)).to.deep.equal(['held', 'active']);
    other.close();
  });

  it('queue calls: AgentCalled (before or, strict, after the ring) puts the Uniqueid in the call data; AgentConnect → busy; AgentComplete → ready', async () => {
    const s = await connected();
    await control(sim, 'agent-login', { user: '2001', agent: AGENT });
    await until(s, (x) => x.agent.phase === 'ready', 'signed in');
    await control(sim, 'queue-call', { user: '2001', from: '1140041234', uniqueid: '1700000000.77' });
    const ringing = await waitFor(() => onLine(s, '1'), 'the queue call');
    await until(s, () => onLine(s, '1')?.data['Uniqueid'] === '1700000000.77', 'the Uniqueid');
    expect(s.snapshot!.agent.phase).to.equal('busy');
    await s.execute({ type: 'answer', callId: ringing.id });
    await until(s, (x) => x.agent.detail === 'AgentConnect', 'AgentConnect');
    await control(sim, 'hangup', { user: '2001', line: 1 });
    // Strict: AgentComplete comes while the line still has the call (busy), the Hangup after it makes the agent ready.
    await until(s, (x) => x.agent.phase === 'ready' && (strict || x.agent.detail === 'AgentComplete'), 'ready after the call');
  });

  it('a refused Dial: the Error reply (default) or no Dialing within the bound (strict) fails it, typed; the connection goes on', async () => {
    const s = await connected({ requestTimeoutMs: 1000 });
    await control(sim, 'fail-next', { command: 'Dial', message: 'Tronco indisponível' });
    const e = await rejection(s.execute({ type: 'dial', to: '555' }));
    if (strict) expect(e).to.include({ code: 'timeout', vendorCode: 'not-confirmed', detail: 'no-answer' });
    else expect(e).to.include({ code: 'command-failed', vendorCode: 'Error', detail: 'Tronco indisponível' });
    await until(s, (x) => x.lastError?.code === e.code, 'the error in the snapshot');
    await s.execute({ type: 'dial', to: '555' });
    await waitFor(() => onLine(s, '1'), 'the next dial works');
  });

  it('host page: a sign-in with a wrong PIN is shown by <cti-agent-status> and fired as exactly one cti-error', async () => {
    const provider = document.createElement('cti-provider') as CtiProvider;
    const hub = uniqueHubName('dgphone-host');
    provider.sessionFactory = (c) => createCtiSession(c, { hub: { name: hub, pingIntervalMs: 0 } });
    provider.options = { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000, helperHangupGraceMs: 300 };
    Object.assign(provider, { vendor: 'dgphone', server: `${relay.url}?token=${TOKEN}`, agent: AGENT, extension: '2001' });
    const status = document.createElement('cti-agent-status');
    provider.append(status);
    const errors: { detail: CtiError; command?: string }[] = [];
    provider.addEventListener('cti-error', (e) => errors.push({ detail: (e as CtiErrorEvent).detail, command: (e as CtiErrorEvent).command }));
    document.body.append(provider);
    hosts.push(provider);
    const session = await waitFor(() => provider.session, 'the provider session');
    await until(session, (x) => x.connection.status === 'connected' && x.lines.length === 6, 'connected with six lines');
    const part = (name: string) => status.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    const pin = (await waitFor(() => part('password-input'), 'the PIN field')) as HTMLInputElement;
    (part('agent-input') as HTMLInputElement).value = AGENT;
    pin.value = '0000';
    await waitFor(() => part('sign-in-button')?.getAttribute('aria-disabled') === 'false', 'sign-in enabled');
    part('sign-in-button')!.click();
    await waitFor(() => part('error')?.getAttribute('data-code') === 'auth-failed', 'the refusal shown by <cti-agent-status>');
    await until(session, (x) => x.lastError?.vendorCode === 'agent-login-refused', 'the refusal as lastError too');
    await new Promise((r) => setTimeout(r, 150));
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail).to.include({ code: 'auth-failed', vendorCode: 'agent-login-refused' });
    expect(errors[0]!.command).to.equal('login');
    expect(session.snapshot!.agent.phase).to.equal('logged-out');
  });

  it('garbage and truncated bytes from the server: malformed-frame, the stream goes on; other extensions are ignored', async () => {
    const s = await connected();
    await control(sim, 'emit', { text: '\u0000\u00ff garbage line\r\n\r\nEvent: DGPhoneEvent\r\nStatus: Answer\r\nLine: 99\r\n\r\nEvent: DGPhoneEvent\r\nStat' });
    await until(s, (x) => x.lastError?.code === 'malformed-frame', 'malformed-frame');
    // The truncated packet is completed by what comes next, then the stream is back in step.
    await control(sim, 'emit', { text: 'us: Ready\r\nUser: 2001\r\nLine: 1\r\n\r\n' });
    await control(sim, 'config', { broadcastEvents: true });
    await control(sim, 'inbound', { user: '2002', from: '2222', line: 2 });
    await control(sim, 'inbound', { user: '2001', from: '3333', line: 3 });
    await waitFor(() => onLine(s, '3'), 'our call');
    expect(onLine(s, '2')).to.equal(undefined);
    expect(s.snapshot!.connection.status).to.equal('connected');
  });

  it('a wrong extension: auth-failed with the server message, closed, no retry loop', async () => {
    const s = open({}, { extension: '9999' });
    const snap = await until(s, (x) => x.connection.status === 'closed', 'closed');
    expect(snap.lastError).to.include({ code: 'auth-failed', detail: 'Ramal 9999 não cadastrado' });
    await new Promise((r) => setTimeout(r, 500));
    expect(commands(await dgState(sim), 'Login')).to.have.length(1);
  });

  it('a token the relay does not allow: relay-unavailable, retrying, never connected', async () => {
    const s = open({}, { server: `${relay.url}?token=not-allowed` });
    const snap = await until(s, (x) => x.lastError?.code === 'relay-unavailable', 'relay-unavailable');
    expect(['connecting', 'reconnecting']).to.include(snap.connection.status);
    await until(s, (x) => (x.connection.attempt ?? 0) >= 2, 'retrying');
    expect((await dgState(sim)).clients).to.deep.equal([]);
  });

  it('the DGPhone server stopped mid-call and back: vendor-unreachable meanwhile, then the lines as the server has them', async () => {
    const s = await connected();
    const call = await answeredInbound(s, 2);
    await control(sim, 'stop');
    await until(s, (x) => x.lastError?.code === 'connection-lost' || x.lastError?.code === 'vendor-unreachable', 'the loss');
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    await control(sim, 'start');
    // A restarted DGPhone has no calls: the resync ends the stale one.
    // The lines and the calls of the resync are two events: wait for both (a tab may see one first).
    const back = await until(
      s,
      (x) => x.connection.status === 'connected' && lineState(x, '2') === 'idle' && (x.calls.find((c) => c.id === call.id)?.state ?? 'ended') === 'ended',
      'back, line 2 idle and the stale call ended',
    );
    expect(back.calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);
  });

  it('the relay killed mid-call and back: relay-unavailable meanwhile, then the same call (same id) from Status', async () => {
    const s = await connected();
    const call = await answeredInbound(s, 4);
    await s.execute({ type: 'hold', callId: call.id });
    await until(s, () => onLine(s, '4')?.state === 'held', 'held');
    await relayFault(relay, 'down');
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    await until(s, (x) => x.lastError?.code === 'relay-unavailable' || x.lastError?.code === 'connection-lost', 'the loss');
    await relayFault(relay, 'up');
    await until(s, (x) => x.connection.status === 'connected', 'connected again', 10000);
    await waitFor(async () => commands(await dgState(sim), 'Status').length >= 2, 'the second Status');
    await new Promise((r) => setTimeout(r, 100));
    const after = await until(s, () => onLine(s, '4')?.state === 'held', 'the held call after the resync');
    expect(onLine(s, '4')!.id).to.equal(call.id);
    expect(lineState(after, '4')).to.equal('held');
    if (!strict) await until(s, (x) => selectedLine(x) === '4', 'line 4 selected, from LineSelected after Status');
  });

  it('UserLogoff: the DGPhone closed — calls gone, softphone-unavailable, then connected again when it is back', async () => {
    const s = await connected();
    await answeredInbound(s, 1);
    await control(sim, 'user-logoff', { user: '2001' });
    const down = await until(s, (x) => x.connection.status === 'server-down', 'server-down');
    expect(down.lastError).to.include({ code: 'softphone-unavailable', vendorCode: 'UserLogoff' });
    await until(s, () => !onLine(s, '1'), 'the call gone');
    await control(sim, 'user-logon', { user: '2001' });
    await until(s, (x) => x.connection.status === 'connected' && x.lines.every((l) => l.state === 'idle'), 'back', 10000);
  });

  it('DGTimeStamp stops (no bare-LF or banner needed): keep-alive-lost, reconnect, resync', async () => {
    await control(sim, 'config', { timestampIntervalMs: 100, banner: false, lineEnding: 'lf' });
    const s = await connected({ keepAliveIntervalMs: 100, keepAliveMisses: 3 });
    await new Promise((r) => setTimeout(r, 250));
    await control(sim, 'config', { timestampIntervalMs: null });
    await until(s, (x) => x.lastError?.code === 'keep-alive-lost', 'keep-alive-lost');
    await waitFor(async () => commands(await dgState(sim), 'Status').length >= 2, 'Login and Status again');
    await until(s, (x) => x.connection.status === 'connected' && x.lines.length === 6, 'connected again');
    expect(commands(await dgState(sim), 'Login').length).to.equal(2);
  });
});
