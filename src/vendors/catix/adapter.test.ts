/**
 * The Catix adapter against a fake WebSocket that speaks like websockify (binary frames only, 'binary'
 * subprotocol) and a `ManualClock`. Every line the "server" sends is written here in the shapes of the Catix
 * documents; the events are also folded into a real session store, so the tests see what the elements see.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError, LogLevel, SessionSnapshot } from '../../domain/model.js';
import { createSessionStore, type SessionStore } from '../../domain/session-store.js';
import type { AdapterDeps, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { PIN_PENDING, SUPERVISOR, createCatixAdapter } from './adapter.js';
import { readCatixOptions } from './options.js';
import { errorMessage, loadLocale } from '../../i18n/index.js';
import { prng } from '../relay/test-support.js';
import { FakeRelaySocket } from '../runtime/testing/fake-relay-socket.js';
import { flush, rejection } from '../runtime/testing/wait.js';

const RELAY = 'ws://relay.example:6080/?token=catix';
const USER = 'crm-integration';
const PASSWORD = 'int-P@ss-9z';
const AGENT = '1001';

type Wire = Record<string, unknown>;

/* ------------------------------------------------------------------ fakes */

/** The shared fake websockify socket (binary frames only), with the Catix server's lines on top. */
class FakeRelay extends FakeRelaySocket {
  static get all(): FakeRelay[] {
    return FakeRelaySocket.instances as FakeRelay[];
  }

  /** Text from the server, UTF-8, in frames of `pieceBytes` (default: one frame). */
  text(text: string, pieceBytes = 0): void {
    const all = new TextEncoder().encode(text);
    if (!pieceBytes) return this.bytes(all);
    for (let i = 0; i < all.length; i += pieceBytes) this.bytes(all.slice(i, i + pieceBytes));
  }

  line(message: Wire | string): void {
    this.text(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  }

  event(informacao: string, atributos?: Wire, agente: string | undefined = AGENT, tipo = 'EVENT'): void {
    this.line({ tipo, ...(agente !== undefined ? { agente } : {}), informacao, ...(atributos ? { atributos } : {}) });
  }

  /** Everything the adapter sent, as text. */
  sentText(): string {
    return this.texts().join('');
  }

  commands(): Wire[] {
    return this.sentText()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Wire);
  }

  names(): string[] {
    return this.commands().map((c) => String(c['comando'] ?? c['tipo']));
  }

  /** The last command sent with `comando` (optionally the n-th from the end). */
  command(comando: string, fromEnd = 0): Wire {
    const found = this.commands().filter((c) => c['comando'] === comando);
    const c = found[found.length - 1 - fromEnd];
    if (!c) throw new Error(`no ${comando} sent (sent: ${this.names().join(', ')})`);
    return c;
  }

  answer(comando: string, atributos?: Wire, fromEnd = 0): void {
    this.line({ tipo: 'NOTIFICACAO', informacao: 'OK', messageId: this.command(comando, fromEnd)['messageId'], ...(atributos ? { atributos } : {}) });
  }

  fail(comando: string, erroCod: string, informacao = 'Erro'): void {
    this.line({ tipo: 'ERRO', informacao, erroCod, messageId: this.command(comando)['messageId'] });
  }

  /** Commands sent and not answered yet, in order. */
  unanswered(answered: ReadonlySet<unknown>): Wire[] {
    return this.commands().filter((c) => c['messageId'] !== undefined && !answered.has(c['messageId']));
  }
}

const STATUS_AVAILABLE = { obs: '-', tempo: '-', nome: 'Agente 1001', ramal_fisico: '2001', idAgente: AGENT, numero_discado: '-', status: 'Disponível' };
const STATUS_LOGGED_OUT = { ...STATUS_AVAILABLE, ramal_fisico: '-', status: 'Deslogado' };
const PAUSE_TYPES = {
  pausas: [
    { id: 1, nome: 'Almoço', descricao: 'Horário de almoço', exigeObs: false },
    { id: 2, nome: 'Outra tarefa', descricao: 'Atividade diferente do cargo', exigeObs: true },
  ],
};
const TRANSFER_OPTIONS = { ramal: [{ id: 2, nome: '2001' }, { id: 3, nome: '2002' }] };
const QUEUES = { filas: [{ id: 154, nome: 'RECEPCAO', tipoFila: 'Ramal' }] };

interface Harness {
  adapter: VendorAdapter;
  clock: ManualClock;
  store: SessionStore;
  events: DomainEvent[];
  logs: { level: LogLevel; message: string }[];
  ws(): FakeRelay;
  sockets(): FakeRelay[];
  connections(): string[];
  errors(): CtiError[];
  snap(): SessionSnapshot;
  execute(command: Command): Promise<void>;
  /** start (unless started), open the relay, answer the login, answer the resync with `status`. */
  connect(status?: Wire, extra?: { pause?: Wire }): Promise<FakeRelay>;
  /** start (unless started), open the relay and answer the login; the resync queries are left unanswered. */
  loggedIn(): Promise<FakeRelay>;
  /** Answer the resync queries on the latest relay. */
  resync(status?: Wire, extra?: { pause?: Wire }): Promise<void>;
}

function setup(opts: { config?: Partial<SessionConfig>; options?: SessionConfig['options']; random?: number } = {}): Harness {
  FakeRelaySocket.reset();
  const clock = new ManualClock();
  const events: DomainEvent[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const store = createSessionStore({ key: 'catix|test', capabilities: capabilitiesFor('catix'), clock });
  const host: AdapterHost = {
    emit: (e) => {
      events.push(e);
      store.apply(e);
    },
    log: (level, message) => logs.push({ level, message }),
    clock,
  };
  const deps: AdapterDeps = {
    fetch: (() => Promise.reject(new Error('no fetch'))) as typeof fetch,
    EventSource: undefined as unknown as typeof EventSource,
    WebSocket: FakeRelay as unknown as typeof WebSocket,
    random: () => opts.random ?? 0.5,
  };
  const config: SessionConfig = {
    vendor: 'catix',
    server: RELAY,
    agent: AGENT,
    extension: '2001',
    credentials: { user: USER, password: PASSWORD },
    // The status poll off unless a test asks for it: the others advance the clock over silent servers.
    options: { reconnectBaseMs: 1000, reconnectMaxMs: 8000, statusPollMs: 0, ...(opts.options ?? {}) },
    ...opts.config,
  };
  const adapter = createCatixAdapter(config, host, deps);
  let started = false;
  const h: Harness = {
    adapter,
    clock,
    store,
    events,
    logs,
    ws() {
      const last = FakeRelay.all[FakeRelay.all.length - 1];
      if (!last) throw new Error('no relay socket');
      return last;
    },
    sockets: () => FakeRelay.all,
    connections: () => events.flatMap((e) => (e.type === 'connection' ? [e.status] : [])),
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e.error] : [])),
    snap: () => store.snapshot,
    execute: (command) => adapter.execute(command),
    async connect(status = STATUS_AVAILABLE, extra = {}) {
      const ws = await h.loggedIn();
      await h.resync(status, extra);
      return ws;
    },
    async loggedIn() {
      if (!started) {
        started = true;
        adapter.start();
      }
      const ws = h.ws();
      ws.open();
      ws.answer(config.options?.['role'] === 'supervisor' ? 'LOGAR_MULTI_USER' : 'LOGAR_SINGLE_USER');
      await flush();
      return ws;
    },
    async resync(status = STATUS_AVAILABLE, extra = {}) {
      const ws = h.ws();
      ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
      if (config.options?.['role'] !== 'supervisor') ws.answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
      ws.answer('BUSCAR_FILAS', QUEUES);
      if (config.options?.['role'] !== 'supervisor') ws.answer('STATUS_AGENTE', status);
      await flush();
      if (extra.pause) {
        ws.answer('INFORMACAO_PAUSA', extra.pause);
        await flush();
      }
    },
  };
  return h;
}

/** Connected with the agent logged out, then `login` accepted (AGENTE_LOGAR OK): the PIN is awaited (5 s). */
async function pinPending(): Promise<{ h: Harness; ws: FakeRelay }> {
  const h = setup({ options: { pinTimeoutMs: 5000 } });
  const ws = await h.connect(STATUS_LOGGED_OUT);
  const p = h.execute({ type: 'login', agent: AGENT, extension: '2001' });
  ws.answer('AGENTE_LOGAR');
  await p;
  return { h, ws };
}

const types = (events: readonly DomainEvent[]): string[] => events.map((e) => e.type);
const agentOf = (h: Harness): [string, string] => [h.snap().agent.phase, h.snap().agent.detail];

/* ------------------------------------------------------------ connection */

