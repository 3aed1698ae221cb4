/**
 * Catix (Catelani) adapter: the Catix CTI integration socket (raw TCP, one JSON object per line) reached
 * through a websockify relay. Commands in, `DomainEvent`s out. The lifecycle is the connection runtime's
 * (`../runtime/`: connect, sign in, resync after every reconnect, outage shown once, backoff with jitter, no
 * retry after a refused sign-in, fail fast while down, answers correlated by `messageId`); the relay link moves
 * bytes and cuts lines; `codec.ts` says what a line means. This module keeps the protocol mapping:
 *
 * ```
 *   relay open ─► LOGAR_SINGLE_USER / LOGAR_MULTI_USER ──OK──► connected ─► resync: STATUS_AGENTE (+ INFORMACAO_PAUSA),
 *                   │ any ERRO answer (2000/2001 keep their code), no credentials,     reasons, transfer targets,
 *                   │ no agent → refused (error, no retry loop); timeout → retry        queues → snapshot
 *   close codes: never opened → relay-unavailable; opened, closed before the answer → vendor-unreachable
 *   watchdog: once the server has shown its KEEP_ALIVE rhythm, keepAliveMissed × that interval of silence → keep-alive-lost
 *   status poll: no rhythm shown, statusPollMs without a line → STATUS_AGENTE; unanswered in requestTimeoutMs → lost, reconnect
 *   close() ─► SAIR, relay closed (the agent stays logged in on Catix)
 * ```
 *
 * The agent's login on an extension is two steps: `AGENTE_LOGAR` is answered at once (the `login` command
 * resolves then, the agent shows `catix-pin-pending`), then the extension rings and asks for the agent's PIN;
 * the agent is logged in when `AGENT_LOGIN` arrives (the wait for it: `waits.ts`). Calls: `calls.ts`; team: `team.ts`;
 * the resync (lists, status, snapshot) and the events, applied or held while it runs (`held.ts`): `resync.ts`.
 * This module keeps the link, the login, the two watchdogs, the answers matched to their commands, the commands.
 *
 * `config.server`: the relay URL with its token (`ws(s)://relay:port/?token=NAME`). `config.agent`: the Catix
 * agent id (agent role). `config.credentials`: the integration account (`atributos.usuario` / `senha`), memory
 * only, never logged. `config.options`: see `options.ts`.
 */
import { CATIX_CAPABILITIES } from './capabilities.js';
import { supervisorCapabilities } from '../../domain/capabilities/shared.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { Capabilities, CtiError, ErrorCode, LogLevel } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { LineFramer, type LineItem } from '../relay/framing-lines.js';
import { Connection, type Link, refusal } from '../runtime/connection.js';
import { openRelayLink, relayCloseError } from '../runtime/relay-link.js';
import type { RequestSpec } from '../runtime/requests.js';
import { SilenceWatch } from '../runtime/silence-watch.js';
import { AgentModel } from './agent.js';
import { commandWire, type WireCommand } from './commands.js';
import {
  AGENT_ALREADY_LOGGED_IN,
  AUTHENTICATION_REQUIRED,
  INVALID_CREDENTIALS,
  USER_NOT_FOUND,
  catixError,
  decodeLine,
  encodeCommand,
  encodeKeepAlive,
  type CatixCommand,
  type CatixMessage,
  type CommandFields,
  type WireData,
} from './codec.js';
import { configProblem, readCatixOptions, type CatixOptions } from './options.js';
import { PIN_PENDING, catixResync, type Resync } from './resync.js';
import { loginRefused, unnumberedAnswer } from './sync.js';
import { CommandWaits } from './waits.js';

/** A line, or a line too long to read (the framer dropped it). */
type Message = CatixMessage | { readonly kind: 'overflow'; readonly limit: number };
interface Request extends RequestSpec<Message> {
  readonly comando: CatixCommand;
}

/** The agent details of a pending PIN and of a supervisor session (`resync.ts` sets them from a status). */
export { PIN_PENDING, SUPERVISOR } from './resync.js';

