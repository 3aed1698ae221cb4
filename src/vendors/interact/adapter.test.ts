/**
 * The Interact adapter against a fake transport: scripted `fetch`, a fake `EventSource` the test drives,
 * and a `ManualClock`. No network.
 */
import { expect } from '@open-wc/testing';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import { ManualClock } from '../../domain/clock.js';
import { createSessionStore } from '../../domain/session-store.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError, LogLevel } from '../../domain/model.js';
import type { AdapterDeps, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import { createInteractAdapter } from './adapter.js';

const SERVER = 'http://cti.test:8582/interact_cti/v1.0';
const PASSWORD = 's3cret-P@ss';

/* ------------------------------------------------------------------ fakes */

class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  /** Headers received. */
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  emit(name: string, data: string): void {
    this.dispatchEvent(new MessageEvent(name, { data }));
  }
  fail(readyState = 2): void {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }
  get resource(): string {
    return new URL(this.url).pathname.includes('/supervisor/') ? 'supervisor' : 'agent';
  }
  get channelId(): number {
    return Number(new URL(this.url).searchParams.get('channel_id'));
  }
}

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: string;
}

type Reply = { status?: number; body?: unknown } | undefined;
type Script = (req: Seen) => Reply | Promise<Reply>;

function ok(command: string, extra: Record<string, unknown> = {}): Reply {
  return { body: { response: { command, status: 'ok', ...extra } } };
}

function makeFetch(script: Script) {
  const seen: Seen[] = [];
  let subId = 10;
  const fetchFake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const u = new URL(url);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const req: Seen = {
      method: init?.method ?? 'GET',
      url,
      path: u.pathname.replace('/interact_cti/v1.0/', ''),
      query: u.searchParams,
      contentType: headers['Content-Type'],
      body: typeof init?.body === 'string' ? init.body : '',
    };
    seen.push(req);
    const signal = init?.signal;
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
      if (signal?.aborted) fail();
      signal?.addEventListener('abort', fail);
    });
    const custom = await Promise.race([script(req), aborted]);
    const reply = custom ?? defaultReply(req, () => subId++);
    const body = reply?.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(body, { status: reply?.status ?? 200 });
  };
  return { fetch: fetchFake as typeof fetch, seen };
}

function defaultReply(req: Seen, nextId: () => number): Reply {
  const command = req.path.split('/').pop()!;
  switch (req.path) {
    case 'agent/monitor/subscribe':
    case 'supervisor/monitor/subscribe': {
      const body = JSON.parse(req.body) as { subscription: { id?: number } };
      return ok('subscribe', { id: body.subscription.id ?? nextId() });
    }
    case 'agent/get_status':
      return ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'ready_free', branch: '8013', calls: [] }] });
    case 'agent/get_pause_type_list':
      return ok('get_pause_type_list', { trigger: 'manual', pauses: [{ pause: 'Lanche', id: 12, total: 0, partial: 15 }] });
    case 'agent/get_classification_list':
      return ok('get_classification_list', { classification: [{ id: 1, name: 'Venda', scope: 'general' }] });
    case 'agent/login':
      return ok('login', { agent: 'Jose', branch: 8013 });
    case 'agent/monitor/open_channel':
    case 'supervisor/monitor/open_channel':
      return { status: 200, body: '' };
    default:
      return ok(command);
  }
}

interface Harness {
  adapter: VendorAdapter;
  clock: ManualClock;
  events: DomainEvent[];
  logs: { level: LogLevel; message: string }[];
  seen: Seen[];
  randoms: number[];
  es(resource?: 'agent' | 'supervisor'): FakeEventSource;
  all(resource?: 'agent' | 'supervisor'): FakeEventSource[];
  connections(): string[];
  connect(): Promise<FakeEventSource>;
  /** Open the latest channel of `resource` (on_open_channel) and let the subscription go. */
  openLatest(resource?: 'agent' | 'supervisor'): Promise<FakeEventSource>;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 0));
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

function setup(opts: { script?: Script; config?: Partial<SessionConfig>; random?: number[] } = {}): Harness {
  FakeEventSource.instances = [];
  const clock = new ManualClock();
  const events: DomainEvent[] = [];
  const logs: { level: LogLevel; message: string }[] = [];
  const randoms = [...(opts.random ?? [0.1234, 0.5, 0.7, 0.25, 0.9, 0.3, 0.6, 0.45, 0.05, 0.8])];
  let i = 0;
  const random = () => randoms[i++ % randoms.length]!;
  const { fetch: fetchFake, seen } = makeFetch(opts.script ?? (() => undefined));
  const host: AdapterHost = {
    emit: (e) => events.push(e),
    log: (level, message) => logs.push({ level, message }),
    clock,
  };
  const deps: AdapterDeps = {
    fetch: fetchFake,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    WebSocket: undefined as unknown as typeof WebSocket,
    random,
  };
  const config: SessionConfig = { vendor: 'interact', server: SERVER, agent: 'Jose', extension: '8013', ...opts.config };
  const adapter = createInteractAdapter(config, host, deps);
  const h: Harness = {
    adapter,
    clock,
    events,
    logs,
    seen,
    randoms,
    all: (resource = 'agent') => FakeEventSource.instances.filter((e) => e.resource === resource),
    es: (resource = 'agent') => {
      const list = h.all(resource);
      if (!list.length) throw new Error(`no ${resource} EventSource`);
      return list[list.length - 1]!;
    },
    connections: () => events.filter((e) => e.type === 'connection').map((e) => (e.type === 'connection' ? e.status : '')),
    async openLatest(resource = 'agent') {
      const es = h.es(resource);
      es.open();
      es.emit('open_channel', '{}');
      await flush();
      return es;
    },
    async connect() {
      adapter.start();
      await flush();
      const es = h.es();
      es.open();
      es.emit('open_channel', JSON.stringify({ channel_id: es.channelId }));
      await flush();
      return es;
    },
  };
  return h;
}

function paths(h: Harness): string[] {
  return h.seen.map((s) => `${s.method} ${s.path}`);
}

async function rejection(p: Promise<unknown>): Promise<CtiError> {
  try {
    await p;
  } catch (e) {
    return e as CtiError;
  }
  throw new Error('expected a rejection');
}

/* ------------------------------------------------------------------ tests */