describe('catix adapter: connection, integration login, resync', () => {
  it('opens the relay (binary), logs in single-user with the integration account, connected only after the answer, then a snapshot', async () => {
    const h = setup();
    h.adapter.start();
    const ws = h.ws();
    expect(ws.url).to.equal(RELAY);
    expect(ws.protocols).to.deep.equal(['binary']);
    expect(h.connections()).to.deep.equal(['connecting']);
    ws.open();
    expect(ws.commands()).to.deep.equal([
      { tipo: 'ACAO', comando: 'LOGAR_SINGLE_USER', agente: AGENT, atributos: { usuario: USER, senha: PASSWORD }, messageId: '1' },
    ]);
    expect(h.connections()).to.deep.equal(['connecting']);
    ws.answer('LOGAR_SINGLE_USER');
    await flush();
    expect(h.connections()).to.deep.equal(['connecting', 'connected']);
    expect(ws.names().slice(1)).to.deep.equal(['STATUS_AGENTE', 'BUSCAR_TIPOS_PAUSA', 'BUSCAR_OPCOES_TRANSFERENCIA', 'BUSCAR_FILAS']);
    expect(ws.command('STATUS_AGENTE')['agente']).to.equal(AGENT);
    await h.resync(STATUS_LOGGED_OUT);
    const snap = h.snap();
    expect(snap.agent).to.include({ phase: 'logged-out', detail: 'Deslogado', agentId: AGENT });
    expect(snap.pauseReasons).to.deep.equal([{ id: '1', name: 'Almoço' }, { id: '2', name: 'Outra tarefa', requiresNote: true }]);
    expect(snap.transferTargets).to.deep.equal([{ id: '2', name: '2001' }, { id: '3', name: '2002' }]);
    expect(snap.queues.map((q) => [q.id, q.name])).to.deep.equal([['154', 'RECEPCAO']]);
    expect(types(h.events).filter((t) => t === 'snapshot')).to.have.length(1);
    // The integration password is never logged.
    expect(JSON.stringify(h.logs)).not.to.contain(PASSWORD);
    expect(JSON.stringify(h.events)).not.to.contain(PASSWORD);
  });

  it('maps every documented status: available, dialing, on a call (HTML obs as text, timer restored), paused (with INFORMACAO_PAUSA), post-call, unknown', async () => {
    const cases: [Wire, string, string, string | null][] = [
      [STATUS_AVAILABLE, 'ready', 'Disponível', null],
      [{ ...STATUS_AVAILABLE, status: 'Discando', tempo: '00:00:05', numero_discado: '(17) 99149-1234', obs: '<b>Tipo Ligação:</b><i> Sainte</i>' }, 'busy', 'Discando', 'dialing'],
      [{ ...STATUS_AVAILABLE, status: 'Em ligação', tempo: '00:01:05', numero_discado: '(17) 99149-1234', obs: '<b>Tipo Ligação:</b><i> Entrante</i>' }, 'busy', 'Em ligação', 'active'],
      [{ ...STATUS_AVAILABLE, status: 'Pós Atendimento', tempo: '00:00:08', obs: 'Pausa automática para pós atendimento.' }, 'after-call', 'Pós Atendimento', null],
      [{ ...STATUS_AVAILABLE, status: 'Treinamento' }, 'unknown', 'Treinamento', null],
    ];
    for (const [status, phase, detail, callState] of cases) {
      const h = setup();
      await h.connect(status);
      expect(agentOf(h), String(status['status'])).to.deep.equal([phase, detail]);
      const call = h.snap().calls[0];
      expect(call?.state ?? null, String(status['status'])).to.equal(callState);
      if (callState === 'active') {
        expect(call!.direction).to.equal('inbound');
        expect(call!.remote).to.deep.equal([{ number: '(17) 99149-1234' }]);
        expect(call!.data).to.deep.equal({ obs: 'Tipo Ligação: Entrante' });
        expect(call!.answeredAt).to.equal(h.clock.now() - 65_000);
      }
    }
    const h = setup();
    await h.connect(
      { ...STATUS_AVAILABLE, status: 'Pausado', tempo: '00:15:07', obs: 'Motivo: Almoço - Obs: fila do banco' },
      { pause: { 'id-pausa': '1', pausa: 'Almoço', descricao: 'Horário de almoço', 'tempo-limite': '60 minutos', 'tempo-decorrido': '907', obs: 'fila do banco' } },
    );
    expect(h.ws().command('INFORMACAO_PAUSA')['agente']).to.equal(AGENT);
    expect(h.snap().agent.phase).to.equal('paused');
    expect(h.snap().agent.pause).to.deep.equal({ reasonId: '1', reasonName: 'Almoço', trigger: 'manual', endsAt: h.clock.now() - 907_000 + 3_600_000 });
  });

  it('paused, INFORMACAO_PAUSA fails: the reason comes from the status obs; STATUS_AGENTE 1004: logged out; other ERRO: shown, unknown', async () => {
    const h = setup();
    await h.loggedIn();
    h.ws().answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    h.ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    h.ws().answer('BUSCAR_FILAS', QUEUES);
    h.ws().answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço - Obs: x' });
    await flush();
    h.ws().fail('INFORMACAO_PAUSA', '1008', 'Não foi encontrado informações de pausa para o agente.');
    await flush();
    expect(h.snap().agent.pause).to.deep.equal({ reasonId: '1', reasonName: 'Almoço' });

    const g = setup();
    await g.loggedIn();
    g.ws().fail('STATUS_AGENTE', '1004', 'Agente não encontrado.');
    g.ws().answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    g.ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    g.ws().answer('BUSCAR_FILAS', QUEUES);
    await flush();
    expect(agentOf(g)).to.deep.equal(['logged-out', 'Deslogado']);
    expect(g.errors()).to.deep.equal([]);

    const k = setup();
    await k.loggedIn();
    k.ws().fail('STATUS_AGENTE', '9999', 'Erro não esperado.');
    k.ws().fail('BUSCAR_FILAS', '9999', 'Banco fora do ar');
    k.ws().answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    k.ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    await flush();
    expect(k.snap().agent.phase).to.equal('unknown');
    expect(k.errors().map((e) => [e.code, e.vendorCode, e.operation])).to.deep.equal([
      ['command-failed', '9999', 'queues'],
      ['command-failed', '9999', 'status'],
    ]);
    expect(k.snap().connection.status).to.equal('connected');
  });

  it('wrong integration account: auth-failed, closed, no retry loop; refresh tries again', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().open();
    h.ws().fail('LOGAR_SINGLE_USER', '2000', 'Usuário ou senha inválidos no momento da autenticação.');
    await flush();
    expect(h.errors()).to.have.length(1);
    expect(h.errors()[0]).to.include({ code: 'auth-failed', vendorCode: '2000', operation: 'connect' });
    expect(h.connections()).to.deep.equal(['connecting', 'closed']);
    expect(h.ws().closedBy).to.not.equal(undefined);
    h.clock.advance(600_000);
    expect(h.sockets()).to.have.length(1);
    expect((await rejection(h.execute({ type: 'dial', to: '2002' }))).code).to.equal('not-connected');
    await h.execute({ type: 'refresh' });
    expect(h.sockets()).to.have.length(2);
    await h.connect();
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('unknown agent at login (1004) and missing credentials or agent: given up with a reason', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().open();
    h.ws().fail('LOGAR_SINGLE_USER', '1004', 'Agente não encontrado.');
    await flush();
    // The server's words as detail; its erroCod in the log.
    expect(h.errors()[0]).to.include({ code: 'auth-failed', vendorCode: 'login-refused', detail: 'Agente não encontrado.' });
    expect(h.logs.some((l) => l.message.includes('ERRO 1004'))).to.equal(true);
    expect(h.snap().connection.status).to.equal('closed');

    // A configuration problem is found before any relay is opened: nothing goes on the wire.
    const noCredentials = setup({ config: { credentials: undefined } });
    noCredentials.adapter.start();
    expect(noCredentials.sockets()).to.have.length(0);
    expect(noCredentials.errors()[0]).to.include({ code: 'auth-failed', vendorCode: 'no-credentials', detail: 'credentials' });
    expect(noCredentials.snap().connection.status).to.equal('closed');

    const noAgent = setup({ config: { agent: '' } });
    noAgent.adapter.start();
    expect(noAgent.sockets()).to.have.length(0);
    expect(noAgent.errors()[0]).to.include({ code: 'missing-data', vendorCode: 'no-agent', detail: 'agent' });
    expect(noAgent.snap().connection.status).to.equal('closed');
  });

  // Outage once, backoff with jitter, a sign-in timeout retried: the runtime's tests (runtime.test.ts). Here: Catix's words.
  it('relay refusing (down or token not allowed): relay-unavailable naming the allow-list, then connected on the retry', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().refuse();
    await flush();
    expect(h.errors().map((e) => e.code)).to.deep.equal(['relay-unavailable']);
    // The close code as detail (a code), the sentence in the log.
    expect(h.errors()[0]).to.include({ detail: 'close-1006' });
    expect(h.logs.some((l) => l.message.includes('allow-list'))).to.equal(true);
    h.clock.advance(750);
    await h.connect();
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('relay open, then closed before the login answer (websockify 1011: dead target): vendor-unreachable', async () => {
    const h = setup();
    h.adapter.start();
    h.ws().open();
    h.ws().drop(1011, 'Failed to connect to downstream server');
    await flush();
    expect(h.errors()[0]).to.include({ code: 'vendor-unreachable' });
    expect(h.errors()[0]).to.include({ detail: 'close-1011' });
    expect(h.logs.some((l) => l.message.includes('could not reach the Catix server (close 1011 Failed to connect'))).to.equal(true);
    expect(h.snap().connection.status).to.equal('reconnecting');
  });

  it('no answer to the login: a timeout naming LOGAR_SINGLE_USER, retried (not a refusal)', async () => {
    const h = setup({ options: { requestTimeoutMs: 2000 } });
    h.adapter.start();
    h.ws().open();
    h.clock.advance(2000);
    await flush();
    expect(h.errors()[0]).to.include({ code: 'timeout', operation: 'connect', detail: 'no-answer' });
    expect(h.logs.some((l) => l.message.includes('no answer to LOGAR_SINGLE_USER #1 in 2000 ms'))).to.equal(true);
    expect(h.ws().closedBy).to.not.equal(undefined);
    expect(h.snap().connection.status).to.equal('reconnecting');
  });

  it('connection lost mid-call: pending commands fail, reconnect, the snapshot keeps the call (same number) under its id', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('DIALING', { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01733334444', rl: '5000', 'linked-rl': '5000' });
    ws.event('ANSWER', { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01733334444', rl: '5000', 'linked-rl': '5000' });
    const pending = h.execute({ type: 'redial' });
    ws.drop(1000, 'Target closed');
    const error = await rejection(pending);
    expect(error).to.include({ code: 'connection-lost', operation: 'redial' });
    expect(h.errors().map((e) => e.code)).to.include('connection-lost');
    expect(h.snap().calls[0]).to.include({ id: '5000', state: 'active' });
    expect((await rejection(h.execute({ type: 'dial', to: '2002' }))).code).to.equal('not-connected');
    h.clock.advance(1000);
    await h.connect({ ...STATUS_AVAILABLE, status: 'Em ligação', tempo: '00:00:30', numero_discado: '01733334444', obs: '<b>Tipo Ligação:</b><i> Sainte</i>' });
    expect(h.snap().calls.map((c) => [c.id, c.state, c.direction])).to.deep.equal([['5000', 'active', 'outbound']]);
    // And HANGUP with the rl ends it.
    h.ws().event('HANGUP', { rl: '5000', 'numero-discado': '01733334444' });
    expect(h.snap().calls[0]!.state).to.equal('ended');
    expect(h.snap().agent.phase).to.equal('ready');
  });

  it('reconnected and the call ended meanwhile: the snapshot drops it; a call found by a resync takes the first rl', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('DIALING', { 'numero-discado': '2002', rl: '77' });
    ws.drop();
    h.clock.advance(1000);
    await h.connect(STATUS_AVAILABLE);
    expect(h.snap().calls.every((c) => c.state === 'ended')).to.equal(true);
    ws.event('HANGUP', { rl: '77' }); // a late line from the old socket changes nothing
    h.ws().drop();
    h.clock.advance(1000);
    await h.connect({ ...STATUS_AVAILABLE, status: 'Em ligação', numero_discado: '1733335555', tempo: '00:00:02' });
    const local = h.snap().calls.find((c) => c.state === 'active')!;
    expect(local.id).to.match(/^catix-1001-\d+$/);
    h.ws().event('HANGUP', { rl: '9123', 'numero-discado': '1733335555' });
    expect(h.snap().calls.find((c) => c.id === local.id)!.state).to.equal('ended');
  });

  it('a call kept across a reconnect takes its rl from the next event again: it may be another call to the same number (no ghost call)', async () => {
    const h = setup();
    const ws = await h.connect();
    const fields = { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01733334444' };
    ws.event('DIALING', { ...fields, rl: '5000', 'linked-rl': '5000' });
    ws.event('ANSWER', { ...fields, rl: '5000', 'linked-rl': '5000' });
    ws.drop(1000, 'Target closed');
    // Meanwhile that call ended and the agent dialled the number again from the Catix panel (rl 5001): the status
    // (no rl) cannot tell the two apart, and their events went to no socket.
    h.clock.advance(1000);
    await h.connect({ ...STATUS_AVAILABLE, status: 'Discando', tempo: '00:00:03', numero_discado: '(17) 3333-4444' });
    expect(h.snap().calls.map((c) => [c.id, c.state])).to.deep.equal([['5000', 'dialing']]);
    h.ws().event('HANGUP', { ...fields, rl: '5001', 'linked-rl': '5001' });
    expect(h.snap().calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);
    expect(h.snap().agent.phase).to.equal('ready');
  });

  it('a command whose answer never comes: the status is read; silence to that too (a hung server) drops the link, never "connected" on a dead one', async () => {
    const h = setup({ options: { requestTimeoutMs: 3000 } });
    const ws = await h.connect();
    const statusQueries = (): number => ws.names().filter((n) => n === 'STATUS_AGENTE').length;
    // DISCAR carried out, its answer lost: the status read shows the call.
    const dial = h.execute({ type: 'dial', to: '2002' });
    h.clock.advance(3000);
    expect(await rejection(dial)).to.include({ code: 'timeout', operation: 'dial' });
    expect(statusQueries()).to.equal(2);
    await h.resync({ ...STATUS_AVAILABLE, status: 'Discando', numero_discado: '2002', tempo: '00:00:03' });
    expect(h.snap().calls.map((c) => c.state)).to.deep.equal(['dialing']);
    expect(h.snap().connection.status).to.equal('connected');
    // Now nothing answers at all: the status read meets silence as well, and the link is dropped and opened again.
    const hangup = h.execute({ type: 'hangup', callId: h.snap().calls[0]!.id });
    h.clock.advance(3000);
    expect(await rejection(hangup)).to.include({ code: 'timeout', operation: 'hangup' });
    expect(statusQueries()).to.equal(3);
    h.clock.advance(3000);
    await flush();
    expect(h.snap().connection.status).to.equal('reconnecting');
    expect(ws.closedBy).to.not.equal(undefined);
  });

  it('events that arrive while the resync is in flight are applied after its snapshot', async () => {
    const h = setup();
    h.adapter.start();
    const ws = h.ws();
    ws.open();
    ws.answer('LOGAR_SINGLE_USER');
    await flush();
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço', descricao: 'Horário de almoço', obs: '' });
    await h.resync(STATUS_AVAILABLE);
    const i = types(h.events).indexOf('snapshot');
    expect(types(h.events).slice(i)).to.include('agent');
    expect(h.snap().agent.phase).to.equal('paused');
  });

  it('more events than are held during the resync: the agent is read again, the last word is not lost', async () => {
    const h = setup();
    const ws = await h.loggedIn();
    for (let i = 0; i < 200; i++) ws.event('AGENT_UNPAUSED');
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço', descricao: 'Horário de almoço', obs: '' });
    await h.resync(STATUS_AVAILABLE);
    expect(ws.commands().filter((c) => c['comando'] === 'STATUS_AGENTE').length).to.equal(2);
    await h.resync({ ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' }, { pause: { 'id-pausa': '1', pausa: 'Almoço', 'tempo-decorrido': '10' } });
    expect(agentOf(h)).to.deep.equal(['paused', 'Pausado']);
    expect(ws.commands().filter((c) => c['comando'] === 'STATUS_AGENTE').length).to.equal(2);
  });

  it('reads its options with defaults and bounds', () => {
    const o = readCatixOptions({ role: 'Supervisor', agents: '1001, 1002;1001', encoding: 'windows-1252', keepAliveIntervalMs: -5, unpauseAction: 'bad value!' });
    expect(o).to.deep.include({ role: 'supervisor', agents: ['1001', '1002'], encoding: 'windows-1252', keepAliveIntervalMs: 0, unpauseAction: 'DESPAUSAR' });
    expect(readCatixOptions(undefined)).to.deep.include({ role: 'agent', encoding: 'utf-8', requestTimeoutMs: 10_000, keepAliveIntervalMs: 30_000, keepAliveMissed: 3, keepAliveReply: false, eventWaitMs: 5_000, statusPollMs: 30_000 });
    expect(readCatixOptions({ statusPollMs: '0' }).statusPollMs).to.equal(0);
    expect(readCatixOptions({ eventWaitMs: -1 }).eventWaitMs).to.equal(0);
    expect(readCatixOptions({ keepAliveReply: 'true', keepAliveMissed: '2', encoding: 'latin9' })).to.deep.include({ keepAliveReply: true, keepAliveMissed: 2, encoding: 'utf-8' });
  });
});

/* ------------------------------------------------------------- keep-alive */

/** The link was dropped: reconnecting, its socket closed; the next one opens after the 1 s backoff and connects. */
async function reconnects(h: Harness, ws: FakeRelay): Promise<void> {
  expect(h.snap().connection.status).to.equal('reconnecting');
  expect(ws.closedBy).to.not.equal(undefined);
  h.clock.advance(1000);
  expect(h.sockets()).to.have.length(2);
  await h.connect();
  expect(h.snap().connection.status).to.equal('connected');
}

describe('catix adapter: keep-alive watchdog', () => {
  it('not armed until the server has sent two KEEP_ALIVEs (its rhythm); then any line re-arms it; silence → keep-alive-lost and reconnect', async () => {
    const h = setup({ options: { keepAliveIntervalMs: 1000, keepAliveMissed: 3 } });
    const ws = await h.connect();
    h.clock.advance(60_000);
    expect(h.snap().connection.status).to.equal('connected');
    ws.line({ tipo: 'KEEP_ALIVE' });
    h.clock.advance(1000);
    ws.line({ tipo: 'KEEP_ALIVE' });
    h.clock.advance(2900);
    ws.event('AGENT_COMPLETE');
    h.clock.advance(2900);
    expect(h.snap().connection.status).to.equal('connected');
    expect(ws.names()).not.to.include('KEEP_ALIVE');
    h.clock.advance(100);
    await flush();
    expect(h.errors().map((e) => [e.code, e.detail])).to.deep.equal([['keep-alive-lost', 'silence']]);
    expect(h.logs.some((l) => l.message.includes('no keep-alive for 3 s'))).to.equal(true);
    await reconnects(h, ws);
    // A new connection: not watched until its first KEEP_ALIVE.
    h.clock.advance(60_000);
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('a server whose KEEP_ALIVE interval is longer than keepAliveIntervalMs (the seed gives none) is watched at its own rhythm, not dropped', async () => {
    const h = setup({ options: { keepAliveIntervalMs: 1000, keepAliveMissed: 3 } });
    let ws = await h.connect();
    for (let i = 0; i < 12; i += 1) {
      ws.line({ tipo: 'KEEP_ALIVE' });
      h.clock.advance(5000);
    }
    expect(h.errors()).to.have.length(0);
    expect(h.snap().connection.status).to.equal('connected');
    // Silent for three of its own intervals: lost.
    h.clock.advance(10_000);
    await flush();
    expect(h.errors().map((e) => e.code)).to.deep.equal(['keep-alive-lost']);
    h.clock.advance(1000);
    ws = await h.connect();
    // The next link: the rhythm is known, its first KEEP_ALIVE arms the watch (15 s).
    ws.line({ tipo: 'KEEP_ALIVE' });
    h.clock.advance(14_900);
    expect(h.snap().connection.status).to.equal('connected');
    h.clock.advance(100);
    await flush();
    expect(h.snap().connection.status).to.equal('reconnecting');
  });

  it('keepAliveReply answers each KEEP_ALIVE; keepAliveIntervalMs 0 turns the watchdog off', async () => {
    const h = setup({ options: { keepAliveReply: true, keepAliveIntervalMs: 0 } });
    const ws = await h.connect();
    ws.line({ tipo: 'KEEP_ALIVE' });
    ws.line({ tipo: 'KEEP_ALIVE' });
    expect(ws.commands().filter((c) => c['tipo'] === 'KEEP_ALIVE')).to.deep.equal([{ tipo: 'KEEP_ALIVE' }, { tipo: 'KEEP_ALIVE' }]);
    h.clock.advance(3_600_000);
    expect(h.snap().connection.status).to.equal('connected');
  });
});

/* ------------------------------------------------------------ status poll */

describe('catix adapter: status poll (a hung server on a quiet link, no KEEP_ALIVE rhythm)', () => {
  const statusReads = (ws: FakeRelay): number => ws.names().filter((n) => n === 'STATUS_AGENTE').length;

  it('idle on a silent server: STATUS_AGENTE after statusPollMs of quiet, unanswered in requestTimeoutMs → the link is lost and reopened', async () => {
    const h = setup({ options: { statusPollMs: 30_000, requestTimeoutMs: 3000 } });
    const ws = await h.connect();
    h.clock.advance(29_999);
    expect(statusReads(ws)).to.equal(1);
    h.clock.advance(1);
    expect(ws.names().slice(-1)).to.deep.equal(['STATUS_AGENTE']);
    expect(statusReads(ws)).to.equal(2);
    h.clock.advance(2999);
    await flush();
    expect(h.snap().connection.status).to.equal('connected');
    h.clock.advance(1);
    await flush();
    await reconnects(h, ws);
  });

  it('idle on an answering server: one STATUS_AGENTE a period, nothing else; its answer refreshes the agent (a pause ended in the Catix panel); lines flowing: no poll', async () => {
    const h = setup({ options: { statusPollMs: 30_000 } });
    const ws = await h.connect({ ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' }, { pause: { 'id-pausa': '1', pausa: 'Almoço', 'tempo-decorrido': '10' } });
    expect(agentOf(h)).to.deep.equal(['paused', 'Pausado']);
    const sent = ws.names().length;
    h.clock.advance(30_000);
    expect(ws.names().slice(sent)).to.deep.equal(['STATUS_AGENTE']);
    ws.answer('STATUS_AGENTE', STATUS_AVAILABLE);
    await flush();
    expect(h.snap().agent.phase).to.equal('ready');
    for (let period = 0; period < 3; period += 1) {
      h.clock.advance(30_000);
      ws.answer('STATUS_AGENTE', STATUS_AVAILABLE);
      await flush();
    }
    expect(ws.names().slice(sent)).to.deep.equal(Array(4).fill('STATUS_AGENTE'));
    // Another line every 20 s re-arms the wait: no poll while they flow.
    for (let i = 0; i < 6; i += 1) {
      h.clock.advance(20_000);
      ws.event('AGENT_UNPAUSED');
    }
    expect(statusReads(ws)).to.equal(5);
    expect(h.snap().connection.status).to.equal('connected');
    expect(h.errors()).to.deep.equal([]);
  });

  it('a server that shows its KEEP_ALIVE rhythm: the keep-alive watch takes over, no poll', async () => {
    const h = setup({ options: { statusPollMs: 2000, keepAliveIntervalMs: 1000, keepAliveMissed: 3 } });
    const ws = await h.connect();
    ws.line({ tipo: 'KEEP_ALIVE' });
    h.clock.advance(1000);
    ws.line({ tipo: 'KEEP_ALIVE' });
    // Every 2.5 s now (longer than the poll's 2 s): watched at 3 × 2.5 s, never polled.
    for (let i = 0; i < 5; i += 1) {
      h.clock.advance(2500);
      ws.line({ tipo: 'KEEP_ALIVE' });
    }
    expect(statusReads(ws)).to.equal(1);
    expect(h.snap().connection.status).to.equal('connected');
    h.clock.advance(7500);
    await flush();
    expect(statusReads(ws)).to.equal(1);
    expect(h.errors().map((e) => e.code)).to.deep.equal(['keep-alive-lost']);
  });

  it('statusPollMs 0: never polls', async () => {
    const h = setup({ options: { statusPollMs: 0 } });
    const ws = await h.connect();
    h.clock.advance(3_600_000);
    expect(statusReads(ws)).to.equal(1);
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('a supervisor reads its agents one a period, in turn (the answer updates that member); silence → lost', async () => {
    const h = setup({ options: { role: 'supervisor', agents: '1001,1002', statusPollMs: 30_000, requestTimeoutMs: 3000 }, config: { agent: 'sup-1' } });
    const ws = await h.loggedIn();
    h.ws().answer('STATUS_AGENTE', STATUS_AVAILABLE, 1);
    h.ws().answer('STATUS_AGENTE', { ...STATUS_LOGGED_OUT, idAgente: '1002', nome: 'Agente 1002' });
    await h.resync();
    expect(h.snap().team.map((m) => [m.agentId, m.phase])).to.deep.equal([['1001', 'ready'], ['1002', 'logged-out']]);
    const sent = ws.names().length;
    h.clock.advance(30_000);
    expect(ws.commands().slice(sent).map((c) => [c['comando'], c['agente']])).to.deep.equal([['STATUS_AGENTE', '1001']]);
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' });
    await flush();
    expect(h.snap().team.find((m) => m.agentId === '1001')?.phase).to.equal('paused');
    h.clock.advance(30_000);
    expect(ws.commands().slice(sent).map((c) => [c['comando'], c['agente']])).to.deep.equal([['STATUS_AGENTE', '1001'], ['STATUS_AGENTE', '1002']]);
    h.clock.advance(3000);
    await flush();
    expect(h.snap().connection.status).to.equal('reconnecting');
  });

  it('a supervisor that follows no agent polls with BUSCAR_FILAS (answered as every command, L18); silence → lost', async () => {
    const h = setup({ options: { role: 'supervisor', statusPollMs: 30_000, requestTimeoutMs: 3000 }, config: { agent: 'sup-1' } });
    const ws = await h.connect();
    const sent = ws.names().length;
    h.clock.advance(30_000);
    expect(ws.names().slice(sent)).to.deep.equal(['BUSCAR_FILAS']);
    ws.answer('BUSCAR_FILAS', QUEUES);
    await flush();
    h.clock.advance(30_000);
    expect(ws.names().slice(sent)).to.deep.equal(['BUSCAR_FILAS', 'BUSCAR_FILAS']);
    h.clock.advance(3000);
    await flush();
    expect(h.snap().connection.status).to.equal('reconnecting');
  });
});

/* ---------------------------------------------------------- bad input */

describe('catix adapter: bad input from the server', () => {
  it('a malformed line is a malformed-frame error (preview masked) and the next line still works; an unknown event is shown once', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.text('{"tipo": "EVENT", "agente": "1001", "informacao": "AGENT_LOGIN", "atributos" { "ramal-agente": "2001" } }\n');
    ws.text('{"tipo":"EVENT","agente":"1001","informacao":"AGENT_PAUSED","atributos":{"idPausa":1,"pausa":"Almoço"}}\n');
    expect(h.errors().map((e) => e.code)).to.deep.equal(['malformed-frame']);
    expect(h.errors()[0]!.detail).to.equal('malformed');
    expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('unreadable line (not JSON)'))).to.equal(true);
    expect(h.snap().agent.phase).to.equal('paused');
    // An event name the seed does not list: one typed error, then (the same name) a debug log only.
    ws.event('AGENT_TELEPORTED', {});
    ws.event('AGENT_TELEPORTED', {});
    expect(h.errors().slice(1)).to.deep.equal([{ code: 'unknown-event', at: h.clock.now(), operation: 'receive', detail: 'AGENT_TELEPORTED' }]);
    expect(h.logs.filter((l) => l.message.includes('AGENT_TELEPORTED')).map((l) => l.level)).to.deep.equal(['warn', 'debug']);
    ws.text('garbage without newline... ');
    ws.text('still garbage\n{"tipo":"KEEP_ALIVE"}\n');
    expect(h.errors().map((e) => e.code)).to.deep.equal(['malformed-frame', 'unknown-event', 'malformed-frame']);
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('lines split across frames anywhere, even inside a multi-byte character', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.text('{"tipo":"EVENT","agente":"1001","informacao":"AGENT_PAUSED","atributos":{"idPausa":1,"pausa":"Almoço"}}\n', 1);
    expect(h.snap().agent.pause?.reasonName).to.equal('Almoço');
  });

  it('windows-1252 servers: bytes decoded with the configured encoding', async () => {
    const h = setup({ options: { encoding: 'windows-1252' } });
    const ws = await h.connect();
    const line = '{"tipo":"EVENT","agente":"1001","informacao":"AGENT_PAUSED","atributos":{"idPausa":1,"pausa":"Almoço"}}\n';
    ws.bytes(Uint8Array.from([...line].map((c) => c.charCodeAt(0))));
    expect(h.snap().agent.pause?.reasonName).to.equal('Almoço');
    // Outgoing text in windows-1252 too: 'ç' is one byte.
    void h.execute({ type: 'pause', reasonId: '1', note: 'ç' });
    const last = ws.sent[ws.sent.length - 1]!;
    expect([...last]).to.include(0xe7);
  });

  it('an overlong line is reported and skipped', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.text(`${'x'.repeat((1 << 20) + 5)}\n{"tipo":"KEEP_ALIVE"}\n`);
    expect(h.errors()[0]).to.include({ code: 'malformed-frame' });
    expect(h.errors()[0]!.detail).to.equal('too-long');
    expect(h.logs.some((l) => l.message.includes('a line longer than'))).to.equal(true);
  });

  it('an ERRO nobody waits for is shown; ERRO 2002 on a command logs in again on a new connection', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.line({ tipo: 'ERRO', informacao: 'Mensagem no formato inválido.', erroCod: '9002' });
    expect(h.errors()[0]).to.include({ code: 'command-failed', vendorCode: '9002', operation: 'receive' });
    const p = h.execute({ type: 'redial' });
    ws.fail('REDISCAR', '2002', 'Autenticação necessária.');
    expect((await rejection(p)).code).to.equal('auth-failed');
    expect(h.snap().connection.status).to.equal('reconnecting');
    h.clock.advance(1000);
    expect(h.sockets()).to.have.length(2);
  });

  it('events for other agents are ignored on an agent session', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço' }, '1002');
    ws.event('DIALING', { rl: '1', 'numero-discado': '2' }, '1002');
    expect(h.snap().agent.phase).to.equal('ready');
    expect(h.snap().calls).to.deep.equal([]);
  });
});

/* ------------------------------------------------------------- commands */

describe('catix adapter: transfer destinations', () => {
  it("never offers the agent's own extension (ramal_fisico, the extension signed in with, ramal-agente) and shows the vendor's names", async () => {
    const h = setup();
    const ws = await h.connect(STATUS_LOGGED_OUT);
    const names = () => h.snap().transferTargets.map((t) => t.name);
    // Logged out, no extension known yet: BUSCAR_OPCOES_TRANSFERENCIA as the server gave it.
    const r = h.execute({ type: 'refresh' });
    await flush();
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_OPCOES_TRANSFERENCIA', { ramal: [{ id: 2, nome: '2001' }, { id: 3, nome: 'Carlos · 2002' }, { id: 5, nome: '20010' }, { id: 7, nome: 'Recepção' }] });
    ws.answer('BUSCAR_FILAS', QUEUES);
    ws.answer('STATUS_AGENTE', STATUS_LOGGED_OUT);
    await r;
    expect(names()).to.deep.equal(['2001', 'Carlos · 2002', '20010', 'Recepção']);
    // Signing in on 2002: its destination is gone (its name holds the number as a whole word), 20010 stays.
    const p = h.execute({ type: 'login', agent: AGENT, extension: '2002' });
    ws.answer('AGENTE_LOGAR');
    await p;
    expect(names()).to.deep.equal(['2001', '20010', 'Recepção']);
    expect(h.snap().transferTargets.map((t) => t.id)).to.deep.equal(['2', '5', '7']);
    // The PIN is typed on another extension than asked: the server's word wins.
    ws.event('AGENT_LOGIN', { 'ramal-agente': '2001' });
    expect(names()).to.deep.equal(['Carlos · 2002', '20010', 'Recepção']);
  });
});

describe('catix adapter: agent login and logout', () => {
  it('login: AGENTE_LOGAR with the extension; resolves on OK (PIN pending); logged in on AGENT_LOGIN', async () => {
    const h = setup();
    const ws = await h.connect(STATUS_LOGGED_OUT);
    const p = h.execute({ type: 'login', agent: AGENT, extension: '2003' });
    expect(ws.command('AGENTE_LOGAR')).to.deep.include({ agente: AGENT, atributos: { 'login-ramal': '2003' } });
    ws.answer('AGENTE_LOGAR');
    await p;
    expect(h.snap().agent).to.include({ phase: 'logged-out', detail: PIN_PENDING, extension: '2003' });
    ws.event('AGENT_LOGIN', { 'ramal-agente': '2003' });
    expect(h.snap().agent).to.include({ phase: 'ready', agentId: AGENT, extension: '2003' });
    h.clock.advance(600_000);
    expect(h.errors()).to.deep.equal([]);

    const out = h.execute({ type: 'logout' });
    expect(ws.command('AGENTE_DESLOGAR')['agente']).to.equal(AGENT);
    ws.answer('AGENTE_DESLOGAR');
    await out;
    ws.event('AGENT_LOGOFF');
    expect(h.snap().agent.phase).to.equal('logged-out');
  });

  it('login without extension uses config.extension; no extension at all → missing-data; another agent → bad-request', async () => {
    const h = setup();
    const ws = await h.connect(STATUS_LOGGED_OUT);
    const p = h.execute({ type: 'login', agent: '' });
    expect(ws.command('AGENTE_LOGAR')['atributos']).to.deep.equal({ 'login-ramal': '2001' });
    ws.answer('AGENTE_LOGAR');
    await p;
    expect((await rejection(h.execute({ type: 'login', agent: '1002', extension: '2002' })))).to.include({ code: 'bad-request', detail: 'agent' });
    const g = setup({ config: { extension: undefined } });
    await g.connect(STATUS_LOGGED_OUT);
    expect(await rejection(g.execute({ type: 'login', agent: AGENT }))).to.include({ code: 'missing-data', detail: 'extension' });
    expect(g.ws().names()).not.to.include('AGENTE_LOGAR');
    expect(g.errors().map((e) => e.code)).to.deep.equal(['missing-data']);
  });

  it('the PIN is never typed: the status is asked first, then a timeout error and the pending state is cleared; 1007 already logged in: rejected and re-read', async () => {
    const { h, ws } = await pinPending();
    h.clock.advance(5000);
    await flush();
    // AGENT_LOGIN is not promised by the seed: the adapter asks before it says the PIN was not typed.
    expect(h.errors()).to.deep.equal([]);
    expect(ws.names().filter((n) => n === 'STATUS_AGENTE')).to.have.length(2);
    await h.resync(STATUS_LOGGED_OUT);
    // A typed condition, no words of the adapter's on screen: the translated message; the sentence is in the log.
    expect(h.errors()[0]).to.deep.equal({ code: 'timeout', at: h.clock.now(), operation: 'pin', vendorCode: 'pin-timeout' });
    await Promise.all([loadLocale('pt-BR'), loadLocale('en')]);
    expect(errorMessage(h.errors()[0]!, 'pt-BR', 'catix')).to.contain('digite sua senha (PIN)');
    expect(errorMessage(h.errors()[0]!, 'en', 'catix')).to.contain('type your PIN');
    expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('the PIN was not typed on extension 2001'))).to.equal(true);
    expect(agentOf(h)).to.deep.equal(['logged-out', '']);

    const again = h.execute({ type: 'login', agent: AGENT, extension: '2001' });
    ws.fail('AGENTE_LOGAR', '1007', 'O agente já está logado no sistema!');
    expect(await rejection(again)).to.include({ code: 'command-failed', vendorCode: '1007', detail: 'O agente já está logado no sistema!' });
    await flush();
    expect(ws.names().filter((n) => n === 'STATUS_AGENTE')).to.have.length(3);
    ws.answer('STATUS_AGENTE', STATUS_AVAILABLE);
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES, 0);
    ws.answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS, 0);
    ws.answer('BUSCAR_FILAS', QUEUES, 0);
    await flush();
    expect(h.snap().agent.phase).to.equal('ready');
  });
});

describe('catix adapter: where the seed is silent (issue 9)', () => {
  it('an error answer to LOGAR_SINGLE_USER / LOGAR_MULTI_USER, whatever its erroCod, is a refused sign-in: closed, never a second login', async () => {
    const answers: Wire[] = [
      { tipo: 'ERRO', informacao: 'Erro não esperado.', erroCod: '9999' },
      { tipo: 'ERRO', informacao: 'Parâmetro inválido.', erroCod: '1001' },
      { tipo: 'ERRO', informacao: 'Licenças esgotadas', erroCod: 4711 },
      { tipo: 'NOTIFICACAO', informacao: 'Limite de conexões atingido', erroCod: '7' },
      { informacao: 'Sem permissão', erroCod: 'X1' },
      { tipo: 'ERRO', informacao: 'sem código' },
    ];
    for (const [i, wire] of answers.entries()) {
      const role = i % 2 === 0 ? 'agent' : 'supervisor';
      const h = setup({ options: { role } });
      h.adapter.start();
      h.ws().open();
      const login = role === 'agent' ? 'LOGAR_SINGLE_USER' : 'LOGAR_MULTI_USER';
      h.ws().line({ ...wire, messageId: h.ws().command(login)['messageId'] });
      await flush();
      const what = JSON.stringify(wire);
      expect(h.errors(), what).to.have.length(1);
      expect(h.errors()[0], what).to.include({ code: 'auth-failed', vendorCode: 'login-refused', operation: 'connect' });
      expect(h.errors()[0]!.detail, what).to.equal(wire['informacao']);
      expect(h.logs.some((l) => l.message.includes(`ERRO ${String(wire['erroCod'] ?? '(no erroCod)')}`)), what).to.equal(true);
      expect(h.connections(), what).to.deep.equal(['connecting', 'closed']);
      h.clock.advance(30 * 60_000);
      await flush();
      expect(h.sockets(), what).to.have.length(1);
      expect(h.ws().names().filter((n) => n === login), what).to.have.length(1);
      expect(h.errors(), what).to.have.length(1);
      expect(h.clock.pending, what).to.equal(0);
    }
  });

  it('a re-login refused for a reason other than the account (one connection per agent, connection limit: seed L16, L20) is an outage retried with backoff; 2000 still refuses', async () => {
    const h = setup();
    await h.connect();
    // The link dies on our side; the server still holds the old socket for this agent and refuses a second one.
    h.ws().drop(1006);
    h.clock.advance(1000);
    h.ws().open();
    h.ws().fail('LOGAR_SINGLE_USER', '9999', 'Agente 1001 já possui uma conexão ativa');
    await flush();
    const refusal = h.errors().at(-1)!;
    expect(refusal).to.include({ code: 'server-unavailable', vendorCode: '9999', operation: 'connect', detail: 'Agente 1001 já possui uma conexão ativa' });
    expect(h.snap().connection.status).to.equal('reconnecting');
    expect(h.sockets()).to.have.length(2);
    // Once the server let the old socket go, the retry signs in and reads the state again.
    h.clock.advance(2000);
    expect(h.sockets()).to.have.length(3);
    await h.connect();
    expect(h.snap().connection.status).to.equal('connected');
    expect(h.errors().filter((e) => e.code === 'auth-failed')).to.have.length(0);
    // The account itself refused on a re-login: closed, no retry loop.
    h.ws().drop(1006);
    h.clock.advance(1000);
    h.ws().open();
    h.ws().fail('LOGAR_SINGLE_USER', '2000', 'Usuário ou senha inválidos');
    await flush();
    expect(h.errors().at(-1)).to.include({ code: 'auth-failed', vendorCode: '2000' });
    expect(h.snap().connection.status).to.equal('closed');
    h.clock.advance(600_000);
    expect(h.sockets()).to.have.length(4);
  });

  it('a login answered OK that the server then does not honour (2002 before anything succeeded): refused, no login loop', async () => {
    const h = setup();
    await h.loggedIn();
    h.ws().fail('STATUS_AGENTE', '2002', 'Autenticação necessária.');
    await flush();
    expect(h.errors().map((e) => [e.code, e.vendorCode])).to.deep.equal([['auth-failed', 'login-refused']]);
    expect(h.snap().connection.status).to.equal('closed');
    h.clock.advance(30 * 60_000);
    expect(h.sockets()).to.have.length(1);
  });

  it('list attributes as arrays or as JSON text both fill the lists; a malformed one is a visible typed error and the known list stays', async () => {
    const h = setup();
    const ws = h.ws.bind(h);
    await h.loggedIn();
    ws().answer('BUSCAR_TIPOS_PAUSA', { pausas: JSON.stringify(PAUSE_TYPES.pausas) });
    ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', { ramal: JSON.stringify(TRANSFER_OPTIONS.ramal) });
    ws().answer('BUSCAR_FILAS', QUEUES);
    ws().answer('STATUS_AGENTE', STATUS_AVAILABLE);
    await flush();
    const known = h.snap();
    expect(known.pauseReasons).to.deep.equal([{ id: '1', name: 'Almoço' }, { id: '2', name: 'Outra tarefa', requiresNote: true }]);
    // 2001 is the agent's own extension (ramal_fisico): not a destination.
    expect(known.transferTargets.map((t) => t.name)).to.deep.equal(['2002']);
    expect(known.queues.map((q) => q.name)).to.deep.equal(['RECEPCAO']);
    expect(h.errors()).to.deep.equal([]);

    // Refresh: one list malformed, one not a list at all, one absent ("nothing to report").
    const r = h.execute({ type: 'refresh' });
    await flush();
    ws().answer('BUSCAR_TIPOS_PAUSA', { pausas: '[{"id":1,"nome":"Almo' });
    ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', { ramal: { 2: '2001' } });
    ws().answer('BUSCAR_FILAS', {});
    ws().answer('STATUS_AGENTE', STATUS_AVAILABLE);
    await r;
    expect(h.errors().map((e) => [e.code, e.vendorCode, e.operation])).to.deep.equal([
      ['malformed-frame', 'bad-list', 'pause-reasons'],
      ['malformed-frame', 'bad-list', 'transfer-targets'],
    ]);
    expect(h.errors().map((e) => e.detail)).to.deep.equal(['pausas', 'ramal']);
    expect(h.logs.some((l) => l.message.includes('pausas: text that is not JSON'))).to.equal(true);
    expect(h.snap().pauseReasons).to.deep.equal(known.pauseReasons);
    expect(h.snap().transferTargets).to.deep.equal(known.transferTargets);
    expect(h.snap().queues.map((q) => q.name)).to.deep.equal(['RECEPCAO']);
    // The known reasons still drive the pause (a note is still required for reason 2).
    expect(await rejection(h.execute({ type: 'pause', reasonId: '2' }))).to.include({ code: 'missing-data', vendorCode: 'note-required' });

    // An empty list is a real answer: it empties the list, with no error.
    const r2 = h.execute({ type: 'refresh' });
    await flush();
    ws().answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    ws().answer('BUSCAR_FILAS', { filas: '[]' });
    ws().answer('STATUS_AGENTE', STATUS_AVAILABLE);
    await r2;
    expect(h.snap().queues).to.deep.equal([]);
    expect(h.errors().map((e) => e.vendorCode)).to.deep.equal(['bad-list', 'bad-list', 'note-required']);
  });

  it('answers without messageId (as the public STATUS_AGENTE examples) are matched by their data, never left to time out', async () => {
    const h = setup();
    const ws = await h.loggedIn();
    const ok = (atributos?: Wire): void => ws.line({ tipo: 'NOTIFICACAO', informacao: 'OK', ...(atributos ? { atributos } : {}) });
    // The four resync queries answered out of order, none with its messageId.
    ok(QUEUES);
    ok({ ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' });
    ok({ pausas: JSON.stringify(PAUSE_TYPES.pausas) });
    ok(TRANSFER_OPTIONS);
    await flush();
    ok({ 'id-pausa': '1', pausa: 'Almoço', 'tempo-limite': '60 minutos', 'tempo-decorrido': '60', obs: '' });
    await flush();
    const snap = h.snap();
    expect(snap.agent.phase).to.equal('paused');
    expect(snap.agent.pause).to.include({ reasonId: '1', reasonName: 'Almoço', endsAt: h.clock.now() - 60_000 + 3_600_000 });
    expect(snap.pauseReasons).to.have.length(2);
    expect(snap.transferTargets.map((t) => t.name), 'the list, without the own extension 2001').to.deep.equal(['2002']);
    expect(snap.queues.map((q) => q.name)).to.deep.equal(['RECEPCAO']);
    // A command's bare OK goes to the oldest command that answers with no data.
    const ready = h.execute({ type: 'ready' });
    ok();
    await ready;
    // A query-shaped answer no pending query wants is not taken for a command's OK.
    const dial = h.execute({ type: 'dial', to: '2002' });
    ok({ filas: [] });
    h.clock.advance(10_000);
    expect(await rejection(dial)).to.include({ code: 'timeout', operation: 'dial' });
    expect(h.snap().queues.map((q) => q.name)).to.deep.equal(['RECEPCAO']);
    expect(h.errors().map((e) => e.code)).to.deep.equal(['timeout']);
  });

  it('side queries answered with nothing or an error never throw away the known agent state, call or pause', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('DIALING', { 'origem-tipo': 'AGENTE', 'numero-discado': '1733334444', rl: '61' });
    ws.event('ANSWER', { 'origem-tipo': 'AGENTE', 'numero-discado': '1733334444', rl: '61' });
    const before = h.snap();
    expect(before.calls.map((c) => [c.id, c.state])).to.deep.equal([['61', 'active']]);

    const refresh = async (status: (w: FakeRelay) => void, then?: (w: FakeRelay) => void): Promise<void> => {
      const r = h.execute({ type: 'refresh' });
      await flush();
      ws.answer('BUSCAR_TIPOS_PAUSA');
      ws.answer('BUSCAR_OPCOES_TRANSFERENCIA');
      ws.answer('BUSCAR_FILAS');
      status(ws);
      await flush();
      then?.(ws);
      await r;
      await flush();
    };
    // STATUS_AGENTE with nothing: no atributos, or atributos without a status.
    await refresh((w) => w.answer('STATUS_AGENTE'));
    await refresh((w) => w.answer('STATUS_AGENTE', { obs: '-', tempo: '-' }));
    expect(h.errors()).to.deep.equal([]);
    // An error-shaped answer (a NOTIFICACAO carrying an erroCod): shown, the state stays.
    await refresh((w) => w.line({ tipo: 'NOTIFICACAO', informacao: 'Erro não esperado.', erroCod: '9999', messageId: w.command('STATUS_AGENTE')['messageId'] }));
    expect(h.errors().map((e) => [e.code, e.vendorCode, e.operation])).to.deep.equal([['command-failed', '9999', 'status']]);
    // A status text nobody documented says nothing about the call.
    await refresh((w) => w.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Em espera' }));
    expect(h.snap().calls.filter((c) => c.state !== 'ended').map((c) => [c.id, c.state])).to.deep.equal([['61', 'active']]);
    expect(h.snap().agent.detail).to.equal('Em espera');
    // The lists, answered with nothing, are kept.
    expect(h.snap().pauseReasons).to.deep.equal(before.pauseReasons);
    expect(h.snap().transferTargets).to.deep.equal(before.transferTargets);
    ws.event('HANGUP', { rl: '61' });
    expect(h.snap().calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);

    // Paused with a known reason; INFORMACAO_PAUSA then answers nothing, or fails: the pause stays.
    ws.event('AGENT_PAUSED', { idPausa: 2, pausa: 'Outra tarefa', obs: 'x' });
    const pause = h.snap().agent.pause;
    expect(pause).to.include({ reasonId: '2', reasonName: 'Outra tarefa' });
    for (const info of [(w: FakeRelay) => w.answer('INFORMACAO_PAUSA'), (w: FakeRelay) => w.fail('INFORMACAO_PAUSA', '1008')]) {
      await refresh((w) => w.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Pausado', obs: '-' }), info);
      expect(h.snap().agent.phase).to.equal('paused');
      expect(h.snap().agent.pause).to.deep.equal(pause);
    }
  });

  it('a command accepted with no event after it: the status is read after eventWaitMs (never a false failure); an event in time needs none', async () => {
    const h = setup({ options: { eventWaitMs: 3000 } });
    const ws = await h.connect();
    const statusQueries = (): number => ws.names().filter((n) => n === 'STATUS_AGENTE').length;
    // PAUSAR accepted, and AGENT_PAUSED arrives: nothing more is asked.
    const pause = h.execute({ type: 'pause', reasonId: '1' });
    ws.answer('PAUSAR');
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço' });
    await pause;
    h.clock.advance(10_000);
    await flush();
    expect(statusQueries()).to.equal(1);
    // DESPAUSAR accepted, no AGENT_UNPAUSED: after 3 s the status is read, and it decides.
    const ready = h.execute({ type: 'ready' });
    ws.answer('PAUSAR');
    await ready;
    h.clock.advance(2999);
    await flush();
    expect(statusQueries()).to.equal(1);
    h.clock.advance(1);
    await flush();
    expect(statusQueries()).to.equal(2);
    await h.resync(STATUS_AVAILABLE);
    expect(agentOf(h)).to.deep.equal(['ready', 'Disponível']);
    expect(h.errors()).to.deep.equal([]);
    // An event before the answer's continuation counts too (the server writes the answer, then the event).
    const dial = h.execute({ type: 'dial', to: '2002' });
    ws.text(`${JSON.stringify({ tipo: 'NOTIFICACAO', informacao: 'OK', messageId: ws.command('DISCAR')['messageId'] })}\n${JSON.stringify({ tipo: 'EVENT', agente: AGENT, informacao: 'DIALING', atributos: { 'origem-tipo': 'AGENTE', 'numero-discado': '2002', rl: '71' } })}\n`);
    await dial;
    h.clock.advance(10_000);
    await flush();
    expect(statusQueries()).to.equal(2);
    expect(h.snap().calls[0]).to.include({ id: '71', state: 'dialing' });
  });

  it('the PIN still asked for across a reconnect or a refresh: a status "logged out" keeps the prompt until AGENT_LOGIN or pinTimeoutMs', async () => {
    const { h, ws } = await pinPending();
    ws.drop(1000, 'Target closed');
    h.clock.advance(1000);
    await h.connect(STATUS_LOGGED_OUT);
    expect(h.snap().connection.status).to.equal('connected');
    expect(agentOf(h)).to.deep.equal(['logged-out', PIN_PENDING]);
    // Strict: 1004 for a logged-out agent's status, on a refresh.
    const refresh = h.execute({ type: 'refresh' });
    await flush();
    h.ws().answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    h.ws().answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    h.ws().answer('BUSCAR_FILAS', QUEUES);
    h.ws().fail('STATUS_AGENTE', '1004', 'Agente não encontrado no sistema');
    await refresh;
    expect(agentOf(h)).to.deep.equal(['logged-out', PIN_PENDING]);
    h.ws().event('AGENT_LOGIN', { 'ramal-agente': '2001' });
    expect(h.snap().agent.phase).to.equal('ready');
    h.clock.advance(600_000);
    await flush();
    expect(h.errors().map((e) => e.code)).to.deep.equal(['connection-lost']);
  });

  it('the PIN: AGENT_LOGIN never came but the status says the agent is in → ready, no false "PIN not typed"', async () => {
    const { h } = await pinPending();
    expect(agentOf(h)).to.deep.equal(['logged-out', PIN_PENDING]);
    h.clock.advance(5000);
    await flush();
    await h.resync(STATUS_AVAILABLE);
    expect(agentOf(h)).to.deep.equal(['ready', 'Disponível']);
    expect(h.errors()).to.deep.equal([]);
  });

  it('outages say what failed: connection lost, then the relay cannot reach Catix (once), then the relay itself — distinct messages', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.drop(1006);
    await flush();
    h.clock.advance(1000);
    h.ws().open();
    h.ws().drop(1011, 'Failed to connect to downstream server');
    await flush();
    h.clock.advance(2000);
    h.ws().open();
    h.ws().drop(1011);
    await flush();
    h.clock.advance(4000);
    h.ws().refuse();
    await flush();
    expect(h.errors().map((e) => e.code)).to.deep.equal(['connection-lost', 'vendor-unreachable', 'relay-unavailable']);
    for (const locale of ['pt-BR', 'en', 'es']) {
      const texts = h.errors().map((e) => errorMessage(e, locale, 'catix'));
      expect(new Set(texts).size, locale).to.equal(3);
    }
    expect(h.snap().connection.status).to.equal('reconnecting');
  });
});

describe('catix adapter: pause and ready', () => {
  it('pause with a reason that needs no note; AGENT_PAUSED → paused; ready → PAUSAR DESPAUSAR; AGENT_UNPAUSED → ready', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'pause', reasonId: '1' });
    expect(ws.command('PAUSAR')).to.deep.include({ agente: AGENT, atributos: { 'pausa-id': '1', 'pausa-obs': '', 'pausa-acao': 'PAUSAR' } });
    ws.answer('PAUSAR');
    await p;
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço', descricao: 'Horário de almoço', obs: '' });
    expect(h.snap().agent).to.deep.include({ phase: 'paused', pause: { reasonId: '1', reasonName: 'Almoço', trigger: 'manual' } });
    const r = h.execute({ type: 'ready' });
    expect(ws.command('PAUSAR')['atributos']).to.deep.equal({ 'pausa-acao': 'DESPAUSAR', 'pausa-id': '1' });
    ws.answer('PAUSAR');
    await r;
    ws.event('AGENT_UNPAUSED', { idPausa: 1, pausa: 'Almoço', descricao: 'Horário de almoço' });
    expect(agentOf(h)).to.deep.equal(['ready', 'Disponível']);
  });

  it('a reason that requires a note: without one → missing-data before anything is sent; with one → sent trimmed', async () => {
    const h = setup();
    const ws = await h.connect();
    const sent = ws.sent.length;
    const error = await rejection(h.execute({ type: 'pause', reasonId: '2', note: '   ' }));
    expect(error).to.include({ code: 'missing-data', vendorCode: 'note-required', operation: 'pause', detail: 'note' });
    expect(h.logs.some((l) => l.message.includes('pause refused (note): the pause'))).to.equal(true);
    expect(ws.sent.length).to.equal(sent);
    expect(h.errors().map((e) => e.code)).to.deep.equal(['missing-data']);
    const p = h.execute({ type: 'pause', reasonId: '2', note: '  Reunião  ' });
    expect(ws.command('PAUSAR')['atributos']).to.deep.equal({ 'pausa-id': '2', 'pausa-obs': 'Reunião', 'pausa-acao': 'PAUSAR' });
    ws.answer('PAUSAR');
    await p;
    expect(await rejection(h.execute({ type: 'pause', reasonId: '42' }))).to.include({ code: 'bad-request', detail: 'reasonId' });
    expect(await rejection(h.execute({ type: 'pause', reasonId: ' ' }))).to.include({ code: 'missing-data', detail: 'reasonId' });
  });

  it('server refusals reach the caller typed (vendorCode = erroCod, detail = informacao); unpauseAction is configurable', async () => {
    const h = setup({ options: { unpauseAction: 'DESPAUSA' } });
    const ws = await h.connect();
    const p = h.execute({ type: 'pause', reasonId: '1' });
    ws.fail('PAUSAR', '1004', 'Agente 1001 não está logado.');
    expect(await rejection(p)).to.deep.equal({
      code: 'command-failed', at: h.clock.now(), operation: 'pause', vendorCode: '1004', detail: 'Agente 1001 não está logado.',
    });
    expect(h.snap().lastError).to.include({ vendorCode: '1004' });
    const r = h.execute({ type: 'ready' });
    expect(ws.command('PAUSAR')['atributos']).to.deep.equal({ 'pausa-acao': 'DESPAUSA' });
    ws.answer('PAUSAR');
    await r;
  });

  it('the automatic post-call pause ("Pós Atendimento") is after-call, left with ready', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('DIALING', { 'numero-discado': '2002', rl: '10' });
    ws.event('ANSWER', { 'numero-discado': '2002', rl: '10' });
    ws.event('HANGUP', { 'numero-discado': '2002', rl: '10' });
    ws.event('AGENT_COMPLETE');
    ws.event('AGENT_PAUSED', { idPausa: '0', pausa: 'Pós Atendimento', descricao: 'Pausa automática para pós atendimento.' });
    expect(agentOf(h)).to.deep.equal(['after-call', 'Pós Atendimento']);
    ws.event('AGENT_UNPAUSED', { idPausa: '0', pausa: 'Pós Atendimento' });
    expect(h.snap().agent.phase).to.equal('ready');
  });
});

describe('catix adapter: calls', () => {
  it('dial (formatting stripped) → DISCAR; DIALING → dialing; ANSWER → active; hangup → DESLIGAR_CHAMADA; HANGUP → ended', async () => {
    const h = setup();
    const ws = await h.connect();
    const p = h.execute({ type: 'dial', to: '0 (17) 3333-4444' });
    expect(ws.command('DISCAR')).to.deep.include({ agente: AGENT, numeroDiscado: '01733334444' });
    ws.answer('DISCAR');
    await p;
    ws.event('DIALING', { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01733334444', rl: '5084', 'linked-rl': '5084' });
    const dialing = h.snap().calls[0]!;
    expect(dialing).to.include({ id: '5084', state: 'dialing', direction: 'outbound' });
    expect(dialing.remote).to.deep.equal([{ number: '01733334444' }]);
    expect(dialing.actions).to.include({ answer: false, hangup: true, transfer: false, hold: false });
    expect(h.snap().agent.phase).to.equal('busy');
    ws.event('ANSWER', { 'origem-tipo': 'AGENTE', 'numero-discado': '01733334444', rl: '5084', 'linked-rl': '5084' });
    expect(h.snap().calls[0]).to.include({ state: 'active' });
    expect(h.snap().calls[0]!.actions.transfer).to.equal(true);
    const hang = h.execute({ type: 'hangup', callId: '5084' });
    expect(ws.command('DESLIGAR_CHAMADA')['agente']).to.equal(AGENT);
    ws.answer('DESLIGAR_CHAMADA');
    await hang;
    ws.event('HANGUP', { 'numero-discado': '01733334444', rl: '5084' });
    ws.event('AGENT_COMPLETE');
    expect(h.snap().calls[0]!.state).to.equal('ended');
    expect(h.snap().agent.phase).to.equal('ready');
    // A late ANSWER for the ended call does not bring it back.
    ws.event('ANSWER', { rl: '5084' });
    expect(h.snap().calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);
  });

  it('dial: a number that is not one → bad-request, nothing sent; redial → REDISCAR; 1005 → typed', async () => {
    const h = setup();
    const ws = await h.connect();
    const before = ws.names().length;
    expect(await rejection(h.execute({ type: 'dial', to: 'call mom' }))).to.include({ code: 'bad-request', detail: 'to' });
    expect(h.logs.some((l) => l.message.includes('dial refused (to): a number to dial'))).to.equal(true);
    expect(ws.names().length).to.equal(before);
    const p = h.execute({ type: 'redial' });
    expect(ws.command('REDISCAR')['agente']).to.equal(AGENT);
    ws.fail('REDISCAR', '1005', 'Não há último número discado para o agente. Comando (REDISCAR).');
    expect(await rejection(p)).to.include({ code: 'command-failed', vendorCode: '1005', operation: 'redial' });
  });

  it('transfer to a listed target (destino Ramal + idDestino) or a typed extension (numeroDiscado); no call → invalid-state', async () => {
    const h = setup();
    const ws = await h.connect();
    expect(await rejection(h.execute({ type: 'transfer', callId: 'x', to: '3', toTarget: true }))).to.include({ code: 'invalid-state', detail: 'callId' });
    ws.event('ANSWER', { 'origem-tipo': 'FILA', 'origem-nome': 'RECEPCAO', 'numero-discado': '1733335555', rl: '900' });
    const t = h.execute({ type: 'transfer', callId: '900', to: '3', toTarget: true });
    const sent = ws.command('TRANSFERIR');
    expect(sent).to.deep.include({ agente: AGENT, destino: 'Ramal', idDestino: '3' });
    expect(sent).not.to.have.property('numeroDiscado');
    ws.answer('TRANSFERIR');
    await t;
    const n = h.execute({ type: 'transfer', callId: '900', to: ' 2003 ' });
    expect(ws.command('TRANSFERIR')).to.deep.include({ numeroDiscado: '2003' });
    expect(ws.command('TRANSFERIR')).not.to.have.property('destino');
    ws.fail('TRANSFERIR', '1006', 'Não foi encontrado ramal para o número digitado na transferencia.');
    expect(await rejection(n)).to.include({ vendorCode: '1006' });
    expect(await rejection(h.execute({ type: 'transfer', callId: '900', to: 'abc' }))).to.include({ code: 'bad-request', detail: 'to' });
  });

  it('a queue call appears answered (ANSWER without DIALING, origem-tipo FILA): inbound, the queue as service', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('ANSWER', { 'origem-tipo': 'FILA', 'origem-nome': 'RECEPCAO', 'numero-discado': '1733335555', rl: '900', 'linked-rl': '900' });
    const call = h.snap().calls[0]!;
    expect(call).to.include({ id: '900', state: 'active', direction: 'inbound', service: 'RECEPCAO' });
    expect(call.answeredAt).to.equal(h.clock.now());
    ws.event('HANGUP', { rl: '900' });
    // No origem-tipo at all (the documents give these fields only for agent calls): still a received call.
    ws.event('ANSWER', { 'origem-nome': 'COBRANCA', 'numero-discado': '1733336666', rl: '901' });
    expect(h.snap().calls.find((c) => c.id === '901')).to.include({ direction: 'inbound', service: 'COBRANCA' });
    ws.event('HANGUP', { rl: '901' });
    // A call the agent dialed stays outbound when its ANSWER comes without origem-tipo.
    ws.event('DIALING', { 'origem-tipo': 'AGENTE', 'numero-discado': '2002', rl: '902' });
    ws.event('ANSWER', { 'numero-discado': '2002', rl: '902' });
    expect(h.snap().calls.find((c) => c.id === '902')).to.include({ direction: 'outbound', state: 'active' });
  });

  it('a dialer call carries the contact data; a second call replaces a stale one; AGENT_COMPLETE closes a call left open', async () => {
    const h = setup();
    const ws = await h.connect();
    ws.event('AGENT_RECEIVED_DIALER_CALL', {
      'contato-id': '387076', 'contato-cpfcnpj': '2994', 'contato-contrato': '123456', 'numero-contato-id': '235041',
      'numero-contato': '1712345678', 'campanha-id': '18', rl: '5143', 'linked-rl': '5141',
    });
    const call = h.snap().calls[0]!;
    expect(call).to.include({ id: '5143', state: 'active', direction: 'outbound', service: '18', detail: 'dialer' });
    expect(call.remote).to.deep.equal([{ number: '1712345678' }]);
    expect(call.data).to.deep.equal({
      'contato-id': '387076', 'contato-cpfcnpj': '2994', 'contato-contrato': '123456', 'numero-contato-id': '235041',
      'numero-contato': '1712345678', 'campanha-id': '18', 'linked-rl': '5141',
    });
    ws.event('DIALING', { 'numero-discado': '2002', rl: '6000' });
    expect(h.snap().calls.map((c) => [c.id, c.state])).to.deep.equal([['5143', 'ended'], ['6000', 'dialing']]);
    ws.event('AGENT_COMPLETE');
    expect(h.snap().calls.find((c) => c.id === '6000')!.state).to.equal('ended');
    ws.event('HANGUP', {});
    expect(h.errors()[0]).to.include({ code: 'malformed-frame' });
  });

  it('a late AGENT_COMPLETE naming the previous call (rl) leaves the next call open (events unordered, seed L73); naming the open call ends it', async () => {
    const h = setup();
    const ws = await h.connect();
    const agentCall = { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01733334444', rl: '5000', 'linked-rl': '5000' };
    ws.event('DIALING', agentCall);
    ws.event('ANSWER', agentCall);
    ws.event('HANGUP', agentCall);
    // The dialer puts the next contact through before the server's AGENT_COMPLETE of the first call is written.
    ws.event('AGENT_RECEIVED_DIALER_CALL', { 'numero-contato': '1712345678', 'campanha-id': '18', rl: '5001', 'linked-rl': '5001' });
    ws.event('AGENT_COMPLETE', { rl: '5000' });
    expect(h.snap().calls.map((c) => [c.id, c.state])).to.deep.equal([['5000', 'ended'], ['5001', 'active']]);
    expect(h.snap().agent.phase).to.equal('busy');
    ws.event('AGENT_COMPLETE', { rl: '5001' });
    expect(h.snap().calls.find((c) => c.id === '5001')!.state).to.equal('ended');
    expect(h.errors()).to.have.length(0);
  });

  it('scheduled calls: SCHEDULED_CALL_COMMING (EVENTO) → notice with dueAt; another agent’s is ignored; SCHEDULED_CALL_ANSWER → a call with its data, the notice dismissed', async () => {
    const h = setup();
    const ws = await h.connect();
    const scheduled = { 'agendamento-id': '15', 'agendamento-data-hora': '08/04/2030 19:13:22', 'agendamento-destino-tipo': 'Agente', 'agendamento-destino-tipo-id': AGENT };
    ws.line({ tipo: 'EVENTO', informacao: 'SCHEDULED_CALL_COMMING', atributos: scheduled, messageId: '1' });
    ws.line({ tipo: 'EVENT', informacao: 'SCHEDULED_CALL_COMING', atributos: { ...scheduled, 'agendamento-id': '16', 'agendamento-destino-tipo-id': '1002' } });
    const notices = h.snap().notices;
    expect(notices.map((n) => [n.id, n.kind, n.dueAt])).to.deep.equal([['scheduled-15', 'scheduled-call', new Date(2030, 3, 8, 19, 13, 22).getTime()]]);
    expect(notices[0]!.data).to.deep.equal(scheduled);
    ws.line({
      tipo: 'EVENTO', informacao: 'SCHEDULED_CALL_ANSWER', messageId: '1',
      atributos: { 'agendamento-id': '15', 'contato-id': '15', 'numero-contato': '17991234798', rl: '12345', 'linked-rl': '12345' },
    });
    const call = h.snap().calls[0]!;
    expect(call).to.include({ id: '12345', state: 'active', detail: 'scheduled' });
    expect(call.data).to.deep.equal({ 'agendamento-id': '15', 'contato-id': '15', 'numero-contato': '17991234798', 'linked-rl': '12345' });
    expect(h.snap().notices).to.deep.equal([]);
  });

  it('requests time out; commands Catix lacks are unsupported; dismiss-notice needs nothing from the server', async () => {
    const h = setup({ options: { requestTimeoutMs: 3000 } });
    const ws = await h.connect();
    const p = h.execute({ type: 'redial' });
    h.clock.advance(3000);
    expect(await rejection(p)).to.include({ code: 'timeout', operation: 'redial', detail: 'no-answer' });
    for (const command of [{ type: 'answer', callId: '1' }, { type: 'hold', callId: '1' }, { type: 'dtmf', callId: '1', digits: '1' }] as Command[]) {
      expect(await rejection(h.execute(command))).to.include({ code: 'unsupported', detail: command.type });
    }
    const sent = ws.names().length;
    await h.execute({ type: 'dismiss-notice', id: 'scheduled-1' });
    expect(ws.names().length).to.equal(sent);
    // A late answer to the timed-out command is ignored.
    ws.answer('REDISCAR');
    expect(h.snap().connection.status).to.equal('connected');
  });

  it('refresh re-reads the status; close sends SAIR, closes the relay and emits nothing more', async () => {
    const h = setup();
    const ws = await h.connect();
    const r = h.execute({ type: 'refresh' });
    await flush();
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' });
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_OPCOES_TRANSFERENCIA', TRANSFER_OPTIONS);
    ws.answer('BUSCAR_FILAS', QUEUES);
    await flush();
    ws.answer('INFORMACAO_PAUSA', { 'id-pausa': '1', pausa: 'Almoço', 'tempo-limite': '0 minutos', 'tempo-decorrido': '5' });
    await r;
    expect(h.snap().agent.pause).to.deep.equal({ reasonId: '1', reasonName: 'Almoço', trigger: 'manual' });
    const count = h.events.length;
    await h.adapter.close();
    expect(ws.names()[ws.names().length - 1]).to.equal('SAIR');
    expect(ws.closedBy).to.not.equal(undefined);
    ws.event('AGENT_LOGOFF');
    expect(types(h.events.slice(count))).to.deep.equal(['connection']);
    expect(h.snap().connection.status).to.equal('closed');
    expect(h.clock.pending).to.equal(0);
  });
});

/* ------------------------------------------------------------ supervisor */

describe('catix adapter: supervisor (multi-user)', () => {
  it('LOGAR_MULTI_USER, STATUS_AGENTE for the listed agents → team; every agent’s events update it; never acts as an agent', async () => {
    const h = setup({ config: { agent: 'sup-1' }, options: { role: 'supervisor', agents: '1001,1002' } });
    h.adapter.start();
    const ws = h.ws();
    ws.open();
    expect(ws.command('LOGAR_MULTI_USER')).to.deep.equal({ tipo: 'ACAO', comando: 'LOGAR_MULTI_USER', atributos: { usuario: USER, senha: PASSWORD }, messageId: '1' });
    ws.answer('LOGAR_MULTI_USER');
    await flush();
    expect(ws.commands().filter((c) => c['comando'] === 'STATUS_AGENTE').map((c) => c['agente'])).to.deep.equal(['1001', '1002']);
    expect(ws.names()).not.to.include('BUSCAR_OPCOES_TRANSFERENCIA');
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_FILAS', QUEUES);
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Em ligação', tempo: '00:02:00', numero_discado: '1733334444', obs: '<b>Tipo Ligação:</b><i> Entrante</i>' }, 1);
    ws.answer('STATUS_AGENTE', { ...STATUS_LOGGED_OUT, idAgente: '1002', nome: 'Agente 1002' }, 0);
    await flush();
    expect(agentOf(h)).to.deep.equal(['logged-out', SUPERVISOR]);
    const team = h.snap().team;
    expect(team.map((m) => [m.agentId, m.phase, m.detail, m.name])).to.deep.equal([
      ['1001', 'busy', 'Em ligação', 'Agente 1001'],
      ['1002', 'logged-out', 'Deslogado', 'Agente 1002'],
    ]);
    expect(team[0]!.since).to.equal(h.clock.now() - 120_000);
    expect(team[0]!.call).to.include({ direction: 'inbound', number: '1733334444' });

    ws.event('HANGUP', { rl: '777' }, '1001');
    expect(h.snap().team[0]).to.include({ phase: 'ready' });
    expect(h.snap().team[0]!.call).to.equal(undefined);
    ws.event('AGENT_LOGIN', { 'ramal-agente': '2002' }, '1002');
    ws.event('DIALING', { 'origem-tipo': 'AGENTE', 'origem-nome': 'Maria', 'numero-discado': '2003', rl: '5' }, '1002');
    let m2 = h.snap().team.find((m) => m.agentId === '1002')!;
    expect(m2).to.include({ phase: 'busy', detail: 'Discando', name: 'Maria', extension: '2002' });
    expect(m2.call).to.include({ id: '5', direction: 'outbound', number: '2003' });
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço' }, '1003');
    ws.event('AGENT_COMPLETE', undefined, '1002');
    m2 = h.snap().team.find((m) => m.agentId === '1002')!;
    expect(m2).to.include({ phase: 'ready' });
    expect(h.snap().team.find((m) => m.agentId === '1003')).to.include({ phase: 'paused', detail: 'Almoço' });
    ws.event('AGENT_PAUSED', { idPausa: '0', pausa: 'Pós Atendimento' }, '1002');
    expect(h.snap().team.find((m) => m.agentId === '1002')).to.include({ phase: 'after-call' });
    ws.event('AGENT_LOGOFF', undefined, '1003');
    expect(h.snap().team.find((m) => m.agentId === '1003')).to.include({ phase: 'logged-out' });
    // The supervisor's own agent state is untouched by the feed.
    expect(agentOf(h)).to.deep.equal(['logged-out', SUPERVISOR]);

    for (const command of [{ type: 'login', agent: '1001' }, { type: 'dial', to: '2002' }, { type: 'pause', reasonId: '1' }, { type: 'ready' }] as Command[]) {
      expect(await rejection(h.execute(command)), command.type).to.include({ code: 'unsupported', detail: 'role' });
    }
  });

  it('STATUS_AGENTE 1004 is a logged-out member; a status that fails or says nothing on refresh keeps that member as known', async () => {
    const h = setup({ config: { agent: 'sup-1' }, options: { role: 'supervisor', agents: '1001,1002' } });
    const ws = await h.loggedIn();
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_FILAS', QUEUES);
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, status: 'Pausado', obs: 'Motivo: Almoço' }, 1);
    ws.line({ tipo: 'NOTIFICACAO', informacao: 'Agente não encontrado no sistema', erroCod: '1004', messageId: ws.command('STATUS_AGENTE')['messageId'] });
    await flush();
    expect(h.snap().team.map((m) => [m.agentId, m.phase])).to.deep.equal([['1001', 'paused'], ['1002', 'logged-out']]);
    expect(h.errors()).to.deep.equal([]);

    const r = h.execute({ type: 'refresh' });
    await flush();
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_FILAS', QUEUES);
    ws.fail('STATUS_AGENTE', '9999', 'Erro não esperado.');
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, idAgente: '1001' }, 1);
    await r;
    await flush();
    expect(h.snap().team.map((m) => [m.agentId, m.phase])).to.deep.equal([['1001', 'ready'], ['1002', 'logged-out']]);
    const r2 = h.execute({ type: 'refresh' });
    await flush();
    ws.answer('BUSCAR_TIPOS_PAUSA', PAUSE_TYPES);
    ws.answer('BUSCAR_FILAS', QUEUES);
    ws.answer('STATUS_AGENTE', undefined, 1);
    ws.answer('STATUS_AGENTE', undefined, 0);
    await r2;
    await flush();
    expect(h.snap().team.map((m) => [m.agentId, m.phase])).to.deep.equal([['1001', 'ready'], ['1002', 'logged-out']]);
  });

  it('a team that logs in while the first resync is in flight is read whole, not stuck at the events held', async () => {
    const h = setup({ config: { agent: 'sup-1' }, options: { role: 'supervisor', agents: '1001' } });
    const ws = await h.loggedIn();
    const team = Array.from({ length: 260 }, (_, i) => String(5000 + i));
    for (const id of team) ws.event('AGENT_LOGIN', { 'ramal-agente': id }, id);
    await h.resync();
    ws.answer('STATUS_AGENTE', { ...STATUS_AVAILABLE, idAgente: '1001' });
    await flush();
    // More events came than are held: the members they were about are read (their status is authoritative).
    const asked = ws.commands().filter((c) => c['comando'] === 'STATUS_AGENTE').slice(1);
    expect(asked.length).to.be.greaterThan(0);
    for (const c of asked) ws.line({ tipo: 'NOTIFICACAO', informacao: 'OK', messageId: c['messageId'], atributos: { ...STATUS_AVAILABLE, idAgente: c['agente'], status: 'Pausado' } });
    await flush();
    const members = h.snap().team;
    expect(members.length).to.equal(261);
    expect(members.filter((m) => m.phase === 'ready').length + members.filter((m) => m.phase === 'paused').length).to.equal(261);
    expect(members.filter((m) => m.phase === 'paused').map((m) => m.agentId)).to.deep.equal(asked.map((c) => c['agente']));
    expect(h.errors()).to.deep.equal([]);
  });

  it('a dialer call and a queue call in the feed; a pause during a call is kept for after it', async () => {
    const h = setup({ options: { role: 'supervisor' } });
    await h.connect();
    const ws = h.ws();
    expect(h.snap().team).to.deep.equal([]);
    ws.event('AGENT_RECEIVED_DIALER_CALL', { 'numero-contato': '1712345678', 'campanha-id': '18', rl: '9' }, '1001');
    expect(h.snap().team[0]!.call).to.include({ id: '9', direction: 'outbound', number: '1712345678', service: '18' });
    ws.event('AGENT_PAUSED', { idPausa: 1, pausa: 'Almoço' }, '1001');
    expect(h.snap().team[0]).to.include({ phase: 'busy' });
    ws.event('HANGUP', { rl: '9' }, '1001');
    expect(h.snap().team[0]).to.include({ phase: 'paused', detail: 'Almoço' });
    ws.event('ANSWER', { 'origem-tipo': 'FILA', 'origem-nome': 'RECEPCAO', 'numero-discado': '1733335555', rl: '10' }, '1002');
    expect(h.snap().team[1]!.call).to.include({ direction: 'inbound', service: 'RECEPCAO' });
    ws.line({ tipo: 'EVENTO', informacao: 'SCHEDULED_CALL_COMMING', atributos: { 'agendamento-id': '1' } });
    expect(h.snap().notices).to.deep.equal([]);
  });
});