class CatixAdapter implements VendorAdapter {
  readonly capabilities: Capabilities;
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #opts: CatixOptions;
  readonly #agentId: string;
  readonly #supervisor: boolean;
  readonly #conn: Connection<Message, Request>;
  #keepAlive: SilenceWatch;
  /** The status poll: a quiet link on a server that shows no `KEEP_ALIVE` rhythm reads `STATUS_AGENTE` (`#statusPoll`). */
  readonly #poll: SilenceWatch;
  /** This link's last `KEEP_ALIVE`; the longest gap seen between two on one link: the server's rhythm. */
  #lastKeepAlive: number | undefined;
  #keepAliveGap = 0;
  #link: Link | undefined;
  /** A command after the login was answered OK on this link (the login really holds). */
  #proven = false;
  /** A login was answered OK on an earlier link: this account and agent are known to the server. */
  #signedIn = false;
  /** After an accepted command: the event that shows its effect, the PIN typed (`waits.ts`). */
  readonly #waits: CommandWaits;
  /** Events received (any agent): a command whose effect already arrived needs no status check. */
  #eventCount = 0;
  #closed = false;
  #nextId = 1;
  /** The commands waiting for an answer, by `messageId` (an answer without one is matched by its shape). */
  readonly #waiting = new Map<string, { readonly comando: CatixCommand; readonly operation: string }>();
  /** The lists, the status, the snapshot; every event goes through it, held while it runs (`resync.ts`). */
  readonly #resync: Resync;