describe('interact adapter: bootstrap', () => {
  it('opens the channel with a random id, subscribes with agent_control, then get_status and the lists', async () => {
    const h = setup({ config: { options: { queues: false } } });
    h.adapter.start();
    await flush();
    expect(h.connections()).to.deep.equal(['connecting']);
    const es = h.es();
    // random 0.1234 in 1..9999 → 1234
    expect(es.url).to.equal(`${SERVER}/agent/monitor/open_channel?channel_id=1234&format=json`);
    expect(h.seen).to.have.length(0);
    es.open();
    es.emit('open_channel', '{"channel_id":1234}');
    await flush();
    expect(paths(h)).to.deep.equal([
      'POST agent/monitor/subscribe',
      'GET agent/get_status',
      'GET agent/get_pause_type_list',
      'GET agent/get_classification_list',
    ]);
    for (const s of h.seen) expect(s.query.get('format')).to.equal('json');
    expect(h.seen[0]!.contentType).to.match(/^application\/json/);
    expect(JSON.parse(h.seen[0]!.body)).to.deep.equal({ subscription: { agents: ['Jose'], expires: 3600, channel_id: 1234, agent_control: true } });
    expect(h.seen[1]!.query.get('agent')).to.equal('Jose');
    expect(h.seen[2]!.query.get('trigger')).to.equal('manual');
    expect(h.connections()).to.deep.equal(['connecting', 'connected']);
    const types = h.events.map((e) => e.type);
    expect(types).to.deep.equal(['connection', 'connection', 'snapshot', 'pause-reasons', 'classifications']);
    const snap = h.events[2]!;
    expect(snap.type === 'snapshot' && snap.agent).to.deep.include({ phase: 'ready', detail: 'ready_free', agentId: 'Jose', extension: '8013' });
    expect(h.events[3]).to.deep.equal({ type: 'pause-reasons', reasons: [{ id: '12', name: 'Lanche', maxMinutes: 15 }] });
    expect(FakeEventSource.instances).to.have.length(1);
    await h.adapter.close();
  });

  it('on_agent_status on the channel is an authoritative snapshot; events of other agents are ignored', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    h.events.length = 0;
    es.emit('on_agent_status', JSON.stringify({ agent: 'Jose', state: 'pause', state_id: 12, pause_name: 'Lanche', calls: [] }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Maria', state: 'ready' }));
    es.emit('on_change_state', JSON.stringify({ agent: 'Jose', state: 'ready_free' }));
    expect(h.events.map((e) => e.type)).to.deep.equal(['snapshot', 'agent']);
    await h.adapter.close();
  });

  it('subscribes on `open` even when on_open_channel is late, and only once', async () => {
    const h = setup({ config: { options: { queues: false } } });
    h.adapter.start();
    await flush();
    h.es().open();
    await flush();
    h.es().emit('on_open_channel', '{"channel_id":1234}');
    await flush();
    expect(paths(h).filter((p) => p.endsWith('subscribe'))).to.have.length(1);
    await h.adapter.close();
  });

  it('opens a second channel on supervisor/monitor for queue statistics', async () => {
    const h = setup({ config: { options: { updateInterval: 10 } } });
    await h.connect();
    const sup = h.es('supervisor');
    expect(sup.url).to.match(/\/supervisor\/monitor\/open_channel\?channel_id=\d+&format=json$/);
    expect(sup.channelId).to.not.equal(h.es('agent').channelId);
    sup.open();
    sup.emit('on_open_channel', JSON.stringify({ channel_id: sup.channelId }));
    await flush();
    const sub = h.seen.find((s) => s.path === 'supervisor/monitor/subscribe')!;
    expect(JSON.parse(sub.body)).to.deep.equal({
      subscription: {
        agents: 'all',
        services: 'all',
        events: ['on_service_stats', 'on_agent_stats'],
        service_stats: ['waiting', 'handling', 'handled', 'abandoned', 'longest_queue_time', 'queued', 'received'],
        agent_stats: ['states_details', 'total'],
        expires: 3600,
        update_interval: 10,
        channel_id: sup.channelId,
      },
    });
    h.events.length = 0;
    sup.emit('on_service_stats', JSON.stringify({ services: [{ name: 'S', stats: [{ media_type: 'voice', waiting: 4, longest_queue_time: 61 }] }] }));
    expect(h.events).to.deep.equal([{ type: 'queues', queues: [{ id: 'S', name: 'S', waiting: 4, longestWaitSeconds: 61, updatedAt: h.clock.now() }] }]);
    await h.adapter.close();
    expect(paths(h)).to.include.members(['POST supervisor/monitor/unsubscribe', 'POST supervisor/monitor/close_channel']);
  });

  it('repeated statistics and on_queue_change publish nothing: the session keeps its snapshot and "updated at" is when the figures last changed', async () => {
    const h = setup();
    await h.connect();
    const { sync } = storeOf(h);
    const sup = h.es('supervisor');
    sup.open();
    sup.emit('on_open_channel', JSON.stringify({ channel_id: sup.channelId }));
    await flush();
    const services = (waiting: number) => JSON.stringify({ services: [{ name: 'S', stats: [{ media_type: 'voice', waiting }] }] });
    const agents = (totalTime: number) =>
      JSON.stringify({ agents: [{ name: 'ana', states_details: [{ id: 1, name: 'ready_free', times: 1, total_time: totalTime }], services: [{ name: 'S' }] }] });
    const queueChange = (length: number) => h.es('agent').emit('on_queue_change', JSON.stringify({ agent: 'Jose', queues: [{ service: 'S', length }] }));
    sup.emit('on_service_stats', services(4));
    sup.emit('on_agent_stats', agents(10));
    const first = sync();
    const figures = { id: 'S', name: 'S', waiting: 4, agentsReady: 1, agentsBusy: 0, agentsPaused: 0 };
    expect(first.queues).to.deep.equal([{ ...figures, updatedAt: h.clock.now() }]);
    // update_interval later: the same figures (the agent's time in its state grew), from both channels.
    h.clock.advance(5_000);
    const sent = h.events.length;
    sup.emit('on_service_stats', services(4));
    sup.emit('on_agent_stats', agents(15));
    queueChange(4);
    expect(h.events.length, 'the adapter reports them').to.equal(sent + 3);
    expect(sync(), 'the same snapshot (version, slices): the hub publishes nothing to the tabs').to.equal(first);
    // A real change is published, stamped now.
    h.clock.advance(5_000);
    queueChange(5);
    const changed = sync();
    expect(changed.version).to.equal(first.version + 1);
    expect(changed.queues).to.deep.equal([{ ...figures, waiting: 5, updatedAt: h.clock.now() }]);
    // Its repeat keeps that time ("Atualizado às": when the figures last changed, as the seed's statistics, L6256).
    h.clock.advance(5_000);
    sup.emit('on_service_stats', services(5));
    sup.emit('on_agent_stats', agents(20));
    expect(sync()).to.equal(changed);
    expect(changed.queues[0]!.updatedAt).to.equal(h.clock.now() - 5_000);
    await h.adapter.close();
  });

  it('supervisor no_license → logged, no UI error, agent stays connected, not retried on reconnect', async () => {
    const h = setup({
      script: (req) =>
        req.path === 'supervisor/monitor/subscribe' ? { body: { response: { command: 'subscribe', status: 'error', error_type: 'no_license' } } } : undefined,
    });
    const es = await h.connect();
    const sup = h.es('supervisor');
    sup.open();
    sup.emit('open_channel', '{}');
    await flush();
    expect(h.events.some((e) => e.type === 'error')).to.equal(false);
    expect(h.logs.some((l) => l.level === 'warn' && /queue statistics unavailable/.test(l.message))).to.equal(true);
    expect(h.connections().at(-1)).to.equal('connected');
    es.fail(0);
    await flush();
    h.clock.advance(60_000);
    const es2 = h.es();
    es2.open();
    es2.emit('open_channel', '{}');
    await flush();
    expect(h.all('supervisor')).to.have.length(1);
    await h.adapter.close();
  });

  it('the JSON path never imports fast-xml-parser statically (XML codec is a lazy import)', async () => {
    for (const file of ['adapter.ts', 'channel.ts', 'calls.ts', 'commands.ts', 'lists.ts', 'options.ts', 'codec.ts', 'codec-json.ts', 'transport.ts']) {
      const src = await (await fetch(new URL(`./${file}`, import.meta.url))).text();
      expect(src, file).to.not.match(/fast-xml-parser/);
      expect(src, file).to.not.match(/^\s*import[^(]*codec-xml/m);
    }
    const adapterSrc = await (await fetch(new URL('./adapter.ts', import.meta.url))).text();
    expect(adapterSrc).to.match(/import\(["']\.\/codec-xml\.(js|ts)["']\)/);
  });

  it('no supervisor channel when options.queues is false', async () => {
    const h = setup({ config: { options: { queues: false } } });
    await h.connect();
    expect(h.all('supervisor')).to.have.length(0);
    expect(h.adapter.capabilities.queues).to.equal(false);
    await h.adapter.close();
  });

  it('XML: loads the XML codec lazily, sends XML bodies and reads XML events', async () => {
    const xmlReply = (command: string, inner = ''): Reply => ({
      body: `<?xml version="1.0" encoding="UTF-8"?><response><command>${command}</command><status> ok </status>${inner}</response>`,
    });
    const h = setup({
      config: { format: 'xml', options: { queues: false } },
      script: (req) => {
        if (req.path === 'agent/monitor/subscribe') return xmlReply('subscribe', '<id>7</id>');
        if (req.path === 'agent/get_status')
          return xmlReply('get_status', '<agents><member><name>Jose</name><state>ready_free</state><calls><member><media_type>voice</media_type><call_id> K1 </call_id><call_state>held</call_state><interlocutor>8014</interlocutor></member></calls></member></agents>');
        if (req.path === 'agent/get_pause_type_list') return xmlReply('get_pause_type_list', '<pauses><member><pause>Lanche</pause><id>12</id></member></pauses>');
        return xmlReply(req.path.split('/').pop()!);
      },
    });
    h.adapter.start();
    await until(() => h.all().length > 0, 'the XML codec to load');
    const es = h.es();
    expect(es.url).to.contain('format=xml');
    es.open();
    es.emit('open_channel', '<channel_id>1234</channel_id>');
    await flush();
    const sub = h.seen[0]!;
    expect(sub.query.get('format')).to.equal('xml');
    expect(sub.contentType).to.match(/^application\/xml/);
    expect(sub.body).to.contain('<request><subscription><agents><member>Jose</member></agents>');
    const snap = h.events.find((e) => e.type === 'snapshot');
    expect(snap?.type === 'snapshot' && snap.calls).to.deep.equal([{ id: 'K1', remote: [{ number: '8014' }], detail: 'held', state: 'held' }]);
    expect(h.events.find((e) => e.type === 'pause-reasons')).to.deep.equal({ type: 'pause-reasons', reasons: [{ id: '12', name: 'Lanche' }] });
    h.events.length = 0;
    es.emit('on_subscribe_expire_warning', '<data><id>7</id><channel_id>1234</channel_id></data>');
    await flush();
    expect(h.seen.filter((s) => s.path === 'agent/monitor/subscribe').pop()!.body).to.contain('<id>7</id>');
    es.emit('on_call_receive', '<agent>Jose</agent><state>ready_service</state><media_type>voice</media_type><call_id>K2</call_id><must_accept>true</must_accept><permissions><member>transfer</member></permissions>');
    expect(h.events.at(-1)).to.deep.include({ type: 'call-offered' });
    await h.adapter.close();
  });
});

describe('interact adapter: reconnection', () => {
  it('stream lost → reconnecting with attempt and retryAt, reopens, renews with id, snapshot replaces calls', async () => {
    let statusCalls: unknown[] = [{ media_type: 'voice', call_id: 'OLD', call_state: 'busy' }];
    const h = setup({
      config: { options: { queues: false } },
      script: (req) =>
        req.path === 'agent/get_status' ? ok('get_status', { agents: [{ name: 'Jose', state: 'ready_service', calls: statusCalls }] }) : undefined,
    });
    const es1 = await h.connect();
    es1.emit('on_call_receive', JSON.stringify({ agent: 'Jose', state: 'ready_service', media_type: 'voice', call_id: 'NEW1', call_type: 'inbound' }));
    statusCalls = [{ media_type: 'voice', call_id: 'NEW2', call_state: 'held', call_type: 'inbound' }];
    h.events.length = 0;
    es1.fail(0); // network drop after the stream was open: the adapter owns reconnection
    await flush();
    expect(es1.closed).to.equal(true);
    const rec = h.events.find((e) => e.type === 'connection')!;
    expect(rec.type).to.equal('connection');
    if (rec.type !== 'connection') return;
    expect(rec.status).to.equal('reconnecting');
    expect(rec.attempt).to.equal(1);
    const delay = backoffDelay(1, 1000, 30000, () => 0.5);
    expect(rec.retryAt).to.equal(h.clock.now() + delay);
    // The loss's detail is a code (a title); the sentence is in the log. A command meanwhile names the state.
    const lost = h.events.find((e) => e.type === 'error');
    expect(lost?.type === 'error' && lost.error).to.include({ code: 'connection-lost', detail: 'stream-lost' });
    expect(h.logs.some((l) => /^interact: agent: channel \d+ stream lost$/.test(l.message))).to.equal(true);
    expect(await rejection(h.adapter.execute({ type: 'ready' }))).to.include({ code: 'not-connected', detail: 'reconnecting' });
    h.clock.advance(delay - 1);
    expect(h.all()).to.have.length(1);
    h.clock.advance(1);
    const es2 = h.es();
    expect(es2).to.not.equal(es1);
    expect(es2.channelId).to.equal(es1.channelId);
    es2.open();
    es2.emit('on_open_channel', JSON.stringify({ channel_id: es2.channelId }));
    await flush();
    const subs = h.seen.filter((s) => s.path === 'agent/monitor/subscribe');
    expect(JSON.parse(subs.at(-1)!.body).subscription.id).to.equal(10);
    expect(h.connections().at(-1)).to.equal('connected');
    const snaps = h.events.filter((e) => e.type === 'snapshot');
    expect(snaps).to.have.length(1);
    expect(snaps[0]!.type === 'snapshot' && snaps[0]!.calls.map((c) => [c.id, c.state])).to.deep.equal([['NEW2', 'held']]);
    await h.adapter.close();
  });

  it('heartbeat watchdog: heartbeats keep it alive; 45 s of silence closes and reopens', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es1 = await h.connect();
    for (let i = 0; i < 6; i++) {
      h.clock.advance(15_000);
      es1.emit('message', '{}');
    }
    expect(es1.closed).to.equal(false);
    expect(h.connections().at(-1)).to.equal('connected');
    h.clock.advance(44_999);
    expect(es1.closed).to.equal(false);
    h.clock.advance(1);
    expect(es1.closed).to.equal(true);
    expect(h.connections().at(-1)).to.equal('reconnecting');
    expect(h.events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['keep-alive-lost']);
    h.clock.advance(30_000);
    expect(h.all()).to.have.length(2);
    await h.adapter.close();
  });

  it('heartbeat timeout is configurable (options.heartbeatTimeoutMs)', async () => {
    const h = setup({ config: { options: { queues: false, heartbeatTimeoutMs: 10_000 } } });
    const es1 = await h.connect();
    h.clock.advance(10_000);
    expect(es1.closed).to.equal(true);
    await h.adapter.close();
  });

  it('renews on on_subscription_expire_warning and on a local timer at 80 % of expires', async () => {
    const h = setup({ config: { options: { queues: false, expires: 600, heartbeatTimeoutMs: 600_000 } } });
    const es = await h.connect();
    const subs = () => h.seen.filter((s) => s.path === 'agent/monitor/subscribe').map((s) => JSON.parse(s.body).subscription);
    expect(subs()).to.have.length(1);
    es.emit('on_subscription_expire_warning', JSON.stringify({ id: 10, channel_id: es.channelId }));
    await flush();
    expect(subs()).to.have.length(2);
    expect(subs()[1]).to.include({ id: 10, expires: 600, channel_id: es.channelId, agent_control: true });
    // A warning for someone else's subscription is not ours.
    es.emit('on_subscription_expire_warning', JSON.stringify({ id: 99, channel_id: es.channelId }));
    await flush();
    expect(subs()).to.have.length(2);
    h.clock.advance(479_999);
    await flush();
    expect(subs()).to.have.length(2);
    h.clock.advance(1);
    await flush();
    expect(subs()).to.have.length(3);
    expect(subs()[2]).to.include({ id: 10 });
    // The subscription expired anyway: subscribe afresh (no id).
    es.emit('on_subscribe_expire', JSON.stringify({ id: 10, channel_id: es.channelId }));
    await flush();
    expect(subs()[3]!.id).to.equal(undefined);
    await h.adapter.close();
  });

  it('renewal answered not_found → subscribes afresh', async () => {
    let renewals = 0;
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => {
        if (req.path !== 'agent/monitor/subscribe') return undefined;
        const sub = JSON.parse(req.body).subscription;
        if (sub.id !== undefined && renewals++ === 0) return { body: { response: { command: 'subscribe', status: 'error', error_type: 'not_found' } } };
        return undefined;
      },
    });
    const es = await h.connect();
    es.emit('on_subscription_expire_warning', JSON.stringify({ id: 10 }));
    await flush();
    const subs = h.seen.filter((s) => s.path === 'agent/monitor/subscribe').map((s) => JSON.parse(s.body).subscription.id);
    expect(subs).to.deep.equal([undefined, 10, undefined]);
    expect(h.connections().at(-1)).to.equal('connected');
    await h.adapter.close();
  });

  it('403 on open → another channel id, at once', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/monitor/open_channel' ? { status: 403 } : undefined),
    });
    h.adapter.start();
    await flush();
    const es1 = h.es();
    es1.fail(2);
    await flush();
    const probe = h.seen.find((s) => s.path === 'agent/monitor/open_channel')!;
    expect(probe.method).to.equal('GET');
    expect(probe.query.get('channel_id')).to.equal(String(es1.channelId));
    const es2 = h.es();
    expect(es2).to.not.equal(es1);
    expect(es2.channelId).to.not.equal(es1.channelId);
    expect(h.connections()).to.deep.equal(['connecting']);
    await h.adapter.close();
  });

  it('503 → server-down with exponential backoff and jitter, then recovers', async () => {
    let down = true;
    const h = setup({
      config: { options: { queues: false } },
      random: [0.5, 0.0, 1.0, 0.5],
      script: (req) => (down && req.path === 'agent/monitor/open_channel' ? { status: 503 } : undefined),
    });
    h.adapter.start();
    await flush();
    const es1 = h.es(); // channel id from random 0.5
    es1.fail(2);
    await flush();
    const first = h.events.at(-1)!;
    // jitter from random 0.0 → half the base: 5000/2
    expect(first).to.deep.equal({ type: 'connection', status: 'server-down', attempt: 1, retryAt: h.clock.now() + 2_500 });
    h.clock.advance(2_500);
    const es2 = h.es();
    expect(es2).to.not.equal(es1);
    expect(es2.channelId).to.equal(es1.channelId);
    es2.fail(2);
    await flush();
    // attempt 2: base 10000, random 1.0 → 10000
    expect(h.events.at(-1)).to.deep.equal({ type: 'connection', status: 'server-down', attempt: 2, retryAt: h.clock.now() + 10_000 });
    down = false;
    h.clock.advance(10_000);
    const es3 = await h.openLatest();
    expect(h.connections()).to.deep.equal(['connecting', 'server-down', 'reconnecting', 'server-down', 'reconnecting', 'connected']);
    // attempt counter reset after success
    es3.fail(0);
    await flush();
    expect(h.events.at(-1)).to.deep.include({ status: 'reconnecting', attempt: 1 });
    await h.adapter.close();
  });

  it('503 on subscribe → server-down with backoff', async () => {
    let n = 0;
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/monitor/subscribe' && n++ === 0 ? { status: 503 } : undefined),
    });
    await h.connect();
    expect(h.connections()).to.deep.equal(['connecting', 'server-down']);
    await h.adapter.close();
  });

  for (const status of [404, 400]) {
    it(`${status} on open → typed error, closed, no retry loop`, async () => {
      const h = setup({
        config: { options: { queues: false } },
        script: (req) => (req.path === 'agent/monitor/open_channel' ? { status } : undefined),
      });
      h.adapter.start();
      await flush();
      h.es().fail(2);
      await flush();
      const err = h.events.find((e) => e.type === 'error');
      expect(err?.type === 'error' && err.error).to.include({ code: status === 404 ? 'not-found' : 'bad-request', httpStatus: status });
      expect(h.connections()).to.deep.equal(['connecting', 'closed']);
      h.clock.advance(10 * 60_000);
      await flush();
      expect(FakeEventSource.instances).to.have.length(1);
      expect(h.clock.pending).to.equal(0);
    });
  }

  it('no agent configured → a typed configuration error (missing-data, no-agent), nothing opened, no retry loop', async () => {
    const h = setup({ config: { agent: '  ', options: { queues: false } } });
    h.adapter.start();
    await flush();
    const err = h.events.find((e) => e.type === 'error');
    expect(err?.type === 'error' && err.error).to.include({ code: 'missing-data', vendorCode: 'no-agent', operation: 'connect', detail: 'agent (cti-provider)' });
    expect(h.connections()).to.deep.equal(['closed']);
    expect(FakeEventSource.instances).to.have.length(0);
    expect(h.seen).to.have.length(0);
    h.clock.advance(10 * 60_000);
    expect(FakeEventSource.instances).to.have.length(0);
    expect(await rejection(h.adapter.execute({ type: 'ready' }))).to.include({ code: 'not-connected' });
    await h.adapter.close();
  });

  it('no_license on subscribe → typed error, closed, no retry loop', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/monitor/subscribe' ? { body: { response: { command: 'subscribe', status: 'error', error_type: 'no_license' } } } : undefined),
    });
    await h.connect();
    const err = h.events.find((e) => e.type === 'error');
    expect(err?.type === 'error' && err.error.code).to.equal('no-license');
    expect(h.connections().at(-1)).to.equal('closed');
  });

  it('on_server_state_change: disconnected → server-down (commands fail fast), connected → renew + resync', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const before = h.seen.length;
    es.emit('on_server_state_change', '{"state":"disconnected"}');
    expect(h.connections().at(-1)).to.equal('server-down');
    expect(await rejection(h.adapter.execute({ type: 'ready' }))).to.include({ code: 'not-connected' });
    expect(h.seen.length).to.equal(before);
    es.emit('on_server_state_change', '{"state":"connected"}');
    await flush();
    expect(h.connections().at(-1)).to.equal('connected');
    expect(paths(h).slice(before)).to.include.members(['POST agent/monitor/subscribe', 'GET agent/get_status']);
    await h.adapter.close();
  });

  it('server down (by notification or by 503) is one condition, published once per outage, in the same code', async () => {
    let down = false;
    // While down, every command is refused with 503 (L348).
    const h = setup({ config: { options: { queues: false } }, script: (req) => (down && !req.path.endsWith('open_channel') ? { status: 503 } : undefined) });
    const es = await h.connect();
    const errors = () => h.events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    down = true;
    es.emit('on_server_state_change', '{"state":"disconnected"}');
    expect(errors().map((e) => e.code)).to.deep.equal(['server-unavailable']);
    // The probes (the subscription renewed on the same channel) that still find it down do not say it again.
    const probes = () => paths(h).filter((p) => p === 'POST agent/monitor/subscribe').length;
    const before = probes();
    for (let i = 0; i < 3; i++) {
      h.clock.advance(10_000);
      await flush();
    }
    expect(probes() - before, 'probes while down').to.be.greaterThan(1);
    expect(h.all()).to.have.length(1);
    expect(errors()).to.have.length(1);
    down = false;
    es.emit('on_server_state_change', '{"state":"connected"}');
    await flush();
    expect(h.connections().at(-1)).to.equal('connected');
    // A new outage is a new condition.
    es.emit('on_server_state_change', '{"state":"disconnected"}');
    expect(errors().map((e) => e.code)).to.deep.equal(['server-unavailable', 'server-unavailable']);
    await h.adapter.close();
  });

  it('503 on subscribe: the condition server-unavailable is published, once', async () => {
    let n = 0;
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/monitor/subscribe' && n++ < 2 ? { status: 503 } : undefined),
    });
    await h.connect();
    for (let i = 0; i < 2; i++) {
      h.clock.advance(30_000);
      await h.openLatest();
    }
    expect(h.connections()).to.deep.equal(['connecting', 'server-down', 'reconnecting', 'server-down', 'reconnecting', 'connected']);
    const errors = h.events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    expect(errors.map((e) => [e.code, e.httpStatus])).to.deep.equal([['server-unavailable', 503]]);
    await h.adapter.close();
  });

  it('server-down by notification: renews the subscription on the same channel with backoff when `connected` never comes', async () => {
    let down = true;
    const h = setup({
      config: { options: { queues: false } },
      random: [0.5, 1.0],
      script: (req) => (down && !req.path.endsWith('open_channel') ? { status: 503 } : undefined),
    });
    down = false;
    const es = await h.connect();
    down = true;
    es.emit('on_server_state_change', '{"state":"disconnected"}');
    // attempt 1: 5000 base, random 1.0 → 5000
    expect(h.events.at(-1)).to.deep.equal({ type: 'connection', status: 'server-down', attempt: 1, retryAt: h.clock.now() + 5_000 });
    h.clock.advance(5_000);
    await flush();
    expect(h.events.at(-1)).to.deep.include({ status: 'server-down', attempt: 2 });
    expect(paths(h).filter((p) => p === 'POST agent/monitor/subscribe')).to.have.length(2);
    down = false;
    h.clock.advance(10_000);
    await flush();
    expect(h.connections().at(-1)).to.equal('connected');
    expect(h.all()).to.have.length(1);
    expect(h.events.filter((e) => e.type === 'snapshot').length).to.be.greaterThan(1);
    await h.adapter.close();
  });

  it('the server goes down during the resync: the status stays server-down, commands fail fast, `connected` resumes', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    const h = setup({
      config: { options: { queues: false } },
      script: async (req) => {
        if (req.path === 'agent/get_status' && first) {
          first = false;
          await gate;
        }
        return undefined;
      },
    });
    const es = await h.connect();
    es.emit('on_server_state_change', '{"state":"disconnected"}');
    release();
    await flush();
    expect(h.connections().at(-1)).to.equal('server-down');
    expect(await rejection(h.adapter.execute({ type: 'ready' }))).to.include({ code: 'not-connected' });
    es.emit('on_server_state_change', '{"state":"connected"}');
    await flush();
    expect(h.connections().at(-1)).to.equal('connected');
    await h.adapter.execute({ type: 'ready' });
    expect(h.all()).to.have.length(1);
    await h.adapter.close();
  });

  it('the supervisor channel goes with the agent channel and comes back with it (same channel id, renewed); its failures are not shown', async () => {
    const h = setup();
    const es = await h.connect();
    const sup = await h.openLatest('supervisor');
    // A supervisor stream lost alone: retried on its own, nothing shown, the agent stays connected.
    sup.fail(0);
    await flush();
    expect(h.events.some((e) => e.type === 'error')).to.equal(false);
    expect(h.connections().at(-1)).to.equal('connected');
    h.clock.advance(1_000);
    const sup2 = await h.openLatest('supervisor');
    expect(sup2).to.not.equal(sup);
    expect(sup2.channelId).to.equal(sup.channelId);
    // The agent channel lost: the supervisor's goes with it, and is opened again once the agent's is back.
    es.fail(0);
    await flush();
    expect(sup2.closed).to.equal(true);
    h.clock.advance(30_000);
    expect(h.all('supervisor')).to.have.length(2);
    await h.openLatest();
    expect(h.all('supervisor')).to.have.length(3);
    const sup3 = await h.openLatest('supervisor');
    expect(sup3.channelId).to.equal(sup.channelId);
    const subs = h.seen.filter((s) => s.path === 'supervisor/monitor/subscribe').map((s) => JSON.parse(s.body).subscription.id);
    expect(subs).to.deep.equal([undefined, 11, 11]);
    expect(h.events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['connection-lost']);
    await h.adapter.close();
  });

  it('refresh while waiting to reconnect: reconnects now', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    es.fail(0);
    await flush();
    expect(h.all()).to.have.length(1);
    await h.adapter.execute({ type: 'refresh' });
    expect(h.all()).to.have.length(2);
    await h.adapter.close();
  });

  it('on_close_channel from the server → reconnect', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    es.emit('on_close_channel', JSON.stringify({ channel_id: es.channelId }));
    expect(h.connections().at(-1)).to.equal('reconnecting');
    await h.adapter.close();
  });

  it('malformed frames and unknown events are reported as typed errors, never thrown', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    h.events.length = 0;
    expect(() => es.emit('on_call_receive', '{not json')).to.not.throw();
    expect(() => es.emit('on_brand_new_event', '{}')).to.not.throw();
    expect(() => es.emit('message', 'garbage')).to.not.throw();
    // The same unknown (unnamed) event again on this link: a debug log only.
    es.emit('message', 'more garbage');
    expect(h.events.map((e) => e.type === 'error' && [e.error.code, e.error.operation, e.error.detail])).to.deep.equal([
      ['malformed-frame', 'on_call_receive', 'unparsable'],
      ['unknown-event', 'receive', 'unnamed'],
    ]);
    // The parser's words and ours only in the log.
    expect(h.logs.some((l) => l.message.startsWith('interact: bad frame: invalid JSON'))).to.equal(true);
    expect(h.logs.filter((l) => l.message === 'Interact: unknown event unnamed').map((l) => l.level)).to.deep.equal(['warn', 'debug']);
    expect(h.connections()).to.deep.equal([]);
    await h.adapter.close();
  });
});

