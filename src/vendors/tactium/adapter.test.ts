/**
 * The Tactium adapter against a fake relay `WebSocket` (binary frames in windows-1252, as websockify passes the
 * TCP bytes on) and a `ManualClock`. Every message the "server" sends is written here in the seed's shapes.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { Command } from '../../domain/commands.js';
import type { CallReport, DomainEvent } from '../../domain/events.js';
import type { CtiError, LogLevel } from '../../domain/model.js';
import type { AdapterDeps, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { FakeRelaySocket } from '../runtime/testing/fake-relay-socket.js';
import { flush, rejection } from '../runtime/testing/wait.js';
import { createTactiumAdapter, readTactiumOptions } from './adapter.js';

const RELAY = 'ws://relay.test:6080/?token=tactium';

interface Harness {
  adapter: VendorAdapter;
  clock: ManualClock;
  events: DomainEvent[];
  logs: { level: LogLevel; message: string }[];
  ws(): FakeRelaySocket;
  sockets(): FakeRelaySocket[];
  connections(): string[];
  errors(): CtiError[];
  since(mark: number): DomainEvent[];
  /** Serve `text`, let the adapter react. */
  serve(text: string): Promise<void>;
  /** Expect the last thing sent to be `sent`, then answer `reply`. */
  answer(sent: string, reply: string): Promise<void>;
  /** start(), open, answer the bind, then the current call (`current`, '' = no answer) and the status fencing it. */
  connect(status?: string, current?: string): Promise<FakeRelaySocket>;
  /** Open the latest socket and answer bind, status, current call. */
  handshake(status?: string, current?: string): Promise<FakeRelaySocket>;
  execute(command: Command): Promise<void>;
}

/** `emit`: the host sees each event first (it may throw: a bug on the host's side of a message). */
function setup(opts: { options?: SessionConfig['options']; config?: Partial<SessionConfig>; emit?: (e: DomainEvent) => void } = {}): Harness {
  FakeRelaySocket.reset('windows-1252');
  const clock = new ManualClock();
  const events: DomainEvent[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const host: AdapterHost = {
    emit: (e) => {
      opts.emit?.(e);
      events.push(e);
    },
    log: (level, message) => logs.push({ level, message }),
    clock,
  };
  const deps: AdapterDeps = {
    fetch: (() => Promise.reject(new Error('no fetch'))) as typeof fetch,
    EventSource: undefined as unknown as typeof EventSource,
    WebSocket: FakeRelaySocket as unknown as typeof WebSocket,
    random: () => 0.5,
  };
  const config: SessionConfig = {
    vendor: 'tactium',
    server: RELAY,
    agent: 'jose',
    options: { pauseReasons: '1=Lanche;2=Banheiro', defaultDdd: '85', ...opts.options },
    ...opts.config,
  };
  const adapter = createTactiumAdapter(config, host, deps);
  const h: Harness = {
    adapter,
    clock,
    events,
    logs,
    ws() {
      const last = FakeRelaySocket.instances.at(-1);
      if (!last) throw new Error('no socket');
      return last;
    },
    sockets: () => FakeRelaySocket.instances,
    connections: () => events.flatMap((e) => (e.type === 'connection' ? [e.status] : [])),
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e.error] : [])),
    since: (mark) => events.slice(mark),
    async serve(text) {
      h.ws().serve(text);
      await flush();
    },
    async answer(sent, reply) {
      await flush();
      expect(h.ws().last()).to.equal(sent);
      await h.serve(reply);
    },
    async handshake(status = '1', current = '<jose><OK>$') {
      const login = config.options?.['role'] === 'supervisor' ? 'ADMSOCKET' : 'jose';
      h.ws().open();
      await h.answer(`<${login}><L><ON>$`, `<${login}><OK>$`);
      if (login === 'jose') await h.answer('<jose><AC>$<jose><S>$', `${current}<jose><S><${status}>$`);
      return h.ws();
    },
    async connect(status, current) {
      adapter.start();
      return h.handshake(status, current);
    },
    execute: (command) => adapter.execute(command),
  };
  return h;
}

const lastOf = <T extends DomainEvent['type']>(events: DomainEvent[], type: T): Extract<DomainEvent, { type: T }> | undefined =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type).at(-1);
const callOf = (e: DomainEvent | undefined): CallReport => {
  if (!e || !('call' in e) || !e.call) throw new Error(`no call in ${JSON.stringify(e)}`);
  return e.call as CallReport;
};

/* ------------------------------------------------------------------ tests */

