/**
 * Tactium IP adapter: the Tactium IP INTEGRADOR socket (TCP, default port 34025) reached through a websockify
 * relay. Commands in, `DomainEvent`s out. The relay layer moves bytes (`relay/transport.ts`), decodes text
 * (`relay/decoder.ts`) and cuts messages (`relay/framing-dollar.ts`); the codec (`codec.ts`) says what a message
 * means; this module correlates replies, keeps the agent's status fresh, tracks the one call and reconnects.
 * Timers go through `host.clock`.
 *
 * ```
 *   idle ─ start() ─► connecting ─ relay open ─► <agent><L><ON>$ ──<OK>──► connected ─► <AC>$<S>$ ─► snapshot
 *                        ▲    │                       │ error reply: bind refused ─► closed (no retry loop)
 *                        │    │ refused (relay down / unknown token) → relay-unavailable
 *                        │    │ opened then 1011 (vendor port closed) → vendor-unreachable
 *                        └────┴── reconnecting (backoff + jitter) ◄── dropped / no answer to a status poll
 *   connected: every statusPollMs (and after every command that changes state) <S> → agent phase;
 *              no answer in requestTimeoutMs → keep-alive-lost, the link is dropped and opened again.
 *   any ─ close() ─► relay closed (the agent stays logged in: Tactium's login belongs to the IP Client)
 * ```
 *
 * Replies carry no id. One command is on the wire at a time; a reply is matched to it by kind (`<OK>`, `<S>`,
 * `<EndCall>` for `<D>`), and anything unexpected while it waits (an `<ERRO>` field, an unknown kind, text
 * outside `<…>`) fails it as `command-failed` with the raw text. The seed promises no reply to a dial (4.9) nor
 * to `<AC>` with no call (4.11): both are fenced by `<S>` (whose reply is promised), so nothing waits for a reply
 * that may never come. Events (calls, `<G>`, `<EndCall>`, statuses) are handled whether or not they also
 * answer the command.
 *
 * Roles (`options.role`): `agent` (default) binds `config.agent`; `supervisor` binds `ADMSOCKET` and turns every
 * agent's call events into `team` updates (plus the status of `options.agents`); it never acts as an agent.
 *
 * `config.options` (defaults): `role` ('agent'), `encoding` ('windows-1252'), `requestTimeoutMs` (5000),
 * `statusPollMs` (10000; 0 = no polling and no watchdog), `reconnectBaseMs` (1000), `reconnectMaxMs` (30000),
 * `pauseReasons` (''), `defaultDdd` (''), `defaultService` (''), `requireService` (false), `agents` (''), `maxMessageChars` (65536).
 * See docs/vendors/tactium.md.
 */
import type { TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor, supervisorCapabilities } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, CallReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { Capabilities, ConnectionStatus, CtiError, ErrorCode, PauseInfo, PauseReason } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import { RelayEncoding, StreamDecoder, isRelayEncoding } from '../relay/decoder.js';
import { DollarFramer } from '../relay/framing-dollar.js';
import { openRelay, type RelayHandle } from '../relay/transport.js';
import {
  ADMSOCKET,
  RECORDING_KEY,
  TactiumCommand,
  callData,
  callService,
  callSignature,
  decodeItem,
  fieldProblem,
  remoteNumber,
  sameLogin,
  statusPhase,
  type TactiumCall,
  type TactiumMessage,
} from './codec.js';
import { callbackWhen, isDialProblem, parseAgentList, parsePauseReasons, splitDialNumber } from './codec-input.js';

export interface TactiumOptions {
  readonly role: 'agent' | 'supervisor';
  readonly encoding: RelayEncoding;
  readonly requestTimeoutMs: number;
  readonly statusPollMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly pauseReasons: readonly PauseReason[];
  readonly defaultDdd: string;
  readonly defaultService: string;
  /**
   * Refuse a dial with no service or campaign (when there is no `defaultService`). Off by default: seed 4.9
   * allows a blank one ("Pode estar em branco quando não se quer realizar este vínculo das ligações").
   */
  readonly requireService: boolean;
  /** Supervisor: agents whose status is asked at start and on every poll. */
  readonly agents: readonly string[];
  readonly maxMessageChars: number;
}

/** Brazilian Windows servers: the seed's product writes `c:\records\…` and Portuguese text. */
export const DEFAULT_TACTIUM_ENCODING: RelayEncoding = RelayEncoding.Windows1252;

/** `config.options` → options, every value bounded; unknown or wrong values fall back to the default. */
export function readTactiumOptions(raw: SessionConfig['options']): TactiumOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => {
    const v = typeof o[k] === 'number' ? (o[k] as number) : typeof o[k] === 'string' && o[k] !== '' ? Number(o[k]) : NaN;
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  const s = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string).trim() : typeof o[k] === 'number' ? String(o[k]) : '');
  const encoding = s('encoding').toLowerCase();
  const poll = n('statusPollMs', 10_000, 0, 3_600_000);
  return {
    role: s('role') === 'supervisor' ? 'supervisor' : 'agent',
    encoding: isRelayEncoding(encoding) ? encoding : DEFAULT_TACTIUM_ENCODING,
    requestTimeoutMs: n('requestTimeoutMs', 5_000, 50, 120_000),
    statusPollMs: poll > 0 ? Math.max(50, poll) : 0,
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 30_000, 10, 3_600_000),
    pauseReasons: parsePauseReasons(s('pauseReasons')),
    defaultDdd: s('defaultDdd'),
    defaultService: s('defaultService'),
    requireService: o['requireService'] === true || s('requireService') === 'true',
    agents: parseAgentList(s('agents')),
    maxMessageChars: n('maxMessageChars', 65_536, 256, 1 << 20),
  };
}