describe('interact adapter: commands', () => {
  it('fail fast with not-connected before start and while connecting (never queued)', async () => {
    const h = setup({ config: { options: { queues: false } } });
    expect(await rejection(h.adapter.execute({ type: 'dial', to: '8014' }))).to.include({ code: 'not-connected', operation: 'dial', detail: 'idle' });
    h.adapter.start();
    await flush();
    expect(await rejection(h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD }))).to.include({ code: 'not-connected' });
    const es = h.es();
    es.open();
    es.emit('open_channel', '{}');
    await flush();
    expect(h.seen.some((s) => s.path.startsWith('agent/call') || s.path === 'agent/login')).to.equal(false);
    await h.adapter.close();
  });

  it('maps every command to its Interact request, always with agent', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const start = h.seen.length;
    const cmds: Command[] = [
      { type: 'login', agent: 'Jose', password: PASSWORD, extension: '8013' },
      { type: 'ready' },
      { type: 'pause', reasonId: '12' },
      { type: 'dial', to: '8014' },
      { type: 'dial', to: '4830001234', service: 'Vendas' },
      { type: 'answer', callId: 'A1' },
      { type: 'reject', callId: 'A1' },
      { type: 'hangup', callId: 'A1' },
      { type: 'hold', callId: 'A1' },
      { type: 'retrieve', callId: 'A1' },
      { type: 'consult', callId: 'A1', to: '8015' },
      { type: 'transfer', callId: 'A1', to: 'Maria' },
      { type: 'conference', callId: 'A1' },
      { type: 'drop-party', callId: 'A3', party: '8015' },
      { type: 'associate-data', callId: 'A1', data: 'crm=42' },
      { type: 'classify', callId: 'A9', classificationId: '1' },
      { type: 'end-after-call' },
      { type: 'refresh' },
    ];
    for (const c of cmds) {
      await h.adapter.execute(c);
      if (c.type !== 'login') continue;
      // After the login's own get_status (a snapshot), the calls the next commands need.
      await flush();
      es.emit('on_call_consultation', JSON.stringify({ agent: 'Jose', media_type: 'voice', call_id: 'A1', consultation_call_id: 'A2' }));
      es.emit('on_call_release', JSON.stringify({ agent: 'Jose', media_type: 'voice', call_id: 'A9' }));
    }
    // The login answer also asks get_status for the state (in the background): left out here.
    const sent = h.seen
      .slice(start)
      .filter((s, i, all) => s.path !== 'agent/get_status' || i === all.length - 1)
      .map((s) => [s.method, s.path, s.body ? JSON.parse(s.body) : Object.fromEntries(s.query)]);
    expect(sent).to.deep.equal([
      ['POST', 'agent/login', { agent: 'Jose', password: PASSWORD, branch: '8013' }],
      ['POST', 'agent/set_state', { agent: 'Jose', state_id: 2 }],
      ['POST', 'agent/set_state', { agent: 'Jose', state_id: 12 }],
      ['POST', 'agent/call_private', { agent: 'Jose', to: '8014', media_type: 'voice' }],
      ['POST', 'agent/call_service', { agent: 'Jose', to: '4830001234', media_type: 'voice', service: 'Vendas' }],
      ['POST', 'agent/call_accept', { call_id: 'A1', agent: 'Jose' }],
      ['POST', 'agent/call_terminate', { call_id: 'A1', agent: 'Jose' }],
      ['POST', 'agent/call_terminate', { call_id: 'A1', agent: 'Jose' }],
      ['POST', 'agent/call_hold', { call_id: 'A1', agent: 'Jose' }],
      ['POST', 'agent/call_retrieve', { call_id: 'A1', agent: 'Jose' }],
      ['POST', 'agent/call_consult', { to: '8015', call_id: 'A1', agent: 'Jose', media_type: 'voice' }],
      ['POST', 'agent/call_transfer', { call_id: 'A1', to: 'Maria', agent: 'Jose' }],
      ['POST', 'agent/call_include_conference', { call_id: 'A2', agent: 'Jose' }],
      ['POST', 'agent/call_exclude_conference', { call_id: 'A3', contact: '8015', agent: 'Jose' }],
      ['POST', 'agent/call_associate_data', { call_id: 'A1', from: 'Jose', data: 'crm=42' }],
      ['POST', 'agent/classify', { call_id: 'A9', classify_id: 1, agent: 'Jose' }],
      ['POST', 'agent/after_call_terminate', { call_id: 'A9', agent: 'Jose' }],
      ['GET', 'agent/get_status', { agent: 'Jose', format: 'json' }],
    ]);
    for (const s of h.seen.slice(start)) {
      expect(s.query.get('format')).to.equal('json');
      if (s.method === 'POST') expect(s.contentType).to.match(/^application\/json/);
    }
    expect(h.events.filter((e) => e.type === 'logged-in').at(-1)).to.deep.equal({ type: 'logged-in', agentId: 'Jose', extension: '8013' });
    await h.adapter.close();
  });

  it('vendor errors reject with a CtiError: login command_failed → auth-failed, 503 → server-unavailable', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => {
        if (req.path === 'agent/login') return { body: { response: { command: 'login', status: 'error', error_type: 'command_failed' } } };
        if (req.path === 'agent/call_hold') return { status: 503 };
        if (req.path === 'agent/call_transfer') return { status: 400, body: 'erro na linha 1 coluna 9' };
        return undefined;
      },
    });
    await h.connect();
    expect(await rejection(h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD }))).to.include({ code: 'auth-failed', operation: 'login' });
    expect(await rejection(h.adapter.execute({ type: 'hold', callId: 'X' }))).to.include({ code: 'server-unavailable', httpStatus: 503 });
    expect(await rejection(h.adapter.execute({ type: 'transfer', callId: 'X', to: 'Y' }))).to.include({ code: 'bad-request', detail: 'erro na linha 1 coluna 9' });
    // Failed login keeps no password: logout has none to send.
    expect(await rejection(h.adapter.execute({ type: 'logout' }))).to.include({ code: 'missing-data' });
    await h.adapter.close();
  });

  it('network failure and timeout reject with network / timeout', async () => {
    const h = setup({
      config: { options: { queues: false, requestTimeoutMs: 2_000 } },
      script: (req) => {
        if (req.path === 'agent/call_hold') return Promise.reject(new TypeError('Failed to fetch'));
        if (req.path === 'agent/call_retrieve') return new Promise<Reply>(() => undefined);
        return undefined;
      },
    });
    await h.connect();
    const network = await rejection(h.adapter.execute({ type: 'hold', callId: 'X' }));
    // No detail: the translated error.network says it; the browser's words are in the log.
    expect(network).to.include({ code: 'network' });
    expect(network.detail).to.equal(undefined);
    expect(h.logs.some((l) => l.message === 'interact: agent/call_hold: Failed to fetch')).to.equal(true);
    const p = rejection(h.adapter.execute({ type: 'retrieve', callId: 'X' }));
    await flush();
    h.clock.advance(2_000);
    expect(await p).to.include({ code: 'timeout' });
    await h.adapter.close();
  });

  it('associate-data over 100 UTF-8 bytes is refused locally with bad-request', async () => {
    const h = setup({ config: { options: { queues: false } } });
    await h.connect();
    const before = h.seen.length;
    // 50 × "é" = 100 bytes: allowed; 51 → 102 bytes: refused
    await h.adapter.execute({ type: 'associate-data', callId: 'A', data: 'é'.repeat(50) });
    // The offending field (or the command) as detail, never our English sentence: that is in the log.
    expect(await rejection(h.adapter.execute({ type: 'associate-data', callId: 'A', data: 'é'.repeat(51) }))).to.include({ code: 'bad-request', detail: 'data' });
    expect(h.logs.some((l) => l.message === 'interact: associate-data refused (data): associated data is limited to 100 bytes (UTF-8)')).to.equal(true);
    expect(h.seen.length).to.equal(before + 1);
    expect(await rejection(h.adapter.execute({ type: 'dtmf', callId: 'A', digits: '1' }))).to.include({ code: 'unsupported', detail: 'dtmf' });
    expect(await rejection(h.adapter.execute({ type: 'login', agent: 'Jose', password: '' }))).to.include({ code: 'missing-data', detail: 'password' });
    await h.adapter.close();
  });

  // §8 (L2200): the same list at most once every 5 s, for whom is not said: a server may count every
  // client's queries. With no list known the agent cannot pause (a reason is required): ask until it comes.
  it('lists: unsafe_request with no list known → asked again, each time later (5 s doubling to 60 s, jittered), until it comes', async () => {
    let pauseCalls = 0;
    const at: number[] = [];
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => {
        if (req.path !== 'agent/get_pause_type_list') return undefined;
        at.push(h.clock.now());
        if (pauseCalls++ < 6) return { body: { response: { command: 'get_pause_type_list', status: 'error', error_type: 'unsafe_request' } } };
        return undefined;
      },
    });
    const es = await h.connect();
    expect(h.events.some((e) => e.type === 'pause-reasons')).to.equal(false);
    for (let i = 0; i < 90 && pauseCalls < 7; i++) {
      h.clock.advance(5_000);
      es.emit('message', '{}'); // the heartbeat: the channel lives
      await flush();
    }
    expect(pauseCalls).to.equal(7);
    const gaps = at.slice(1).map((t, k) => [t - at[k]!, 5_000 * Math.min(12, 2 ** k)]);
    for (const [gap, base] of gaps) expect(gap, `a retry ${base} ms to ${base + 5_000} ms later`).to.be.within(base!, base! + 10_000);
    expect(h.events.filter((e) => e.type === 'pause-reasons')).to.have.length(1);
    // Got it: no more asking.
    for (let i = 0; i < 20; i++) {
      h.clock.advance(30_000);
      es.emit('message', '{}');
      await flush();
    }
    expect(pauseCalls).to.equal(7);
    await h.adapter.close();
  });

  it('lists: unsafe_request with a list known → the known list stays, one retry after 5 s; within 5 s a reconnect reuses the cache', async () => {
    let refuse = false;
    let pauseCalls = 0;
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => {
        if (req.path !== 'agent/get_pause_type_list') return undefined;
        pauseCalls++;
        return refuse ? { body: { response: { command: 'get_pause_type_list', status: 'error', error_type: 'unsafe_request' } } } : undefined;
      },
    });
    const es1 = await h.connect();
    refuse = true;
    es1.fail(0);
    await flush();
    h.clock.advance(30_000);
    await h.openLatest();
    expect(pauseCalls).to.equal(2);
    expect(h.events.filter((e) => e.type === 'pause-reasons'), 'the list known').to.have.length(1);
    const again = h.es();
    for (let i = 0; i < 40; i++) {
      h.clock.advance(5_000);
      again.emit('message', '{}');
      await flush();
    }
    expect(pauseCalls, 'one retry').to.equal(3);
    // classifications were cached: a reconnect within 5 s re-emits without asking
    const h2 = setup({ config: { options: { queues: false } } });
    const es = await h2.connect();
    es.fail(0);
    await flush();
    h2.clock.advance(1_000);
    const es2 = h2.es();
    es2.open();
    es2.emit('open_channel', '{}');
    await flush();
    expect(h2.seen.filter((s) => s.path === 'agent/get_classification_list')).to.have.length(1);
    expect(h2.events.filter((e) => e.type === 'classifications')).to.have.length(2);
    await h.adapter.close();
    await h2.adapter.close();
  });
});

