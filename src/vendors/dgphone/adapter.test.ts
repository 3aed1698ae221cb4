/**
 * The DGPhone adapter against a fake WebSocket that speaks websockify's binary frames, and a `ManualClock`.
 * No network: every packet the DGPhone "sends" is written here in the shapes of the seed.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError, Line, LogLevel } from '../../domain/model.js';
import type { AdapterDeps, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { PacketFramer, type Packet } from '../relay/framing-packets.js';
import { FakeRelaySocket } from '../runtime/testing/fake-relay-socket.js';
import { flush, rejection } from '../runtime/testing/wait.js';
import { createDGPhoneAdapter, readDGPhoneOptions } from './adapter.js';

const URL_ = 'ws://relay.example:6080/?token=dgphone';
const EXT = '2001';
const AGENT = '1001';
const PIN = '4826';

/* ------------------------------------------------------------------ fakes */

type Fields = Record<string, string>;

/** The shared websockify fake (`../runtime/testing/`), with the DGPhone's packets on the test's side. */
class DGSocket extends FakeRelaySocket {
  get closedByClient(): boolean {
    return this.closedBy !== undefined;
  }

  packet(fields: Fields): void {
    this.bytes(`${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  }

  respond(command: string, ok = true, message = ok ? 'OK' : 'Erro', user = EXT): void {
    this.packet({ Event: 'DGPhoneResponse', Response: ok ? 'Success' : 'Error', Command: command, User: user, Message: message });
  }

  line(status: string, line: number, extra: Fields = {}, user = EXT): void {
    this.packet({ Event: 'DGPhoneEvent', Status: status, User: user, Line: String(line), ...extra });
  }

  agent(status: string, extra: Fields = {}, user = EXT): void {
    this.packet({ Event: 'DGPhoneEvent', User: user, Agent: AGENT, Status: status, ...extra });
  }

  /** Everything the adapter sent, as packets (field objects). */
  packets(): Fields[] {
    const text = this.sent.map((b) => new TextDecoder().decode(b)).join('');
    return new PacketFramer().push(text).flatMap((i) => (i.kind === 'packet' ? [Object.fromEntries((i as Packet).fields)] : []));
  }

  commands(): string[] {
    return this.packets().map((p) => p['Command'] ?? '?');
  }

  lastCommand(command: string): Fields {
    const found = this.packets().filter((p) => p['Command'] === command);
    if (!found.length) throw new Error(`no ${command} sent (sent: ${this.commands().join(', ')})`);
    return found[found.length - 1]!;
  }

  /** Answer a Status: six lines (Ready unless given), LineSelected, then the response. */
  status(lines: Record<number, Fields> = {}, selected = 1): void {
    for (let n = 1; n <= 6; n++) this.line(lines[n]?.['Status'] ?? 'Ready', n, Object.fromEntries(Object.entries(lines[n] ?? {}).filter(([k]) => k !== 'Status')));
    this.line('LineSelected', selected);
    this.respond('Status');
  }
}

interface Harness {
  adapter: VendorAdapter;
  clock: ManualClock;
  events: DomainEvent[];
  logs: { level: LogLevel; message: string }[];
  ws(): DGSocket;
  sockets(): DGSocket[];
  connections(): string[];
  errors(): CtiError[];
  lines(): Line[];
  execute(command: Command): Promise<void>;
  /** start(), open, Login Success; Status not answered yet. */
  loggedIn(): Promise<DGSocket>;
  /** start(), open, Login Success, Status answered (lines idle unless given). */
  connect(lines?: Record<number, Fields>, selected?: number): Promise<DGSocket>;
}

function setup(opts: { config?: Partial<SessionConfig>; options?: SessionConfig['options'] } = {}): Harness {
  FakeRelaySocket.reset();
  const clock = new ManualClock();
  const events: DomainEvent[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const host: AdapterHost = { emit: (e) => events.push(e), log: (level, message) => logs.push({ level, message }), clock };
  const deps: AdapterDeps = {
    fetch: (() => Promise.reject(new Error('no fetch'))) as typeof fetch,
    EventSource: undefined as unknown as typeof EventSource,
    WebSocket: DGSocket as unknown as typeof WebSocket,
    random: () => 0.5,
  };
  const config: SessionConfig = {
    vendor: 'dgphone',
    server: URL_,
    agent: AGENT,
    extension: EXT,
    options: { reconnectBaseMs: 1000, reconnectMaxMs: 8000, ...opts.options },
    ...opts.config,
  };
  const adapter = createDGPhoneAdapter(config, host, deps);
  const h: Harness = {
    adapter,
    clock,
    events,
    logs,
    ws() {
      return FakeRelaySocket.last() as DGSocket;
    },
    sockets: () => FakeRelaySocket.instances as DGSocket[],
    connections: () => events.flatMap((e) => (e.type === 'connection' ? [e.status] : [])),
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e.error] : [])),
    lines: () => {
      const all = events.flatMap((e) => (e.type === 'lines' ? [e.lines] : []));
      return (all[all.length - 1] ?? []) as Line[];
    },
    execute: (command) => adapter.execute(command),
    async loggedIn() {
      adapter.start();
      const ws = h.ws();
      ws.open();
      ws.respond('Login', true, `Ramal ${EXT} logado`);
      await flush();
      return ws;
    },
    async connect(lines = {}, selected = 1) {
      const ws = await h.loggedIn();
      ws.status(lines, selected);
      await flush();
      return ws;
    },
  };
  return h;
}

const types = (events: readonly DomainEvent[]): string[] => events.map((e) => e.type);
const agents = (events: readonly DomainEvent[]): [string, string][] =>
  events.flatMap((e) => (e.type === 'agent' ? [[e.agent.phase, e.agent.detail] as [string, string]] : []));
const snapshots = (events: readonly DomainEvent[]) => events.flatMap((e) => (e.type === 'snapshot' ? [e] : []));
const callEvents = (events: readonly DomainEvent[]) => events.filter((e) => e.type.startsWith('call-'));
function lastCallId(events: readonly DomainEvent[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'call-offered' || e.type === 'call-dialing' || e.type === 'call-answered') return e.call.id;
  }
  throw new Error('no call');
}

/* ------------------------------------------------------------ connection */

describe('dgphone adapter: connection', () => {
  it('logs the extension in with RemoteMode 1 over binary frames, connected only on Success, then Status → lines + snapshot', async () => {
    const h = setup();
    h.adapter.start();
    expect(h.ws().url).to.equal(URL_);
    expect(h.connections()).to.deep.equal(['connecting']);
    h.ws().open();
    expect(new TextDecoder().decode(h.ws().sent[0])).to.equal('Action: DGPhoneCommand\r\nCommand: Login\r\nUser: 2001\r\nRemoteMode: 1\r\n\r\n');
    expect(h.connections()).to.deep.equal(['connecting']);
    h.ws().bytes('Intelix DGPhone Manager/1.0\r\n');
    h.ws().respond('Login', true, 'Ramal 2001 logado');
    await flush();
    expect(h.connections()).to.deep.equal(['connecting', 'connected']);
    expect(h.ws().lastCommand('Status')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'Status', User: EXT });
    h.ws().status({}, 2);
    await flush();
    const lines = h.lines();
    expect(lines.map((l) => [l.id, l.label, l.state, l.selected])).to.deep.equal([
      ['1', '1', 'idle', false],
      ['2', '2', 'idle', true],
      ['3', '3', 'idle', false],
      ['4', '4', 'idle', false],
      ['5', '5', 'idle', false],
      ['6', '6', 'idle', false],
    ]);
    const [snap] = snapshots(h.events);
    expect(snap).to.deep.equal({ type: 'snapshot', agent: { phase: 'logged-out', detail: '', extension: EXT }, calls: [] });
    expect(h.logs.some((l) => l.message.includes('banner'))).to.equal(true);
  });

  it('uses config.agent as the User when no extension is configured; with neither it stops with auth-failed', async () => {
    const h = setup({ config: { extension: undefined, agent: '3005' } });
    h.adapter.start();
    h.ws().open();
    expect(h.ws().lastCommand('Login')['User']).to.equal('3005');
    const none = setup({ config: { extension: '', agent: '' } });
    none.adapter.start();
    expect(none.sockets()).to.have.length(0);
    expect(none.connections()).to.deep.equal(['closed']);
    expect(none.errors()[0]).to.include({ code: 'auth-failed', vendorCode: 'no-extension', detail: 'extension' });
  });

  it('accepts bare LF packets split anywhere', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().open();
    const text = 'DGPhone\nEvent: DGPhoneResponse\nResponse: Success\nCommand: Login\nUser: 2001\n\n';
    for (const ch of text) h.ws().bytes(ch);
    await flush();
    expect(h.connections()).to.deep.equal(['connecting', 'connected']);
  });

  it('Login Error → auth-failed with the Message, refused (no retry loop: the runtime\'s)', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().open();
    h.ws().respond('Login', false, 'Ramal 2001 não cadastrado');
    await flush();
    expect(h.errors()).to.have.length(1);
    expect(h.errors()[0]).to.include({ code: 'auth-failed', operation: 'connect', vendorCode: 'login-refused', detail: 'Ramal 2001 não cadastrado' });
    expect(h.connections()).to.deep.equal(['connecting', 'closed']);
    expect(h.ws().closedByClient).to.equal(true);
  });

  it('close codes: never opened → relay-unavailable; opened, then 1011 before Login (the DGPhone server is down) → vendor-unreachable', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().refuse();
    expect(h.errors().map((e) => e.code)).to.deep.equal(['relay-unavailable']);
    h.clock.advance(1000);
    h.ws().open();
    h.ws().drop(1011, 'Failed to connect to downstream server');
    // The close code as detail (a code); the relay's words in the log.
    expect(h.errors().map((e) => [e.code, e.detail])).to.deep.equal([['relay-unavailable', 'close-1006'], ['vendor-unreachable', 'close-1011']]);
    expect(h.logs.some((l) => l.message === 'DGPhone: the relay could not reach the DGPhone server (close 1011 Failed to connect to downstream server)')).to.equal(true);
    expect(h.connections().at(-1)).to.equal('reconnecting');
  });

  it('a dropped link → connection-lost, reconnect, Login and Status again; a call still on its line keeps its id', async () => {
    const h = setup();
    const ws = await h.connect({ 3: { Status: 'Answer', Number: '1133334444' } });
    const [first] = snapshots(h.events);
    const id = first!.calls[0]!.id;
    expect(first!.calls[0]).to.include({ lineId: '3', state: 'active', direction: 'unknown' });
    ws.drop(1006);
    expect(h.errors().at(-1)).to.include({ code: 'connection-lost' });
    expect(await rejection(h.execute({ type: 'dial', to: '123' }))).to.include({ code: 'not-connected' });
    h.clock.advance(1000);
    const ws2 = h.ws();
    expect(ws2).not.to.equal(ws);
    ws2.open();
    ws2.respond('Login');
    await flush();
    ws2.status({ 3: { Status: 'Hold', Hold: '1', Number: '1133334444' }, 5: { Status: 'ReceivingCall', Number: '999' } });
    await flush();
    const second = snapshots(h.events)[1]!;
    expect(second.calls.map((c) => [c.id === id, c.lineId, c.state])).to.deep.equal([
      [true, '3', 'held'],
      [false, '5', 'ringing'],
    ]);
    expect(h.connections()).to.deep.equal(['connecting', 'connected', 'reconnecting', 'reconnecting', 'connected']);
  });

  it('close() sends nothing (no logoff), closes the socket and stops reconnecting', async () => {
    const h = setup();
    const ws = await h.connect();
    const before = ws.sent.length;
    await h.adapter.close();
    expect(ws.sent.length).to.equal(before);
    expect(ws.closedByClient).to.equal(true);
    expect(h.connections().at(-1)).to.equal('closed');
    h.clock.advance(100_000);
    expect(h.sockets()).to.have.length(1);
    expect(h.clock.pending).to.equal(0);
  });
});

/* ---------------------------------------------------------------- status */

describe('dgphone adapter: Status resync', () => {
  it('builds calls and lines from a Status answer: ringing, talking, held, dialing, selection', async () => {
    const h = setup();
    await h.connect(
      {
        2: { Status: 'Answer', Number: '7133411525' },
        3: { Status: 'ReceivingCall', Number: '1133334444' },
        4: { Status: 'Hold', Hold: '1', Number: '55' },
        5: { Status: 'Dialing', Number: '66' },
      },
      4,
    );
    const snap = snapshots(h.events)[0]!;
    expect(snap.calls.map((c) => [c.lineId, c.state, c.direction, c.remote?.[0]?.number])).to.deep.equal([
      ['2', 'active', 'unknown', '7133411525'],
      ['3', 'ringing', 'inbound', '1133334444'],
      ['4', 'held', 'unknown', '55'],
      ['5', 'dialing', 'outbound', '66'],
    ]);
    expect(new Set(snap.calls.map((c) => c.id)).size).to.equal(4);
    expect(h.lines().map((l) => l.state)).to.deep.equal(['idle', 'busy', 'ringing', 'held', 'busy', 'idle']);
    expect(h.lines().find((l) => l.selected)?.id).to.equal('4');
    expect(h.lines()[1]!.callId).to.equal(snap.calls[0]!.id);
  });

  it('with the response before the lines, the snapshot waits for all six', async () => {
    const h = setup();
    const ws = await h.loggedIn();
    ws.respond('Status');
    await flush();
    expect(snapshots(h.events)).to.have.length(0);
    for (let n = 1; n <= 6; n++) ws.line('Ready', n);
    await flush();
    expect(snapshots(h.events)).to.have.length(1);
  });

  it('lines missing from the answer are unknown (the snapshot comes after the timeout)', async () => {
    const h = setup({ options: { requestTimeoutMs: 3000 } });
    const ws = await h.loggedIn();
    ws.line('Ready', 1);
    ws.line('Answer', 2, { Number: '9' });
    h.clock.advance(3000);
    await flush();
    expect(snapshots(h.events)).to.have.length(1);
    expect(h.lines().map((l) => l.state)).to.deep.equal(['idle', 'busy', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('a Status answer that gives a line as its last event (LineSelected, DTMFReceived): complete once six lines are named, that line unknown, no wait for the bound', async () => {
    const h = setup();
    const ws = await h.loggedIn();
    ws.line('LineSelected', 1);
    ws.line('DTMFReceived', 2, { Digit: '5' });
    for (let n = 3; n <= 6; n++) ws.line('Ready', n);
    await flush();
    expect(snapshots(h.events)).to.have.length(1);
    expect(h.connections().at(-1)).to.equal('connected');
    expect(h.lines().map((l) => [l.state, l.selected])).to.deep.equal([
      ['unknown', true],
      ['unknown', false],
      ['idle', false],
      ['idle', false],
      ['idle', false],
      ['idle', false],
    ]);
    // A dial goes out at once (not after the bound), on a line known free.
    const p = h.execute({ type: 'dial', to: '555' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('3');
    ws.line('LineSelected', 3);
    await flush();
    ws.line('Dialing', 3, { Number: '555' });
    await p;
  });

  it('a feature-code call left on a line (an agent login cut short) is hung up, not shown', async () => {
    const h = setup();
    const ws = await h.connect({ 6: { Status: 'Answer', Number: '*9800' } });
    expect(snapshots(h.events)[0]!.calls).to.deep.equal([]);
    expect(ws.lastCommand('Hangup')).to.include({ Line: '6', User: EXT });
    expect(h.lines()[5]!.state).to.equal('busy');
    ws.respond('Hangup');
    ws.line('Hangup', 6);
    ws.line('Ready', 6);
    await flush();
    expect(h.lines()[5]!.state).to.equal('idle');
    expect(callEvents(h.events)).to.deep.equal([]);
  });

  it('refresh while connected asks Status again', async () => {
    const h = setup();
    const ws = await h.connect();
    await h.execute({ type: 'refresh' });
    expect(ws.commands().filter((c) => c === 'Status')).to.have.length(2);
  });
});

/* ----------------------------------------------------------------- lines */

describe('dgphone adapter: lines and calls', () => {
  it('select-line sends LineSelect; LineSelected moves the selection; a bad line id is bad-request', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'select-line', lineId: '3' });
    await flush();
    expect(ws.lastCommand('LineSelect')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'LineSelect', User: EXT, Line: '3' });
    ws.line('LineSelected', 3);
    ws.respond('LineSelect');
    await p;
    expect(h.lines().find((l) => l.selected)?.id).to.equal('3');
    expect(await rejection(h.execute({ type: 'select-line', lineId: '7' }))).to.include({ code: 'bad-request', detail: 'lineId' });
    ws.line('LineSelected', 5);
    expect(h.lines().find((l) => l.selected)?.id).to.equal('5');
  });

  it('dials on the selected free line: Dialing → call-dialing (line, number), Answer → call-answered, Hangup + Ready → ended', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '(71) 3341-1525' });
    await flush();
    expect(ws.lastCommand('Dial')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'Dial', User: EXT, Number: '7133411525' });
    expect(ws.commands()).not.to.include('LineSelect');
    ws.line('Dialing', 1, { Number: '7133411525' });
    ws.respond('Dial');
    await p;
    const dialing = h.events.find((e) => e.type === 'call-dialing');
    expect(dialing).to.deep.include({ type: 'call-dialing' });
    if (dialing?.type !== 'call-dialing') throw new Error('no dialing');
    expect(dialing.call).to.deep.include({ direction: 'outbound', lineId: '1', remote: [{ number: '7133411525' }], detail: 'Dialing' });
    expect(dialing.call.id).to.match(/^1-/);
    expect(h.lines()[0]).to.deep.include({ state: 'busy', callId: dialing.call.id });
    ws.line('Answer', 1, { Number: '7133411525' });
    expect(h.events.at(-1)).to.deep.include({ type: 'call-answered' });
    ws.line('Hangup', 1);
    ws.line('Ready', 1);
    expect(types(callEvents(h.events))).to.deep.equal(['call-dialing', 'call-answered', 'call-ended']);
    expect(h.lines()[0]).to.deep.equal({ id: '1', label: '1', state: 'idle', selected: true });
  });

  it('when the selected line is busy, dial selects the lowest free line first; with six busy lines it is invalid-state', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '1' }, 2: { Status: 'Hold', Hold: '1', Number: '2' } });
    const p = h.execute({ type: 'dial', to: '555' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('3');
    expect(ws.commands()).not.to.include('Dial');
    ws.line('LineSelected', 3);
    ws.respond('LineSelect');
    await flush();
    expect(ws.commands().at(-1)).to.equal('Dial');
    ws.respond('Dial');
    await p;
    const full = setup();
    const busy = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [n, { Status: 'Answer', Number: String(n) }]));
    await full.connect(busy);
    const e = await rejection(full.execute({ type: 'dial', to: '555' }));
    expect(e).to.include({ code: 'invalid-state', detail: 'lines-busy' });
    expect(full.logs.some((l) => l.message.includes('dial refused (lines-busy): all six lines are busy'))).to.equal(true);
    expect(await rejection(full.execute({ type: 'dial', to: 'abc' }))).to.include({ code: 'bad-request', detail: 'to' });
  });

  it('an incoming call rings (call-offered), answer selects its line (LineSelect → LineSelected) then sends Answer Line, reject and hangup send Hangup Line', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.line('ReceivingCall', 3, { Number: '1133334444' });
    const offered = h.events.find((e) => e.type === 'call-offered');
    if (offered?.type !== 'call-offered') throw new Error('no offer');
    expect(offered.call).to.deep.include({ direction: 'inbound', lineId: '3', mustAccept: false, remote: [{ number: '1133334444' }] });
    expect(h.lines()[2]!.state).to.equal('ringing');
    const id = offered.call.id;
    const p = h.execute({ type: 'answer', callId: id });
    await flush();
    // The seed's LineSelect, confirmed by LineSelected, before the Answer.
    expect(ws.lastCommand('LineSelect')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'LineSelect', User: EXT, Line: '3' });
    expect(ws.commands().filter((c) => c === 'Answer')).to.have.length(0);
    ws.line('LineSelected', 3);
    await flush();
    expect(ws.lastCommand('Answer')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'Answer', User: EXT, Line: '3' });
    ws.line('Answer', 3, { Number: '1133334444' });
    ws.respond('Answer');
    await p;
    expect((await rejection(h.execute({ type: 'answer', callId: id }))).code).to.equal('invalid-state');
    const hang = h.execute({ type: 'hangup', callId: id });
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('3');
    ws.line('Hangup', 3);
    ws.line('Ready', 3);
    ws.respond('Hangup');
    await hang;

    ws.line('ReceivingCall', 4, { Number: '77' });
    const second = lastCallId(h.events);
    const rej = h.execute({ type: 'reject', callId: second });
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('4');
    ws.respond('Hangup');
    await rej;
    expect((await rejection(h.execute({ type: 'hangup', callId: 'nope' }))).detail).to.equal('callId');
  });

  it('a ringing call answered on another line by someone else (another client of the extension) makes the selection unsure: hold selects its line again', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '71' } }, 1);
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    ws.line('ReceivingCall', 2, { Number: '72' });
    // Seed L56: Answer with a Line; the DGPhone may make that line the selected one without a LineSelected.
    ws.line('Answer', 2, { Number: '72' });
    expect(h.lines().map((l) => l.selected === true)).to.deep.equal([false, false, false, false, false, false]);
    const p = h.execute({ type: 'hold', callId: id });
    await flush();
    // Hold toggles the SELECTED line (L49): without LineSelect first it could hold the call on line 2.
    expect(ws.commands().slice(-1)).to.deep.equal(['LineSelect']);
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('1');
    ws.line('LineSelected', 1);
    await flush();
    expect(ws.commands().slice(-1)).to.deep.equal(['Hold']);
    ws.line('Hold', 1, { Hold: '1' });
    await p;
    // Sure again (LineSelected): retrieve sends Hold alone.
    const q = h.execute({ type: 'retrieve', callId: id });
    await flush();
    expect(ws.commands().slice(-1)).to.deep.equal(['Hold']);
    ws.line('Hold', 1, { Hold: '0' });
    await q;
  });

  it('hold selects the call’s line first, sends Hold once, and follows Hold: 1|0 (never toggles the wrong way)', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '71' } }, 1);
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    const p = h.execute({ type: 'hold', callId: id });
    await flush();
    expect(ws.commands().slice(-1)).to.deep.equal(['LineSelect']);
    ws.line('LineSelected', 2);
    ws.respond('LineSelect');
    await flush();
    expect(ws.lastCommand('Hold')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'Hold', User: EXT });
    // A second hold before the Hold event: refused, nothing sent.
    expect(await rejection(h.execute({ type: 'hold', callId: id }))).to.include({ code: 'invalid-state', detail: 'hold-pending' });
    ws.respond('Hold');
    await p;
    ws.line('Hold', 2, { Hold: '1' });
    expect(h.events.find((e) => e.type === 'call-held')).to.not.equal(undefined);
    expect(h.lines()[1]!.state).to.equal('held');
    expect((await rejection(h.execute({ type: 'hold', callId: id }))).detail).to.equal('held');
    const r = h.execute({ type: 'retrieve', callId: id });
    await flush();
    ws.respond('Hold');
    await r;
    expect(ws.commands().filter((c) => c === 'Hold')).to.have.length(2);
    expect(ws.commands().filter((c) => c === 'LineSelect')).to.have.length(1);
    ws.line('Hold', 2, { Hold: '0' });
    expect(h.events.at(-2)).to.deep.include({ type: 'call-retrieved' });
    expect((await rejection(h.execute({ type: 'retrieve', callId: id }))).detail).to.equal('active');
  });

  it('a failed Hold clears the pending toggle', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '71' } });
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    const p = h.execute({ type: 'hold', callId: id });
    await flush();
    ws.respond('Hold', false, 'Linha 1 sem chamada ativa');
    expect(await rejection(p)).to.include({ code: 'command-failed', detail: 'Linha 1 sem chamada ativa', vendorCode: 'Error' });
    const again = h.execute({ type: 'hold', callId: id });
    await flush();
    expect(ws.commands().filter((c) => c === 'Hold')).to.have.length(2);
    ws.respond('Hold');
    await again;
  });

  it('DTMF: SendDtmf Digits on the call’s line (selected first); keys validated; digits never logged', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '71' }, 2: { Status: 'ReceivingCall', Number: '72' } });
    const [active, ringing] = snapshots(h.events)[0]!.calls;
    const p = h.execute({ type: 'dtmf', callId: active!.id, digits: '98 7#' });
    await flush();
    expect(ws.lastCommand('SendDtmf')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'SendDtmf', User: EXT, Digits: '987#' });
    ws.respond('SendDtmf');
    await p;
    expect(await rejection(h.execute({ type: 'dtmf', callId: active!.id, digits: '12x' }))).to.include({ code: 'bad-request', detail: 'digits' });
    expect((await rejection(h.execute({ type: 'dtmf', callId: ringing!.id, digits: '1' }))).code).to.equal('invalid-state');
    expect(JSON.stringify(h.logs)).not.to.contain('987#');
  });

  it('DTMFReceived becomes call data; events of other extensions are ignored', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '71' } });
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    ws.line('DTMFReceived', 1, { Digit: '4' });
    ws.line('DTMFReceived', 1, { Digit: '#' });
    expect(h.events.at(-1)).to.deep.equal({ type: 'call-data', callId: id, data: { DTMFReceived: '4#' } });
    const n = h.events.length;
    ws.line('ReceivingCall', 2, { Number: '9' }, '2002');
    ws.agent('AgentLogin', {}, '2002');
    expect(h.events.length).to.equal(n);
  });

  it('Response: Error → command-failed with the Message; an unsolicited Error is shown too', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '555' });
    await flush();
    ws.respond('Dial', false, 'Tronco indisponível');
    const e = await rejection(p);
    expect(e).to.include({ code: 'command-failed', operation: 'Dial', vendorCode: 'Error', detail: 'Tronco indisponível' });
    expect(h.errors().at(-1)).to.include({ code: 'command-failed', detail: 'Tronco indisponível' });
    ws.respond('Hangup', false, 'Linha livre');
    expect(h.errors().at(-1)).to.include({ code: 'command-failed', operation: 'Hangup', detail: 'Linha livre' });
  });

  it('malformed packets → malformed-frame (logged), the stream goes on; an unknown event is shown once', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.bytes('Event: DGPhoneEvent\r\nStatus: Answer\r\nLine: 9\r\n\r\n');
    // A code as detail; the codec's reason (and the preview) in the log.
    expect(h.errors().at(-1)).to.include({ code: 'malformed-frame', detail: 'malformed' });
    expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('DGPhone: malformed packet ('))).to.equal(true);
    ws.bytes('garbage without colon\r\n\r\n');
    ws.bytes(new Uint8Array([0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]));
    const errors = h.errors().length;
    // An Event the seed does not list, and a Status it does not list: each one typed error, then a debug log only.
    ws.packet({ Event: 'PeerStatus', Peer: 'SIP/2001' });
    ws.packet({ Event: 'PeerStatus', Peer: 'SIP/2002' });
    ws.packet({ Event: 'DGPhoneEvent', Status: 'Parked', Line: '1' });
    ws.packet({ Event: 'DGPhoneEvent', Status: 'Parked', Line: '2' });
    expect(h.errors().slice(errors).map((e) => [e.code, e.operation, e.detail])).to.deep.equal([
      ['unknown-event', 'receive', 'PeerStatus'],
      ['unknown-event', 'receive', 'DGPhoneEvent Parked'],
    ]);
    expect(h.logs.filter((l) => l.message.includes('unknown event PeerStatus')).map((l) => l.level)).to.deep.equal(['warn', 'debug']);
    // What the seed lists (L83-L176) is never unknown: agent events, UserLogoff, the time stamp.
    for (const Status of ['AgentLogin', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'AgentLogoff']) ws.packet({ Event: 'DGPhoneEvent', Status, Agent: '7' });
    ws.packet({ Event: 'DGTimeStamp', Time: '10:00:00' });
    expect(h.errors().slice(errors).map((e) => e.code)).to.deep.equal(['unknown-event', 'unknown-event']);
    ws.line('ReceivingCall', 2, { Number: '5' });
    expect(h.events.at(-2)).to.deep.include({ type: 'call-offered' });
    expect(h.connections().at(-1)).to.equal('connected');
  });
});

/* ------------------------------------------------------------ UserLogoff */

describe('dgphone adapter: UserLogoff', () => {
  it('calls are gone, lines unknown, a visible error, server-down; Login again with backoff until the DGPhone is back', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '71' } });
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    ws.packet({ Event: 'DGPhoneEvent', Status: 'UserLogoff', User: EXT });
    expect(h.events.some((e) => e.type === 'call-ended' && e.callId === id)).to.equal(true);
    expect(h.lines().every((l) => l.state === 'unknown')).to.equal(true);
    expect(h.errors().at(-1)).to.include({ code: 'softphone-unavailable', vendorCode: 'UserLogoff', detail: EXT });
    expect(h.connections().at(-1)).to.equal('server-down');
    expect((await rejection(h.execute({ type: 'dial', to: '1' }))).code).to.equal('not-connected');
    const logins = () => ws.commands().filter((c) => c === 'Login').length;
    h.clock.advance(1000);
    expect(logins()).to.equal(2);
    ws.respond('Login', false, 'DGPhone do ramal 2001 indisponível');
    await flush();
    const errs = h.errors().length;
    h.clock.advance(2000);
    expect(logins()).to.equal(3);
    ws.respond('Login');
    await flush();
    expect(h.errors().length).to.equal(errs);
    expect(h.connections().at(-1)).to.equal('connected');
    ws.status();
    await flush();
    expect(snapshots(h.events)).to.have.length(2);
    expect(h.lines().every((l) => l.state === 'idle')).to.equal(true);
  });
});

/* ------------------------------------------------------------- keep-alive */

describe('dgphone adapter: DGTimeStamp watchdog', () => {
  it('is armed by the first DGTimeStamp, re-armed only by DGTimeStamp; silence for interval × misses → keep-alive-lost, reconnect and resync', async () => {
    const h = setup({ options: { keepAliveIntervalMs: 1000, keepAliveMisses: 3 } });
    const ws = await h.connect();
    h.clock.advance(60_000);
    expect(h.connections().at(-1)).to.equal('connected');
    ws.packet({ Event: 'DGTimeStamp', Time: '1700000000' });
    h.clock.advance(2900);
    ws.packet({ Event: 'DGTimeStamp', Time: '1700000003' });
    h.clock.advance(2900);
    expect(h.connections().at(-1)).to.equal('connected');
    ws.line('Ready', 2); // not a DGTimeStamp: re-arms nothing
    h.clock.advance(100);
    expect(h.errors().at(-1)).to.include({ code: 'keep-alive-lost', detail: 'silence' });
    expect(ws.closedByClient).to.equal(true);
    expect(h.connections().at(-1)).to.equal('reconnecting');
    h.clock.advance(1000);
    const ws2 = h.ws();
    ws2.open();
    ws2.respond('Login');
    await flush();
    ws2.status();
    await flush();
    expect(snapshots(h.events)).to.have.length(2);
  });

  it('keeps watching while the DGPhone is down (UserLogoff): a dead link is dropped and opened again', async () => {
    const h = setup({ options: { keepAliveIntervalMs: 1000, keepAliveMisses: 3, reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 } });
    const ws = await h.connect();
    ws.packet({ Event: 'DGPhoneEvent', Status: 'UserLogoff', User: EXT });
    expect(h.connections().at(-1)).to.equal('server-down');
    ws.packet({ Event: 'DGTimeStamp', Time: '1700000000' });
    h.clock.advance(3000);
    expect(h.errors().at(-1)).to.include({ code: 'keep-alive-lost' });
    expect(ws.closedByClient).to.equal(true);
    expect(h.connections().at(-1)).to.equal('reconnecting');
    expect(ws.commands().filter((c) => c === 'Login')).to.have.length(1);
  });
});

/* ------------------------------------------------------------------ agent */

describe('dgphone adapter: agent login by feature code', () => {
  function startLogin(h: Harness, agent = AGENT, password: string | undefined = PIN): Promise<void> {
    const p = h.execute({ type: 'login', agent, ...(password !== undefined ? { password } : {}) });
    p.catch(() => undefined);
    return p;
  }

  it('dials *9800 on a free line (not shown as a call), sends agent# and PIN# after the answer, succeeds on AgentLogin', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '71' } });
    const p = startLogin(h);
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('2');
    ws.line('LineSelected', 2);
    ws.respond('LineSelect');
    await flush();
    expect(ws.lastCommand('Dial')).to.include({ Number: '*9800' });
    ws.line('Dialing', 2, { Number: '*9800' });
    ws.respond('Dial');
    await flush();
    expect(h.lines()[1]).to.deep.equal({ id: '2', label: '2', state: 'busy', selected: true });
    expect(ws.commands()).not.to.include('SendDtmf');
    ws.line('Answer', 2, { Number: '*9800' });
    await flush();
    // SendDtmf is done once written (the seed promises no event for it): both go out at once.
    expect(ws.packets().filter((x) => x['Command'] === 'SendDtmf').map((x) => x['Digits'])).to.deep.equal([`${AGENT}#`, `${PIN}#`]);
    ws.respond('SendDtmf');
    ws.respond('SendDtmf');
    await flush();
    ws.agent('AgentLogin');
    await p;
    expect(agents(h.events).at(-1)).to.deep.equal(['busy', 'AgentLogin']);
    const agentEvent = h.events.filter((e) => e.type === 'agent').at(-1);
    expect(agentEvent).to.deep.include({ agent: { phase: 'busy', detail: 'AgentLogin', extension: EXT, agentId: AGENT } });
    // The PBX hangs up by itself within the grace period: nothing else sent.
    ws.line('Hangup', 2);
    ws.line('Ready', 2);
    h.clock.advance(5000);
    await flush();
    expect(ws.commands().filter((c) => c === 'Hangup')).to.have.length(0);
    expect(callEvents(h.events).length).to.equal(0);
    expect(h.lines()[1]!.state).to.equal('idle');
    const visible = JSON.stringify(h.events) + JSON.stringify(h.logs);
    expect(visible).not.to.contain(PIN);
  });

