/**
 * Catix (Catelani) adapter: the Catix CTI integration socket (raw TCP, one JSON object per line) reached
 * through a websockify relay. Commands in, `DomainEvent`s out. `codec.ts` maps lines, `relay/` moves and frames
 * bytes; this module correlates answers by `messageId`, owns the integration login, the keep-alive watchdog,
 * the status resync on every (re)connect, reconnection, the agent's one call and (supervisor) the team feed.
 * Timers go through `host.clock`.
 *
 * ```
 *   idle ─ start() ─► connecting ─ relay open ─► LOGAR_SINGLE_USER / LOGAR_MULTI_USER ──OK──► connected
 *                        ▲    │                    │ 2000/2001 (wrong account), no credentials,   │ resync: STATUS_AGENTE
 *                        │    │ relay refused:     │ no agent → closed (error, no retry loop)     │ (+ INFORMACAO_PAUSA),
 *                        │    │ relay-unavailable  │ timeout / other ERRO → retry                 │ reasons, transfer
 *                        │    │ open then closed   ▼                                              │ targets, queues
 *                        │    │ before the answer: vendor-unreachable                             ▼ → snapshot
 *                        └────┴──── reconnecting (backoff + jitter) ◄── closed / keep-alive lost ◄─ connected
 *   any ─ close() ─► SAIR, relay closed (the agent stays logged in on Catix)
 * ```
 *
 * The agent's login on an extension is two steps: `AGENTE_LOGAR` is answered at once (the `login` command
 * resolves then, the agent shows `catix-pin-pending`), then the extension rings and asks for the agent's PIN;
 * the agent is logged in when `AGENT_LOGIN` arrives.
 *
 * Calls. Catix gives one call per agent, named by `rl`. `DIALING` (agent calls only) → dialing; `ANSWER` →
 * active (a queue call appears already answered: there is no ringing event and no answer button);
 * `AGENT_RECEIVED_DIALER_CALL` / `SCHEDULED_CALL_ANSWER` → active with their fields as call data; `HANGUP` (and
 * `AGENT_COMPLETE` for a call still open) → ended. `STATUS_AGENTE` names no `rl`: a call found by a resync gets
 * a local id (or keeps the one it had before the reconnection) and takes the first `rl` an event gives it.
 *
 * `config.server`: the relay URL with its token (`ws(s)://relay:port/?token=NAME`). `config.agent`: the Catix
 * agent id (agent role). `config.credentials`: the integration account (`atributos.usuario` / `senha`), memory
 * only, never logged. `config.options`: see `options.ts`.
 */
import type { TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor, supervisorCapabilities } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, CallReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CallDirection, Capabilities, ConnectionStatus, CtiError, ErrorCode, PauseInfo, PauseReason, TransferTarget } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import { StreamDecoder } from '../relay/decoder.js';
import { LineFramer } from '../relay/framing-lines.js';
import { openRelay, type RelayHandle } from '../relay/transport.js';
import {
  CatixErrorCode,
  CatixEvent,
  agentCall,
  agentStatus,
  brDateTime,
  callFields,
  catixError,
  decodeLine,
  dialString,
  digits,
  encodeCommand,
  encodeKeepAlive,
  isPostCallPause,
  pauseDetails,
  pauseReasons,
  queues,
  transferTargets,
  type AgentStatus,
  type Attributes,
  type CatixCommand,
  type CatixEventName,
  type CatixMessage,
  type CommandFields,
  type ListReading,
  type WireData,
} from './codec.js';
import { readCatixOptions, type CatixOptions } from './options.js';
import { TeamFeed, directionFromNote } from './team.js';

/** Agent detail while the extension asks for the PIN (`AGENTE_LOGAR` accepted, no `AGENT_LOGIN` yet). */
export const PIN_PENDING = 'catix-pin-pending';
/** Agent detail of a supervisor session (it is not an agent). */
export const SUPERVISOR = 'catix-supervisor';

/**
 * Events held while a resync is in flight (applied after its snapshot), at most. Never a silent drop: past it,
 * the agent is read again after the resync (agent role), or the members whose events were not held are
 * (supervisor: a team that logs in during the first resync is not stuck at what was held).
 */
const HELD_LIMIT = 200;
/** The attribute that only this query's answer carries (matching an answer that comes without `messageId`). */
const ANSWER_SHAPE: Partial<Record<CatixCommand, string>> = {
  STATUS_AGENTE: 'status',
  INFORMACAO_PAUSA: 'tempo-decorrido',
  BUSCAR_TIPOS_PAUSA: 'pausas',
  BUSCAR_OPCOES_TRANSFERENCIA: 'ramal',
  BUSCAR_FILAS: 'filas',
};

/** Agent commands whose effect Catix shows by an event (the public lists), checked by `#awaitEvent`. */
const EXPECTS_EVENT: ReadonlySet<CatixCommand> = new Set(['AGENTE_DESLOGAR', 'PAUSAR', 'DISCAR', 'REDISCAR', 'DESLIGAR_CHAMADA', 'TRANSFERIR']);

/** Ended call ids remembered (a late event must not bring one back). */
const ENDED_LIMIT = 50;

interface Pending {
  readonly comando: CatixCommand;
  readonly operation: string;
  readonly resolve: (data: WireData) => void;
  readonly reject: (error: CtiError) => void;
  readonly timer: TimerHandle;
}

interface KnownCall {
  /** The id the domain knows (the first `rl`, or a local id from a resync). */
  readonly id: string;
  /** The Catix `rl`, once known. */
  rl?: string;
  direction: CallDirection;
  number?: string;
  answered: boolean;
}

class CatixAdapter implements VendorAdapter {
  readonly capabilities: Capabilities;
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #deps: AdapterDeps;
  readonly #opts: CatixOptions;
  readonly #agentId: string;
  readonly #supervisor: boolean;