describe('interact adapter: sign-out and close', () => {
  it('close() unsubscribes and closes the channels but does NOT log the agent out', async () => {
    const h = setup();
    const es = await h.connect();
    const sup = h.es('supervisor');
    sup.open();
    sup.emit('open_channel', '{}');
    await flush();
    await h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD });
    const before = h.seen.length;
    await h.adapter.close();
    const after = h.seen.slice(before);
    expect(after.map((s) => s.path)).to.have.members([
      'agent/monitor/unsubscribe',
      'agent/monitor/close_channel',
      'supervisor/monitor/unsubscribe',
      'supervisor/monitor/close_channel',
    ]);
    expect(h.seen.some((s) => s.path === 'agent/logout')).to.equal(false);
    const unsub = after.find((s) => s.path === 'agent/monitor/unsubscribe')!;
    expect(JSON.parse(unsub.body)).to.deep.equal({ id: 10 });
    expect(unsub.query.get('id')).to.equal('10');
    const close = after.find((s) => s.path === 'agent/monitor/close_channel')!;
    expect(JSON.parse(close.body)).to.deep.equal({ channel_id: es.channelId });
    expect(es.closed && sup.closed).to.equal(true);
    expect(h.connections().at(-1)).to.equal('closed');
    expect(h.clock.pending).to.equal(0);
    expect(await rejection(h.adapter.execute({ type: 'ready' }))).to.include({ code: 'not-connected' });
  });

  it('logout sends agent/logout with the remembered password, then unsubscribe and close_channel', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    await h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD, extension: '8013' });
    const before = h.seen.length;
    await h.adapter.execute({ type: 'logout' });
    const after = h.seen.slice(before);
    expect(after.map((s) => s.path)).to.deep.equal(['agent/logout', 'agent/monitor/unsubscribe', 'agent/monitor/close_channel']);
    expect(JSON.parse(after[0]!.body)).to.deep.equal({ agent: 'Jose', password: PASSWORD });
    expect(es.closed).to.equal(true);
    expect(h.events.some((e) => e.type === 'logged-out')).to.equal(true);
    expect(h.connections().at(-1)).to.equal('closed');
    expect(h.clock.pending).to.equal(0);
  });

  it('the password never appears in a URL, a log line or an emitted event', async () => {
    const h = setup({ config: { format: 'json' } });
    const es = await h.connect();
    const sup = h.es('supervisor');
    sup.open();
    sup.emit('open_channel', '{}');
    await flush();
    await h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD, extension: '8013' });
    es.fail(0);
    await flush();
    h.clock.advance(60_000);
    const es2 = h.es();
    es2.open();
    es2.emit('open_channel', '{}');
    await flush();
    await h.adapter.execute({ type: 'logout' });
    const enc = encodeURIComponent(PASSWORD);
    for (const s of h.seen) {
      expect(s.url).to.not.contain(PASSWORD);
      expect(s.url).to.not.contain(enc);
      if (s.path !== 'agent/login' && s.path !== 'agent/logout') expect(s.body).to.not.contain(PASSWORD);
    }
    for (const e of FakeEventSource.instances) expect(e.url).to.not.contain(PASSWORD);
    for (const l of h.logs) expect(l.message).to.not.contain(PASSWORD);
    expect(JSON.stringify(h.events)).to.not.contain(PASSWORD);
    expect(h.seen.filter((s) => s.body.includes(PASSWORD)).map((s) => s.path)).to.deep.equal(['agent/login', 'agent/logout']);
  });

  it('start() again after close reconnects', async () => {
    const h = setup({ config: { options: { queues: false } } });
    await h.connect();
    await h.adapter.close();
    await h.connect();
    expect(h.connections().at(-1)).to.equal('connected');
    await h.adapter.close();
  });
});