  it('hangs the helper line up itself when the PBX does not', async () => {
    const h = setup({ options: { helperHangupGraceMs: 500 } });
    const ws = await h.connect();
    const p = startLogin(h);
    await flush();
    ws.respond('Dial');
    ws.line('Answer', 1, { Number: '*9800' });
    await flush();
    ws.respond('SendDtmf');
    await flush();
    ws.respond('SendDtmf');
    await flush();
    ws.agent('AgentLogin');
    await p;
    h.clock.advance(500);
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('1');
  });

  it('a wrong PIN: the PBX hangs up without AgentLogin → auth-failed agent-login-refused', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = startLogin(h, AGENT, '0000');
    await flush();
    ws.respond('Dial');
    ws.line('Answer', 1, { Number: '*9800' });
    await flush();
    ws.respond('SendDtmf');
    await flush();
    ws.respond('SendDtmf');
    ws.line('Hangup', 1);
    ws.line('Ready', 1);
    const e = await rejection(p);
    expect(e).to.include({ code: 'auth-failed', vendorCode: 'agent-login-refused', operation: 'login', detail: 'hung-up' });
    expect(h.logs.some((l) => l.message.includes('hung up the login call without AgentLogin'))).to.equal(true);
    expect(h.errors().at(-1)).to.include({ code: 'auth-failed' });
    expect(agents(h.events)).to.deep.equal([]);
  });

  it('no AgentLogin in time → timeout, and the helper line is hung up', async () => {
    const h = setup({ options: { agentLoginTimeoutMs: 5000 } });
    const ws = await h.connect();
    const p = startLogin(h);
    await flush();
    ws.respond('Dial');
    await flush();
    h.clock.advance(5000);
    const e = await rejection(p);
    expect(e).to.include({ code: 'timeout', vendorCode: 'agent-login', detail: 'no-answer' });
    expect(h.logs.some((l) => l.message.includes('no AgentLogin in 5000 ms'))).to.equal(true);
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('1');
    ws.respond('Hangup');
    ws.line('Hangup', 1);
    await flush();
    expect(h.lines()[0]!.state).to.equal('idle');
  });

  it('the feature-code call ends before the PBX answers → command-failed feature-code-not-answered', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = startLogin(h);
    await flush();
    ws.line('Dialing', 1, { Number: '*9800' });
    ws.respond('Dial');
    ws.line('Hangup', 1);
    ws.line('Ready', 1);
    expect(await rejection(p)).to.include({ code: 'command-failed', vendorCode: 'feature-code-not-answered', detail: 'not-answered' });
    expect(ws.commands()).not.to.include('SendDtmf');
    expect(h.lines()[0]!.state).to.equal('idle');
  });

  it('a Dial refused during sign-in fails it with the server message and frees the helper line', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = startLogin(h);
    await flush();
    ws.respond('Dial', false, 'Linha 1 ocupada');
    expect(await rejection(p)).to.include({ code: 'command-failed', detail: 'Linha 1 ocupada' });
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('1');
    ws.respond('Hangup', false, 'Linha 1 livre');
    await flush();
    expect(h.lines()[0]!.state).to.equal('idle');
    expect(h.errors().filter((e) => e.detail === 'Linha 1 livre')).to.deep.equal([]);
  });

  it('needs agent and PIN; one flow at a time; a custom login code', async () => {
    const h = setup({ options: { agentLoginCode: '*45' } });
    const ws = await h.connect();
    expect(await rejection(h.execute({ type: 'login', agent: AGENT }))).to.include({ code: 'missing-data', detail: 'password' });
    expect(await rejection(h.execute({ type: 'login', agent: '', password: PIN }))).to.include({ code: 'missing-data', detail: 'agent' });
    const p = startLogin(h);
    await flush();
    expect(ws.lastCommand('Dial')['Number']).to.equal('*45');
    expect(await rejection(h.execute({ type: 'login', agent: AGENT, password: PIN }))).to.include({ code: 'invalid-state', detail: 'in-progress' });
    ws.drop();
    expect((await rejection(p)).code).to.equal('connection-lost');
  });

  it('agent events: AgentCalled (Uniqueid on the ringing call) → busy, AgentConnect, AgentComplete → ready, AgentLogoff → logged-out', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.agent('AgentLogin');
    expect(agents(h.events)).to.deep.equal([['ready', 'AgentLogin']]);
    ws.agent('AgentCalled', { Uniqueid: '1700000000.42' });
    ws.line('ReceivingCall', 1, { Number: '1140041234' });
    const offered = h.events.find((e) => e.type === 'call-offered');
    if (offered?.type !== 'call-offered') throw new Error('no offer');
    expect(offered.call.data).to.deep.equal({ Uniqueid: '1700000000.42' });
    ws.line('Answer', 1, { Number: '1140041234' });
    ws.agent('AgentConnect', { Uniqueid: '1700000000.42' });
    ws.line('Hangup', 1);
    ws.line('Ready', 1);
    ws.agent('AgentComplete', { Uniqueid: '1700000000.42' });
    ws.agent('AgentLogoff');
    expect(agents(h.events)).to.deep.equal([
      ['ready', 'AgentLogin'],
      ['busy', 'AgentCalled'],
      ['busy', 'AgentConnect'],
      ['ready', 'AgentComplete'],
      ['logged-out', 'AgentLogoff'],
    ]);
  });

  it('AgentCalled after the line rang attaches the Uniqueid as call data; a queue event while logged out implies AgentLogin', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.line('ReceivingCall', 4, { Number: '55' });
    const id = lastCallId(h.events);
    ws.agent('AgentCalled', { Uniqueid: 'u-9' });
    expect(h.events.some((e) => e.type === 'call-data' && e.callId === id && e.data['Uniqueid'] === 'u-9')).to.equal(true);
    expect(agents(h.events)).to.deep.equal([
      ['busy', 'AgentLogin'],
      ['busy', 'AgentCalled'],
    ]);
  });

  /** The Uniqueid shown with the call ringing on `line` (the last call-offered there). */
  const offeredData = (events: readonly DomainEvent[], line: string) =>
    events.flatMap((e) => (e.type === 'call-offered' && e.call.lineId === line ? [e.call.data] : [])).at(-1);

  it('a queue call id AgentCalled left is not carried to a later call once AgentConnect named it (the ring came in a Status answer)', async () => {
    const h = setup();
    const ws = await h.loggedIn();
    ws.agent('AgentLogin');
    // The queue rings the agent while the Status answer is collected: the ring is read there, not live.
    ws.agent('AgentCalled', { Uniqueid: 'q-1' });
    ws.status({ 2: { Status: 'ReceivingCall', Number: '1140041234' } });
    await flush();
    ws.line('Answer', 2, { Number: '1140041234' });
    ws.agent('AgentConnect', { Uniqueid: 'q-1' });
    const onTwo = snapshots(h.events)[0]!.calls[0]!.id;
    expect(h.events.some((e) => e.type === 'call-data' && e.callId === onTwo && e.data['Uniqueid'] === 'q-1')).to.equal(true);
    // A direct call later is not that queue call.
    ws.line('ReceivingCall', 4, { Number: '2133335555' });
    expect(offeredData(h.events, '4')).to.deep.equal({});
  });

  it('a queue call id AgentCalled left is forgotten when the link drops: a call after the reconnect never carries it', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.agent('AgentLogin');
    ws.agent('AgentCalled', { Uniqueid: 'q-7' });
    // The link drops before the line rang; meanwhile the caller gave up (no AgentComplete: never answered).
    ws.drop(1006);
    h.clock.advance(1000);
    const ws2 = h.ws();
    ws2.open();
    ws2.respond('Login');
    await flush();
    ws2.status();
    await flush();
    ws2.line('ReceivingCall', 1, { Number: '2133335555' });
    expect(offeredData(h.events, '1')).to.deep.equal({});
  });

  it('logout without a logoff code: logoff, agent logged out, the link is opened again at once', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.agent('AgentLogin');
    const p = h.execute({ type: 'logout' });
    await flush();
    expect(ws.lastCommand('logoff')).to.deep.equal({ Action: 'DGPhoneCommand', Command: 'logoff', User: EXT });
    ws.respond('logoff', true, 'Logoff efetuado');
    await p;
    expect(agents(h.events).at(-1)).to.deep.equal(['logged-out', 'logoff']);
    expect(ws.closedByClient).to.equal(true);
    expect(h.sockets()).to.have.length(2);
    h.ws().open();
    expect(h.ws().commands()).to.deep.equal(['Login']);
    expect(h.errors()).to.deep.equal([]);
  });

  it('logout when the server closes before answering still succeeds', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'logout' });
    await flush();
    ws.drop(1000, 'Target closed');
    await p;
    expect(h.sockets()).to.have.length(2);
    expect(h.errors()).to.deep.equal([]);
  });

  it('logout answered by UserLogoff (seed L134: the user\'s logoff), then the close: succeeds, no error, no server-down, logs in again', async () => {
    for (const closes of [true, false]) {
      const h = setup();
      const ws = await h.connect();
      ws.agent('AgentLogin');
      const p = h.execute({ type: 'logout' });
      await flush();
      ws.packet({ Event: 'DGPhoneEvent', Status: 'UserLogoff', User: EXT });
      if (closes) ws.drop(1000, 'Target closed');
      await p;
      expect(h.errors()).to.deep.equal([]);
      expect(h.connections()).not.to.include('server-down');
      expect(agents(h.events).at(-1)).to.deep.equal(['logged-out', 'logoff']);
      expect(h.sockets()).to.have.length(2);
      h.ws().open();
      expect(h.ws().commands()).to.deep.equal(['Login']);
      // The old link's close (when the server had not closed yet) changes nothing.
      h.clock.advance(10_000);
      expect(h.sockets()).to.have.length(2);
    }
  });

  it('logout with agentLogoffCode: dial it, send agent#, succeed on AgentLogoff', async () => {
    const h = setup({ options: { agentLogoffCode: '*9801' } });
    const ws = await h.connect();
    ws.agent('AgentLogin');
    const p = h.execute({ type: 'logout' });
    await flush();
    expect(ws.lastCommand('Dial')['Number']).to.equal('*9801');
    ws.respond('Dial');
    ws.line('Answer', 1, { Number: '*9801' });
    await flush();
    expect(ws.lastCommand('SendDtmf')['Digits']).to.equal(`${AGENT}#`);
    ws.respond('SendDtmf');
    await flush();
    ws.agent('AgentLogoff');
    await p;
    expect(ws.commands().filter((c) => c === 'SendDtmf')).to.have.length(1);
    expect(agents(h.events).at(-1)).to.deep.equal(['logged-out', 'AgentLogoff']);
    expect(ws.commands()).not.to.include('logoff');
  });

  it('logout with agentLogoffCode before any agent event signs off the configured agent', async () => {
    const h = setup({ options: { agentLogoffCode: '*9801' }, config: { agent: '1077' } });
    const ws = await h.connect();
    const p = h.execute({ type: 'logout' });
    await flush();
    ws.respond('Dial');
    ws.line('Answer', 1, { Number: '*9801' });
    await flush();
    expect(ws.lastCommand('SendDtmf')['Digits']).to.equal('1077#');
    ws.respond('SendDtmf');
    await flush();
    ws.agent('AgentLogoff', { Agent: '1077' });
    await p;
  });
});