  #relay: RelayHandle | undefined;
  #decoder: StreamDecoder;
  readonly #framer = new LineFramer();
  #status: ConnectionStatus = 'idle';
  /** The vendor accepted our integration login on this connection. */
  #session = false;
  /** A command after the login was answered OK on this connection (the login really holds). */
  #proven = false;
  #attempt = 0;
  #retryTimer: TimerHandle | undefined;
  #watchdog: TimerHandle | undefined;
  #pinTimer: TimerHandle | undefined;
  /** After an accepted command, waiting for the event that shows its effect (see `#awaitEvent`). */
  #eventTimer: TimerHandle | undefined;
  /** Events received (any agent): a command whose effect already arrived needs no status check. */
  #eventCount = 0;
  #keepAliveSeen = false;
  #closed = false;
  /** Wrong credentials or configuration: retrying cannot help. */
  #fatal = false;
  /** The outage already reported (once per outage, not once per attempt). */
  #outage: ErrorCode | undefined;
  #nextId = 1;
  readonly #pending = new Map<string, Pending>();
  /** Connection counter: a resync of an older connection never publishes. */
  #generation = 0;
  #resyncing = false;
  #resyncRun: Promise<void> | undefined;
  #held: Extract<CatixMessage, { kind: 'event' }>[] = [];
  /** An event did not fit in `#held` during this resync: read again after it. */
  #heldOverflow = false;
  /** Supervisor: the agents whose events did not fit in `#held` (their `STATUS_AGENTE` is read after the resync). */
  readonly #unheard = new Set<string>();

  /* agent role */
  #phase: AgentPhase = AgentPhase.LoggedOut;
  /** A status answer or an agent event told us the agent's state (an empty status answer then keeps it). */
  #statusKnown = false;
  #pause: PauseInfo | undefined;
  #reasons: readonly PauseReason[] = [];
  /** `BUSCAR_OPCOES_TRANSFERENCIA` as the server gave it (`ramal: [{id, nome}]`). */
  #targets: readonly TransferTarget[] = [];
  /**
   * The agent's own extension (the one signed in with, AGENT_LOGIN `ramal-agente`, STATUS_AGENTE
   * `ramal_fisico`): never offered as a transfer destination.
   */
  #ownExtension: string | undefined;
  #call: KnownCall | undefined;
  readonly #ended = new Set<string>();
  #localIds = 0;

  /* supervisor role */
  readonly #team = new TeamFeed();

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    this.#deps = deps;
    this.#opts = readCatixOptions(config.options);
    this.capabilities =
      this.#opts.role === 'supervisor' ? supervisorCapabilities(capabilitiesFor('catix')) : capabilitiesFor('catix');
    this.#agentId = config.agent.trim();
    this.#supervisor = this.#opts.role === 'supervisor';
    this.#decoder = new StreamDecoder(this.#opts.encoding);
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#closed || this.#relay) return;
    this.#connect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const which of ['retry', 'watchdog', 'pin', 'event'] as const) this.#clearTimer(which);
    this.#failPending('connection-lost', 'closed');
    if (this.#relay?.open && this.#session) this.#relay.send(encodeCommand('SAIR', {}));
    this.#relay?.close();
    this.#relay = undefined;
    this.#session = false;
    this.#setStatus('closed');
  }

