/**
 * Tactium IP adapter: the Tactium IP INTEGRADOR socket (TCP, default port 34025) reached through a websockify
 * relay. Commands in, `DomainEvent`s out. The lifecycle is the connection runtime's (`../runtime/`: connect,
 * bind, resync after every reconnect, outage shown once, backoff with jitter (a refused bind too),
 * fail fast while down, the status poll as watchdog); the relay link moves bytes, decodes windows-1252 and cuts
 * `$`-ended messages; the codec (`codec.ts`) says what a message means. This module keeps the protocol mapping:
 *
 * ```
 *   link open ─► <agent><L><ON>$ ──<OK>──► connected ─► <AC>$<S>$ ─► snapshot
 *                  │ error reply: bind refused ─► server-unavailable (bind-refused), shown once, retried with backoff
 *                  │ (ADMSOCKET's: auth-failed, refused, no retry loop)
 *   close codes: never opened → relay-unavailable; opened then 1011 (vendor port closed) → vendor-unreachable
 *   connected: every statusPollMs (and after every command that changes state or is refused) <S> → agent phase;
 *              no answer in requestTimeoutMs → keep-alive-lost, the link is dropped and opened again.
 *   close() ─► relay closed (the agent stays logged in: Tactium's login belongs to the IP Client)
 * ```
 *
 * Replies carry no id: requests are correlated by order (one on the wire at a time); a reply is matched to it
 * by kind (`<OK>`, `<S>`, `<EndCall>` for `<D>`), and anything error-shaped while it waits (an `<ERRO>` field,
 * an unknown kind, text outside `<…>`) fails it as `command-failed`, its detail the server's words (`replyWords`:
 * the seed has no result codes to translate), the raw reply in the log. Requests and queries: `queries.ts`. The seed promises no
 * reply to a dial (4.9) nor to `<AC>` with no call (4.11): both are fenced by `<S>` (whose reply is promised),
 * so nothing waits for a reply that may never come. Events are handled whether or not they also answer.
 *
 * Roles (`options.role`): `agent` (default) binds `config.agent`; `supervisor` binds `ADMSOCKET` and turns every
 * agent's call events into `team` updates (`team.ts`); it never acts as an agent. Options: `options.ts`.
 */
import { TACTIUM_CAPABILITIES } from './capabilities.js';
import { supervisorCapabilities } from '../../domain/capabilities/shared.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, CallReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { Capabilities, CtiError, ErrorCode, PauseInfo } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { DollarFramer } from '../relay/framing-dollar.js';
import { Connection, refusal } from '../runtime/connection.js';
import { openRelayLink, relayCloseError } from '../runtime/relay-link.js';
import { ADMSOCKET, OUTSIDE_MESSAGE, decodeItem, fieldProblem, sameLogin, statusPhase } from './codec.js';
import * as TactiumCommand from './commands.js';
import type { TactiumMessage } from './codec.js';
import { callbackInput, dialInput, isInputProblem, pauseInput, type InputProblem } from './codec-input.js';
import { AgentCall } from './calls.js';
import { readTactiumOptions, type TactiumOptions } from './options.js';
import { TactiumQueries, failureDetail, type Ask, type CurrentCall, type Request } from './queries.js';
import { TactiumTeam } from './team.js';

export { DEFAULT_TACTIUM_ENCODING, readTactiumOptions, type TactiumOptions } from './options.js';

/**
 * Seed 4.12 shows no `Retorno` for `<ADMSOCKET><L><ON>$`: the supervisor bind waits this long (at most) for a
 * refusal or an `<OK>`; silence means bound.
 */
export const ADMSOCKET_BIND_WAIT_MS = 1_000;


class TactiumAdapter implements VendorAdapter {
  readonly capabilities: Capabilities;
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #opts: TactiumOptions;
  /** The login this connection binds: the agent, or ADMSOCKET. */
  readonly #login: string;
  readonly #conn: Connection<TactiumMessage, Request>;
  readonly #team: TactiumTeam | undefined;
  #closed = false;
  /** The status and current-call queries (`queries.ts`). */
  readonly #queries: TactiumQueries;