/* ----------------------------------------------------------- correlation */

describe('dgphone adapter: correlation (the seed promises a response for Login only)', () => {
  /** A server that answers Login (without User, as the seed shows it) and nothing else; Status is six events. */
  async function connectNoAck(h: Harness, lines: Record<number, Fields> = {}): Promise<DGSocket> {
    h.adapter.start();
    const ws = h.ws();
    ws.open();
    ws.packet({ Event: 'DGPhoneResponse', Response: 'Success', Command: 'Login', Message: `Ramal ${EXT} logado` });
    await flush();
    for (let n = 1; n <= 6; n++) {
      const { Status = 'Ready', ...extra } = lines[n] ?? {};
      ws.line(Status, n, extra);
    }
    await flush();
    return ws;
  }
  const sentCount = (ws: DGSocket, command: string) => ws.commands().filter((c) => c === command).length;

  it('a no-ack server: six lines at once, then dial-then-act (select, dial, hold, DTMF, hang up) and two calls on two lines, each confirmed by its event', async () => {
    const h = setup();
    const ws = await connectNoAck(h);
    // Shown when the sixth event came, not after a bound; the selection is not known (no LineSelected).
    expect(h.lines().map((l) => [l.state, l.selected])).to.deep.equal(Array.from({ length: 6 }, () => ['idle', false]));
    expect(snapshots(h.events)).to.have.length(1);

    const dial = h.execute({ type: 'dial', to: '555' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('1');
    expect(sentCount(ws, 'Dial')).to.equal(0);
    ws.line('LineSelected', 1);
    await flush();
    expect(ws.lastCommand('Dial')['Number']).to.equal('555');
    ws.line('Dialing', 1, { Number: '555' });
    await dial;
    const first = lastCallId(h.events);
    ws.line('Answer', 1, { Number: '555' });

    const hold = h.execute({ type: 'hold', callId: first });
    await flush();
    expect(sentCount(ws, 'LineSelect')).to.equal(1);
    ws.line('Hold', 1, { Hold: '1' });
    await hold;
    const second = h.execute({ type: 'dial', to: '777' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('2');
    ws.line('LineSelected', 2);
    await flush();
    ws.line('Dialing', 2, { Number: '777' });
    await second;
    ws.line('Answer', 2, { Number: '777' });
    await h.execute({ type: 'dtmf', callId: lastCallId(h.events), digits: '9#' });
    expect(ws.lastCommand('SendDtmf')['Digits']).to.equal('9#');

    const hangup = h.execute({ type: 'hangup', callId: first });
    await flush();
    expect(ws.lastCommand('Hangup')['Line']).to.equal('1');
    ws.line('Hangup', 1);
    await hangup;
    ws.line('Ready', 1);
    h.clock.advance(60_000);
    await flush();
    expect(h.errors()).to.deep.equal([]);
    expect(h.lines().map((l) => l.state)).to.deep.equal(['idle', 'busy', 'idle', 'idle', 'idle', 'idle']);
    expect(h.connections().at(-1)).to.equal('connected');
  });

  it('a server that says LineSelected only when the selection changes (seed L11: not promised): a LineSelect of the line already selected goes on after a short wait, the command after it works', async () => {
    const h = setup();
    const ws = await connectNoAck(h);
    const dial = h.execute({ type: 'dial', to: '555' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('1');
    expect(sentCount(ws, 'Dial')).to.equal(0);
    h.clock.advance(1000);
    await flush();
    expect(ws.lastCommand('Dial')['Number']).to.equal('555');
    ws.line('Dialing', 1, { Number: '555' });
    await dial;
    ws.line('Answer', 1, { Number: '555' });
    // Line 1 is taken as selected: hold sends no second LineSelect, and its Hold event confirms it.
    const hold = h.execute({ type: 'hold', callId: lastCallId(h.events) });
    await flush();
    expect(sentCount(ws, 'LineSelect')).to.equal(1);
    ws.line('Hold', 1, { Hold: '1' });
    await hold;
    h.clock.advance(20_000);
    await flush();
    expect(h.errors()).to.deep.equal([]);
    expect(h.logs.some((l) => l.message.includes('no LineSelected for line 1 in 1000 ms'))).to.equal(true);
  });

  it('a no-ack server: agent sign-in by feature code and DTMF', async () => {
    const h = setup();
    const ws = await connectNoAck(h);
    const p = h.execute({ type: 'login', agent: AGENT, password: PIN });
    await flush();
    ws.line('LineSelected', 1);
    await flush();
    ws.line('Dialing', 1, { Number: '*9800' });
    ws.line('Answer', 1, { Number: '*9800' });
    await flush();
    expect(ws.packets().filter((x) => x['Command'] === 'SendDtmf')).to.have.length(2);
    ws.agent('AgentLogin');
    await p;
    expect(h.errors()).to.deep.equal([]);
  });

  it('the selected line follows the line the agent answers; the next command on another call selects its line first', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '11' } }, 1);
    ws.line('ReceivingCall', 3, { Number: '33' });
    const first = snapshots(h.events)[0]!.calls[0]!.id;
    expect(h.lines().find((l) => l.selected)?.id).to.equal('1');
    const answer = h.execute({ type: 'answer', callId: lastCallId(h.events) });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('3');
    ws.line('LineSelected', 3);
    await flush();
    expect(ws.lastCommand('Answer')['Line']).to.equal('3');
    ws.line('Answer', 3, { Number: '33' });
    await answer;
    expect(h.lines().find((l) => l.selected)?.id, 'the answered line is the selected one').to.equal('3');
    // DTMF on the answered call: its line is selected for sure, no second LineSelect.
    const selects = sentCount(ws, 'LineSelect');
    await h.execute({ type: 'dtmf', callId: lastCallId(h.events), digits: '1' });
    expect(sentCount(ws, 'LineSelect')).to.equal(selects);
    // Hold on the first call: line 1 is selected first.
    const hold = h.execute({ type: 'hold', callId: first });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('1');
    expect(sentCount(ws, 'Hold')).to.equal(0);
    ws.line('LineSelected', 1);
    await flush();
    ws.line('Hold', 1, { Hold: '1' });
    await hold;
  });

  it('a Success that comes before the event completes the command', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '555' });
    await flush();
    ws.respond('Dial');
    await p;
    ws.line('Dialing', 1, { Number: '555' });
    expect(callEvents(h.events).map((e) => e.type)).to.deep.equal(['call-dialing']);
    h.clock.advance(60_000);
    expect(h.errors()).to.deep.equal([]);
  });

  it('a Response: Error fails the command it names (the oldest of that name, narrowed by Line), not another', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '2' }, 3: { Status: 'Answer', Number: '3' } });
    const [c2, c3] = snapshots(h.events)[0]!.calls.map((c) => c.id);
    const hang2 = h.execute({ type: 'hangup', callId: c2! });
    const hang3 = h.execute({ type: 'hangup', callId: c3! });
    hang2.catch(() => undefined);
    await flush();
    ws.packet({ Event: 'DGPhoneResponse', Response: 'Error', Command: 'Hangup', Line: '3', Message: 'Linha 3 presa' });
    expect(await rejection(hang3)).to.include({ code: 'command-failed', vendorCode: 'Error', detail: 'Linha 3 presa' });
    ws.line('Hangup', 2);
    await hang2;

    // An Error naming Dial fails the Dial, not the LineSelect confirmed before it.
    const dial = h.execute({ type: 'dial', to: '9' });
    await flush();
    ws.line('LineSelected', 1);
    await flush();
    expect(sentCount(ws, 'Dial')).to.equal(1);
    ws.respond('Dial', false, 'Tronco indisponível');
    expect(await rejection(dial)).to.include({ code: 'command-failed', detail: 'Tronco indisponível' });
    // An Error for a command already confirmed by its event is still shown, once.
    const before = h.errors().length;
    ws.respond('LineSelect', false, 'tarde');
    expect(h.errors().slice(before).map((e) => [e.code, e.operation, e.detail])).to.deep.equal([['command-failed', 'LineSelect', 'tarde']]);
  });

  // First in first out per name, a late answer kept by its own command, the unambiguous answer without a name:
  // the runtime's rules (runtime/by-name.test.ts). Here: how the DGPhone's responses map onto them.
  it('an Error that names no command with two commands waiting is nobody\'s: shown on its own (receive), both still wait for their events', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '2' } }, 1);
    const call2 = snapshots(h.events)[0]!.calls[0]!.id;
    const dial = h.execute({ type: 'dial', to: '8' });
    await flush();
    const hangup = h.execute({ type: 'hangup', callId: call2 });
    await flush();
    expect(ws.commands().slice(-2)).to.deep.equal(['Dial', 'Hangup']);
    const before = h.errors().length;
    ws.packet({ Event: 'DGPhoneResponse', Response: 'Error', Message: 'Falha' });
    await flush();
    expect(h.errors().slice(before).map((e) => [e.code, e.operation, e.detail])).to.deep.equal([['command-failed', 'receive', 'Falha']]);
    ws.line('Dialing', 1, { Number: '8' });
    ws.line('Hangup', 2);
    await Promise.all([dial, hangup]);
  });

  it('a confirmation bound that expires is timeout / not-confirmed (not "no answer"), shown once; Login keeps timeout', async () => {
    const h = setup({ options: { requestTimeoutMs: 2000 } });
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '555' });
    p.catch(() => undefined);
    await flush();
    h.clock.advance(1999);
    await flush();
    expect(h.errors()).to.deep.equal([]);
    h.clock.advance(1);
    const e = await rejection(p);
    expect(e).to.include({ code: 'timeout', vendorCode: 'not-confirmed', operation: 'Dial', detail: 'no-answer' });
    expect(h.logs.some((l) => l.message.includes('no Dialing to Dial in 2000 ms'))).to.equal(true);
    expect(h.errors().filter((x) => x.code === 'timeout')).to.have.length(1);
    // Its late Error is its own (kept one more bound), not a newer Dial's.
    const again = h.execute({ type: 'dial', to: '556' });
    await flush();
    ws.respond('Dial', false, 'tarde');
    await flush();
    ws.line('Dialing', 1, { Number: '556' });
    await again;
    expect(h.connections().at(-1)).to.equal('connected');
    h.clock.advance(10_000);
    expect(h.clock.pending).to.be.lessThan(3);
  });

  it('SendDtmf is done once written; an Error that comes later is shown', async () => {
    const h = setup();
    const ws = await h.connect({ 1: { Status: 'Answer', Number: '1' } });
    await h.execute({ type: 'dtmf', callId: snapshots(h.events)[0]!.calls[0]!.id, digits: '1' });
    expect(h.errors()).to.deep.equal([]);
    ws.respond('SendDtmf', false, 'Linha 1 não está em chamada');
    expect(h.errors().map((e) => [e.code, e.operation, e.detail])).to.deep.equal([['command-failed', 'SendDtmf', 'Linha 1 não está em chamada']]);
  });

  it('a Status answer that reports the busy lines only: the others show unknown after the bound, and a dial still tries one', async () => {
    const h = setup({ options: { requestTimeoutMs: 2000 } });
    const ws = await h.loggedIn();
    ws.line('Answer', 1, { Number: '11' });
    h.clock.advance(2000);
    await flush();
    expect(h.lines().map((l) => l.state)).to.deep.equal(['busy', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    const p = h.execute({ type: 'dial', to: '555' });
    await flush();
    expect(ws.lastCommand('LineSelect')['Line']).to.equal('2');
    ws.line('LineSelected', 2);
    await flush();
    ws.line('Dialing', 2, { Number: '555' });
    await p;
    expect(h.lines()[1]!.state).to.equal('busy');
  });

  it('UserLogoff fails a command waiting for its event at once (softphone-unavailable), not after the bound', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '555' });
    p.catch(() => undefined);
    await flush();
    expect(ws.commands().at(-1)).to.equal('Dial');
    ws.packet({ Event: 'DGPhoneEvent', Status: 'UserLogoff', User: EXT });
    expect(await rejection(p)).to.include({ code: 'softphone-unavailable', operation: 'Dial' });
    expect(h.errors().filter((e) => e.code === 'timeout')).to.deep.equal([]);
  });

  it('bad input from a host page: a typed error, nothing sent, nothing lost, never internal', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '2' } });
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    const sent = ws.sent.length;
    const bad = (c: unknown) => rejection(h.execute(c as Command));
    // The offending field as detail (a code); the sentence in the log.
    expect(await bad({ type: 'dial', to: 5551234 })).to.include({ code: 'bad-request', operation: 'dial', detail: 'to' });
    expect(h.logs.some((l) => l.message.includes('dial refused (to): to must be text'))).to.equal(true);
    expect(await bad({ type: 'dial' })).to.include({ code: 'bad-request', operation: 'dial', detail: 'to' });
    expect(await bad({ type: 'dtmf', callId: id, digits: { 0: '1' } })).to.include({ code: 'bad-request', operation: 'dtmf', detail: 'digits' });
    expect(await bad({ type: 'select-line', lineId: 3 })).to.include({ code: 'bad-request', operation: 'select-line', detail: 'lineId' });
    expect(await bad({ type: 'login', agent: null, password: PIN })).to.include({ code: 'missing-data', operation: 'login', detail: 'agent' });
    expect(await bad({ type: 'login', agent: AGENT, password: 1234 })).to.include({ code: 'bad-request', operation: 'login', detail: 'password' });
    expect(await bad({ type: 'hangup', callId: { id } })).to.include({ code: 'invalid-state', operation: 'hangup', detail: 'callId' });
    expect(await bad({ type: 'transfer', callId: id, to: '1' })).to.include({ code: 'unsupported', detail: 'transfer' });
    expect(ws.sent.length).to.equal(sent);
    expect(h.errors().map((e) => e.code)).not.to.include('internal');
    expect(h.lines()[1]).to.deep.include({ state: 'busy', callId: id });
    expect(h.connections().at(-1)).to.equal('connected');
  });

  it('Status answered by an Error: shown, and the calls already known are kept', async () => {
    const h = setup();
    const ws = await h.connect({ 2: { Status: 'Answer', Number: '2' } });
    const id = snapshots(h.events)[0]!.calls[0]!.id;
    await h.execute({ type: 'refresh' });
    ws.respond('Status', false, 'Falha');
    await flush();
    expect(h.errors().map((e) => [e.code, e.operation])).to.deep.equal([['command-failed', 'status']]);
    const last = snapshots(h.events).at(-1)!;
    expect(last.calls.map((c) => c.id)).to.deep.equal([id]);
    expect(h.lines().map((l) => l.state)).to.deep.equal(['idle', 'busy', 'idle', 'idle', 'idle', 'idle']);
    expect(h.lines()[1]!.callId).to.equal(id);
    // The same for a refresh answered by nothing at all (the bound ends it).
    await h.execute({ type: 'refresh' });
    h.clock.advance(8000);
    await flush();
    expect(h.lines().map((l) => l.state)).to.deep.equal(['idle', 'busy', 'idle', 'idle', 'idle', 'idle']);
    expect(snapshots(h.events).at(-1)!.calls.map((c) => c.id)).to.deep.equal([id]);
  });
});