/* ------------------------------------------------- field robustness (#9) */

/** The adapter's events applied to a real session store, with the agent phase after each one. */
function storeOf(h: Harness) {
  const store = createSessionStore({ key: 't', capabilities: capabilitiesFor('interact'), clock: h.clock });
  const phases: string[] = [];
  let applied = 0;
  const sync = () => {
    for (; applied < h.events.length; applied++) phases.push(store.apply(h.events[applied]!).agent.phase);
    return store.snapshot;
  };
  return { sync, phases, store };
}

const voice = (fields: Record<string, unknown>) => JSON.stringify({ agent: 'Jose', media_type: 'voice', ...fields });

/** An answered inbound call `id`, the agent ready_service (`agent`: more agent fields, on the call events too when `onCalls`). */
function answered(es: { emit(name: string, data: string): void }, id: string, agent: Record<string, unknown> = {}, onCalls = false) {
  const fields = { state: 'ready_service', state_id: 4, ...agent };
  const call = { call_id: id, call_type: 'inbound', interlocutor: '4830001111', ...(onCalls ? fields : {}) };
  es.emit('on_call_receive', voice(call));
  es.emit('on_call_accept', voice(call));
  es.emit('on_state_change', JSON.stringify({ agent: 'Jose', ...fields }));
}

/** A script answering `command` with command_failed. */
const refusing =
  (command: string): Script =>
  (req) =>
    req.path === `agent/${command}` ? { body: { response: { command, status: 'error', error_type: 'command_failed' } } } : undefined;

/** A connected harness (no queues) with an answered inbound call `id` from 4830001111. */
async function inCall(id: string, script?: Script) {
  const h = setup({ config: { options: { queues: false, dialingPollMs: 1000 } }, ...(script ? { script } : {}) });
  const es = await h.connect();
  const s = storeOf(h);
  es.emit('on_call_receive', voice({ call_id: id, call_type: 'inbound', interlocutor: '4830001111', permissions: ['consult', 'transfer', 'conference'] }));
  es.emit('on_call_accept', voice({ call_id: id }));
  await flush();
  return { h, es, s };
}