/** What a request is for: decides what its timeout means. */
type RequestKind = 'bind' | 'status' | 'query' | 'command';

interface Request {
  readonly op: string;
  readonly text: string;
  readonly kind: RequestKind;
  /** Whether `m` is this request's reply. */
  readonly accepts: (m: TactiumMessage) => boolean;
  /** A status read for a snapshot (the resync's `<AC>`+`<S>`): no `agent` event of its own. */
  readonly quiet?: boolean;
  /** Dial: the service the call is linked to. */
  readonly service?: string;
  /** Supervisor: the agent asked about. */
  readonly subject?: string;
  /**
   * Messages that belong to this request without settling it: a fenced request (`<AC>` or a dial followed by
   * `<S>`) collects what comes before the status reply that ends it. Returns whether `m` was taken.
   */
  readonly absorbs?: (m: TactiumMessage, request: Request) => boolean;
  /**
   * Called synchronously when the reply is handled (or comes back error-shaped: `undefined`), before the next
   * message is read: what a resync concludes must not be overtaken by an event that follows the reply.
   */
  readonly answered?: (reply: TactiumMessage | undefined) => void;
  /** The seed promises no reply: silence within `timeoutMs` means this (logged), not a failure. */
  readonly silenceMeans?: string;
  /** This request's own bound (else `requestTimeoutMs`). */
  readonly timeoutMs?: number;
  readonly resolve: (m: TactiumMessage | undefined) => void;
  readonly reject: (e: CtiError) => void;
  timer?: TimerHandle;
}

interface KnownCall {
  readonly id: string;
  readonly signature: string;
  report: CallReport;
  data: Record<string, string>;
  ended: boolean;
}

interface TeamCall {
  readonly id: string;
  readonly signature: string;
}

const isFailureReply = (m: TactiumMessage): boolean => m.kind === 'error' || m.kind === 'unknown' || m.kind === 'garbage';
/**
 * Seed 4.12 shows no `Retorno` for `<ADMSOCKET><L><ON>$`: the supervisor bind waits this long (at most) for a
 * refusal or an `<OK>`; silence means bound.
 */
export const ADMSOCKET_BIND_WAIT_MS = 1_000;

/** How the server answered `<AC>` before the `<S>` fence: a call, a "no call" form, an error-shaped reply, nothing. */
export type CurrentCallAnswer = 'call' | 'empty' | 'error' | 'none';

export interface CurrentCall {
  readonly call: TactiumCall | undefined;
  readonly answer: CurrentCallAnswer;
  /** The status from the fence's `<S>` reply (`undefined` when it came back error-shaped). */
  readonly code: string | undefined;
}
const SUPERVISOR_ONLY = 'a supervisor session (options.role = supervisor) never acts as an agent';

class TactiumAdapter implements VendorAdapter {
  readonly capabilities: Capabilities;
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #deps: AdapterDeps;
  readonly #opts: TactiumOptions;
  /** The login this connection binds: the agent, or ADMSOCKET. */
  readonly #login: string;

  #relay: RelayHandle | undefined;
  #decoder: StreamDecoder;
  #framer: DollarFramer;
  /** Bumped on every new connection: work started for an older one stops. */
  #generation = 0;
  #status: ConnectionStatus = 'idle';
  #bound = false;
  #attempt = 0;
  #retryTimer: TimerHandle | undefined;
  #pollTimer: TimerHandle | undefined;
  #closed = false;
  #fatal = false;
  #everConnected = false;
  /** The error code already shown for the current outage (shown once, not on every attempt). */
  #outage: ErrorCode | undefined;

  readonly #queue: Request[] = [];
  #inflight: Request | undefined;
  /** A status request waiting or on the wire, per login (polls are not stacked). */
  readonly #statusWaits = new Map<string, Promise<string | undefined>>();

