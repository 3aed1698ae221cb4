/**
 * Dígitro Interact CTI adapter: one agent's connection, commands in, `DomainEvent`s out. The lifecycle is the
 * connection runtime's (`../runtime/`: connect, sign in, resync after every reconnect, outage shown once,
 * backoff with jitter, no retry after a refusal, fail fast while down, the heartbeat watchdog); the codec
 * (`codec.ts` + `codec-json.ts` / lazily imported `codec-xml.ts`) maps frames, the transport (`transport.ts`)
 * moves them, `channel.ts` is a monitor channel as the runtime's link (its `subscribe` the sign-in). This
 * module keeps the protocol mapping:
 *
 * ```
 *   EventSource open / on_open_channel ─► subscribe ──ok──► connected ─► get_status → snapshot, then the lists
 *     open refused: probe the status ── 403 → another channel id at once; 400/404 → refused (no retry loop)
 *     503 (open, subscribe, get_status) ─► waiting, status server-down, from serverDownBaseMs
 *   connected ─ on_server_state_change disconnected ─► server-down on the same channel (suspended): renew the
 *     subscription with backoff from serverDownBaseMs (503 every command meanwhile, L348); `connected` → now
 *   stream error / on_close_channel / no heartbeat for heartbeatTimeoutMs ─► reconnecting (same channel id)
 *   close() ─► unsubscribe + close_channel (the agent stays logged in); logout ─► agent/logout, then the same
 * ```
 *
 * Two links, one `Connection` each: the agent channel (its status is the session's) and, when
 * `options.queues`, the supervisor channel for queue statistics, opened once the agent's is connected, closed
 * with it, best effort (its status and errors are only logged; refused for good — licences are often missing —
 * it is not asked again). REST requests are plain HTTP request/response with a bound (`requestTimeoutMs`);
 * commands fail fast with `not-connected` while down (never queued). Options: `options.ts`.
 */
import { INTERACT_CAPABILITIES } from './capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { Capabilities, CtiError } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { Connection } from '../runtime/connection.js';
import { InteractAgent } from './agent.js';
import { MonitorChannel, channelCloseError, failureKind, isControl, type ChannelOwner, type Resource } from './channel.js';
import { plainRequest } from './commands.js';
import {
  QueueAggregator,
  agentSubscription,
  ctiError,
  interpretResponse,
  num,
  str,
  supervisorSubscription,
  type FrameFormat,
  type WireEvent,
  type WireObject,
} from './codec.js';
import { jsonFormat } from './codec-json.js';
import { InteractLists } from './lists.js';
import { readOptions, type InteractOptions } from './options.js';
import { InteractTransport } from './transport.js';

export { DEFAULT_OPTIONS, readOptions, type InteractOptions } from './options.js';

type Conn = Connection<WireEvent>;