describe('Tactium adapter', () => {
  describe('options', () => {
    it('defaults, bounds, pause reasons, agents, encoding', () => {
      const d = readTactiumOptions(undefined);
      expect(d).to.deep.include({
        role: 'agent',
        encoding: 'windows-1252',
        requestTimeoutMs: 5000,
        statusPollMs: 10000,
        reconnectBaseMs: 1000,
        reconnectMaxMs: 30000,
        defaultDdd: '',
        defaultService: '',
      });
      const o = readTactiumOptions({
        role: 'supervisor',
        encoding: 'UTF-8',
        requestTimeoutMs: 1,
        statusPollMs: '0',
        pauseReasons: '1=Lanche;2=Banheiro',
        agents: 'ana, maria',
        defaultService: ' Vendas ',
      });
      expect(o).to.deep.include({ role: 'supervisor', encoding: 'utf-8', requestTimeoutMs: 50, statusPollMs: 0, defaultService: 'Vendas' });
      expect(o.pauseReasons).to.deep.equal([
        { id: '1', name: 'Lanche' },
        { id: '2', name: 'Banheiro' },
      ]);
      expect(o.agents).to.deep.equal(['ana', 'maria']);
      expect(readTactiumOptions({ encoding: 'ebcdic', role: 'boss', statusPollMs: 3 }).encoding).to.equal('windows-1252');
      expect(readTactiumOptions({ statusPollMs: 3 }).statusPollMs).to.equal(50);
    });
  });

  describe('connecting', () => {
    it('binds the agent, is connected only after <OK>, then a snapshot from <AC> fenced by <S>', async () => {
      const h = setup();
      h.adapter.start();
      const ws = h.ws();
      expect(ws.url).to.equal(RELAY);
      expect(ws.protocols).to.deep.equal(['binary']);
      expect(h.connections()).to.deep.equal(['connecting']);
      expect(lastOf(h.events, 'pause-reasons')?.reasons).to.have.length(2);
      ws.open();
      await flush();
      expect(ws.texts()).to.deep.equal(['<jose><L><ON>$']);
      expect(h.connections()).to.deep.equal(['connecting']);
      await h.serve('<jose><OK>$');
      expect(h.connections()).to.deep.equal(['connecting', 'connected']);
      await flush();
      expect(ws.texts()).to.deep.equal(['<jose><L><ON>$', '<jose><AC>$<jose><S>$']);
      await h.serve('<jose><OK>$');
      expect(lastOf(h.events, 'snapshot')).to.equal(undefined);
      await h.serve('<jose><S><1>$');
      expect(lastOf(h.events, 'snapshot')).to.deep.equal({
        type: 'snapshot',
        agent: { phase: 'ready', detail: 'status-1', agentId: 'jose' },
        calls: [],
      });
      // The status read for the snapshot is quiet: no separate agent event.
      expect(lastOf(h.events, 'agent')).to.equal(undefined);
    });

    it('the current call on connect is in the snapshot with its data; the same call after a reconnect keeps its id', async () => {
      const h = setup();
      await h.connect('3', '<jose><R><><85><988887777><><4000><---><>$');
      const first = lastOf(h.events, 'snapshot')!;
      expect(first.agent.phase).to.equal('busy');
      expect(first.calls).to.have.length(1);
      expect(first.calls[0]).to.deep.include({ direction: 'inbound', detail: 'inbound', mustAccept: false });
      expect(first.calls[0]?.remote).to.deep.equal([{ number: '85988887777' }]);
      expect(first.calls[0]?.data).to.deep.equal({ 'ddd-origem': '85', origem: '988887777', destino: '4000' });
      const id = first.calls[0]!.id;

      h.ws().drop(1000, 'Target closed');
      expect(lastOf(h.events, 'call-updated')?.call).to.deep.equal({ id, detail: 'unconfirmed' });
      h.clock.advance(2000);
      await h.handshake('3', '<Jose><R><><85><988887777><><4000><---><>$');
      const second = lastOf(h.events, 'snapshot')!;
      expect(second.calls.map((c) => [c.id, c.detail])).to.deep.equal([[id, 'inbound']]);
    });

    it('a call gone during the outage: the snapshot after the reconnect has none', async () => {
      const h = setup();
      await h.connect('3', '<jose><A><><><7001><85><40050500><><><>$');
      h.ws().drop();
      h.clock.advance(2000);
      await h.handshake('4', '<jose><OK>$');
      const snap = lastOf(h.events, 'snapshot')!;
      expect(snap.calls).to.deep.equal([]);
      expect(snap.agent.phase).to.equal('after-call');
    });

    // The lifecycle itself (no retry loop after a refusal, backoff with jitter, the outage shown once, fail fast,
    // close, the watchdog dropping the link) is the runtime's, tested in ../runtime/runtime.test.ts; here: what
    // Tactium's wire means for it.
    it('a refused bind (agent not logged in to the IP Client yet, seed 4.1) is shown once and retried with backoff until it binds', async () => {
      const h = setup();
      h.adapter.start();
      h.ws().open();
      await h.answer('<jose><L><ON>$', '<jose><ERRO><Agente não logado>$');
      expect(h.errors()).to.have.length(1);
      expect(h.errors()[0]).to.deep.include({ code: 'server-unavailable', operation: 'bind', vendorCode: 'bind-refused' });
      expect(h.errors()[0]?.detail).to.contain('Agente não logado');
      expect(h.connections().at(-1)).to.equal('reconnecting');
      expect(h.ws().closedBy).to.not.equal(undefined);
      // Refused again on the next links (backoff 1 s, 2 s with random 0.5: 0.75 s, 1.5 s): not shown again.
      h.clock.advance(750);
      expect(h.sockets()).to.have.length(2);
      h.ws().open();
      await h.answer('<jose><L><ON>$', '<jose><ERRO><Agente não logado>$');
      expect(h.errors()).to.have.length(1);
      expect(h.connections().at(-1)).to.equal('reconnecting');
      h.clock.advance(1499);
      expect(h.sockets()).to.have.length(2);
      h.clock.advance(1);
      expect(h.sockets()).to.have.length(3);
      // The agent logged in to the IP Client: this bind is accepted, connected, nothing more shown.
      await h.handshake('1');
      expect(h.connections().at(-1)).to.equal('connected');
      expect(h.errors()).to.have.length(1);
      expect(lastOf(h.events, 'snapshot')!.agent.phase).to.equal('ready');
    });

    it('no answer to the bind: timeout (no-answer), the bind as sent in the log, an outage (reconnecting), not a refusal', async () => {
      const h = setup();
      h.adapter.start();
      h.ws().open();
      await flush();
      h.clock.advance(5000);
      await flush();
      expect(h.errors().at(-1)).to.deep.include({ code: 'timeout', operation: 'bind', detail: 'no-answer' });
      expect(h.logs.some((l) => l.message === 'Tactium: no answer to <jose><L><ON>$ in 5000 ms')).to.equal(true);
      expect(h.connections().at(-1)).to.equal('reconnecting');
    });

    it('no agent configured, or no relay URL: a clear error and no connection', () => {
      const h = setup({ config: { agent: ' ' } });
      h.adapter.start();
      expect(h.sockets()).to.have.length(0);
      expect(h.errors()[0]).to.deep.include({ code: 'missing-data', vendorCode: 'no-agent', detail: 'agent' });
      expect(h.connections()).to.deep.equal(['closed']);
      const bad = setup({ config: { agent: 'jo>se' } });
      bad.adapter.start();
      expect(bad.errors()[0]).to.deep.include({ code: 'bad-request', detail: 'agent' });
      const none = setup({ config: { server: '' } });
      none.adapter.start();
      expect(none.errors()[0]).to.deep.include({ code: 'bad-request', detail: 'server' });
      // The sentence is in the log, once.
      expect(none.logs.filter((l) => l.message.includes('no relay URL'))).to.have.length(1);
    });

    it('close codes: relay refusing (down or unknown token) is relay-unavailable, 1011 vendor-unreachable, a drop connection-lost', async () => {
      const h = setup({ options: { reconnectBaseMs: 100, reconnectMaxMs: 400 } });
      h.adapter.start();
      h.ws().refuse();
      expect(h.errors().at(-1)).to.deep.include({ code: 'relay-unavailable', detail: 'close-1006' });
      h.clock.advance(100);
      h.ws().open();
      await flush();
      h.ws().drop(1011, 'Failed to connect to downstream server');
      // The close code as detail; the relay's English reason only in the log.
      expect(h.errors().at(-1)).to.deep.include({ code: 'vendor-unreachable', detail: 'close-1011' });
      expect(h.logs.some((l) => l.message === 'Tactium: the relay could not reach the Tactium server (close 1011 Failed to connect to downstream server)')).to.equal(true);
      h.clock.advance(400);
      await h.handshake();
      expect(h.connections().at(-1)).to.equal('connected');
      h.ws().drop(1000, 'Target closed');
      expect(h.errors().at(-1)).to.deep.include({ code: 'connection-lost', detail: 'close-1000' });
      expect(h.logs.some((l) => l.message === 'Tactium: connection closed (close 1000 Target closed)')).to.equal(true);
    });

    it('close(): the relay socket is closed cleanly (1000); the agent is not logged off', async () => {
      const h = setup();
      const ws = await h.connect();
      const sent = ws.sent.length;
      await h.adapter.close();
      expect(ws.closedBy?.code).to.equal(1000);
      expect(ws.sent.length).to.equal(sent);
      expect(h.connections().at(-1)).to.equal('closed');
    });
  });

  describe('<AC> with no call (seed 4.11 says nothing of it): every plausible answer', () => {
    const forms: [string, string][] = [
      ['no reply at all', ''],
      ['an error-shaped reply', '<jose><ERRO><Nenhuma chamada em curso>$'],
      ['bare error text', 'ERRO: Nenhuma chamada$'],
      ['an empty <A>', '<jose><A><><><><><><><><>$'],
      ['an empty <R>', '<jose><R><><><><><><---><>$'],
      ['an empty <AC>', '<Jose><AC>$'],
      ['<OK>', '<jose><OK>$'],
    ];
    /** Connected on an inbound call, the link drops, the reconnection's `<AC>` gets `form` and the status `status`. */
    async function reconnectAfterCall(status: string, form: string) {
      const h = setup();
      await h.connect('3', '<jose><R><><85><988887777><><4000><---><>$');
      const id = lastOf(h.events, 'snapshot')!.calls[0]!.id;
      h.ws().drop();
      h.clock.advance(2000);
      await h.handshake(status, form);
      return { h, id, snap: lastOf(h.events, 'snapshot')! };
    }
    for (const [name, form] of forms) {
      it(`at sign-in, ${name}: connected, the status from <S> in the snapshot, no call, no error, no wait`, async () => {
        const h = setup();
        await h.connect('2', form);
        expect(h.connections().at(-1)).to.equal('connected');
        expect(lastOf(h.events, 'snapshot')).to.deep.include({ calls: [] });
        expect(lastOf(h.events, 'snapshot')!.agent).to.deep.include({ phase: 'paused', detail: 'status-2' });
        expect(h.errors()).to.deep.equal([]);
        // Nothing is left waiting: the next command goes on the wire at once (no clock advanced).
        const r = h.execute({ type: 'ready' });
        await h.answer('<jose><P><OFF>$', '<jose><OK>$');
        await h.answer('<jose><S>$', '<jose><S><1>$');
        await r;
        expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('ready');
      });

      it(`at the resync after a reconnect, ${name}: the call that ended meanwhile disappears, the agent state is right`, async () => {
        const { h, id, snap } = await reconnectAfterCall('4', form);
        expect(snap.calls).to.deep.equal([]);
        expect(snap.agent).to.deep.include({ phase: 'after-call', detail: 'status-4' });
        expect(h.errors().map((e) => e.code)).to.deep.equal(['connection-lost']);
        // The recording path of the ended call still finds it.
        await h.serve('<jose><G><c:\\r.wav>$');
        expect(lastOf(h.events, 'call-data')).to.deep.include({ callId: id });
      });
    }

    it('no reply or an error-shaped one while the status still says busy: the call we knew is kept (and confirmed)', async () => {
      for (const form of ['', '<jose><ERRO><x>$']) {
        const { id, snap } = await reconnectAfterCall('3', form);
        expect(snap.calls.map((c) => [c.id, c.detail]), form).to.deep.equal([[id, 'inbound']]);
        expect(snap.agent.phase).to.equal('busy');
      }
    });

    it('an error-shaped status reply at the resync keeps the status we knew; the snapshot still comes', async () => {
      const h = setup();
      await h.connect('2', '');
      h.ws().drop();
      h.clock.advance(2000);
      h.ws().open();
      await h.answer('<jose><L><ON>$', '<jose><OK>$');
      await h.answer('<jose><AC>$<jose><S>$', '<jose><OK>$<jose><ERRO><Falha>$');
      const snap = lastOf(h.events, 'snapshot')!;
      expect(snap.agent).to.deep.include({ phase: 'paused', detail: 'status-2' });
      expect(snap.calls).to.deep.equal([]);
      expect(h.connections().at(-1)).to.equal('connected');
      // And on the first connect, with no status known: unknown, still connected.
      const first = setup();
      first.adapter.start();
      first.ws().open();
      await first.answer('<jose><L><ON>$', '<jose><OK>$');
      await first.answer('<jose><AC>$<jose><S>$', 'ERRO: a$ERRO: b$');
      expect(lastOf(first.events, 'snapshot')!.agent).to.deep.include({ phase: 'unknown' });
      expect(first.connections().at(-1)).to.equal('connected');
    });

    it('a call event right behind the fence reply (same frame) is not overwritten by the resync snapshot', async () => {
      const h = setup();
      h.adapter.start();
      h.ws().open();
      await h.answer('<jose><L><ON>$', '<jose><OK>$');
      await h.answer('<jose><AC>$<jose><S>$', '<jose><OK>$<jose><S><1>$<jose><R><><85><911112222><><4000><---><>$');
      const types = h.events.map((e) => e.type).filter((t) => t === 'snapshot' || t === 'call-answered');
      expect(types).to.deep.equal(['snapshot', 'call-answered']);
      expect(lastOf(h.events, 'snapshot')!.calls).to.deep.equal([]);
      expect(callOf(lastOf(h.events, 'call-answered')).remote).to.deep.equal([{ number: '85911112222' }]);
    });

    it('no status reply to the fence at all: the watchdog (keep-alive-lost), never a snapshot with a made-up state', async () => {
      const h = setup({ options: { requestTimeoutMs: 1000 } });
      h.adapter.start();
      h.ws().open();
      await h.answer('<jose><L><ON>$', '<jose><OK>$');
      await flush();
      h.clock.advance(1000);
      await flush();
      expect(lastOf(h.events, 'snapshot')).to.equal(undefined);
      expect(h.errors().map((e) => [e.code, e.vendorCode])).to.deep.equal([['keep-alive-lost', 'no-reply']]);
    });
  });

  describe('status polling (the watchdog)', () => {
    it('asks <S> every statusPollMs and maps each code to a phase', async () => {
      const h = setup({ options: { statusPollMs: 3000 } });
      await h.connect();
      const logged = h.logs.length;
      const phases: string[] = [];
      for (const code of ['2', '4', '1', '9']) {
        h.clock.advance(3000);
        await h.answer('<jose><S>$', `<jose><S><${code}>$`);
        phases.push(lastOf(h.events, 'agent')!.agent.phase);
      }
      expect(phases).to.deep.equal(['paused', 'after-call', 'ready', 'unknown']);
      // Routine polls are not logged (every log entry is a new snapshot for every tab).
      expect(h.logs.slice(logged).filter((l) => l.message.includes('<S>'))).to.deep.equal([]);
      expect(lastOf(h.events, 'agent')!.agent.pause).to.equal(undefined);
    });

    it('no answer to a poll (<S>): keep-alive-lost (no-reply), the link dropped', async () => {
      const h = setup({ options: { statusPollMs: 3000, requestTimeoutMs: 1000 } });
      await h.connect();
      h.clock.advance(3000);
      expect(h.ws().last()).to.equal('<jose><S>$');
      h.clock.advance(1000);
      await flush();
      expect(h.errors().find((e) => e.code === 'keep-alive-lost')).to.deep.include({ vendorCode: 'no-reply' });
      expect(h.ws().closedBy).to.not.equal(undefined);
      expect(h.connections().at(-1)).to.equal('reconnecting');
    });

    it('garbage while a poll waits fails that poll quietly but is still shown; the next poll works', async () => {
      const h = setup({ options: { statusPollMs: 1000 } });
      await h.connect();
      h.clock.advance(1000);
      await h.answer('<jose><S>$', '@@@\r\n');
      expect(h.errors().at(-1)).to.deep.include({ code: 'malformed-frame', detail: 'outside-message' });
      await h.serve('<jose><S><2>$');
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('paused');
      h.clock.advance(1000);
      await h.answer('<jose><S>$', '<jose><ERRO><ocupado>$');
      expect(h.errors().at(-1)).to.deep.include({ code: 'command-failed', operation: 'receive' });
      expect(h.connections().at(-1)).to.equal('connected');
    });

    it('statusPollMs 0: no polling', async () => {
      const h = setup({ options: { statusPollMs: 0 } });
      const ws = await h.connect();
      const n = ws.sent.length;
      h.clock.advance(600_000);
      await flush();
      expect(ws.sent.length).to.equal(n);
    });

    it('logged out, then logged in through the IP Client: the poll sees it and publishes a fresh snapshot', async () => {
      const h = setup({ options: { statusPollMs: 1000 } });
      await h.connect('0');
      expect(lastOf(h.events, 'snapshot')!.agent.phase).to.equal('logged-out');
      h.clock.advance(1000);
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(h.events.at(-1)).to.deep.include({ type: 'snapshot' });
      expect(lastOf(h.events, 'snapshot')!.agent.phase).to.equal('ready');
    });
  });

  describe('agent commands', () => {
    it('login: binds again and checks the status; logged out in the IP Client is refused in words', async () => {
      const h = setup();
      await h.connect('0');
      const refused = rejection(h.execute({ type: 'login', agent: 'jose' }));
      await h.answer('<jose><L><ON>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><0>$');
      const error = await refused;
      // The translated message says it all: no words of the adapter's, the seed's status code as detail (a title).
      expect(error).to.deep.include({ code: 'invalid-state', operation: 'login', vendorCode: 'ip-client-logged-out', detail: 'status-0' });
      expect(h.errors().at(-1)).to.deep.equal(error);
      const ok = h.execute({ type: 'login', agent: 'JOSE' });
      await h.answer('<jose><L><ON>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await ok;
      expect(lastOf(h.events, 'snapshot')!.agent.phase).to.equal('ready');
      const other = await rejection(h.execute({ type: 'login', agent: 'maria' }));
      expect(other).to.deep.include({ code: 'bad-request', detail: 'agent' });
      expect(h.logs.some((l) => l.message.includes('a session for maria needs its own config.agent'))).to.equal(true);
    });

    it('logout: <L><OFF>, then the status', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'logout' });
      await h.answer('<jose><L><OFF>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><0>$');
      await p;
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('logged-out');
    });

    it('pause with a configured reason, then ready; end of after-call work', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'pause', reasonId: '2', note: 'ignored' });
      await h.answer('<jose><P><ON><2>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><2>$');
      await p;
      expect(lastOf(h.events, 'agent')!.agent).to.deep.include({
        phase: 'paused',
        pause: { reasonId: '2', reasonName: 'Banheiro', trigger: 'manual' },
      });
      const r = h.execute({ type: 'ready' });
      await h.answer('<jose><P><OFF>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await r;
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('ready');
      const e = h.execute({ type: 'end-after-call' });
      await h.answer('<jose><POS><OFF>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await e;
    });

    it('pause reasons: missing, unknown or unsafe codes are refused before anything is sent; a pause from the IP Client has no reason', async () => {
      const h = setup();
      const ws = await h.connect();
      const n = ws.sent.length;
      expect(await rejection(h.execute({ type: 'pause', reasonId: '' }))).to.deep.include({ code: 'missing-data', detail: 'reasonId' });
      expect(await rejection(h.execute({ type: 'pause', reasonId: '7' }))).to.deep.include({ code: 'bad-request', detail: 'reasonId' });
      expect(h.logs.some((l) => l.message.includes('no pause reason 7 (options.pauseReasons)'))).to.equal(true);
      expect(ws.sent.length).to.equal(n);
      const free = setup({ options: { pauseReasons: '' } });
      const fws = await free.connect();
      const m = fws.sent.length;
      expect(await rejection(free.execute({ type: 'pause', reasonId: '<x>' }))).to.deep.include({ code: 'bad-request', detail: 'reasonId' });
      expect(fws.sent.length).to.equal(m);
      const p = free.execute({ type: 'pause', reasonId: '42' });
      await free.answer('<jose><P><ON><42>$', '<jose><OK>$');
      await free.answer('<jose><S>$', '<jose><S><2>$');
      await p;
      expect(lastOf(free.events, 'agent')!.agent.pause).to.deep.include({ reasonId: '42', reasonName: '42' });
      // Later, ready and paused again from the IP Client: a pause with no known reason.
      free.clock.advance(10_000);
      await free.answer('<jose><S>$', '<jose><S><1>$');
      free.clock.advance(10_000);
      await free.answer('<jose><S>$', '<jose><S><2>$');
      expect(lastOf(free.events, 'agent')!.agent.pause).to.deep.equal({ reasonId: '', reasonName: '' });
    });

    it('a pause gone while the link was down (the resync reads ready): a later pause from the IP Client has no reason, not the old one', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'pause', reasonId: '1' });
      await h.answer('<jose><P><ON><1>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><2>$');
      await p;
      expect(lastOf(h.events, 'agent')!.agent.pause).to.deep.include({ reasonId: '1', reasonName: 'Lanche' });
      // The server restarts (or the agent leaves the pause in the IP Client) during the outage.
      h.ws().drop(1000, 'Target closed');
      h.clock.advance(2000);
      await h.handshake('1');
      expect(lastOf(h.events, 'snapshot')!.agent.phase).to.equal('ready');
      h.clock.advance(10_000);
      await h.answer('<jose><S>$', '<jose><S><2>$');
      expect(lastOf(h.events, 'agent')!.agent.pause).to.deep.equal({ reasonId: '', reasonName: '' });
    });

    it('a stray $ (or $$ after a reply) is ignored: no error, a waiting command still takes its reply', async () => {
      const h = setup();
      await h.connect();
      const n = h.errors().length;
      await h.serve('$');
      await h.serve('<jose><S><1>$$\r\n');
      const ready = h.execute({ type: 'ready' });
      await h.answer('<jose><P><OFF>$', '$ $');
      await h.serve('<jose><OK>$$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await ready;
      expect(h.errors()).to.have.length(n);
      expect(h.logs.filter((l) => l.message.includes('a $ with no message')).map((l) => l.level)).to.deep.equal(Array(5).fill('debug'));
      // Text before the $ is still a refusal, its words whole.
      const paused = rejection(h.execute({ type: 'pause', reasonId: '1' }));
      await h.answer('<jose><P><ON><1>$', '$ERRO$');
      expect(await paused).to.deep.include({ code: 'command-failed', operation: 'pause', detail: 'ERRO' });
    });

    it("error replies in any form fail the waiting command with the server's words (the raw reply in the log); the next command still works", async () => {
      const h = setup();
      await h.connect();
      const a = rejection(h.execute({ type: 'pause', reasonId: '1' }));
      await h.answer('<jose><P><ON><1>$', '<jose><ERRO><Agente em atendimento>$');
      expect(await a).to.deep.include({ code: 'command-failed', operation: 'pause', detail: 'Agente em atendimento' });
      // A refusal may mean the agent acted in the IP Client: the status is read at once (seed 4.6; no status event).
      await h.answer('<jose><S>$', '<jose><S><3>$');
      expect(lastOf(h.events, 'agent')?.agent.phase).to.equal('busy');
      const b = rejection(h.execute({ type: 'end-after-call' }));
      await h.answer('<jose><POS><OFF>$', 'ERRO: Agente não está em pós-atendimento$');
      expect(await b).to.deep.include({ code: 'command-failed', detail: 'Agente não está em pós-atendimento' });
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(lastOf(h.events, 'agent')?.agent.phase).to.equal('ready');
      // No words: the reply's name, a code (the elements put a code in the control's title, not in the text).
      const c = rejection(h.execute({ type: 'ready' }));
      await h.answer('<jose><P><OFF>$', '<jose><NAO><x>$');
      expect(await c).to.deep.include({ code: 'command-failed', detail: 'NAO' });
      await h.answer('<jose><S>$', '<jose><S><1>$');
      const e = rejection(h.execute({ type: 'ready' }));
      await h.answer('<jose><P><OFF>$', '<jose><ERRO>$');
      expect(await e).to.deep.include({ code: 'command-failed', detail: 'ERRO' });
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(h.errors().slice(-4).map((x) => x.code)).to.deep.equal(['command-failed', 'command-failed', 'command-failed', 'command-failed']);
      // No wire text in any detail; every raw reply is in the log.
      expect(h.errors().slice(-4).filter((x) => /[<>$]/.test(x.detail ?? ''))).to.deep.equal([]);
      for (const raw of ['<jose><ERRO><Agente em atendimento>$', 'ERRO: Agente não está em pós-atendimento$', '<jose><NAO><x>$', '<jose><ERRO>$']) {
        expect(h.logs.some((l) => l.message.includes(raw)), raw).to.equal(true);
      }
      const d = h.execute({ type: 'ready' });
      await h.answer('<jose><P><OFF>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await d;
      expect(h.connections().at(-1)).to.equal('connected');
    });

    it('a command with no answer times out, and the link is checked with a status poll at once', async () => {
      const h = setup();
      await h.connect();
      const p = rejection(h.execute({ type: 'ready' }));
      await flush();
      h.clock.advance(5000);
      expect(await p).to.deep.include({ code: 'timeout', operation: 'ready' });
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(h.connections().at(-1)).to.equal('connected');
    });

    it('commands fail fast while not connected (before the bind is answered too)', async () => {
      const h = setup();
      h.adapter.start();
      h.ws().open();
      expect((await rejection(h.execute({ type: 'dial', to: '4005-0500', service: 'Vendas' }))).code).to.equal('not-connected');
      expect(h.ws().texts()).to.deep.equal(['<jose><L><ON>$']);
    });

    it('operations Tactium does not have are unsupported', async () => {
      const h = setup();
      await h.connect();
      for (const command of [
        { type: 'answer', callId: 'x' },
        { type: 'hold', callId: 'x' },
        { type: 'transfer', callId: 'x', to: '1' },
        { type: 'dtmf', callId: 'x', digits: '1' },
      ] as Command[]) {
        expect(await rejection(h.execute(command)), command.type).to.deep.include({ code: 'unsupported', detail: command.type });
      }
    });
  });

  describe('calls', () => {
    it('dial: the number split into DDD + phone, the service from the command; the <A> answers it and the call is connected', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'dial', to: '(11) 98765-4321', service: 'Serviço_Emprestimo' });
      await h.answer('<jose><A><11><987654321><Serviço_Emprestimo>$<jose><S>$', '<jose><A><><><7001><11><987654321><><><>$<jose><S><3>$');
      await p;
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ direction: 'outbound', detail: 'outbound', service: 'Serviço_Emprestimo', mustAccept: false });
      expect(call.remote).to.deep.equal([{ number: '11987654321' }]);
      expect(call.data).to.deep.equal({ origem: '7001', 'ddd-destino': '11', destino: '987654321' });
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('busy');
      const again = await rejection(h.execute({ type: 'dial', to: '4005-0500', service: 'Vendas' }));
      expect(again).to.deep.include({ code: 'invalid-state', detail: 'on-a-call' });
    });

    it('dial: a local number gets the default DDD; defaultService; no service → blank (seed 4.9), or missing-data with requireService; an undiallable number → bad-request', async () => {
      const h = setup({ options: { defaultService: 'Vendas' } });
      const ws = await h.connect();
      expect(h.adapter.capabilities).to.deep.include({ dialService: 'optional', defaultService: 'Vendas' });
      const p = h.execute({ type: 'dial', to: '4005-0500' });
      await h.answer('<jose><A><85><40050500><Vendas>$<jose><S>$', '<jose><OK>$');
      await p;
      // Seed 4.9: "Pode estar em branco quando não se quer realizar este vínculo das ligações".
      const blank = setup();
      await blank.connect();
      expect(blank.adapter.capabilities.dialService).to.equal('optional');
      const b = blank.execute({ type: 'dial', to: '4005-0500' });
      await blank.answer('<jose><A><85><40050500><>$<jose><S>$', '<jose><S><1>$');
      await b;
      const plain = setup({ options: { requireService: true } });
      expect(plain.adapter.capabilities.dialService).to.equal('required');
      const pws = await plain.connect();
      const n = pws.sent.length;
      expect(await rejection(plain.execute({ type: 'dial', to: '4005-0500' }))).to.deep.include({ code: 'missing-data', vendorCode: 'no-service', detail: 'service' });
      expect(await rejection(plain.execute({ type: 'dial', to: '*21#', service: 'Vendas' }))).to.deep.include({ code: 'bad-request', detail: 'to' });
      expect(await rejection(plain.execute({ type: 'dial', to: '4005', service: 'a$b' }))).to.deep.include({ code: 'bad-request', detail: 'service' });
      expect(plain.logs.some((l) => l.message.includes('a number has digits only'))).to.equal(true);
      expect(pws.sent.length).to.equal(n);
      expect(ws.texts().length).to.be.greaterThan(2);
    });

    it('dial with no reply but the status (seed 4.9 has no Retorno): settled by the <S> fence, no timeout; the <A> that comes later keeps the service', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><1>$');
      await p;
      expect(lastOf(h.events, 'call-answered')).to.equal(undefined);
      h.clock.advance(5_000);
      await h.serve('<Jose><A><><><7001><11><987654321><><><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ direction: 'outbound', detail: 'outbound', service: 'Vendas' });
      expect(h.errors()).to.deep.equal([]);
      // A later call that is not this dial does not take its service.
      await h.answer('<jose><S>$', '<jose><S><3>$');
      await h.serve('<jose><EndCall>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await h.serve('<jose><A><><><7001><11><912345678><><><>$');
      expect(callOf(lastOf(h.events, 'call-answered')).service).to.equal(undefined);
    });

    it('a dial the server took (the fence reads busy) shows at once as an outbound call dialing, with the number and service given; its <A> confirms the same call', async () => {
      const h = setup({ options: { statusPollMs: 0 } });
      await h.connect();
      const mark = h.events.length;
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await p;
      const dialing = callOf(lastOf(h.events, 'call-dialing'));
      expect(dialing).to.deep.include({ direction: 'outbound', service: 'Vendas', state: 'dialing', mustAccept: false });
      expect(dialing.remote).to.deep.equal([{ number: '11987654321' }]);
      // Nothing else to do with it but hang up: a second dial is refused (one call per agent).
      expect(await rejection(h.execute({ type: 'dial', to: '4005-0500' }))).to.deep.include({ code: 'invalid-state', detail: 'on-a-call' });
      h.clock.advance(3_000);
      await h.serve('<Jose><A><><><7001><11><987654321><><><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ id: dialing.id, direction: 'outbound', detail: 'outbound', service: 'Vendas' });
      expect(call.data).to.deep.equal({ origem: '7001', 'ddd-destino': '11', destino: '987654321' });
      await h.answer('<jose><S>$', '<jose><S><3>$');
      const calls = h.since(mark).filter((e) => e.type.startsWith('call-'));
      expect(calls.map((e) => e.type)).to.deep.equal(['call-dialing', 'call-answered']);
      expect(h.errors().filter((e) => e.operation !== 'dial')).to.deep.equal([]);
    });

    it('hang up a dial before its <A>: <D> → <EndCall>, the dialing call ends; a later call to that number does not take its service', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await p;
      const dialing = callOf(lastOf(h.events, 'call-dialing'));
      const hangup = h.execute({ type: 'hangup', callId: dialing.id });
      await h.answer('<jose><D>$', '<Jose><EndCall>$');
      await hangup;
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(lastOf(h.events, 'call-ended')).to.deep.equal({ type: 'call-ended', callId: dialing.id });
      await h.serve('<jose><A><><><7001><11><987654321><><><>$');
      const later = callOf(lastOf(h.events, 'call-answered'));
      expect(later.id).to.not.equal(dialing.id);
      expect(later.service).to.equal(undefined);
      expect(h.errors()).to.deep.equal([]);
    });

    it('a dial shown before its <A> goes when a status read says the server has no call, or at the first status read dialWaitMs after it showed with no <A>', async () => {
      const h = setup({ options: { statusPollMs: 10_000, dialWaitMs: 15_000 } });
      await h.connect();
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await p;
      const first = callOf(lastOf(h.events, 'call-dialing'));
      // The poll reads ready: the dial failed unseen.
      h.clock.advance(10_000);
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(lastOf(h.events, 'call-ended')).to.deep.equal({ type: 'call-ended', callId: first.id });
      const q = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await q;
      const second = callOf(lastOf(h.events, 'call-dialing'));
      expect(second.id).to.not.equal(first.id);
      h.clock.advance(10_000);
      await h.answer('<jose><S>$', '<jose><S><3>$');
      expect(lastOf(h.events, 'call-ended')?.callId).to.equal(first.id);
      h.clock.advance(10_000);
      await h.answer('<jose><S>$', '<jose><S><3>$');
      expect(lastOf(h.events, 'call-ended')).to.deep.equal({ type: 'call-ended', callId: second.id });
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('busy');
      expect(h.logs.some((l) => l.message.includes('dial 987654321 no longer shown (status 3)'))).to.equal(true);
      // The dial is forgotten: the next busy read shows no dial again, and its late <A> is a call with no service.
      expect(h.events.filter((e) => e.type === 'call-dialing')).to.have.length(2);
      await h.serve('<jose><A><><><7001><11><987654321><><><>$');
      expect(callOf(lastOf(h.events, 'call-answered')).service).to.equal(undefined);
      expect(h.errors()).to.deep.equal([]);
    });

    it('a dial that ends before its <A> (an <EndCall> with no call known, seed 5.4) is over: a later call to that number does not take its service', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await p;
      await h.serve('<Jose><EndCall>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      // The agent dials that number again from the IP Client, with no service.
      await h.serve('<jose><A><><><7001><11><987654321><><><>$');
      expect(callOf(lastOf(h.events, 'call-answered')).service).to.equal(undefined);
      expect(h.errors()).to.deep.equal([]);
    });

    it('a reconnect while a dial rings (its <A> not come yet): the resync finds the call with the dial\'s service; a later call to that number does not take it', async () => {
      const h = setup();
      await h.connect();
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><3>$');
      await p;
      h.ws().drop(1000, 'Target closed');
      h.clock.advance(2000);
      await h.handshake('3', '<Jose><A><><><7001><11><987654321><><><>$');
      const snap = lastOf(h.events, 'snapshot')!;
      expect(snap.calls.map((c) => [c.detail, c.service])).to.deep.equal([['outbound', 'Vendas']]);
      // The call connects (its late <A>: the same call), ends; the IP Client dials that number again.
      await h.serve('<Jose><A><><><7001><11><987654321><><><>$');
      await h.serve('<Jose><EndCall>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      await h.serve('<jose><A><><><7001><11><987654321><><><>$');
      expect(callOf(lastOf(h.events, 'call-answered')).service).to.equal(undefined);
    });

    it('a server that writes 0 in the fields a call does not use (as the seed 5.1 example does): a manual dial is no dialer call, an all-0 <AC> answer is no call', async () => {
      const h = setup();
      await h.connect('1', '<jose><A><0><0><><0><>$');
      expect(lastOf(h.events, 'snapshot')!.calls).to.deep.equal([]);
      const p = h.execute({ type: 'dial', to: '11 98765-4321', service: 'Vendas' });
      await h.answer('<jose><A><11><987654321><Vendas>$<jose><S>$', '<jose><S><1>$');
      await p;
      await h.serve('<jose><A><0><0><7001><11><987654321><><><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ direction: 'outbound', detail: 'outbound', service: 'Vendas' });
      expect(call.data).to.deep.equal({ origem: '7001', 'ddd-destino': '11', destino: '987654321' });
      expect(h.errors()).to.deep.equal([]);
      // The same call in the <AC> answer after a reconnect, its unused fields blank this time: the same call.
      const mark = h.events.length;
      h.ws().drop();
      h.clock.advance(2000);
      await h.handshake('3', '<jose><A><><><7001><11><987654321><><><>$');
      expect(lastOf(h.events, 'snapshot')!.calls.map((c) => c.id)).to.deep.equal([call.id]);
      expect(h.since(mark).filter((e) => e.type === 'call-answered' || e.type === 'call-ended')).to.deep.equal([]);
    });

    it("a call message ending '<$' (seed 5.1's format line, '<id externo><\\$'): the call, and the status reply behind it is still read", async () => {
      const h = setup();
      await h.connect('3', '<jose><A><15068><0><9988><0><7017><><><><$');
      const snap = lastOf(h.events, 'snapshot')!;
      expect(snap.agent.phase).to.equal('busy');
      expect(snap.calls.map((c) => [c.detail, c.remote?.[0]?.number])).to.deep.equal([['dialer', '7017']]);
      expect(h.connections().at(-1)).to.equal('connected');
      expect(h.errors()).to.deep.equal([]);
    });

    it('dial refused before the fence (error-shaped, bracketed or bare): command-failed with the raw text, once; the next command goes at once', async () => {
      for (const refusal of ['<jose><ERRO><Agente em atendimento>$', 'ERRO: Telefone inválido$']) {
        const h = setup();
        await h.connect();
        const failed = rejection(h.execute({ type: 'dial', to: '4005-0500', service: 'Vendas' }));
        await h.answer('<jose><A><85><40050500><Vendas>$<jose><S>$', refusal);
        const error = await failed;
        expect(error.code, refusal).to.equal('command-failed');
        expect(error.detail, refusal).to.contain(refusal.includes('ERRO:') ? 'Telefone inválido' : 'Agente em atendimento');
        await h.serve('<jose><S><1>$');
        expect(h.errors().filter((e) => e.operation === 'dial'), refusal).to.have.length(1);
        // A call to that number from the IP Client later is not taken for the refused dial.
        await h.serve('<jose><A><><><7001><85><40050500><><><>$');
        expect(callOf(lastOf(h.events, 'call-answered')).service, refusal).to.equal(undefined);
        await h.answer('<jose><S>$', '<jose><S><3>$');
        await h.serve('<jose><EndCall>$');
        await h.answer('<jose><S>$', '<jose><S><1>$');
        const r = h.execute({ type: 'ready' });
        await h.answer('<jose><P><OFF>$', '<jose><OK>$');
        await h.answer('<jose><S>$', '<jose><S><1>$');
        await r;
      }
    });

    it('hang up: <D> → <EndCall>; after-call work shows with the call’s end (status first, then call-ended)', async () => {
      const h = setup();
      await h.connect();
      await h.serve('<jose><R><><85><988887777><><4000><---><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      await h.answer('<jose><S>$', '<jose><S><3>$');
      const p = h.execute({ type: 'hangup', callId: call.id });
      await h.answer('<jose><D>$', '<Jose><EndCall>$');
      await p;
      expect(lastOf(h.events, 'call-ended')).to.equal(undefined);
      const mark = h.events.length;
      await h.answer('<jose><S>$', '<jose><S><4>$');
      expect(h.since(mark).map((e) => e.type)).to.deep.equal(['agent', 'call-ended']);
      expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('after-call');
      expect(await rejection(h.execute({ type: 'hangup', callId: call.id }))).to.deep.include({ code: 'invalid-state', detail: 'callId' });
      expect(h.logs.some((l) => l.message.includes('no such call'))).to.equal(true);
    });

    it('inbound call, its recording path, the far end hangs up', async () => {
      const h = setup();
      await h.connect();
      await h.serve('<jose><R><><21><33334444><><4000><---><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ direction: 'inbound', detail: 'inbound' });
      expect(call.remote).to.deep.equal([{ number: '2133334444' }]);
      await h.answer('<jose><S>$', '<jose><S><3>$');
      await h.serve('<jose><G><c:\\records\\2015\\1\\16\\7016-x.wav>$');
      expect(lastOf(h.events, 'call-data')).to.deep.equal({ type: 'call-data', callId: call.id, data: { gravacao: 'c:\\records\\2015\\1\\16\\7016-x.wav' } });
      await h.serve('<jose><EndCall>$');
      await h.answer('<jose><S>$', '<jose><S><1>$');
      expect(lastOf(h.events, 'call-ended')).to.deep.equal({ type: 'call-ended', callId: call.id });
      // A recording path after the end still belongs to that call.
      await h.serve('<jose><G><c:\\late.wav>$');
      expect(lastOf(h.events, 'call-data')?.callId).to.equal(call.id);
    });

    it('a dialer call: description, link code, attach info in the data; the campaign as the service', async () => {
      const h = setup();
      await h.connect();
      await h.serve(
        '<jose><A><15068><0><9988><11><987654321><Cliente VIP><12345678900><dialer.CampaignName=Cobrança;dialer.ExternalID=15068;dialer.AttachInfo=CRM-9;>$',
      );
      const call = callOf(lastOf(h.events, 'call-answered'));
      expect(call).to.deep.include({ direction: 'outbound', detail: 'dialer', service: 'Cobrança' });
      expect(call.data).to.deep.equal({
        id: '15068',
        origem: '9988',
        'ddd-destino': '11',
        destino: '987654321',
        descricao: 'Cliente VIP',
        'cod-vinculo-gravacao': '12345678900',
        'dialer.CampaignName': 'Cobrança',
        'dialer.ExternalID': '15068',
        'dialer.AttachInfo': 'CRM-9',
      });
    });

    it('a new call while one is known ends the old one (one call per agent); a repeated message changes nothing', async () => {
      const h = setup();
      await h.connect();
      await h.serve('<jose><R><><21><33334444><><4000><---><>$');
      const first = callOf(lastOf(h.events, 'call-answered'));
      await h.answer('<jose><S>$', '<jose><S><3>$');
      const mark = h.events.length;
      await h.serve('<JOSE><R><><21><33334444><><4000><---><>$');
      expect(h.since(mark)).to.deep.equal([]);
      await h.serve('<jose><R><><11><22223333><><4000><---><>$');
      expect(h.since(mark).map((e) => e.type)).to.deep.equal(['call-ended', 'call-answered']);
      expect(lastOf(h.events, 'call-ended')?.callId).to.equal(first.id);
    });

    it('dialer outcome and callback (date converted, this agent by default, or nobody), with their refusals', async () => {
      const h = setup();
      await h.connect();
      await h.serve('<jose><A><777><0><9988><11><987654321><><><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      await h.answer('<jose><S>$', '<jose><S><3>$');
      expect(await rejection(h.execute({ type: 'dialer-outcome', outcome: 'Busy' }))).to.deep.include({ code: 'bad-request', detail: 'outcome' });
      expect(await rejection(h.execute({ type: 'dialer-outcome', outcome: 'Fax', callId: 'other' }))).to.deep.include({ code: 'invalid-state', detail: 'callId' });
      const o = h.execute({ type: 'dialer-outcome', outcome: 'Fax', callId: call.id });
      await h.answer('<jose><C><S><Fax>$', '<jose><OK>$');
      await o;
      expect(await rejection(h.execute({ type: 'schedule-callback', at: '2026-02-30T10:00', number: '' }))).to.deep.include({ code: 'bad-request', detail: 'at' });
      expect(await rejection(h.execute({ type: 'schedule-callback', at: '2026-08-17T15:00', number: '12a' }))).to.deep.include({ code: 'bad-request', detail: 'number' });
      expect(await rejection(h.execute({ type: 'schedule-callback', at: '2026-08-17T15:00', number: '1', agent: 'a>b' }))).to.deep.include({ code: 'bad-request', detail: 'agent' });
      expect(h.logs.some((l) => l.message.includes('the callback number has digits only'))).to.equal(true);
      const cb = h.execute({ type: 'schedule-callback', at: '2026-08-17T15:00', number: '(85) 4005-0500' });
      await h.answer('<jose><TR><17/08/2026 15:00><8540050500><jose>$', '<jose><OK>$');
      await h.answer('<jose><S>$', '<jose><S><3>$');
      await cb;
      const anyone = rejection(h.execute({ type: 'schedule-callback', at: '2026-08-18T09:30', number: '', agent: '' }));
      await h.answer('<jose><TR><18/08/2026 09:30><><>$', '<jose><ERRO><Ligação não é do discador>$');
      expect((await anyone).detail).to.contain('Ligação não é do discador');
    });

    it("under the agent's own call (receptive, or after it ended) an outcome or a callback is refused without a word to the server (seed 4.7, 4.8: dialer calls only)", async () => {
      const h = setup();
      await h.connect();
      await h.serve('<jose><R><><21><33334444><><4000><---><>$');
      const call = callOf(lastOf(h.events, 'call-answered'));
      await h.answer('<jose><S>$', '<jose><S><3>$');
      const wrote = h.ws().last();
      expect(await rejection(h.execute({ type: 'dialer-outcome', outcome: 'Fax', callId: call.id }))).to.deep.include({ code: 'invalid-state', detail: 'callId' });
      expect(await rejection(h.execute({ type: 'schedule-callback', at: '2026-08-17T15:00', number: '' }))).to.deep.include({ code: 'invalid-state', detail: 'callId' });
      await h.serve('<jose><EndCall>$');
      expect(await rejection(h.execute({ type: 'dialer-outcome', outcome: 'Fax' })), 'the last call, ended').to.deep.include({ code: 'invalid-state', detail: 'callId' });
      expect(h.ws().last(), 'nothing sent for them').to.equal(wrote);
    });
  });

  describe('bad input from the server', () => {
    it('garbage, a status without a code, an overflow: malformed-frame; an unknown kind shown once; the stream goes on', async () => {
      const h = setup({ options: { maxMessageChars: 300 } });
      await h.connect();
      await h.serve('%%%\r\n');
      // A code as detail (a title); the sentence and the wire text only in the log.
      expect(h.errors().at(-1)).to.deep.include({ code: 'malformed-frame', detail: 'outside-message' });
      expect(h.logs.some((l) => l.message === 'Tactium: text outside any message: %%%')).to.equal(true);
      await h.serve('<jose><S>$');
      expect(h.errors().at(-1)).to.deep.include({ code: 'malformed-frame', detail: 'no-status-code' });
      expect(h.logs.some((l) => l.message === 'Tactium: unreadable message (status without a numeric code): <jose><S>$')).to.equal(true);
      await h.serve(`<jose><G><${'x'.repeat(400)}>$`);
      expect(h.errors().at(-1)).to.deep.include({ code: 'malformed-frame', detail: 'too-long' });
      expect(h.logs.some((l) => l.message === 'Tactium: unreadable message (message longer than 300 characters)')).to.equal(true);
      const n = h.errors().length;
      // A kind the seed does not list: one typed error; the same kind again (any login): a debug log only.
      await h.serve('<jose><NOVIDADE><1>$');
      await h.serve('<maria><NOVIDADE><2>$');
      expect(h.errors().slice(n)).to.deep.equal([{ code: 'unknown-event', at: h.clock.now(), operation: 'receive', detail: 'NOVIDADE' }]);
      expect(h.logs.filter((l) => l.message === 'Tactium: unknown event NOVIDADE').map((l) => l.level)).to.deep.equal(['warn', 'debug']);
      await h.serve('<maria><R><><21><1><><2><---><>$');
      expect(lastOf(h.events, 'call-answered')).to.equal(undefined);
      await h.serve('<jose><ERRO><Falha geral>$');
      expect(h.errors().at(-1)).to.deep.include({ code: 'command-failed', operation: 'receive' });
      // A message split across several binary frames still arrives whole.
      h.ws().serve('<jose><R><><21><33334444><><4000><---><Açã€>$', [3, 20, 41, 42]);
      await flush();
      expect(callOf(lastOf(h.events, 'call-answered')).data?.['id-externo']).to.equal('Açã€');
      expect(h.connections().at(-1)).to.equal('connected');
    });
  });

  it('a handler that throws on one message (no guard of its own): one internal error, the rest of the frame and the waiting pause go on', async () => {
    let bug = true;
    const h = setup({
      emit: (e) => {
        if (bug && e.type === 'call-answered') throw new Error('host bug');
      },
    });
    await h.connect();
    const p = h.execute({ type: 'pause', reasonId: '2' });
    await flush();
    expect(h.ws().last()).to.equal('<jose><P><ON><2>$');
    // The call, then the pause's <OK>, in one frame: the call's handler throws, the <OK> is still read.
    expect(() => h.ws().serve('<jose><R><><21><33334444><><4000><---><>$<jose><OK>$')).not.to.throw();
    await flush();
    expect(h.errors()).to.have.length(1);
    expect(h.errors()[0]).to.deep.include({ code: 'internal', operation: 'receive', detail: 'handler' });
    expect(h.logs.some((l) => l.level === 'error' && l.message === 'Tactium: handling a message failed, the message is dropped: host bug')).to.equal(true);
    await h.answer('<jose><S>$', '<jose><S><2>$');
    await p;
    expect(lastOf(h.events, 'agent')!.agent.phase).to.equal('paused');
    expect(h.connections().at(-1)).to.equal('connected');
    expect(h.sockets()).to.have.length(1);
    bug = false;
    await h.serve('<jose><R><><11><22223333><><4000><---><>$');
    expect(callOf(lastOf(h.events, 'call-answered')).remote).to.deep.equal([{ number: '1122223333' }]);
  });

  describe('supervisor (ADMSOCKET)', () => {
    const supervisor = (options: SessionConfig['options'] = {}) => setup({ options: { role: 'supervisor', statusPollMs: 2000, ...options }, config: { agent: 'wallboard' } });

    it('binds ADMSOCKET, asks each listed agent’s status and call, and polls them', async () => {
      const h = supervisor({ agents: 'ana,maria' });
      await h.connect();
      expect(lastOf(h.events, 'snapshot')).to.deep.include({ agent: { phase: 'logged-out', detail: 'supervisor' }, calls: [] });
      expect(lastOf(h.events, 'team')).to.deep.equal({
        type: 'team',
        replace: true,
        members: [
          { agentId: 'ana', phase: 'unknown', detail: '' },
          { agentId: 'maria', phase: 'unknown', detail: '' },
        ],
      });
      await h.answer('<ana><AC>$<ana><S>$', '<ana><OK>$<ana><S><1>$');
      await h.answer('<maria><AC>$<maria><S>$', '<maria><R><><85><911112222><><4000><---><>$<maria><S><3>$');
      const team = h.events.filter((e) => e.type === 'team').slice(1);
      expect(team.map((e) => (e.type === 'team' ? e.members[0] : undefined))).to.deep.equal([
        { agentId: 'ana', phase: 'ready', detail: 'status-1' },
        {
          agentId: 'maria',
          phase: 'busy',
          detail: 'status-3',
          call: { id: 'tactium-1', direction: 'inbound', number: '85911112222', since: h.clock.now() },
        },
      ]);
      h.clock.advance(2000);
      await h.answer('<ana><S>$', '<ana><S><3>$');
      const mark = h.events.length;
      await h.answer('<maria><S>$', '<maria><S><3>$');
      // Unchanged (maria is on the call already seen): no team update, so no new snapshot for the tabs.
      expect(h.since(mark)).to.deep.equal([]);
      expect(lastOf(h.events, 'team')!.members[0]).to.deep.include({ agentId: 'ana', phase: 'busy' });
      h.clock.advance(2000);
      await h.answer('<ana><S>$', '<ana><S><3>$');
      await h.answer('<maria><S>$', '<maria><S><3>$');
      expect(h.since(mark)).to.deep.equal([]);
    });

    it('ADMSOCKET bind with no reply (seed 4.12 shows none): bound after a short wait, no error; a refusal is still auth-failed', async () => {
      const h = supervisor();
      h.adapter.start();
      h.ws().open();
      await flush();
      expect(h.ws().texts()).to.deep.equal(['<ADMSOCKET><L><ON>$']);
      h.clock.advance(999);
      await flush();
      expect(h.connections().at(-1)).to.equal('connecting');
      h.clock.advance(1);
      await flush();
      expect(h.connections().at(-1)).to.equal('connected');
      expect(h.errors()).to.deep.equal([]);
      const refused = supervisor();
      refused.adapter.start();
      refused.ws().open();
      await refused.answer('<ADMSOCKET><L><ON>$', 'ERRO: Comando inválido$');
      expect(refused.errors().map((e) => [e.code, e.vendorCode])).to.deep.equal([['auth-failed', 'bind-refused']]);
      expect(refused.connections().at(-1)).to.equal('closed');
    });

    it('every agent’s call events become team updates; <EndCall> clears the call', async () => {
      const h = supervisor();
      await h.connect();
      await h.serve('<pedro><A><15068><0><9988><11><987654321><><><dialer.CampaignName=Cobrança;>$');
      expect(lastOf(h.events, 'team')!.members[0]).to.deep.include({ agentId: 'pedro', phase: 'busy' });
      expect(lastOf(h.events, 'team')!.members[0]?.call).to.deep.include({ direction: 'outbound', number: '11987654321', service: 'Cobrança' });
      await h.serve('<pedro><G><c:\\r.wav>$');
      await h.serve('<Pedro><EndCall>$');
      expect(lastOf(h.events, 'team')!.members[0]).to.deep.equal({ agentId: 'Pedro', call: null, phase: 'unknown', detail: 'call-ended' });
      // No listed agents: nothing to poll.
      const n = h.ws().sent.length;
      h.clock.advance(10_000);
      await flush();
      expect(h.ws().sent.length).to.equal(n);
    });

    it('a listed agent’s <EndCall> asks its status; the supervisor never acts as an agent', async () => {
      const h = supervisor({ agents: 'ana' });
      await h.connect();
      await h.answer('<ana><AC>$<ana><S>$', '<ana><OK>$<ana><S><1>$');
      await h.serve('<ana><R><><85><911112222><><4000><---><>$');
      await h.serve('<ana><EndCall>$');
      expect(lastOf(h.events, 'team')!.members[0]).to.deep.equal({ agentId: 'ana', call: null });
      await h.answer('<ana><S>$', '<ana><S><4>$');
      expect(lastOf(h.events, 'team')!.members[0]).to.deep.include({ agentId: 'ana', phase: 'after-call' });
      for (const command of [{ type: 'login', agent: 'ana' }, { type: 'ready' }, { type: 'dial', to: '4005-0500', service: 'x' }] as Command[]) {
        expect(await rejection(h.execute(command)), command.type).to.deep.include({ code: 'unsupported', detail: 'role' });
      }
    });
  });
});