describe('interact adapter: sign-in shows only what the server reported', () => {
  for (const order of ['answer first', 'on_login first'] as const) {
    it(`no "ready" between the login answer and on_login (${order})`, async () => {
      let releaseLogin: () => void = () => {};
      const loginGate = new Promise<void>((r) => (releaseLogin = r));
      const h = setup({
        config: { options: { queues: false } },
        script: async (req) => {
          // Before the login, get_status knows nothing about us; after it, still nothing (a slow server).
          if (req.path === 'agent/get_status') return ok('get_status', { resource: 'agent', agents: [] });
          if (req.path === 'agent/login' && order === 'on_login first') await loginGate;
          return undefined;
        },
      });
      const es = await h.connect();
      const s = storeOf(h);
      s.sync();
      const login = h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD, extension: '8013' });
      await flush();
      if (order === 'on_login first') {
        es.emit('on_login', JSON.stringify({ agent: 'Jose', state: 'pause', pause_trigger: 'system', branch: 8013 }));
        releaseLogin();
        await login;
      } else {
        await login;
        await flush();
        expect(s.sync().agent.phase, 'signed in, state not reported yet').to.equal('unknown');
        expect(s.store.snapshot.agent.detail).to.equal('login-pending');
        es.emit('on_login', JSON.stringify({ agent: 'Jose', state: 'pause', pause_trigger: 'system', branch: 8013 }));
      }
      await flush();
      const snap = s.sync();
      expect(snap.agent.phase).to.equal('paused');
      expect(snap.agent.agentId).to.equal('Jose');
      expect(s.phases, 'every phase the UI could have shown').to.not.include('ready');
      await h.adapter.close();
    });
  }

  it('on_login without a state (A-34) → unknown, then get_status tells the state', async () => {
    let loggedIn = false;
    const h = setup({
      config: { options: { queues: false } },
      script: (req) =>
        req.path === 'agent/get_status'
          ? ok('get_status', { resource: 'agent', agents: loggedIn ? [{ name: 'Jose', state: 'pause', calls: [] }] : [] })
          : undefined,
    });
    const es = await h.connect();
    const s = storeOf(h);
    loggedIn = true;
    es.emit('on_login', JSON.stringify({ agent: 'Jose' }));
    await flush();
    await until(() => s.sync().agent.phase === 'paused', 'the state from get_status');
    expect(s.phases).to.not.include('ready');
    await h.adapter.close();
  });

  it('on_login without a state, then a get_status still saying not_logged_in: late, not a sign-out', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) =>
        req.path === 'agent/get_status' ? ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'not_logged_in', calls: [] }] }) : undefined,
    });
    const es = await h.connect();
    const s = storeOf(h);
    s.sync();
    const from = s.phases.length;
    const asked = h.seen.filter((r) => r.path === 'agent/get_status').length;
    es.emit('on_login', JSON.stringify({ agent: 'Jose' }));
    await until(() => h.seen.filter((r) => r.path === 'agent/get_status').length === asked + 1, 'get_status asked');
    await flush();
    expect(s.sync().agent.phase).to.equal('unknown');
    expect(s.phases.slice(from)).to.not.include('logged-out');
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'pause' }));
    await flush();
    expect(s.sync().agent.phase).to.equal('paused');
    await h.adapter.close();
  });

  it('a get_status still saying not_logged_in after the login answer is late, not a sign-out', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) =>
        req.path === 'agent/get_status' ? ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'not_logged_in', calls: [] }] }) : undefined,
    });
    await h.connect();
    const s = storeOf(h);
    s.sync();
    const from = s.phases.length;
    await h.adapter.execute({ type: 'login', agent: 'Jose', password: PASSWORD, extension: '8013' });
    await flush();
    expect(s.sync().agent.phase).to.equal('unknown');
    expect(h.seen.filter((r) => r.path === 'agent/get_status').length, 'asked after the login answer').to.equal(2);
    expect(s.phases.slice(from)).to.not.include('logged-out');
    await h.adapter.close();
  });

  // The server sends the events of the agents the subscription names (L412 "lista_de_agentes"): signing in as
  // another agent than the configured one renews the subscription for that agent first (L631-635), by its id.
  const subscribed = (h: Harness) =>
    h.seen.filter((r) => r.path === 'agent/monitor/subscribe').map((r) => (JSON.parse(r.body) as { subscription: { id?: number; agents: string[] } }).subscription);

  it('signing in as another agent renews the subscription for that agent before the login, then follows its events', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await h.adapter.execute({ type: 'login', agent: 'Maria', password: PASSWORD, extension: '8014' });
    expect(subscribed(h).map((x) => [x.id, x.agents])).to.deep.equal([
      [undefined, ['Jose']],
      [10, ['Maria']],
    ]);
    const order = paths(h).filter((p) => /subscribe|login/.test(p));
    expect(order).to.deep.equal(['POST agent/monitor/subscribe', 'POST agent/monitor/subscribe', 'POST agent/login']);
    expect(JSON.parse(h.seen.find((r) => r.path === 'agent/login')!.body)).to.deep.include({ agent: 'Maria' });
    es.emit('on_login', JSON.stringify({ agent: 'Maria', state: 'pause', branch: 8014 }));
    es.emit('on_call_receive', voice({ agent: 'Maria', call_id: 'm1', call_type: 'inbound', interlocutor: '4830001111' }));
    await flush();
    const snap = s.sync();
    expect(snap.agent).to.deep.include({ phase: 'paused', agentId: 'Maria' });
    expect(snap.calls.map((c) => [c.id, c.state])).to.deep.equal([['m1', 'ringing']]);
    // A reconnect subscribes for the agent signed in.
    es.fail(0);
    await flush();
    h.clock.advance(30_000);
    await h.openLatest();
    expect(subscribed(h).at(-1)!.agents).to.deep.equal(['Maria']);
    await h.adapter.close();
  });

  it('the same agent in other letters keeps the subscription; a refused sign-in as another agent renews it back', async () => {
    const h = setup({ config: { options: { queues: false } }, script: refusing('login') });
    const es = await h.connect();
    await rejection(h.adapter.execute({ type: 'login', agent: 'jose', password: PASSWORD }));
    expect(subscribed(h)).to.have.length(1);
    const error = await rejection(h.adapter.execute({ type: 'login', agent: 'Maria', password: PASSWORD }));
    expect(error).to.deep.include({ code: 'auth-failed', operation: 'login' });
    await flush();
    expect(subscribed(h).map((x) => x.agents)).to.deep.equal([['Jose'], ['Maria'], ['Jose']]);
    const s = storeOf(h);
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_free' }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'ready' });
    await h.adapter.close();
  });

  it('a subscription refused for the other agent (invalid_item) is the sign-in error: no login is sent, the old agent stays followed', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) =>
        req.path === 'agent/monitor/subscribe' && req.body.includes('Mria')
          ? { body: { response: { command: 'subscribe', status: 'error', error_type: 'invalid_item', error_items: { agents: ['Mria'] } } } }
          : undefined,
    });
    const es = await h.connect();
    const error = await rejection(h.adapter.execute({ type: 'login', agent: 'Mria', password: PASSWORD }));
    expect(error).to.deep.include({ code: 'invalid-item', operation: 'login', vendorCode: 'invalid_item' });
    await flush();
    expect(paths(h)).to.not.include('POST agent/login');
    expect(subscribed(h).map((x) => x.agents)).to.deep.equal([['Jose'], ['Mria'], ['Jose']]);
    expect(h.connections().at(-1)).to.equal('connected');
    const s = storeOf(h);
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_free' }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'ready' });
    await h.adapter.close();
  });
});

describe('interact adapter: a call not accepted in time', () => {
  // L4363: the call goes back to the service queue and the agent into a failure pause; no event for the call.
  it('a failure pause asks get_status once: the call that went back to the queue leaves; other states ask nothing', async () => {
    let calls: unknown[] = [{ media_type: 'voice', call_id: 'R1', call_state: 'ringing', call_type: 'inbound' }];
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/get_status' ? ok('get_status', { agents: [{ name: 'Jose', state: 'timeout_fail_pause', calls }] }) : undefined),
    });
    const es = await h.connect();
    const s = storeOf(h);
    const asked = () => h.seen.filter((r) => r.path === 'agent/get_status').length;
    es.emit('on_call_receive', voice({ call_id: 'R1', call_type: 'inbound', must_accept: true, interlocutor: '4830001111' }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service' }));
    await flush();
    expect(s.sync().calls.map((c) => [c.id, c.state])).to.deep.equal([['R1', 'ringing']]);
    const before = asked();
    expect(before, 'ready_service asks nothing').to.equal(1);
    calls = [];
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'timeout_fail_pause', pause_trigger: 'system' }));
    await until(() => asked() === before + 1, 'get_status asked');
    await flush();
    const snap = s.sync();
    expect(snap.agent).to.deep.include({ phase: 'paused', detail: 'timeout_fail_pause' });
    expect(snap.calls.filter((c) => c.state !== 'ended')).to.deep.equal([]);
    expect(asked()).to.equal(before + 1);
    await h.adapter.close();
  });
});