  /** Agent role: the last status code, the pause reason we asked for, the call. */
  #code: string | undefined;
  #pause: PauseInfo | undefined;
  readonly #calls: AgentCall;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    const opts = (this.#opts = readTactiumOptions(config.options));
    const base = TACTIUM_CAPABILITIES;
    // Seed 4.9: the dial's service field "can be blank" (the call is then linked to none): optional, unless the
    // administrator requires one (`requireService`) and configured no default; a default is the placeholder.
    const caps: Capabilities = {
      ...base,
      dialService: opts.requireService && !opts.defaultService ? 'required' : 'optional',
      ...(opts.defaultService ? { defaultService: opts.defaultService } : {}),
    };
    const supervisor = opts.role === 'supervisor';
    this.capabilities = supervisor ? supervisorCapabilities(caps) : caps;
    this.#login = supervisor ? ADMSOCKET : config.agent.trim();
    this.#calls = new AgentCall((e) => this.#emit(e), (level, message) => host.log(level, message));
    this.#team = supervisor
      ? new TactiumTeam(opts.agents, {
          emit: (e) => this.#emit(e),
          log: (level, message) => host.log(level, message),
          report: (code, detail) => this.#report(this.#conn.error(code, 'receive', detail)),
          askStatus: (login) => void this.#queries.statusOf(login).catch(() => undefined),
          now: () => this.#now(),
        })
      : undefined;
    const logins = supervisor ? opts.agents : [this.#login];
    this.#queries = new TactiumQueries({
      request: (spec) => this.#request(spec),
      handle: (m, request) => this.#handle(m, request),
      log: (level, message) => host.log(level, message),
      supervisor,
    });
    this.#conn = new Connection<TactiumMessage, Request>({
      name: 'Tactium',
      host,
      random: deps.random,
      backoff: { baseMs: opts.reconnectBaseMs, maxMs: opts.reconnectMaxMs },
      requestTimeoutMs: opts.requestTimeoutMs,
      open: (events) =>
        openRelayLink(
          {
            WebSocket: deps.WebSocket,
            url: config.server.trim(),
            encoding: opts.encoding,
            framer: () => new DollarFramer({ maxChars: opts.maxMessageChars }),
            decode: decodeItem,
          },
          events,
        ),
      configProblem: () => this.#configProblem(),
      authenticate: () => this.#bind(),
      synchronise: () => this.#resync(),
      closeError: (code, reason, opened) => relayCloseError(host, 'Tactium', code, reason, opened),
      receive: (m) => this.#onMessage(m),
      lost: () => this.#calls.unconfirmed(),
      timedOut: (request, silence) => {
        if (silence === 'resolve') this.#host.log('info', `Tactium: no answer to ${request.payload}: bound (seed 4.12 shows no reply)`);
        // A command met silence: is the link still alive? The status poll answers that.
        else this.#conn.pollNow();
      },
      // The status poll is the watchdog (a status request met by silence drops the link).
      ...(opts.statusPollMs > 0 && logins.length > 0
        ? { watchdog: { kind: 'poll', everyMs: opts.statusPollMs, probe: () => Promise.allSettled(logins.map((l) => this.#queries.statusOf(l))) } as const }
        : {}),
    });
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#conn.state !== 'idle') return;
    if (this.#opts.role === 'agent' && !this.#configProblem(false)) this.#emit({ type: 'pause-reasons', reasons: this.#opts.pauseReasons });
    this.#conn.start();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#conn.close();
  }

  /** A configuration the connection cannot start with; its detail is the attribute's name (`log`: say why). */
  #configProblem(log = true): CtiError | undefined {
    const bad = (detail: string, why: string): CtiError => (log ? this.#refuse('bad-request', 'connect', detail, why) : this.#conn.error('bad-request', 'connect', detail));
    if (!this.#config.server.trim()) return bad('server', 'no relay URL (config.server: ws(s)://relay:port/?token=NAME)');
    // The translated error.tactium.no-agent names the attribute; the detail is its name (a code, not words).
    if (!this.#login) return { ...this.#conn.error('missing-data', 'connect', 'agent'), vendorCode: 'no-agent' };
    const unsafe = fieldProblem(this.#login);
    return unsafe ? bad('agent', `config.agent ${unsafe}`) : undefined;
  }

  async #bind(): Promise<void> {
    this.#host.log('debug', `Tactium: relay open, binding ${this.#login}`);
    const bind = TactiumCommand.bind(this.#login);
    // Seed 4.1 promises `<OK>` for an agent; 4.12 shows no reply for ADMSOCKET: silence is no refusal.
    const admsocket = this.#login === ADMSOCKET;
    const wait = admsocket ? Math.min(this.#opts.requestTimeoutMs, ADMSOCKET_BIND_WAIT_MS) : this.#opts.requestTimeoutMs;
    await this.#request({ op: 'bind', kind: 'bind', payload: bind, accepts: (m) => m.kind === 'ok' && sameLogin(m.login, this.#login), timeoutMs: wait, silence: admsocket ? 'resolve' : 'fail' }).catch((e: CtiError) => {
      // Seed 4.1's note: the bind subscribes to an agent "já logado através do IP Client", so a server may refuse
      // it until the agent logs in there (a CRM opened first). No credentials, no lockout: an outage, shown once
      // and retried with the runtime's backoff until it binds (then it clears). ADMSOCKET's refusal stays final.
      if (e.code === 'command-failed') throw { ...e, code: admsocket ? 'auth-failed' : 'server-unavailable', operation: 'bind', vendorCode: 'bind-refused' };
      // The runtime's detail (`no-answer`) stays; the sentence with the bind as sent goes to the log.
      if (e.code === 'timeout') this.#host.log('warn', `Tactium: no answer to ${bind} in ${wait} ms`);
      throw e;
    });
  }

  /** Read everything again (after a (re)connect or a `refresh`) and publish it. */
  async #resync(): Promise<void> {
    const team = this.#team;
    if (team) {
      this.#emit({ type: 'snapshot', agent: { phase: AgentPhase.LoggedOut, detail: 'supervisor' }, calls: [] });
      team.reset();
      for (const agent of this.#opts.agents) void this.#queries.currentCallOf(agent).catch(() => undefined);
      return;
    }
    const generation = this.#conn.generation;
    await this.#queries.currentCallOf(this.#login, true, (current) => {
      if (generation === this.#conn.generation) this.#applyResync(current);
    });
  }

  /** The resync's answer → one authoritative snapshot (run as the fence's reply is read, before any later event). */
  #applyResync(current: CurrentCall): void {
    // An error-shaped status reply keeps the status we knew (never thrown away for an unexpected reply).
    const code = current.code ?? this.#code;
    const known = this.#calls.current;
    const calls: CallReport[] = [];
    if (current.call) {
      calls.push(this.#calls.adopt(current.call, undefined).report);
    } else if (known && code === '3' && (current.answer === 'none' || current.answer === 'error')) {
      // `<AC>` said nothing usable but the agent is still busy: the call we knew is still going on.
      calls.push(known.report);
    } else {
      this.#calls.forget();
    }
    this.#code = code;
    const agent: AgentReport =
      code !== undefined ? this.#agentReport(code) : { phase: AgentPhase.Unknown, detail: 'status-unknown', agentId: this.#login };
    this.#emit({ type: 'snapshot', agent, calls });
  }

  /* ------------------------------------------------------------- requests */

  /** Send a request (correlated by order; failure-shaped replies fail it). Routine status polls are not logged. */
  #request(spec: Ask): Promise<TactiumMessage | undefined> {
    if (spec.kind !== 'status') this.#host.log('debug', `Tactium → ${spec.payload}`);
    return this.#conn.request({ ...spec, by: 'order', fails: failureDetail });
  }

  /** A command whose reply is `<OK>`. */
  async #command(op: string, payload: string): Promise<void> {
    await this.#request({ op, kind: 'command', payload, accepts: (m) => m.kind === 'ok' && sameLogin(m.login, this.#login) });
  }

  /** After a command that changes the agent's state: read it now (failures are the watchdog's business). */
  async #refreshStatus(): Promise<void> {
    await this.#queries.statusOf(this.#login).catch(() => undefined);
  }

  /* --------------------------------------------------------------- incoming */

  #onMessage(m: TactiumMessage): void {
    if (m.kind === 'empty') {
      // A `$` ending no message (`$$`, a stray `$`): nothing to read, never a reply nor an error (framing-dollar.ts).
      this.#host.log('debug', 'Tactium: a $ with no message before it ignored');
      return;
    }
    if (m.kind !== 'status' && m.kind !== 'ok') this.#host.log('debug', `Tactium ← ${m.raw || m.kind}`);
    if (m.kind === 'malformed') {
      // The code as detail (a title); the sentence and the (cut) wire text only in the log.
      this.#host.log('warn', `Tactium: unreadable message (${m.reason})${m.raw ? `: ${m.raw}` : ''}`);
      this.#report(this.#conn.error('malformed-frame', 'receive', m.code));
      return;
    }
    const match = this.#conn.requests.match(m);
    const request = match?.request;
    if (match?.outcome === 'reply') {
      this.#handle(m, request);
      request?.answered?.(m);
    } else if (match?.outcome === 'failed') {
      // Replies carry no id: something unexpected while a command waits is that command's failure.
      this.#host.log('warn', `Tactium: ${request?.payload} failed: ${m.raw}`);
      // A command's failure is shown by `execute`; a poll's or a query's nobody awaits: show it here.
      if (request?.kind === 'status' || request?.kind === 'query') this.#handle(m, undefined);
      request?.answered?.(undefined);
    } else if (!match) {
      this.#handle(m, undefined);
    }
  }

  /** A message as an event (it may also have answered `request`). */
  #handle(m: TactiumMessage, request: Ask | undefined): void {
    if (m.kind === 'unknown') return this.#conn.unknownEvent(m.name);
    if (this.#team) return this.#team.handle(m, request?.subject !== undefined);
    if ('login' in m && !sameLogin(m.login, this.#login) && m.kind !== 'error') {
      this.#host.log('warn', `Tactium: a message for another login ignored (${m.raw})`);
      return;
    }
    switch (m.kind) {
      case 'status':
        return this.#onStatus(m.code, request?.quiet === true);
      case 'call':
        if (this.#calls.onCall(m.call, request?.service)) void this.#refreshStatus();
        return;
      case 'end-call':
        return this.#onEndCall();
      case 'recording':
        return this.#calls.recording(m.path);
      case 'ok':
      case 'no-call':
        if (!request) this.#host.log('debug', `Tactium: ${m.raw} answers nothing waiting`);
        return;
      case 'error':
        this.#host.log('warn', `Tactium: error reply with no command waiting: ${m.raw}`);
        return this.#report(this.#conn.error('command-failed', 'receive', failureDetail(m)));
      case 'garbage':
        this.#host.log('warn', `Tactium: text outside any message: ${m.raw}`);
        return this.#report(this.#conn.error('malformed-frame', 'receive', OUTSIDE_MESSAGE));
      case 'malformed':
        return;
    }
  }

  /* ------------------------------------------------------------ agent role */

  #onStatus(code: string, quiet: boolean): void {
    const previous = this.#code;
    this.#code = code;
    if (code !== '2') this.#pause = undefined;
    if (quiet) return;
    this.#dialStatus(code);
    // Repeating an unchanged report is harmless: the store keeps the same snapshot.
    const agent = this.#agentReport(code);
    if ((previous === undefined || previous === '0') && code !== '0') {
      // Logged in through the IP Client since we last looked: a fresh, authoritative picture.
      const call = this.#calls.current;
      this.#emit({ type: 'snapshot', agent, calls: call ? [call.report] : [] });
      return;
    }
    this.#emit({ type: 'agent', agent });
  }

  #agentReport(code: string): AgentReport {
    const { phase, detail } = statusPhase(code);
    const pause = phase === AgentPhase.Paused ? (this.#pause ?? { reasonId: '', reasonName: '' }) : undefined;
    return { phase, detail, agentId: this.#login, ...(pause ? { pause } : {}) };
  }

  /**
   * A status read while a dial waits for its `<A>`. Busy (3), the dial sent and no call yet: the server took it,
   * so the agent sees it at once as a call being dialled, with hang-up (seed 4.10 ends "a ligação corrente").
   * It goes when a status read says the server has no call (any other status: the dial failed or ended unseen),
   * or, the seed giving no ring time, at the first status read `dialWaitMs` after it showed with no `<A>` yet.
   */
  #dialStatus(code: string): void {
    const dialed = this.#calls.dialed;
    const call = this.#calls.current;
    if (code === '3' && dialed && !call) this.#calls.dialing(dialed, this.#now());
    else if (call?.dial && (code !== '3' || this.#now() - call.dial.at >= this.#opts.dialWaitMs)) {
      this.#host.log('info', `Tactium: dial ${call.dial.phone} no longer shown (status ${code})`);
      this.#calls.end(call);
    }
  }

  #onEndCall(): void {
    const call = this.#calls.current;
    if (!call) {
      this.#host.log('debug', 'Tactium: <EndCall> with no call known');
      // Seed 5.4 (L422, "a ligação corrente foi finalizada"): a dial whose <A> never came is over; a later call
      // to that number (from the IP Client) is not ours and does not take its service.
      this.#calls.dialed = undefined;
      void this.#refreshStatus();
      return;
    }
    this.#calls.end(call, false);
    // The status first, so after-call work (4) comes with the call's end instead of a moment of "ready".
    void this.#refreshStatus().finally(() => this.#emit({ type: 'call-ended', callId: call.id }));
  }

  /* ------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    try {
      await this.#execute(command);
    } catch (e) {
      const error = e as CtiError;
      this.#host.log('warn', `Tactium: ${command.type} failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
      this.#report(error);
      // The server refused: the agent may have acted in the IP Client, and the seed pushes no status (4.6, L199-221,
      // is a query): read it now, not at the next poll, so the panel does not keep a state the server left.
      if (error.code === 'command-failed') void this.#refreshStatus();
      throw error;
    }
  }

  async #execute(command: Command): Promise<void> {
    if (command.type === 'refresh') {
      if (this.#conn.ready) await this.#conn.synchronise();
      else this.#conn.retryNow();
      return;
    }
    if (this.#team) throw this.#refuse('unsupported', command.type, 'role', 'a supervisor session (options.role = supervisor) never acts as an agent');
    this.#conn.requireReady(command.type);
    const login = this.#login;
    switch (command.type) {
      case 'login':
        return this.#loginCommand(command.agent);
      case 'logout':
        await this.#command('logout', TactiumCommand.logoff(login));
        return this.#refreshStatus();
      case 'ready':
        await this.#command('ready', TactiumCommand.resume(login));
        return this.#refreshStatus();
      case 'pause':
        return this.#pauseCommand(command.reasonId);
      case 'end-after-call':
        await this.#command('end-after-call', TactiumCommand.endAfterCall(login));
        return this.#refreshStatus();
      case 'dial':
        return this.#dial(command.to, command.service);
      case 'hangup': {
        if (this.#calls.current?.id !== command.callId) throw this.#refuse('invalid-state', 'hangup', 'callId', 'no such call');
        await this.#request({ op: 'hangup', kind: 'command', payload: TactiumCommand.hangup(login), accepts: (m) => m.kind === 'end-call' && sameLogin(m.login, login) });
        return;
      }
      case 'dialer-outcome':
        return this.#dialerOutcome(command.outcome, command.callId);
      case 'schedule-callback':
        return this.#scheduleCallback(command.at, command.number, command.agent);
      default:
        throw this.#refuse('unsupported', command.type, command.type, `Tactium has no ${command.type}`);
    }
  }

  /**
   * The agent logs in through the Tactium IP Client; here "sign in" binds again and checks the status.
   * Logged out (0) is refused in words: there is nothing the socket can do about it.
   */
  async #loginCommand(agent: string): Promise<void> {
    const who = agent.trim();
    if (who && !sameLogin(who, this.#login)) {
      throw this.#refuse('bad-request', 'login', 'agent', `this session is bound to ${this.#login}; a session for ${who} needs its own config.agent`);
    }
    await this.#command('login', TactiumCommand.bind(this.#login));
    if ((await this.#queries.statusOf(this.#login)) === '0') {
      // The translated `error.tactium.ip-client-logged-out` says it all: the detail is the seed's status (a code).
      this.#host.log('info', 'Tactium: status 0 (logged out): log in through the Tactium IP Client first');
      throw { ...this.#conn.error('invalid-state', 'login', 'status-0'), vendorCode: 'ip-client-logged-out' };
    }
  }

  async #pauseCommand(reasonId: string): Promise<void> {
    const reason = this.#input('pause', pauseInput(reasonId, this.#opts.pauseReasons));
    await this.#command('pause', TactiumCommand.pause(this.#login, reason.id));
    this.#pause = { reasonId: reason.id, reasonName: reason.name, trigger: 'manual' };
    await this.#refreshStatus();
  }

  async #dial(to: string, serviceGiven: string | undefined): Promise<void> {
    const { ddd, phone, service } = this.#input('dial', dialInput(to, serviceGiven, this.#opts));
    if (this.#calls.current) throw this.#refuse('invalid-state', 'dial', 'on-a-call', 'already on a call (Tactium has one call per agent)');
    // Seed 4.9 gives no `Retorno` for a dial, and the `<A>` event comes when the call reaches the agent (maybe
    // much later, maybe never). So the dial is fenced by `<S>` (a promised reply): an error-shaped reply before
    // it is the dial's refusal; the status reply, an `<OK>` or the call itself means the server took it.
    const dialed = { ddd, phone, service };
    this.#calls.dialed = dialed;
    const login = this.#login;
    await this.#request({
      op: 'dial',
      kind: 'command',
      payload: TactiumCommand.dial(login, ddd, phone, service) + TactiumCommand.status(login),
      service,
      accepts: (m) => ((m.kind === 'call' && m.call.kind === 'A') || m.kind === 'ok' || m.kind === 'status') && sameLogin(m.login, login),
    }).catch((e: unknown) => {
      // A refused (or unsent) dial has no call to come.
      if (this.#calls.dialed === dialed) this.#calls.dialed = undefined;
      throw e;
    });
  }

  async #dialerOutcome(outcome: string, callId: string | undefined): Promise<void> {
    if (!this.capabilities.dialerOutcomes.includes(outcome)) {
      throw this.#refuse('bad-request', 'dialer-outcome', 'outcome', `the outcome is one of ${this.capabilities.dialerOutcomes.join(', ')}`);
    }
    if ((callId && callId !== this.#calls.currentOrLastId) || this.#calls.manual) throw this.#refuse('invalid-state', 'dialer-outcome', 'callId', 'not the current or last dialer call');
    await this.#command('dialer-outcome', TactiumCommand.outcome(this.#login, outcome));
  }

  async #scheduleCallback(at: string, number: string, agentGiven: string | undefined): Promise<void> {
    const { when, phone, agent } = this.#input('schedule-callback', callbackInput(at, number, agentGiven, this.#login));
    if (this.#calls.manual) throw this.#refuse('invalid-state', 'schedule-callback', 'callId', 'the current or last call is not a dialer call');
    await this.#command('schedule-callback', TactiumCommand.callback(this.#login, when, phone, agent));
    // Seed 4.7: after-call work ends by itself with the callback.
    await this.#refreshStatus();
  }

  /* -------------------------------------------------------------- helpers */

  /** What the agent typed, or its problem thrown as an error of `operation` (the field as detail, the sentence logged). */
  #input<T extends object>(operation: string, value: T | InputProblem): T {
    if (!isInputProblem(value)) return value;
    throw { ...this.#refuse(value.code, operation, value.detail, value.reason), ...(value.vendorCode ? { vendorCode: value.vendorCode } : {}) };
  }

  /**
   * A refusal of ours: `detail` is a code or the offending field's name (it can reach the screen, as a title; the
   * translated message of `code` says what is wrong), `why` the English sentence, for the log only.
   */
  #refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError {
    return refusal(this.#host, 'Tactium', code, operation, detail, why);
  }

  #report(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  #emit(event: DomainEvent): void {
    if (this.#closed && event.type !== 'connection') return;
    this.#host.emit(event);
  }

  #now(): number {
    return this.#host.clock.now();
  }
}

export const createTactiumAdapter: AdapterFactory = (config, host, deps) => new TactiumAdapter(config, host, deps);