  #connect(): void {
    this.#retryTimer = undefined;
    this.#generation += 1;
    this.#session = false;
    this.#keepAliveSeen = false;
    this.#resyncing = false;
    this.#held = [];
    this.#heldOverflow = false;
    this.#unheard.clear();
    this.#decoder = new StreamDecoder(this.#opts.encoding);
    this.#framer.reset();
    this.#setStatus(this.#attempt > 0 ? 'reconnecting' : 'connecting', this.#attempt || undefined);
    const generation = this.#generation;
    this.#relay = openRelay(
      this.#deps.WebSocket,
      { url: this.#config.server.trim(), encoding: this.#opts.encoding },
      {
        onOpen: () => void this.#onOpen(generation),
        onBytes: (bytes) => this.#onText(this.#decoder.decode(bytes)),
        onClose: (code, reason, opened) => this.#onClose(code, reason, opened),
      },
    );
  }

  async #onOpen(generation: number): Promise<void> {
    this.#host.log('info', 'Catix: relay open, logging in');
    const credentials = this.#config.credentials;
    if (!credentials || !credentials.user) {
      this.#giveUp({
        code: 'auth-failed',
        at: this.#now(),
        operation: 'connect',
        vendorCode: 'no-credentials',
        detail: 'no integration user/password configured (the provider’s credentials property)',
      });
      return;
    }
    if (!this.#supervisor && !this.#agentId) {
      this.#giveUp({ code: 'missing-data', at: this.#now(), operation: 'connect', vendorCode: 'no-agent', detail: 'the agent attribute is required' });
      return;
    }
    const atributos = { usuario: credentials.user, senha: credentials.password };
    try {
      if (this.#supervisor) await this.#request('LOGAR_MULTI_USER', { atributos }, 'connect', true);
      else await this.#request('LOGAR_SINGLE_USER', { agente: this.#agentId, atributos }, 'connect', true);
    } catch (e) {
      const error = e as CtiError;
      if (generation !== this.#generation || error.code === 'connection-lost' || error.code === 'not-connected') return;
      // No answer in time: the server may be busy or restarting, try again. Any error answer, whatever its
      // erroCod, is Catix refusing this sign-in: retrying the same account would only repeat it.
      if (error.code === 'timeout') this.#retryLater(error);
      else this.#giveUp(loginRefused(error));
      return;
    }
    if (generation !== this.#generation) return;
    this.#session = true;
    this.#proven = false;
    const reconnect = this.#attempt > 0 || this.#outage !== undefined;
    this.#attempt = 0;
    this.#outage = undefined;
    this.#setStatus('connected');
    this.#host.log('info', `Catix: logged in (${this.#supervisor ? 'multi-user, supervisor' : `single-user, agent ${this.#agentId}`})${reconnect ? ' again' : ''}`);
    this.#armWatchdog();
    void this.#resync();
  }

  #onClose(code: number, reason: string, opened: boolean): void {
    const hadSession = this.#session;
    this.#relay = undefined;
    this.#session = false;
    this.#clearTimer('watchdog');
    this.#failPending('connection-lost', `relay closed (${code})`);
    this.#flushDecoder();
    if (this.#closed || this.#fatal) return;
    const why = `close ${code}${reason ? ` ${reason}` : ''}`;
    if (!opened) {
      this.#outageOnce('relay-unavailable', `the relay did not accept the connection (${why}): relay down, or the token is not in its allow-list`);
    } else if (!hadSession) {
      this.#outageOnce('vendor-unreachable', `the relay could not reach the Catix server (${why})`);
    } else {
      this.#host.log('warn', `Catix: connection lost (${why})`);
      this.#report({ code: 'connection-lost', at: this.#now(), operation: 'connect', detail: why });
      this.#outage = 'connection-lost';
    }
    this.#scheduleReconnect();
  }

  #outageOnce(code: ErrorCode, detail: string): void {
    this.#host.log('warn', `Catix: ${detail}`);
    if (this.#outage === code) return;
    this.#outage = code;
    this.#report({ code, at: this.#now(), operation: 'connect', detail });
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#fatal || this.#retryTimer) return;
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs, this.#deps.random);
    const retryAt = this.#now() + delay;
    this.#setStatus('reconnecting', this.#attempt, retryAt);
    this.#retryTimer = this.#host.clock.setTimeout(() => this.#connect(), delay);
  }

  /** Drop this connection (after showing `error`) and try again later. */
  #retryLater(error: CtiError): void {
    // Once per outage: a login that times out on every attempt is one failure, not one per attempt.
    if (this.#outage !== error.code) this.#report(error);
    else this.#host.log('warn', `Catix: ${error.operation ?? 'connect'} failed again (${error.code})`);
    this.#outage = error.code;
    this.#dropConnection(`connection failed: ${error.code}`);
    this.#scheduleReconnect();
  }

  /** Stop for good (wrong account, missing configuration): a visible error, no retry loop. */
  #giveUp(error: CtiError): void {
    this.#fatal = true;
    this.#host.log('error', `Catix: giving up (${error.code}${error.vendorCode ? ` ${error.vendorCode}` : ''})`);
    this.#report(error);
    this.#dropConnection('gave up');
    this.#setStatus('closed');
  }

  #dropConnection(why: string): void {
    this.#clearTimer('watchdog');
    this.#clearTimer('event');
    this.#session = false;
    this.#generation += 1;
    this.#failPending('connection-lost', why);
    this.#relay?.close();
    this.#relay = undefined;
  }

  /** `refresh` while disconnected or given up: try again now. */
  #retryNow(): void {
    if (this.#closed) return;
    this.#clearTimer('retry');
    this.#fatal = false;
    if (!this.#relay) this.#connect();
  }

  /* ------------------------------------------------------------ keep-alive */

  /**
   * The watchdog runs once the server has sent a `KEEP_ALIVE` on this connection (a server that sends none is
   * not watched): any line re-arms it; `keepAliveMissed` intervals without one → `keep-alive-lost`, reconnect.
   */
  #armWatchdog(): void {
    this.#clearTimer('watchdog');
    const interval = this.#opts.keepAliveIntervalMs;
    if (!this.#keepAliveSeen || interval <= 0 || !this.#session) return;
    const limit = interval * this.#opts.keepAliveMissed;
    this.#watchdog = this.#host.clock.setTimeout(() => {
      this.#watchdog = undefined;
      if (!this.#session) return;
      this.#host.log('warn', `Catix: no keep-alive for ${Math.round(limit / 1000)} s, reconnecting`);
      const error: CtiError = { code: 'keep-alive-lost', at: this.#now(), operation: 'keep-alive', detail: `nothing from the server for ${Math.round(limit / 1000)} s` };
      this.#report(error);
      this.#outage = 'keep-alive-lost';
      this.#dropConnection('keep-alive lost');
      this.#scheduleReconnect();
    }, limit);
  }

  /* ------------------------------------------------------------- receiving */

  #onText(text: string): void {
    if (!text) return;
    for (const item of this.#framer.push(text)) {
      if (this.#closed || !this.#relay) return;
      if (item.kind === 'overflow') {
        this.#host.log('warn', `Catix: a line longer than ${item.limit} characters was dropped`);
        this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: `line longer than ${item.limit} characters` });
        continue;
      }
      this.#onMessage(decodeLine(item.line));
    }
  }

  /** The stream ended: an unfinished multi-byte character or line is dropped with it. */
  #flushDecoder(): void {
    this.#decoder.flush();
    this.#framer.reset();
  }

  #onMessage(message: CatixMessage): void {
    if (this.#keepAliveSeen) this.#armWatchdog();
    switch (message.kind) {
      case 'keep-alive':
        if (!this.#keepAliveSeen) {
          this.#keepAliveSeen = true;
          this.#armWatchdog();
        }
        if (this.#opts.keepAliveReply && this.#session) this.#relay?.send(encodeKeepAlive());
        return;
      case 'malformed':
        this.#host.log('warn', `Catix: unreadable line (${message.reason}): ${message.preview}`);
        this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: `${message.reason}: ${message.preview}` });
        return;
      case 'unknown-event':
        this.#host.log('warn', `Catix: unknown event ${message.name}`);
        return;
      case 'answer':
      case 'error':
        this.#onAnswer(message);
        return;
      case 'event':
        this.#eventCount += 1;
        this.#clearTimer('event');
        if (this.#resyncing) {
          if (this.#held.length < HELD_LIMIT) this.#held.push(message);
          else this.#notHeld(message);
          return;
        }
        this.#onEvent(message);
        return;
    }
  }

  /** An event past `HELD_LIMIT`: not applied, but what it was about is read again after the resync. */
  #notHeld(message: Extract<CatixMessage, { kind: 'event' }>): void {
    if (!this.#heldOverflow) this.#host.log('warn', `Catix: more than ${HELD_LIMIT} events during a resync; reading again after it`);
    this.#heldOverflow = true;
    if (this.#supervisor && message.agent) this.#unheard.add(message.agent);
  }

  #onAnswer(message: Extract<CatixMessage, { kind: 'answer' | 'error' }>): void {
    const messageId = message.messageId ?? (message.kind === 'answer' ? this.#unnumbered(message.data) : undefined);
    const pending = messageId !== undefined ? this.#pending.get(messageId) : undefined;
    if (!pending) {
      if (message.kind === 'error') {
        // An error nobody waits for (a line the server could not read, a late answer): shown all the same.
        this.#host.log('warn', `Catix: error ${message.code} for no pending command`);
        this.#report(catixError(message.code, message.text, 'receive', this.#now()));
      } else {
        this.#host.log('debug', `Catix: answer to no pending command (messageId ${message.messageId ?? 'none'})`);
      }
      return;
    }
    this.#pending.delete(messageId!);
    this.#host.clock.clearTimeout(pending.timer);
    this.#host.log('debug', `Catix ← ${pending.comando} #${messageId} ${message.kind === 'answer' ? 'OK' : `ERRO ${message.code}`}`);
    if (message.kind === 'answer') {
      if (this.#session) this.#proven = true;
      pending.resolve(message.data);
      return;
    }
    pending.reject(catixError(message.code, message.text, pending.operation, this.#now()));
    if (message.code === CatixErrorCode.AuthenticationRequired && this.#session && !this.#proven) {
      // The login was answered without an erroCod, yet nothing since was accepted: the server did not take it.
      // Logging in again would only loop.
      this.#giveUp(loginRefused({ ...catixError(message.code, message.text, 'connect', this.#now()), detail: `${pending.comando} after the login: ${message.text || 'authentication required'}` }));
      return;
    }
    if (message.code === CatixErrorCode.AuthenticationRequired && this.#session) {
      // The server no longer knows our login (restarted behind a live socket): log in again on a new connection.
      this.#host.log('warn', 'Catix: the server asks for authentication again, reconnecting');
      this.#outage = 'connection-lost';
      this.#dropConnection('authentication required');
      this.#scheduleReconnect();
    }
  }

  /**
   * The pending command an answer without `messageId` belongs to (the seed promises the id back, but the public
   * examples of `STATUS_AGENTE` show none). By its data: the attribute only that query answers with (oldest
   * first); an answer without any of them goes to the oldest command that answers with no data. None fits:
   * undefined (logged, and the command's own timeout decides). Errors without an id are never matched: they
   * answer lines the server could not read.
   */
  #unnumbered(data: WireData): string | undefined {
    const entries = [...this.#pending.entries()];
    const keyed = entries.find(([, p]) => {
      const key = ANSWER_SHAPE[p.comando];
      return key !== undefined && key in data;
    });
    const looksLikeQuery = Object.values(ANSWER_SHAPE).some((key) => key in data);
    const id = keyed?.[0] ?? (looksLikeQuery ? undefined : entries.find(([, p]) => ANSWER_SHAPE[p.comando] === undefined)?.[0]);
    if (id !== undefined) this.#host.log('info', `Catix: an answer without messageId taken as the answer to ${this.#pending.get(id)!.comando} #${id}`);
    return id;
  }

  /* ---------------------------------------------------------------- events */

  #onEvent(message: Extract<CatixMessage, { kind: 'event' }>): void {
    const { name, data } = message;
    if (this.#supervisor) {
      this.#onTeamEvent(name, message.agent, data);
      return;
    }
    if (message.agent !== undefined && message.agent !== this.#agentId) {
      this.#host.log('debug', `Catix: ${name} for agent ${message.agent} ignored`);
      return;
    }
    this.#host.log('debug', `Catix event ${name}`);
    if (name !== CatixEvent.ScheduledComing) this.#statusKnown = true;
    switch (name) {
      case CatixEvent.AgentLogin: {
        this.#clearTimer('pin');
        this.#phase = this.#call ? AgentPhase.Busy : AgentPhase.Ready;
        this.#pause = undefined;
        const extension = data['ramal-agente']?.trim();
        this.#setOwnExtension(extension);
        this.#emit({ type: 'logged-in', agentId: this.#agentId, ...(extension ? { extension } : {}) });
        return;
      }
      case CatixEvent.AgentLogoff:
        this.#clearTimer('pin');
        this.#phase = AgentPhase.LoggedOut;
        this.#pause = undefined;
        if (this.#call) this.#forget(this.#call);
        this.#emit({ type: 'logged-out' });
        return;
      case CatixEvent.AgentPaused:
        this.#onPaused(data);
        return;
      case CatixEvent.AgentUnpaused:
        this.#pause = undefined;
        this.#phase = this.#call ? AgentPhase.Busy : AgentPhase.Ready;
        this.#emit({ type: 'agent', agent: this.#agent(this.#phase, this.#call ? 'Em ligação' : 'Disponível') });
        return;
      case CatixEvent.AgentComplete:
        if (this.#call) {
          this.#host.log('info', `Catix: AGENT_COMPLETE ends call ${this.#call.id}`);
          this.#endCall(this.#call);
        }
        return;
      case CatixEvent.Dialing:
      case CatixEvent.Answer:
      case CatixEvent.Hangup:
      case CatixEvent.DialerCall:
      case CatixEvent.ScheduledAnswer:
        this.#onCallEvent(name, data);
        return;
      case CatixEvent.ScheduledComing:
        this.#onScheduled(data);
        return;
    }
  }

  #onPaused(data: Attributes): void {
    const name = data['pausa']?.trim() ?? '';
    if (isPostCallPause(name)) {
      this.#pause = undefined;
      this.#phase = AgentPhase.AfterCall;
      this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.AfterCall, name) });
      return;
    }
    const id = data['idPausa']?.trim() ?? '';
    const known = this.#reasons.find((r) => r.id === id);
    this.#pause = { reasonId: id, reasonName: name || known?.name || id, trigger: 'manual' };
    this.#phase = AgentPhase.Paused;
    this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.Paused, 'Pausado') });
  }

  #onScheduled(data: Attributes): void {
    const target = data['agendamento-destino-tipo-id']?.trim();
    const kind = data['agendamento-destino-tipo']?.trim().toLowerCase();
    if (target && (kind === undefined || kind === 'agente') && target !== this.#agentId) {
      this.#host.log('debug', `Catix: scheduled call for agent ${target} ignored`);
      return;
    }
    const id = data['agendamento-id']?.trim() || `${this.#now()}`;
    const dueAt = brDateTime(data['agendamento-data-hora'] ?? '');
    this.#emit({
      type: 'notice',
      notice: { id: `scheduled-${id}`, kind: 'scheduled-call', ...(dueAt !== undefined ? { dueAt } : {}), data: { ...data } },
    });
  }

  #onCallEvent(name: CatixEventName, data: Attributes): void {
    const f = callFields(data);
    if (!f.rl) {
      this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: `${name} without rl` });
      return;
    }
    if (this.#ended.has(f.rl)) return;
    let call = this.#match(f.rl);
    if (name === CatixEvent.Hangup) {
      if (call) this.#endCall(call);
      else this.#remember(f.rl);
      return;
    }
    if (!call) {
      if (this.#call) {
        this.#host.log('warn', `Catix: call ${f.rl} while ${this.#call.id} was open: that one is over`);
        this.#endCall(this.#call);
      }
      const inbound = name === CatixEvent.Answer && !agentCall(f);
      call = { id: f.rl, rl: f.rl, direction: inbound ? 'inbound' : 'outbound', answered: false, ...(f.number ? { number: f.number } : {}) };
      this.#call = call;
    } else if (f.number && !call.number) {
      call.number = f.number;
    }
    this.#phase = AgentPhase.Busy;
    const inbound = call.direction === 'inbound';
    const base: CallReport = {
      id: call.id,
      direction: call.direction,
      ...(call.number ? { remote: [{ number: call.number }] } : {}),
    };
    switch (name) {
      case CatixEvent.Dialing:
        if (call.answered) return;
        this.#emit({ type: 'call-dialing', call: { ...base, detail: 'Discando' } });
        return;
      case CatixEvent.Answer:
        call.answered = true;
        this.#emit({ type: 'call-answered', call: { ...base, detail: 'Em ligação', ...(inbound && f.originName ? { service: f.originName } : {}) } });
        return;
      case CatixEvent.DialerCall: {
        call.answered = true;
        const campaign = data['campanha-id']?.trim();
        this.#emit({ type: 'call-answered', call: { ...base, detail: 'dialer', data: callData(data), ...(campaign ? { service: campaign } : {}) } });
        return;
      }
      case CatixEvent.ScheduledAnswer: {
        call.answered = true;
        this.#emit({ type: 'call-answered', call: { ...base, detail: 'scheduled', data: callData(data) } });
        const scheduling = data['agendamento-id']?.trim();
        if (scheduling) this.#emit({ type: 'notice-dismissed', id: `scheduled-${scheduling}` });
        return;
      }
    }
  }

  /** The open call this `rl` names; a call known only from a resync takes the first `rl` it sees. */
  #match(rl: string): KnownCall | undefined {
    const call = this.#call;
    if (!call) return undefined;
    if (call.rl === rl) return call;
    if (call.rl === undefined) {
      call.rl = rl;
      return call;
    }
    return undefined;
  }

  #endCall(call: KnownCall): void {
    this.#forget(call);
    if (this.#phase === AgentPhase.Busy) this.#phase = AgentPhase.Ready;
    this.#emit({ type: 'call-ended', callId: call.id });
  }

  #forget(call: KnownCall): void {
    if (this.#call === call) this.#call = undefined;
    this.#remember(call.id);
    if (call.rl) this.#remember(call.rl);
  }

  #remember(id: string): void {
    this.#ended.add(id);
    if (this.#ended.size > ENDED_LIMIT) this.#ended.delete(this.#ended.values().next().value!);
  }

  #onTeamEvent(name: CatixEventName, agentId: string | undefined, data: Attributes): void {
    if (!agentId) {
      this.#host.log('debug', `Catix: ${name} without an agent (supervisor feed)`);
      return;
    }
    const member = this.#team.fromEvent(name, agentId, data, this.#now());
    if (member) this.#emit({ type: 'team', members: [member] });
  }

  /* ---------------------------------------------------------------- resync */

  /** After every (re)connect, and on `refresh`: lists, status, then an authoritative snapshot. One at a time. */
  #resync(): Promise<void> {
    if (this.#resyncing && this.#resyncRun) return this.#resyncRun;
    const run = this.#runResync()
      // Never a rejection nobody handles (callers `void` it): a bug here is logged, the session goes on.
      .catch((e: unknown) => this.#host.log('error', `Catix: resync failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        if (this.#resyncRun === run) this.#resyncRun = undefined;
      });
    this.#resyncRun = run;
    return run;
  }

  /** `members`: a supervisor's follow-up that reads only these agents (their events were not held). */
  async #runResync(members?: readonly string[]): Promise<void> {
    const generation = this.#generation;
    this.#resyncing = true;
    this.#held = [];
    this.#heldOverflow = false;
    this.#unheard.clear();
    try {
      if (this.#supervisor) await this.#resyncSupervisor(generation, members);
      else await this.#resyncAgent(generation);
    } finally {
      if (generation === this.#generation) {
        this.#resyncing = false;
        const held = this.#held;
        this.#held = [];
        for (const message of held) this.#onEvent(message);
        if (this.#heldOverflow) this.#readAgain();
      }
    }
  }

  /** Events were not held during the resync: read again what they were about (their own events held again). */
  #readAgain(): void {
    const unheard = [...this.#unheard];
    this.#heldOverflow = false;
    this.#unheard.clear();
    if (!this.#session || (this.#supervisor && unheard.length === 0)) return;
    const run = this.#runResync(this.#supervisor ? unheard : undefined).catch((e: unknown) =>
      this.#host.log('error', `Catix: resync failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.#resyncRun = run;
  }

  async #resyncAgent(generation: number): Promise<void> {
    const [status, reasons, targets, filas] = await Promise.allSettled([
      this.#request('STATUS_AGENTE', { agente: this.#agentId }, 'status'),
      this.#request('BUSCAR_TIPOS_PAUSA', {}, 'pause-reasons'),
      this.#request('BUSCAR_OPCOES_TRANSFERENCIA', {}, 'transfer-targets'),
      this.#request('BUSCAR_FILAS', {}, 'queues'),
    ]);
    if (generation !== this.#generation) return;
    this.#applyList(reasons, pauseReasons, 'pause-reasons', (items) => {
      this.#reasons = items;
      this.#emit({ type: 'pause-reasons', reasons: items });
    });
    this.#applyList(targets, transferTargets, 'transfer-targets', (items) => {
      this.#targets = items;
      this.#emitTargets();
    });
    this.#applyList(filas, queues, 'queues', (items) => this.#emit({ type: 'queues', queues: items, replace: true }));

    let parsed: AgentStatus;
    if (status.status === 'fulfilled') {
      parsed = agentStatus(status.value);
    } else {
      const error = status.reason as CtiError;
      if (error.code === 'connection-lost' || error.code === 'not-connected') return;
      if (error.code === 'timeout') {
        this.#retryLater(error);
        return;
      }
      if (error.vendorCode === CatixErrorCode.AgentNotFound) {
        this.#host.log('info', `Catix: STATUS_AGENTE says agent ${this.#agentId} is not online (${error.detail ?? error.vendorCode})`);
        parsed = { status: 'Deslogado', phase: AgentPhase.LoggedOut };
      } else {
        this.#report(error);
        parsed = { status: '', phase: AgentPhase.Unknown };
      }
    }
    if (!parsed.status && this.#statusKnown) {
      // An error or an answer without a status: what we knew stands (the events keep it current).
      this.#host.log('warn', 'Catix: STATUS_AGENTE gave no status; the known agent state and call are kept');
      return;
    }
    let pause: PauseInfo | undefined;
    if (parsed.phase === AgentPhase.Paused) {
      pause = await this.#pauseInfo(parsed);
      if (generation !== this.#generation) return;
    }
    this.#applyStatus(parsed, pause);
  }

  /**
   * The pause of a paused agent: `INFORMACAO_PAUSA`; when it fails or names no pause, the reason in the status
   * `obs` ("Motivo: …"), else the pause we already knew. A side query never erases what we know.
   */
  async #pauseInfo(status: AgentStatus): Promise<PauseInfo> {
    const fromNote = /Motivo:\s*(.*?)(?:\s+-\s+Obs:|$)/i.exec(status.note ?? '')?.[1]?.trim() || undefined;
    try {
      const info = pauseDetails(await this.#request('INFORMACAO_PAUSA', { agente: this.#agentId }, 'pause-info'));
      if (info.id !== undefined || info.name !== undefined) {
        const reasonId = info.id ?? this.#reasons.find((r) => r.name === info.name)?.id ?? '';
        const endsAt =
          info.limitMinutes && info.limitMinutes > 0 && info.elapsedSeconds !== undefined
            ? this.#now() - info.elapsedSeconds * 1000 + info.limitMinutes * 60_000
            : undefined;
        return { reasonId, reasonName: info.name ?? fromNote ?? reasonId, trigger: 'manual', ...(endsAt !== undefined ? { endsAt } : {}) };
      }
      this.#host.log('warn', 'Catix: INFORMACAO_PAUSA answered without a pause');
    } catch (e) {
      const error = e as CtiError;
      if (error.code !== 'connection-lost' && error.code !== 'not-connected') this.#host.log('warn', `Catix: INFORMACAO_PAUSA failed (${error.vendorCode ?? error.code})`);
    }
    const known = this.#phase === AgentPhase.Paused ? this.#pause : undefined;
    if (known && (fromNote === undefined || fromNote === known.reasonName)) return known;
    const name = fromNote ?? '';
    return { reasonId: this.#reasons.find((r) => r.name === name)?.id ?? '', reasonName: name };
  }

  /** The agent's status (authoritative) → the snapshot: agent, and the call it implies. */
  #applyStatus(status: AgentStatus, pause: PauseInfo | undefined): void {
    const previous = this.#call;
    let calls: CallReport[] = [];
    if (status.call && status.phase !== AgentPhase.LoggedOut) {
      const sameCall =
        previous !== undefined &&
        (previous.number === undefined || status.number === undefined || sameNumber(previous.number, status.number));
      const call: KnownCall = sameCall
        ? previous
        : { id: `catix-${this.#agentId}-${++this.#localIds}`, direction: directionFromNote(status.note), answered: false };
      if (!sameCall && previous) this.#forget(previous);
      if (status.number) call.number = status.number;
      call.answered = status.call === 'active';
      this.#call = call;
      calls = [
        {
          id: call.id,
          direction: call.direction,
          state: status.call,
          ...(call.number ? { remote: [{ number: call.number }] } : {}),
          ...(status.seconds !== undefined ? { durationSeconds: status.seconds } : {}),
          detail: status.status,
          ...(status.note ? { data: { obs: status.note } } : {}),
        },
      ];
    } else if (previous && status.phase === AgentPhase.Unknown) {
      // A status text we cannot read says nothing about the call: it stays until an event ends it.
      calls = [{ id: previous.id, direction: previous.direction, state: previous.answered ? 'active' : 'dialing', ...(previous.number ? { remote: [{ number: previous.number }] } : {}) }];
    } else if (previous) {
      this.#forget(previous);
    }
    this.#statusKnown = true;
    this.#phase = status.phase;
    this.#pause = status.phase === AgentPhase.Paused ? pause : undefined;
    this.#setOwnExtension(status.extension);
    const agent: AgentReport = {
      ...this.#agent(status.phase, status.status || 'unknown', status.extension),
      // `tempo`: how long the agent has been in this status.
      ...(status.seconds !== undefined ? { since: this.#now() - status.seconds * 1000 } : {}),
    };
    this.#host.log('info', `Catix: status ${status.status || '(none)'} → ${status.phase}`);
    this.#emit({ type: 'snapshot', agent, calls });
  }

  async #resyncSupervisor(generation: number, only?: readonly string[]): Promise<void> {
    if (only) return this.#readMembers(generation, only);
    const [reasons, filas, ...statuses] = await Promise.allSettled([
      this.#request('BUSCAR_TIPOS_PAUSA', {}, 'pause-reasons'),
      this.#request('BUSCAR_FILAS', {}, 'queues'),
      ...this.#opts.agents.map((agente) => this.#request('STATUS_AGENTE', { agente }, 'status')),
    ]);
    if (generation !== this.#generation) return;
    this.#applyList(reasons, pauseReasons, 'pause-reasons', (items) => {
      this.#reasons = items;
      this.#emit({ type: 'pause-reasons', reasons: items });
    });
    this.#applyList(filas, queues, 'queues', (items) => this.#emit({ type: 'queues', queues: items, replace: true }));
    const now = this.#now();
    const readings = this.#readings(this.#opts.agents, statuses);
    // Every status read: the team is rebuilt. Some unreadable: those members stay as they were.
    const complete = readings.every((r) => r !== undefined);
    if (complete) this.#team.reset();
    const members = readings.flatMap((status, i) => (status ? [this.#team.fromStatus(this.#opts.agents[i]!, status, now)] : []));
    this.#emit({ type: 'snapshot', agent: { phase: AgentPhase.LoggedOut, detail: SUPERVISOR }, calls: [] });
    this.#emit({ type: 'team', members, replace: complete });
  }

  /** Supervisor: read these members again (their events were not held); the rest of the team stands. */
  async #readMembers(generation: number, agents: readonly string[]): Promise<void> {
    const statuses = await Promise.allSettled(agents.map((agente) => this.#request('STATUS_AGENTE', { agente }, 'status')));
    if (generation !== this.#generation) return;
    const now = this.#now();
    const members = this.#readings(agents, statuses).flatMap((status, i) => (status ? [this.#team.fromStatus(agents[i]!, status, now)] : []));
    if (members.length > 0) this.#emit({ type: 'team', members });
  }

  /** `STATUS_AGENTE` answers → each agent's status (1004: not online), `undefined` where unreadable. */
  #readings(agents: readonly string[], statuses: readonly PromiseSettledResult<WireData>[]): (AgentStatus | undefined)[] {
    return statuses.map((result, i): AgentStatus | undefined => {
      const agentId = agents[i]!;
      if (result.status === 'fulfilled') {
        const status = agentStatus(result.value);
        if (status.status) return status;
        this.#host.log('warn', `Catix: STATUS_AGENTE ${agentId} gave no status`);
        return undefined;
      }
      const error = result.reason as CtiError;
      // 1004 "Agente não encontrado": not online.
      if (error.vendorCode === CatixErrorCode.AgentNotFound) return { status: 'Deslogado', phase: AgentPhase.LoggedOut };
      if (error.code !== 'connection-lost' && error.code !== 'not-connected') {
        this.#host.log('warn', `Catix: STATUS_AGENTE ${agentId} failed (${error.vendorCode ?? error.code})`);
      }
      return undefined;
    });
  }

  /**
   * A list query's outcome. A list (array or JSON text) replaces the known one; an answer without the list
   * (nothing to report) keeps it; a list that cannot be read is a visible `malformed-frame` (`bad-list`) and
   * keeps it; an error answer is shown and keeps it. The session goes on in every case.
   */
  #applyList<T>(result: PromiseSettledResult<WireData>, read: (data: WireData) => ListReading<T>, operation: string, apply: (items: T[]) => void): void {
    if (result.status === 'rejected') {
      const error = result.reason as CtiError;
      if (error.code !== 'connection-lost' && error.code !== 'not-connected') this.#report(error);
      return;
    }
    const reading = read(result.value);
    if (reading.kind === 'list') {
      if (reading.skipped > 0) this.#host.log('warn', `Catix: ${operation}: ${reading.skipped} entries without an id left out`);
      apply(reading.items);
    } else if (reading.kind === 'absent') {
      this.#host.log('info', `Catix: ${operation} answered without its list; the known one is kept`);
    } else {
      this.#host.log('warn', `Catix: ${operation}: unreadable list (${reading.detail}); the known one is kept`);
      this.#report({ code: 'malformed-frame', at: this.#now(), operation, vendorCode: 'bad-list', detail: reading.detail });
    }
  }

  /* ------------------------------------------------------------- requests */

  #request(comando: CatixCommand, fields: CommandFields, operation: string, beforeSession = false): Promise<WireData> {
    const relay = this.#relay;
    if (!relay || !relay.open || (!beforeSession && !this.#session)) return Promise.reject(this.#error('not-connected', operation));
    const messageId = String(this.#nextId++);
    return new Promise<WireData>((resolve, reject) => {
      const timer = this.#host.clock.setTimeout(() => {
        if (!this.#pending.delete(messageId)) return;
        this.#host.log('warn', `Catix: no answer to ${comando} #${messageId} in ${this.#opts.requestTimeoutMs} ms`);
        reject(this.#error('timeout', operation, `no answer to ${comando} in ${Math.round(this.#opts.requestTimeoutMs / 1000)} s`));
      }, this.#opts.requestTimeoutMs);
      this.#pending.set(messageId, { comando, operation, resolve, reject, timer });
      this.#host.log('debug', `Catix → ${comando} #${messageId}`);
      if (!relay.send(encodeCommand(comando, fields, messageId))) {
        this.#pending.delete(messageId);
        this.#host.clock.clearTimeout(timer);
        reject(this.#error('not-connected', operation));
      }
    });
  }

  #failPending(code: ErrorCode, detail: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      this.#host.clock.clearTimeout(p.timer);
      p.reject({ code, at: this.#now(), operation: p.operation, detail });
    }
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
        if (this.#session) await this.#resync();
        else this.#retryNow();
        return;
      case 'dismiss-notice':
        // The hub forgets notices itself; Catix has nothing to send.
        return;
      default:
        break;
    }
    if (this.#supervisor) throw this.#error('unsupported', command.type, 'a supervisor session does not act as an agent');
    switch (command.type) {
      case 'login':
        return this.#login(command.agent, command.extension);
      case 'logout':
        await this.#agentCommand('AGENTE_DESLOGAR', {}, 'logout');
        return;
      case 'ready': {
        const atributos: Record<string, string> = { 'pausa-acao': this.#opts.unpauseAction };
        if (this.#pause?.reasonId) atributos['pausa-id'] = this.#pause.reasonId;
        await this.#agentCommand('PAUSAR', { atributos }, 'ready');
        return;
      }
      case 'pause':
        return this.#pauseWith(command.reasonId, command.note);
      case 'dial': {
        const number = dialString(command.to);
        if (!number) throw this.#error('bad-request', 'dial', 'a number to dial (digits, * and #)');
        await this.#agentCommand('DISCAR', { numeroDiscado: number }, 'dial');
        return;
      }
      case 'redial':
        await this.#agentCommand('REDISCAR', {}, 'redial');
        return;
      case 'hangup':
        this.#requireCall(command.callId, 'hangup');
        await this.#agentCommand('DESLIGAR_CHAMADA', {}, 'hangup');
        return;
      case 'transfer': {
        this.#requireCall(command.callId, 'transfer');
        const to = command.to.trim();
        if (command.toTarget) {
          if (!to) throw this.#error('bad-request', 'transfer', 'a transfer target');
          await this.#agentCommand('TRANSFERIR', { destino: 'Ramal', idDestino: to }, 'transfer');
          return;
        }
        const number = dialString(to);
        if (!number) throw this.#error('bad-request', 'transfer', 'an extension to transfer to');
        await this.#agentCommand('TRANSFERIR', { numeroDiscado: number }, 'transfer');
        return;
      }
      default:
        throw this.#error('unsupported', command.type, 'Catix has no such operation');
    }
  }

  async #agentCommand(comando: CatixCommand, fields: CommandFields, operation: string): Promise<WireData> {
    const seen = this.#eventCount;
    const data = await this.#request(comando, { agente: this.#agentId, ...fields }, operation);
    if (EXPECTS_EVENT.has(comando) && this.#eventCount === seen) this.#awaitEvent(comando);
    return data;
  }

  /**
   * The seed promises an answer to every command, not the event that shows its effect (`AGENT_PAUSED`,
   * `DIALING`… are the public documents' word). When no event follows an accepted command within
   * `eventWaitMs`, the state is read (`STATUS_AGENTE`) instead of waiting on: nothing is shown as failed.
   */
  #awaitEvent(comando: CatixCommand): void {
    this.#clearTimer('event');
    const wait = this.#opts.eventWaitMs;
    if (wait <= 0) return;
    this.#eventTimer = this.#host.clock.setTimeout(() => {
      this.#eventTimer = undefined;
      if (this.#closed || !this.#session) return;
      this.#host.log('info', `Catix: no event followed ${comando} in ${wait} ms; reading the status`);
      void this.#resync();
    }, wait);
  }

  async #login(agent: string, extensionGiven: string | undefined): Promise<void> {
    if (!this.#session) throw this.#error('not-connected', 'login');
    const asked = agent.trim();
    if (asked && asked !== this.#agentId) {
      throw this.#error('bad-request', 'login', `this connection is bound to agent ${this.#agentId}`);
    }
    const extension = (extensionGiven ?? this.#config.extension ?? '').trim();
    if (!extension) throw this.#error('missing-data', 'login', 'extension');
    try {
      await this.#agentCommand('AGENTE_LOGAR', { atributos: { 'login-ramal': extension } }, 'login');
    } catch (e) {
      // 1007: Catix says the agent is already logged in: our view is stale, read it again.
      if ((e as CtiError).vendorCode === CatixErrorCode.AgentAlreadyLoggedIn) void this.#resync();
      throw e;
    }
    this.#setOwnExtension(extension);
    if (this.#phase !== AgentPhase.LoggedOut) return;
    this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, PIN_PENDING, extension) });
    this.#clearTimer('pin');
    this.#pinTimer = this.#host.clock.setTimeout(() => {
      this.#pinTimer = undefined;
      if (this.#phase !== AgentPhase.LoggedOut) return;
      // AGENT_LOGIN is the public documents' word, not the seed's: before saying the PIN was not typed, ask.
      const asked = this.#session ? this.#resync() : Promise.resolve();
      void asked.then(() => {
        if (this.#closed || this.#phase !== AgentPhase.LoggedOut || this.#pinTimer) return;
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, '') });
        // Not a refused command (AGENTE_LOGAR was accepted): a notice of its own, which the agent status shows
        // (a `login` failure published after the command resolved would be shown by no element).
        this.#report({
          code: 'timeout',
          at: this.#now(),
          operation: 'pin',
          vendorCode: 'pin-timeout',
          detail: `not logged in ${Math.round(this.#opts.pinTimeoutMs / 1000)} s after AGENTE_LOGAR (the PIN was not typed on extension ${extension})`,
        });
      });
    }, this.#opts.pinTimeoutMs);
  }

  async #pauseWith(reasonId: string, note: string | undefined): Promise<void> {
    const id = reasonId.trim();
    if (!id) throw this.#error('missing-data', 'pause', 'pause reason');
    const reason = this.#reasons.find((r) => r.id === id);
    if (this.#reasons.length > 0 && !reason) throw this.#error('bad-request', 'pause', `unknown pause reason ${id}`);
    const text = (note ?? '').trim();
    if (reason?.requiresNote && !text) {
      throw { ...this.#error('missing-data', 'pause', `the pause “${reason.name}” requires a note`), vendorCode: 'note-required' } satisfies CtiError;
    }
    await this.#agentCommand('PAUSAR', { atributos: { 'pausa-id': id, 'pausa-obs': text, 'pausa-acao': 'PAUSAR' } }, 'pause');
  }

  #requireCall(callId: string, operation: string): void {
    if (!this.#session) throw this.#error('not-connected', operation);
    if (!this.#call || this.#call.id !== callId) throw this.#error('invalid-state', operation, 'no such call');
  }

  /* -------------------------------------------------------------- helpers */

  /** The transfer destinations without the agent's own extension (its number as a whole word of the name). */
  #emitTargets(): void {
    const own = this.#ownExtension;
    const word = own !== undefined && /^\d+$/.test(own) ? new RegExp(`(?:^|\\D)${own}(?:\\D|$)`) : undefined;
    const isOwn = (name: string): boolean => name.trim() === own || (word?.test(name) ?? false);
    this.#emit({ type: 'transfer-targets', targets: this.#targets.filter((t) => !isOwn(t.name)) });
  }

  #setOwnExtension(extension: string | undefined): void {
    const own = extension?.trim();
    if (!own || own === '-' || own === this.#ownExtension) return;
    this.#ownExtension = own;
    if (this.#targets.length > 0) this.#emitTargets();
  }

  #agent(phase: AgentPhase, detail: string, extension?: string): AgentReport {
    return {
      phase,
      detail,
      ...(this.#agentId ? { agentId: this.#agentId } : {}),
      ...(extension ? { extension } : {}),
      ...(phase === AgentPhase.Paused && this.#pause ? { pause: this.#pause } : {}),
    };
  }

  #setStatus(status: ConnectionStatus, attempt?: number, retryAt?: number): void {
    if (status === this.#status && attempt === undefined) return;
    this.#status = status;
    this.#emit({
      type: 'connection',
      status,
      ...(attempt !== undefined ? { attempt } : {}),
      ...(retryAt !== undefined ? { retryAt } : {}),
    });
  }

  #clearTimer(which: 'retry' | 'watchdog' | 'pin' | 'event'): void {
    const timer = { retry: this.#retryTimer, watchdog: this.#watchdog, pin: this.#pinTimer, event: this.#eventTimer }[which];
    if (timer) this.#host.clock.clearTimeout(timer);
    if (which === 'retry') this.#retryTimer = undefined;
    else if (which === 'watchdog') this.#watchdog = undefined;
    else if (which === 'pin') this.#pinTimer = undefined;
    else this.#eventTimer = undefined;
  }

  #report(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  #emit(event: DomainEvent): void {
    if (this.#closed && event.type !== 'connection') return;
    this.#host.emit(event);
  }

  #error(code: ErrorCode, operation: string, detail?: string): CtiError {
    return { code, at: this.#now(), operation, ...(detail ? { detail } : {}) };
  }

  #now(): number {
    return this.#host.clock.now();
  }
}

/** Event fields shown with the call (every field but the call id `rl`). Server text. */
function callData(data: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (k !== 'rl') out[k] = v;
  return out;
}

/** Two renderings of one number (`(17) 99149-1234` / `17991491234` / `017991491234`). */
function sameNumber(a: string, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  if (!x || !y) return a.trim() === b.trim();
  return x === y || (Math.min(x.length, y.length) >= 4 && (x.endsWith(y) || y.endsWith(x)));
}

export const createCatixAdapter: AdapterFactory = (config, host, deps) => new CatixAdapter(config, host, deps);

/** An error answer to `LOGAR_SINGLE_USER` / `LOGAR_MULTI_USER`: a refused sign-in, whatever the `erroCod`
 * (2000 and 2001 keep their code: their messages name the integration account). */
function loginRefused(error: CtiError): CtiError {
  const code = error.vendorCode;
  const specific = code === CatixErrorCode.InvalidCredentials || code === CatixErrorCode.UserNotFound;
  const detail = `ERRO ${code ?? '(no erroCod)'}${error.detail ? `: ${error.detail}` : ''}`;
  return { code: 'auth-failed', at: error.at, operation: 'connect', vendorCode: specific ? code : 'login-refused', detail: detail.slice(0, 300) };
}