describe('interact adapter: a pause asked during a call (pre-pause)', () => {
  // L1336, L6664: a pause set while the agent is busy is a pre-pause, entered when every call is over; the state
  // (ready_service) does not change, so no on_state_change is promised (L1252).
  it('accepted while busy → pending, with the listed name, and entered when the call ends; a later ready clears it; while free nothing is made up', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    es.emit('on_call_receive', voice({ call_id: 'C1', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_call_accept', voice({ call_id: 'C1', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4 }));
    await flush();
    expect(s.sync().agent.phase).to.equal('busy');
    await h.adapter.execute({ type: 'pause', reasonId: '12' });
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'busy', detail: 'ready_service' });
    // Named from the pause list (the answer gives no name).
    expect(s.store.snapshot.agent.pendingPause).to.deep.include({ reasonId: '12', reasonName: 'Lanche' });
    await h.adapter.execute({ type: 'ready' });
    await flush();
    expect(s.sync().agent.pendingPause, 'ready accepted: no pause pending').to.equal(undefined);
    await h.adapter.execute({ type: 'pause', reasonId: '12' });
    await flush();
    const from = s.phases.length;
    es.emit('on_call_release', voice({ call_id: 'C1', must_classify: false, after_call_work_time: 0 }));
    es.emit('on_call_end', voice({ call_id: 'C1' }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'paused' });
    expect(s.phases.slice(from), 'never ready between the call and the pause').to.not.include('ready');
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_free', state_id: 2 }));
    await flush();
    expect(s.sync().agent.phase).to.equal('ready');
    await h.adapter.execute({ type: 'pause', reasonId: '12' });
    await flush();
    expect(s.sync().agent, 'free: the server enters the pause and says so').to.deep.include({ phase: 'ready' });
    expect(s.store.snapshot.agent.pendingPause).to.equal(undefined);
    await h.adapter.close();
  });

  it('two set_state in flight, answered in the other order: the one sent last decides', async () => {
    let gate: Promise<void> | undefined;
    let release: () => void = () => {};
    const h = setup({
      config: { options: { queues: false } },
      script: async (req) => {
        if (req.path !== 'agent/set_state' || !gate) return undefined;
        const g = gate;
        gate = undefined;
        await g;
        return ok('set_state');
      },
    });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    es.emit('on_call_receive', voice({ call_id: 'C3', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_call_accept', voice({ call_id: 'C3', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4 }));
    await flush();
    gate = new Promise<void>((r) => (release = r));
    const pause = h.adapter.execute({ type: 'pause', reasonId: '12' });
    await flush();
    await h.adapter.execute({ type: 'ready' });
    release();
    await pause;
    await flush();
    expect(s.sync().agent.pendingPause, 'the pause answered last was sent first: ready stands').to.equal(undefined);
    await h.adapter.close();
  });

  it('accepted during after-call work → pending, and the agent stays in after-call work', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    es.emit('on_call_receive', voice({ call_id: 'C2', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_call_accept', voice({ call_id: 'C2', call_type: 'inbound', interlocutor: '4830001111' }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4 }));
    es.emit('on_call_release', voice({ call_id: 'C2', must_classify: false, after_call_work_time: 30 }));
    await flush();
    expect(s.sync().agent.phase).to.equal('after-call');
    await h.adapter.execute({ type: 'pause', reasonId: '12' });
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'after-call', detail: 'ready_service' });
    expect(s.store.snapshot.agent.pendingPause).to.deep.include({ reasonId: '12', reasonName: 'Lanche' });
    await h.adapter.close();
  });

  // Every call event carries the agent's fields (L1277-1279); a pre-pause set or dropped from another client has no
  // event of its own (L1252): the call events tell it.
  const busy = (extra: Record<string, unknown> = {}) => ({ state: 'ready_service', state_id: 4, ...extra });
  const lanche = { pre_pause: { id: 12, name: 'Lanche', trigger: 'manual' } };

  it('set from another client: a call event carrying pre_pause shows it pending, and the call ends in it (never ready)', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    answered(es, 'C4', {}, true);
    await flush();
    expect(s.sync().agent.pendingPause).to.equal(undefined);
    const from = s.phases.length;
    es.emit('on_call_hold', voice({ call_id: 'C4', ...busy(lanche) }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'busy', detail: 'ready_service' });
    expect(s.store.snapshot.agent.pendingPause).to.deep.include({ reasonId: '12', reasonName: 'Lanche', trigger: 'manual' });
    es.emit('on_call_release', voice({ call_id: 'C4', must_classify: false, after_call_work_time: 30, ...busy(lanche) }));
    await flush();
    expect(s.sync().agent.phase, 'wrap-up').to.equal('after-call');
    es.emit('on_call_end', voice({ call_id: 'C4' }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'paused', pause: { reasonId: '12', reasonName: 'Lanche', trigger: 'manual' } });
    expect(s.phases.slice(from), 'never ready between the call and the pause').to.not.include('ready');
    await h.adapter.close();
  });

  it('dropped from another client: a call event without pre_pause drops the pending pause, and the call ends ready', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    answered(es, 'C5', lanche);
    await flush();
    expect(s.sync().agent.pendingPause).to.deep.include({ reasonId: '12' });
    const from = s.phases.length;
    es.emit('on_call_release', voice({ call_id: 'C5', must_classify: false, after_call_work_time: 0, ...busy() }));
    es.emit('on_call_end', voice({ call_id: 'C5' }));
    await flush();
    expect(s.sync().agent.pendingPause).to.equal(undefined);
    expect(s.sync().agent.phase).to.equal('ready');
    expect(s.phases.slice(from), 'never paused').to.not.include('paused');
    await h.adapter.close();
  });
});

describe('interact adapter: after-call work is a call state, not the agent\'s', () => {
  // L1424: after_call is a call_state; the agent's states (L1345-1363) have none for it: ready_service stays.
  it('a state report saying ready_service during wrap-up keeps after-call work and its deadline; the call\'s end leaves it', async () => {
    const h = setup({ config: { options: { queues: false } } });
    const es = await h.connect();
    const s = storeOf(h);
    await flush();
    answered(es, 'C6');
    es.emit('on_call_release', voice({ call_id: 'C6', must_classify: false, after_call_work_time: 30 }));
    await flush();
    const wrap = s.sync().agent;
    expect(wrap.phase).to.equal('after-call');
    expect(wrap.afterCall?.wrapUpBy).to.be.a('number');
    es.emit('on_config_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4 }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4, state_changed_by: 'supervisor' }));
    await flush();
    expect(s.sync().agent).to.deep.include({ phase: 'after-call', detail: 'ready_service', afterCall: wrap.afterCall, since: wrap.since });
    es.emit('on_call_end', voice({ call_id: 'C6' }));
    await flush();
    expect(s.sync().agent.phase).to.equal('ready');
    // A call released owing nothing leaves no after-call work: ready_service then is a call (busy).
    answered(es, 'C7');
    es.emit('on_call_receive', voice({ call_id: 'C8', call_type: 'inbound', interlocutor: '4830002222' }));
    es.emit('on_call_release', voice({ call_id: 'C7', must_classify: false, after_call_work_time: 0 }));
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service', state_id: 4 }));
    await flush();
    expect(s.sync().agent.phase).to.equal('busy');
    await h.adapter.close();
  });
});

describe('interact adapter: a stale status never overrides a newer event', () => {
  it('get_status asked, on_state_change arrives, then the older answer → the event stands', async () => {
    // The server's truth: ready when the request was read, paused by the time the event is sent.
    let gate: Promise<void> | undefined;
    let release: () => void = () => {};
    let serverState = 'ready_free';
    const h = setup({
      config: { options: { queues: false } },
      script: async (req) => {
        if (req.path !== 'agent/get_status') return undefined;
        const answer = serverState;
        if (gate) {
          const g = gate;
          gate = undefined;
          await g;
        }
        return ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: answer, calls: [] }] });
      },
    });
    const es = await h.connect();
    const s = storeOf(h);
    expect(s.sync().agent.phase).to.equal('ready');
    gate = new Promise<void>((r) => (release = r));
    const refresh = h.adapter.execute({ type: 'refresh' });
    await flush();
    serverState = 'custom_pause';
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'custom_pause', state_id: 12, pause_name: 'Lanche' }));
    await flush();
    expect(s.sync().agent.phase).to.equal('paused');
    const from = s.phases.length;
    release();
    await refresh;
    await flush();
    s.sync();
    expect(s.phases.slice(from), 'the stale "ready" answer never shown').to.not.include('ready');
    expect(s.store.snapshot.agent.phase).to.equal('paused');
    await h.adapter.close();
  });

  it('get_status asked, on_agent_status arrives, then the older answer → on_agent_status stands', async () => {
    // The server answers "ready" for the first request only (stale); asked again it says paused.
    let first = true;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const h = setup({
      config: { options: { queues: false } },
      script: async (req) => {
        if (req.path !== 'agent/get_status') return undefined;
        if (first) {
          first = false;
          await gate;
          return ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'ready_free', calls: [] }] });
        }
        return ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'custom_pause', calls: [] }] });
      },
    });
    // Connect without the automatic get_status answering first: the refresh below is the gated one.
    h.adapter.start();
    await flush();
    const es = h.es();
    es.open();
    await flush();
    const s = storeOf(h);
    es.emit('on_agent_status', JSON.stringify({ agent: 'Jose', state: 'custom_pause', state_id: 12, pause_name: 'Lanche', calls: [] }));
    await flush();
    release();
    await flush();
    await until(() => h.seen.filter((r) => r.path === 'agent/get_status').length >= 2, 'the status asked again');
    await flush();
    s.sync();
    expect(s.phases).to.include('paused');
    expect(s.phases.slice(s.phases.indexOf('paused')), 'never ready after the newer on_agent_status').to.not.include('ready');
    await h.adapter.close();
  });

  it('the answer first, then the event → the event is applied (newest wins in either order)', async () => {
    const h = setup({
      config: { options: { queues: false } },
      script: (req) => (req.path === 'agent/get_status' ? ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'ready_free', calls: [] }] }) : undefined),
    });
    const es = await h.connect();
    const s = storeOf(h);
    await h.adapter.execute({ type: 'refresh' });
    expect(s.sync().agent.phase).to.equal('ready');
    es.emit('on_state_change', JSON.stringify({ agent: 'Jose', state: 'custom_pause', state_id: 12, pause_name: 'Lanche' }));
    await flush();
    expect(s.sync().agent.phase).to.equal('paused');
    await h.adapter.close();
  });

  it('get_status answering nothing or an error keeps the calls and the state it knows', async () => {
    let answer: Reply = ok('get_status', { resource: 'agent' });
    const h = setup({ config: { options: { queues: false } }, script: (req) => (req.path === 'agent/get_status' ? answer : undefined) });
    const es = await h.connect();
    const s = storeOf(h);
    es.emit('on_agent_status', JSON.stringify({ agent: 'Jose', state: 'ready_service', calls: [
      { media_type: 'voice', call_id: 'K1', call_state: 'busy', call_type: 'inbound', interlocutor: '4830001111' },
    ] }));
    await flush();
    expect(s.sync().agent.phase).to.equal('busy');
    await h.adapter.execute({ type: 'refresh' });
    answer = { body: { response: { command: 'get_status', status: 'error', error_type: 'not_found' } } };
    await rejection(h.adapter.execute({ type: 'refresh' }));
    answer = ok('get_status', { resource: 'agent', agents: [] });
    await h.adapter.execute({ type: 'refresh' });
    const snap = s.sync();
    expect(snap.calls.map((c) => [c.id, c.state])).to.deep.equal([['K1', 'active']]);
    expect(snap.agent.phase).to.equal('busy');
    await h.adapter.close();
  });
});