describe('dgphone adapter: the User events name', () => {
  it('extension as an Intelix user name (seed L23 "Ramal/Usuario"), events naming the extension number (L79): options.eventUser makes them ours', async () => {
    // Without the option: the events are another User's; the first one is logged at warn, naming the option.
    const plain = setup({ config: { extension: 'joao.silva' } });
    plain.adapter.start();
    plain.ws().open();
    plain.ws().packet({ Event: 'DGPhoneResponse', Response: 'Success', Command: 'Login', Message: 'ok' });
    await flush();
    plain.ws().line('Ready', 1);
    plain.ws().line('Ready', 2);
    expect(plain.logs.filter((l) => l.level === 'warn' && l.message.includes('options.eventUser'))).to.have.length(1);
    expect(snapshots(plain.events)).to.have.length(0);

    const h = setup({ config: { extension: 'joao.silva' }, options: { eventUser: ` ${EXT} ` } });
    h.adapter.start();
    const ws = h.ws();
    ws.open();
    expect(ws.lastCommand('Login')['User']).to.equal('joao.silva');
    // A response naming the extension number is ours too.
    ws.respond('Login');
    await flush();
    expect(h.connections().at(-1)).to.equal('connected');
    expect(ws.lastCommand('Status')['User']).to.equal('joao.silva');
    for (let n = 1; n <= 6; n++) ws.line('Ready', n);
    await flush();
    expect(snapshots(h.events)).to.have.length(1);
    ws.line('ReceivingCall', 3, { Number: '9' }, '2002');
    expect(callEvents(h.events)).to.deep.equal([]);
    ws.line('ReceivingCall', 3, { Number: '71' });
    expect(callEvents(h.events).map((e) => e.type)).to.deep.equal(['call-offered']);
    ws.packet({ Event: 'DGPhoneEvent', User: 'joao.silva', Agent: AGENT, Status: 'AgentLogin' });
    // The login User in an event stays ours (busy: a call rings).
    expect(agents(h.events).at(-1)).to.deep.equal(['busy', 'AgentLogin']);
  });
});