  readonly #agent: AgentModel;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    const opts = (this.#opts = readCatixOptions(config.options));
    this.#supervisor = opts.role === 'supervisor';
    this.capabilities = this.#supervisor ? supervisorCapabilities(CATIX_CAPABILITIES) : CATIX_CAPABILITIES;
    this.#agentId = config.agent.trim();
    // What the agent model and the resync both use.
    const base = {
      emit: (e: DomainEvent) => this.#emit(e),
      log: (level: LogLevel, message: string) => host.log(level, message),
      report: (error: CtiError) => this.#report(error),
      now: () => this.#now(),
    };
    this.#agent = new AgentModel(this.#agentId, { ...base, pinOver: () => this.#waits.stopPin() });
    this.#waits = new CommandWaits({
      clock: host.clock,
      eventWaitMs: opts.eventWaitMs,
      pinTimeoutMs: opts.pinTimeoutMs,
      ready: () => this.#conn.ready,
      closed: () => this.#closed,
      loggedOut: () => this.#agent.phase === AgentPhase.LoggedOut,
      resync: () => this.#resync.run(),
      pinMissed: () => this.#pinMissed(),
      log: (level, message) => host.log(level, message),
    });
    this.#keepAlive = this.#watch();
    this.#poll = this.#statusPoll();
    this.#conn = new Connection<Message, Request>({
      name: 'Catix',
      host,
      random: deps.random,
      backoff: { baseMs: opts.reconnectBaseMs, maxMs: opts.reconnectMaxMs },
      requestTimeoutMs: opts.requestTimeoutMs,
      open: (events) => {
        this.#poll.stop();
        this.#proven = false;
        this.#lastKeepAlive = undefined;
        this.#resync.reset();
        const link = openRelayLink<LineItem, Message>(
          { WebSocket: deps.WebSocket, url: config.server.trim(), encoding: opts.encoding, framer: () => new LineFramer(), decode: (item) => (item.kind === 'line' ? decodeLine(item.line) : item) },
          events,
        );
        return (this.#link = link);
      },
      configProblem: () => {
        const problem = configProblem(config, this.#supervisor);
        return problem && { ...this.#conn.error(problem.code, 'connect', problem.detail), vendorCode: problem.vendorCode };
      },
      authenticate: () => this.#signIn(),
      synchronise: () => this.#resync.run().then(() => this.#pollFrom(this.#conn.generation)),
      closeError: (code, reason, opened) => relayCloseError(host, 'Catix', code, reason, opened),
      receive: (m) => this.#onMessage(m),
      lost: () => {
        this.#keepAlive.stop();
        this.#poll.stop();
        this.#waits.stopEvent();
        this.#agent.calls.unconfirm();
      },
      timedOut: (request) => this.#host.log('warn', `Catix: no answer to ${request.comando} #${request.id} in ${this.#opts.requestTimeoutMs} ms`),
    });
    this.#resync = catixResync({
      conn: this.#conn,
      agentId: this.#agentId,
      supervisor: this.#supervisor,
      agents: opts.agents,
      agent: this.#agent,
      request: (comando, fields, operation) => this.#request(comando, fields, operation),
      waits: this.#waits,
      ...base,
    });
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (!this.#closed) this.#conn.start();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#keepAlive.stop();
    this.#poll.stop();
    this.#waits.stopPin();
    this.#waits.stopEvent();
    if (this.#link?.open && this.#conn.ready) this.#link.send(encodeCommand('SAIR', {}));
    this.#conn.close();
    this.#closed = true;
  }

  /** The integration login. Any error answer, whatever its erroCod, is Catix refusing this sign-in: no retry. */
  async #signIn(): Promise<void> {
    this.#host.log('info', 'Catix: relay open, logging in');
    const atributos = { usuario: this.#config.credentials!.user, senha: this.#config.credentials!.password };
    try {
      if (this.#supervisor) await this.#request('LOGAR_MULTI_USER', { atributos }, 'connect', true);
      else await this.#request('LOGAR_SINGLE_USER', { agente: this.#agentId, atributos }, 'connect', true);
    } catch (e) {
      const error = e as CtiError;
      // No answer in time: the server may be busy or restarting, try again (the runtime's backoff).
      if (error.code === 'timeout' || error.code === 'connection-lost' || error.code === 'not-connected') throw error;
      this.#host.log('warn', `Catix: sign-in refused: ERRO ${error.vendorCode ?? '(no erroCod)'}${error.detail ? ` ${error.detail}` : ''}`);
      // Seed L16 (connections limited by the server's hardware), L20 (single-user: one connection per agent): a
      // re-login refused for anything but the account (2000, 2001) is the server not taking this connection yet
      // (the old one still held, the limit reached): an outage, retried with backoff, not a refused sign-in.
      if (this.#signedIn && error.vendorCode !== INVALID_CREDENTIALS && error.vendorCode !== USER_NOT_FOUND) throw { ...error, code: 'server-unavailable' };
      throw loginRefused(error);
    }
    this.#signedIn = true;
    this.#host.log('info', `Catix: logged in (${this.#supervisor ? 'multi-user, supervisor' : `single-user, agent ${this.#agentId}`})`);
  }

  /**
   * The keep-alive watchdog. The seed names `KEEP_ALIVE` and nothing more (L52: not who sends it, nor how often):
   * it runs once the server has shown its rhythm (two on one link; on a later link, the first), any line re-arms
   * it, and `keepAliveMissed` × the longer of `keepAliveIntervalMs` and the longest gap seen without a line →
   * `keep-alive-lost`, reconnect. A server that sends none is not watched; one slower than the option, not dropped.
   */
  #watch(): SilenceWatch {
    const every = this.#opts.keepAliveIntervalMs;
    return new SilenceWatch(this.#host.clock, every && Math.max(every, this.#keepAliveGap) * this.#opts.keepAliveMissed, (ms) => {
      if (!this.#conn.ready) return;
      this.#host.log('warn', `Catix: no keep-alive for ${Math.round(ms / 1000)} s, reconnecting`);
      this.#conn.lose(this.#conn.error('keep-alive-lost', 'keep-alive', 'silence'));
    });
  }

  /**
   * The status poll (a hung server on a quiet link). With no `KEEP_ALIVE` rhythm (the seed never says the server
   * sends any; a strict one sends none) and no command sent, nothing else would notice a frozen server. Seed L18:
   * every command is answered. So, `statusPollMs` without a line from the server → `STATUS_AGENTE` (the agent's
   * state refreshed by its answer); silence to that in `requestTimeoutMs` → the link is lost and opened again
   * (`resync.ts`, as after a command left unanswered). Any line re-arms it; once the server shows its rhythm the
   * keep-alive watch takes over and the poll stops.
   */
  #statusPoll(): SilenceWatch {
    return new SilenceWatch(this.#host.clock, this.#opts.statusPollMs, (ms) => {
      if (!this.#conn.ready || this.#keepAlive.started) return;
      this.#host.log('debug', `Catix: nothing heard for ${Math.round(ms / 1000)} s; reading the status`);
      const generation = this.#conn.generation;
      void this.#resync.run(true).then(() => this.#pollFrom(generation));
    });
  }

  /** Poll from now on, while this link is connected and shows no keep-alive rhythm. */
  #pollFrom(generation: number): void {
    if (generation === this.#conn.generation && this.#conn.ready && !this.#keepAlive.started) this.#poll.start();
  }

  /* ------------------------------------------------------------- receiving */

  #onMessage(message: Message): void {
    this.#keepAlive.touch();
    this.#poll.touch();
    switch (message.kind) {
      case 'overflow':
        this.#host.log('warn', `Catix: a line longer than ${message.limit} characters was dropped`);
        return this.#report(this.#conn.error('malformed-frame', 'receive', 'too-long'));
      case 'keep-alive': {
        const now = this.#now();
        const gap = now - (this.#lastKeepAlive ?? now);
        this.#lastKeepAlive = now;
        if (gap > this.#keepAliveGap) {
          this.#keepAliveGap = gap;
          this.#keepAlive.stop();
          this.#keepAlive = this.#watch();
        }
        if (!this.#keepAlive.started && this.#keepAliveGap > 0) this.#keepAlive.start();
        if (this.#keepAlive.started) this.#poll.stop();
        if (this.#opts.keepAliveReply && this.#conn.ready) this.#link?.send(encodeKeepAlive());
        return;
      }
      case 'malformed':
        this.#host.log('warn', `Catix: unreadable line (${message.reason}): ${message.preview}`);
        return this.#report(this.#conn.error('malformed-frame', 'receive', 'malformed'));
      case 'unknown-event':
        return this.#conn.unknownEvent(message.name);
      case 'answer':
      case 'error':
        return this.#onAnswer(message);
      case 'event':
        this.#eventCount += 1;
        this.#waits.stopEvent();
        return this.#resync.receive(message);
    }
  }

  #onAnswer(message: Extract<CatixMessage, { kind: 'answer' | 'error' }>): void {
    const messageId = message.messageId ?? (message.kind === 'answer' ? unnumberedAnswer(this.#waiting, message.data) : undefined);
    const waiting = messageId !== undefined ? this.#waiting.get(messageId) : undefined;
    if (messageId === undefined || waiting === undefined) {
      if (message.kind === 'error') {
        // An error nobody waits for (a line the server could not read, a late answer): shown all the same.
        this.#host.log('warn', `Catix: error ${message.code} for no pending command`);
        this.#report(catixError(message.code, message.text, 'receive', this.#now()));
      } else {
        this.#host.log('debug', `Catix: answer to no pending command (messageId ${message.messageId ?? 'none'})`);
      }
      return;
    }
    const { comando, operation } = waiting;
    if (message.messageId === undefined) this.#host.log('info', `Catix: an answer without messageId taken as the answer to ${comando} #${messageId}`);
    this.#host.log('debug', `Catix ← ${comando} #${messageId} ${message.kind === 'answer' ? 'OK' : `ERRO ${message.code}`}`);
    if (message.kind === 'answer') {
      if (this.#conn.ready) this.#proven = true;
      this.#conn.requests.answer(messageId, message);
      return;
    }
    this.#conn.requests.refuse(messageId, catixError(message.code, message.text, operation, this.#now()));
    if (message.code !== AUTHENTICATION_REQUIRED || !this.#conn.ready) return;
    if (!this.#proven) {
      // The login was answered without an erroCod, yet nothing since was accepted: the server did not take it.
      // Logging in again would only loop.
      const refused = loginRefused(catixError(message.code, message.text, 'connect', this.#now()));
      this.#host.log('error', `Catix: giving up (${refused.code} ${refused.vendorCode}): ${comando} after the login: ERRO ${message.code ?? '(no erroCod)'} ${message.text || 'authentication required'}`);
      this.#conn.refuse(refused);
      return;
    }
    // The server no longer knows our login (restarted behind a live socket): log in again on a new link.
    this.#host.log('warn', 'Catix: the server asks for authentication again, reconnecting');
    this.#conn.lose(this.#conn.error('connection-lost', 'connect', 'auth-required'));
  }

  /* ------------------------------------------------------------- requests */

  /** A command answered by `messageId` (before the sign-in only the login itself may go). */
  #request(comando: CatixCommand, fields: CommandFields, operation: string, beforeSession = false): Promise<WireData> {
    if (!beforeSession && !this.#conn.ready) return Promise.reject(this.#conn.error('not-connected', operation));
    const id = String(this.#nextId++);
    this.#waiting.set(id, { comando, operation });
    this.#host.log('debug', `Catix → ${comando} #${id}`);
    return this.#conn
      .request({ op: operation, comando, by: 'id', id, payload: encodeCommand(comando, fields, id) })
      .then(
        (m) => (m?.kind === 'answer' ? m.data : {}),
        // A timeout comes as is (`requests.ts` gives it detail `no-answer`); a not-connected is re-made for this operation.
        (e: CtiError) => {
          throw e.code === 'not-connected' ? this.#conn.error('not-connected', operation) : e;
        },
      )
      .finally(() => this.#waiting.delete(id));
  }

  /* ------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    try {
      await this.#execute(command);
    } catch (e) {
      const error = e as CtiError;
      this.#host.log('warn', `Catix: ${command.type} failed: ${error.code}${error.vendorCode ? ` (${error.vendorCode})` : ''}`);
      this.#report(error);
      throw error;
    }
  }

  async #execute(command: Command): Promise<void> {
    switch (command.type) {
      case 'refresh':
        if (this.#conn.ready) await this.#resync.run();
        else this.#conn.retryNow();
        return;
      case 'dismiss-notice':
        // The hub forgets notices itself; Catix has nothing to send.
        return;
      default:
        break;
    }
    if (this.#supervisor) throw this.#refuse('unsupported', command.type, 'role', 'a supervisor session does not act as an agent');
    const agent = this.#agent;
    const wire = commandWire(command, {
      ready: this.#conn.ready,
      agentId: this.#agentId,
      extension: this.#config.extension,
      unpauseAction: this.#opts.unpauseAction,
      pause: agent.pause,
      reasons: agent.reasons,
      callId: agent.calls.current?.id,
    });
    if ('problem' in wire) {
      const error = wire.reason && wire.detail ? this.#refuse(wire.problem, wire.operation, wire.detail, wire.reason) : this.#conn.error(wire.problem, wire.operation, wire.detail);
      throw { ...error, ...(wire.vendorCode ? { vendorCode: wire.vendorCode } : {}) };
    }
    if (wire.extension !== undefined) return this.#login(wire);
    await this.#agentCommand(wire.comando, wire.fields, wire.operation);
  }

  async #agentCommand(comando: CatixCommand, fields: CommandFields, operation: string): Promise<WireData> {
    const seen = this.#eventCount;
    const data = await this.#request(comando, { agente: this.#agentId, ...fields }, operation).catch((e: CtiError) => {
      // Seed L18: every command is answered. None came: the command may have been carried out, or the server hangs
      // (a strict one sends no KEEP_ALIVE to tell). Read the state: its STATUS_AGENTE unanswered too drops the link.
      if (e.code === 'timeout') void this.#resync.run();
      throw e;
    });
    // No event yet that shows its effect: `waits.ts` reads the state if none comes in time (commands that have one).
    if (this.#eventCount === seen) this.#waits.awaitEvent(comando);
    return data;
  }

  /** The login on an extension: `AGENTE_LOGAR` answered, then the PIN on the extension, then `AGENT_LOGIN`. */
  async #login(wire: WireCommand): Promise<void> {
    const extension = wire.extension!;
    try {
      await this.#agentCommand(wire.comando, wire.fields, wire.operation);
    } catch (e) {
      // 1007: Catix says the agent is already logged in: our view is stale, read it again.
      if ((e as CtiError).vendorCode === AGENT_ALREADY_LOGGED_IN) void this.#resync.run();
      throw e;
    }
    this.#agent.setOwnExtension(extension);
    if (this.#agent.phase !== AgentPhase.LoggedOut) return;
    this.#emit({ type: 'agent', agent: this.#agent.report(AgentPhase.LoggedOut, PIN_PENDING, extension) });
    this.#waits.awaitPin(extension);
  }

  /**
   * The PIN was not typed in time. Not a refused command (AGENTE_LOGAR was accepted): a notice of its own, which
   * the agent status shows (a `login` failure published after the command resolved would be shown by no element).
   * Typed, no words of ours: `timeout` + `pin-timeout` is the translated `error.catix.pin-timeout`; the log has
   * the English sentence (`waits.ts`).
   */
  #pinMissed(): void {
    this.#emit({ type: 'agent', agent: this.#agent.report(AgentPhase.LoggedOut, '') });
    this.#report({ ...this.#conn.error('timeout', 'pin'), vendorCode: 'pin-timeout' });
  }

  #report(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  #emit(event: DomainEvent): void {
    if (this.#closed && event.type !== 'connection') return;
    this.#host.emit(event);
  }

  /** A refusal of ours: `detail` a code or the offending field (it may reach the screen), `why` the sentence, logged. */
  #refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError {
    return refusal(this.#host, 'Catix', code, operation, detail, why);
  }

  #now(): number {
    return this.#host.clock.now();
  }
}

export const createCatixAdapter: AdapterFactory = (config, host, deps) => new CatixAdapter(config, host, deps);