describe('interact adapter: consultation, conference and transfer', () => {
  /** Agent Jose in a call K1 with 4830001111, consulting 2005 (K2). */
  async function consulting(strictish: boolean) {
    const { h, es, s } = await inCall('K1');
    await h.adapter.execute({ type: 'consult', callId: 'K1', to: '2005' });
    if (!strictish) es.emit('on_call_hold', voice({ call_id: 'K1' }));
    if (!strictish) es.emit('on_call_generate', voice({ call_id: 'K2', call_type: 'outbound', interlocutor: '2005', call_source: 'internal_consultation' }));
    es.emit('on_call_consultation', voice({ call_id: 'K1', interlocutor: '4830001111', consultation_call_id: 'K2' }));
    await flush();
    return { h, es, s };
  }

  it('the consultation leg shows the number dialled, even when only on_call_consultation comes', async () => {
    const { h, s } = await consulting(true);
    const leg = s.sync().calls.find((c) => c.id === 'K2')!;
    expect(leg.remote.map((p) => p.number)).to.deep.equal(['2005']);
    expect(leg.state).to.equal('dialing');
    expect(leg.consultationOf).to.equal('K1');
    expect(s.store.snapshot.calls.find((c) => c.id === 'K1')!.state).to.equal('held');
    await h.adapter.close();
  });

  it('no event when the far end answers the consultation: get_status tells (polled only while dialling)', async () => {
    let legState: string | undefined;
    const status = (): Reply =>
      ok('get_status', {
        resource: 'agent',
        agents: [{ name: 'Jose', state: 'ready_service', calls: legState === undefined ? [] : [
          { media_type: 'voice', call_id: 'K1', call_state: 'held', call_type: 'inbound', interlocutor: '4830001111', consultation_call_id: 'K2' },
          { media_type: 'voice', call_id: 'K2', call_state: legState, call_type: 'outbound', interlocutor: '2005', call_source: 'internal_consultation' },
        ] }],
      });
    const { h, es, s } = await inCall('K1', (req) => (req.path === 'agent/get_status' ? status() : undefined));
    legState = 'calling';
    await h.adapter.execute({ type: 'consult', callId: 'K1', to: '2005' });
    es.emit('on_call_consultation', voice({ call_id: 'K1', interlocutor: '4830001111', consultation_call_id: 'K2' }));
    await flush();
    expect(s.sync().calls.find((c) => c.id === 'K2')?.state).to.equal('dialing');
    const asked = () => h.seen.filter((r) => r.path === 'agent/get_status').length;
    const before = asked();
    h.clock.advance(1000);
    await flush();
    expect(asked(), 'polled while dialling').to.equal(before + 1);
    expect(s.sync().calls.find((c) => c.id === 'K2')?.state, 'still ringing at the far end').to.equal('dialing');
    legState = 'busy';
    h.clock.advance(1000);
    await flush();
    const leg = s.sync().calls.find((c) => c.id === 'K2')!;
    expect(leg.state).to.equal('active');
    expect(leg.remote[0]?.number).to.equal('2005');
    const after = asked();
    h.clock.advance(5000);
    await flush();
    expect(asked(), 'no polling once nothing is dialling').to.equal(after);
    await h.adapter.close();
  });

  for (const order of ['receive first', 'conference first'] as const) {
    it(`conference: the original and consultation ids are eliminated, one new id (${order})`, async () => {
      const { h, es, s } = await consulting(false);
      es.emit('on_call_accept', voice({ call_id: 'K2' }));
      await flush();
      const conf = h.adapter.execute({ type: 'conference', callId: 'K1' });
      const receive = () => es.emit('on_call_receive', voice({ call_id: 'K3', call_state: 'conference', call_source: 'external_conference', interlocutor: '4830001111,2005', must_accept: false }));
      const conference = () => es.emit('on_call_conference', voice({ call_id: 'K3', call_state: 'conference', interlocutor: '4830001111,2005', owner: 'Jose' }));
      if (order === 'receive first') {
        receive();
        conference();
      } else {
        conference();
        receive();
      }
      await conf;
      await flush();
      const snap = s.sync();
      expect(h.seen.find((r) => r.path === 'agent/call_include_conference')!.body).to.contain('"call_id":"K2"');
      expect(snap.calls.map((c) => c.id), 'exactly one call: the conference').to.deep.equal(['K3']);
      const k3 = snap.calls[0]!;
      expect(k3.state).to.equal('conference');
      expect(k3.remote.map((p) => p.number)).to.deep.equal(['4830001111', '2005']);
      expect(k3.conferenceOwner).to.equal('Jose');
      expect(h.events.some((e) => e.type === 'call-offered' && e.call.id === 'K3'), 'never a ringing leg').to.equal(false);

      // Exclude a participant (same id, new participant list).
      await h.adapter.execute({ type: 'drop-party', callId: 'K3', party: '2005' });
      expect(JSON.parse(h.seen.at(-1)!.body)).to.deep.equal({ call_id: 'K3', contact: '2005', agent: 'Jose' });
      es.emit('on_call_conference', voice({ call_id: 'K3', call_state: 'conference', interlocutor: '4830001111', owner: 'Jose' }));
      await flush();
      const after = s.sync();
      expect(after.calls.map((c) => [c.id, c.state, c.remote.map((p) => p.number).join(',')])).to.deep.equal([['K3', 'conference', '4830001111']]);
      await h.adapter.close();
    });
  }

  it('included in a conference we did not make: get_status tells which of our ids are gone; the owner stays known', async () => {
    let calls: unknown[] = [];
    const { h, es, s } = await inCall('K1', (req) =>
      req.path === 'agent/get_status' && calls.length ? ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'ready_service', calls }] }) : undefined,
    );
    const asked = h.seen.filter((r) => r.path === 'agent/get_status').length;
    calls = [{ media_type: 'voice', call_id: 'K7', call_state: 'conference', call_type: 'inbound', interlocutor: 'Maria,4830001111' }];
    es.emit('on_call_conference', voice({ call_id: 'K7', call_state: 'conference', interlocutor: 'Maria,4830001111', owner: 'Maria' }));
    await flush();
    await until(() => h.seen.filter((r) => r.path === 'agent/get_status').length === asked + 1, 'get_status asked');
    await flush();
    const snap = s.sync();
    expect(snap.calls.map((c) => [c.id, c.state])).to.deep.equal([['K7', 'conference']]);
    expect(snap.calls[0]!.conferenceOwner, 'owner kept over a get_status that has none').to.equal('Maria');
    // The next event of that conference asks nothing more.
    es.emit('on_call_conference', voice({ call_id: 'K7', call_state: 'conference', interlocutor: 'Maria', owner: 'Maria' }));
    await flush();
    expect(h.seen.filter((r) => r.path === 'agent/get_status').length).to.equal(asked + 1);
    await h.adapter.close();
  });

  it('drop-party without a participant is refused locally (bad-request), nothing sent', async () => {
    const { h } = await inCall('K1');
    const sent = h.seen.length;
    expect(await rejection(h.adapter.execute({ type: 'drop-party', callId: 'K1', party: '  ' }))).to.include({ code: 'bad-request', detail: 'party' });
    expect(await rejection(h.adapter.execute({ type: 'consult', callId: 'K1', to: '' }))).to.include({ code: 'bad-request', detail: 'to' });
    expect(await rejection(h.adapter.execute({ type: 'transfer', callId: 'K1', to: ' ' }))).to.include({ code: 'bad-request', detail: 'to' });
    expect(h.seen.length).to.equal(sent);
    await h.adapter.close();
  });

  it('a refused conference eliminates nothing', async () => {
    const refuse = refusing('call_include_conference');
    let calls: unknown[] = [];
    const { h, es, s } = await inCall('K1', (req) =>
      req.path === 'agent/get_status' && calls.length ? ok('get_status', { resource: 'agent', agents: [{ name: 'Jose', state: 'ready_service', calls }] }) : refuse(req),
    );
    es.emit('on_call_consultation', voice({ call_id: 'K1', consultation_call_id: 'K2' }));
    // What the server has once someone else's conference K9 reaches us.
    calls = [
      { media_type: 'voice', call_id: 'K1', call_state: 'held', consultation_call_id: 'K2' },
      { media_type: 'voice', call_id: 'K2', call_state: 'busy', call_type: 'outbound' },
      { media_type: 'voice', call_id: 'K9', call_state: 'conference', interlocutor: '1,2' },
    ];
    await flush();
    const err = await rejection(h.adapter.execute({ type: 'conference', callId: 'K1' }));
    expect(err.code).to.equal('command-failed');
    // A conference reported later (by someone else's action) does not take our calls with it.
    es.emit('on_call_conference', voice({ call_id: 'K9', call_state: 'conference', interlocutor: '1,2' }));
    await flush();
    expect(s.sync().calls.map((c) => c.id).sort()).to.deep.equal(['K1', 'K2', 'K9']);
    await h.adapter.close();
  });

  it('transfer completed → the call shows transferred to whom (on_call_transfer, then on_call_end or not)', async () => {
    for (const withEnd of [true, false]) {
      const { h, es, s } = await inCall('T1');
      await h.adapter.execute({ type: 'transfer', callId: 'T1', to: 'Maria' });
      es.emit('on_call_transfer', JSON.stringify({ agent: 'Jose', transfer_from: 'Jose', transfer_to: 'Maria', previous_call_id: 'T1', call_id: 'T2', service: 'S' }));
      if (withEnd) es.emit('on_call_end', voice({ call_id: 'T1' }));
      await flush();
      const t1 = s.sync().calls.find((c) => c.id === 'T1')!;
      expect(t1.state, `withEnd ${withEnd}`).to.equal('ended');
      expect(t1.transferredTo).to.equal('Maria');
      expect(s.store.snapshot.calls.some((c) => c.id === 'T2'), 'the new id is not ours').to.equal(false);
      expect(s.store.snapshot.agent.phase).to.not.equal('busy');
      await h.adapter.close();
    }
  });

  it('transfer accepted and the call ends with no on_call_transfer → still shown as transferred (to the number asked)', async () => {
    const { h, es, s } = await inCall('T1');
    await h.adapter.execute({ type: 'transfer', callId: 'T1', to: ' 4830009999 ' });
    es.emit('on_call_end', voice({ call_id: 'T1' }));
    await flush();
    expect(s.sync().calls.find((c) => c.id === 'T1')).to.include({ state: 'ended', transferredTo: '4830009999' });
    await h.adapter.close();
  });

  it('a refused transfer leaves the call as it was; a later hang-up is a plain end', async () => {
    const { h, es, s } = await inCall('T1', refusing('call_transfer'));
    await rejection(h.adapter.execute({ type: 'transfer', callId: 'T1', to: 'Maria' }));
    expect(s.sync().calls.find((c) => c.id === 'T1')!.state).to.equal('active');
    es.emit('on_call_end', voice({ call_id: 'T1' }));
    await flush();
    const t1 = s.sync().calls.find((c) => c.id === 'T1')!;
    expect(t1.state).to.equal('ended');
    expect(t1.transferredTo).to.equal(undefined);
    await h.adapter.close();
  });
});