/* ---------------------------------------------------------------- options */

describe('dgphone adapter: options', () => {
  it('reads defaults and bounds', () => {
    expect(readDGPhoneOptions(undefined)).to.deep.equal({
      encoding: 'utf-8',
      requestTimeoutMs: 8000,
      reconnectBaseMs: 1000,
      reconnectMaxMs: 30000,
      keepAliveIntervalMs: 15000,
      keepAliveMisses: 3,
      agentLoginCode: '*9800',
      agentLoginTimeoutMs: 12000,
      helperHangupGraceMs: 1500,
    });
    const o = readDGPhoneOptions({ encoding: 'windows-1252', requestTimeoutMs: '5', agentLoginCode: 'x', agentLogoffCode: '*9801', keepAliveMisses: 99 });
    expect(o).to.deep.include({ encoding: 'windows-1252', requestTimeoutMs: 200, agentLoginCode: '*9800', agentLogoffCode: '*9801', keepAliveMisses: 20 });
  });

  it('decodes the configured single-byte encoding', async () => {
    const h = setup({ options: { encoding: 'iso-8859-1' } });
    h.adapter.start();
    h.ws().open();
    const text = 'Event: DGPhoneResponse\r\nResponse: Error\r\nCommand: Login\r\nMessage: Ramal não cadastrado\r\n\r\n';
    h.ws().bytes(new Uint8Array([...text].map((c) => c.charCodeAt(0))));
    await flush();
    expect(h.errors()[0]!.detail).to.equal('Ramal não cadastrado');
  });
});