/* ------------------------------------------------------------------ fuzz */

describe('catix adapter: any server, never an uncaught exception', () => {
  /** Values a careless server could put anywhere. */
  const JUNK: unknown[] = [null, 0, -1, 1e308, '', 'x', '-', '[]', '[{"id":1,"nome":"A"}]', '{"filas":"[]"}', '[1,', {}, [], [1, {}], true, '<b>x</b>', '99:99:99', '12/13/2030 25:61'];
  const TIPOS = ['NOTIFICACAO', 'ERRO', 'EVENT', 'EVENTO', 'KEEP_ALIVE', undefined, 'X'];

  for (const role of ['agent', 'supervisor'] as const) {
    it(`${role}: 1500 documented messages with mutated fields, ids and kinds, commands and clock jumps in between`, async () => {
      const documented = (await (await fetch(new URL('./fixtures/documented.jsonl', import.meta.url))).text())
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Wire);
      const escaped: unknown[] = [];
      const onError = (e: ErrorEvent): void => void escaped.push(e.error ?? e.message);
      const onRejection = (e: PromiseRejectionEvent): void => void escaped.push(e.reason);
      window.addEventListener('error', onError);
      window.addEventListener('unhandledrejection', onRejection);
      try {
        const rand = prng(role === 'agent' ? 2026 : 909);
        const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
        const h = setup({ options: { role, agents: '1001,1002', eventWaitMs: 2000, pinTimeoutMs: 3000 } });
        await h.connect();
        for (let round = 0; round < 1500; round++) {
          const ws = h.ws();
          if (ws.readyState === 1) {
            const m: Wire = structuredClone(pick(documented));
            const atributos = (typeof m['atributos'] === 'object' && m['atributos'] !== null ? m['atributos'] : {}) as Wire;
            for (const key of Object.keys(atributos)) if (rand() < 0.2) atributos[key] = pick(JUNK);
            if (rand() < 0.1) m['atributos'] = pick(JUNK);
            if (rand() < 0.1) m['tipo'] = pick(TIPOS);
            if (rand() < 0.3) m['agente'] = pick([AGENT, '1002', 12, null]);
            if (rand() < 0.1) m['erroCod'] = pick(['9999', 2002, '', '1004']);
            const open = ws.commands().filter((c) => c['messageId'] !== undefined).map((c) => c['messageId']);
            if (rand() < 0.6 && open.length) m['messageId'] = pick(open.slice(-8));
            else if (rand() < 0.5) delete m['messageId'];
            ws.line(rand() < 0.02 ? JSON.stringify(m).slice(0, 20) : m);
          } else if (ws.readyState === 0) {
            ws.open();
            ws.answer(role === 'supervisor' ? 'LOGAR_MULTI_USER' : 'LOGAR_SINGLE_USER');
          }
          const r = rand();
          if (r < 0.05) {
            const call = h.snap().calls.find((c) => c.state !== 'ended');
            const commands: Command[] = [
              { type: 'refresh' }, { type: 'ready' }, { type: 'pause', reasonId: '1' }, { type: 'dial', to: '2002' },
              { type: 'redial' }, { type: 'login', agent: AGENT, extension: '2001' }, { type: 'logout' },
              { type: 'hangup', callId: call?.id ?? 'x' }, { type: 'transfer', callId: call?.id ?? 'x', to: '2', toTarget: true },
            ];
            h.execute(pick(commands)).catch(() => undefined);
          } else if (r < 0.1) {
            h.clock.advance(Math.floor(rand() * 12_000));
          } else if (r < 0.11 && ws.readyState === 1) {
            ws.drop(pick([1006, 1011, 1000]));
          }
          if (round % 50 === 0) await flush();
        }
        await flush();
        h.clock.advance(120_000);
        await flush();
        expect(escaped, String(escaped[0])).to.deep.equal([]);
        expect(h.snap().connection.status).to.be.oneOf(['connecting', 'connected', 'reconnecting', 'closed']);
      } finally {
        window.removeEventListener('error', onError);
        window.removeEventListener('unhandledrejection', onRejection);
      }
    });
  }
});