  /** Agent role: the last status code, the pause reason we asked for, the call. */
  #code: string | undefined;
  #pause: PauseInfo | undefined;
  #call: KnownCall | undefined;
  /** The call that ended last (a `<G>` or a dialer outcome may come after `<EndCall>`). */
  #lastCallId: string | undefined;
  /** The last dial sent (its `<A>` may arrive after the dial command settled). */
  #dialed: { readonly phone: string; readonly service: string } | undefined;
  #nextCall = 1;
  /** Supervisor role: the call each agent is on, and the last status code seen (lower-case login → …). */
  readonly #teamCalls = new Map<string, TeamCall>();
  readonly #teamCodes = new Map<string, string>();

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    this.#deps = deps;
    this.#opts = readTactiumOptions(config.options);
    const base = capabilitiesFor('tactium');
    // Seed 4.9: the dial's service field "can be blank" (the call is then linked to none): optional, unless the
    // administrator requires one (`requireService`) and configured no default; a default is the placeholder.
    const caps: Capabilities = {
      ...base,
      dialService: this.#opts.requireService && !this.#opts.defaultService ? 'required' : 'optional',
      ...(this.#opts.defaultService ? { defaultService: this.#opts.defaultService } : {}),
    };
    this.capabilities = this.#opts.role === 'supervisor' ? supervisorCapabilities(caps) : caps;
    this.#login = this.#opts.role === 'supervisor' ? ADMSOCKET : config.agent.trim();
    this.#decoder = new StreamDecoder(this.#opts.encoding);
    this.#framer = new DollarFramer({ maxChars: this.#opts.maxMessageChars });
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#closed || this.#relay || this.#fatal) return;
    const problem = this.#configProblem();
    if (problem) {
      this.#giveUp(problem);
      return;
    }
    if (this.#opts.role === 'agent') this.#emit({ type: 'pause-reasons', reasons: this.#opts.pauseReasons });
    this.#connect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimers();
    this.#failRequests('connection-lost', 'closed');
    this.#relay?.close();
    this.#relay = undefined;
    this.#setStatus('closed');
  }

  #configProblem(): CtiError | undefined {
    if (!this.#config.server.trim()) {
      return this.#error('bad-request', 'connect', 'no relay URL (config.server: ws(s)://relay:port/?token=NAME)');
    }
    if (!this.#login) {
      return { ...this.#error('missing-data', 'connect', "config.agent: the agent's Tactium login"), vendorCode: 'no-agent' };
    }
    const bad = fieldProblem(this.#login);
    if (bad) return this.#error('bad-request', 'connect', `config.agent ${bad}`);
    return undefined;
  }

  #connect(): void {
    this.#retryTimer = undefined;
    const generation = ++this.#generation;
    this.#bound = false;
    this.#decoder = new StreamDecoder(this.#opts.encoding);
    this.#framer = new DollarFramer({ maxChars: this.#opts.maxMessageChars });
    this.#setStatus(this.#everConnected || this.#attempt > 0 ? 'reconnecting' : 'connecting', this.#attempt || undefined);
    this.#relay = openRelay(this.#deps.WebSocket, { url: this.#config.server.trim(), encoding: this.#opts.encoding }, {
      onOpen: () => void this.#onOpen(generation),
      onBytes: (bytes) => this.#onBytes(generation, bytes),
      onClose: (code, reason, opened) => this.#onClose(generation, code, reason, opened),
    });
  }

  async #onOpen(generation: number): Promise<void> {
    this.#host.log('debug', `Tactium: relay open, binding ${this.#login}`);
    try {
      await this.#request({
        op: 'bind',
        kind: 'bind',
        text: TactiumCommand.bind(this.#login),
        accepts: (m) => m.kind === 'ok' && sameLogin(m.login, this.#login),
        // Seed 4.1 promises `<OK>` for an agent; 4.12 shows no reply for ADMSOCKET: silence is no refusal.
        ...(this.#login === ADMSOCKET
          ? { silenceMeans: 'bound (seed 4.12 shows no reply)', timeoutMs: Math.min(this.#opts.requestTimeoutMs, ADMSOCKET_BIND_WAIT_MS) }
          : {}),
      });
    } catch (e) {
      if (generation !== this.#generation) return;
      const error = e as CtiError;
      if (error.code === 'command-failed') {
        // The server refused to bind this login: retrying will not change its mind.
        this.#giveUp({ ...error, code: 'auth-failed', operation: 'bind', vendorCode: 'bind-refused' });
      } else if (error.code === 'timeout') {
        this.#retryLater({ ...error, detail: `no answer to <${this.#login}><L><ON>$ in ${this.#opts.requestTimeoutMs} ms` });
      }
      return;
    }
    if (generation !== this.#generation) return;
    this.#bound = true;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    this.#attempt = 0;
    this.#outage = undefined;
    this.#setStatus('connected');
    this.#host.log('info', `Tactium: ${reconnect ? 're' : ''}connected as ${this.#login}`);
    await this.#resync(generation);
  }

  /** Read everything again (after a (re)connect or a `refresh`) and publish it. */
  async #resync(generation: number): Promise<void> {
    if (this.#opts.role === 'supervisor') {
      this.#emit({ type: 'snapshot', agent: { phase: AgentPhase.LoggedOut, detail: 'supervisor' }, calls: [] });
      this.#teamCalls.clear();
      this.#teamCodes.clear();
      this.#emit({ type: 'team', replace: true, members: this.#opts.agents.map((agentId) => ({ agentId, phase: AgentPhase.Unknown, detail: '' })) });
      for (const agent of this.#opts.agents) void this.#currentCallOf(agent).catch(() => undefined);
      this.#schedulePoll();
      return;
    }
    try {
      await this.#currentCallOf(this.#login, true, (current) => {
        if (generation === this.#generation) this.#applyResync(current);
      });
    } catch {
      // The link failed during the resync: the reconnection that follows resyncs again.
    }
  }

  /** The resync's answer → one authoritative snapshot (run as the fence's reply is read, before any later event). */
  #applyResync(current: CurrentCall): void {
    // An error-shaped status reply keeps the status we knew (never thrown away for an unexpected reply).
    const code = current.code ?? this.#code;
    const known = this.#call && !this.#call.ended ? this.#call : undefined;
    const calls: CallReport[] = [];
    if (current.call) {
      calls.push(this.#adoptCall(current.call, undefined).report);
    } else if (known && code === '3' && (current.answer === 'none' || current.answer === 'error')) {
      // `<AC>` said nothing usable but the agent is still busy: the call we knew is still going on.
      calls.push(known.report);
    } else {
      this.#forgetCall();
    }
    this.#code = code;
    const agent: AgentReport =
      code !== undefined ? this.#agentReport(code) : { phase: AgentPhase.Unknown, detail: 'status-unknown', agentId: this.#login };
    this.#emit({ type: 'snapshot', agent, calls });
    this.#schedulePoll();
  }

  #onClose(generation: number, code: number, reason: string, opened: boolean): void {
    if (generation !== this.#generation) return;
    const wasBound = this.#bound;
    this.#relay = undefined;
    this.#bound = false;
    this.#stopPolling();
    this.#failRequests('connection-lost', `relay closed (${code})`);
    if (this.#closed || this.#fatal) return;
    const where = `${code}${reason ? ` ${reason}` : ''}`;
    if (!opened) {
      this.#reportOutage(this.#error('relay-unavailable', 'connect', `the relay did not accept the connection (close ${where})`));
    } else if (code === 1011) {
      this.#reportOutage(this.#error('vendor-unreachable', 'connect', `the relay could not reach the Tactium server (close ${where})`));
    } else {
      this.#reportOutage(this.#error('connection-lost', 'connect', `${wasBound ? 'connection' : 'relay'} closed (${where})`));
    }
    this.#markCallUnconfirmed();
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#fatal || this.#retryTimer) return;
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs, this.#deps.random);
    const retryAt = this.#now() + delay;
    this.#setStatus('reconnecting', this.#attempt, retryAt);
    this.#retryTimer = this.#host.clock.setTimeout(() => this.#connect(), delay);
  }

  /** Drop this link (without waiting for the relay to say so) and try again later. */
  #retryLater(error: CtiError): void {
    this.#reportOutage(error);
    this.#dropLink('connection-lost', error.detail ?? error.code);
    this.#markCallUnconfirmed();
    this.#scheduleReconnect();
  }

  /** Stop for good (no agent configured, bind refused): a visible error, no retry loop. */
  #giveUp(error: CtiError): void {
    this.#fatal = true;
    this.#report(error);
    this.#dropLink('connection-lost', error.detail ?? error.code);
    this.#setStatus('closed');
  }

  #dropLink(code: ErrorCode, detail: string): void {
    this.#generation++;
    this.#stopPolling();
    this.#failRequests(code, detail);
    this.#relay?.close();
    this.#relay = undefined;
    this.#bound = false;
  }

  /** `refresh` while disconnected (or closed for good): try again now. */
  #retryNow(): void {
    if (this.#closed) return;
    if (this.#retryTimer) this.#host.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#fatal = false;
    if (this.#relay) return;
    const problem = this.#configProblem();
    if (problem) this.#giveUp(problem);
    else this.#connect();
  }

  /* ------------------------------------------------------------- requests */

  /** Queue a request; one is on the wire at a time. Resolves with the reply (`undefined`: empty on timeout). */
  #request(spec: Omit<Request, 'resolve' | 'reject' | 'timer'>): Promise<TactiumMessage | undefined> {
    if (!this.#relay?.open) return Promise.reject(this.#error('not-connected', spec.op, `connection is ${this.#status}`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...spec, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inflight) return;
    const next = this.#queue.shift();
    if (!next) return;
    const relay = this.#relay;
    if (!relay?.open || !relay.send(next.text)) {
      next.reject(this.#error('not-connected', next.op, 'the relay is not open'));
      this.#pump();
      return;
    }
    // Routine status polls are not logged: every log entry is a new snapshot for every tab.
    if (next.kind !== 'status') this.#host.log('debug', `Tactium → ${next.text}`);
    this.#inflight = next;
    next.timer = this.#host.clock.setTimeout(() => this.#onTimeout(next), next.timeoutMs ?? this.#opts.requestTimeoutMs);
  }

  /** Settle the request on the wire and send the next one. */
  #settle(request: Request, outcome: { reply?: TactiumMessage; error?: CtiError }): void {
    if (this.#inflight !== request) return;
    this.#inflight = undefined;
    if (request.timer) this.#host.clock.clearTimeout(request.timer);
    if (outcome.error) request.reject(outcome.error);
    else request.resolve(outcome.reply);
    this.#pump();
  }

  #onTimeout(request: Request): void {
    if (this.#inflight !== request) return;
    request.timer = undefined;
    const seconds = `${request.timeoutMs ?? this.#opts.requestTimeoutMs} ms`;
    if (request.silenceMeans) {
      this.#host.log('info', `Tactium: no answer to ${request.text} in ${seconds}: ${request.silenceMeans}`);
      this.#settle(request, {});
      return;
    }
    this.#host.log('warn', `Tactium: no answer to ${request.text} in ${seconds}`);
    this.#settle(request, { error: this.#error('timeout', request.op, `no answer in ${seconds}`) });
    if (request.kind === 'status' || request.op === 'current-call') {
      // The status poll (and the `<S>` fencing `<AC>`) is the watchdog: a server that does not answer it is gone (or the link is half-open).
      this.#retryLater({ ...this.#error('keep-alive-lost', 'status', `no answer to ${request.text} in ${seconds}`), vendorCode: 'no-reply' });
    } else if (request.kind === 'command' || request.kind === 'query') {
      // Is the link still alive? The status poll answers that.
      this.#poll();
    }
  }

  #failRequests(code: ErrorCode, detail: string): void {
    const all = [...(this.#inflight ? [this.#inflight] : []), ...this.#queue.splice(0)];
    if (this.#inflight?.timer) this.#host.clock.clearTimeout(this.#inflight.timer);
    this.#inflight = undefined;
    this.#statusWaits.clear();
    for (const r of all) r.reject(this.#error(code, r.op, detail));
  }

  /** The status of `login` (the agent, or another agent for a supervisor); one request per login at a time. */
  #statusOf(login: string): Promise<string | undefined> {
    const key = login.toLowerCase();
    const waiting = this.#statusWaits.get(key);
    if (waiting) return waiting;
    const p = this.#request({
      op: 'status',
      kind: 'status',
      text: TactiumCommand.status(login),
      subject: login,
      accepts: (m) => m.kind === 'status' && sameLogin(m.login, login),
    }).then((m) => (m?.kind === 'status' ? m.code : undefined));
    const settled = p.finally(() => {
      if (this.#statusWaits.get(key) === settled) this.#statusWaits.delete(key);
    });
    this.#statusWaits.set(key, settled);
    return settled;
  }

  /**
   * `<AC>` fenced by `<S>`: seed 4.11 promises "a message like the call events" when there is a call and says
   * nothing of the case with none; 4.6 promises the `<S><code>` reply. So `<login><AC>$<login><S>$` is sent and
   * the status reply ends the query: whatever came before it is the `<AC>` answer — a call, a "no call" form
   * (`<OK>`, `<AC>`, an empty `<A>`/`<R>`, `<EndCall>`), an error-shaped reply (logged, not shown), or nothing.
   * No wait for a reply that may never come. Rejects only when the link fails (or the status never comes).
   */
  async #currentCallOf(login: string, quiet = false, onAnswer?: (current: CurrentCall) => void): Promise<CurrentCall> {
    let call: TactiumCall | undefined;
    let answer: CurrentCallAnswer = 'none';
    const absorbs = (m: TactiumMessage, request: Request): boolean => {
      if ((m.kind === 'call' || m.kind === 'no-call' || m.kind === 'ok' || m.kind === 'end-call') && sameLogin(m.login, login)) {
        if (m.kind === 'call') {
          call = m.call;
          answer = 'call';
          this.#handle(m, request);
        } else {
          call = undefined;
          answer = 'empty';
          if (this.#opts.role === 'supervisor') this.#handle({ kind: 'no-call', login: m.login, raw: m.raw }, request);
        }
        return true;
      }
      if (answer === 'none' && isFailureReply(m)) {
        // The first error-shaped reply is `<AC>`'s ("no call" said badly); a second one would be the status's.
        answer = 'error';
        this.#host.log('info', `Tactium: ${TactiumCommand.currentCall(login)} answered ${m.raw}: taken as "no current call"`);
        return true;
      }
      return false;
    };
    try {
      const reply = await this.#request({
        op: 'current-call',
        kind: 'query',
        text: TactiumCommand.currentCall(login) + TactiumCommand.status(login),
        subject: login,
        quiet,
        absorbs,
        accepts: (m) => m.kind === 'status' && sameLogin(m.login, login),
        answered: (reply) => onAnswer?.({ call, answer, code: reply?.kind === 'status' ? reply.code : undefined }),
      });
      return { call, answer, code: reply?.kind === 'status' ? reply.code : undefined };
    } catch (e) {
      // The status came back error-shaped: what `<AC>` said still stands; the caller keeps the status it knew.
      if ((e as CtiError).code === 'command-failed') return { call, answer, code: undefined };
      throw e;
    }
  }

  /** A command whose reply is `<OK>`. */
  async #command(op: string, text: string): Promise<void> {
    await this.#request({ op, kind: 'command', text, accepts: (m) => m.kind === 'ok' && sameLogin(m.login, this.#login) });
  }

  /** After a command that changes the agent's state: read it now (failures are the watchdog's business). */
  async #refreshStatus(): Promise<void> {
    await this.#statusOf(this.#login).catch(() => undefined);
  }

  /* ---------------------------------------------------------------- polling */

  #schedulePoll(): void {
    if (this.#pollTimer) this.#host.clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    if (this.#opts.statusPollMs <= 0 || !this.#bound || this.#closed) return;
    if (this.#opts.role === 'supervisor' && this.#opts.agents.length === 0) return;
    this.#pollTimer = this.#host.clock.setTimeout(() => {
      this.#pollTimer = undefined;
      this.#poll();
    }, this.#opts.statusPollMs);
  }

  /** Ask the status now (the agent's, or every listed agent's), then schedule the next poll. */
  #poll(): void {
    if (!this.#bound) return;
    const generation = this.#generation;
    const logins = this.#opts.role === 'supervisor' ? this.#opts.agents : [this.#login];
    void Promise.allSettled(logins.map((login) => this.#statusOf(login))).then(() => {
      if (generation === this.#generation) this.#schedulePoll();
    });
  }

  #stopPolling(): void {
    if (this.#pollTimer) this.#host.clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  /* --------------------------------------------------------------- incoming */

  #onBytes(generation: number, bytes: Uint8Array): void {
    if (generation !== this.#generation) return;
    const text = this.#decoder.decode(bytes);
    for (const item of this.#framer.push(text)) {
      if (generation !== this.#generation) return;
      this.#onMessage(decodeItem(item));
    }
  }

  #onMessage(m: TactiumMessage): void {
    if (m.kind !== 'status' && m.kind !== 'ok') this.#host.log('debug', `Tactium ← ${m.raw || m.kind}`);
    const request = this.#inflight;
    if (m.kind === 'malformed') {
      this.#host.log('warn', `Tactium: unreadable message (${m.reason})`);
      this.#report(this.#error('malformed-frame', 'receive', m.raw ? `${m.reason}: ${m.raw}` : m.reason));
      return;
    }
    if (request && request.accepts(m)) {
      this.#settle(request, { reply: m });
      this.#handle(m, request);
      request.answered?.(m);
      return;
    }
    if (request?.absorbs?.(m, request)) return;
    if (request && isFailureReply(m)) {
      // Replies carry no id: something unexpected while a command waits is that command's failure.
      const detail = m.kind === 'error' && m.text ? `${m.text} (${m.raw})` : m.raw;
      this.#host.log('warn', `Tactium: ${request.text} failed: ${m.raw}`);
      this.#settle(request, { error: this.#error('command-failed', request.op, detail) });
      // A command's failure is shown by `execute`; a poll's or a query's nobody awaits: show it here.
      if (request.kind === 'status' || request.kind === 'query') this.#handle(m, undefined);
      request.answered?.(undefined);
      return;
    }
    this.#handle(m, undefined);
  }

  /** A message as an event (it may also have answered `request`). */
  #handle(m: TactiumMessage, request: Request | undefined): void {
    if (this.#opts.role === 'supervisor') {
      this.#handleTeam(m, request);
      return;
    }
    if ('login' in m && !sameLogin(m.login, this.#login) && m.kind !== 'error' && m.kind !== 'unknown') {
      this.#host.log('warn', `Tactium: a message for another login ignored (${m.raw})`);
      return;
    }
    switch (m.kind) {
      case 'status':
        this.#onStatus(m.code, request?.quiet === true);
        return;
      case 'call':
        this.#onCall(m.call, request);
        return;
      case 'end-call':
        this.#onEndCall();
        return;
      case 'recording':
        this.#onRecording(m.path);
        return;
      case 'ok':
      case 'no-call':
        if (!request) this.#host.log('debug', `Tactium: ${m.raw} answers nothing waiting`);
        return;
      case 'error':
        this.#host.log('warn', `Tactium: error reply with no command waiting: ${m.raw}`);
        this.#report({ ...this.#error('command-failed', 'receive', m.text ? `${m.text} (${m.raw})` : m.raw) });
        return;
      case 'unknown':
        this.#host.log('warn', `Tactium: unknown message ${m.name} (${m.raw})`);
        return;
      case 'garbage':
        this.#host.log('warn', `Tactium: text outside any message: ${m.raw}`);
        this.#report(this.#error('malformed-frame', 'receive', `text outside any message: ${m.raw}`));
        return;
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
    // Repeating an unchanged report is harmless: the store keeps the same snapshot.
    const agent = this.#agentReport(code);
    if ((previous === undefined || previous === '0') && code !== '0') {
      // Logged in through the IP Client since we last looked: a fresh, authoritative picture.
      this.#emit({ type: 'snapshot', agent, calls: this.#call && !this.#call.ended ? [this.#call.report] : [] });
      return;
    }
    this.#emit({ type: 'agent', agent });
  }

  #agentReport(code: string): AgentReport {
    const { phase, detail } = statusPhase(code);
    const pause = phase === AgentPhase.Paused ? (this.#pause ?? { reasonId: '', reasonName: '' }) : undefined;
    return { phase, detail, agentId: this.#login, ...(pause ? { pause } : {}) };
  }

  #onCall(tc: TactiumCall, request: Request | undefined): void {
    const known = this.#call;
    if (known && !known.ended && known.signature === callSignature(tc)) return;
    if (known && !known.ended) {
      // Tactium has one call per agent: a new one means the old one is over.
      this.#endCall(known);
    }
    // The agent's own dial, arriving after the dial's fence: it keeps the service it was dialled with.
    const dialed = this.#dialed;
    this.#dialed = undefined;
    const ownDial = dialed && tc.kind === 'A' && tc.itemId === '' && tc.dest === dialed.phone ? dialed.service || undefined : undefined;
    const call = this.#adoptCall(tc, request?.service || ownDial);
    this.#emit({ type: 'call-answered', call: call.report });
    void this.#refreshStatus();
  }

  /** Make `tc` the current call (the same id when it is the call we knew). */
  #adoptCall(tc: TactiumCall, service: string | undefined): KnownCall {
    const signature = callSignature(tc);
    const known = this.#call;
    if (known && !known.ended && known.signature === signature) return known;
    const id = `tactium-${this.#nextCall++}`;
    const data = callData(tc);
    const dialer = tc.kind === 'A' && (tc.itemId !== '' || Object.keys(tc.attach).length > 0);
    const svc = service ?? callService(tc);
    const report: CallReport = {
      id,
      direction: tc.kind === 'A' ? 'outbound' : 'inbound',
      remote: [{ number: remoteNumber(tc) }],
      mustAccept: false,
      data,
      detail: tc.kind === 'R' ? 'inbound' : dialer ? 'dialer' : 'outbound',
      ...(svc ? { service: svc } : {}),
    };
    const call: KnownCall = { id, signature, report, data, ended: false };
    this.#call = call;
    return call;
  }

  #forgetCall(): void {
    if (this.#call && !this.#call.ended) this.#lastCallId = this.#call.id;
    this.#call = undefined;
  }

  #onEndCall(): void {
    const call = this.#call;
    if (!call || call.ended) {
      this.#host.log('debug', 'Tactium: <EndCall> with no call known');
      void this.#refreshStatus();
      return;
    }
    call.ended = true;
    this.#lastCallId = call.id;
    // The status first, so after-call work (4) comes with the call's end instead of a moment of "ready".
    void this.#refreshStatus().finally(() => this.#emit({ type: 'call-ended', callId: call.id }));
  }

  #endCall(call: KnownCall): void {
    call.ended = true;
    this.#lastCallId = call.id;
    this.#emit({ type: 'call-ended', callId: call.id });
  }

  #onRecording(path: string): void {
    const call = this.#call && !this.#call.ended ? this.#call : undefined;
    const id = call?.id ?? this.#lastCallId;
    if (!id) {
      this.#host.log('warn', 'Tactium: a recording path with no call');
      return;
    }
    if (call) {
      call.data = { ...call.data, [RECORDING_KEY]: path };
      call.report = { ...call.report, data: call.data };
    }
    this.#emit({ type: 'call-data', callId: id, data: { [RECORDING_KEY]: path } });
  }

  #markCallUnconfirmed(): void {
    const call = this.#call;
    if (call && !call.ended) this.#emit({ type: 'call-updated', call: { id: call.id, detail: 'unconfirmed' } });
  }

  /* -------------------------------------------------------- supervisor role */

  #handleTeam(m: TactiumMessage, request: Request | undefined): void {
    switch (m.kind) {
      case 'status': {
        if (request?.subject === undefined && !this.#opts.agents.some((a) => sameLogin(a, m.login))) return;
        const key = m.login.toLowerCase();
        // An unchanged status is not repeated (each team update is a new snapshot for every tab).
        if (this.#teamCodes.get(key) === m.code) return;
        this.#teamCodes.set(key, m.code);
        const { phase, detail } = statusPhase(m.code);
        const onCall = this.#teamCalls.has(key);
        if (phase === AgentPhase.LoggedOut) this.#teamCalls.delete(key);
        this.#emit({
          type: 'team',
          members: [{ agentId: this.#memberId(m.login), phase, detail, ...(phase === AgentPhase.LoggedOut && onCall ? { call: null } : {}) }],
        });
        return;
      }
      case 'call': {
        const key = m.login.toLowerCase();
        const signature = callSignature(m.call);
        if (this.#teamCalls.get(key)?.signature === signature) return;
        const id = `tactium-${this.#nextCall++}`;
        this.#teamCalls.set(key, { id, signature });
        this.#teamCodes.set(key, '3');
        const service = callService(m.call);
        this.#emit({
          type: 'team',
          members: [
            {
              agentId: this.#memberId(m.login),
              phase: AgentPhase.Busy,
              detail: 'status-3',
              call: {
                id,
                direction: m.call.kind === 'A' ? 'outbound' : 'inbound',
                number: remoteNumber(m.call),
                since: this.#now(),
                ...(service ? { service } : {}),
              },
            },
          ],
        });
        return;
      }
      case 'end-call':
      case 'no-call': {
        const key = m.login.toLowerCase();
        const had = this.#teamCalls.delete(key);
        if (!had && m.kind === 'no-call') return;
        this.#teamCodes.delete(key);
        const listed = this.#opts.agents.some((a) => sameLogin(a, m.login));
        this.#emit({
          type: 'team',
          members: [{ agentId: this.#memberId(m.login), call: null, ...(listed ? {} : { phase: AgentPhase.Unknown, detail: 'call-ended' }) }],
        });
        if (listed && m.kind === 'end-call') void this.#statusOf(m.login).catch(() => undefined);
        return;
      }
      case 'ok':
      case 'recording':
        return;
      case 'error':
      case 'unknown':
      case 'garbage':
        this.#host.log('warn', `Tactium: ${m.raw}`);
        if (m.kind !== 'unknown') this.#report(this.#error(m.kind === 'garbage' ? 'malformed-frame' : 'command-failed', 'receive', m.raw));
        return;
      case 'malformed':
        return;
    }
  }

  /** The member id: the login as configured in `options.agents` when listed, else as the server wrote it. */
  #memberId(login: string): string {
    return this.#opts.agents.find((a) => sameLogin(a, login)) ?? login;
  }

  /* ------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    try {
      await this.#execute(command);
    } catch (e) {
      const error = e as CtiError;
      this.#host.log('warn', `Tactium: ${command.type} failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
      this.#report(error);
      throw error;
    }
  }

  async #execute(command: Command): Promise<void> {
    if (command.type === 'refresh') {
      if (this.#status !== 'connected') this.#retryNow();
      else await this.#resync(this.#generation);
      return;
    }
    if (this.#opts.role === 'supervisor') throw this.#error('unsupported', command.type, SUPERVISOR_ONLY);
    if (this.#status !== 'connected' || !this.#bound) throw this.#error('not-connected', command.type, `connection is ${this.#status}`);
    switch (command.type) {
      case 'login':
        return this.#loginCommand(command.agent);
      case 'logout':
        await this.#command('logout', TactiumCommand.logoff(this.#login));
        return this.#refreshStatus();
      case 'ready':
        await this.#command('ready', TactiumCommand.resume(this.#login));
        return this.#refreshStatus();
      case 'pause':
        return this.#pauseCommand(command.reasonId);
      case 'end-after-call':
        await this.#command('end-after-call', TactiumCommand.endAfterCall(this.#login));
        return this.#refreshStatus();
      case 'dial':
        return this.#dial(command.to, command.service);
      case 'hangup':
        return this.#hangup(command.callId);
      case 'dialer-outcome':
        return this.#dialerOutcome(command.outcome, command.callId);
      case 'schedule-callback':
        return this.#scheduleCallback(command.at, command.number, command.agent);
      default:
        throw this.#error('unsupported', command.type, `Tactium has no ${command.type}`);
    }
  }

  /**
   * The agent logs in through the Tactium IP Client; here "sign in" binds again and checks the status.
   * Logged out (0) is refused in words: there is nothing the socket can do about it.
   */
  async #loginCommand(agent: string): Promise<void> {
    const who = agent.trim();
    if (who && !sameLogin(who, this.#login)) {
      throw this.#error('bad-request', 'login', `this session is bound to ${this.#login}; a session for ${who} needs its own config.agent`);
    }
    await this.#command('login', TactiumCommand.bind(this.#login));
    const code = await this.#statusOf(this.#login);
    if (code === '0') {
      throw { ...this.#error('invalid-state', 'login', 'log in through the Tactium IP Client first'), vendorCode: 'ip-client-logged-out' };
    }
  }

  async #pauseCommand(reasonId: string): Promise<void> {
    const id = reasonId.trim();
    if (!id) throw this.#error('missing-data', 'pause', 'a pause reason');
    const reasons = this.#opts.pauseReasons;
    const reason = reasons.find((r) => r.id === id);
    if (reasons.length > 0 && !reason) throw this.#error('bad-request', 'pause', `no pause reason ${id} (options.pauseReasons)`);
    const bad = fieldProblem(id);
    if (bad) throw this.#error('bad-request', 'pause', `the reason code ${bad}`);
    await this.#command('pause', TactiumCommand.pause(this.#login, id));
    this.#pause = { reasonId: id, reasonName: reason?.name ?? id, trigger: 'manual' };
    await this.#refreshStatus();
  }

  async #dial(to: string, serviceGiven: string | undefined): Promise<void> {
    const target = splitDialNumber(to, this.#opts.defaultDdd);
    if (isDialProblem(target)) throw this.#error('bad-request', 'dial', target.problem);
    const service = serviceGiven?.trim() || this.#opts.defaultService;
    if (!service && this.#opts.requireService) {
      throw { ...this.#error('missing-data', 'dial', 'a service or campaign (the command, or options.defaultService)'), vendorCode: 'no-service' };
    }
    const bad = service ? fieldProblem(service) : undefined;
    if (bad) throw this.#error('bad-request', 'dial', `the service ${bad}`);
    if (this.#call && !this.#call.ended) throw this.#error('invalid-state', 'dial', 'already on a call (Tactium has one call per agent)');
    // Seed 4.9 gives no `Retorno` for a dial, and the `<A>` event comes when the call reaches the agent (maybe
    // much later, maybe never). So the dial is fenced by `<S>` (a promised reply): an error-shaped reply before
    // it is the dial's refusal; the status reply, an `<OK>` or the call itself means the server took it.
    const dialed = { phone: target.phone, service };
    this.#dialed = dialed;
    await this.#request({
      op: 'dial',
      kind: 'command',
      text: TactiumCommand.dial(this.#login, target.ddd, target.phone, service) + TactiumCommand.status(this.#login),
      service,
      accepts: (m) =>
        ((m.kind === 'call' && m.call.kind === 'A') || m.kind === 'ok' || m.kind === 'status') && sameLogin(m.login, this.#login),
    }).catch((e: unknown) => {
      // A refused (or unsent) dial has no call to come.
      if (this.#dialed === dialed) this.#dialed = undefined;
      throw e;
    });
  }

  async #hangup(callId: string): Promise<void> {
    const call = this.#call;
    if (!call || call.ended || call.id !== callId) throw this.#error('invalid-state', 'hangup', 'no such call');
    await this.#request({
      op: 'hangup',
      kind: 'command',
      text: TactiumCommand.hangup(this.#login),
      accepts: (m) => m.kind === 'end-call' && sameLogin(m.login, this.#login),
    });
  }

  async #dialerOutcome(outcome: string, callId: string | undefined): Promise<void> {
    if (!this.capabilities.dialerOutcomes.includes(outcome)) {
      throw this.#error('bad-request', 'dialer-outcome', `the outcome is one of ${this.capabilities.dialerOutcomes.join(', ')}`);
    }
    const current = this.#call && !this.#call.ended ? this.#call.id : this.#lastCallId;
    if (callId && callId !== current) throw this.#error('invalid-state', 'dialer-outcome', 'not the current or last call');
    await this.#command('dialer-outcome', TactiumCommand.outcome(this.#login, outcome));
  }

  async #scheduleCallback(at: string, number: string, agentGiven: string | undefined): Promise<void> {
    const when = callbackWhen(at);
    if (!when) throw this.#error('bad-request', 'schedule-callback', 'the time is YYYY-MM-DDTHH:mm, a real date');
    const phone = number.trim().replace(/[\s().\-/]/g, '').replace(/^\+55/, '');
    if (!/^\d*$/.test(phone)) throw this.#error('bad-request', 'schedule-callback', 'the callback number has digits only');
    const agent = agentGiven === undefined ? this.#login : agentGiven.trim();
    const bad = fieldProblem(agent);
    if (bad) throw this.#error('bad-request', 'schedule-callback', `the agent ${bad}`);
    await this.#command('schedule-callback', TactiumCommand.callback(this.#login, when, phone, agent));
    // Seed 4.7: after-call work ends by itself with the callback.
    await this.#refreshStatus();
  }

  /* -------------------------------------------------------------- helpers */

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

  /** Show an outage's error once (not again on every attempt of the same outage). */
  #reportOutage(error: CtiError): void {
    if (this.#outage === error.code) {
      this.#host.log('debug', `Tactium: still ${error.code}`);
      return;
    }
    this.#outage = error.code;
    this.#host.log('warn', `Tactium: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
    this.#report(error);
  }

  #clearTimers(): void {
    if (this.#retryTimer) this.#host.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#stopPolling();
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

export const createTactiumAdapter: AdapterFactory = (config, host, deps) => new TactiumAdapter(config, host, deps);