class InteractAdapter implements VendorAdapter, ChannelOwner {
  readonly capabilities: Capabilities;
  readonly opts: InteractOptions;
  readonly clock: AdapterHost['clock'];
  agent: string;

  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #deps: AdapterDeps;
  #fmt: FrameFormat | undefined;
  #transport: InteractTransport | undefined;
  /** The agent channel's connection (a new one on every `start`). */
  #conn: Conn | undefined;
  /** The supervisor channel's connection, while the agent's is signed in. */
  #sup: Conn | undefined;
  #agentChannel: MonitorChannel | undefined;
  #supChannel: MonitorChannel | undefined;
  /** The supervisor subscription was refused for good (licence, invalid item): no queue statistics. */
  #supDisabled = false;
  /** Kept in memory only, for logout. Never logged, never in a URL. */
  #password: string | undefined;
  readonly #agent: InteractAgent;
  readonly #lists: InteractLists;
  readonly #queues = new QueueAggregator();

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    this.#deps = deps;
    this.clock = host.clock;
    this.agent = config.agent;
    this.opts = readOptions(config.options);
    this.capabilities = { ...INTERACT_CAPABILITIES, queues: this.opts.queues };
    this.#agent = new InteractAgent({
      clock: host.clock,
      dialingPollMs: this.opts.dialingPollMs,
      agent: () => this.agent,
      getStatus: () => this.call('GET', 'agent/get_status', undefined, { agent: this.agent }),
      emit: (e) => this.#host.emit(e),
      log: (level, message) => this.log(level, message),
      current: () => this.#current(),
      ready: () => this.#conn?.ready === true,
    });
    this.#lists = new InteractLists({
      clock: host.clock,
      get: (path, query) => this.call('GET', path, undefined, query),
      random: deps.random,
      emit: (e) => this.#host.emit(e),
      log: (level, message) => this.log(level, message),
    });
  }

  /* ------------------------------------------------------- ChannelOwner */

  get transport(): InteractTransport {
    return this.#transport!;
  }

  get fmt(): FrameFormat {
    return this.#fmt!;
  }

  randomChannelId(): number {
    const { channelIdMin: min, channelIdMax: max } = this.opts;
    const r = Math.min(0.999999, Math.max(0, this.#deps.random()));
    return min + Math.floor(r * (max - min + 1));
  }

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.#host.log(level, `interact: ${message}`);
  }

  async call(method: 'GET' | 'POST', path: string, body?: WireObject, query?: Record<string, string | number | undefined>): Promise<WireObject> {
    const command = path.slice(path.lastIndexOf('/') + 1);
    const transport = this.#transport;
    if (!transport) throw ctiError('not-connected', this.clock.now(), { operation: command });
    this.log('debug', `${method} ${path}`);
    const answer = await transport.request({
      method,
      path,
      ...(query ? { query } : {}),
      ...(body && method === 'POST' ? { body: this.fmt.encodeRequest(body) } : {}),
      timeoutMs: this.opts.requestTimeoutMs,
    });
    const result = interpretResponse(this.fmt, command, answer.status, answer.text, this.clock.now());
    if (!result.ok) {
      if (result.why) this.log('warn', `${command}: ${result.why}`);
      throw result.error;
    }
    return result.body;
  }

  /* ---------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#conn && this.#conn.state !== 'closed') return;
    this.#agentChannel = this.#monitor('agent');
    this.#supChannel = undefined;
    const conn = (this.#conn = this.#connection('agent', this.#agentChannel));
    if (this.#fmt) return conn.start();
    const xml = this.#config.format === 'xml';
    (xml ? import('./codec-xml.js').then((m) => m.xmlFormat) : Promise.resolve(jsonFormat)).then(
      (fmt) => {
        this.#fmt = fmt;
        this.#transport ??= new InteractTransport(this.#config.server, fmt.format, fmt.contentType, {
          fetch: this.#deps.fetch,
          EventSource: this.#deps.EventSource,
          clock: this.clock,
          log: (level, message) => this.log(level, message),
        });
        if (this.#conn === conn) conn.start();
      },
      (e: unknown) => {
        if (this.#conn !== conn) return;
        this.log('error', `XML codec failed to load: ${String(e)}`);
        conn.refuse(conn.error('internal', 'start', 'xml-codec'));
      },
    );
  }

  async close(): Promise<void> {
    if (!this.#conn || this.#conn.state === 'closed') return;
    this.log('info', 'closing (the agent stays logged in)');
    await this.#shutdown();
  }

  /** Close both connections (every timer stops, status `closed`), then unsubscribe + close both channels. */
  async #shutdown(): Promise<void> {
    const channels = [this.#supChannel, this.#agentChannel].filter((c): c is MonitorChannel => !!c);
    const live = channels.map((c) => c.live);
    this.#stopTimers();
    this.#closeSupervisor();
    this.#conn?.close();
    await Promise.all(channels.map((c, i) => c.shutdown(live[i]!)));
  }

  /** A monitor channel (its id and subscription outlive its links: one per `start`). */
  #monitor(resource: Resource): MonitorChannel {
    const connOf = () => (resource === 'agent' ? this.#conn : this.#sup);
    return new MonitorChannel(resource, this, {
      subscriptionBody: (channelId, id) =>
        resource === 'agent'
          ? agentSubscription({ agent: this.agent, channelId, expires: this.opts.expires, ...(id !== undefined ? { id } : {}) })
          : supervisorSubscription({ channelId, expires: this.opts.expires, updateInterval: this.opts.updateInterval, ...(id !== undefined ? { id } : {}) }),
      refuse: (error) => this.#refuse(connOf(), resource, error),
      failed: (error) => {
        const conn = connOf();
        const kind = failureKind(error);
        if (kind === 'fatal') this.#refuse(conn, resource, error);
        // The server is down behind a live channel: keep it, try again on it (suspended).
        else if (kind === 'server-down') conn?.suspend(error);
        else conn?.lose(error);
      },
    });
  }

  /**
   * One channel's connection. The agent's reports its status and errors; the supervisor's only logs them
   * (queue statistics are optional) and is not asked again once refused.
   */
  #connection(resource: Resource, channel: MonitorChannel): Conn {
    const agent = resource === 'agent';
    const host: AdapterHost = agent
      ? this.#host
      : { clock: this.clock, log: (level, message) => this.#host.log(level, message), emit: (e) => e.type === 'error' && this.log('info', `supervisor: ${e.error.code}`) };
    const conn: Conn = new Connection<WireEvent>({
      name: agent ? 'Interact' : 'Interact supervisor',
      host,
      random: this.#deps.random,
      backoff: { baseMs: this.opts.reconnectBaseMs, maxMs: this.opts.reconnectMaxMs, serverDownBaseMs: this.opts.serverDownBaseMs },
      requestTimeoutMs: this.opts.requestTimeoutMs,
      open: (events) => channel.open(events),
      // The agent channel subscribes `agents: [agent]` before any login: without one the server only answers
      // "unknown items in subscription". A configuration problem, refused before anything is opened.
      ...(agent ? { configProblem: () => this.#configProblem() } : {}),
      authenticate: () => this.#subscribe(conn, channel),
      synchronise: agent ? () => this.#synchronise(conn) : async () => undefined,
      closeError: (status, reason) => channelCloseError(status, reason, this.clock.now()),
      // A 503: the server says it is down (one condition per outage, its own delay).
      serverDown: (error) => failureKind(error) === 'server-down',
      // An event name not known at all: shown once per name and link (the runtime's rule).
      receive: (ev) => (ev.kind === 'error' && ev.error.code === 'unknown-event' ? conn.unknownEvent(ev.error.detail as string) : this.#event(ev, agent)),
      ...(agent ? { lost: () => (this.#closeSupervisor(), this.#stopTimers()) } : {}),
      // Interact's heartbeat (`data: {}` after 15 s without events, L244): nothing heard → the channel is dead.
      watchdog: { kind: 'silence', limitMs: this.opts.heartbeatTimeoutMs },
    });
    return conn;
  }

  #configProblem(): CtiError | undefined {
    if (this.agent.trim()) return undefined;
    // The generic missing-data message; the detail names the attribute (the es catalog has no room for more).
    return ctiError('missing-data', this.clock.now(), { operation: 'connect', detail: 'agent (cti-provider)', vendorCode: 'no-agent' });
  }

  /** The runtime's sign-in: subscribe (or renew, on a suspended channel). */
  async #subscribe(conn: Conn, channel: MonitorChannel): Promise<void> {
    const renewal = channel.subscribed;
    try {
      await channel.subscribe();
    } catch (e) {
      const err = e as CtiError;
      const kind = failureKind(err);
      if (kind === 'fatal') this.#refuse(conn, channel.resource, err);
      // Still down behind a channel that lives: wait on it (a new channel is no cure).
      else if (kind === 'server-down' && renewal) conn.suspend(err);
      throw err;
    }
  }

  /** Refused for good: the agent's is shown (no retry loop); the supervisor's only logged (an optional feature). */
  #refuse(conn: Conn | undefined, resource: Resource, error: CtiError): void {
    if (resource === 'supervisor') {
      this.log('warn', `queue statistics unavailable (${error.code}${error.vendorCode ? ` ${error.vendorCode}` : ''}); not retrying`);
      this.#supDisabled = true;
    } else {
      this.log('error', `channel failed for good (${error.code}); not retrying`);
    }
    conn?.refuse(error);
  }

  /** After every (re)connect: the supervisor channel, `get_status` → snapshot, then the lists. */
  async #synchronise(conn: Conn): Promise<void> {
    if (this.opts.queues && !this.#supDisabled && !this.#sup) {
      this.#sup = this.#connection('supervisor', (this.#supChannel ??= this.#monitor('supervisor')));
      this.#sup.start();
    }
    const current = this.#current(conn);
    try {
      await this.#agent.snapshot();
    } catch (e) {
      if (!current()) return;
      const err = e as CtiError;
      this.log('warn', `get_status failed (${err.code})`);
      // The server is down: the runtime waits (server-down) and opens the channel again.
      if (failureKind(err) === 'server-down') throw err;
      // An error-shaped answer (an agent not logged in yet, a server that refuses the query) is no
      // news: the state we know stays and nothing is shown. A request that got no answer is shown.
      if (failureKind(err) === 'retry') this.#host.emit({ type: 'error', error: err });
    }
    // The server went down during the resync (on_server_state_change): the runtime keeps it suspended; no lists.
    if (!conn.ready) return;
    void this.#lists.load('pauses', current);
    void this.#lists.load('classifications', current);
  }

  #closeSupervisor(): void {
    this.#sup?.close();
    this.#sup = undefined;
  }

  /** Whether work started now still belongs to the connection: the same link (the runtime's generation: a loss, refusal or close ends it). */
  #current(conn = this.#conn): () => boolean {
    const generation = conn?.generation;
    return () => conn !== undefined && conn.generation === generation;
  }

  #stopTimers(): void {
    this.#agent.stop();
    this.#lists.stop();
  }

  /* ------------------------------------------------------------- events */

  /** One channel's event: the agent's events on the agent channel, the statistics on the supervisor's. */
  #event(ev: WireEvent, agent: boolean): void {
    switch (ev.kind) {
      case 'server-state':
        return this.#serverState(ev.connected);
      case 'error':
        return this.#badFrame(ev.error, ev.why);
      case 'agent':
        if (agent) return this.#agent.event(ev);
        break;
      case 'ignored':
        if (agent) return this.log('debug', `ignored ${ev.name}`);
        break;
      case 'service-stats':
      case 'agent-stats': {
        if (agent) break;
        const now = this.clock.now();
        const e = ev.kind === 'service-stats' ? this.#queues.serviceStats(ev.services, now) : this.#queues.agentStats(ev.agents, now);
        if (e) this.#host.emit(e);
        return;
      }
    }
    if (agent && !isControl(ev)) this.log('debug', `unexpected ${ev.kind} on the agent channel`);
  }

  #badFrame(error: CtiError, why: string | undefined): void {
    this.log('warn', `bad frame: ${why ?? error.detail ?? error.code}`);
    this.#host.emit({ type: 'error', error });
  }

  /**
   * `on_server_state_change` (L2171-2187, on every open channel): the link between Interact CTI and the Interact
   * process dropped or came back. Down: every command is refused with 503 (L348), the channel lives: the
   * runtime suspends on it (server-down, shown once) and renews the subscription with backoff in case
   * `connected` is missed. Back: renew and resync now (get_status again: "not stated in the manual").
   */
  #serverState(connected: boolean): void {
    const conn = this.#conn!;
    if (!connected) {
      if (!conn.ready) return;
      this.log('warn', 'Interact server disconnected from its back-end');
      conn.suspend(conn.error('server-unavailable', 'on_server_state_change'));
      return;
    }
    if (conn.state === 'suspended') {
      this.log('info', 'Interact server back; renewing and resyncing');
      conn.retryNow();
    }
  }

  /* ----------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    const conn = this.#conn;
    if (!conn) throw ctiError('not-connected', this.clock.now(), { operation: command.type, detail: 'idle' });
    // A request's failure names the command.
    const named = <T>(p: Promise<T>): Promise<T> =>
      p.catch((e: CtiError) => {
        throw { ...e, operation: command.type } satisfies CtiError;
      });
    if (command.type === 'refresh') return conn.ready ? named(this.#agent.snapshot()) : conn.retryNow();
    conn.requireReady(command.type);
    const agent = this.agent;
    const post = (cmd: string, body: WireObject): Promise<WireObject> => {
      this.log('info', `command ${command.type} (${cmd})`);
      return named(this.call('POST', `agent/${cmd}`, body));
    };
    // A refusal of ours: the field (or the command) as detail, the sentence in the log.
    const local = (code: CtiError['code'], detail: string, why: string): CtiError => {
      this.log('info', `${command.type} refused (${detail}): ${why}`);
      return conn.error(code, command.type, detail);
    };
    const plain = plainRequest(command, agent, local);
    if (plain) {
      const request = post(...plain);
      // set_state: its answer may tell of a pause pending (agent.ts).
      return plain[0] === 'set_state'
        ? this.#agent.setState(request, command.type === 'pause' ? { reasonId: command.reasonId, reasonName: this.#lists.pauseName(command.reasonId) } : undefined)
        : void (await request);
    }
    switch (command.type) {
      case 'login':
        if (!command.password) throw local('missing-data', 'password', 'password required');
        return named(this.#login(command.agent || agent, command.password, command.extension, post));
      case 'logout': {
        const password = command.password ?? this.#password;
        if (!password) throw local('missing-data', 'password', 'password required to log out');
        await post('logout', { agent, password });
        this.#password = undefined;
        this.#host.emit({ type: 'logged-out' });
        await this.#shutdown();
        return;
      }
      case 'end-after-call': {
        const callId = command.callId ?? this.#agent.calls.lastReleased;
        if (!callId) throw local('invalid-state', 'callId', 'no call in after-call work');
        await post('after_call_terminate', { call_id: callId, agent });
        return;
      }
      case 'classify':
        await post('classify', { call_id: command.callId, classify_id: num(command.classificationId) ?? command.classificationId, agent });
        // The manual documents no event for a classification: the call is still released, no longer
        // owes a classification, and its wrap-up starts now (as the server starts it).
        this.#host.emit({ type: 'call-released', callId: command.callId, mustClassify: false, wrapUpSeconds: this.#agent.calls.classified(command.callId) });
        return;
      case 'consult':
        if (!command.to.trim()) throw local('bad-request', 'to', 'empty number');
        return this.#agent.calls.consult(command.callId, command.to.trim(), agent, post);
      case 'transfer':
        if (!command.to.trim()) throw local('bad-request', 'to', 'empty destination');
        return this.#agent.calls.transfer(command.callId, command.to.trim(), agent, post);
      case 'conference':
        return this.#agent.calls.conference(command.callId, agent, post);
      default:
        throw local('unsupported', command.type, 'unknown command');
    }
  }

  async #login(who: string, password: string, extension: string | undefined, post: (cmd: string, body: WireObject) => Promise<WireObject>): Promise<void> {
    // The server sends the events of the agents the subscription names ("lista_de_agentes", L412, L422): another
    // agent than the one followed is subscribed first (the same subscription, renewed: L631-635), and the one
    // followed before again if that or the sign-in is refused.
    const before = this.agent;
    const other = who.toLowerCase() !== before.toLowerCase();
    try {
      if (other) await this.#follow(who);
      const stateSeq = this.#agent.stateSeq;
      const branch = extension || this.#config.extension;
      const body = await post('login', { agent: who, password, ...(branch ? { branch } : {}) });
      this.#password = password;
      this.#agent.loggedIn(str(body['agent']) || who, str(body['branch']) ?? branch, stateSeq);
    } catch (e) {
      if (other) this.#follow(before).catch((err: CtiError) => this.log('warn', `subscription back to ${before} failed (${err.code})`));
      throw e;
    }
  }

  /** Follow `agent`: the agent channel's subscription renewed for it. */
  #follow(agent: string): Promise<void> {
    this.agent = agent;
    return this.#agentChannel!.subscribe();
  }
}

export const createInteractAdapter: AdapterFactory = (config, host, deps) => new InteractAdapter(config, host, deps);
